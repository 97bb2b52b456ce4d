import { attachFiles, attachmentsColumn, filesForSend } from './files.js';
import { ChatError, limits, type InternalChat, type Params, type Result } from '@chatdesk/protocol';
import type { InternalChatRow, NewMessageRow } from '../ports/storage.js';
import { appendMessage, messagesOf, messageOf } from './message-view.js';
import type { ServiceContext } from './context.js';
import { canSeeInternalChat, mayBeInternalMember, mayUseInternalChats, projectInternalMessage } from './policy.js';
import { requireWithinLimit } from './messages.js';
import { clearDraftOnSend } from './drafts.js';

/*
 * S-DLG-14: internal chats, where staff write to each other: conversations of their own kind
 * (the one message model), their messages stored, quoted and indexed as every message is
 * (message-view.ts `appendMessage`, the send path customer messages take too), while nothing
 * that reads customer conversations meets them (the storage port keeps the kinds apart). A chat
 * is visible to its members only, admins included: to anyone else it does not exist
 * (NOT_FOUND). Events go to each member as a row of its own (`targetUserKey`), so resume and
 * live fan-out need no new visibility rule.
 */

type Staff = Extract<ServiceContext['actor'], { kind: 'user' }>;

/** The acting user, or FORBIDDEN for a visitor. */
function staff(ctx: ServiceContext): Staff {
  if (!mayUseInternalChats(ctx.actor) || ctx.actor.kind !== 'user') throw new ChatError('FORBIDDEN', 'Internal chats are for staff.');
  return ctx.actor;
}

/** The chat row and the caller's read ordinal, or NOT_FOUND when the caller is not a member. */
async function requireMember(ctx: ServiceContext, chatId: number): Promise<{ me: Staff; row: InternalChatRow; read: number }> {
  const me = staff(ctx);
  const read = await ctx.store.internal.cursor(chatId, me.id);
  const row = read === undefined ? undefined : await ctx.store.internal.get(chatId);
  if (read === undefined || !row) throw new ChatError('NOT_FOUND', 'No such chat.');
  return { me, row, read };
}

/**
 * The member user ids of an internal chat the caller belongs to. NOT_FOUND for a visitor, for a
 * chat that does not exist and for one the caller is not a member of (admins too).
 */
export async function internalChatMembers(ctx: ServiceContext, chatId: number): Promise<string[]> {
  const members = ctx.actor.kind === 'user' ? [...(await ctx.store.internal.cursors(chatId)).keys()] : [];
  if (!canSeeInternalChat(ctx.actor, members)) throw new ChatError('NOT_FOUND', 'No such chat.');
  return members;
}

async function loadChat(ctx: ServiceContext, chatId: number): Promise<InternalChat> {
  const chat = await ctx.store.internal.view(chatId);
  if (!chat) throw new ChatError('INTERNAL', 'A stored chat went missing.');
  return chat;
}

const userKeyOf = (userId: string) => `u:${userId}`;

export async function listInternalChats(ctx: ServiceContext, _p: Params<'internal.list'>): Promise<Result<'internal.list'>> {
  const me = staff(ctx);
  return { chats: await ctx.store.internal.of(me.id, limits.maxInternalChats), unread: await ctx.store.internal.unreadOf(me.id) };
}

/** Users with the chats right (S-AUTH-1) known to the server, but the caller, with online state. */
export async function listColleagues(ctx: ServiceContext, _p: Params<'internal.colleagues'>): Promise<Result<'internal.colleagues'>> {
  const me = staff(ctx);
  const colleagues = (await ctx.store.users.list())
    .filter((u) => u.id !== me.id && mayBeInternalMember(u.rights))
    .map((u) => ({ id: u.id, name: u.name, online: ctx.presence?.isOnline(u.id) ?? false }));
  return { colleagues };
}

/** A group's title when none is given: the members' names, the creator first, cut to 100 characters. */
function titleFrom(names: readonly string[]): string {
  const all = names.join(', ');
  const chars = [...all];
  return chars.length <= 100 ? all : `${chars.slice(0, 99).join('')}…`;
}

/**
 * One member and no title: the pair's direct chat, created once (asking again returns it, and
 * emits nothing). Otherwise a group of the caller and the members. Members must be users the
 * server knows (they have signed in once) holding the chats right: INVALID_PARAMS otherwise.
 */
export async function createInternalChat(ctx: ServiceContext, p: Params<'internal.create'>): Promise<Result<'internal.create'>> {
  const me = staff(ctx);
  const others = [...new Set(p.memberIds)].filter((id) => id !== me.id);
  if (others.length === 0) {
    throw new ChatError('INVALID_PARAMS', 'A chat needs at least one member besides you.', { nested: { memberIds: ['no one but you'] } });
  }
  if (others.length + 1 > limits.maxChatMembers) {
    throw new ChatError('LIMIT_EXCEEDED', `A chat has at most ${limits.maxChatMembers} members.`, {
      limit: limits.maxChatMembers,
      actual: others.length + 1,
    });
  }
  const names: string[] = [me.name];
  const unknown: string[] = [];
  for (const id of others) {
    const u = await ctx.store.users.get(id);
    if (u && mayBeInternalMember(u.rights)) names.push(u.name);
    else unknown.push(id);
  }
  if (unknown.length > 0) {
    throw new ChatError('INVALID_PARAMS', 'No such user with the chats right.', {
      nested: { memberIds: unknown.map((id) => `unknown user ${id}`) },
    });
  }
  const direct = others.length === 1 && p.title === undefined;
  if (direct) {
    const existing = await ctx.store.internal.findDirect(me.id, others[0] as string);
    if (existing) return { chat: await loadChat(ctx, existing.id) };
  }
  const memberIds = [me.id, ...others];
  const id = await ctx.store.internal.insert(
    { kind: direct ? 'direct' : 'group', title: direct ? '' : (p.title?.trim() ?? titleFrom(names)), createdBy: me.id, memberIds },
    ctx.clock.now(),
  );
  const chat = await loadChat(ctx, id);
  for (const userId of memberIds) ctx.events.emit('internal.chat', { chat }, { targetUserKey: userKeyOf(userId) });
  return { chat };
}

export async function listInternalMessages(ctx: ServiceContext, p: Params<'internal.messages'>): Promise<Result<'internal.messages'>> {
  const { me } = await requireMember(ctx, p.chatId);
  const rows = await ctx.store.messages.before(p.chatId, p.before ?? Number.MAX_SAFE_INTEGER, p.limit + 1);
  const hasMore = rows.length > p.limit;
  const page = rows.slice(0, p.limit).reverse();
  return { messages: (await messagesOf(ctx.store, page)).map((m) => projectInternalMessage(me, m)), hasMore };
}

/**
 * S-DLG-14 with S-DLG-12 (the length limit) and S-DLG-7 (replies within the chat). Idempotent on
 * (sender, clientMessageId): a resend returns the stored message and emits nothing.
 */
export async function sendInternalMessage(ctx: ServiceContext, p: Params<'internal.send'>): Promise<Result<'internal.send'>> {
  // check
  const { me, row } = await requireMember(ctx, p.chatId);
  const existing = await ctx.store.messages.byClientId('manager', me.id, p.clientMessageId);
  if (existing) {
    if (existing.conversation_id !== row.id) throw new ChatError('CONFLICT', 'This client message id was used in another chat.');
    return { message: projectInternalMessage(me, await messageOf(ctx.store, existing)), chat: await loadChat(ctx, row.id) };
  }
  requireWithinLimit(p.text);
  const replyTo = p.replyToId === undefined ? undefined : await ctx.store.messages.get(p.replyToId);
  if (p.replyToId !== undefined && replyTo?.conversation_id !== row.id) throw new ChatError('NOT_FOUND', 'No such message in this chat.');
  // S-DLG-9: the member's own unsent uploads; an internal chat has no channel to narrow them.
  const files = await filesForSend(ctx, p.attachmentIds, null);

  // do
  const now = Math.max(ctx.clock.now(), row.last_activity_at);
  const ordinal = row.message_count + 1;
  const stored: NewMessageRow = {
    conversation_id: row.id,
    author_kind: 'manager',
    author_id: me.id,
    author_name: me.name,
    text: p.text,
    client_message_id: p.clientMessageId,
    created_at: now,
    ordinal,
    reply_to_id: replyTo?.id ?? null,
    attachments: attachmentsColumn(files),
  };
  const cursors = await ctx.store.internal.cursors(row.id);
  const message = await appendMessage(ctx, stored, userKeyOf(me.id), replyTo);
  await attachFiles(ctx, files, message.id, row.id);
  await ctx.store.internal.touch({ id: row.id, last_message_id: message.id, message_count: ordinal, last_activity_at: now });
  // S-DLG-8: the member's draft of this chat became this message.
  await clearDraftOnSend(ctx, row.id);

  // notify: each member's own row; the others get the message without its client id, and their
  // new unread count (the sender's is 0 now: told only if it was not).
  const chat = await loadChat(ctx, row.id);
  for (const [userId, read] of cursors) {
    const target = { targetUserKey: userKeyOf(userId) };
    ctx.events.emit('internal.message', { chat, message }, target);
    if (userId !== me.id) ctx.events.emit('internal.unread', { chatId: row.id, unread: Math.max(0, ordinal - read) }, target);
    else if (read < row.message_count) ctx.events.emit('internal.unread', { chatId: row.id, unread: 0 }, target);
  }
  return { message: projectInternalMessage(me, message), chat };
}

/** Moves the caller's read cursor to a message of the chat, or to the newest one. */
export async function markInternalRead(ctx: ServiceContext, p: Params<'internal.markRead'>): Promise<Result<'internal.markRead'>> {
  const { me, row, read } = await requireMember(ctx, p.chatId);
  let target = row.message_count;
  if (p.messageId !== undefined) {
    const m = await ctx.store.messages.get(p.messageId);
    if (!m || m.conversation_id !== row.id) throw new ChatError('NOT_FOUND', 'No such message in this chat.');
    target = m.ordinal;
  }
  const unread = Math.max(0, row.message_count - target);
  if (read !== target) {
    await ctx.store.cursors.put(userKeyOf(me.id), row.id, target);
    ctx.events.emit('internal.unread', { chatId: row.id, unread }, { targetUserKey: userKeyOf(me.id) });
  }
  return { unread };
}
