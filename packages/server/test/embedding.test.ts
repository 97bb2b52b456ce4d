import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, TEST_ORIGIN } from '../src/testing.js';

/** A repository root of our own with a built-looking `dist/bundles`: an entry and a hashed chunk. */
function bundleRoot(t: { after(fn: () => void): void }): string {
  const root = mkdtempSync(join(tmpdir(), 'chatdesk-bundles-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'dist', 'bundles', 'chunks'), { recursive: true });
  writeFileSync(join(root, 'dist', 'bundles', 'chat-consultant.js'), 'import "./chunks/shared-AbC123.js";\n');
  writeFileSync(join(root, 'dist', 'bundles', 'chunks', 'shared-AbC123.js'), 'export const x = 1;\n');
  return root;
}

test('bundles and their lazy chunks are readable from other origins (CORS, CORP), entries revalidated, hashed chunks immutable', async (t) => {
  const server = await startTestServer({ rootDir: bundleRoot(t) });
  t.after(() => server.close());
  // A module script from another origin is fetched in CORS mode with that page's Origin; a page
  // on a refused origin must still load the element, to be told it is refused.
  for (const origin of [TEST_ORIGIN, 'https://not-allowed.example']) {
    const entry = await fetch(`${server.url}/bundles/chat-consultant.js`, { headers: { origin } });
    assert.equal(entry.status, 200);
    assert.match(entry.headers.get('content-type') ?? '', /javascript/);
    assert.equal(entry.headers.get('access-control-allow-origin'), '*');
    assert.equal(entry.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.equal(entry.headers.get('cache-control'), 'no-cache');
    assert.ok(entry.headers.get('etag'), 'an ETag to revalidate the entry with');

    const chunk = await fetch(`${server.url}/bundles/chunks/shared-AbC123.js`, { headers: { origin } });
    assert.equal(chunk.status, 200);
    assert.equal(chunk.headers.get('access-control-allow-origin'), '*');
    assert.equal(chunk.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.equal(chunk.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  }
  // A revalidation of an unchanged entry is a 304 that keeps the headers a cross-origin page needs.
  const first = await fetch(`${server.url}/bundles/chat-consultant.js`, { headers: { origin: TEST_ORIGIN } });
  // (node:http: fetch adds `Cache-Control: no-cache` to a conditional request, which forbids the 304.)
  const again = await new Promise<{ status?: number; cors?: string | string[] }>((resolve, reject) =>
    get(`${server.url}/bundles/chat-consultant.js`, { headers: { origin: TEST_ORIGIN, 'if-none-match': first.headers.get('etag')! } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode, cors: res.headers['access-control-allow-origin'] });
    }).on('error', reject),
  );
  assert.deepEqual(again, { status: 304, cors: '*' });
});

test('bundles go compressed to browsers that accept it: the build\'s .br or .gz beside each file, with the plain type, CORS and caching kept', async (t) => {
  const root = bundleRoot(t);
  const { brotliCompressSync, gzipSync, brotliDecompressSync } = await import('node:zlib');
  const plain = Buffer.from('export const long = "' + 'ёлка '.repeat(2000) + '";\n');
  const chunk = join(root, 'dist', 'bundles', 'chunks', 'shared-AbC123.js');
  writeFileSync(chunk, plain);
  writeFileSync(`${chunk}.br`, brotliCompressSync(plain));
  writeFileSync(`${chunk}.gz`, gzipSync(plain));
  const server = await startTestServer({ rootDir: root });
  t.after(() => server.close());
  const raw = (encoding: string) =>
    new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) =>
      get(`${server.url}/bundles/chunks/shared-AbC123.js`, { headers: { origin: TEST_ORIGIN, 'accept-encoding': encoding } }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(parts) }));
      }).on('error', reject),
    );
  const br = await raw('gzip, deflate, br');
  assert.equal(br.headers['content-encoding'], 'br');
  assert.match(String(br.headers['content-type']), /javascript/);
  assert.equal(br.headers['access-control-allow-origin'], '*');
  assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(br.headers['vary'], 'Accept-Encoding');
  assert.ok(br.body.length < plain.length / 5, 'the compressed bytes');
  assert.deepEqual(brotliDecompressSync(br.body), plain);
  assert.equal((await raw('gzip')).headers['content-encoding'], 'gzip');
  const none = await raw('identity');
  assert.equal(none.headers['content-encoding'], undefined);
  assert.deepEqual(none.body, plain);
});

test('GET /api/origin-check tells any origin whether ALLOWED_ORIGINS lets it connect', async (t) => {
  const server = await startTestServer({ allowedOrigins: [TEST_ORIGIN, 'https://shop.example'] });
  t.after(() => server.close());
  const ask = async (origin?: string) => {
    const res = await fetch(`${server.url}/api/origin-check`, origin ? { headers: { origin } } : {});
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*', 'readable by a refused page too');
    assert.equal(res.headers.get('cache-control'), 'no-store', 'the list may change: never cached');
    return res.json();
  };
  assert.deepEqual(await ask('https://shop.example'), { origin: 'https://shop.example', allowed: true });
  assert.deepEqual(await ask('http://localhost:5173'), { origin: 'http://localhost:5173', allowed: false });
  assert.deepEqual(await ask(), { origin: null, allowed: false });
  // The visitor-token route still refuses that origin: the check reveals, it does not open.
  const token = await fetch(`${server.url}/api/visitor/token`, {
    method: 'POST',
    headers: { origin: 'http://localhost:5173', 'content-type': 'application/json' },
    body: '{}',
  });
  assert.equal(token.status, 403);
});
