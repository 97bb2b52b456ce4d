import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Headers of `/bundles/*`. Host pages load the bundles from the chat server's origin as module
 * scripts, which browsers fetch in CORS mode: without `Access-Control-Allow-Origin` no element is
 * ever defined. Every origin may read them, not only `ALLOWED_ORIGINS`: they are public code, and
 * a page whose origin is not allowed must still run the elements to be told so (the socket and
 * the token route are where origins are enforced). `Cross-Origin-Resource-Policy` lets pages that
 * isolate themselves (`Cross-Origin-Embedder-Policy: require-corp`) load them too.
 *
 * Caching: lazy and shared chunks carry a content hash in their name, so they are immutable; the
 * two entry files keep their names across builds and are revalidated on every load (ETag), so a
 * new build reaches pages at once.
 */
export function setBundleHeaders(bundleDir: string) {
  return (res: { setHeader(name: string, value: string): unknown }, path: string): void => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    // The emoji picker revalidates its data by the ETag (S-DLG-10): other origins may read it.
    res.setHeader('Access-Control-Expose-Headers', 'ETag');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    // The same URL is sent compressed or not by Accept-Encoding (preCompressed): caches must keep both.
    res.setHeader('Vary', 'Accept-Encoding');
    const hashed = relative(bundleDir, path).startsWith(`chunks${sep}`);
    res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
  };
}

/** Serves the browser bundles and the example pages, when those folders exist. */
export function registerStatic(app: FastifyInstance, rootDir: string): void {
  const mounts = [
    { dir: join(rootDir, 'dist', 'bundles'), prefix: '/bundles/' },
    { dir: join(rootDir, 'examples', 'crm'), prefix: '/crm/' },
    { dir: join(rootDir, 'examples', 'shop'), prefix: '/shop/' },
  ].filter((m) => existsSync(m.dir));
  mounts.forEach((m, i) => {
    app.register(fastifyStatic, {
      root: m.dir,
      prefix: m.prefix,
      // Only the first registration may add reply.sendFile.
      decorateReply: i === 0,
      redirect: true,
      // Our own Cache-Control: bundles by setBundleHeaders; the demo pages never run stale code.
      cacheControl: false,
      etag: true,
      // The build writes .br and .gz beside each bundle (scripts/rollup-precompress.mjs): a browser
      // that accepts one downloads the compressed bytes.
      ...(m.prefix === '/bundles/' ? { setHeaders: setBundleHeaders(m.dir), preCompressed: true } : {}),
    });
  });

  app.get('/', async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Chatdesk demo</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}a{display:block;margin:.5rem 0}</style>
</head><body>
<h1>Chatdesk</h1>
<p>Open both pages side by side: write from the shop, answer from the CRM.</p>
<a href="/crm/">CRM page — the manager's &lt;chat-panel&gt;</a>
<a href="/shop/">Shop page — the visitor's &lt;chat-consultant&gt;</a>
</body></html>`),
  );
}
