import type { FastifyInstance } from 'fastify';

/** The path of the route, shared with the `/api/` CORS hook that must leave it open to everyone. */
export const ORIGIN_CHECK_PATH = '/api/origin-check';

/**
 * `GET /api/origin-check` → `{origin, allowed}` for the request's `Origin` header. A browser cannot
 * read the 403 of a refused WebSocket upgrade (it sees only a closed socket, as in an outage), so
 * the elements ask here after a connection fails before `welcome`, and tell a page whose origin
 * is missing from `ALLOWED_ORIGINS` so instead of reconnecting forever. Public and readable from
 * any origin: it reveals only whether the asking origin is on the list.
 */
export function registerOriginCheck(app: FastifyInstance, originAllowed: (origin: string) => boolean): void {
  app.get(ORIGIN_CHECK_PATH, async (req, reply) => {
    const origin = req.headers.origin ?? null;
    reply.header('Access-Control-Allow-Origin', '*').header('Cache-Control', 'no-store');
    return { origin, allowed: origin !== null && originAllowed(origin) };
  });
}
