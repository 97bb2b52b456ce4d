/** One line of the results table. */
export interface Row {
  figure: string;
  ours: string;
  baseline: string;
  ratio: string;
  goal: string;
  /** 'yes' | 'no' | 'n/a' | 'missing' */
  met: string;
  /**
   * The server's longest event-loop delay during the measured phases (max / p99, ms), ours and
   * the raw baseline's: '—' where no server runs under the figure.
   */
  stall: string;
}

export interface FigureResult {
  rows: Row[];
  /** Printed under the table: generator CPU share, what a baseline is, caveats. */
  notes: string[];
}

export type Figure = () => Promise<FigureResult>;

export const yesNo = (ok: boolean): string => (ok ? 'yes' : 'NO');

import type { LoopDelay } from './proc.js';

/** `ours max 12.1 / p99 4.2 ms; raw 3.1 / 2.2` for the stall column. */
export function fmtStall(ours: LoopDelay | undefined, raw?: LoopDelay): string {
  const one = (d: LoopDelay) => (d.count === 0 ? 'n/a' : `${d.max.toFixed(1)} / ${d.p99.toFixed(1)}`);
  if (!ours) return '—';
  return `ours ${one(ours)} ms${raw ? `; raw ${one(raw)}` : ''}`;
}
