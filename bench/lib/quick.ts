/**
 * `npm run bench -- --quick`: a short regression guard that CI can afford — the same figures and
 * baselines on small data with short phases and few samples. run.ts hands the flag to each
 * figure's process as BENCH_QUICK=1; the figures take their sizes through `scale`, so a figure's
 * full and quick sizes sit side by side and nothing else reads the environment.
 */
export const QUICK_ENV = 'BENCH_QUICK';

export const quick = process.env[QUICK_ENV] === '1';

/** `full` for the table of record, `small` under --quick. */
export function scale<T>(full: T, small: T): T {
  return quick ? small : full;
}
