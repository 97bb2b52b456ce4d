import type { InternalChat } from '@chatdesk/protocol';
import type { Db } from './db.js';
import type { InternalChatRow, InternalMessageRow, NewInternalMessageRow } from './rows.js';

/**
 * Storage of internal chats (S-DLG-14, migration 007): their own tables, so nothing that reads
 * customer conversations can meet them. No rules here: services/internal.ts decides.
 */

/** A chat with what the list shows: its last message's row (if any) and its members. */
interface ChatWithLast extends InternalChatRow {
  m_author_id: string | null;
  m_author_name: string | null;
  m_text: string | null;
  m_created_at: number | null;
}

/** 2^50: internal message ids are above it, customer message ids (1, 2, …) will never get there. */
export const INTERNAL_ID_BASE = 2 ** 50;

const PREVIEW_CHARS = 300;

function preview(text: string): string {
  return text.length <= PREVIEW_CHARS ? text : [...text].slice(0, PREVIEW_CHARS).join('');
}

/** A direct chat's key: the pair sorted, so (a, b) and (b, a) are the same chat. */
export function directKey(a: string, b: string): string {
  return JSON.stringify(a < b ? [a, b] : [b, a]);
}

const CHAT_SELECT = `SELECT c.*, m.author_id AS m_author_id, m.author_name AS m_author_name, m.text AS m_text,
  m.created_at AS m_created_at FROM internal_chats c LEFT JOIN internal_messages m ON m.id = c.last_message_id`;

export class InternalRepo {
  private readonly s;

  constructor(db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      getChat: p('SELECT * FROM internal_chats WHERE id = ?'),
      chatWithLast: p(`${CHAT_SELECT} WHERE c.id = ?`),
      chatsOf: p(`${CHAT_SELECT} JOIN internal_members me ON me.chat_id = c.id AND me.user_id = @user
        ORDER BY c.last_activity_at DESC, c.id DESC LIMIT @limit`),
      unreadOf: p(`SELECT c.id, c.message_count - me.read_ordinal AS n FROM internal_members me
        JOIN internal_chats c ON c.id = me.chat_id WHERE me.user_id = ? AND c.message_count > me.read_ordinal`),
      findDirect: p('SELECT * FROM internal_chats WHERE direct_key = ?'),
      insertChat: p(`INSERT INTO internal_chats (kind, title, direct_key, created_by, last_activity_at, created_at)
        VALUES (@kind, @title, @direct_key, @created_by, @now, @now)`),
      insertMember: p('INSERT INTO internal_members (chat_id, user_id) VALUES (?, ?)'),
      members: p(`SELECT u.id, u.name FROM internal_members im JOIN users u ON u.id = im.user_id
        WHERE im.chat_id = ? ORDER BY u.name, u.id`),
      membersOfChatsOf: p(`SELECT im.chat_id, u.id, u.name FROM internal_members mine
        JOIN internal_members im ON im.chat_id = mine.chat_id JOIN users u ON u.id = im.user_id
        WHERE mine.user_id = ? ORDER BY u.name, u.id`),
      memberCursor: p('SELECT read_ordinal AS n FROM internal_members WHERE chat_id = ? AND user_id = ?'),
      memberCursors: p('SELECT user_id, read_ordinal FROM internal_members WHERE chat_id = ?'),
      setCursor: p('UPDATE internal_members SET read_ordinal = ? WHERE chat_id = ? AND user_id = ?'),
      touchChat: p(`UPDATE internal_chats SET last_message_id = @last_message_id, message_count = @message_count,
        last_activity_at = @last_activity_at WHERE id = @id`),
      // Ids start above INTERNAL_ID_BASE, never those of customer messages: a message id given to
      // messages.edit/delete/retry/history can then never name an internal message's twin.
      insertMessage: p(`INSERT INTO internal_messages (id, chat_id, author_id, author_name, text, client_message_id, created_at,
        ordinal, reply_to_id) VALUES (coalesce((SELECT max(id) FROM internal_messages), ${INTERNAL_ID_BASE}) + 1,
        @chat_id, @author_id, @author_name, @text, @client_message_id, @created_at, @ordinal, @reply_to_id)`),
      getMessage: p('SELECT * FROM internal_messages WHERE id = ?'),
      findByClientId: p('SELECT * FROM internal_messages WHERE author_id = ? AND client_message_id = ?'),
      messagesBefore: p('SELECT * FROM internal_messages WHERE chat_id = ? AND id < ? ORDER BY id DESC LIMIT ?'),
      messagesByIds: p('SELECT * FROM internal_messages WHERE id IN (SELECT value FROM json_each(?))'),
    };
  }

  getChat(id: number): InternalChatRow | undefined {
    return this.s.getChat.get(id) as InternalChatRow | undefined;
  }

  findDirect(a: string, b: string): InternalChatRow | undefined {
    return this.s.findDirect.get(directKey(a, b)) as InternalChatRow | undefined;
  }

  /** A new chat with its members (their cursors at 0). */
  insertChat(c: { kind: 'direct' | 'group'; title: string; createdBy: string; memberIds: readonly string[] }, now: number): number {
    const direct_key = c.kind === 'direct' ? directKey(c.memberIds[0] ?? '', c.memberIds[1] ?? '') : null;
    const id = Number(this.s.insertChat.run({ kind: c.kind, title: c.title, direct_key, created_by: c.createdBy, now }).lastInsertRowid);
    for (const userId of c.memberIds) this.s.insertMember.run(id, userId);
    return id;
  }

  /** Each member's read ordinal. */
  cursors(chatId: number): Map<string, number> {
    const rows = this.s.memberCursors.all(chatId) as { user_id: string; read_ordinal: number }[];
    return new Map(rows.map((r) => [r.user_id, r.read_ordinal]));
  }

  /** The member's read ordinal, or undefined when `userId` is not a member. */
  cursor(chatId: number, userId: string): number | undefined {
    return (this.s.memberCursor.get(chatId, userId) as { n: number } | undefined)?.n;
  }

  setCursor(chatId: number, userId: string, readOrdinal: number): void {
    this.s.setCursor.run(readOrdinal, chatId, userId);
  }

  /** The chat as the protocol shows it. */
  chat(id: number): InternalChat | undefined {
    const row = this.s.chatWithLast.get(id) as ChatWithLast | undefined;
    return row && toChat(row, this.s.members.all(id) as { id: string; name: string }[]);
  }

  /** A user's chats, last activity first (two statements however many chats). */
  chatsOf(userId: string, limit: number): InternalChat[] {
    const rows = this.s.chatsOf.all({ user: userId, limit }) as ChatWithLast[];
    const members = new Map<number, { id: string; name: string }[]>();
    for (const r of this.s.membersOfChatsOf.all(userId) as { chat_id: number; id: string; name: string }[]) {
      let list = members.get(r.chat_id);
      if (!list) members.set(r.chat_id, (list = []));
      list.push({ id: r.id, name: r.name });
    }
    return rows.map((r) => toChat(r, members.get(r.id) ?? []));
  }

  /** The user's unread counts by chat (chats with none left out). */
  unreadOf(userId: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.s.unreadOf.all(userId) as { id: number; n: number }[]) out[String(r.id)] = r.n;
    return out;
  }

  touchChat(row: Pick<InternalChatRow, 'id' | 'last_message_id' | 'message_count' | 'last_activity_at'>): void {
    this.s.touchChat.run({
      id: row.id,
      last_message_id: row.last_message_id,
      message_count: row.message_count,
      last_activity_at: row.last_activity_at,
    });
  }

  insertMessage(m: NewInternalMessageRow): number {
    return Number(this.s.insertMessage.run(m).lastInsertRowid);
  }

  getMessage(id: number): InternalMessageRow | undefined {
    return this.s.getMessage.get(id) as InternalMessageRow | undefined;
  }

  findByClientId(authorId: string, clientMessageId: string): InternalMessageRow | undefined {
    return this.s.findByClientId.get(authorId, clientMessageId) as InternalMessageRow | undefined;
  }

  /** Up to `limit` messages before `before`, newest first. */
  messagesBefore(chatId: number, before: number, limit: number): InternalMessageRow[] {
    return this.s.messagesBefore.all(chatId, before, limit) as InternalMessageRow[];
  }

  /** Messages by id (the quoted ones of a page): one statement. */
  messagesByIds(ids: readonly number[]): Map<number, InternalMessageRow> {
    if (ids.length === 0) return new Map();
    const rows = this.s.messagesByIds.all(JSON.stringify(ids)) as InternalMessageRow[];
    return new Map(rows.map((r) => [r.id, r]));
  }
}

function toChat(r: ChatWithLast, members: { id: string; name: string }[]): InternalChat {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    members,
    lastMessage:
      r.last_message_id === null || r.m_author_id === null
        ? null
        : {
            id: r.last_message_id,
            author: { kind: 'manager', id: r.m_author_id, name: r.m_author_name ?? '' },
            text: preview(r.m_text ?? ''),
            createdAt: r.m_created_at ?? 0,
          },
    lastActivityAt: r.last_activity_at,
    createdAt: r.created_at,
  };
}
