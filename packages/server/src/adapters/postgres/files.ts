import type { FileRow, FileStore } from '../../ports/storage.js';
import type { Sql } from './sql.js';

/** The port's file row (bigint columns come back as JS numbers: db.ts). */
const COLUMNS = `id, blob_key, kind, mime, name, size, width, height, thumb_key, thumb_width, thumb_height, owner_key,
  message_id, conversation_id, created_at`;
/** COLUMNS of a query that names the files table `f`. */
const COLUMNS_OF_F = COLUMNS.replace(/(\w+)/g, 'f.$1');

/**
 * S-DLG-9: files' metadata (migration 004), as the SQLite adapter's FilesRepo; their bytes are
 * blobs (blob-store.ts, or the file system's). A file's conversation_id is set with its message,
 * so "show attachments" reads one range of files_conversation. No rules here: services/files.ts
 * decides who may see what.
 */
export function fileStore(sql: Sql): FileStore {
  return {
    insert: async (f) =>
      (await sql.one<{ id: number }>(
        `INSERT INTO files (blob_key, kind, mime, name, size, width, height, thumb_key, thumb_width, thumb_height, owner_key, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [f.blob_key, f.kind, f.mime, f.name, f.size, f.width, f.height, f.thumb_key, f.thumb_width, f.thumb_height, f.owner_key, f.created_at],
      ))!.id,
    get: (id) => sql.one<FileRow>(`SELECT ${COLUMNS} FROM files WHERE id = $1`, [id]),
    byIds: async (ids) => (ids.length === 0 ? [] : sql.all<FileRow>(`SELECT ${COLUMNS} FROM files WHERE id = ANY($1::bigint[])`, [ids])),
    attach: async (ids, messageId, conversationId) =>
      ids.length === 0
        ? 0
        : sql.run('UPDATE files SET message_id = $1, conversation_id = $2 WHERE id = ANY($3::bigint[]) AND message_id IS NULL', [messageId, conversationId, ids]),
    // The index's own expression, (kind = 'image'), so PostgreSQL reads one range of it newest first.
    ofConversation: (conversationId, images, beforeId, limit, deliverableOnly) =>
      sql.all<FileRow>(
        `SELECT ${COLUMNS_OF_F} FROM files f JOIN messages m ON m.id = f.message_id
         WHERE f.conversation_id = $1 AND (f.kind = 'image') = $2 AND f.id < $3 AND m.deleted_at IS NULL${deliverableOnly ? ` AND m.status IS DISTINCT FROM 'failed'` : ''}
         ORDER BY f.id DESC LIMIT $4`,
        [conversationId, images, beforeId, limit],
      ),
    pruneUnsent: async (cutoff, limit) => {
      const rows = await sql.all<{ blob_key: string; thumb_key: string | null }>(
        `WITH gone AS (
           DELETE FROM files WHERE id IN (SELECT id FROM files WHERE message_id IS NULL AND created_at < $1 ORDER BY created_at, id LIMIT $2)
             AND message_id IS NULL
           RETURNING id, created_at, blob_key, thumb_key)
         SELECT blob_key, thumb_key FROM gone ORDER BY created_at, id`,
        [cutoff, limit],
      );
      const keys: string[] = [];
      for (const r of rows) {
        keys.push(r.blob_key);
        if (r.thumb_key !== null) keys.push(r.thumb_key);
      }
      return keys;
    },
    unsentOf: async (ownerKey) => {
      const r = await sql.one<{ count: number; bytes: number }>(
        'SELECT count(*)::int AS count, coalesce(sum(size), 0)::bigint AS bytes FROM files WHERE owner_key = $1 AND message_id IS NULL',
        [ownerKey],
      );
      return { count: Number(r?.count ?? 0), bytes: Number(r?.bytes ?? 0) };
    },
    blobInUse: async (key) =>
      Boolean(
        (
          await sql.one<{ used: boolean }>(
            'SELECT EXISTS (SELECT 1 FROM files WHERE blob_key = $1) OR EXISTS (SELECT 1 FROM files WHERE thumb_key = $1) AS used',
            [key],
          )
        )?.used,
      ),
  };
}
