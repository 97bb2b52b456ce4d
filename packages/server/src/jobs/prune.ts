import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../config.js';
import type { Repo } from '../storage/repo.js';

export interface Retention {
  maxRows: number;
  maxAgeMs: number;
}

/**
 * Drops events older than the retention age or beyond the newest `maxRows`. A client that
 * resumes from before the pruned point gets RESYNC_REQUIRED and refetches.
 */
export function pruneEvents(repo: Repo, clock: Clock, retention: Retention): number {
  return repo.pruneEvents(clock.now() - retention.maxAgeMs, retention.maxRows);
}

/** Runs the prune on a timer; age is judged by the injected clock, so tests move time instead. */
export function startPruneJob(
  repo: Repo,
  clock: Clock,
  retention: Retention,
  intervalMs: number,
  log: FastifyBaseLogger,
): () => void {
  const timer = setInterval(() => {
    try {
      const n = pruneEvents(repo, clock, retention);
      if (n > 0) log.info({ pruned: n }, 'pruned old events');
    } catch (err) {
      log.error({ err }, 'event pruning failed');
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
