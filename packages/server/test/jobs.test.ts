// The periodic jobs' batching (jobs/every.ts): a backlog is worked through a transaction at a
// time with the event loop turning between them, so sockets are served while it drains.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyBaseLogger } from 'fastify';
import { every, everyInBatches } from '../src/jobs/every.js';
import type { UnitOfWork } from '../src/services/index.js';

const silent = { error: () => {}, debug: () => {} } as unknown as FastifyBaseLogger;
/** Runs each batch at once, as the unit of work runs a system action in its transaction. */
const uow = { system: (fn: (ctx: never) => Promise<number>) => fn({} as never) } as unknown as UnitOfWork;
const tick = () => new Promise((r) => setTimeout(r, 60));

test('jobs: a run works batch after batch while they come back full, at most the limit a run, and the event loop turns between two batches', async (t) => {
  let backlog = 1_000;
  const log: string[] = [];
  const totals: number[] = [];
  const stop = everyInBatches(50, 4, uow, silent, 'test', async () => {
    log.push('batch');
    // What the event loop would serve between two batches (a socket's data, a timer).
    setImmediate(() => log.push('turn'));
    const n = Math.min(100, backlog);
    backlog -= n;
    return n;
  }, (n) => n >= 100, (batches) => totals.push(batches.reduce((a, b) => a + b, 0)));
  t.after(stop);
  await tick();
  assert.deepEqual(totals, [400], 'four full batches in the first run');
  assert.deepEqual(log.slice(0, 8), ['batch', 'turn', 'batch', 'turn', 'batch', 'turn', 'batch', 'turn']);
  while (totals.length < 4) await tick();
  assert.deepEqual(totals.slice(0, 3), [400, 400, 200], 'the third run stops at the short batch');
  assert.equal(backlog, 0);
  assert.equal(totals[3], 0, 'an empty run after the backlog');
});

test('jobs: each batch of a run is handed the results so far, so a job can size its next batch by them (the analytics fold takes larger ones once it is catching up)', async (t) => {
  const seen: number[][] = [];
  const runs: number[][] = [];
  const stop = everyInBatches<number>(50, 3, uow, silent, 'test', async (_ctx, done) => {
    seen.push([...done]);
    return done.length + 1;
  }, () => true, (results) => runs.push(results));
  t.after(stop);
  while (runs.length < 2) await tick();
  assert.deepEqual(seen.slice(0, 3), [[], [1], [1, 2]], 'the first batch gets nothing, the next ones what came before them');
  assert.deepEqual(runs[0], [1, 2, 3]);
  assert.deepEqual(seen[3], [], 'the next run starts afresh');
});

test('jobs: a failing batch is logged and the next run comes as planned; a run still going lets the next tick pass', async (t) => {
  const errors: string[] = [];
  const log = { error: (_o: unknown, msg: string) => errors.push(msg), debug: () => {} } as unknown as FastifyBaseLogger;
  let calls = 0;
  let release: (() => void) | undefined;
  const stop = everyInBatches(30, 1, uow, log, 'test job', async () => {
    calls++;
    if (calls === 1) throw new Error('boom');
    if (calls === 2) await new Promise<void>((r) => (release = r));
    return 0;
  }, () => false, () => {});
  t.after(stop);
  while (calls < 2) await tick();
  assert.deepEqual(errors, ['test job failed']);
  await tick();
  await tick();
  assert.equal(calls, 2, 'no new run while one is waiting');
  release!();
  while (calls < 3) await tick();
});

test('jobs: a one-transaction job (every) reports each run, and a run still going lets the next tick pass instead of running beside it', async (t) => {
  let calls = 0;
  let running = 0;
  let most = 0;
  let release: (() => void) | undefined;
  const reports: number[] = [];
  const stop = every(30, uow, silent, 'test job', async () => {
    calls++;
    running++;
    most = Math.max(most, running);
    if (calls === 1) await new Promise<void>((r) => (release = r));
    running--;
    return calls;
  }, (n) => reports.push(n));
  t.after(stop);
  while (calls < 1) await tick();
  await tick();
  await tick();
  assert.equal(calls, 1, 'no second run while the first is waiting');
  release!();
  while (reports.length < 2) await tick();
  assert.deepEqual(reports.slice(0, 2), [1, 2]);
  assert.equal(most, 1, 'never two runs at once');
});
