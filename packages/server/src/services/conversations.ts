import { ChatError, type Params, type Result, type UnreadSnapshot } from '@chatdesk/protocol';
import type { ConversationRow, ListCursor } from '../storage/repo.js';
import type { ServiceContext } from './context.js';
import { canSeeConversation, projectConversation, readerOf, userKey, visibilityFilter } from './policy.js';

/** The welcome snapshot holds at most this many per-conversation counts. */
export const UNREAD_SNAPSHOT_MAX = 1000;

/** Loads a conversation the actor may see, or NOT_FOUND (never a hint that it exists). */
export function requireVisible(ctx: ServiceContext, conversationId: number): ConversationRow {
  const row = ctx.repo.getConversationRow(conversationId);
  if (!row || !canSeeConversation(ctx.actor, { assigneeId: row.assignee_id, customerId: row.customer_id }, ctx.policy)) {
    throw new ChatError('NOT_FOUND', 'No such conversation.');
  }
  return row;
}

function encodeCursor(c: ListCursor): string {
  return Buffer.from(`${c.at}.${c.id}`).toString('base64url');
}

function decodeCursor(s: string): ListCursor {
  const m = /^(\d{1,16})\.(\d{1,16})$/.exec(Buffer.from(s, 'base64url').toString('utf8'));
  if (!m) throw new ChatError('INVALID_PARAMS', 'The cursor is not one this server issued.');
  return { at: Number(m[1]), id: Number(m[2]) };
}

/** How many visible conversations have unread messages for the actor. */
export function unreadTotal(ctx: ServiceContext): number {
  return ctx.repo.unreadConversations(visibilityFilter(ctx.actor, ctx.policy), readerOf(ctx.actor)).length;
}

/** The unread state sent with a non-resumed `welcome`. */
export function unreadSnapshot(ctx: ServiceContext): UnreadSnapshot {
  const rows = ctx.repo.unreadConversations(visibilityFilter(ctx.actor, ctx.policy), readerOf(ctx.actor));
  const conversations: Record<string, number> = {};
  for (const r of rows.slice(0, UNREAD_SNAPSHOT_MAX)) conversations[String(r.id)] = r.unread;
  return { total: rows.length, conversations };
}

export function listConversations(ctx: ServiceContext, p: Params<'conversations.list'>): Result<'conversations.list'> {
  const cursor = p.cursor === undefined ? null : decodeCursor(p.cursor);
  const rows = ctx.repo.listConversations(visibilityFilter(ctx.actor, ctx.policy), p.limit + 1, cursor);
  const page = rows.slice(0, p.limit);
  const last = page[page.length - 1];
  const reader = readerOf(ctx.actor);
  const unread: Record<string, number> = {};
  for (const c of page) unread[String(c.id)] = ctx.repo.countUnread(c.id, reader);
  return {
    conversations: page.map((c) => projectConversation(ctx.actor, c)),
    unread,
    nextCursor: rows.length > p.limit && last ? encodeCursor({ at: last.lastActivityAt, id: last.id }) : null,
  };
}

export function getConversation(ctx: ServiceContext, p: Params<'conversations.get'>): Result<'conversations.get'> {
  requireVisible(ctx, p.conversationId);
  const conversation = ctx.repo.getConversation(p.conversationId);
  if (!conversation) throw new ChatError('NOT_FOUND', 'No such conversation.');
  return {
    conversation: projectConversation(ctx.actor, conversation),
    unread: ctx.repo.countUnread(p.conversationId, readerOf(ctx.actor)),
  };
}

/**
 * Moves the caller's read cursor (for them only). A `messageId` older than the cursor moves it
 * back: that is "mark as unread" (S-DLG-7).
 */
export function markRead(ctx: ServiceContext, p: Params<'conversations.markRead'>): Result<'conversations.markRead'> {
  const row = requireVisible(ctx, p.conversationId);
  let target = row.last_message_id ?? 0;
  if (p.messageId !== undefined) {
    const m = ctx.repo.getMessage(p.messageId);
    if (!m || m.conversation_id !== row.id) throw new ChatError('NOT_FOUND', 'No such message in this conversation.');
    target = m.id;
  }
  const key = userKey(ctx.actor);
  const changed = ctx.repo.getCursor(key, row.id) !== target;
  if (changed) ctx.repo.setCursor(key, row.id, target);
  const result = { unread: ctx.repo.countUnread(row.id, readerOf(ctx.actor)), unreadTotal: unreadTotal(ctx) };
  if (changed) {
    ctx.events.emit('unread.changed', { conversationId: row.id, ...result }, { targetUserKey: key });
  }
  return result;
}
