// The blob store port's contract against PostgreSQL (adapters/postgres/blob-store.ts), then what
// is PostgreSQL's own (the chunks), each test in a schema of its own (dropped after it) of the
// database CHATDESK_TEST_DATABASE_URL names (default: `test` on 127.0.0.1), as
// storage-postgres.test.ts does.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { dropSchema, openPostgres } from '../src/adapters/postgres/db.js';
import { BLOB_CHUNK_BYTES, PostgresBlobStore } from '../src/adapters/postgres/blob-store.js';
import { blobStoreContract } from './blob-store-contract.js';

/** The adapter's pool (the driver stays inside the adapter: test/import-rules.test.ts). */
type Pool = Awaited<ReturnType<typeof openPostgres>>;

const url = process.env['CHATDESK_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const CHUNK = BLOB_CHUNK_BYTES;
let n = 0;

blobStoreContract('PostgreSQL', async () => {
  const schema = `blobs_${process.pid}_${++n}`;
  const pool = await openPostgres({ url, schema, max: 4 });
  // "Another node": a pool of its own on the same schema.
  const other = await openPostgres({ url, schema, max: 2 });
  return {
    store: new PostgresBlobStore(pool, schema),
    other: new PostgresBlobStore(other, schema),
    close: async () => {
      await Promise.all([pool.end(), other.end()]);
      await dropSchema(url, schema);
    },
  };
});

/** A store on a fresh schema (dropped when the test ends), and a folder for the test's files. */
async function fresh(t: TestContext): Promise<{ store: PostgresBlobStore; pool: Pool; schema: string; file(bytes: Buffer): Promise<{ key: string; path: string }> }> {
  const schema = `blobs_${process.pid}_${++n}`;
  const pool = await openPostgres({ url, schema, max: 4 });
  const dir = await mkdtemp(join(tmpdir(), 'chatdesk-blobs-'));
  const store = new PostgresBlobStore(pool, schema);
  t.after(async () => {
    await store.close();
    await pool.end();
    await dropSchema(url, schema);
    await rm(dir, { recursive: true, force: true });
  });
  let files = 0;
  return {
    store,
    pool,
    schema,
    file: async (bytes) => {
      const path = join(dir, `f${++files}`);
      await writeFile(path, bytes);
      return { key: sha256(bytes), path };
    },
  };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function bytesOf(stream: Readable | undefined): Promise<Buffer> {
  assert.ok(stream, 'a stream');
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

async function chunkSizes(pool: Pool, key: string): Promise<number[]> {
  return (await pool.query<{ len: number }>('SELECT length(data) AS len FROM blob_chunks WHERE key = $1 ORDER BY n', [key])).rows.map((r) => r.len);
}

/** Two and a half chunks and a few odd bytes. */
const BIG = CHUNK * 2 + CHUNK / 2 + 7;

test('PostgreSQL blobs: a put stores the bytes in chunks of 256 KiB (the last shorter), read whole gives them back', async (t) => {
  const { store, pool, file } = await fresh(t);
  const bytes = randomBytes(BIG);
  const { key, path } = await file(bytes);
  assert.equal(await store.has(key), false);
  assert.equal(await store.read(key), undefined);
  await store.put(key, path, bytes.length);
  assert.equal(await store.has(key), true);
  assert.deepEqual(await chunkSizes(pool, key), [CHUNK, CHUNK, CHUNK / 2 + 7]);
  const back = await bytesOf(await store.read(key));
  assert.equal(back.length, bytes.length);
  assert.ok(back.equals(bytes));
  // A file of exactly two chunks: two full ones, no empty third.
  const exact = randomBytes(CHUNK * 2);
  const e = await file(exact);
  await store.put(e.key, e.path, exact.length);
  assert.deepEqual(await chunkSizes(pool, e.key), [CHUNK, CHUNK]);
  assert.ok((await bytesOf(await store.read(e.key))).equals(exact));
});

test('PostgreSQL blobs: ranges inside one chunk, across chunks, on chunk bounds, the first and the last byte', async (t) => {
  const { store, file } = await fresh(t);
  const bytes = randomBytes(BIG);
  const { key, path } = await file(bytes);
  await store.put(key, path, bytes.length);
  const ranges: [number, number][] = [
    [100, 200], // inside the first chunk
    [CHUNK + 5, CHUNK + 5], // one byte of the second
    [CHUNK - 10, CHUNK * 2 + 10], // across three chunks
    [CHUNK - 1, CHUNK], // the last byte of one and the first of the next
    [CHUNK, CHUNK * 2 - 1], // exactly the second chunk
    [0, 0], // the first byte
    [BIG - 1, BIG - 1], // the last byte
    [CHUNK * 2, BIG - 1], // the whole last chunk
    [0, BIG - 1], // everything
  ];
  for (const [start, end] of ranges) {
    const got = await bytesOf(await store.read(key, { start, end }));
    assert.ok(got.equals(bytes.subarray(start, end + 1)), `${start}-${end}: ${got.length} bytes`);
  }
  assert.ok((await bytesOf(await store.read(key, { start: BIG - 3, end: BIG + 100 }))).equals(bytes.subarray(BIG - 3)), 'a range past the end stops there');
});

test('PostgreSQL blobs: a 0-byte blob is stored (no chunks) and reads as an empty stream', async (t) => {
  const { store, pool, file } = await fresh(t);
  const { key, path } = await file(Buffer.alloc(0));
  assert.equal(key, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  await store.put(key, path, 0);
  assert.equal(await store.has(key), true);
  assert.deepEqual(await chunkSizes(pool, key), []);
  assert.equal((await bytesOf(await store.read(key))).length, 0);
});

test('PostgreSQL blobs: a put of a key already stored leaves the blob as it is', async (t) => {
  const { store, pool, file } = await fresh(t);
  const bytes = randomBytes(CHUNK + 1);
  const { key, path } = await file(bytes);
  await store.put(key, path, bytes.length);
  const before = (await pool.query('SELECT created_at FROM blobs WHERE key = $1', [key])).rows[0];
  // The same key again, from a file that is not even there: nothing is read nor written.
  await store.put(key, join(path, 'missing'), bytes.length);
  assert.deepEqual((await pool.query('SELECT created_at FROM blobs WHERE key = $1', [key])).rows[0], before);
  assert.deepEqual(await chunkSizes(pool, key), [CHUNK, 1]);
  assert.ok((await bytesOf(await store.read(key))).equals(bytes));
});

test('PostgreSQL blobs: two nodes putting one key at once both succeed, with one blob stored', async (t) => {
  const { store, pool, schema, file } = await fresh(t);
  // "Another node": a pool of its own on the same schema.
  const other = await openPostgres({ url, schema, max: 2 });
  t.after(() => other.end());
  const otherStore = new PostgresBlobStore(other, schema);
  const bytes = randomBytes(BIG);
  const a = await file(bytes);
  const b = await file(bytes);
  await Promise.all([store.put(a.key, a.path, bytes.length), otherStore.put(b.key, b.path, bytes.length)]);
  assert.equal(Number((await pool.query('SELECT count(*) AS n FROM blobs', [])).rows[0].n), 1);
  assert.deepEqual(await chunkSizes(pool, a.key), [CHUNK, CHUNK, CHUNK / 2 + 7]);
  assert.ok((await bytesOf(await otherStore.read(a.key))).equals(bytes));
});

test('PostgreSQL blobs: delete removes the blob and its chunks; deleting an unknown key is a no-op', async (t) => {
  const { store, pool, file } = await fresh(t);
  const bytes = randomBytes(BIG);
  const { key, path } = await file(bytes);
  await store.put(key, path, bytes.length);
  await store.delete(key);
  assert.equal(await store.has(key), false);
  assert.equal(await store.read(key), undefined);
  assert.deepEqual(await chunkSizes(pool, key), []);
  await store.delete(key);
  // And it can be stored again.
  await store.put(key, path, bytes.length);
  assert.ok((await bytesOf(await store.read(key))).equals(bytes));
});

test('PostgreSQL blobs: a bad key is refused by every method; an unknown one reads as undefined', async (t) => {
  const { store, pool, file } = await fresh(t);
  const bytes = randomBytes(10);
  const { key, path } = await file(bytes);
  for (const bad of [key.toUpperCase(), key.slice(1), `${key}0`, '../../etc/passwd', `${key.slice(0, 63)}g`, '']) {
    await assert.rejects(store.put(bad, path, bytes.length), /Invalid blob key/, bad);
    await assert.rejects(store.has(bad), /Invalid blob key/, bad);
    await assert.rejects(store.read(bad), /Invalid blob key/, bad);
    await assert.rejects(store.delete(bad), /Invalid blob key/, bad);
  }
  assert.equal(Number((await pool.query('SELECT count(*) AS n FROM blobs', [])).rows[0].n), 0);
  assert.equal(await store.read(sha256(Buffer.from('never stored'))), undefined);
  assert.equal(await store.read(sha256(Buffer.from('never stored')), { start: 0, end: 0 }), undefined);
  assert.equal(await store.has(sha256(Buffer.from('never stored'))), false);
});

test('PostgreSQL blobs: a put that fails (the size is not the file\'s, the file is missing) leaves nothing behind', async (t) => {
  const { store, pool, file } = await fresh(t);
  const bytes = randomBytes(BIG);
  const { key, path } = await file(bytes);
  await assert.rejects(store.put(key, path, bytes.length - 1), /holds/);
  await assert.rejects(store.put(key, join(path, 'missing'), bytes.length), /ENOENT|ENOTDIR/);
  assert.equal(await store.has(key), false);
  assert.equal(Number((await pool.query('SELECT count(*) AS n FROM blob_chunks', [])).rows[0].n), 0);
  await store.put(key, path, bytes.length);
  assert.ok((await bytesOf(await store.read(key))).equals(bytes));
});

test('PostgreSQL blobs: a put meeting another node\'s unfinished put of the key waits for it: writes the blob when that one rolls back, nothing when it commits', async (t) => {
  const { store, pool, file } = await fresh(t);
  const bytes = randomBytes(CHUNK + 100);
  const { key, path } = await file(bytes);
  for (const outcome of ['ROLLBACK', 'COMMIT'] as const) {
    // "Another node", mid-put: its blob row inserted, its transaction still open.
    const rival = await pool.connect();
    try {
      await rival.query('BEGIN');
      await rival.query('INSERT INTO blobs (key, size, created_at) VALUES ($1, $2, 1)', [key, bytes.length]);
      if (outcome === 'COMMIT') {
        await rival.query('INSERT INTO blob_chunks (key, n, data) VALUES ($1, 0, $2), ($1, 1, $3)', [key, bytes.subarray(0, CHUNK), bytes.subarray(CHUNK)]);
      }
      let done = false;
      const put = store.put(key, path, bytes.length).then(() => (done = true));
      await delay(150);
      assert.equal(done, false, 'the put waits for the other transaction');
      assert.equal(await store.has(key), false, 'nothing committed is seen meanwhile');
      await rival.query(outcome);
      await put;
    } finally {
      rival.release();
    }
    const row = (await pool.query<{ created_at: number }>('SELECT created_at FROM blobs WHERE key = $1', [key])).rows[0];
    assert.equal(row!.created_at === 1, outcome === 'COMMIT', `${outcome}: whose row stands`);
    assert.deepEqual(await chunkSizes(pool, key), [CHUNK, 100]);
    assert.ok((await bytesOf(await store.read(key))).equals(bytes));
    await store.delete(key);
  }
});
