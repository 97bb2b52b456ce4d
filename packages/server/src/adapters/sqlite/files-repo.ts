import type { Db } from './db.js';
import type { FileRow, NewFileRow } from './rows.js';

/**
 * S-DLG-9: files' metadata (migration 013); their bytes are blobs (adapters/fs/). A file's
 * conversation_id is set with its message, so "show attachments" reads one index range. No
 * rules here: services/files.ts decides who may see what.
 */
export class FilesRepo {
  private readonly s;

  constructor(private readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      insert: p(`INSERT INTO files (blob_key, kind, mime, name, size, width, height, thumb_key, thumb_width, thumb_height, owner_key, created_at)
        VALUES (@blob_key, @kind, @mime, @name, @size, @width, @height, @thumb_key, @thumb_width, @thumb_height, @owner_key, @created_at)`),
      get: p('SELECT * FROM files WHERE id = ?'),
      byIds: p('SELECT * FROM files WHERE id IN (SELECT value FROM json_each(?))'),
      attach: p('UPDATE files SET message_id = ?, conversation_id = ? WHERE id IN (SELECT value FROM json_each(?)) AND message_id IS NULL'),
      unsentBefore: p('SELECT id, blob_key, thumb_key FROM files WHERE message_id IS NULL AND created_at < ? ORDER BY created_at LIMIT ?'),
      deleteById: p('DELETE FROM files WHERE id = ?'),
      unsentOf: p('SELECT count(*) AS count, coalesce(sum(size), 0) AS bytes FROM files WHERE owner_key = ? AND message_id IS NULL'),
      blobInUse: p('SELECT 1 FROM files WHERE blob_key = ? UNION ALL SELECT 1 FROM files WHERE thumb_key = ? LIMIT 1').pluck(),
    };
  }

  insert(f: NewFileRow): number {
    return Number(this.s.insert.run(f).lastInsertRowid);
  }

  get(id: number): FileRow | undefined {
    return this.s.get.get(id) as FileRow | undefined;
  }

  byIds(ids: readonly number[]): FileRow[] {
    return ids.length === 0 ? [] : (this.s.byIds.all(JSON.stringify(ids)) as FileRow[]);
  }

  attach(ids: readonly number[], messageId: number, conversationId: number): number {
    return this.s.attach.run(messageId, conversationId, JSON.stringify(ids)).changes;
  }

  ofConversation(conversationId: number, images: boolean, beforeId: number, limit: number, deliverableOnly: boolean): FileRow[] {
    // The index's own expression (kind = 'image'), so SQLite reads one range of it newest first.
    const failed = deliverableOnly ? ` AND m.status IS NOT 'failed'` : '';
    return this.db
      .prepare(`SELECT f.* FROM files f JOIN messages m ON m.id = f.message_id
        WHERE f.conversation_id = ? AND (f.kind = 'image') = ? AND f.id < ? AND m.deleted_at IS NULL${failed}
        ORDER BY f.id DESC LIMIT ?`)
      .all(conversationId, images ? 1 : 0, beforeId, limit) as FileRow[];
  }

  pruneUnsent(cutoff: number, limit: number): string[] {
    const keys: string[] = [];
    for (const r of this.s.unsentBefore.all(cutoff, limit) as { id: number; blob_key: string; thumb_key: string | null }[]) {
      this.s.deleteById.run(r.id);
      keys.push(r.blob_key);
      if (r.thumb_key !== null) keys.push(r.thumb_key);
    }
    return keys;
  }

  unsentOf(ownerKey: string): { count: number; bytes: number } {
    return this.s.unsentOf.get(ownerKey) as { count: number; bytes: number };
  }

  blobInUse(key: string): boolean {
    return this.s.blobInUse.get(key, key) !== undefined;
  }
}
