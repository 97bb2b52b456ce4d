// Issue 20, "packages that install": the four packages built (`npm run build:packages`), packed
// with `npm pack` (`npm run pack`), and installed from the tarballs into a fresh project outside this repository,
// where plain Node imports them (no `source` condition), rollup bundles the elements for a browser
// page, and TypeScript typechecks a host's code against the shipped .d.ts — and refuses a
// property of the wrong type.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// @ts-expect-error: a plain .mjs script without types
import { pack, PACKAGES } from '../scripts/pack.mjs';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
let dir = '';
const tarballs = new Map<string, string>();

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chatdesk-consumer-'));
  const packed = (pack as (dest: string) => Map<string, { filename: string; files: string[] }>)(dir);
  for (const [name, { filename, files }] of packed) {
    tarballs.set(name, filename);
    assert.deepEqual(files.filter((f) => /\.test\.|(^|\/)test\//.test(f)), [], `${name}: no tests in the tarball`);
    assert.ok(files.every((f) => f === 'package.json' || f === 'custom-elements.json' || f.startsWith('dist/')), `${name}: only dist/ and package.json`);
    if (name === 'elements') assert.ok(files.includes('custom-elements.json'), 'the elements ship their Custom Elements Manifest');
  }
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'crm-host',
      private: true,
      type: 'module',
      dependencies: Object.fromEntries((PACKAGES as string[]).map((n) => [`@chatdesk/${n}`, `file:./${tarballs.get(n)}`])),
      // A Node backend's own types (host-token takes a Buffer as well as a string).
      devDependencies: { '@types/node': '^20.17.0' },
    }),
  );
  // From the tarballs; their dependencies from the registry (the npm cache where it has them).
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir, maxBuffer: 1 << 24 });
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every `exports` entry of each package, as written in its package.json. */
function exportsOf(name: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  return Object.keys(pkg.exports)
    .filter((k) => k !== './package.json')
    .map((k) => `@chatdesk/${name}${k.slice(1)}`);
}

test('installed from the tarballs, plain Node imports the protocol, the client and the server with its host-token helper', async () => {
  const script = `
    import * as v from 'valibot';
    import { ClientFrame } from '@chatdesk/protocol';
    import { ChatClient } from '@chatdesk/client';
    import { signUserToken, verifyToken } from '@chatdesk/server/host-token';
    import { buildApp } from '@chatdesk/server';
    const token = signUserToken('s3cret-of-the-host', { id: 'anna', name: 'Анна', rights: ['chats'], ttlSeconds: 60 });
    const payload = verifyToken('s3cret-of-the-host', token);
    const frame = v.safeParse(ClientFrame, { type: 'ping' });
    console.log(JSON.stringify({ sub: payload?.sub, forged: verifyToken('other', token), frame: frame.success, client: typeof ChatClient, app: typeof buildApp }));
  `;
  writeFileSync(join(dir, 'node-check.mjs'), script);
  const { stdout } = await run(process.execPath, ['node-check.mjs'], { cwd: dir });
  assert.deepEqual(JSON.parse(stdout), { sub: 'anna', forged: null, frame: true, client: 'function', app: 'function' });
  // The manifest, where package.json's customElements says, naming files that are there.
  const pkg = JSON.parse(readFileSync(join(dir, 'node_modules/@chatdesk/elements/package.json'), 'utf8')) as { customElements: string };
  const cem = JSON.parse(readFileSync(join(dir, 'node_modules/@chatdesk/elements', pkg.customElements), 'utf8')) as { modules: { path: string }[] };
  for (const m of cem.modules) assert.ok(existsSync(join(dir, 'node_modules/@chatdesk/elements', m.path)), `${m.path} is in the package`);
  // Every entry the exports maps name resolves outside the repository, without conditions.
  const server = exportsOf('server').filter((e) => !e.endsWith('/testing'));
  const { stdout: resolved } = await run(process.execPath, ['--input-type=module', '-e', `for (const e of ${JSON.stringify([...exportsOf('protocol'), ...exportsOf('client'), ...server])}) console.log(import.meta.resolve(e));`], { cwd: dir });
  for (const line of resolved.trim().split('\n')) assert.match(line, new RegExp(`^file://${dir}/node_modules/@chatdesk/[a-z]+/dist/`));
});

test('a bundler takes the elements from node_modules: rollup bundles a page that imports the panel, the consultant, settings, cards and analytics', async () => {
  writeFileSync(
    join(dir, 'page.js'),
    ['panel', 'consultant', 'settings', 'cards', 'analytics'].map((e) => `import '@chatdesk/elements/${e}';`).join('\n') + '\n',
  );
  const { rollup } = (await import('rollup')) as typeof import('rollup');
  const { nodeResolve } = (await import('@rollup/plugin-node-resolve')) as typeof import('@rollup/plugin-node-resolve');
  const bundle = await rollup({ input: join(dir, 'page.js'), plugins: [nodeResolve({ browser: true, rootDir: dir })], onwarn: () => {} });
  const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true });
  await bundle.close();
  const code = output.map((o) => ('code' in o ? o.code : '')).join('\n');
  for (const tag of ['chat-panel', 'chat-consultant', 'chat-settings', 'chat-analytics', 'chat-customer-conversations']) {
    assert.ok(code.includes(`customElements.define('${tag}'`) || code.includes(`customElements.define("${tag}"`), `${tag} is defined in the bundle`);
  }
  const modules = output.flatMap((o) => ('modules' in o ? Object.keys(o.modules) : []));
  assert.ok(modules.every((m) => !m.includes('/src/') || m.includes('/node_modules/') && !m.includes('@chatdesk/')), 'nothing of ours from src/');
  assert.ok(modules.some((m) => m.startsWith(join(dir, 'node_modules/@chatdesk/elements/dist/'))), 'the elements come from the installed dist/');
});

test('TypeScript typechecks a host against the shipped .d.ts (nodenext and bundler resolution) and refuses a wrong property type', async () => {
  writeFileSync(
    join(dir, 'host.ts'),
    `import '@chatdesk/elements/panel';
import '@chatdesk/elements/analytics';
import type { ChatPanel } from '@chatdesk/elements';
import { ChatClient } from '@chatdesk/client';
import { signUserToken } from '@chatdesk/server/host-token';

const panel: ChatPanel = document.createElement('chat-panel');
panel.server = 'https://chat.example.com';
panel.tokenUrl = '/chat-token';
const analytics = document.createElement('chat-analytics');
analytics.groupBy = 'manager';
analytics.addEventListener('chat-analytics-report', (e) => console.log(e.detail.report.totals.conversations.new));
export const client: ChatClient | undefined = panel.client;
export const token: string = signUserToken('secret', { id: 'anna', name: 'Анна', rights: ['chats'], ttlSeconds: 60 });
`,
  );
  writeFileSync(join(dir, 'wrong.ts'), `import '@chatdesk/elements/analytics';\nconst a = document.createElement('chat-analytics');\na.groupBy = 'weekday';\n`);
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const options = ['--noEmit', '--strict', '--target', 'es2022', '--lib', 'es2023,dom,dom.iterable', '--skipLibCheck', 'false', '--types', 'node'];
  for (const resolution of [['--module', 'nodenext', '--moduleResolution', 'nodenext'], ['--module', 'preserve', '--moduleResolution', 'bundler']]) {
    await run(process.execPath, [tsc, ...options, ...resolution, 'host.ts'], { cwd: dir }).catch((err: { stdout: string }) => {
      assert.fail(`host.ts (${resolution.join(' ')}) does not typecheck:\n${err.stdout}`);
    });
    const wrong = await run(process.execPath, [tsc, ...options, ...resolution, 'wrong.ts'], { cwd: dir }).then(
      () => '',
      (err: { stdout: string }) => err.stdout,
    );
    assert.match(wrong, /wrong\.ts\(3,1\): error TS2322: Type '"weekday"' is not assignable to type '"channel" \| "manager" \| "store"'/, `${resolution.join(' ')}: ${wrong}`);
  }
});
