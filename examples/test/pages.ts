/**
 * Helpers of the page tests: real Chromium (playwright-core, Debian's /usr/bin/chromium) opening
 * host pages that a small static server of their own serves on another origin than the chat
 * server (another port is another origin), with the README's snippets taken from README.md.
 * They load the built bundles from `dist/bundles` (`npm run test:pages` builds them first).
 */
import { readFileSync, existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '@chatdesk/server/testing';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The chat server's URL in the README's snippets: the one thing a host page changes. */
export const README_SERVER = 'https://chat.example.com';

export function bundlesBuilt(): boolean {
  return existsSync(`${root}dist/bundles/chat-consultant.js`) && existsSync(`${root}dist/bundles/chat-panel.js`);
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * The embedding snippets of the README's "Put the elements on the pages", exactly as written
 * there, with the token route the CRM snippet names: the tests break when the README changes.
 */
export function readmeSnippets(): { crm: string; shop: string; tokenPath: string } {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const start = readme.indexOf('### 3. Put the elements on the pages');
  if (start < 0) throw new Error('README.md has no "### 3. Put the elements on the pages" section');
  const section = readme.slice(start, readme.indexOf('\n### ', start + 1));
  const block = (label: string) => {
    const m = new RegExp(`${label}:\\s*\`\`\`html\\n([\\s\\S]*?)\`\`\``).exec(section);
    if (!m) throw new Error(`README.md: no html block after "${label}:"`);
    return m[1]!;
  };
  const crm = block('CRM page');
  const shop = block('Shop page');
  const tokenPath = /token-url="([^"]+)"/.exec(crm)?.[1];
  if (!tokenPath) throw new Error('README.md: the CRM snippet has no token-url');
  for (const s of [crm, shop]) if (!s.includes(README_SERVER)) throw new Error(`README.md: a snippet does not name ${README_SERVER}`);
  return { crm, shop, tokenPath };
}

/** A host page around a snippet, with only the chat server's URL replaced. */
export function hostPage(snippet: string, chatServer: string, title = 'Host page'): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>${title}</title></head>
<body>
${snippet.replaceAll(README_SERVER, chatServer)}
</body>
</html>`;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface HostServer {
  /** http://127.0.0.1:PORT — an origin of its own. */
  origin: string;
  /** Serves `html` at `path`, with `headers` besides its own (a Content-Security-Policy). */
  page(path: string, html: string, headers?: Record<string, string>): void;
  /** Serves a script of the host's own at `path` (for pages whose policy refuses inline ones). */
  script(path: string, js: string): void;
  /** Answers `path` with JSON from `body()` (a host backend route). */
  json(path: string, body: () => unknown): void;
  /** Serves the files of `dir` (a built app: `/` is its index.html) for paths no route takes. */
  files(dir: string): void;
  close(): Promise<void>;
}

/** A tiny static server standing for the host site (and its backend's token route). */
export async function startHostServer(): Promise<HostServer> {
  const routes = new Map<string, Handler>();
  let fileRoot: string | undefined;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const handler = routes.get(path);
    if (handler) handler(req, res);
    else if (fileRoot) serveFile(fileRoot, path, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    page(path, html, headers = {}) {
      routes.set(path, (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers }).end(html));
    },
    script(path, js) {
      routes.set(path, (_req, res) => res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(js));
    },
    files(dir) {
      fileRoot = dir;
    },
    json(path, body) {
      routes.set(path, (_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body())));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml' };

function serveFile(dir: string, path: string, res: ServerResponse): void {
  const file = resolve(dir, `.${decodeURIComponent(path === '/' ? '/index.html' : path)}`);
  if (!file.startsWith(resolve(dir)) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(readFileSync(file));
}

/** `url` in a fresh browser context of `viewport`, with the page's errors collected from the start. */
export async function openPage(browser: Browser, url: string, viewport = { width: 1280, height: 800 }): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(url);
  return { page, errors };
}

/** Console errors and uncaught exceptions of a page, for the assertions (and for failures' messages). */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** The axe-core tags of a full run: WCAG 2.0 and 2.1, A and AA, and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

export interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: unknown; failureSummary?: string }[];
}

/**
 * Runs axe-core (the same one the element tests use) in the page, through its open shadow roots;
 * returns its violations. `rules`: the rule ids to run, or `'full'` for every rule of `AXE_TAGS`.
 */
export async function axeViolations(page: Page, rules: string[] | 'full'): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: `${root}node_modules/axe-core/axe.min.js` });
  const runOnly = rules === 'full' ? { type: 'tag', values: AXE_TAGS } : rules;
  return page.evaluate(async (runOnly) => {
    const result = await (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe.run(document, {
      runOnly,
    });
    return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  }, runOnly);
}

/** Violations as lines for an assertion's message: the rule, what it asks, the element's target and why it fails. */
export function describeViolations(violations: AxeViolation[]): string[] {
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.help}) at ${JSON.stringify(n.target)}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`));
}

/**
 * A demo chat server (`--demo`, as `npm start` runs it) that serves the demo pages itself, on a
 * port whose origin it allows, besides `origins`; `history` adds the four weeks `npm start` seeds.
 */
export async function startDemoServer(options: { history?: boolean; origins?: string[] } = {}): Promise<TestServer> {
  const port = await freePort();
  return startTestServer({ demo: true, demoHistory: options.history ?? false, port, allowedOrigins: [`http://127.0.0.1:${port}`, ...(options.origins ?? [])] });
}

/** A port free right now, for a server whose own origin must be in its ALLOWED_ORIGINS. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Whether a rectangle lies entirely inside the viewport. */
export function inViewport(box: { x: number; y: number; width: number; height: number } | null, viewport: { width: number; height: number }): boolean {
  return !!box && box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height;
}
