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
import { BENCH_FOLD_BATCH, foldAll, reportCases } from './lib/analytics-calls.js';
import { FOLD_VERSION, GOAL_MS } from './analytics.js';
import { databaseExists, databaseUrl, dropDatabase, ident, pgMissing, PG_SCHEMA, runDatabase, withAdmin } from './lib/pg-admin.js';
import { BIG_PG, ensureBigPg, NUMBERS, type PgBigMeta } from './lib/pg-big.js';
import { CapturingClient, measurePair } from './lib/pg-replay.js';
import type { FigureResult, Row } from './lib/row.js';
import { yesNo } from './lib/row.js';
import { fmtMs, log, ratio, type Summary } from './lib/stats.js';
import { preparing } from './lib/preparing.js';

const ITERATIONS = 300;
const FOLDED_PG = `chatdesk_bench_analytics_v${FOLD_VERSION}`;

interface FoldedMeta {
  migrations: string[];
  messages: number;
  ms: number;
  at: string;
}

async function readFolded(): Promise<FoldedMeta | undefined> {
  if (!(await withAdmin((c) => databaseExists(c, FOLDED_PG)))) return undefined;
  const c = new pg.Client({ connectionString: databaseUrl(FOLDED_PG) });
  await c.connect();
  try {
    const r = await c.query<{ value: string }>(`SELECT value FROM public.bench_meta WHERE key = 'analytics'`);
    return r.rows[0] ? (JSON.parse(r.rows[0].value) as FoldedMeta) : undefined;
  } finally {
    await c.end();
  }
}

/** The dataset with its rollups folded: made once from the cached dataset, then read in place. */
async function ensureFolded(meta: PgBigMeta): Promise<FoldedMeta> {
  const cached = await readFolded();
  if (cached && cached.migrations.join() === meta.migrations.join()) return cached;
  log(`  analytics-pg: folding ${BIG_PG}'s messages into a copy's rollups (once; kept as ${FOLDED_PG})`);
  const db = await runDatabase('analytics', BIG_PG);
  try {
    const writer = new pg.Pool({ connectionString: db.url, options: `-c search_path=${PG_SCHEMA}`, types: NUMBERS, max: 1 });
    const { messages, ms } = await foldAll(new PostgresStorage(writer));
    await writer.query('VACUUM (ANALYZE)');
    const folded: FoldedMeta = { migrations: meta.migrations, messages, ms, at: new Date().toISOString().slice(0, 10) };
    await writer.query(`INSERT INTO public.bench_meta (key, value) VALUES ('analytics', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [JSON.stringify(folded)]);
    await writer.end();
    await withAdmin(async (c) => {
      await dropDatabase(c, FOLDED_PG);
      await c.query(`ALTER DATABASE ${ident(db.name)} RENAME TO ${ident(FOLDED_PG)}`);
    });
    return folded;
  } finally {
    await db.drop();
  }
}

export default async function run(): Promise<FigureResult> {
  const missing = await pgMissing();
  if (missing) throw new Error(missing);
  const meta = await preparing(ensureBigPg);
  const folded = await preparing(() => ensureFolded(meta));
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
