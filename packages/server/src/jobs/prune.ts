import type { FastifyBaseLogger } from 'fastify';
import { pruneEvents, type Retention, type UnitOfWork } from '../services/index.js';

/** Runs the event-log prune (services/retention.ts) on a timer; age is judged by the injected clock, so tests move time instead. */
export function startPruneJob(uow: UnitOfWork, retention: Retention, intervalMs: number, log: FastifyBaseLogger): () => void {
  const timer = setInterval(() => {
    try {
      const n = uow.system((ctx) => pruneEvents(ctx, retention));
      if (n > 0) log.info({ pruned: n }, 'pruned old events');
    } catch (err) {
      log.error({ err }, 'event pruning failed');
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
