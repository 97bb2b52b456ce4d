import { randomBytes } from 'node:crypto';
import type { Message } from '@chatdesk/protocol';
import type { ConversationRow, OutboxRow } from '../ports/storage.js';
import { capabilitiesOfRow, channelOf } from './channel-rules.js';
import type { SystemContext } from './context.js';

/*
 * S-CH-2, outbound: what staff do in a messenger's conversation reaches its module as a webhook.
 * The webhook is written to the outbox in the transaction of the change it carries (nothing is
 * sent that was not committed, nothing committed is lost); the outbox job (jobs/outbox.ts) posts
 * it after the commit; webhook-outcome.ts records how it went.
 */

/** What a webhook says happened (its `type`). */
export type OutboundType = 'message.created' | 'message.updated' | 'message.deleted';

/** A Standard Webhooks id: stable across the retries of one webhook, so the module can dedupe. */
const webhookId = () => `msg_${randomBytes(16).toString('base64url')}`;

/**
 * Puts a staff member's message (new, edited or deleted) into the outbox of the conversation's
 * module; nothing for a channel no module serves. `message` is as the protocol shows it.
 */
export async function enqueueOutbound(ctx: SystemContext, row: Pick<ConversationRow, 'id' | 'channel_id' | 'customer_id'>, type: OutboundType, message: Message): Promise<void> {
  const channel = await channelOf(ctx, row.channel_id);
  if (!channel || channel.module_id === null || channel.code === null) return;
  const externalId = await ctx.store.integrations.externalIdOf(channel.id, row.customer_id);
  const now = ctx.clock.now();
  // S-W-PROD, S-W-ORD: cards of the kinds the module shows; `text` is the fallback for the rest.
  const caps = message.cards?.length ? capabilitiesOfRow(ctx, channel) : undefined;
  const cards = caps ? message.cards!.filter((c) => (c.type === 'product' ? caps.product : caps.order)) : [];
  const data = {
    channel: channel.code,
    conversationId: row.id,
    customer: { id: row.customer_id, externalId: externalId ?? null },
    message:
      type === 'message.deleted'
        ? { id: message.id, deletedAt: message.deletedAt ?? now }
        : {
            id: message.id,
            text: message.text,
            author: { kind: message.author.kind, name: message.author.name },
            ...(message.replyTo ? { replyToId: message.replyTo.id } : {}),
            // The module fetches each with its token: GET /api/v1/files/{id}.
            ...(message.attachments?.length ? { attachments: message.attachments } : {}),
            ...(cards.length ? { cards } : {}),
            createdAt: message.createdAt,
            ...(message.editedAt === undefined ? {} : { editedAt: message.editedAt }),
          },
  };
  await ctx.store.outbox.enqueue({
    module_id: channel.module_id,
    conversation_id: row.id,
    message_id: message.id,
    webhook_id: webhookId(),
    type,
    body: JSON.stringify({ type, timestamp: new Date(now).toISOString(), data }),
    created_at: now,
  });
}

/** What the job posts: an item, its module's URL and secret. */
export interface DueWebhook {
  item: OutboxRow;
  url: string | null;
  secret: string;
}

/**
 * The webhooks due now, each conversation's oldest first, taken for one attempt (their next_at
 * pushed past the attempt's end, so no other run of the job takes them meanwhile).
 */
export async function takeDue(ctx: SystemContext, limit: number, attemptMs: number): Promise<DueWebhook[]> {
  const now = ctx.clock.now();
  const out: DueWebhook[] = [];
  for (const item of await ctx.store.outbox.due(now, limit)) {
    if (!(await ctx.store.outbox.lease(item.id, now, now + attemptMs))) continue;
    const module = await ctx.store.integrations.getModule(item.module_id);
    if (module) out.push({ item, url: module.webhook_url, secret: module.webhook_secret });
  }
  return out;
}

export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  giveUpMs: number;
}

/** Exponential backoff with full jitter between half and the whole step: retries of many webhooks spread out. */
export function backoffMs(attempt: number, p: Pick<RetryPolicy, 'baseMs' | 'maxMs'>, random = Math.random): number {
  const step = Math.min(p.maxMs, p.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(step / 2 + (random() * step) / 2);
}
