import type { FastifyBaseLogger } from 'fastify';
import { FOLD_BATCH, foldAnalytics, type UnitOfWork } from '../services/index.js';
import { everyInBatches } from './every.js';

/** Messages one run folds at most: a backlog (a first start on an old database) drains over several runs. */
const MESSAGES_PER_RUN = 10_000;
/**
 * Folded in one run with batches still full, the fold is falling behind the sends: it takes
 * `FOLD_BATCH` a transaction from there. At 1,000 msg/s a run finds about a second's thousand;
 * at 5,000 msg/s batches of 25, one an event-loop turn, fell 8,500 behind in 2 s (100 throughout: 900).
 */
const CATCH_UP_AFTER = 2_000;

type Folded = { read: number; size: number };

/**
 * S-AN-1: folds the messages stored since the last run into the analytics rollups every
 * `intervalMs`, once across a cluster (the fold claims the `analytics` job lock), a batch a
 * transaction with the event loop turning between them (every.ts). `batch` messages a
 * transaction: `FOLD_BATCH_ON_LOOP` where a transaction holds the loop (SQLite), `FOLD_BATCH`
 * elsewhere, and `FOLD_BATCH` too once a run is catching up (CATCH_UP_AFTER).
 */
export function startAnalyticsJob(uow: UnitOfWork, intervalMs: number, log: FastifyBaseLogger, batch = FOLD_BATCH): () => void {
  const large = Math.max(batch, FOLD_BATCH);
  return everyInBatches<Folded>(
    intervalMs,
    // Up to MESSAGES_PER_RUN: CATCH_UP_AFTER in `batch`es, the rest in `large` ones.
    Math.ceil(CATCH_UP_AFTER / batch) + Math.ceil((MESSAGES_PER_RUN - CATCH_UP_AFTER) / large),
    uow,
    log,
    'analytics',
    async (ctx, done) => {
      const size = done.reduce((sum, f) => sum + f.read, 0) >= CATCH_UP_AFTER ? large : batch;
      return { read: await foldAnalytics(ctx, size), size };
    },
    (f) => f.read >= f.size,
    (runs) => {
      const folded = runs.reduce((sum, f) => sum + f.read, 0);
      if (folded > 0) log.debug({ folded }, 'analytics: messages folded');
    },
  );
}
