/**
 * Figure 4 on PostgreSQL: the same calls as figure 4 (list, history and search, as a plain
 * manager) on the same 1M-message data (pg-big.ts: the same generator's rows), through our
 * PostgreSQL adapter.
 *
 * "Ours" is the server's own call path, timed in-process (valibot params, the service handler in
 * its read-only transaction, the result frame) on a `pg` pool. "Raw" is the very statements that
 * call sent, captured with their parameters at the driver and replayed right after it, one after
 * another on a plain `pg` connection, as the adapter sends them (unnamed statements), without
 * the transaction around them. Ours and raw alternate call by call and stop together.
 *
 * The cached database is read in place: every connection is read-only, so it stays pristine.
 */
import pg from 'pg';
import { PostgresStorage } from '../packages/server/src/adapters/postgres/postgres-storage.js';
import { CapturingClient, measurePair } from './lib/pg-replay.js';
import { listCalls, messagePageCalls, SEARCH_WORDS, searchCalls, unreadSnapshotTimes, WARMUP } from './lib/calls.js';
import { databaseUrl, pgMissing, PG_SCHEMA } from './lib/pg-admin.js';
import { BIG_PG, ensureBigPg, NUMBERS } from './lib/pg-big.js';
import type { FigureResult, Row } from './lib/row.js';
import { yesNo } from './lib/row.js';
import { fmtMs, log, ratio, rng, type Summary } from './lib/stats.js';
import { preparing } from './lib/preparing.js';

const ITERATIONS = 2_000;
const NO_SERVER = '— (in-process)';
const CONNECTION = { connectionString: databaseUrl(BIG_PG), options: `-c search_path=${PG_SCHEMA} -c default_transaction_read_only=on`, types: NUMBERS };

export default async function run(): Promise<FigureResult> {
  const missing = await pgMissing();
  if (missing) throw new Error(missing);
  const meta = await preparing(ensureBigPg);
  const pool = new pg.Pool({ ...CONNECTION, max: 1, Client: CapturingClient });
  const raw = new pg.Client(CONNECTION);
  await raw.connect();
  const store = new PostgresStorage(pool);
  const rand = rng(42);
  const rows: Row[] = [];
  const notes: string[] = [];
  const fmt = (s: Summary) => `p99 ${fmtMs(s.p99)} (p50 ${fmtMs(s.p50)}, n=${s.n})`;
  // Issue 13's goals hold on both adapters: pages within 1.5× their SQL, search within 1.2×.
  const row = (figure: string, m: { ours: Summary; raw: Summary }, within: number): Row => ({
    figure,
    ours: fmt(m.ours),
    baseline: `raw SQL ${fmt(m.raw)}`,
    ratio: ratio(m.ours.p99, m.raw.p99),
    goal: `p99 ≤ ${within}× raw`,
    met: yesNo(m.ours.p99 <= within * m.raw.p99),
    stall: NO_SERVER,
  });
  try {
    // The same calls as figure 4 (same managers, pages and queries: same seeds).
    const list = await measurePair(store, raw, listCalls(meta), ITERATIONS);
    log(`  queries-pg: list ours ${fmt(list.ours)}, raw ${fmt(list.raw)}`);
    rows.push(row('4a. list p99 (PostgreSQL), page of 50, 1M msgs', list, 1.5));

    const msgs = await measurePair(store, raw, messagePageCalls(meta, rand), ITERATIONS);
    log(`  queries-pg: messages ours ${fmt(msgs.ours)}, raw ${fmt(msgs.raw)}`);
    rows.push(row('4b. history p99 (PostgreSQL), page of 50, 1M msgs', msgs, 1.5));

    const search = await measurePair(store, raw, searchCalls(meta, rand), ITERATIONS);
    log(`  queries-pg: search ours ${fmt(search.ours)}, raw ${fmt(search.raw)}`);
    rows.push(row('4c. search p99 (PostgreSQL), manager\'s convs, newest first', search, 1.2));

    notes.push(
      `4a–4c (PostgreSQL): ${BIG_PG} read in place on read-only connections; ours = valibot params + service handler in its transaction (BEGIN and COMMIT are two more round trips) + JSON result frame, on a pg pool of one connection; raw = the statements the handler sent (list ${list.statements.toFixed(1)}, history ${msgs.statements.toFixed(1)}, search ${search.statements.toFixed(1)} per call on average), captured at the driver with their parameters and replayed on one plain pg connection; up to ${ITERATIONS} calls each after up to ${WARMUP} warm-up, ours and raw alternating call by call, each pair of loops bounded to ~8 s (equal n). Search: messages by prefix lexemes of the folded words (GIN over array_to_tsvector), customers by trigram LIKE, ${SEARCH_WORDS.length} queries (Russian, English, ё, two-word, no-hit) × random managers.`,
    );

    const { manager: snap, chatAdmin: snapAdmin } = await unreadSnapshotTimes(store, meta);
    log(`  queries-pg: welcome unread snapshot manager ${fmt(snap)}, chat admin ${fmt(snapAdmin)}`);
    rows.push({
      figure: '(info) welcome unread snapshot (PostgreSQL), 1M msgs',
      ours: `manager ${fmt(snap)}; chat admin p99 ${fmtMs(snapAdmin.p99)}`,
      baseline: '—',
      ratio: '—',
      goal: '(no goal; paid by every hello)',
      met: 'n/a',
      stall: NO_SERVER,
    });
  } finally {
    await raw.end();
    await pool.end();
  }
  return { rows, notes };
}
