/** Percentiles and number formatting for the bench. */

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(samples: readonly number[]): Summary {
  const s = Float64Array.from(samples).sort();
  let sum = 0;
  for (const x of s) sum += x;
  return {
    n: s.length,
    p50: percentile(s, 50),
    p90: percentile(s, 90),
    p99: percentile(s, 99),
    max: s.length ? (s[s.length - 1] as number) : Number.NaN,
    mean: s.length ? sum / s.length : Number.NaN,
  };
}

/** 12345.6 → "12,346"; small numbers keep a few significant digits. */
export function fmtNum(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  return Number(x.toPrecision(digits)).toString();
}

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`;
  return `${fmtNum(ms)} ms`;
}

export function fmtKB(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export function ratio(ours: number, base: number): string {
  if (!Number.isFinite(ours) || !Number.isFinite(base) || base === 0) return '—';
  return `${(ours / base).toFixed(2)}×`;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Seeded PRNG (mulberry32): the dataset is the same on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Progress lines go to stderr; the table goes to stdout. */
export function log(...parts: unknown[]): void {
  process.stderr.write(`${parts.map(String).join(' ')}\n`);
}
