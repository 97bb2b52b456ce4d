import type { Child } from './proc.js';

/** Something measured in timed phases: warm-up phases are run but not counted. */
export interface Phased {
  phase(ms: number, measure: boolean): Promise<void>;
}

/**
 * Ours and the raw baseline (and any other side) take turns, so background load on a shared
 * machine hits all alike: one warm-up phase each, then `rounds` measured phases each, in turn.
 */
export async function alternate(sides: readonly Phased[], o: { warmupMs: number; phaseMs: number; rounds: number }): Promise<void> {
  for (const s of sides) await s.phase(o.warmupMs, false);
  for (let i = 0; i < o.rounds; i++) {
    for (const s of sides) await s.phase(o.phaseMs, true);
  }
}

/**
 * Runs `fn` with the server child's event-loop monitor on when `measure` is set, so the stall
 * figures cover the measured phases only (not start-up, warm-up or the other side's turns).
 */
export async function watchingLoop<T>(server: Child<unknown>, measure: boolean, fn: () => Promise<T>): Promise<T> {
  if (measure) await server.call('loopStart');
  try {
    return await fn();
  } finally {
    if (measure) await server.call('loopStop');
  }
}
