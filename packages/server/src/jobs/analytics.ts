import type { FastifyBaseLogger } from 'fastify';
import { FOLD_BATCH, foldAnalytics, type UnitOfWork } from '../services/index.js';
import { everyInBatches } from './every.js';

/** Batches one run folds at most: a backlog (a first start on an old database) drains over several runs. */
const BATCHES_PER_RUN = 100;

/**
 * S-AN-1: folds the messages stored since the last run into the analytics rollups every
 * `intervalMs`, once across a cluster (the fold claims the `analytics` job lock), a batch a
 * transaction with the event loop turning between them (every.ts).
 */
export function startAnalyticsJob(uow: UnitOfWork, intervalMs: number, log: FastifyBaseLogger): () => void {
  return everyInBatches(
    intervalMs,
    BATCHES_PER_RUN,
    uow,
    log,
    'analytics',
    (ctx) => foldAnalytics(ctx),
    (n) => n >= FOLD_BATCH,
    (batches) => {
      const folded = batches.reduce((sum, n) => sum + n, 0);
      if (folded > 0) log.debug({ folded }, 'analytics: messages folded');
    },
  );
}
