import type { FastifyBaseLogger } from 'fastify';
import { runSla, type UnitOfWork } from '../services/index.js';
import { every } from './every.js';

/**
 * S-SLA-1: works out the SLA markers due (services/sla.ts) every `intervalMs` (a second by
 * default: a marker changes within a second of its moment), once across a cluster.
 */
export function startSlaJob(uow: UnitOfWork, intervalMs: number, log: FastifyBaseLogger): () => void {
  return every(intervalMs, uow, log, 'sla', runSla, (n) => {
    if (n > 0) log.debug({ changed: n }, 'SLA markers changed');
  });
}
