/** Something measured in timed phases: warm-up phases are run but not counted. */
export interface Phased {
  phase(ms: number, measure: boolean): Promise<void>;
}

/**
 * Ours and the raw baseline take turns, so background load on a shared machine hits both alike:
 * one warm-up phase each, then `rounds` measured phases each, alternating.
 */
export async function alternate(ours: Phased, raw: Phased, o: { warmupMs: number; phaseMs: number; rounds: number }): Promise<void> {
  await ours.phase(o.warmupMs, false);
  await raw.phase(o.warmupMs, false);
  for (let i = 0; i < o.rounds; i++) {
    await ours.phase(o.phaseMs, true);
    await raw.phase(o.phaseMs, true);
  }
}
