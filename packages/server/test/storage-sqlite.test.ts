// The storage port's contract against the SQLite adapter, on a temporary database file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/adapters/sqlite/db.js';
import { Repo } from '../src/adapters/sqlite/repo.js';
import { SqliteStorage } from '../src/adapters/sqlite/sqlite-storage.js';
import { storageContract } from './storage-contract.js';

storageContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'chatdesk-contract-'));
  const db = openDatabase(join(dir, 'chat.sqlite'));
  return {
    storage: new SqliteStorage(new Repo(db)),
    close: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
