import type { SystemContext } from './context.js';

export interface Retention {
  maxRows: number;
  maxAgeMs: number;
}

/**
 * Drops events older than the retention age or beyond the newest `maxRows`. A client that
 * resumes from before the pruned point gets RESYNC_REQUIRED and refetches.
 */
export async function pruneEvents(ctx: SystemContext, retention: Retention): Promise<number> {
  if (!(await ctx.store.jobs.claim('prune-events'))) return 0;
  return ctx.store.events.prune(ctx.clock.now() - retention.maxAgeMs, retention.maxRows);
}
