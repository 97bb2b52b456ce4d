import type { DueWebhook } from '../../services/outbound.js';
import { safePost } from './safe-post.js';
import { webhookHeaders } from './standard-webhooks.js';

export interface WebhookOptions {
  /** Private, loopback and link-local addresses allowed (a module on this host or network). */
  allowPrivate: boolean;
  timeoutMs: number;
}

export type WebhookOutcome = { ok: true } | { ok: false; retry: boolean; reason: string };

/**
 * One attempt at a webhook (S-CH-2): POSTed to the module's URL, signed the Standard Webhooks way
 * with its secret as it is now (read for each attempt, so a rotated secret signs the next one),
 * the same `webhook-id` on every attempt (the module dedupes by it) and a fresh timestamp (so a
 * retry is never refused as too old). SSRF rules in safe-post.ts.
 */
export async function postWebhook(d: DueWebhook, o: WebhookOptions, now = Date.now()): Promise<WebhookOutcome> {
  if (d.url === null) return { ok: false, retry: false, reason: 'the module has no webhook URL' };
  const headers = webhookHeaders(d.secret, d.item.webhook_id, d.item.body, now);
  const r = await safePost(d.url, d.item.body, headers, { allowPrivate: o.allowPrivate, timeoutMs: o.timeoutMs });
  if (r.ok) return { ok: true };
  // 401: the module may have rotated its secret while this attempt was signed; the next one is signed with the new one.
  return { ok: false, retry: r.retry || r.status === 401, reason: r.reason };
}
