import type { FastifyBaseLogger } from 'fastify';
import { runSlaBatch, SLA_BATCH, type UnitOfWork } from '../services/index.js';
import { everyInBatches } from './every.js';

/** Batches a run works out at most: 500 markers a second drain a restarted server's backlog. */
const BATCHES_PER_RUN = 5;

/**
 * S-SLA-1: works out the SLA markers due (services/sla.ts) every `intervalMs` (a second by
 * default: a marker changes within a second of its moment), once across a cluster.
 */
export function startSlaJob(uow: UnitOfWork, intervalMs: number, log: FastifyBaseLogger): () => void {
  return everyInBatches(
    intervalMs,
    BATCHES_PER_RUN,
    uow,
    log,
    'sla',
    (ctx) => runSlaBatch(ctx),
    ({ due }) => due >= SLA_BATCH,
    (batches) => {
      const told = batches.reduce((sum, b) => sum + b.told, 0);
      if (told > 0) log.debug({ changed: told }, 'SLA markers changed');
    },
  );
}
