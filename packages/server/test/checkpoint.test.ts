import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { connect, sleep, sqliteOnly, startServer, visitorConversation, cmid } from './helpers.js';

const PAGE = 4096;
const walBytes = (file: string) => (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);

async function until(what: string, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

test('WAL checkpoints run in a worker thread, not on the server\'s connection: the WAL stays bounded under writes, and the data stays intact', { timeout: 60_000, skip: sqliteOnly }, async (t) => {
  const server = await startServer(t);
  const { db, checkpointer } = server.app.chat.sqlite!;
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0, 'the server\'s connection never checkpoints by itself');

  await until('the checkpoint thread to start', () => checkpointer.stats().ready);
  // ~24 MB through the WAL in 96 commits with pauses between (as sends come): without a
  // checkpointer the WAL would hold all of it (autocheckpoint is off on this connection).
  db.exec('CREATE TABLE bench_scratch (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO bench_scratch (body) VALUES (?)');
  const written: number[] = [];
  for (let i = 0; i < 96; i++) {
    db.transaction(() => {
      for (let k = 0; k < 16; k++) insert.run(Buffer.alloc(16 * 1024, (i * 16 + k) % 251));
    })();
    written.push(walBytes(server.dbFile));
    await sleep(30);
  }
  await until('the worker to copy the whole WAL', () => {
    const s = checkpointer.stats();
    return s.checkpoints > 0 && s.walFrames > 0 && s.checkpointed === s.walFrames;
  });
  const stats = checkpointer.stats();
  assert.equal(stats.fellBack, false);
  const walMax = Math.max(...written);
  // Uncopied, the WAL would hold all ~24 MB; copied and started over, a fraction (about 4 MB on a
  // quiet machine: SQLite's 1000 pages plus what comes in while they are copied). Loose bound: the
  // worker thread shares the CPU with whatever else runs.
  assert.ok(walMax < 16 * 1024 * 1024, `the WAL started over as it was copied (largest ${walMax} bytes for ~24 MB written; ${stats.maxWalFrames} frames)`);
  assert.ok(stats.maxWalFrames * PAGE < 16 * 1024 * 1024, `largest WAL the worker saw: ${stats.maxWalFrames} frames`);

  // The server still works on top of it: a send is stored and acknowledged.
  const { visitor, conversationId } = await visitorConversation(t, server);
  await visitor.call('messages.send', { conversationId, clientMessageId: cmid(), text: 'после контрольной точки' });
  const anna = await connect(t, server, server.userToken({ id: 'anna' }));
  const page = (await anna.call('messages.list', { conversationId })) as { messages: { text: string }[] };
  assert.ok(page.messages.some((m) => m.text === 'после контрольной точки'));

  // Closed, the database file alone holds everything, and holds it intact.
  await server.stop();
  assert.equal(walBytes(server.dbFile), 0, 'the WAL was copied back and removed on close');
  const check = new Database(server.dbFile, { readonly: true });
  try {
    assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
    const rows = check.prepare('SELECT id, length(body) AS n, substr(body, 1, 1) AS b FROM bench_scratch ORDER BY id').all() as { id: number; n: number; b: Buffer }[];
    assert.equal(rows.length, 96 * 16);
    rows.forEach((r, i) => {
      assert.equal(r.n, 16 * 1024);
      assert.equal(r.b[0], i % 251);
    });
    const stored = check.prepare('SELECT count(*) FROM messages WHERE text = ?').pluck().get('после контрольной точки');
    assert.equal(stored, 1);
  } finally {
    check.close();
  }
});

test('under writes that never pause, the checkpoint thread still starts the WAL over (RESTART past 4000 pages) and reports how long its RESTARTs held the write lock; every transaction that reads then writes commits', { timeout: 60_000, skip: sqliteOnly }, async (t) => {
  const server = await startServer(t);
  const { repo, db, checkpointer } = server.app.chat.sqlite!;
  await until('the checkpoint thread to start', () => checkpointer.stats().ready);
  db.exec('CREATE TABLE bench_scratch (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
  const count = db.prepare('SELECT count(*) FROM bench_scratch').pluck();
  const insert = db.prepare('INSERT INTO bench_scratch (body) VALUES (?)');
  // As the group commit does: read, then write, in one transaction, turn after turn, with less
  // time between two than a checkpoint takes (so the passive rounds never find the WAL copied).
  let commits = 0;
  let walMax = 0;
  const end = Date.now() + 4_000;
  while (Date.now() < end) {
    repo.transaction(() => {
      const n = count.get() as number;
      for (let k = 0; k < 16; k++) insert.run(Buffer.alloc(4000, (n + k) % 251));
    });
    commits++;
    walMax = Math.max(walMax, walBytes(server.dbFile));
    await sleep(1);
  }
  const written = commits * 16 * 4096;
  const stats = checkpointer.stats();
  assert.ok(walMax < written / 2, `the WAL started over while writes went on: largest ${walMax} bytes of ${written} written (${stats.restarts} RESTARTs, ${stats.checkpoints} checkpoints)`);
  // The WAL outgrew 4000 pages within the first second; the hold it reports is the RESTART's own, measured.
  assert.ok(stats.restarts > 0 && stats.maxRestartMs > 0 && stats.maxRestartMs < 4_000, `RESTARTs reported with their hold: ${stats.restarts}, up to ${stats.maxRestartMs} ms`);
  await server.stop();
  const check = new Database(server.dbFile, { readonly: true });
  try {
    assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
    assert.equal(check.prepare('SELECT count(*) FROM bench_scratch').pluck().get(), commits * 16);
  } finally {
    check.close();
  }
});

test('when the checkpoint thread dies, the server\'s connection checkpoints by itself again (SQLite\'s 1000 pages)', { skip: sqliteOnly }, async (t) => {
  const server = await startServer(t);
  const { db, checkpointer } = server.app.chat.sqlite!;
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0);
  await checkpointer.worker!.terminate();
  await until('the fallback', () => checkpointer.stats().fellBack);
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000);
});
