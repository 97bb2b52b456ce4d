import type { FastifyBaseLogger } from 'fastify';
import type { SystemContext, UnitOfWork } from '../services/index.js';

/**
 * Runs `action` through the unit of work every `intervalMs` (one transaction, then its events);
 * `report` logs what it did; a failure is logged and the next run comes as planned, and a run
 * still going when the next is due lets it pass (`everyInBatches` with one batch a run).
 * Returns the stop.
 */
export function every(
  intervalMs: number,
  uow: UnitOfWork,
  log: FastifyBaseLogger,
  what: string,
  action: (ctx: SystemContext) => number | Promise<number>,
  report: (n: number) => void,
): () => void {
  return everyInBatches(intervalMs, 1, uow, log, what, async (ctx) => action(ctx), () => false, ([n]) => report(n ?? 0));
}

/**
 * Runs `batch` through the unit of work every `intervalMs`, again while a batch comes back full
 * (`full(result)`), up to `maxBatches` a run, then `report`s the run's results (`batch` is handed
 * the run's results so far): each batch is a transaction of its own, and the next
 * waits for the event loop's next turn (`setImmediate`), so sockets are read and written between
 * them. On SQLite a transaction holds the event loop while it runs: a backlog worked through in
 * one go held it 11–67 ms (the analytics fold of a second's thousand messages, 500 SLA markers).
 * A run still going when the next is due lets it pass; a failing batch is logged, and the run
 * ends there unreported. Returns the stop.
 */
export function everyInBatches<R>(
  intervalMs: number,
  maxBatches: number,
  uow: UnitOfWork,
  log: FastifyBaseLogger,
  what: string,
  batch: (ctx: SystemContext, done: readonly R[]) => Promise<R>,
  full: (result: R) => boolean,
  report: (results: R[]) => void,
): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const results: R[] = [];
      for (let i = 0; i < maxBatches; i++) {
        if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
        const result = await uow.system((ctx) => batch(ctx, results));
        results.push(result);
        if (!full(result)) break;
      }
      report(results);
    } catch (err) {
      log.error({ err }, `${what} failed`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
