import { signVisitorToken, verifyVisitorToken } from '../auth/tokens.js';
import { createVisitorCustomer } from '../channels/web.js';
import type { SystemContext } from './context.js';

/** `POST /api/visitor/token`'s body, validated (http/visitor.ts). */
export interface VisitorTokenRequest {
  channelId?: number | undefined;
  /** The token the widget kept: when still valid (and for the same channel), the same customer gets a fresh one. */
  token?: string | undefined;
  name?: string | undefined;
}

/**
 * S-CH-1: the consultant widget's anonymous identity. A kept, valid token is refreshed; otherwise
 * a new customer is created, once `mayCreate` allows it (it throws RATE_LIMITED when not). A new
 * customer has no conversation yet, so nobody is told of it: their first message opens one.
 */
export async function issueVisitorToken(
  ctx: SystemContext,
  req: VisitorTokenRequest,
  opts: { secret: string; ttlSeconds: number; mayCreate: () => void },
): Promise<{ token: string; customerId: number }> {
  const now = ctx.clock.now();
  const known = req.token === undefined ? null : await verifyVisitorToken(ctx.store, opts.secret, req.token, now);
  const refresh = known && (req.channelId === undefined || req.channelId === known.channelId);
  if (!refresh) opts.mayCreate();
  const visitor = refresh
    ? { customerId: known.customerId, channelId: known.channelId }
    : await createVisitorCustomer(ctx.store, { channelId: req.channelId, name: req.name }, now);
  const token = signVisitorToken(opts.secret, { ...visitor, ttlSeconds: opts.ttlSeconds, now });
  return { token, customerId: visitor.customerId };
}
