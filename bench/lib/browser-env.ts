/**
 * Chromium for the browser figures (playwright-core driving /usr/bin/chromium) and a static file
 * server that sends what a production server would: every file gzip-compressed at level 9 (made
 * once per file, as a server with precompressed bundles — nginx `gzip_static`, @fastify/static
 * `preCompressed` — sends them) when the browser accepts gzip, with a Content-Length.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export type Browser = import('playwright-core').Browser;
export type Page = import('playwright-core').Page;

/** Headless Chromium, or why there is none. */
export async function launchChromium(): Promise<{ browser: Browser } | { missing: string }> {
  if (!existsSync(CHROMIUM)) return { missing: `no Chromium at ${CHROMIUM}` };
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    return { missing: 'playwright-core is not installed' };
  }
  const browser = await playwright.chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return { browser };
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
};

export interface StaticSite {
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves `root` on 127.0.0.1 (port 0) plus `extra` routes (path → JSON body, e.g. a token route
 * standing for the host's backend). No caching headers: every context starts with an empty cache.
 */
export async function serveStatic(root: string, extra: Record<string, unknown> = {}): Promise<StaticSite> {
  const gz = new Map<string, Buffer>();
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path in extra) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(extra[path]));
      return;
    }
    const file = normalize(join(root, path));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const accepts = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    let body: Buffer = readFileSync(file);
    const headers: Record<string, string> = { 'content-type': type, 'cache-control': 'no-store', vary: 'accept-encoding' };
    if (accepts) {
      let z = gz.get(file);
      if (!z) gz.set(file, (z = gzipSync(body, { level: 9 })));
      body = z;
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = String(body.length);
    res.writeHead(200, headers).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Download {
  path: string;
  /** Bytes of the body as they came over the wire (gzip-encoded when the server compressed it). */
  bodyBytes: number;
  headerBytes: number;
  encoding: string;
}

/**
 * Opens `url` in a fresh context (empty cache) and records every response: waits until
 * `ready` (a page expression) is true, then until the network has been quiet for `quietMs` and
 * the page has had an idle callback. Returns what was downloaded until then.
 */
export async function downloadsUntilIdle(browser: Browser, url: string, ready: string, quietMs = 1_000): Promise<Download[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const pending: Promise<Download | null>[] = [];
    let lastActivity = performance.now();
    let inFlight = 0;
    page.on('request', () => {
      inFlight++;
      lastActivity = performance.now();
    });
    page.on('requestfailed', () => {
      inFlight--;
      lastActivity = performance.now();
    });
    page.on('requestfinished', (request) => {
      inFlight--;
      lastActivity = performance.now();
      pending.push(
        (async () => {
          const [sizes, response] = await Promise.all([request.sizes(), request.response()]);
          if (!response) return null;
          return {
            path: new URL(request.url()).pathname,
            bodyBytes: sizes.responseBodySize,
            headerBytes: sizes.responseHeadersSize,
            encoding: (await response.allHeaders())['content-encoding'] ?? 'identity',
          };
        })(),
      );
    });
    await page.goto(url);
    try {
      await page.waitForFunction(ready, undefined, { timeout: 20_000 });
    } catch (err) {
      throw new Error(`${url} never became ready (${ready}); page errors: ${errors.join(' | ') || 'none'}`, { cause: err });
    }
    const end = performance.now() + 15_000;
    while (performance.now() < end && (inFlight > 0 || performance.now() - lastActivity < quietMs)) {
      await page.evaluate('new Promise((r) => requestIdleCallback(() => r(), { timeout: 1000 }))');
      await new Promise((r) => setTimeout(r, 100));
    }
    return (await Promise.all(pending)).filter((d): d is Download => d !== null);
  } finally {
    await context.close();
  }
}
