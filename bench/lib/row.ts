/** One line of the results table. */
export interface Row {
  figure: string;
  ours: string;
  baseline: string;
  ratio: string;
  goal: string;
  /** 'yes' | 'no' | 'n/a' | 'missing' */
  met: string;
}

export interface FigureResult {
  rows: Row[];
  /** Printed under the table: generator CPU share, what a baseline is, caveats. */
  notes: string[];
}

export type Figure = () => Promise<FigureResult>;

export const yesNo = (ok: boolean): string => (ok ? 'yes' : 'NO');
