import type { FastifyBaseLogger } from 'fastify';
import { autoClose, type UnitOfWork } from '../services/index.js';

/** Runs the auto-close action (S-SET-3, services/auto-close.ts) through the unit of work on a timer. */
export function startAutoCloseJob(uow: UnitOfWork, intervalMs: number, log: FastifyBaseLogger): () => void {
  const timer = setInterval(() => {
    uow.system(autoClose).then(
      (n) => {
        if (n > 0) log.info({ closed: n }, 'auto-closed idle conversations');
      },
      (err: unknown) => log.error({ err }, 'auto-close failed'),
    );
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
