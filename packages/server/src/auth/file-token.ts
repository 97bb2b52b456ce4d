import { createHmac, timingSafeEqual } from 'node:crypto';
import { limits, type Right } from '@chatdesk/protocol';
import type { Actor } from '../services/context.js';

/**
 * File tokens (`files.token`): the file routes' credential. Downloads are plain URLs (`<img src>`,
 * `<audio src>`) that cannot carry a header, so the token rides in the query string; it is
 * therefore its own kind, good for the file routes only and for an hour, signed with a key derived
 * from the secret so it can never pass as a user or visitor token (nor they as it). It names the
 * actor as the session knew them; each download checks visibility again with the rows as they are.
 */
interface FileTokenPayload {
  v: 1;
  kind: 'files';
  exp: number;
  actor: { k: 'u'; id: string; name: string; rights: Right[] } | { k: 'c'; customerId: number; channelId: number; name: string };
}

export function fileTokenKey(secret: string | Buffer): Buffer {
  return createHmac('sha256', secret).update('chatdesk files v1').digest();
}

function mac(key: Buffer, body: string): string {
  return createHmac('sha256', key).update(body).digest('base64url');
}

export interface FileTokens {
  sign(actor: Actor, now: number): { token: string; expiresAt: number };
  /** The actor a token names, or null when it is malformed, forged or expired. */
  verify(token: string, now: number): Actor | null;
}

export function fileTokens(secret: string | Buffer, ttlMs: number = limits.fileTokenTtlMs): FileTokens {
  const key = fileTokenKey(secret);
  return {
    sign(actor, now) {
      const expiresAt = now + ttlMs;
      const payload: FileTokenPayload = {
        v: 1,
        kind: 'files',
        exp: expiresAt,
        actor:
          actor.kind === 'user'
            ? { k: 'u', id: actor.id, name: actor.name, rights: actor.rights }
            : { k: 'c', customerId: actor.customerId, channelId: actor.channelId, name: actor.name },
      };
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return { token: `${body}.${mac(key, body)}`, expiresAt };
    },
    verify(token, now) {
      if (token.length > limits.maxTokenChars) return null;
      const dot = token.indexOf('.');
      if (dot <= 0) return null;
      const body = token.slice(0, dot);
      const given = Buffer.from(token.slice(dot + 1), 'base64url');
      const want = Buffer.from(mac(key, body), 'base64url');
      if (given.length !== want.length || !timingSafeEqual(given, want)) return null;
      let p: FileTokenPayload;
      try {
        p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as FileTokenPayload;
      } catch {
        return null;
      }
      if (p?.v !== 1 || p.kind !== 'files' || typeof p.exp !== 'number' || p.exp <= now) return null;
      const a = p.actor;
      if (a?.k === 'u') return { kind: 'user', id: a.id, name: a.name, rights: a.rights };
      if (a?.k === 'c') return { kind: 'visitor', customerId: a.customerId, channelId: a.channelId, name: a.name };
      return null;
    },
  };
}
