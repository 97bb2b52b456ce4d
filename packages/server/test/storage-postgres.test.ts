// The storage port's contract against the PostgreSQL adapter, each test in a schema of its own
// (dropped after it) of the database CHATDESK_TEST_DATABASE_URL names (default: `test` on
// 127.0.0.1, as on every machine of this project).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { dropSchema, openPostgres } from '../src/adapters/postgres/db.js';
import { PostgresStorage } from '../src/adapters/postgres/postgres-storage.js';
import { storageContract } from './storage-contract.js';

const url = process.env['CHATDESK_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
let n = 0;

/** A storage on a fresh schema of its own, dropped by `close`. */
async function fresh(): Promise<{ storage: PostgresStorage; close(): Promise<void> }> {
  const schema = `contract_${process.pid}_${++n}`;
  const pool = await openPostgres({ url, schema, max: 4 });
  return {
    storage: new PostgresStorage(pool),
    close: async () => {
      await pool.end();
      await dropSchema(url, schema);
    },
  };
}

storageContract('PostgreSQL', fresh);

// What only a storage with a pool can show: transactions side by side.

/** A transaction parked at `await held` until the test calls `release()`. */
function gate(): { held: Promise<void>; release: () => void } {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  return { held, release };
}

const open = async (t: TestContext) => {
  const { storage, close } = await fresh();
  t.after(close);
  return storage;
};

test('PostgreSQL: a write transaction is the only writer from its first read, so a check-then-act on two connections runs one after the other', async (t) => {
  const s = await open(t);
  const order: string[] = [];
  const { held, release } = gate();
  const first = s.transaction(async () => {
    order.push('first read');
    await held;
    await s.meta.put('k', 'first');
    order.push('first wrote');
  });
  await delay(50);
  const second = s.transaction(async () => {
    order.push(`second read ${(await s.meta.get('k')) ?? 'nothing'}`);
    await s.meta.put('k', 'second');
  });
  await delay(100);
  assert.deepEqual(order, ['first read'], 'the second waits before its first read');
  release();
  await Promise.all([first, second]);
  assert.deepEqual(order, ['first read', 'first wrote', 'second read first']);
});

test('PostgreSQL: read transactions run beside an open write transaction; one that writes after all waits for the writer at its first write', async (t) => {
  const s = await open(t);
  await s.meta.put('k', 'before');
  const { held, release } = gate();
  const writer = s.transaction(async () => {
    await s.meta.put('k', 'writer');
    await held;
  });
  await delay(50);
  assert.equal(await s.transaction(() => s.meta.get('k'), 'read'), 'before', 'a reader does not wait, and sees what is committed');
  let wrote = false;
  const late = s.transaction(async () => {
    await s.meta.put('other', 'x');
    wrote = true;
  }, 'read');
  await delay(100);
  assert.equal(wrote, false, 'its first write waits for the writer');
  release();
  await Promise.all([writer, late]);
  assert.equal(wrote, true);
});

test('PostgreSQL: a send rolled back to its savepoint leaves the write lock with the transaction (the sends after it stay serialised)', async (t) => {
  const s = await open(t);
  const { held, release } = gate();
  const batch = s.transaction(async () => {
    await s.savepoint(async () => {
      await s.meta.put('a', '1');
      throw new Error('this send fails');
    }).catch(() => undefined);
    await held;
  }, 'read');
  await delay(50);
  let other = false;
  const rival = s.transaction(async () => {
    await s.meta.put('b', '2');
    other = true;
  });
  await delay(100);
  assert.equal(other, false, 'the lock taken for the batch holds after the savepoint rolled back');
  release();
  await Promise.all([batch, rival]);
  assert.equal(other, true);
});

test('PostgreSQL: a job claimed by a node that dies mid-run (its connection cut) is free for another node at once: the next run does it', async (t) => {
  const s = await open(t);
  const { held, release } = gate();
  // "Node A": claims auto-close and is stuck in the middle of its run. (Read mode: a writing
  // transaction would also hold the schema's write lock, and B would wait on that instead.)
  const a = s.transaction(async () => {
    assert.equal(await s.jobs.claim('auto-close'), true);
    await held;
  }, 'read');
  await delay(50);
  // A's connection: the one holding that claim (class "job", key the hash of schema/name).
  const holder = await s.pool.query<{ pid: number }>(
    `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1
       AND objid::text::bigint = (hashtext(current_schema() || '/auto-close')::bigint + 4294967296) % 4294967296`,
    [0x6a_6f_62],
  );
  const pid = holder.rows[0]?.pid;
  assert.ok(pid, 'the claim is held by a connection');
  // "Node B": its own pool on the same schema.
  const b = new PostgresStorage(s.pool);
  assert.equal(await b.transaction(() => b.jobs.claim('auto-close'), 'read'), false, 'held by A');
  await s.pool.query('SELECT pg_terminate_backend($1)', [pid]);
  release();
  await assert.rejects(a, 'A\'s transaction dies with its connection');
  assert.equal(await b.transaction(() => b.jobs.claim('auto-close'), 'read'), true, 'free for B at once');
});

test('PostgreSQL: deployments in two schemas of one database do not share the write lock or job claims', async (t) => {
  const [s1, s2] = [await open(t), await open(t)];
  const { held, release } = gate();
  const writer = s1.transaction(async () => {
    await s1.meta.put('k', 'v');
    assert.equal(await s1.jobs.claim('auto-close'), true);
    await held;
  });
  await delay(50);
  assert.equal(await s2.transaction(async () => (await s2.meta.put('k', 'w'), s2.jobs.claim('auto-close'))), true, 'the other schema writes and claims meanwhile');
  release();
  await writer;
});

test('PostgreSQL: a read transaction, which sends BEGIN only at its first write, still commits or rolls back its writes together, and a job claim in it holds until it ends', async (t) => {
  const s = await open(t);
  // Reads only.
  assert.equal(await s.transaction(async () => (await s.meta.get('none')) ?? 'absent', 'read'), 'absent');
  await assert.rejects(
    s.transaction(async () => {
      assert.equal(await s.meta.get('x'), undefined);
      await s.meta.put('x', '1');
      await s.meta.put('y', '2');
      throw new Error('the action failed after two writes');
    }, 'read'),
    /two writes/,
  );
  assert.equal(await s.meta.get('x'), undefined, 'the first write rolled back with the second');
  assert.equal(await s.meta.get('y'), undefined);
  await s.transaction(async () => {
    await s.meta.get('x');
    await s.meta.put('x', '3');
  }, 'read');
  assert.equal(await s.meta.get('x'), '3');

  const { held, release } = gate();
  const claimed = s.transaction(async () => {
    assert.equal(await s.jobs.claim('nightly'), true);
    await held;
  }, 'read');
  await delay(50);
  assert.equal(await s.transaction(() => s.jobs.claim('nightly'), 'read'), false, 'the claim holds while its transaction is open');
  release();
  await claimed;
  assert.equal(await s.transaction(() => s.jobs.claim('nightly'), 'read'), true, 'and ends with it');
});
