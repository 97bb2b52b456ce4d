import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

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
      // Bundles change with every build; the demo should never run stale code.
      cacheControl: false,
      etag: true,
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
