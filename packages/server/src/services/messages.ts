import { ChatError, countMessageChars, limits, type Conversation, type MessageCard, type Params, type Result } from '@chatdesk/protocol';
import type { ConversationRow, NewMessageRow } from '../ports/storage.js';
import { appendMessage, messageOf, messagesOf, viewAfterSend } from './message-view.js';
import { resolveVisitorConversation } from '../channels/web.js';
import type { ServiceContext } from './context.js';
import { requireNotBlocked, requireVisible, requireVisibleView } from './guards.js';
import { authorOf, canSeeConversation, isBot, projectConversation, projectMessage, userKey } from './policy.js';
import { drainBacklog, noteAssignedBySystem, pickAssignee } from './assignment.js';
import { applyChange, openedNotice } from './lifecycle.js';
import { loadSettings } from './settings-doc.js';
import { followSlaClock } from './sla.js';
import { requireQuotable } from './replies.js';
import { capabilitiesOf, channelOf, requireCapability } from './channel-rules.js';
import { enqueueOutbound } from './outbound.js';
import { attachFiles, attachmentsColumn, filesForSend } from './files.js';
import { clearDraftOnSend } from './drafts.js';
import { initialDelivery, skipFailedForCustomer } from './delivery.js';

/** S-DLG-12: at most 2000 characters not counting whitespace (a send, an edit, an internal message). */
/** S-DLG-12; a staff message into a messenger also within what its channel carries (`maxTextChars`). */
export function requireWithinLimit(text: string, limit: number = limits.maxMessageChars): void {
  const chars = countMessageChars(text);
  if (chars > limit) {
    throw new ChatError('LIMIT_EXCEEDED', `A message may hold at most ${limit} characters here (whitespace not counted).`, {
      limit,
      actual: chars,
    });
  }
}

export async function listMessages(ctx: ServiceContext, p: Params<'messages.list'>): Promise<Result<'messages.list'>> {
  // One read: the check, and what the reader may do with each message (channel, blocking).
  const conversation = await requireVisibleView(ctx, p.conversationId);
  // S-DLG-13: a visitor's pages skip staff messages that failed to reach them.
  const rows = await ctx.store.messages.before(p.conversationId, p.before ?? Number.MAX_SAFE_INTEGER, p.limit + 1, ctx.actor.kind === 'visitor');
  const hasMore = rows.length > p.limit;
  const page = rows.slice(0, p.limit).reverse();
  return { messages: (await messagesOf(ctx.store, page)).map((m) => projectMessage(ctx.actor, m, ctx.policy, conversation)), hasMore };
}

async function loadConversation(ctx: ServiceContext, id: number): Promise<Conversation> {
  const conversation = await ctx.store.conversations.view(id);
  if (!conversation) throw new ChatError('INTERNAL', 'A stored message lost its conversation.');
  return conversation;
}

/**
 * S-DLG-1, S-DLG-11, S-DLG-12. Idempotent on (sender, clientMessageId): a resend returns the
 * stored message and emits nothing. Must run inside a transaction (the gateway's group commit).
 * `cards` (S-W-PROD, S-W-ORD) come from services/crm.ts, taken from the CRM before the transaction.
 */
export async function sendMessage(ctx: ServiceContext, p: Params<'messages.send'>, cards?: readonly MessageCard[]): Promise<Result<'messages.send'>> {
  const { store, actor } = ctx;
  const author = authorOf(actor);

  // check
  const existing = await store.messages.byClientId(author.kind, author.id, p.clientMessageId);
  if (existing) {
    const row = await store.conversations.get(existing.conversation_id);
    // The sender's own message of an internal chat (the one message model shares the id space).
    if (!row && actor.kind === 'user') throw new ChatError('CONFLICT', 'This client message id was used in another chat.');
    if (!row || !canSeeConversation(actor, { assigneeId: row.assignee_id, customerId: row.customer_id }, ctx.policy)) {
      throw new ChatError('NOT_FOUND', 'No such conversation.');
    }
    const conversation = await loadConversation(ctx, row.id);
    return {
      message: projectMessage(actor, await messageOf(store, existing), ctx.policy, conversation),
      conversation: projectConversation(actor, conversation, ctx.policy),
    };
  }
  let row: ConversationRow;
  let created = false;
  if (actor.kind === 'user') {
    // S-DLG-1: a manager cannot start a conversation; they answer in an existing one.
    if (p.conversationId === undefined) {
      throw new ChatError('INVALID_PARAMS', 'conversationId is required.', { nested: { conversationId: ['required'] } });
    }
    row = await requireVisible(ctx, p.conversationId);
  } else if (p.conversationId !== undefined) {
    row = await requireVisible(ctx, p.conversationId);
  } else {
    ({ row, created } = await resolveVisitorConversation(ctx, actor, ctx.clock.now()));
  }
  // S-DLG-7: nothing is sent to or received from a blocked customer.
  const customer = await requireNotBlocked(ctx, row.customer_id);
  // A staff reply must reach the customer: not into a channel no module delivers (the channel port).
  const caps = actor.kind === 'user' ? await requireCapability(ctx, row.channel_id, 'connected') : undefined;
  if (p.replyToId !== undefined) await requireCapability(ctx, row.channel_id, 'quote');
  requireWithinLimit(p.text, Math.min(limits.maxMessageChars, caps?.maxTextChars ?? limits.maxMessageChars));
  // S-DLG-9: the sender's own unsent uploads, of kinds and sizes the channel carries.
  const files = p.attachmentIds === undefined ? [] : await filesForSend(ctx, p.attachmentIds, await capabilitiesOf(ctx, row.channel_id));
  const quoted = p.replyToId === undefined ? undefined : await requireQuotable(ctx, row.id, p.replyToId);

  // do
  // S-DLG-7, S-DLG-11: a message into a closed conversation reopens it, with the event in the feed.
  if (row.status === 'closed') {
    const by = actor.kind === 'user' ? { id: actor.id, name: actor.name } : null;
    row = await applyChange(ctx, row, { status: 'open' }, { type: 'reopened', by, from: null, to: null });
  }
  // S-SET-4, S-CH-3: a new conversation goes to the next online manager of the list (or the
  // bot's), decided before anything about it is emitted: it is born assigned, and every event of
  // this action carries it as it will be committed (S-AUTH-3: no one else ever hears of it).
  const assignNew = created ? await pickAssignee(ctx) : null;
  if (assignNew !== null) {
    row = { ...row, assignee_id: assignNew };
    await store.conversations.update(row);
  }
  // S-DLG-5: a new conversation's feed starts with the "opened" notice, before the customer's message.
  if (created) row = await openedNotice(ctx, row);
  const now = Math.max(ctx.clock.now(), row.last_activity_at);
  const ordinal = row.message_count + 1;
  // S-DLG-13: a staff reply starts sent, queued or failed by the customer's presence (memory only).
  const delivery = await initialDelivery(ctx, row, author.kind);
  const stored: NewMessageRow = {
    conversation_id: row.id,
    author_kind: author.kind,
    author_id: author.id,
    author_name: author.name,
    text: p.text,
    client_message_id: p.clientMessageId,
    created_at: now,
    ordinal,
    system: null,
    reply_to_id: quoted?.id ?? null,
    attachments: attachmentsColumn(files),
    cards: cards?.length ? JSON.stringify(cards) : null,
    ...(delivery ?? {}),
  };
  // The send path (message-view.ts): stored, and the sender has read everything up to it.
  const message = await appendMessage(ctx, stored, userKey(actor), quoted);
  const id = message.id;
  await attachFiles(ctx, files, id, row.id);
  // S-CH-2: a reply into a messenger goes to its module (the outbox, in this transaction).
  if (delivery !== null && delivery.status !== 'failed') await enqueueOutbound(ctx, row, 'message.created', message);
  // Whoever answers an unassigned conversation takes it (a bot's answer does not: S-CH-3).
  const assignee = actor.kind === 'user' && !isBot(actor) && row.assignee_id === null ? actor.id : row.assignee_id;
  // S-DLG-4: waiting since the first customer message after the last manager message; S-SLA-1:
  // the SLA clock from the last one (a bot's answer stops neither).
  const waiting = author.kind === 'customer' ? (row.waiting_since ?? now) : author.kind === 'manager' ? null : row.waiting_since;
  const slaSince = author.kind === 'customer' ? now : author.kind === 'manager' ? null : row.sla_since;
  const next = {
    ...row,
    status: 'open' as const,
    assignee_id: assignee,
    last_message_id: id,
    last_activity_at: now,
    message_count: ordinal,
    waiting_since: waiting,
    sla_since: slaSince,
  };
  if (next.status === row.status && next.assignee_id === row.assignee_id) await store.conversations.touch(next);
  else await store.conversations.update(next);
  if (waiting !== row.waiting_since) await store.conversations.setWaitingSince(row.id, waiting);
  await followSlaClock(ctx, row, next);
  // S-DLG-8: the manager's draft of this conversation became this message.
  await clearDraftOnSend(ctx, row.id);

  // notify: the conversation as this send left it serves the event and the result, built from
  // what the send holds (read back only where the customer or channel row is missing).
  const channel = await channelOf(ctx, row.channel_id);
  const full = customer && channel ? viewAfterSend(next, channel, customer, message) : await loadConversation(ctx, row.id);
  const assigneeChanged = next.assignee_id !== row.assignee_id;
  ctx.events.emit('message.created', { message, conversation: full }, { conversationId: row.id });
  // S-DLG-13: the visitor will never see it, so it must not count as unread for them.
  if (delivery?.status === 'failed') await skipFailedForCustomer(ctx, row);
  if (!created && (assigneeChanged || next.status !== row.status)) {
    const changedFrom = assigneeChanged ? { assigneeChangedFrom: row.assignee_id } : {};
    ctx.events.emit('conversation.updated', { conversation: full }, { conversationId: row.id, ...changedFrom });
  }
  if (assignNew !== null) {
    // S-DLG-5: the feed says to whom the new conversation went (a notice; the assignee is set).
    await noteAssignedBySystem(ctx, next, assignNew);
    const assigned = await loadConversation(ctx, row.id);
    return { message: projectMessage(actor, message, ctx.policy, assigned), conversation: projectConversation(actor, assigned, ctx.policy) };
  }
  // S-CH-3: an unassigned conversation that comes back to life joins the bot's backlog at once.
  if (next.assignee_id === null && author.kind === 'customer' && (await loadSettings(store)).distributionBot.enabled) {
    if ((await drainBacklog(ctx)) > 0) {
      const taken = await loadConversation(ctx, row.id);
      return { message: projectMessage(actor, message, ctx.policy, taken), conversation: projectConversation(actor, taken, ctx.policy) };
    }
  }
  // Nothing after this point writes the conversation: the events' audience is `next` as written.
  ctx.events.settled(next);
  return { message: projectMessage(actor, message, ctx.policy, full), conversation: projectConversation(actor, full, ctx.policy) };
}

