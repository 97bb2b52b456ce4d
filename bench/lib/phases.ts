import type { Child, LoopDelay } from './proc.js';

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
 * Several servers: the nodes of a cluster, all watched alike.
 */
export async function watchingLoop<T>(server: Child<unknown> | readonly Child<unknown>[], measure: boolean, fn: () => Promise<T>): Promise<T> {
  const servers = Array.isArray(server) ? server : [server];
  if (measure) await Promise.all(servers.map((s) => s.call('loopStart')));
  try {
    return await fn();
  } finally {
    if (measure) await Promise.all(servers.map((s) => s.call('loopStop')));
  }
}

/** The worst event-loop delay among `servers` (a cluster stalls where its slowest node does). */
export async function readLoops(servers: readonly Child<unknown>[]): Promise<LoopDelay> {
  const all = await Promise.all(servers.map((s) => s.call<LoopDelay>('loopRead')));
  return {
    max: Math.max(0, ...all.map((d) => d.max)),
    p99: Math.max(0, ...all.map((d) => d.p99)),
    mean: Math.max(0, ...all.map((d) => d.mean)),
    count: all.reduce((n, d) => n + d.count, 0),
  };
}
