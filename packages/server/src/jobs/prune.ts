import type { FastifyBaseLogger } from 'fastify';
import { pruneEvents, type Retention, type UnitOfWork } from '../services/index.js';
import { every } from './every.js';

/** Runs the event-log prune (services/retention.ts) on a timer; age is judged by the injected clock, so tests move time instead. */
export function startPruneJob(uow: UnitOfWork, retention: Retention, intervalMs: number, log: FastifyBaseLogger): () => void {
  return every(intervalMs, uow, log, 'event pruning', async (ctx) => pruneEvents(ctx, retention), (n) => {
    if (n > 0) log.info({ pruned: n }, 'pruned old events');
  });
}
