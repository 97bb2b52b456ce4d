import type { Conversation } from '@chatdesk/protocol';
import type { ConversationRow, ConversationStore, DraftRecord, DraftStore, ReadCursorStore } from '../../ports/storage.js';
import { SLA_RUNNING, slaCondition, sortKey } from '../list-sql.js';
import { anyOf, mergeOrdered, Params, PREVIEW_CHARS, visibilityParts, type Sql } from './sql.js';

const ROW = `c.id, c.channel_id, c.customer_id, c.status, c.assignee_id, c.last_message_id, c.last_activity_at,
  c.message_count, c.created_at, c.waiting_since, c.sla_since, c.sla_due_at`;

/** A conversation with its channel, customer and last message, as `toConversation` reads it. */
const VIEW_COLUMNS = `c.id, c.channel_id, ch.kind AS channel_kind, ch.name AS channel_name, c.customer_id,
  cu.name AS customer_name, cu.blocked AS customer_blocked, c.status, c.assignee_id, c.last_message_id,
  m.author_kind AS m_author_kind, m.author_id AS m_author_id, m.author_name AS m_author_name,
  left(m.text, ${PREVIEW_CHARS}) AS m_text, m.created_at AS m_created_at, m.deleted_at AS m_deleted_at,
  c.last_activity_at, c.created_at, c.waiting_since, c.sla_since`;
const VIEW_JOINS = `JOIN channels ch ON ch.id = c.channel_id
  JOIN customers cu ON cu.id = c.customer_id
  LEFT JOIN messages m ON m.id = c.last_message_id`;

interface ViewRow {
  id: number;
  channel_id: number;
  channel_kind: string;
  channel_name: string;
  customer_id: number;
  customer_name: string;
  customer_blocked: boolean;
  status: Conversation['status'];
  assignee_id: string | null;
  last_message_id: number | null;
  m_author_kind: NonNullable<Conversation['lastMessage']>['author']['kind'] | null;
  m_author_id: string | null;
  m_author_name: string | null;
  m_text: string | null;
  m_created_at: number | null;
  m_deleted_at: number | null;
  last_activity_at: number;
  created_at: number;
  waiting_since: number | null;
  sla_since: number | null;
}

function toConversation(r: ViewRow): Conversation {
  return {
    id: r.id,
    channel: { id: r.channel_id, kind: r.channel_kind, name: r.channel_name },
    customer: { id: r.customer_id, name: r.customer_name, blocked: r.customer_blocked },
    status: r.status,
    assigneeId: r.assignee_id,
    lastMessage:
      r.last_message_id === null || r.m_author_kind === null
        ? null
        : {
            id: r.last_message_id,
            author: { kind: r.m_author_kind, id: r.m_author_id ?? '', name: r.m_author_name ?? '' },
            text: r.m_text ?? '',
            createdAt: r.m_created_at ?? 0,
            ...(r.m_deleted_at === null ? {} : { deleted: true as const }),
          },
    lastActivityAt: r.last_activity_at,
    createdAt: r.created_at,
    waitingSince: r.waiting_since,
    slaSince: r.sla_since,
  };
}

export function conversationStore(sql: Sql): ConversationStore {
  return {
    get: (id) => sql.one<ConversationRow>(`SELECT ${ROW} FROM conversations c WHERE c.id = $1 AND c.kind = 'customer'`, [id]),
    view: async (id) => {
      const r = await sql.one<ViewRow>(`SELECT ${VIEW_COLUMNS} FROM conversations c ${VIEW_JOINS} WHERE c.id = $1 AND c.kind = 'customer'`, [id]);
      return r && toConversation(r);
    },
    latest: (customerId, channelId) =>
      sql.one<ConversationRow>(
        `SELECT ${ROW} FROM conversations c WHERE c.customer_id = $1 AND c.channel_id = $2
         ORDER BY c.status = 'open' DESC, c.last_activity_at DESC, c.id DESC LIMIT 1`,
        [customerId, channelId],
      ),
    ofCustomer: (customerId) => sql.all<ConversationRow>(`SELECT ${ROW} FROM conversations c WHERE c.customer_id = $1 ORDER BY c.id`, [customerId]),
    insert: async (c, now) =>
      (await sql.one<{ id: number }>(
        `INSERT INTO conversations (channel_id, customer_id, status, assignee_id, last_activity_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
        [c.channel_id, c.customer_id, c.status ?? 'open', c.assignee_id ?? null, now],
      ))!.id,
    update: async (row) =>
      void (await sql.run(
        `UPDATE conversations SET status = $2, assignee_id = $3, last_message_id = $4, last_activity_at = $5, message_count = $6, sla_since = $7 WHERE id = $1`,
        [row.id, row.status, row.assignee_id, row.last_message_id, row.last_activity_at, row.message_count, row.sla_since],
      )),
    touch: async (row) =>
      void (await sql.run(`UPDATE conversations SET last_message_id = $2, last_activity_at = $3, message_count = $4, sla_since = $5 WHERE id = $1`, [
        row.id,
        row.last_message_id,
        row.last_activity_at,
        row.message_count,
        row.sla_since,
      ])),
    setSlaDue: async (id, at) => void (await sql.run('UPDATE conversations SET sla_due_at = $2 WHERE id = $1', [id, at])),
    slaDue: (now, limit) =>
      sql.all<ConversationRow>(`SELECT ${ROW} FROM conversations c WHERE c.sla_due_at IS NOT NULL AND c.sla_due_at <= $1 ORDER BY c.sla_due_at, c.id LIMIT $2`, [now, limit]),
    slaRestart: async () => await sql.run('UPDATE conversations SET sla_due_at = sla_since WHERE sla_since IS NOT NULL', []),
    countSla: async (visible, q) => {
      const p = new Params();
      const parts = visibilityParts(visible, p);
      const now = `${p.add(q.now)}::bigint`;
      return (await sql.one<{ n: number }>(`SELECT count(*)::int AS n FROM conversations c WHERE ${anyOf(parts)} AND ${slaCondition(q, now)}`, p.values))!.n;
    },
    setWaitingSince: async (id, at) => void (await sql.run('UPDATE conversations SET waiting_since = $2 WHERE id = $1', [id, at])),
    setCustomer: async (id, customerId) => void (await sql.run('UPDATE conversations SET customer_id = $2 WHERE id = $1', [id, customerId])),
    openLoad: async (userId) =>
      (await sql.one<{ n: number }>(`SELECT count(*)::int AS n FROM conversations WHERE assignee_id = $1 AND status = 'open'`, [userId]))!.n,
    backlog: (limit) =>
      sql.all<ConversationRow>(
        `SELECT ${ROW} FROM conversations c WHERE c.assignee_id IS NULL AND c.status = 'open' AND c.kind = 'customer'
         ORDER BY coalesce(c.waiting_since, c.last_activity_at), c.id LIMIT $1`,
        [limit],
      ),
    idleOpen: (assigned, cutoff, limit) =>
      sql.all<ConversationRow>(
        `SELECT ${ROW} FROM conversations c WHERE c.last_activity_at < $1 AND c.status = 'open' AND c.kind = 'customer'
         AND c.assignee_id IS ${assigned ? 'NOT ' : ''}NULL ORDER BY c.last_activity_at, c.id LIMIT $2`,
        [cutoff, limit],
      ),
    list: async (visible, readerKey, limit, cursor, query = { sort: 'activity', filter: {} }) => {
      const p = new Params();
      const parts = visibilityParts(visible, p);
      const { sort, filter } = query;
      const reader = p.add(readerKey);
      const conds: string[] = [];
      if (filter.status !== undefined) conds.push(`c.status = ${p.add(filter.status)}`);
      if (filter.channelId !== undefined) conds.push(`c.channel_id = ${p.add(filter.channelId)}`);
      if (filter.assigneeId === null) conds.push('c.assignee_id IS NULL');
      else if (filter.assigneeId !== undefined) conds.push(`c.assignee_id = ${p.add(filter.assigneeId)}`);
      if (filter.unreadOnly) {
        conds.push(`c.message_count > coalesce((SELECT rc.read_ordinal FROM read_cursors rc WHERE rc.user_key = ${reader} AND rc.conversation_id = c.id), 0)`);
      }
      if (filter.unansweredOnly || sort === 'waiting') conds.push('c.waiting_since IS NOT NULL');
      if (sort === 'sla') conds.push(SLA_RUNNING);
      if (query.sla) conds.push(slaCondition(query.sla, `${p.add(query.sla.now)}::bigint`));
      const extra = conds.map((cond) => ` AND ${cond}`).join('');
      const key = sortKey(sort, query.limits);
      let after = '';
      if (cursor) {
        const at = `${p.add(cursor.at)}::bigint`;
        const id = p.add(cursor.id);
        after = key.desc
          ? `AND ${key.sql} <= ${at} AND (${key.sql} < ${at} OR c.id < ${id})`
          : `AND ${key.sql} >= ${at} AND (${key.sql} > ${at} OR c.id > ${id})`;
      }
      const lim = p.add(limit);
      const page = mergeOrdered(
        parts.map((part) => `SELECT c.id, ${key.sql} AS sort_key FROM conversations c WHERE (${part}) ${after}${extra}`),
        lim,
        key,
      );
      const pageOrder = key.desc ? 'page.sort_key DESC, page.id DESC' : 'page.sort_key, page.id';
      const rows = await sql.all<ViewRow & { unread: number }>(
        `WITH page AS MATERIALIZED (${page})
         SELECT ${VIEW_COLUMNS}, greatest(0, c.message_count - coalesce(rc.read_ordinal, 0))::int AS unread
         FROM page JOIN conversations c ON c.id = page.id ${VIEW_JOINS}
         LEFT JOIN read_cursors rc ON rc.user_key = ${reader} AND rc.conversation_id = c.id
         ORDER BY ${pageOrder}`,
        p.values,
      );
      return rows.map((r) => ({ conversation: toConversation(r), unread: r.unread }));
    },
  };
}

export function cursorStore(sql: Sql): ReadCursorStore {
  return {
    get: async (key, conversationId) =>
      (await sql.one<{ n: number }>('SELECT read_ordinal AS n FROM read_cursors WHERE user_key = $1 AND conversation_id = $2', [key, conversationId]))?.n ?? 0,
    put: async (key, conversationId, ordinal) =>
      void (await sql.run(
        `INSERT INTO read_cursors (user_key, conversation_id, read_ordinal) VALUES ($1, $2, $3)
         ON CONFLICT (user_key, conversation_id) DO UPDATE SET read_ordinal = excluded.read_ordinal`,
        [key, conversationId, ordinal],
      )),
    countUnread: async (visible, key) => {
      const p = new Params();
      const parts = visibilityParts(visible, p);
      const reader = p.add(key);
      const r = await sql.one<{ n: number }>(
        `SELECT count(*)::int AS n FROM conversations c
         LEFT JOIN read_cursors rc ON rc.user_key = ${reader} AND rc.conversation_id = c.id
         WHERE ${anyOf(parts)} AND c.message_count > coalesce(rc.read_ordinal, 0)`,
        p.values,
      );
      return r!.n;
    },
    unread: async (visible, key, limit) => {
      const p = new Params();
      const parts = visibilityParts(visible, p);
      const reader = p.add(key);
      const read = `(SELECT rc.read_ordinal FROM read_cursors rc WHERE rc.user_key = ${reader} AND rc.conversation_id = c.id)`;
      const rows = await sql.all<{ id: number; unread: number }>(
        mergeOrdered(
          parts.map(
            (part) => `SELECT c.id, c.last_activity_at, (c.message_count - coalesce(${read}, 0))::int AS unread
              FROM conversations c WHERE (${part}) AND c.message_count > coalesce(${read}, 0)`,
          ),
          p.add(limit),
        ),
        p.values,
      );
      return rows.map((r) => ({ id: r.id, unread: r.unread }));
    },
  };
}

type DraftRow = { user_id: string; conversation_id: number; text: string; updated_at: number };
const draftOf = (r: DraftRow): DraftRecord => ({ userId: r.user_id, conversationId: r.conversation_id, text: r.text, updatedAt: r.updated_at });

export function draftStore(sql: Sql): DraftStore {
  return {
    get: async (userId, conversationId) => {
      const r = await sql.one<DraftRow>('SELECT * FROM drafts WHERE user_id = $1 AND conversation_id = $2', [userId, conversationId]);
      return r && draftOf(r);
    },
    put: async (d) =>
      void (await sql.run(
        `INSERT INTO drafts (user_id, conversation_id, text, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, conversation_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at`,
        [d.userId, d.conversationId, d.text, d.updatedAt],
      )),
    delete: async (userId, conversationId) => (await sql.run('DELETE FROM drafts WHERE user_id = $1 AND conversation_id = $2', [userId, conversationId])) > 0,
    list: async (userId, visible, limit) => {
      const p = new Params();
      const parts = visibilityParts(visible, p);
      const rows = await sql.all<DraftRow>(
        `SELECT d.* FROM drafts d JOIN conversations c ON c.id = d.conversation_id
         WHERE d.user_id = ${p.add(userId)} AND ${anyOf(parts)} ORDER BY d.updated_at DESC, d.conversation_id DESC LIMIT ${p.add(limit)}`,
        p.values,
      );
      return rows.map(draftOf);
    },
    beyond: async (userId, keep, except) =>
      (
        await sql.all<{ conversation_id: number }>(
          'SELECT conversation_id FROM drafts WHERE user_id = $1 AND conversation_id <> $2 ORDER BY updated_at DESC OFFSET $3',
          [userId, except, keep],
        )
      ).map((r) => r.conversation_id),
  };
}
