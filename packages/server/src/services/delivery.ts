import {
  ChatError,
  DeliveryStatus as DeliveryStatusSchema,
  canTransition,
  type AuthorKind,
  type DeliveryStatus,
  type FailReason,
  type Params,
  type Result,
} from '@chatdesk/protocol';
import { WEB_CHANNEL_KIND } from '../channels/web.js';
import { channelKind, channelOf } from './channel-rules.js';
import type { ConversationRow, MessageRow } from '../ports/storage.js';
import { messageOf } from './message-view.js';
import { enqueueOutbound } from './outbound.js';
import type { CustomerReach, ServiceContext, SystemContext } from './context.js';
import { requireNotBlocked, requireVisible } from './guards.js';
import {
  canSeeConversation,
  canSeeMessage,
  isStaff,
  projectConversation,
  projectMessage,
  reportsDelivery,
  visibility,
} from './policy.js';

/*
 * S-DLG-13: the delivery of staff (and, later, bot) messages to a web customer, a strict state
 * machine (the protocol's `deliveryTransitions`); into a messenger, queued until its module
 * reports (moveDeliveryByReport, below):
 *
 *   send:   sent (the customer has a live widget) | queued (they left less than the grace ago,
 *           or the server started less than the grace ago) | failed visitor_left (gone)
 *   widget: queued → sent when a widget comes back; ≤ id → delivered (messages.delivered);
 *           ≤ read point → read (the visitor's conversations.markRead)
 *   grace:  queued | sent → failed visitor_left when the customer did not come back in time
 *   retry:  failed → sent | queued (or failed again), attempts + 1, only through messages.retry
 *
 * Every change is one guarded UPDATE (only rows in an allowed source status move), so nothing
 * ever goes back whatever races; `message.status` goes out, to staff only, when something moved,
 * in the same transaction (the events table is the outbox). Customer and system messages have no
 * status.
 */

const STATUSES: readonly DeliveryStatus[] = DeliveryStatusSchema.options;

/** The statuses a report or timer may move to `to`: the protocol's table, but never out of `failed` (that is Retry's). */
export function sourcesOf(to: DeliveryStatus): DeliveryStatus[] {
  return STATUSES.filter((s) => s !== 'failed' && canTransition(s, to));
}

export interface Delivery {
  status: DeliveryStatus;
  fail_reason: FailReason | null;
}

/** Where the customer stands; without a gateway (offline tools, unit tests) a reply waits queued. */
function reachOf(ctx: SystemContext, customerId: number): CustomerReach {
  return ctx.presence?.customerReach?.(customerId) ?? 'leaving';
}

function deliveryFor(reach: CustomerReach): Delivery {
  if (reach === 'online') return { status: 'sent', fail_reason: null };
  if (reach === 'leaving') return { status: 'queued', fail_reason: null };
  return { status: 'failed', fail_reason: 'visitor_left' };
}

/**
 * The status a new message starts with: staff and bot messages into a web conversation get one
 * from the customer's presence (memory only: no query on the hot send path); others none.
 */
export async function initialDelivery(
  ctx: SystemContext,
  row: Pick<ConversationRow, 'channel_id' | 'customer_id'>,
  authorKind: AuthorKind,
): Promise<Delivery | null> {
  if (authorKind !== 'manager' && authorKind !== 'bot') return null;
  const channel = await channelOf(ctx, row.channel_id);
  // A messenger module's channel: queued until the module reports it sent (S-CH-2).
  if (channel?.module_id != null) return { status: 'queued', fail_reason: null };
  if (channel?.kind !== WEB_CHANNEL_KIND) return null;
  return deliveryFor(reachOf(ctx, row.customer_id));
}

type Scope = Pick<ConversationRow, 'id' | 'customer_id' | 'assignee_id'>;

/** Moves what may move to `to` (ids ≤ upToId) and tells staff; returns the moved messages. */
async function move(ctx: SystemContext, row: Scope, upToId: number, to: DeliveryStatus, reason: FailReason | null) {
  const moved = await ctx.store.messages.moveDelivery(row.id, upToId, sourcesOf(to), to, reason);
  if (moved.length > 0) {
    ctx.events.emit(
      'message.status',
      { conversationId: row.id, messageIds: moved.map((m) => m.id), status: to, ...(reason === null ? {} : { failReason: reason }) },
      { conversationId: row.id },
    );
  }
  return moved;
}

async function webConversationsOf(ctx: SystemContext, customerId: number): Promise<ConversationRow[]> {
  const out: ConversationRow[] = [];
  for (const c of await ctx.store.conversations.ofCustomer(customerId)) {
    if ((await channelKind(ctx, c.channel_id)) === WEB_CHANNEL_KIND) out.push(c);
  }
  return out;
}

/** A widget of the customer came online: replies waiting for them are handed over (queued → sent). */
export async function visitorArrived(ctx: SystemContext, customerId: number): Promise<number> {
  let n = 0;
  for (const c of await webConversationsOf(ctx, customerId)) n += (await move(ctx, c, Number.MAX_SAFE_INTEGER, 'sent', null)).length;
  return n;
}

/** The customer did not come back within the grace: what did not reach them failed ("visitor left"). */
export async function visitorGone(ctx: SystemContext, customerId: number): Promise<number> {
  let n = 0;
  for (const c of await webConversationsOf(ctx, customerId)) {
    const moved = await move(ctx, c, Number.MAX_SAFE_INTEGER, 'failed', 'visitor_left');
    if (moved.length > 0) await skipFailedForCustomer(ctx, c);
    n += moved.length;
  }
  return n;
}

/**
 * After a start nobody is online: once the grace is over, replies still on their way to
 * customers who did not come back fail. Customers online or within their own grace are left to
 * their widget or their own timer.
 */
export async function sweepUndelivered(ctx: SystemContext): Promise<number> {
  let n = 0;
  for (const customerId of await ctx.store.messages.undeliveredCustomers()) {
    if (reachOf(ctx, customerId) === 'gone') n += await visitorGone(ctx, customerId);
  }
  return n;
}

/**
 * A visitor never sees a failed message, so it must not count as unread for them: when
 * everything after the customer's read cursor has failed, the cursor moves to the end and their
 * sessions hear so.
 * Walks the unread rows newest first and stops at the first one they can see.
 */
const SKIP_WALK_MAX = 50;

export async function skipFailedForCustomer(ctx: SystemContext, c: Pick<ConversationRow, 'id' | 'customer_id' | 'channel_id'>): Promise<void> {
  const { store } = ctx;
  const row = await store.conversations.get(c.id);
  if (!row) return;
  const key = `c:${row.customer_id}`;
  const cursor = await store.cursors.get(key, row.id);
  const unread = row.message_count - cursor;
  // Beyond a handful of unread rows one of them is surely visible: not worth the walk.
  if (unread <= 0 || unread > SKIP_WALK_MAX) return;
  // Newest first, down to the cursor; system notices never count (lifecycle.ts), so pass over them.
  const rows = await store.messages.before(row.id, Number.MAX_SAFE_INTEGER, SKIP_WALK_MAX);
  let reachedCursor = false;
  for (const m of rows) {
    if (m.ordinal <= cursor && m.author_kind !== 'system') {
      reachedCursor = true;
      break;
    }
    if (m.author_kind !== 'system' && m.status !== 'failed') return;
  }
  if (!reachedCursor && rows.length === SKIP_WALK_MAX) return;
  await store.cursors.put(key, row.id, row.message_count);
  await emitCustomerUnread(ctx, row, 0);
}

async function emitCustomerUnread(ctx: SystemContext, row: ConversationRow, unread: number): Promise<void> {
  const key = `c:${row.customer_id}`;
  const visitor = { kind: 'visitor' as const, customerId: row.customer_id, channelId: row.channel_id, name: '' };
  const unreadTotal = await ctx.store.cursors.countUnread(visibility(visitor, ctx.policy), key);
  ctx.events.emit('unread.changed', { conversationId: row.id, unread, unreadTotal }, { targetUserKey: key });
}

/** S-DLG-13: the web channel's delivery report: the widget holds every message up to `messageId`. */
export async function reportDelivered(ctx: ServiceContext, p: Params<'messages.delivered'>): Promise<Result<'messages.delivered'>> {
  if (!reportsDelivery(ctx.actor)) throw new ChatError('FORBIDDEN', "Only the visitor's widget reports delivery.");
  const row = await requireVisible(ctx, p.conversationId);
  const m = await ctx.store.messages.get(p.messageId);
  // The report names a message the widget holds: one of this conversation it may see.
  if (!m || m.conversation_id !== row.id || !canSeeMessage(ctx.actor, m)) {
    throw new ChatError('NOT_FOUND', 'No such message in this conversation.');
  }
  await move(ctx, row, m.id, 'delivered', null);
  return {};
}

/**
 * S-DLG-13: the web channel's read report is the visitor's markRead: their replies up to the
 * read point are read. Runs on every visitor markRead, moved cursor or not (a visitor's own
 * message moves their cursor first, yet what they read before it is reported only now).
 */
export async function reportRead(ctx: ServiceContext, row: ConversationRow, upToId: number | null): Promise<void> {
  if (!reportsDelivery(ctx.actor) || upToId === null) return;
  await move(ctx, row, upToId, 'read', null);
}

/**
 * S-DLG-13: Retry sends a failed message again: the same message (same id and place in the
 * thread), one more attempt, its status from the customer's presence now. Staff who see the
 * conversation; a visitor gets FORBIDDEN on a message of theirs they can see, NOT_FOUND
 * otherwise (a failed message does not exist for them).
 */
export async function retryMessage(ctx: ServiceContext, p: Params<'messages.retry'>): Promise<Result<'messages.retry'>> {
  const { store, actor } = ctx;
  // check
  const m = await store.messages.get(p.messageId);
  const row = m && (await store.conversations.get(m.conversation_id));
  if (
    !m ||
    !row ||
    !canSeeConversation(actor, { assigneeId: row.assignee_id, customerId: row.customer_id }, ctx.policy) ||
    !canSeeMessage(actor, m)
  ) {
    throw new ChatError('NOT_FOUND', 'No such message.');
  }
  if (!isStaff(actor)) throw new ChatError('FORBIDDEN', 'Only staff send a message again.');
  if (m.status !== 'failed') {
    throw new ChatError(
      'CONFLICT',
      m.status === null ? 'This message is not delivered to anyone: there is nothing to retry.' : `Only a failed message can be retried; this one is ${m.status}.`,
      { status: m.status },
    );
  }
  if (m.deleted_at !== null) throw new ChatError('CONFLICT', 'A deleted message is not sent again.');
  await requireNotBlocked(ctx, row.customer_id);
  // do
  const next = (await initialDelivery(ctx, row, m.author_kind)) ?? { status: 'queued', fail_reason: null };
  const updated = await store.messages.retryDelivery(m.id, next.status, next.fail_reason);
  if (!updated) throw new ChatError('CONFLICT', 'The message changed meanwhile; it is no longer failed.');
  if (next.status !== 'failed') await countAgainForCustomer(ctx, row, updated);
  // notify: staff patch it in place; a visitor, who never had it, inserts it in place.
  const message = await messageOf(store, updated);
  // A messenger's: to its module again, as a new webhook (the module may have refused the first for good).
  await enqueueOutbound(ctx, row, 'message.created', message);
  const conversation = await store.conversations.view(row.id);
  if (!conversation) throw new ChatError('INTERNAL', 'A stored message lost its conversation.');
  ctx.events.emit('message.updated', { message, conversation }, { conversationId: row.id });
  return { message: projectMessage(actor, message, ctx.policy, conversation), conversation: projectConversation(actor, conversation, ctx.policy) };
}

/**
 * A retried message the customer's cursor had skipped (skipFailedForCustomer) is news again when
 * it is the conversation's last message: the cursor steps back before it. One in the middle of
 * the thread appears in place without counting (stepping back would count what follows it too).
 */
async function countAgainForCustomer(ctx: SystemContext, row: ConversationRow, m: MessageRow): Promise<void> {
  const key = `c:${row.customer_id}`;
  if (m.ordinal !== row.message_count || (await ctx.store.cursors.get(key, row.id)) < m.ordinal) return;
  await ctx.store.cursors.put(key, row.id, m.ordinal - 1);
  await emitCustomerUnread(ctx, row, 1);
}

/**
 * S-DLG-13, a messenger module's report on one of our messages (services/integrations.ts):
 * delivered and read reach every earlier reply of the conversation too (a messenger reports
 * where the customer is, as the widget does); failed is this message's alone. Resolves to the
 * message's status after it.
 */
export async function moveDeliveryByReport(ctx: SystemContext, row: ConversationRow, m: MessageRow, to: 'sent' | 'delivered' | 'read' | 'failed'): Promise<DeliveryStatus> {
  if (to !== 'failed') await move(ctx, row, m.id, to, null);
  else await failForChannel(ctx, m.id);
  return (await ctx.store.messages.get(m.id))?.status ?? to;
}

/** S-DLG-13: a message the messenger's module could not take or deliver fails (`channel_error`), it alone. */
export async function failForChannel(ctx: SystemContext, messageId: number): Promise<void> {
  const m = await ctx.store.messages.get(messageId);
  const row = m && (await ctx.store.conversations.get(m.conversation_id));
  if (!m || !row || !(await ctx.store.messages.moveOneDelivery(m.id, sourcesOf('failed'), 'failed', 'channel_error'))) return;
  ctx.events.emit('message.status', { conversationId: row.id, messageIds: [m.id], status: 'failed', failReason: 'channel_error' }, { conversationId: row.id });
  await skipFailedForCustomer(ctx, row);
}
