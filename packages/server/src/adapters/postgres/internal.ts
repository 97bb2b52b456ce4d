import type { InternalChat } from '@chatdesk/protocol';
import type { InternalChatRow, InternalChatStore } from '../../ports/storage.js';
import { PREVIEW_CHARS, type Sql } from './sql.js';

/**
 * Internal chats (S-DLG-14) in the one message model: conversations of kind 'internal' with their
 * members in `conversation_members`; messages, read cursors ('u:' keys) and search are the
 * customer conversations' own. Every statement names the kind.
 */

/** A direct chat's key: the pair sorted, so (a, b) and (b, a) are the same chat. */
function directKey(a: string, b: string): string {
  return JSON.stringify(a < b ? [a, b] : [b, a]);
}

const CHAT_ROW = `c.id, CASE WHEN c.direct_key IS NULL THEN 'group' ELSE 'direct' END AS kind, c.title, c.direct_key,
  c.created_by, c.last_message_id, c.message_count, c.last_activity_at, c.created_at`;
const CHAT_SELECT = `SELECT ${CHAT_ROW}, m.author_id AS m_author_id, m.author_name AS m_author_name,
  left(m.text, ${PREVIEW_CHARS}) AS m_text, m.created_at AS m_created_at FROM conversations c LEFT JOIN messages m ON m.id = c.last_message_id`;
/** A member's read ordinal: their cursor row, 0 before they have one. */
const READ = `coalesce((SELECT rc.read_ordinal FROM read_cursors rc WHERE rc.user_key = 'u:' || me.user_id
  AND rc.conversation_id = me.conversation_id), 0)`;
/** Names in byte order, as SQLite's BINARY collation sorts them. */
const BY_NAME = 'u.name COLLATE "C", u.id COLLATE "C"';

interface ChatWithLast extends InternalChatRow {
  m_author_id: string | null;
  m_author_name: string | null;
  m_text: string | null;
  m_created_at: number | null;
}

type Member = { id: string; name: string };

function toChat(r: ChatWithLast, members: Member[]): InternalChat {
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
            text: r.m_text ?? '',
            createdAt: r.m_created_at ?? 0,
          },
    lastActivityAt: r.last_activity_at,
    createdAt: r.created_at,
  };
}

/** `touch`: a new message moves the same counters as a customer conversation's (one statement, conversations.ts). */
export function internalStore(sql: Sql, touch: InternalChatStore['touch']): InternalChatStore {
  const members = (chatId: number) =>
    sql.all<Member>(`SELECT u.id, u.name FROM conversation_members im JOIN users u ON u.id = im.user_id WHERE im.conversation_id = $1 ORDER BY ${BY_NAME}`, [chatId]);
  return {
    touch,
    get: (id) => sql.one<InternalChatRow>(`SELECT ${CHAT_ROW} FROM conversations c WHERE c.id = $1 AND c.kind = 'internal'`, [id]),
    view: async (id) => {
      const row = await sql.one<ChatWithLast>(`${CHAT_SELECT} WHERE c.id = $1 AND c.kind = 'internal'`, [id]);
      return row && toChat(row, await members(id));
    },
    of: async (userId, limit) => {
      const rows = await sql.all<ChatWithLast>(
        `${CHAT_SELECT} JOIN conversation_members me ON me.conversation_id = c.id AND me.user_id = $1
         WHERE c.kind = 'internal' ORDER BY c.last_activity_at DESC, c.id DESC LIMIT $2`,
        [userId, limit],
      );
      const byChat = new Map<number, Member[]>();
      const all = await sql.all<Member & { chat_id: number }>(
        `SELECT im.conversation_id AS chat_id, u.id, u.name FROM conversation_members mine
         JOIN conversation_members im ON im.conversation_id = mine.conversation_id JOIN users u ON u.id = im.user_id
         JOIN conversations c ON c.id = mine.conversation_id
         WHERE mine.user_id = $1 AND c.kind = 'internal' ORDER BY ${BY_NAME}`,
        [userId],
      );
      for (const r of all) {
        let list = byChat.get(r.chat_id);
        if (!list) byChat.set(r.chat_id, (list = []));
        list.push({ id: r.id, name: r.name });
      }
      return rows.map((r) => toChat(r, byChat.get(r.id) ?? []));
    },
    findDirect: (a, b) => sql.one<InternalChatRow>(`SELECT ${CHAT_ROW} FROM conversations c WHERE c.direct_key = $1 AND c.kind = 'internal'`, [directKey(a, b)]),
    insert: async (c, now) => {
      const key = c.kind === 'direct' ? directKey(c.memberIds[0] ?? '', c.memberIds[1] ?? '') : null;
      const { id } = (await sql.one<{ id: number }>(
        `INSERT INTO conversations (kind, title, direct_key, created_by, last_activity_at, created_at)
         VALUES ('internal', $1, $2, $3, $4, $4) RETURNING id`,
        [c.title, key, c.createdBy, now],
      ))!;
      await sql.run('INSERT INTO conversation_members (conversation_id, user_id) SELECT $1, unnest($2::text[])', [id, c.memberIds]);
      return id;
    },
    cursors: async (chatId) => {
      const rows = await sql.all<{ user_id: string; read_ordinal: number }>(
        `SELECT me.user_id, ${READ} AS read_ordinal FROM conversation_members me
         JOIN conversations c ON c.id = me.conversation_id WHERE me.conversation_id = $1 AND c.kind = 'internal'`,
        [chatId],
      );
      return new Map(rows.map((r) => [r.user_id, r.read_ordinal]));
    },
    cursor: async (chatId, userId) =>
      (
        await sql.one<{ n: number }>(
          `SELECT ${READ} AS n FROM conversation_members me JOIN conversations c ON c.id = me.conversation_id
           WHERE me.conversation_id = $1 AND me.user_id = $2 AND c.kind = 'internal'`,
          [chatId, userId],
        )
      )?.n,
    unreadOf: async (userId) => {
      const out: Record<string, number> = {};
      const rows = await sql.all<{ id: number; n: number }>(
        `SELECT c.id, c.message_count - ${READ} AS n FROM conversation_members me
         JOIN conversations c ON c.id = me.conversation_id WHERE me.user_id = $1 AND c.kind = 'internal' AND c.message_count > ${READ}`,
        [userId],
      );
      for (const r of rows) out[String(r.id)] = r.n;
      return out;
    },
  };
}
