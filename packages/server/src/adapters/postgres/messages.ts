import { searchWords } from '../../ports/search-folding.js';
import type { MessageRow, MessageStore, RevisionRow } from '../../ports/storage.js';
import type { Sql } from './sql.js';

/** Every column but the search vector: the port's message row. */
const COLUMNS = `id, conversation_id, author_kind, author_id, author_name, text, client_message_id, created_at, ordinal,
  system, status, fail_reason, attempts, reply_to_id, edited_at, deleted_at, attachments, cards`;

export function messageStore(sql: Sql): MessageStore {
  return {
    insert: async (m) =>
      (await sql.one<{ id: number }>(
        `INSERT INTO messages (conversation_id, author_kind, author_id, author_name, text, client_message_id, created_at, ordinal,
           system, status, fail_reason, reply_to_id, attachments, cards, search)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, array_to_tsvector($15::text[])) RETURNING id`,
        [
          m.conversation_id,
          m.author_kind,
          m.author_id,
          m.author_name,
          m.text,
          m.client_message_id,
          m.created_at,
          m.ordinal,
          m.system ?? null,
          m.status ?? null,
          m.fail_reason ?? null,
          m.reply_to_id ?? null,
          m.attachments ?? null,
          m.cards ?? null,
          // S-DLG-3: a system notice is not searchable (nor, later, a deleted message).
          m.author_kind === 'system' ? null : searchWords(m.text),
        ],
      ))!.id,
    get: (id) => sql.one<MessageRow>(`SELECT ${COLUMNS} FROM messages WHERE id = $1`, [id]),
    byIds: async (ids) => {
      const out = new Map<number, MessageRow>();
      if (ids.length === 0) return out;
      for (const r of await sql.all<MessageRow>(`SELECT ${COLUMNS} FROM messages WHERE id = ANY($1::bigint[])`, [ids])) out.set(r.id, r);
      return out;
    },
    byClientId: (kind, authorId, clientMessageId) =>
      sql.one<MessageRow>(`SELECT ${COLUMNS} FROM messages WHERE author_kind = $1 AND author_id = $2 AND client_message_id = $3`, [kind, authorId, clientMessageId]),
    before: (conversationId, before, limit, deliverableOnly = false) =>
      sql.all<MessageRow>(
        `SELECT ${COLUMNS} FROM messages WHERE conversation_id = $1 AND id < $2${deliverableOnly ? ` AND status IS DISTINCT FROM 'failed'` : ''}
         ORDER BY id DESC LIMIT $3`,
        [conversationId, before, limit],
      ),
    // The search vector follows the text: the old words are no longer found.
    edit: async (id, text, at) =>
      void (await sql.run('UPDATE messages SET text = $2, edited_at = $3, search = array_to_tsvector($4::text[]) WHERE id = $1', [id, text, at, searchWords(text)])),
    // A deleted message's files are no longer shown nor served (S-DLG-9).
    delete: async (id, at) => void (await sql.run(`UPDATE messages SET text = '', attachments = NULL, cards = NULL, deleted_at = $2, search = NULL WHERE id = $1`, [id, at])),
    addRevision: async (r) =>
      void (await sql.run(
        `INSERT INTO message_revisions (message_id, action, text, actor_kind, actor_id, actor_name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [r.message_id, r.action, r.text, r.actor_kind, r.actor_id, r.actor_name, r.created_at],
      )),
    revisions: (messageId) => sql.all<RevisionRow>('SELECT * FROM message_revisions WHERE message_id = $1 ORDER BY id', [messageId]),
    moveDelivery: async (conversationId, upToId, from, to, failReason) => {
      // `failed` is left to retryDelivery; a deleted message keeps the status it had.
      const statuses = from.filter((s) => s !== 'failed');
      if (statuses.length === 0) return [];
      return sql.all<{ id: number; ordinal: number }>(
        `WITH moved AS (UPDATE messages SET status = $4, fail_reason = $5
           WHERE conversation_id = $1 AND id <= $2 AND status = ANY($3::text[]) AND deleted_at IS NULL RETURNING id, ordinal)
         SELECT id, ordinal FROM moved ORDER BY id`,
        [conversationId, upToId, statuses, to, failReason],
      );
    },
    moveOneDelivery: async (id, from, to, failReason) =>
      (await sql.run('UPDATE messages SET status = $2, fail_reason = $3 WHERE id = $1 AND status = ANY($4::text[]) AND deleted_at IS NULL', [id, to, failReason, from])) > 0,
    retryDelivery: (id, status, failReason) =>
      sql.one<MessageRow>(
        `UPDATE messages SET status = $2, fail_reason = $3, attempts = attempts + 1 WHERE id = $1 AND status = 'failed' RETURNING ${COLUMNS}`,
        [id, status, failReason],
      ),
    undeliveredCustomers: async () =>
      (
        await sql.all<{ id: number }>(
          `SELECT DISTINCT c.customer_id AS id FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.status IN ('queued', 'sent')`,
          [],
        )
      ).map((r) => r.id),
  };
}
