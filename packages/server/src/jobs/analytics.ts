import type { FastifyBaseLogger } from 'fastify';
import { FOLD_BATCH, foldAnalytics, type UnitOfWork } from '../services/index.js';

/** Batches one run folds at most: a backlog (a first start on an old database) drains over several runs. */
const BATCHES_PER_RUN = 100;

/**
 * S-AN-1: folds the messages stored since the last run into the analytics rollups every
 * `intervalMs`, once across a cluster (the fold claims the `analytics` job lock). Each batch is a
 * transaction of its own, and the next waits for the event loop's next turn (`setImmediate`),
 * so sockets are read and written between them: on SQLite a transaction holds the event loop
 * while it runs, and a second's thousand messages folded back to back held it 11–44 ms.
 */
export function startAnalyticsJob(uow: UnitOfWork, intervalMs: number, log: FastifyBaseLogger): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      let folded = 0;
      for (let i = 0; i < BATCHES_PER_RUN; i++) {
        if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
        const n = await uow.system((ctx) => foldAnalytics(ctx));
        folded += n;
        if (n < FOLD_BATCH) break;
      }
      if (folded > 0) log.debug({ folded }, 'analytics: messages folded');
    } catch (err) {
      log.error({ err }, 'analytics failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
