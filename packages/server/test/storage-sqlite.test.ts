// The storage port's contract against the SQLite adapter, on a temporary database file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/storage/db.js';
import { Repo } from '../src/storage/repo.js';
import { SqliteStorage } from '../src/storage/sqlite-storage.js';
import { storageContract } from './storage-contract.js';

storageContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'chatdesk-contract-'));
  const db = openDatabase(join(dir, 'chat.sqlite'));
  const repo = new Repo(db);
  const channel = repo.insertChannel('web', 'Site', 1);
  for (const id of ['anna', 'boris']) repo.upsertUser({ id, name: id, rights: ['chats'] }, 1);
  return {
    storage: new SqliteStorage(repo),
    conversation: async (assigneeId) => {
      const customerId = repo.insertCustomer('Клиент', channel, 1);
      return { id: repo.insertConversation({ channel_id: channel, customer_id: customerId, assignee_id: assigneeId }, 1), customerId };
    },
    appendEvent: async (name, createdAt) =>
      repo.insertEvent({
        name,
        data: '{}',
        conversation_id: null,
        assignee_id: null,
        prev_assignee_id: null,
        assignee_changed: 0,
        customer_id: null,
        target_user_key: null,
        created_at: createdAt,
      }),
    close: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
