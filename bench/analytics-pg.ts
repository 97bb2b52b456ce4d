/**
 * Figure 9 on PostgreSQL (S-AN-1): the same reports as figure 9 on the same 1M-message data
 * (pg-big.ts), through our PostgreSQL adapter, on a copy of the cached database with its rollups
 * folded as the analytics job folds them, kept as `chatdesk_bench_analytics_v<N>` (made again when
 * the adapter's migrations or the fold change). Ours: in-process on a pool of one read-only
 * connection; raw: the statements each call sent, captured at the driver and replayed on a plain
 * `pg` connection right after it (lib/pg-replay.ts).
 */
import pg from 'pg';
import { PostgresStorage } from '../packages/server/src/adapters/postgres/postgres-storage.js';
import { BENCH_FOLD_BATCH, reportCases } from './lib/analytics-calls.js';
import { GOAL_MS } from './analytics.js';
import { ensureFoldedPg, FOLDED_PG } from './lib/pg-folded.js';
import { databaseUrl, pgMissing, PG_SCHEMA } from './lib/pg-admin.js';
import { BIG_PG, ensureBigPg, NUMBERS } from './lib/pg-big.js';
import { CapturingClient, measurePair } from './lib/pg-replay.js';
import type { FigureResult, Row } from './lib/row.js';
import { yesNo } from './lib/row.js';
import { fmtMs, log, ratio, type Summary } from './lib/stats.js';
import { preparing } from './lib/preparing.js';

const ITERATIONS = 300;
export default async function run(): Promise<FigureResult> {
  const missing = await pgMissing();
  if (missing) throw new Error(missing);
  const meta = await preparing(ensureBigPg);
  const folded = await preparing(() => ensureFoldedPg(meta));
  const readOnly = `-c search_path=${PG_SCHEMA} -c default_transaction_read_only=on`;
  const url = databaseUrl(FOLDED_PG);
  const pool = new pg.Pool({ connectionString: url, options: readOnly, types: NUMBERS, max: 1, Client: CapturingClient });
  const raw = new pg.Client({ connectionString: url, options: readOnly, types: NUMBERS });
  await raw.connect();
  const store = new PostgresStorage(pool);
  const rows: Row[] = [];
  const fmt = (s: Summary) => `p99 ${fmtMs(s.p99)} (p50 ${fmtMs(s.p50)}, n=${s.n})`;
  try {
    const lastAt = Number((await raw.query('SELECT max(created_at) AS t FROM messages')).rows[0].t);
    for (const [i, c] of reportCases(lastAt, meta.managers).entries()) {
      const m = await measurePair(store, raw, c.calls, ITERATIONS);
      log(`  analytics-pg: ${c.label} ours ${fmt(m.ours)}, raw ${fmt(m.raw)}`);
      rows.push({
        figure: `9${'abcde'[i]}. analytics report (PostgreSQL), ${c.label}, 1M msgs`,
        ours: fmt(m.ours),
        baseline: `raw SQL ${fmt(m.raw)}`,
        ratio: ratio(m.ours.p99, m.raw.p99),
        goal: `p99 ≤ ${GOAL_MS} ms`,
        met: yesNo(m.ours.p99 <= GOAL_MS),
        stall: '— (in-process)',
      });
    }
  } finally {
    await raw.end();
    await pool.end();
  }
  rows.push({
    figure: '(info) analytics fold of the whole dataset (PostgreSQL), 1M msgs',
    ours: `${Math.round(folded.messages / (folded.ms / 1000)).toLocaleString('en-US')} msgs/s (${folded.messages.toLocaleString('en-US')} in ${(folded.ms / 1000).toFixed(1)} s, when the cache was made on ${folded.at})`,
    baseline: '—',
    ratio: '—',
    goal: '(no goal; the job runs off the send path)',
    met: 'n/a',
    stall: '— (in-process)',
  });
  return {
    rows,
    notes: [
      `9a–9e (PostgreSQL): ${FOLDED_PG}, a copy of ${BIG_PG} with its rollups folded ${BENCH_FOLD_BATCH.toLocaleString('en-US')} messages a transaction and ANALYZEd, read in place; ours on a pool of one read-only connection, raw the captured statements replayed on another; up to ${ITERATIONS} calls each, alternating call by call.`,
    ],
  };
}
