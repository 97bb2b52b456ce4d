import type { PortableSql, QuickReplyCategoryRow, QuickReplyRow, QuickReplyStore } from '../ports/storage.js';

const REPLY = 'id, command, title, text, category_id, search, updated_at';

/**
 * S-QR-1..4: quick replies and categories, the same SQL on both adapters (migrations sqlite 019,
 * postgres 010). Uniqueness is the database's (`ON CONFLICT DO NOTHING`): two admins saving the
 * same command at once on two nodes, one wins and the other learns it.
 */
export function quickReplyStore(sql: PortableSql): QuickReplyStore {
  return {
    list: () => sql.all<QuickReplyRow>(`SELECT ${REPLY} FROM quick_replies ORDER BY command`, []),
    get: (id) => sql.one<QuickReplyRow>(`SELECT ${REPLY} FROM quick_replies WHERE id = $1`, [id]),
    count: async () => Number((await sql.one<{ n: number }>('SELECT COUNT(*) AS n FROM quick_replies', []))?.n ?? 0),
    insert: async (r) =>
      (
        await sql.one<{ id: number }>(
          `INSERT INTO quick_replies (command, title, text, category_id, search, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (command) DO NOTHING RETURNING id`,
          [r.command, r.title, r.text, r.category_id, r.search, r.updated_at],
        )
      )?.id ?? null,
    update: async (r) => {
      // Another reply's command: refused here, not by the unique index (an error would end the transaction on PostgreSQL).
      if (await sql.one('SELECT 1 AS taken FROM quick_replies WHERE command = $1 AND id <> $2', [r.command, r.id])) return false;
      await sql.run('UPDATE quick_replies SET command = $2, title = $3, text = $4, category_id = $5, search = $6, updated_at = $7 WHERE id = $1', [
        r.id,
        r.command,
        r.title,
        r.text,
        r.category_id,
        r.search,
        r.updated_at,
      ]);
      return true;
    },
    delete: async (id) => (await sql.run('DELETE FROM quick_replies WHERE id = $1', [id])) > 0,
    categories: () => sql.all<QuickReplyCategoryRow>('SELECT id, name FROM quick_reply_categories ORDER BY name_key, id', []),
    category: (id) => sql.one<QuickReplyCategoryRow>('SELECT id, name FROM quick_reply_categories WHERE id = $1', [id]),
    categoryCount: async () => Number((await sql.one<{ n: number }>('SELECT COUNT(*) AS n FROM quick_reply_categories', []))?.n ?? 0),
    insertCategory: async (name) =>
      (await sql.one<{ id: number }>('INSERT INTO quick_reply_categories (name, name_key) VALUES ($1, $2) ON CONFLICT (name_key) DO NOTHING RETURNING id', [name, nameKey(name)]))
        ?.id ?? null,
    renameCategory: async (id, name) => {
      if (await sql.one('SELECT 1 AS taken FROM quick_reply_categories WHERE name_key = $1 AND id <> $2', [nameKey(name), id])) return false;
      await sql.run('UPDATE quick_reply_categories SET name = $2, name_key = $3 WHERE id = $1', [id, name, nameKey(name)]);
      return true;
    },
    deleteCategory: async (id) => {
      await sql.run('UPDATE quick_replies SET category_id = NULL WHERE category_id = $1', [id]);
      return (await sql.run('DELETE FROM quick_reply_categories WHERE id = $1', [id])) > 0;
    },
  };
}

/** A category's name as uniqueness compares it: any case (JS lower case: the same on both databases). */
const nameKey = (name: string) => name.trim().toLocaleLowerCase('ru');
