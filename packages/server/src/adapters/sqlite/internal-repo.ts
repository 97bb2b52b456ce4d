import type { InternalChat } from '@chatdesk/protocol';
import type { Db } from './db.js';
import { previewText } from '../../ports/records.js';
import type { InternalChatRow } from './rows.js';

/**
 * Internal chats (S-DLG-14) in the one message model (migration 011): conversations of kind
 * 'internal' with their members in `conversation_members`; their messages, read cursors ('u:'
 * keys) and search index are the customer conversations' own (repo.ts). Every statement here
 * names the kind, as every customer statement does. No rules here: services/internal.ts decides.
 */

/** A chat with what the list shows: its last message's row (if any). */
interface ChatWithLast extends InternalChatRow {
  m_author_id: string | null;
  m_author_name: string | null;
  m_text: string | null;
  m_created_at: number | null;
}


/** A direct chat's key: the pair sorted, so (a, b) and (b, a) are the same chat. */
export function directKey(a: string, b: string): string {
  return JSON.stringify(a < b ? [a, b] : [b, a]);
}

/** An internal chat's record: its sub-kind follows from the direct pair's key. */
const CHAT_ROW = `c.id, CASE WHEN c.direct_key IS NULL THEN 'group' ELSE 'direct' END AS kind, c.title, c.direct_key,
  c.created_by, c.last_message_id, c.message_count, c.last_activity_at, c.created_at`;
const CHAT_SELECT = `SELECT ${CHAT_ROW}, m.author_id AS m_author_id, m.author_name AS m_author_name, m.text AS m_text,
  m.created_at AS m_created_at FROM conversations c LEFT JOIN messages m ON m.id = c.last_message_id`;
/** A member's read ordinal: their cursor row, 0 before they have one. */
const READ = `coalesce((SELECT rc.read_ordinal FROM read_cursors rc WHERE rc.user_key = 'u:' || me.user_id
  AND rc.conversation_id = me.conversation_id), 0)`;

export class InternalRepo {
  private readonly s;

  constructor(db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      getChat: p(`SELECT ${CHAT_ROW} FROM conversations c WHERE c.id = ? AND c.kind = 'internal'`),
      chatWithLast: p(`${CHAT_SELECT} WHERE c.id = ? AND c.kind = 'internal'`),
      chatsOf: p(`${CHAT_SELECT} JOIN conversation_members me ON me.conversation_id = c.id AND me.user_id = @user
        WHERE c.kind = 'internal' ORDER BY c.last_activity_at DESC, c.id DESC LIMIT @limit`),
      unreadOf: p(`SELECT c.id, c.message_count - ${READ} AS n FROM conversation_members me
        JOIN conversations c ON c.id = me.conversation_id WHERE me.user_id = ? AND c.kind = 'internal' AND c.message_count > ${READ}`),
      findDirect: p(`SELECT ${CHAT_ROW} FROM conversations c WHERE c.direct_key = ? AND c.kind = 'internal'`),
      insertChat: p(`INSERT INTO conversations (kind, title, direct_key, created_by, last_activity_at, created_at)
        VALUES ('internal', @title, @direct_key, @created_by, @now, @now)`),
      insertMember: p('INSERT INTO conversation_members (conversation_id, user_id) VALUES (?, ?)'),
      members: p(`SELECT u.id, u.name FROM conversation_members im JOIN users u ON u.id = im.user_id
        WHERE im.conversation_id = ? ORDER BY u.name, u.id`),
      membersOfChatsOf: p(`SELECT im.conversation_id AS chat_id, u.id, u.name FROM conversation_members mine
        JOIN conversation_members im ON im.conversation_id = mine.conversation_id JOIN users u ON u.id = im.user_id
        JOIN conversations c ON c.id = mine.conversation_id
        WHERE mine.user_id = ? AND c.kind = 'internal' ORDER BY u.name, u.id`),
      memberCursor: p(`SELECT ${READ} AS n FROM conversation_members me JOIN conversations c ON c.id = me.conversation_id
        WHERE me.conversation_id = ? AND me.user_id = ? AND c.kind = 'internal'`),
      memberCursors: p(`SELECT me.user_id, ${READ} AS read_ordinal FROM conversation_members me
        JOIN conversations c ON c.id = me.conversation_id WHERE me.conversation_id = ? AND c.kind = 'internal'`),
    };
  }

  getChat(id: number): InternalChatRow | undefined {
    return this.s.getChat.get(id) as InternalChatRow | undefined;
  }

  findDirect(a: string, b: string): InternalChatRow | undefined {
    return this.s.findDirect.get(directKey(a, b)) as InternalChatRow | undefined;
  }

  /** A new chat with its members (nothing read yet). */
  insertChat(c: { kind: 'direct' | 'group'; title: string; createdBy: string; memberIds: readonly string[] }, now: number): number {
    const direct_key = c.kind === 'direct' ? directKey(c.memberIds[0] ?? '', c.memberIds[1] ?? '') : null;
    const id = Number(this.s.insertChat.run({ title: c.title, direct_key, created_by: c.createdBy, now }).lastInsertRowid);
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
            text: previewText(r.m_text ?? ''),
            createdAt: r.m_created_at ?? 0,
          },
    lastActivityAt: r.last_activity_at,
    createdAt: r.created_at,
  };
}
