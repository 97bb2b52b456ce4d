import type { Storage } from '../ports/storage.js';
import type { Actor } from '../services/context.js';
import { hasChatsAccess } from '../services/policy.js';
import { signPayload, verifyToken, visitorKey, type VisitorTokenPayload } from './host-token.js';

/** Visitor tokens are ours: long-lived (the widget keeps one in localStorage), refreshed on use. */
export function signVisitorToken(
  secret: string,
  v: { customerId: number; channelId: number; ttlSeconds: number; now: number },
): string {
  return signPayload(visitorKey(secret), {
    v: 1,
    kind: 'visitor',
    sub: String(v.customerId),
    channelId: v.channelId,
    exp: Math.floor(v.now / 1000) + v.ttlSeconds,
  });
}

/** The visitor a token names, if it verifies and the customer still exists. */
export async function verifyVisitorToken(
  store: Pick<Storage, 'customers'>,
  secret: string,
  token: string,
  now: number,
): Promise<{ customerId: number; channelId: number; name: string } | null> {
  const p = verifyToken(secret, token, now);
  if (!p || p.kind !== 'visitor') return null;
  return visitorFromPayload(store, p);
}

async function visitorFromPayload(
  store: Pick<Storage, 'customers'>,
  p: VisitorTokenPayload,
): Promise<{ customerId: number; channelId: number; name: string } | null> {
  const customer = await store.customers.get(Number(p.sub));
  if (!customer) return null;
  return { customerId: customer.id, channelId: p.channelId, name: customer.name };
}

/**
 * What a hello's token comes to (S-AUTH-1, S-AUTH-4): an actor and when its token expires, or
 * the close code that refuses it (with a reason when the default one would not say why).
 */
export type AuthOutcome =
  | { ok: true; actor: Actor; expiresAt: number }
  | { ok: false; close: 'UNAUTHENTICATED' | 'FORBIDDEN'; reason?: string };

/** A host's clock may run a little ahead of ours: an `exp` this much past the maximum still passes. */
export const TOKEN_CLOCK_SKEW_MS = 60_000;

export interface AuthOptions {
  /** Milliseconds since the epoch. */
  now: number;
  /** User tokens whose `exp` lies further ahead are refused (config `maxTokenTtlSeconds`). */
  maxUserTokenTtlMs: number;
}

/**
 * Turns a hello token into an actor, or says which close code refuses it. The rule, as the
 * README's table states it: malformed, forged or expired → 4001; a user token whose `exp` is
 * further away than the configured maximum → 4001 (saying so); rights that admit nobody (neither
 * `chats` nor `admin`, RIGHTS) → 4003; rights the table does not know are ignored.
 */
export async function authenticate(store: Pick<Storage, 'customers'>, secret: string, token: string, opts: AuthOptions): Promise<AuthOutcome> {
  const { now } = opts;
  const p = verifyToken(secret, token, now);
  if (!p) return { ok: false, close: 'UNAUTHENTICATED' };
  const expiresAt = p.exp * 1000;
  if (p.kind === 'visitor') {
    // Visitor tokens are ours and long-lived (the widget refreshes its token on every page load).
    const v = await visitorFromPayload(store, p);
    return v ? { ok: true, actor: { kind: 'visitor', ...v }, expiresAt } : { ok: false, close: 'UNAUTHENTICATED' };
  }
  if (expiresAt - now > opts.maxUserTokenTtlMs + TOKEN_CLOCK_SKEW_MS) {
    const max = Math.round(opts.maxUserTokenTtlMs / 1000);
    return { ok: false, close: 'UNAUTHENTICATED', reason: `The token's exp is more than ${max} s away; issue short-lived tokens.` };
  }
  if (!hasChatsAccess(p.rights)) return { ok: false, close: 'FORBIDDEN' };
  return { ok: true, actor: { kind: 'user', id: p.sub, name: p.name, rights: p.rights }, expiresAt };
}
