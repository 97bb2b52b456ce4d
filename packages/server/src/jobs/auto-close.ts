import type { FastifyBaseLogger } from 'fastify';
import { autoClose, type UnitOfWork } from '../services/index.js';
import { every } from './every.js';

/** Runs the auto-close action (S-SET-3, services/auto-close.ts) on a timer. */
export function startAutoCloseJob(uow: UnitOfWork, intervalMs: number, log: FastifyBaseLogger): () => void {
  return every(intervalMs, uow, log, 'auto-close', autoClose, (n) => {
    if (n > 0) log.info({ closed: n }, 'auto-closed idle conversations');
  });
}
