/*
 * S-AN-1: a report's days are cut at midnight in the reader's time zone. Intl knows the zones;
 * this turns a calendar day into the instant it starts there, across DST changes (a day of 23 or
 * 25 hours) and the zones whose clocks skip midnight itself (the day starts when it first shows).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall clock of `zone` at instant `t`, read as if it were UTC (ms). */
function wallClock(t: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(t))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

/** The calendar day `YYYY-MM-DD` of instant `t` in `zone`. */
export function localDateOf(t: number, zone: string): string {
  return new Date(wallClock(t, zone)).toISOString().slice(0, 10);
}

/** The first instant of `date` (YYYY-MM-DD) in `zone`. */
export function startOfLocalDay(date: string, zone: string): number {
  const midnight = Date.parse(`${date}T00:00:00Z`);
  // Two rounds find the offset in force at the local midnight, also when it differs from the
  // one a UTC midnight sees.
  let t = midnight - (wallClock(midnight, zone) - midnight);
  t = midnight - (wallClock(t, zone) - t);
  // A midnight the clocks skip: the day starts at the end of the gap, the first instant that is `date`.
  while (localDateOf(t, zone) < date) t += 15 * 60_000;
  while (localDateOf(t - 15 * 60_000, zone) === date) t -= 15 * 60_000;
  return t;
}

/** The day after `date` (YYYY-MM-DD). */
export function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Monday is 0 … Sunday 6. */
export function weekdayOf(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}
