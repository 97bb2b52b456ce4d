import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsBlobStore } from '../src/adapters/fs/blob-store.js';
import { blobStoreContract } from './blob-store-contract.js';

blobStoreContract('disk', async () => {
  const root = mkdtempSync(join(tmpdir(), 'chatdesk-fsblobs-'));
  return {
    store: new FsBlobStore(root),
    other: new FsBlobStore(root),
    close: async () => {
      // Nothing staged is left behind: only the two-level fan-out folders hold files.
      const stray = readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.startsWith('.'));
      rmSync(root, { recursive: true, force: true });
      assert.deepEqual(stray.map((e) => e.name), []);
    },
  };
});

