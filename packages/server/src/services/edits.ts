import { ChatError, limits, type MessageRevision, type Params, type Result } from '@chatdesk/protocol';
import type { MessageRow, RevisionRow } from '../ports/storage.js';
import { messageOf } from './message-view.js';
import type { ServiceContext } from './context.js';
import { requireNotBlocked, requirePlace, type Place } from './guards.js';
import { requireCapability } from './channel-rules.js';
import { requireWithinLimit } from './messages.js';
import { enqueueOutbound } from './outbound.js';
import {
  authorOf,
  canSeeMessage,
  mayChangeMessage,
  mayViewHistory,
  projectConversation,
  projectInternalMessage,
  projectMessage,
} from './policy.js';

/**
 * S-DLG-7: the author edits or deletes their message, in a customer conversation or an internal
 * chat alike (the one message model, S-DLG-14); every change keeps the text it replaced in the
 * audit trail (message_revisions), which admins and chat admins read. Each action is
 * check → do → notify, to everyone who sees the message.
 */

interface Found {
  message: MessageRow;
  place: Place;
  /** Characters the change may hold: the channel's for staff in a customer conversation. */
  maxChars?: number;
}

/** A message the actor may see, with where it lives; NOT_FOUND otherwise (nothing hints that it exists). */
export async function requireVisibleMessage(ctx: ServiceContext, messageId: number): Promise<Found> {
  const message = await ctx.store.messages.get(messageId);
  const place = message && (await requirePlace(ctx, message.conversation_id).catch(() => undefined));
  if (!message || !place || !canSeeMessage(ctx.actor, message)) throw new ChatError('NOT_FOUND', 'No such message.');
  return { message, place };
}

/**
 * The checks edit and delete share: not a system notice, author, not deleted yet; in a customer
 * conversation also the channel's capability and the customer not blocked (an internal chat has
 * no channel and no customer: its members may always change their own messages).
 */
async function requireChangeable(ctx: ServiceContext, messageId: number, verb: 'edited' | 'deleted'): Promise<Found> {
  const found = await requireVisibleMessage(ctx, messageId);
  const { message, place } = found;
  // A system notice records what happened (S-DLG-5): it is nobody's to change, whoever asks.
  if (message.author_kind === 'system') throw new ChatError('CONFLICT', `A system notice cannot be ${verb}.`, { reason: 'system' });
  const author = { kind: message.author_kind, id: message.author_id, name: message.author_name };
  if (!mayChangeMessage(ctx.actor, author)) {
    throw new ChatError('FORBIDDEN', `Only its author may ${verb === 'edited' ? 'edit' : 'delete'} a message.`, { reason: 'not_author' });
  }
  if (place.kind === 'customer') {
    // The channel must carry a staff member's change to the customer; a customer's own change
    // comes from the channel (the widget, or a messenger module reporting it), so it did carry it.
    if (ctx.actor.kind === 'user') {
      found.maxChars = (await requireCapability(ctx, place.conversation.channel_id, verb === 'edited' ? 'edit' : 'delete')).maxTextChars;
    }
    // S-DLG-7: nothing is sent to or received from a blocked customer, changes included.
    await requireNotBlocked(ctx, place.conversation.customer_id);
  }
  if (message.deleted_at !== null) throw new ChatError('CONFLICT', 'The message was deleted.');
  // Its text is the cards' fallback: an edit would make the two tell different things.
  if (verb === 'edited' && message.cards !== null) throw new ChatError('CONFLICT', 'A message with product or order cards cannot be edited; delete it and send again.', { reason: 'cards' });
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

/**
 * The message as it is now, with its conversation or chat (whose preview shows it when it is the
 * last message), for the caller; with `notify`, the change goes to everyone who sees it: one
 * `message.updated` for a conversation, an `internal.message` to each member for a chat.
 */
async function answer(ctx: ServiceContext, row: MessageRow, place: Place, notify: boolean, change?: 'message.updated' | 'message.deleted'): Promise<Result<'messages.edit'>> {
  const message = await messageOf(ctx.store, row);
  if (place.kind === 'internal') {
    const chat = await ctx.store.internal.view(place.chat.id);
    if (!chat) throw new ChatError('INTERNAL', 'A stored chat went missing.');
    if (notify) {
      for (const userId of (await ctx.store.internal.cursors(chat.id)).keys()) {
        ctx.events.emit('internal.message', { chat, message }, { targetUserKey: `u:${userId}` });
      }
    }
    return { message: projectInternalMessage(ctx.actor, message), chat };
  }
  const conversation = await ctx.store.conversations.view(place.conversation.id);
  if (!conversation) throw new ChatError('INTERNAL', 'A stored message lost its conversation.');
  if (notify) ctx.events.emit('message.updated', { message, conversation }, { conversationId: conversation.id });
  // S-CH-2: a staff member's change of a message the messenger has reaches its module too.
  if (change && ctx.actor.kind === 'user' && row.status !== null && row.status !== 'failed') await enqueueOutbound(ctx, place.conversation, change, message);
  return { message: projectMessage(ctx.actor, message, ctx.policy, conversation), conversation: projectConversation(ctx.actor, conversation, ctx.policy) };
}

/** S-DLG-7, S-DLG-12. The same text again changes nothing (no revision, no event). */
export async function editMessage(ctx: ServiceContext, p: Params<'messages.edit'>): Promise<Result<'messages.edit'>> {
  // check
  const { message, place, maxChars } = await requireChangeable(ctx, p.messageId, 'edited');
  requireWithinLimit(p.text, Math.min(limits.maxMessageChars, maxChars ?? limits.maxMessageChars));
  if (p.text === message.text) return answer(ctx, message, place, false);
  // do
  const now = ctx.clock.now();
  await keepRevision(ctx, message, 'edited', now);
  await ctx.store.messages.edit(message.id, p.text, now);
  // notify
  return answer(ctx, { ...message, text: p.text, edited_at: now }, place, true, 'message.updated');
}

/** S-DLG-7: the text is blanked (the audit trail keeps it); the message stays in the feed as "deleted". */
export async function deleteMessage(ctx: ServiceContext, p: Params<'messages.delete'>): Promise<Result<'messages.delete'>> {
  const { message, place } = await requireChangeable(ctx, p.messageId, 'deleted');
  const now = ctx.clock.now();
  await keepRevision(ctx, message, 'deleted', now);
  await ctx.store.messages.delete(message.id, now);
  return answer(ctx, { ...message, text: '', deleted_at: now }, place, true, 'message.deleted');
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
  const { message, place } = await requireVisibleMessage(ctx, p.messageId);
  if (!mayViewHistory(ctx.actor)) throw new ChatError('FORBIDDEN', 'Only admins and chat admins may read the audit trail.');
  const current = await messageOf(ctx.store, message);
  const full = place.kind === 'customer' ? await ctx.store.conversations.view(place.conversation.id) : undefined;
  return {
    message: place.kind === 'customer' ? projectMessage(ctx.actor, current, ctx.policy, full) : projectInternalMessage(ctx.actor, current),
    revisions: (await ctx.store.messages.revisions(message.id)).map(toRevision),
  };
}
