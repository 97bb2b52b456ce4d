import { ChatError, type MessageRevision, type Params, type Result } from '@chatdesk/protocol';
import type { ConversationRow, MessageRow, RevisionRow } from '../ports/storage.js';
import { messageOf } from './message-view.js';
import type { ServiceContext } from './context.js';
import { requireNotBlocked } from './guards.js';
import { requireCapability } from './channel-rules.js';
import { requireWithinLimit } from './messages.js';
import {
  authorOf,
  canSeeConversation,
  canSeeMessage,
  mayChangeMessage,
  mayViewHistory,
  projectConversation,
  projectMessage,
} from './policy.js';

/**
 * S-DLG-7: the author edits or deletes their message; every change keeps the text it replaced
 * in the audit trail (message_revisions), which admins and chat admins read. Each action is
 * check → do → notify: one `message.updated` to everyone who sees the conversation.
 */

interface Found {
  message: MessageRow;
  conversation: ConversationRow;
}

/** A message the actor may see, with its conversation; NOT_FOUND otherwise (nothing hints that it exists). */
export async function requireVisibleMessage(ctx: ServiceContext, messageId: number): Promise<Found> {
  const message = await ctx.store.messages.get(messageId);
  const conversation = message && (await ctx.store.conversations.get(message.conversation_id));
  if (
    !message ||
    !conversation ||
    !canSeeConversation(ctx.actor, { assigneeId: conversation.assignee_id, customerId: conversation.customer_id }, ctx.policy) ||
    !canSeeMessage(ctx.actor, message)
  ) {
    throw new ChatError('NOT_FOUND', 'No such message.');
  }
  return { message, conversation };
}

/** The checks edit and delete share: not a system notice, author, channel, blocked customer, not deleted yet. */
async function requireChangeable(ctx: ServiceContext, messageId: number, verb: 'edited' | 'deleted'): Promise<Found> {
  const found = await requireVisibleMessage(ctx, messageId);
  const { message, conversation } = found;
  // A system notice records what happened (S-DLG-5): it is nobody's to change, whoever asks.
  if (message.author_kind === 'system') throw new ChatError('CONFLICT', `A system notice cannot be ${verb}.`, { reason: 'system' });
  const author = { kind: message.author_kind, id: message.author_id, name: message.author_name };
  if (!mayChangeMessage(ctx.actor, author)) {
    throw new ChatError('FORBIDDEN', `Only its author may ${verb === 'edited' ? 'edit' : 'delete'} a message.`, { reason: 'not_author' });
  }
  await requireCapability(ctx, conversation.channel_id, verb === 'edited' ? 'edit' : 'delete');
  // S-DLG-7: nothing is sent to or received from a blocked customer, changes included.
  await requireNotBlocked(ctx, conversation.customer_id);
  if (message.deleted_at !== null) throw new ChatError('CONFLICT', 'The message was deleted.');
  return found;
}

/** Keeps the text a change replaces, with who changed it and when. */
async function keepRevision(ctx: ServiceContext, message: MessageRow, action: RevisionRow['action'], at: number): Promise<void> {
  const by = authorOf(ctx.actor);
  await ctx.store.messages.addRevision({
    message_id: message.id,
    action,
    text: message.text,
    actor_kind: by.kind,
    actor_id: by.id,
    actor_name: by.name,
    created_at: at,
  });
}

/** The changed message and its conversation (whose preview changes when it is the last message), to everyone who sees it. */
async function notifyUpdated(ctx: ServiceContext, row: MessageRow, c: ConversationRow): Promise<Result<'messages.edit'>> {
  const message = await messageOf(ctx.store, row);
  const conversation = await ctx.store.conversations.view(c.id);
  if (!conversation) throw new ChatError('INTERNAL', 'A stored message lost its conversation.');
  ctx.events.emit('message.updated', { message, conversation }, { conversationId: c.id });
  return { message: projectMessage(ctx.actor, message, ctx.policy, conversation), conversation: projectConversation(ctx.actor, conversation, ctx.policy) };
}

async function unchanged(ctx: ServiceContext, { message, conversation }: Found): Promise<Result<'messages.edit'>> {
  const full = await ctx.store.conversations.view(conversation.id);
  if (!full) throw new ChatError('INTERNAL', 'A stored message lost its conversation.');
  return { message: projectMessage(ctx.actor, await messageOf(ctx.store, message), ctx.policy, full), conversation: projectConversation(ctx.actor, full, ctx.policy) };
}

/** S-DLG-7, S-DLG-12. The same text again changes nothing (no revision, no event). */
export async function editMessage(ctx: ServiceContext, p: Params<'messages.edit'>): Promise<Result<'messages.edit'>> {
  // check
  const found = await requireChangeable(ctx, p.messageId, 'edited');
  requireWithinLimit(p.text);
  const { message, conversation } = found;
  if (p.text === message.text) return unchanged(ctx, found);
  // do
  const now = ctx.clock.now();
  await keepRevision(ctx, message, 'edited', now);
  await ctx.store.messages.edit(message.id, p.text, now);
  // notify
  return notifyUpdated(ctx, { ...message, text: p.text, edited_at: now }, conversation);
}

/** S-DLG-7: the text is blanked (the audit trail keeps it); the message stays in the feed as "deleted". */
export async function deleteMessage(ctx: ServiceContext, p: Params<'messages.delete'>): Promise<Result<'messages.delete'>> {
  const { message, conversation } = await requireChangeable(ctx, p.messageId, 'deleted');
  const now = ctx.clock.now();
  await keepRevision(ctx, message, 'deleted', now);
  await ctx.store.messages.delete(message.id, now);
  return notifyUpdated(ctx, { ...message, text: '', deleted_at: now }, conversation);
}

function toRevision(r: RevisionRow): MessageRevision {
  return {
    messageId: r.message_id,
    action: r.action,
    text: r.text,
    by: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
    at: r.created_at,
  };
}

/**
 * S-DLG-7: the audit trail, oldest first, with the message as it is now. Admins and chat admins
 * only; whoever else sees the message gets FORBIDDEN, whoever does not NOT_FOUND.
 */
export async function messageHistory(ctx: ServiceContext, p: Params<'messages.history'>): Promise<Result<'messages.history'>> {
  const { message, conversation } = await requireVisibleMessage(ctx, p.messageId);
  if (!mayViewHistory(ctx.actor)) throw new ChatError('FORBIDDEN', 'Only admins and chat admins may read the audit trail.');
  const full = await ctx.store.conversations.view(conversation.id);
  return {
    message: projectMessage(ctx.actor, await messageOf(ctx.store, message), ctx.policy, full),
    revisions: (await ctx.store.messages.revisions(message.id)).map(toRevision),
  };
}
