/**
 * Standard Webhooks (https://www.standardwebhooks.com/) signing and verification, written from
 * the Chatdesk README (Integration API, step 2) with node:crypto alone. The same secret signs our
 * calls to Chatdesk and Chatdesk's webhooks to us.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** How far a webhook's timestamp may be from our clock (the README: 5 minutes). */
export const TOLERANCE_SECONDS = 5 * 60;

/** The HMAC key: the base64-decoded part of the secret after `whsec_`. */
function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

/** `v1,` + base64 of HMAC-SHA256 over `<id>.<timestamp>.<body>`. */
export function sign(secret: string, id: string, timestampSeconds: number, body: string): string {
  return 'v1,' + createHmac('sha256', keyOf(secret)).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
}

/** The three headers of a signed call; a fresh `webhook-id` unless one is given (a retry keeps its id). */
export function signedHeaders(secret: string, body: string, id = `msg_${randomUUID()}`, now = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': sign(secret, id, timestamp, body) };
}

export type Verdict = { ok: true; id: string } | { ok: false; reason: 'missing-headers' | 'bad-timestamp' | 'expired' | 'future' | 'bad-signature' };

/** Checks a webhook's signature and timestamp; `body` must be the raw text as received. */
export function verify(secret: string, headers: IncomingHttpHeaders, body: string, now = Date.now()): Verdict {
  const id = one(headers['webhook-id']);
  const stamp = one(headers['webhook-timestamp']);
  const signatures = one(headers['webhook-signature']);
  if (!id || !stamp || !signatures) return { ok: false, reason: 'missing-headers' };
  if (!/^\d{1,12}$/.test(stamp)) return { ok: false, reason: 'bad-timestamp' };
  const timestamp = Number(stamp);
  const skew = now / 1000 - timestamp;
  if (skew > TOLERANCE_SECONDS) return { ok: false, reason: 'expired' };
  if (skew < -TOLERANCE_SECONDS) return { ok: false, reason: 'future' };
  const expected = Buffer.from(sign(secret, id, timestamp, body));
  // The spec allows several space-separated `v1,…` entries (a sender rotating its secret).
  for (const entry of signatures.split(' ')) {
    const given = Buffer.from(entry);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true, id };
  }
  return { ok: false, reason: 'bad-signature' };
}

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(' ') : v;
}
