import { ChatError, type ChatSettings, type Conversation, type ListSort, type Params, type Result, type UnreadSnapshot } from '@chatdesk/protocol';
import type { ConversationRow, ListCursor, ListQuery } from '../ports/storage.js';
import { limitsOf } from './sla.js';
import type { ServiceContext } from './context.js';
import { projectConversation, userKey, visibility } from './policy.js';
import { loadSettings } from './settings-doc.js';
import { reportRead } from './delivery.js';
import { requireVisible } from './guards.js';

/** The welcome snapshot holds at most this many per-conversation counts. */
export const UNREAD_SNAPSHOT_MAX = 1000;

/** List cursors name their sort ('w' waiting, 's' sla), so a cursor of one sort cannot page another. */
const CURSOR_MARK: Record<ListSort, string> = { activity: '', waiting: 'w', sla: 's' };

function encodeCursor(c: ListCursor, sort: ListSort): string {
  return Buffer.from(`${CURSOR_MARK[sort]}${c.at}.${c.id}`).toString('base64url');
}

function decodeCursor(s: string, sort: ListSort): ListCursor {
  const m = /^([ws]?)(\d{1,16})\.(\d{1,16})$/.exec(Buffer.from(s, 'base64url').toString('utf8'));
  if (!m || m[1] !== CURSOR_MARK[sort]) throw new ChatError('INVALID_PARAMS', 'The cursor is not one this server issued.');
  return { at: Number(m[2]), id: Number(m[3]) };
}

/** The value a page's last row is ordered by, for the next page's cursor. */
function sortValue(c: Conversation, sort: ListSort, settings: ChatSettings | undefined): number {
  if (sort === 'waiting') return c.waitingSince ?? 0;
  if (sort === 'sla' && settings) return (c.slaSince ?? 0) + limitsOf(settings, c.channel.id).processingMs;
  return c.lastActivityAt;
}

/*
 * Unread, per reader and conversation, is arithmetic: every message has an ordinal (1, 2, … in
 * its conversation), the conversation counts its messages, and the reader's cursor holds the
 * ordinal read up to, so unread = message_count - read ordinal. Sending moves the sender's
 * cursor to their own message, so a conversation one has just written in has 0 unread, and
 * every message after the cursor counts: the client derives the same numbers from events (a
 * message by someone else: +1; one's own: 0; `unread.changed`: the server's values).
 */

/** The actor's unread count in a conversation row. */
export async function unreadIn(ctx: ServiceContext, row: Pick<ConversationRow, 'id' | 'message_count'>): Promise<number> {
  return Math.max(0, row.message_count - (await ctx.store.cursors.get(userKey(ctx.actor), row.id)));
}

/** How many visible conversations have unread messages for the actor. */
export function unreadTotal(ctx: ServiceContext): Promise<number> {
  return ctx.store.cursors.countUnread(visibility(ctx.actor, ctx.policy), userKey(ctx.actor));
}

/**
 * The unread state sent with a non-resumed `welcome`: the exact total, and the counts of the
 * most recently active unread conversations (at most UNREAD_SNAPSHOT_MAX; the list pages carry
 * the rest).
 */
export async function unreadSnapshot(ctx: ServiceContext): Promise<UnreadSnapshot> {
  const vis = visibility(ctx.actor, ctx.policy);
  const key = userKey(ctx.actor);
  const conversations: Record<string, number> = {};
  for (const r of await ctx.store.cursors.unread(vis, key, UNREAD_SNAPSHOT_MAX)) conversations[String(r.id)] = r.unread;
  return { total: await ctx.store.cursors.countUnread(vis, key), conversations };
}

export async function listConversations(ctx: ServiceContext, p: Params<'conversations.list'>): Promise<Result<'conversations.list'>> {
  const sort = p.sort ?? 'activity';
  const filter = p.filter ?? {};
  const cursor = p.cursor === undefined ? null : decodeCursor(p.cursor, sort);
  // S-SLA-1: the SLA filter and sort judge markers by the limits and the clock as of this call.
  const settings = filter.sla !== undefined || sort === 'sla' ? await loadSettings(ctx.store) : undefined;
  const query: ListQuery = { sort, filter };
  if (settings && filter.sla !== undefined) query.sla = { state: filter.sla, now: ctx.clock.now(), limits: settings.timeLimits };
  if (settings && sort === 'sla') query.limits = settings.timeLimits;
  const rows = await ctx.store.conversations.list(visibility(ctx.actor, ctx.policy), userKey(ctx.actor), p.limit + 1, cursor, query);
  const page = rows.slice(0, p.limit);
  const last = page[page.length - 1]?.conversation;
  const unread: Record<string, number> = {};
  for (const r of page) unread[String(r.conversation.id)] = r.unread;
  return {
    conversations: page.map((r) => projectConversation(ctx.actor, r.conversation, ctx.policy)),
    unread,
    nextCursor:
      rows.length > p.limit && last
        ? encodeCursor({ at: sortValue(last, sort, settings), id: last.id }, sort)
        : null,
  };
}

export async function getConversation(ctx: ServiceContext, p: Params<'conversations.get'>): Promise<Result<'conversations.get'>> {
  const row = await requireVisible(ctx, p.conversationId);
  const conversation = await ctx.store.conversations.view(p.conversationId);
  if (!conversation) throw new ChatError('NOT_FOUND', 'No such conversation.');
  return { conversation: projectConversation(ctx.actor, conversation, ctx.policy), unread: await unreadIn(ctx, row) };
}

/**
 * Moves the caller's read cursor (for them only) to a message, or to the newest one. A message
 * before the cursor moves it back: that is "mark as unread" (S-DLG-7), and then every message
 * after it counts as unread, the caller's own included (sending moves the cursor forward again).
 */
export async function markRead(ctx: ServiceContext, p: Params<'conversations.markRead'>): Promise<Result<'conversations.markRead'>> {
  const row = await requireVisible(ctx, p.conversationId);
  let target = row.message_count;
  let readUpTo = row.last_message_id;
  if (p.messageId !== undefined) {
    const m = await ctx.store.messages.get(p.messageId);
    if (!m || m.conversation_id !== row.id) throw new ChatError('NOT_FOUND', 'No such message in this conversation.');
    target = m.ordinal;
    readUpTo = m.id;
  }
  // S-DLG-13: a visitor's markRead is the web channel's read report.
  await reportRead(ctx, row, readUpTo);
  const key = userKey(ctx.actor);
  const changed = (await ctx.store.cursors.get(key, row.id)) !== target;
  if (changed) await ctx.store.cursors.put(key, row.id, target);
  const result = { unread: Math.max(0, row.message_count - target), unreadTotal: await unreadTotal(ctx) };
  if (changed) {
    ctx.events.emit('unread.changed', { conversationId: row.id, ...result }, { targetUserKey: key });
  }
  return result;
}
