import type { FastifyBaseLogger } from 'fastify';
import { FOLD_BATCH, foldAnalytics, type UnitOfWork } from '../services/index.js';
import { everyInBatches } from './every.js';

/** Messages one run folds at most: a backlog (a first start on an old database) drains over several runs. */
const MESSAGES_PER_RUN = 10_000;

/**
 * S-AN-1: folds the messages stored since the last run into the analytics rollups every
 * `intervalMs`, once across a cluster (the fold claims the `analytics` job lock), a batch a
 * transaction of `batch` messages with the event loop turning between them (every.ts):
 * `FOLD_BATCH_ON_LOOP` where a transaction holds the loop (SQLite), `FOLD_BATCH` elsewhere.
 */
export function startAnalyticsJob(uow: UnitOfWork, intervalMs: number, log: FastifyBaseLogger, batch = FOLD_BATCH): () => void {
  return everyInBatches(
    intervalMs,
    Math.ceil(MESSAGES_PER_RUN / batch),
    uow,
    log,
    'analytics',
    (ctx) => foldAnalytics(ctx, batch),
    (n) => n >= batch,
    (batches) => {
      const folded = batches.reduce((sum, n) => sum + n, 0);
      if (folded > 0) log.debug({ folded }, 'analytics: messages folded');
    },
  );
}
