import type { Right } from '@chatdesk/protocol';
import type { Repo } from '../storage/repo.js';
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
export function verifyVisitorToken(
  repo: Repo,
  secret: string,
  token: string,
  now: number,
): { customerId: number; channelId: number; name: string } | null {
  const p = verifyToken(secret, token, now);
  if (!p || p.kind !== 'visitor') return null;
  return visitorFromPayload(repo, p);
}

function visitorFromPayload(repo: Repo, p: VisitorTokenPayload): { customerId: number; channelId: number; name: string } | null {
  const customer = repo.getCustomer(Number(p.sub));
  if (!customer) return null;
  return { customerId: customer.id, channelId: p.channelId, name: customer.name };
}

export type AuthOutcome = { ok: true; actor: Actor } | { ok: false; close: 'UNAUTHENTICATED' | 'FORBIDDEN' };

/** Turns a hello token into an actor, or says which close code refuses it (S-AUTH-1, S-AUTH-4). */
export function authenticate(repo: Repo, secret: string, token: string, now: number): AuthOutcome {
  const p = verifyToken(secret, token, now);
  if (!p) return { ok: false, close: 'UNAUTHENTICATED' };
  if (p.kind === 'visitor') {
    const v = visitorFromPayload(repo, p);
    return v ? { ok: true, actor: { kind: 'visitor', ...v } } : { ok: false, close: 'UNAUTHENTICATED' };
  }
  const rights = p.rights as Right[];
  if (!hasChatsAccess(rights)) return { ok: false, close: 'FORBIDDEN' };
  return { ok: true, actor: { kind: 'user', id: p.sub, name: p.name, rights } };
}
