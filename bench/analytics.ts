/**
 * Figure 9 (S-AN-1): analytics reports on the 1M-message / 100k-conversation database (under
 * --quick the 30k one). A copy of the cached dataset gets its rollups folded as the analytics job
 * folds them (the fold's rate is printed too), then each report is timed in-process (params
 * validation, the handler in its read transaction, the result frame) against "raw": the very SQL
 * it ran, captured and replayed through better-sqlite3 (lib/sqlite-replay.ts), without the
 * report's arithmetic in JavaScript (periods, open counts, medians, names). Ours and raw alternate
 * call by call and stop together.
 */
import Database from 'better-sqlite3';
import { tuneConnection } from '../packages/server/src/adapters/sqlite/db.js';
import { Repo } from '../packages/server/src/adapters/sqlite/repo.js';
import { SqliteStorage } from '../packages/server/src/adapters/sqlite/sqlite-storage.js';
import { FOLD_BATCH_ON_LOOP } from '../packages/server/src/services/analytics-fold.js';
import { BENCH_FOLD_BATCH, reportCases } from './lib/analytics-calls.js';
import { ensureFolded } from './lib/folded.js';
import { DATASET, ensureBigDb } from './lib/dataset.js';
import { measurePair } from './lib/sqlite-replay.js';
import { scale } from './lib/quick.js';
import type { FigureResult, Row } from './lib/row.js';
import { yesNo } from './lib/row.js';
import { fmtMs, log, ratio, type Summary } from './lib/stats.js';
import { preparing } from './lib/preparing.js';

const ITERATIONS = scale(300, 50);
export const GOAL_MS = 50;
export default async function run(): Promise<FigureResult> {
  const meta = await preparing(() => ensureBigDb());
  const folded = await preparing(() => ensureFolded(meta));
  const file = folded.file;
  const db = new Database(file, { readonly: true });
  try {
    tuneConnection(db);
    const store = new SqliteStorage(new Repo(db));
    const lastAt = (db.prepare('SELECT max(created_at) AS t FROM messages').get() as { t: number }).t;
    const rows: Row[] = [];
    const fmt = (s: Summary) => `p99 ${fmtMs(s.p99)} (p50 ${fmtMs(s.p50)}, n=${s.n})`;
    let statements = 0;
    for (const [i, c] of reportCases(lastAt, meta.managers).entries()) {
      const m = await measurePair(file, store, db, c.calls, ITERATIONS);
      statements = Math.max(statements, m.statements);
      log(`  analytics: ${c.label} ours ${fmt(m.ours)}, raw ${fmt(m.raw)}`);
      rows.push({
        figure: `9${'abcde'[i]}. analytics report, ${c.label} (${DATASET.label})`,
        ours: fmt(m.ours),
        baseline: `raw SQL ${fmt(m.raw)}`,
        ratio: ratio(m.ours.p99, m.raw.p99),
        goal: `p99 ≤ ${GOAL_MS} ms`,
        met: yesNo(m.ours.p99 <= GOAL_MS),
        stall: '— (in-process)',
      });
    }
    rows.push({
      figure: `(info) analytics fold of the whole dataset (${DATASET.label})`,
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
        `9a–9e (S-AN-1): the cached dataset with its rollups folded (once, into a copy kept beside it) by the analytics fold (${BENCH_FOLD_BATCH.toLocaleString('en-US')} messages a transaction; the job on SQLite takes ${FOLD_BATCH_ON_LOOP}), ranges ending on the dataset's last day in Europe/Moscow; ours = valibot params + analytics.report in its read transaction + JSON result frame; raw = the SQL statements it ran (up to ${statements.toFixed(0)} a call), captured and replayed through better-sqlite3; up to ${ITERATIONS} calls each, alternating call by call. The generated data has customers' and managers' messages but no system notices, so it folds no closings or reassignments.`,
      ],
    };
  } finally {
    db.close();
  }
}
