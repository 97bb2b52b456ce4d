import type { FastifyBaseLogger } from 'fastify';
import { foldAnalytics, type UnitOfWork } from '../services/index.js';
import { every } from './every.js';

/**
 * S-AN-1: folds the messages stored since the last run into the analytics rollups every
 * `intervalMs`, once across a cluster (the fold claims the `analytics` job lock). A run takes a
 * bounded batch; a backlog (a first start on an old database) drains over the next runs.
 */
export function startAnalyticsJob(uow: UnitOfWork, intervalMs: number, log: FastifyBaseLogger): () => void {
  return every(intervalMs, uow, log, 'analytics', (ctx) => foldAnalytics(ctx), (n) => {
    if (n > 0) log.debug({ folded: n }, 'analytics: messages folded');
  });
}
