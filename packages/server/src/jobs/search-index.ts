import type { FastifyBaseLogger } from 'fastify';
import type { Storage } from '../ports/storage.js';
import type { UnitOfWork } from '../services/index.js';
import { every } from './every.js';

/**
 * Where the storage indexes messages for search after their send (SQLite), this brings the index
 * up to date a few times a second: a quiet server's last messages do not wait for the next batch
 * (a search would index them itself first anyway). One short transaction a run, nothing to do
 * on most. Absent where the send indexes (PostgreSQL).
 */
export function startSearchIndexJob(uow: UnitOfWork, store: Storage, intervalMs: number, log: FastifyBaseLogger): () => void {
  const catchUp = store.search.catchUp?.bind(store.search);
  if (!catchUp) return () => {};
  return every(intervalMs, uow, log, 'search indexing', () => catchUp(), (n) => {
    if (n > 0) log.debug({ indexed: n }, 'indexed messages for search');
  });
}
