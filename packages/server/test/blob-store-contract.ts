import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Readable } from 'node:stream';
import type { BlobStore } from '../src/ports/blob-store.js';

/**
 * The blob store port's contract (ports/blob-store.ts), run against every adapter: the disk one
 * (blob-store-fs.test.ts) and PostgreSQL's (blob-store-postgres.test.ts).
 */
export interface BlobFixture {
  store: BlobStore;
  /** A second store on the same storage (another node of a cluster). */
  other?: BlobStore;
  close(): Promise<void>;
}

async function bytesOf(r: Readable | undefined): Promise<Buffer> {
  assert.ok(r, 'a stream');
  const parts: Buffer[] = [];
  for await (const c of r) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

export function blobStoreContract(adapter: string, open: () => Promise<BlobFixture>): void {
  const dir = mkdtempSync(join(tmpdir(), 'chatdesk-blobs-'));
  const file = (bytes: Buffer) => {
    const path = join(dir, randomBytes(8).toString('hex'));
    writeFileSync(path, bytes);
    return { path, key: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
  };
  const withStore = (name: string, fn: (f: BlobFixture) => Promise<void>) =>
    test(`blob store (${adapter}): ${name}`, async () => {
      const f = await open();
      try {
        await fn(f);
      } finally {
        await f.close();
      }
    });

  withStore('a stored blob reads back whole and by ranges, within and across chunks', async ({ store }) => {
    const bytes = randomBytes(700 * 1024 + 17);
    const b = file(bytes);
    assert.equal(await store.has(b.key), false);
    await store.put(b.key, b.path, b.size);
    assert.equal(await store.has(b.key), true);
    assert.deepEqual(await bytesOf(await store.read(b.key)), bytes);
    for (const [start, end] of [[0, 0], [10, 99], [262_140, 262_150], [100, 600_000], [bytes.length - 1, bytes.length - 1]] as const) {
      assert.deepEqual(await bytesOf(await store.read(b.key, { start, end })), bytes.subarray(start, end + 1), `range ${start}-${end}`);
    }
  });

  withStore('an empty blob is stored and reads back empty', async ({ store }) => {
    const b = file(Buffer.alloc(0));
    await store.put(b.key, b.path, 0);
    assert.equal(await store.has(b.key), true);
    assert.equal((await bytesOf(await store.read(b.key))).length, 0);
  });

  withStore('storing a key again keeps the first, and two stores putting one key at once keep one blob', async ({ store, other }) => {
    const bytes = randomBytes(300 * 1024);
    const b = file(bytes);
    await Promise.all([store.put(b.key, b.path, b.size), (other ?? store).put(b.key, b.path, b.size)]);
    await store.put(b.key, b.path, b.size);
    assert.deepEqual(await bytesOf(await store.read(b.key)), bytes);
    if (other) assert.deepEqual(await bytesOf(await other.read(b.key)), bytes, 'the other node reads it too');
  });

  withStore('an unknown key reads as undefined; delete removes a blob; a malformed key is refused', async ({ store }) => {
    const b = file(randomBytes(1000));
    assert.equal(await store.read(b.key), undefined);
    await store.put(b.key, b.path, b.size);
    await store.delete(b.key);
    assert.equal(await store.has(b.key), false);
    assert.equal(await store.read(b.key), undefined);
    await store.delete(b.key);
    await assert.rejects(() => store.put('../../etc/passwd', b.path, b.size));
    await assert.rejects(async () => store.read('A'.repeat(64)));
  });

  test(`blob store (${adapter}): temp folder removed`, { concurrency: false }, () => {
    rmSync(dir, { recursive: true, force: true });
  });
}
