import * as v from 'valibot';
import { ChatError, Id, text } from '@chatdesk/protocol';
import type { FastifyInstance } from 'fastify';
import { issueVisitorToken } from '../services/index.js';
import { TokenBucket } from '../gateway/rate-limit.js';
import { ORIGIN_CHECK_PATH } from './origin-check.js';

/** The body of `POST /api/visitor/token` (the README's reference shows this schema). */
export const VisitorTokenBody = v.object({
  channelId: v.optional(Id),
  /** The token the widget kept: when still valid, the same customer gets a fresh one. */
  token: v.optional(v.pipe(v.string(), v.maxLength(4096))),
  name: v.optional(v.pipe(text(100), v.trim(), v.minLength(1))),
});

/** S-CH-1: the consultant widget's anonymous identity. CORS only for allowed origins. */
export function registerVisitorRoutes(app: FastifyInstance, originAllowed: (origin: string) => boolean): void {
  app.addHook('onRequest', async (req, reply) => {
    // The origin check answers every origin itself: it is how a refused page learns it is refused.
    if (!req.url.startsWith('/api/') || req.url.split('?')[0] === ORIGIN_CHECK_PATH) return;
    const origin = req.headers.origin;
    if (origin === undefined) return; // a server-side caller, not a browser
    if (!originAllowed(origin)) {
      return reply.code(403).send({ error: new ChatError('FORBIDDEN', 'This origin is not allowed.').toBody() });
    }
    reply.header('Access-Control-Allow-Origin', origin).header('Vary', 'Origin');
    if (req.method === 'OPTIONS') {
      return reply
        .header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS')
        // authorization: the file routes' token (http/files.ts).
        .header('Access-Control-Allow-Headers', 'content-type, authorization, range')
        .header('Access-Control-Max-Age', '600')
        .code(204)
        .send();
    }
  });

  for (const path of ['/api/visitor/token', '/api/files', '/api/files/:id', '/api/files/:id/thumb']) {
    app.options(path, async (_req, reply) => reply.code(204).send());
  }

  // Per client IP; a bucket that has refilled completely carries no state worth keeping.
  const { perMinute, burst } = app.chat.config.visitorCreateLimit;
  const buckets = new Map<string, TokenBucket>();
  /** 0 when this address may create a visitor now, else the milliseconds until it may. */
  const waitToCreate = (ip: string): number => {
    const now = performance.now();
    if (buckets.size > 10_000) {
      for (const [key, b] of buckets) if (b.full(now)) buckets.delete(key);
    }
    let bucket = buckets.get(ip);
    if (!bucket) buckets.set(ip, (bucket = new TokenBucket(perMinute / 60, burst, now)));
    return bucket.take(now) ? 0 : Math.max(1, bucket.msUntilToken(now));
  };

  app.post('/api/visitor/token', async (req, reply) => {
    const parsed = v.safeParse(VisitorTokenBody, req.body ?? {});
    if (!parsed.success) throw new ChatError('INVALID_PARAMS', undefined, v.flatten(parsed.issues));
    const { uow, config } = app.chat;
    return uow.system((ctx) =>
      issueVisitorToken(ctx, parsed.output, {
        secret: config.secret,
        ttlSeconds: config.visitorTokenTtlSeconds,
        mayCreate: () => {
          const wait = waitToCreate(req.ip);
          if (wait === 0) return;
          // Retry-After is in whole seconds (RFC 9110); the body says the same in milliseconds.
          reply.header('Retry-After', String(Math.ceil(wait / 1000)));
          throw new ChatError('RATE_LIMITED', 'Too many new visitors from this address; try again later.', { retryAfterMs: wait });
        },
      }),
    );
  });
}
