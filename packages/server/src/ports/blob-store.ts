import type { Readable } from 'node:stream';

/**
 * The blob store port (S-DLG-9): file contents by key, the SHA-256 of the bytes (hex), so the
 * same bytes are kept once. Metadata lives in the database (`FileStore`); a blob is written
 * before the row that names it and removed only when no row names it any more. Adapters:
 * adapters/fs/ (files under the server's data folder, the embedded default) and
 * adapters/postgres/blob-store.ts (chunks in the database: every node of a cluster serves every file).
 */
export interface BlobStore {
  /**
   * Stores the content of the local file at `path` (which the caller owns and removes) under
   * `key`, its SHA-256; a key already stored is left as it is. Atomic: a reader never sees part
   * of a blob.
   */
  put(key: string, path: string, size: number): Promise<void>;
  /** Bytes `start`..`end` (inclusive) of a blob, or the whole; undefined when the key is unknown. */
  read(key: string, range?: { start: number; end: number }): Promise<Readable | undefined>;
  has(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Releases what the store holds open (nothing for most). */
  close(): Promise<void>;
}

/** A blob key: 64 lowercase hex digits (the adapters never build a path or a query from anything else). */
export const BLOB_KEY = /^[0-9a-f]{64}$/;
