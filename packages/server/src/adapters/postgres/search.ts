import type { MessageRow, SearchStore } from '../../ports/storage.js';
import { anyOf, Params, visibilityParts, type Sql } from './sql.js';

/** A tsquery of prefix lexemes, written in tsquery's own syntax (each quoted: user input is never syntax). */
export function prefixQuery(terms: readonly string[]): string {
  return terms.map((t) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}':*`).join(' & ');
}

/** A LIKE pattern matching `term` anywhere, its wildcards escaped (the default escape is a backslash). */
function likeAnywhere(term: string): string {
  return `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

export function searchStore(sql: Sql): SearchStore {
  return {
    messages: async (visible, terms, beforeId, limit) => {
      if (terms.length === 0) return [];
      const p = new Params();
      const parts = visibilityParts(visible, p);
      const match = p.add(prefixQuery(terms));
      const before = beforeId === null ? '' : ` AND m.id < ${p.add(beforeId)}`;
      return sql.all<MessageRow>(
        `SELECT m.id, m.conversation_id, m.author_kind, m.author_id, m.author_name, m.text, m.client_message_id, m.created_at,
           m.ordinal, m.system, m.status, m.fail_reason, m.attempts, m.reply_to_id, m.edited_at, m.deleted_at, m.attachments, m.cards
         FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE m.search @@ ${match}::tsquery${before} AND ${anyOf(parts)}
         ORDER BY m.id DESC LIMIT ${p.add(limit)}`,
        p.values,
      );
    },
    customers: async (visible, terms, cursor, limit) => {
      // As on SQLite: a term of three code points or more must be there for the trigram index to
      // answer; shorter ones only narrow what it found.
      if (!terms.some((t) => [...t].length >= 3)) return [];
      const p = new Params();
      const parts = visibilityParts(visible, p);
      const likes = terms.map((t) => ` AND cu.search_key LIKE ${p.add(likeAnywhere(t))}`).join('');
      let after = '';
      if (cursor) {
        const at = p.add(cursor.at);
        after = ` AND c.last_activity_at <= ${at} AND (c.last_activity_at < ${at} OR c.id < ${p.add(cursor.id)})`;
      }
      const rows = await sql.all<{ id: number }>(
        `SELECT c.id FROM customers cu JOIN conversations c ON c.customer_id = cu.id
         WHERE true${likes} AND ${anyOf(parts)}${after}
         ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ${p.add(limit)}`,
        p.values,
      );
      return rows.map((r) => r.id);
    },
  };
}
