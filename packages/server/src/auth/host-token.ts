/**
 * The token format, and the helper a host CRM backend uses to sign its users' tokens (S-AUTH-4).
 *
 * Deliberately dependency-free (node:crypto only) so a host backend can import
 * `@chatdesk/server/host-token` — or copy this file — without pulling in the chat server.
 *
 * Format: `base64url(JSON payload) + "." + base64url(HMAC-SHA256(key, first part))`.
 * User tokens are signed with the shared secret itself; visitor tokens (issued by the chat server)
 * with a key derived from it, so neither kind can ever pass as the other.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The rights a user token may carry, and what each one gives (S-AUTH-1, S-AUTH-2): the one table
 * the server decides by (the README's "Rights in the token" table says the same; a test keeps
 * them in step). `admits`: holding it lets the user into chats. `seesAll`: every conversation, and
 * admin powers inside chats — only for a user admitted by some right (`chat_admin` alone admits
 * nothing). Rights not in the table (a CRM's own group names) are ignored.
 */
export const RIGHTS = {
  chats: { admits: true, seesAll: false },
  chat_admin: { admits: false, seesAll: true },
  admin: { admits: true, seesAll: true },
  // S-CH-3: the user is a bot (its messages are a bot's; answering takes no conversation). Admits nothing alone.
  bot: { admits: false, seesAll: false },
} as const satisfies Record<string, { admits: boolean; seesAll: boolean }>;

export type UserRight = keyof typeof RIGHTS;
export const USER_RIGHTS = Object.keys(RIGHTS) as readonly UserRight[];

export function isUserRight(value: unknown): value is UserRight {
  return typeof value === 'string' && Object.hasOwn(RIGHTS, value);
}

/** The rights of the table among `list`, each once, in table order; anything else is ignored. */
export function knownRights(list: readonly unknown[]): UserRight[] {
  return USER_RIGHTS.filter((r) => list.includes(r));
}

/** Whether these rights let a user into chats at all (else the server closes with 4003). */
export function admits(rights: readonly UserRight[]): boolean {
  return rights.some((r) => RIGHTS[r].admits);
}

export interface UserTokenPayload {
  v: 1;
  kind: 'user';
  /** The host CRM's user id. */
  sub: string;
  name: string;
  rights: UserRight[];
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export interface VisitorTokenPayload {
  v: 1;
  kind: 'visitor';
  /** The customer id (decimal string). */
  sub: string;
  channelId: number;
  exp: number;
}

export type TokenPayload = UserTokenPayload | VisitorTokenPayload;

export interface SignUserTokenOptions {
  id: string;
  name: string;
  rights: readonly UserRight[];
  /** Keep it short: the page asks the host backend for a fresh token on every (re)connect. */
  ttlSeconds?: number;
  /** For tests: "now" in milliseconds. */
  now?: number;
}

const MAX_ID_CHARS = 128;
const MAX_NAME_CHARS = 200;
/** A CRM may put its own group names among the rights (ignored); past this many, the token is malformed. */
const MAX_RIGHTS = 100;

/** The key visitor tokens are signed with: HMAC(secret, 'chatdesk visitor v1'). */
export function visitorKey(secret: string | Buffer): Buffer {
  return createHmac('sha256', secret).update('chatdesk visitor v1').digest();
}

function mac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** Signs any payload with `key` (low level; prefer `signUserToken`). */
export function signPayload(key: string | Buffer, payload: TokenPayload): string {
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${body}.${mac(key, body).toString('base64url')}`;
}

/** Called by the host CRM backend: a short-lived token for one of its users. */
export function signUserToken(secret: string | Buffer, options: SignUserTokenOptions): string {
  const { id, name, rights, ttlSeconds = 300, now = Date.now() } = options;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_CHARS) {
    throw new TypeError(`id must be a string of 1..${MAX_ID_CHARS} characters`);
  }
  if (typeof name !== 'string' || name.length > MAX_NAME_CHARS) {
    throw new TypeError(`name must be a string of at most ${MAX_NAME_CHARS} characters`);
  }
  // The server ignores rights it does not know; the helper refuses them to catch typos early.
  for (const r of rights) {
    if (!isUserRight(r)) throw new TypeError(`unknown right: ${String(r)}`);
  }
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) throw new TypeError('ttlSeconds must be positive');
  return signPayload(secret, {
    v: 1,
    kind: 'user',
    sub: id,
    name,
    rights: [...new Set(rights)],
    exp: Math.floor(now / 1000) + Math.floor(ttlSeconds),
  });
}

function isShapeOk(p: unknown): p is TokenPayload {
  if (typeof p !== 'object' || p === null) return false;
  const o = p as Record<string, unknown>;
  if (o.v !== 1 || typeof o.sub !== 'string' || o.sub.length === 0 || o.sub.length > MAX_ID_CHARS) return false;
  if (typeof o.exp !== 'number' || !Number.isFinite(o.exp)) return false;
  if (o.kind === 'user') {
    return (
      typeof o.name === 'string' &&
      o.name.length <= MAX_NAME_CHARS &&
      Array.isArray(o.rights) &&
      o.rights.length <= MAX_RIGHTS &&
      o.rights.every((r) => typeof r === 'string')
    );
  }
  if (o.kind === 'visitor') {
    return /^[1-9][0-9]{0,15}$/.test(o.sub) && Number.isSafeInteger(o.channelId) && (o.channelId as number) > 0;
  }
  return false;
}

/**
 * Checks the signature (with the key the claimed kind calls for), the shape and the expiry.
 * Returns the payload (a user's rights cut to the table's, RIGHTS), or null for anything
 * malformed, forged or expired — callers need not know which, and telling an attacker would
 * only help them.
 */
export function verifyToken(secret: string | Buffer, token: string, now: number = Date.now()): TokenPayload | null {
  if (typeof token !== 'string' || token.length > 8192) return null;
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return null;
  const body = token.slice(0, dot);
  const sig = Buffer.from(token.slice(dot + 1), 'base64url');
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!isShapeOk(payload)) return null;
  // The kind is read before the signature is checked only to pick the key; a forged kind fails.
  const key = payload.kind === 'visitor' ? visitorKey(secret) : secret;
  const expected = mac(key, body);
  if (sig.length !== expected.length || !timingSafeEqual(sig, expected)) return null;
  if (payload.exp * 1000 <= now) return null;
  // Unknown rights are ignored (RIGHTS): the payload carries only the table's.
  return payload.kind === 'user' ? { ...payload, rights: knownRights(payload.rights) } : payload;
}
