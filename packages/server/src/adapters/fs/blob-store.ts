import { copyFile, link, mkdir, open, rename, rm, stat, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { BLOB_KEY, type BlobStore } from '../../ports/blob-store.js';

/**
 * Blobs as files under one folder (the embedded default): `<root>/ab/cd/<key>`, named by their
 * SHA-256 alone, never by anything a user typed. A blob appears by a rename of a complete,
 * fsynced file, so a reader (or a crash) never meets half of one.
 */
export class FsBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  /** Where uploads are written while they arrive: the same filesystem, so `put` is a rename. */
  get tmpDir(): string {
    return join(this.root, 'tmp');
  }

  private pathOf(key: string): string {
    if (!BLOB_KEY.test(key)) throw new Error('not a blob key');
    return join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(key: string, path: string, _size: number): Promise<void> {
    const final = this.pathOf(key);
    if (await exists(final)) return;
    await mkdir(dirname(final), { recursive: true });
    // A private copy (a hard link when the source is on this filesystem), made durable, then renamed into place.
    const staged = join(dirname(final), `.${key}.${randomBytes(6).toString('hex')}`);
    try {
      await link(path, staged).catch(() => copyFile(path, staged));
      const fh = await open(staged, 'r');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(staged, final);
      await syncDir(dirname(final));
    } finally {
      await rm(staged, { force: true });
    }
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable | undefined> {
    const path = this.pathOf(key);
    // Opened before it is returned: a missing blob is `undefined`, not a stream that fails later.
    const fh = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (!fh) return undefined;
    return fh.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async has(key: string): Promise<boolean> {
    return exists(this.pathOf(key));
  }

  async delete(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  async close(): Promise<void> {}
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return false;
      throw err;
    },
  );
}

/** The rename itself must survive a crash: fsync the folder that holds the new name. */
async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the file itself is synced.
  } finally {
    await fh.close();
  }
}
