/*
 * The report's days (S-AN-1): the server cuts them at the reader's local midnights, so the
 * element only names calendar days, `YYYY-MM-DD`, as they are in the report's time zone. The
 * arithmetic on them is done on UTC dates, where every day has 24 hours.
 */

/** The range presets of the picker; `custom` takes the `from` and `to` the user typed. */
export const analyticsRanges = ['today', '7d', '30d', 'custom'] as const;
export type AnalyticsRange = (typeof analyticsRanges)[number];

/**
 * The protocol's `ANALYTICS_MAX_DAYS`. Repeated here because `@chatdesk/protocol/runtime` (the
 * entry browser code takes values from) does not carry it, and the main entry would bring the
 * valibot schemas along; a test keeps the two equal.
 */
export const MAX_DAYS = 366;

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The browser's own time zone (what a user without a `time-zone` attribute reads the days in). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Whether `zone` is an IANA time zone this browser knows (the server checks it the same way). */
export function isTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Whether `s` is a real calendar day written `YYYY-MM-DD`. */
export function isLocalDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The calendar day `now` falls on in `timeZone`. */
export function todayIn(timeZone: string, now: number = Date.now()): string {
  const parts = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The day `n` days after `date` (before, for a negative `n`). */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both counted: 1 for a single day. */
export function daysIn(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** The days a preset covers, ending today in `timeZone`. */
export function presetRange(range: Exclude<AnalyticsRange, 'custom'>, timeZone: string, now: number = Date.now()): { from: string; to: string } {
  const to = todayIn(timeZone, now);
  const days = range === 'today' ? 1 : range === '7d' ? 7 : 30;
  return { from: addDays(to, 1 - days), to };
}

/** What is wrong with a custom range, as a term key; null when the server would take it. */
export type RangeIssue = 'fromMissing' | 'toMissing' | 'backwards' | 'tooLong';

export function rangeIssue(from: string, to: string): RangeIssue | null {
  if (!isLocalDate(from)) return 'fromMissing';
  if (!isLocalDate(to)) return 'toMissing';
  if (from > to) return 'backwards';
  if (daysIn(from, to) > MAX_DAYS) return 'tooLong';
  return null;
}

/** A `YYYY-MM-DD` as the instant its UTC midnight is, for `Intl` formatting with `timeZone: 'UTC'`. */
export function dateValue(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}
