import { createHmac } from 'node:crypto';

/** Aliases remembered; past this many the cache starts over (a deployment has far fewer staff). */
const CACHE_MAX = 10_000;

/**
 * How visitors see a staff member's id: `staff-` and 22 base64url characters of
 * HMAC-SHA256(HMAC(secret, "chatdesk staff id v1"), user id). Stable (the same manager is the same
 * author in every payload, across restarts) and opaque: without the secret it says nothing of the
 * CRM user id, and it can never pass as one.
 */
export function staffAliasFor(secret: string | Buffer): (userId: string) => string {
  const key = createHmac('sha256', secret).update('chatdesk staff id v1').digest();
  const cache = new Map<string, string>();
  return (userId) => {
    let alias = cache.get(userId);
    if (alias === undefined) {
      if (cache.size >= CACHE_MAX) cache.clear();
      alias = `staff-${createHmac('sha256', key).update(userId).digest('base64url').slice(0, 22)}`;
      cache.set(userId, alias);
    }
    return alias;
  };
}
