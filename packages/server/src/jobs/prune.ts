import type { FastifyBaseLogger } from 'fastify';
import { pruneEvents, type Retention, type UnitOfWork } from '../services/index.js';

/** Runs the event-log prune (services/retention.ts) on a timer; age is judged by the injected clock, so tests move time instead. */
export function startPruneJob(uow: UnitOfWork, retention: Retention, intervalMs: number, log: FastifyBaseLogger): () => void {
  const timer = setInterval(() => {
    uow.system(async (ctx) => pruneEvents(ctx, retention)).then(
      (n) => {
        if (n > 0) log.info({ pruned: n }, 'pruned old events');
      },
      (err: unknown) => log.error({ err }, 'event pruning failed'),
    );
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
