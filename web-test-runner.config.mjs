// Browser tests of the elements in Debian's Chromium, against a REAL chat server that this config
// starts (temporary SQLite file, demo seed) and stops. Run through `npm run test:browser`, which
// loads this file with tsx and the `source` condition so the server's TypeScript imports work.
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { startTestServer } from './packages/server/src/testing.ts';
import { seedLongConversation } from './packages/elements/test/runner/seed-long-conversation.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
/** The test files named on the command line (none: the whole suite). */
const namedFiles = process.argv.filter((a) => a.endsWith('.test.ts'));

/**
 * Starts the chat server with the test runner and exposes it to the tests:
 * - `GET /__chat-server` → `{ url, long }` (the server's base URL, the WebSocket being `url + /ws`;
 *   `long`: the 10,000-message conversation, seeded before any browser connects, see
 *   packages/elements/test/long-conversation.ts; absent when the files named skip the thread's);
 * - `GET /__chat/demo/*` → the server's own demo routes (`/demo/users`, `/demo/token?user=ID`),
 *   proxied so the page fetches them same-origin (they send no CORS headers: they stand for the
 *   host CRM's backend, which a CRM page calls on its own origin).
 */
function chatServerPlugin() {
  let server;
  let long;
  return {
    name: 'chat-server',
    async serverStart({ config }) {
      const origins = [`http://${config.hostname}:${config.port}`, `http://localhost:${config.port}`, `http://127.0.0.1:${config.port}`];
      // A short "visitor left" grace (S-DLG-13; 10 s by default) so the end-to-end test of it is quick.
      server = await startTestServer({ demo: true, allowedOrigins: [...new Set(origins)], visitorGraceMs: 1500 });
      // A run of named files that leaves the thread's out does not wait for its seed.
      if (namedFiles.length === 0 || namedFiles.some((f) => f.includes('thread.test'))) long = await seedLongConversation(server.url, origins[0]);
    },
    async serverStop() {
      await server?.close();
    },
    async serve(context) {
      if (context.path === '/__chat-server') {
        return { body: JSON.stringify({ url: server.url, long }), type: 'application/json', headers: { 'cache-control': 'no-store' } };
      }
      if (context.path.startsWith('/__chat/demo/')) {
        const response = await fetch(`${server.url}${context.url.slice('/__chat'.length)}`);
        return {
          body: await response.text(),
          type: 'application/json',
          headers: { 'cache-control': 'no-store' },
          ...(response.ok ? {} : { status: response.status }),
        };
      }
      return undefined;
    },
  };
}

/** Stops the one harmless ResizeObserver message Chromium raises as an error (fails mocha otherwise). */
const testRunnerHtml = (testFramework) => `<!doctype html>
<html>
  <body>
    <script>
      window.addEventListener('error', (e) => {
        if (String(e.message).startsWith('ResizeObserver loop')) e.stopImmediatePropagation();
      }, true);
    </script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`;

/** Debian's Chromium, headless, one window a test file. */
const chromium = () =>
  chromeLauncher({
    launchOptions: {
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--headless=new',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // The browser's language, whatever the machine's: elements without a lang speak it, and
        // times are written in its regional variant (en-US: 12-hour clocks).
        '--lang=en-US',
      ],
    },
    // A real window, not a background tab: background tabs get no requestAnimationFrame and
    // fixture() waits for it forever when two test files run at once.
    createPage: ({ context }) => context.newPage({ type: 'window' }),
  });

/**
 * Files that drive the real keyboard through focus moves (Escape closing a layer, arrows walking a
 * list): beside another file's window the two windows' focus moved between them now and then, and
 * a key went astray. They run one at a time, after the rest, with no other window open (the
 * runner's `__experimentalWindowFocus__` schedule). A run of named files runs them as named.
 */
const FOCUS_FILES = ['packages/elements/test/keyboard-end-to-end.test.ts', 'packages/elements/src/panel/panel.test.ts'];
const focusBrowser = chromium();
focusBrowser.__experimentalWindowFocus__ = true;
// Its own name in the report: scripts/test.mjs adds up each browser's last line.
focusBrowser.name = 'Chrome, one file at a time';

export default {
  rootDir: root,
  files: ['packages/elements/**/*.test.ts', ...FOCUS_FILES.map((f) => `!${f}`)],
  nodeResolve: { exportConditions: ['source', 'browser', 'development'] },
  concurrency: 2,
  concurrentBrowsers: 1,
  testsFinishTimeout: 120_000,
  testFramework: { config: { timeout: 10_000 } },
  testRunnerHtml,
  // Lit announces its dev build in every file; the tests use it on purpose (more checks).
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
  browsers: [chromium()],
  groups: namedFiles.length > 0 ? [] : [{ name: 'focus', files: FOCUS_FILES, browsers: [focusBrowser] }],
  plugins: [
    chatServerPlugin(),
    // esbuild reads this tsconfig without following `extends`: the root one holds every option.
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: `${root}tsconfig.json` }),
  ],
};
