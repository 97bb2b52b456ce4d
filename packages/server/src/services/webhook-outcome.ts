import type { OutboxRow } from '../ports/storage.js';
import type { SystemContext } from './context.js';
import { failForChannel } from './delivery.js';
import { backoffMs, type RetryPolicy } from './outbound.js';

/**
 * How an attempt went: taken (done), refused for good or too late (failed: its message shows
 * failed, Retry sends it again), or to try again later.
 */
export async function settleWebhook(
  ctx: SystemContext,
  item: OutboxRow,
  outcome: { ok: true } | { ok: false; retry: boolean; reason: string },
  policy: RetryPolicy,
): Promise<'delivered' | 'retry' | 'failed'> {
  const now = ctx.clock.now();
  if (outcome.ok) {
    await ctx.store.outbox.delivered(item.id, now);
    return 'delivered';
  }
  const tooLate = now - item.created_at >= policy.giveUpMs;
  if (outcome.retry && !tooLate) {
    await ctx.store.outbox.retryAt(item.id, now + backoffMs(item.attempts, policy), outcome.reason);
    return 'retry';
  }
  await ctx.store.outbox.failed(item.id, now, tooLate && outcome.retry ? `gave up after ${item.attempts + 1} attempts: ${outcome.reason}` : outcome.reason);
  // A new message that never reached the module failed; an edit or deletion that did not stays as the panel shows it.
  if (item.type === 'message.created' && item.message_id !== null) await failForChannel(ctx, item.message_id);
  return 'failed';
}
