import type { FastifyBaseLogger } from 'fastify';
import type { BlobStore } from '../ports/blob-store.js';
import type { UnitOfWork } from '../services/index.js';
import { pruneUnsentFiles } from '../services/files.js';
import { every } from './every.js';

/** Removes uploads never sent (services/files.ts) on a timer, with their blobs once nothing names them. */
export function startPruneFilesJob(uow: UnitOfWork, blobs: BlobStore, ttlMs: number, intervalMs: number, log: FastifyBaseLogger): () => void {
  return every(intervalMs, uow, log, 'unsent file pruning', (ctx) => pruneUnsentFiles(ctx, blobs, ttlMs), (n) => {
    if (n > 0) log.info({ blobs: n }, 'pruned unsent uploads and their blobs');
  });
}
