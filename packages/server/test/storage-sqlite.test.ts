// The storage port's contract against the SQLite adapter, on a temporary database file.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { test } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/adapters/sqlite/db.js';
import { INDEX_BATCH, Repo } from '../src/adapters/sqlite/repo.js';
import { searchWords } from '../src/ports/search-folding.js';
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

test('SQLite search index after the commit (S-DLG-3): sends wait for a batch, a search indexes what waits first, a transaction that brings the backlog to INDEX_BATCH indexes it, a restart indexes what a crash left waiting (once), a catch-up undone with its savepoint is redone', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'chatdesk-index-'));
  const file = join(dir, 'chat.sqlite');
  let db = openDatabase(file);
  try {
    let repo = new Repo(db);
    let s = new SqliteStorage(repo);
    const channelId = await s.channels.insert('web', 'Сайт', 1);
    const customerId = await s.customers.insert({ name: 'Клиент', channelId }, 1);
    const conversationId = await s.conversations.insert({ channel_id: channelId, customer_id: customerId }, 1);
    let ordinal = 0;
    const say = (text: string) =>
      s.messages.insert({
        conversation_id: conversationId, author_kind: 'customer', author_id: String(customerId), author_name: 'Клиент',
        text, client_message_id: null, created_at: 2, ordinal: ++ordinal, system: null, reply_to_id: null,
      });
    const indexed = (word: string) => (db.prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid').pluck().all(`"${word}"*`) as number[]);
    const found = async (word: string) => (await s.search.messages([{ kind: 'all' }], searchWords(word), null, 500)).map((m) => m.id).sort((a, b) => a - b);

    const rockets = await s.transaction(async () => [await say('ракета один'), await say('ракета два'), await say('ракета три')]);
    assert.deepEqual(indexed('ракета'), [], 'a small commit leaves its messages to the next batch');
    assert.deepEqual(await found('ракета'), rockets, 'a search indexes what waits, then finds it');
    assert.deepEqual(indexed('ракета'), rockets);

    const many = await s.transaction(async () => {
      const ids: number[] = [];
      for (let i = 0; i < INDEX_BATCH; i++) ids.push(await say(`звезда ${i}`));
      return ids;
    });
    assert.deepEqual(indexed('звезда'), many, 'the transaction that brought the backlog to a batch indexed it');

    const comets = await s.transaction(async () => [await say('комета раз'), await say('комета два')]);
    db.close(); // a crash before any catch-up
    db = openDatabase(file);
    repo = new Repo(db);
    s = new SqliteStorage(repo);
    assert.equal(await s.search.catchUp!(), 2, 'the restart finds what waited');
    assert.equal(await s.search.catchUp!(), 0);
    assert.deepEqual(indexed('комета'), comets, 'indexed once');

    const sun = await s.transaction(async () => {
      await assert.rejects(
        s.savepoint(async () => {
          await say('луна');
          assert.equal((await found('луна')).length, 1); // the catch-up inside the savepoint
          throw new Error('send refused');
        }),
        /send refused/,
      );
      ordinal--;
      return say('солнце'); // takes the id the undone message had
    });
    assert.deepEqual(await found('луна'), []);
    assert.deepEqual(await found('солнце'), [sun], 'the id an undone catch-up covered is indexed again');
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SQLite: opening a file whose sqlite_stat4 holds samples (an ANALYZE by hand) clears them and keeps sqlite_stat1, so prepared lookups are not re-planned on every call', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chatdesk-stat4-'));
  const file = join(dir, 'chat.sqlite');
  try {
    let db = openDatabase(file);
    const channel = db.prepare("INSERT INTO channels (kind, name, created_at) VALUES ('web', 'Сайт', 1)").run().lastInsertRowid;
    const customer = db.prepare('INSERT INTO customers (name, channel_id, created_at) VALUES (?, ?, 1)');
    const conv = db.prepare("INSERT INTO conversations (channel_id, customer_id, status, last_activity_at, created_at) VALUES (?, ?, 'open', ?, 1)");
    db.transaction(() => {
      for (let i = 0; i < 300; i++) conv.run(channel, customer.run(`Клиент ${i}`, channel).lastInsertRowid, i);
    })();
    db.exec('ANALYZE');
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    assert.ok(count('sqlite_stat4') > 0, 'better-sqlite3 builds SQLite with STAT4: ANALYZE wrote samples');
    const stat1 = count('sqlite_stat1');
    db.close();
    db = openDatabase(file);
    assert.equal(count('sqlite_stat4'), 0);
    assert.equal(count('sqlite_stat1'), stat1, 'the row counts stay');
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
