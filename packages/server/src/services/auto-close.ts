import type { SystemContext } from './context.js';
import { applyChange, UNASSIGNED_AUTO_CLOSE_MS } from './lifecycle.js';
import { loadSettings } from './settings-doc.js';

/** Conversations closed per run at most (the rest wait for the next run). */
const BATCH = 500;

/**
 * S-SET-3: closes assigned conversations idle for `autoCloseAssignedMs` (when set) and
 * unassigned ones idle for a month, each with an `autoClosed` event in the feed. While the
 * distribution bot is enabled it governs closing by its own rule instead: every open conversation,
 * assigned or not, idle for its `closeAfterMs` (null: never). Idleness is judged by the injected
 * clock, so tests move time instead of waiting.
 */
export async function autoClose(ctx: SystemContext): Promise<number> {
  // Another node is running it right now: what it closes would be closed twice.
  if (!(await ctx.store.jobs.claim('auto-close'))) return 0;
  const settings = await loadSettings(ctx.store);
  const now = ctx.clock.now();
  let closed = 0;
  const bot = settings.distributionBot;
  const runs: [assigned: boolean, idleMs: number | null][] = bot.enabled
    ? [
        [true, bot.closeAfterMs],
        [false, bot.closeAfterMs],
      ]
    : [
        [true, settings.autoCloseAssignedMs],
        [false, UNASSIGNED_AUTO_CLOSE_MS],
      ];
  for (const [assigned, idleMs] of runs) {
    if (idleMs === null) continue;
    for (const row of await ctx.store.conversations.idleOpen(assigned, now - idleMs, BATCH)) {
      await applyChange(ctx, row, { status: 'closed' }, { type: 'autoClosed', by: null, from: null, to: null });
      closed++;
    }
  }
  return closed;
}
