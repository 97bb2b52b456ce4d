import type { Lang } from './localize.js';

/*
 * Times for the elements. Clock times and dates come from the browser (`Intl.DateTimeFormat`),
 * which costs no bytes; distances in words ("5 minutes ago") from date-fns' `formatDistance` with
 * its ru and en locales, in a chunk of their own (time-words.ts): the locales carry their whole
 * grammar (≈ 6 KB min+gzip), too much for the panel's 45 KB start-up budget. Only what shows
 * distances as text loads that chunk (`loadTimeWords`): a thread showing a conversation (the
 * bubbles' "5 minutes ago"), the list sorted by waiting time; formatting a distance never loads
 * it, so the list's spoken row times at start-up do not pull it in. Until it is in, the browser's `Intl.RelativeTimeFormat` words the
 * distance, the same way for minutes ("5 minutes ago" / «5 минут назад»).
 */

type Words = typeof import('./time-words.js');
let words: Words | undefined;
let loading: Promise<void> | undefined;

/** Loads the date-fns wording (once); the caller re-renders when it resolves to use it. */
export function loadTimeWords(): Promise<void> {
  loading ??= import('./time-words.js').then(
    (m) => void (words = m),
    () => void (loading = undefined),
  );
  return loading;
}

/**
 * The locale dates and times are written in: the browser's own regional variant of the element's
 * language when the user has one (en-GB writes 14:05, en-US 2:05 PM; ru-RU and ru alike), else the
 * language itself.
 */
export function localeOf(lang: Lang): string {
  const preferred = typeof navigator === 'undefined' ? [] : navigator.languages ?? [];
  return preferred.find((l) => l.toLowerCase().split('-')[0] === lang) ?? lang;
}

/** The date and time formats the elements write, by name (a name is a cheaper key than the options). */
const FORMATS = {
  clock: { timeStyle: 'short' },
  full: { dateStyle: 'medium', timeStyle: 'short' },
  day: { day: 'numeric', month: 'long' },
  dayOfYear: { day: 'numeric', month: 'long', year: 'numeric' },
  short: { day: 'numeric', month: 'short' },
  numeric: { day: '2-digit', month: '2-digit', year: 'numeric' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

// Made once each: a formatter costs far more to make than to use (23 µs against 1), and a list labels every row.
const formatters = new Map<string, unknown>();
function kept<T>(key: string, make: () => T): T {
  let f = formatters.get(key) as T | undefined;
  if (f === undefined) formatters.set(key, (f = make()));
  return f;
}

function dateFormat(lang: Lang, name: keyof typeof FORMATS): Intl.DateTimeFormat {
  const locale = localeOf(lang);
  return kept(`date ${locale} ${name}`, () => new Intl.DateTimeFormat(locale, FORMATS[name]));
}

/** The time of a message bubble, 12- or 24-hour as the locale writes it: `09:05` / `9:05 AM`. */
export function formatClock(ts: number, lang: Lang): string {
  return dateFormat(lang, 'clock').format(ts);
}

/** A full date and time for a tooltip: `Nov 25, 2026, 2:05 PM` / `25 нояб. 2026 г., 14:05`. */
export function formatFull(ts: number, lang: Lang): string {
  return dateFormat(lang, 'full').format(ts);
}

/** A day line's date: `November 25` / `25 ноября`, with the year when it is not this year's. */
export function formatDay(ts: number, lang: Lang, now: number = Date.now()): string {
  const thisYear = new Date(ts).getFullYear() === new Date(now).getFullYear();
  return dateFormat(lang, thisYear ? 'day' : 'dayOfYear').format(ts);
}

/** Calendar days from `ts` to `now`: 0 today, 1 yesterday (local time). */
export function daysAgo(ts: number, now: number = Date.now()): number {
  const day = (t: number) => {
    const d = new Date(t);
    return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  };
  return Math.round((day(now) - day(ts)) / 86_400_000);
}

/**
 * The time column of the conversation list: today → `14:05` / `2:05 PM`, this year → `25 нояб.` /
 * `Nov 25`, else `25.11.2025` / `11/25/2025`.
 */
export function formatListTime(ts: number, lang: Lang, now: number = Date.now()): string {
  if (daysAgo(ts, now) === 0) return formatClock(ts, lang);
  if (new Date(ts).getFullYear() === new Date(now).getFullYear()) return dateFormat(lang, 'short').format(ts);
  return dateFormat(lang, 'numeric').format(ts);
}

/** The distance until date-fns' wording is loaded. */
function roughly(ts: number, now: number, lang: Lang, suffix: boolean): string {
  const s = Math.max(0, Math.round((now - ts) / 1000));
  const [n, unit]: [number, Intl.RelativeTimeFormatUnit] =
    s < 60 ? [s, 'second'] : s < 3600 ? [Math.round(s / 60), 'minute'] : s < 86_400 ? [Math.round(s / 3600), 'hour'] : [Math.round(s / 86_400), 'day'];
  return suffix
    ? kept(`relative ${lang}`, () => new Intl.RelativeTimeFormat(lang)).format(-n, unit)
    : kept(`unit ${lang} ${unit}`, () => new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'long' })).format(n);
}

/** date-fns' words once something loaded them, the browser's until then (never loads them). */
function distance(ts: number, now: number, lang: Lang, suffix: boolean): string {
  return words ? words.distance(ts, now, lang, suffix) : roughly(ts, now, lang, suffix);
}

/** `5 minutes ago` / `5 минут назад`. */
export function formatAgo(ts: number, lang: Lang, now: number = Date.now()): string {
  return distance(ts, now, lang, true);
}

/** How long since `ts`, without a suffix: `5 minutes` / `5 минут` (how long a customer waits). */
export function formatDuration(ts: number, lang: Lang, now: number = Date.now()): string {
  return distance(ts, now, lang, false);
}
