/**
 * Signing and verifying webhooks the Standard Webhooks way (https://www.standardwebhooks.com/), so
 * an integration module can use any of that spec's libraries on its side.
 *
 * Headers `webhook-id`, `webhook-timestamp` (unix seconds), `webhook-signature`; the signed
 * content is `${id}.${timestamp}.${body}`, HMAC-SHA256 keyed with the secret's bytes (a secret is
 * written `whsec_` + base64 of them); the signature header lists `v1,<base64>` entries separated
 * by spaces, any one of which may match (that is how a sender rotates its secret).
 *
 * Replay protection is the caller's job: a verified message is fresh (within the tolerance), but
 * the same message may arrive twice. Keep the ids seen during the tolerance window and drop a
 * repeated one.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'whsec_';

/** A new secret of 24 random bytes, the size the spec's own libraries generate. */
export function newWebhookSecret(): string {
  return PREFIX + randomBytes(24).toString('base64');
}

/** The `webhook-signature` header value for this message. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  return `v1,${mac(secretKey(secret), id, timestampSeconds, body).toString('base64')}`;
}

/** The three headers to send with `body`, stamped at `nowMs`. */
export function webhookHeaders(secret: string, id: string, body: string, nowMs: number): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(secret, id, timestamp, body),
  };
}

export type VerifyResult =
  | { ok: true; id: string; timestamp: number }
  | { ok: false; reason: 'missing-headers' | 'bad-timestamp' | 'expired' | 'future' | 'bad-signature' };

/**
 * Checks a received message. `body` must be the raw bytes as received: re-serialised JSON would
 * not match. A timestamp more than `toleranceSeconds` away from `nowMs` either way is refused, so a
 * captured message cannot be replayed later, nor one made up in advance. Throws on a malformed
 * secret: that is our configuration, not the sender's fault.
 */
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string | Buffer,
  nowMs: number,
  toleranceSeconds = 300,
): VerifyResult {
  const key = secretKey(secret);
  const lower = new Map<string, string | string[] | undefined>();
  for (const [name, value] of Object.entries(headers)) lower.set(name.toLowerCase(), value);
  const id = single(lower.get('webhook-id'));
  const stamp = single(lower.get('webhook-timestamp'));
  const signatures = [lower.get('webhook-signature')].flat().filter((s) => s !== undefined).join(' ');
  if (!id || !stamp || !signatures) return { ok: false, reason: 'missing-headers' };

  if (!/^\d{1,15}$/.test(stamp)) return { ok: false, reason: 'bad-timestamp' };
  const timestamp = Number(stamp);
  const now = Math.floor(nowMs / 1000);
  if (now - timestamp > toleranceSeconds) return { ok: false, reason: 'expired' };
  if (timestamp - now > toleranceSeconds) return { ok: false, reason: 'future' };

  const expected = mac(key, id, timestamp, body);
  for (const entry of signatures.split(' ')) {
    const comma = entry.indexOf(',');
    // Other versions (such as the asymmetric `v1a`) are not ours to check: skip, do not fail.
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    const given = Buffer.from(entry.slice(comma + 1), 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true, id, timestamp };
  }
  return { ok: false, reason: 'bad-signature' };
}

function mac(key: Buffer, id: string, timestamp: number, body: string | Buffer): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
}

function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : '';
  // Buffer.from(…, 'base64') skips junk silently, so check the alphabet first: a mistyped secret
  // would otherwise become a different, shorter key.
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(encoded) || encoded === '') {
    throw new Error('webhook secret must be "whsec_" followed by base64');
  }
  return Buffer.from(encoded, 'base64');
}

/** A header that must appear once (Node gives repeated custom headers joined, not as arrays). */
function single(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined;
  return value;
}
