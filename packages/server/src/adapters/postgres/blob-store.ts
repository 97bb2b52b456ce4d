import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { BLOB_KEY, type BlobStore } from '../../ports/blob-store.js';

/** Bytes per row of `blob_chunks`: every chunk of a blob but its last holds exactly this many. */
export const BLOB_CHUNK_BYTES = 256 * 1024;

/**
 * The blob store in PostgreSQL (migration 004): every node of a cluster serves every file. A blob
 * is a row of `blobs` (its key and size) and its bytes in `blob_chunks` rows n = 0, 1, 2 … of
 * BLOB_CHUNK_BYTES each (the last one shorter; none for an empty blob), all written in the
 * transaction that adds the row, so a reader never sees part of one. Neither a write nor a read
 * holds more than a chunk or two in memory, and a read fetches only the chunks its range covers.
 *
 * The pool is the caller's (openPostgres's, whose connections already target the schema): this
 * store runs on it outside the storage's transactions and its write lock (a blob is written before
 * the row that names it, and two writers of one key simply meet on its primary key).
 */
export class PostgresBlobStore implements BlobStore {
  readonly #blobs: string;
  readonly #chunks: string;

  /** @param schema qualifies the tables when given; else the pool's search_path finds them. */
  constructor(
    readonly pool: pg.Pool,
    schema?: string,
  ) {
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name: ${schema}`);
    const prefix = schema === undefined ? '' : `${schema}.`;
    this.#blobs = `${prefix}blobs`;
    this.#chunks = `${prefix}blob_chunks`;
  }

  async put(key: string, path: string, size: number): Promise<void> {
    checkKey(key);
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`Invalid blob size: ${size}`);
    const client = await this.pool.connect();
    let broken = false;
    // A checked-out connection that dies emits 'error' here, not to the pool: unheard, it would end the process.
    const died = () => void (broken = true);
    client.on('error', died);
    try {
      await client.query('BEGIN');
      // A writer of the same key in another transaction makes this wait until it ends: then
      // nothing is inserted here (it committed: the blob is there) or this one writes (it rolled back).
      const inserted = await client.query(`INSERT INTO ${this.#blobs} (key, size, created_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING RETURNING key`, [
        key,
        size,
        Date.now(),
      ]);
      if (inserted.rowCount === 1) {
        let n = 0;
        let stored = 0;
        for await (const chunk of exactChunks(createReadStream(path, { highWaterMark: BLOB_CHUNK_BYTES }), BLOB_CHUNK_BYTES)) {
          await client.query(`INSERT INTO ${this.#chunks} (key, n, data) VALUES ($1, $2, $3)`, [key, n++, chunk]);
          stored += chunk.length;
        }
        // A size that is not the file's would make every range read wrong: nothing is stored.
        if (stored !== size) throw new Error(`Blob ${key}: the file holds ${stored} bytes, not ${size}`);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw err;
    } finally {
      client.off('error', died);
      // A connection whose ROLLBACK failed is in an unknown state: it leaves the pool.
      client.release(broken);
    }
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable | undefined> {
    checkKey(key);
    const row = (await this.pool.query<{ size: string | number }>(`SELECT size FROM ${this.#blobs} WHERE key = $1`, [key])).rows[0];
    if (!row) return undefined;
    const size = Number(row.size);
    let start = 0;
    let end = size - 1;
    if (range) {
      if (!Number.isSafeInteger(range.start) || !Number.isSafeInteger(range.end) || range.start < 0) {
        throw new RangeError(`Invalid range ${range.start}-${range.end}`);
      }
      // As a file read: a range past the end stops at the end (the caller checks ranges against the size).
      start = range.start;
      end = Math.min(range.end, size - 1);
    }
    return Readable.from(this.#bytes(key, start, end), { objectMode: false, highWaterMark: BLOB_CHUNK_BYTES });
  }

  /** Bytes `start`..`end` of a blob, one chunk per query (only the covered part of the first and last). */
  async *#bytes(key: string, start: number, end: number): AsyncGenerator<Buffer> {
    if (start > end) return;
    const last = Math.floor(end / BLOB_CHUNK_BYTES);
    for (let n = Math.floor(start / BLOB_CHUNK_BYTES); n <= last; n++) {
      const from = Math.max(start - n * BLOB_CHUNK_BYTES, 0);
      const length = Math.min(end - n * BLOB_CHUNK_BYTES + 1, BLOB_CHUNK_BYTES) - from;
      const r = await this.pool.query<{ data: Buffer }>(
        // substring counts from 1.
        `SELECT substring(data FROM $3::integer FOR $4::integer) AS data FROM ${this.#chunks} WHERE key = $1 AND n = $2`,
        [key, n, from + 1, length],
      );
      const data = r.rows[0]?.data;
      // Deleted meanwhile (no row names it any more): the reader gets an error, never fewer bytes.
      if (!data || data.length !== length) throw new Error(`Blob ${key}: chunk ${n} is missing or short`);
      yield data;
    }
  }

  async has(key: string): Promise<boolean> {
    checkKey(key);
    return ((await this.pool.query(`SELECT 1 FROM ${this.#blobs} WHERE key = $1`, [key])).rowCount ?? 0) > 0;
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    // Its chunks go with it (ON DELETE CASCADE).
    await this.pool.query(`DELETE FROM ${this.#blobs} WHERE key = $1`, [key]);
  }

  /** Nothing of its own to release: the pool is the caller's. */
  async close(): Promise<void> {}
}

/** Every method refuses what is not a blob key, as the disk store does (never a query from anything else). */
function checkKey(key: string): void {
  if (!BLOB_KEY.test(key)) throw new Error(`Invalid blob key: ${JSON.stringify(key).slice(0, 80)}`);
}

/** `source`'s bytes in chunks of exactly `size` (the last one shorter, none when there are no bytes). */
async function* exactChunks(source: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let held = 0;
  for await (const buf of source) {
    let rest = buf;
    while (held + rest.length >= size) {
      const take = size - held;
      parts.push(rest.subarray(0, take));
      yield parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
      parts = [];
      held = 0;
      rest = rest.subarray(take);
    }
    if (rest.length > 0) {
      parts.push(rest);
      held += rest.length;
    }
  }
  if (held > 0) yield Buffer.concat(parts, held);
}
