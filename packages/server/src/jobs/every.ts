import type { FastifyBaseLogger } from 'fastify';
import type { SystemContext, UnitOfWork } from '../services/index.js';

/**
 * Runs `action` through the unit of work every `intervalMs` (one transaction, then its events);
 * `report` logs what it did; a failure is logged and the next run comes as planned. Returns the stop.
 */
export function every(
  intervalMs: number,
  uow: UnitOfWork,
  log: FastifyBaseLogger,
  what: string,
  action: (ctx: SystemContext) => number | Promise<number>,
  report: (n: number) => void,
): () => void {
  const timer = setInterval(() => {
    uow.system(action).then(report, (err: unknown) => log.error({ err }, `${what} failed`));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
