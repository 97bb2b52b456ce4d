import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { formatDistance } from 'date-fns/formatDistance';
import { lightFormat } from 'date-fns/lightFormat';
import { enUS } from 'date-fns/locale/en-US';
import { ru } from 'date-fns/locale/ru';
import type { Lang } from './localize.js';

// date-fns, function by function: the distances in words with the two locales the UI speaks, the
// calendar arithmetic, and `lightFormat` for numeric times. Month names come from the browser's
// `Intl.DateTimeFormat` instead of date-fns' `format`: that one carries every formatting token
// (≈ 4 KB min+gzip) for the two or three patterns used here, on a 45 KB start-up budget.
const locales = { en: enUS, ru } as const;

const formats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = lang + JSON.stringify(options);
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(lang, options)));
  return f;
}

/** The time of a message bubble: `14:05`. */
export function formatClock(ts: number): string {
  return lightFormat(ts, 'HH:mm');
}

/** A full date and time for a tooltip: `Nov 25, 2026, 14:05` / `25 нояб. 2026 г., 14:05`. */
export function formatFull(ts: number, lang: Lang): string {
  return `${dateFormat(lang, { dateStyle: 'medium' }).format(ts)}, ${formatClock(ts)}`;
}

/** A day separator's date: `November 25` / `25 ноября`, with the year when it is not this year's. */
export function formatDay(ts: number, lang: Lang, now: number = Date.now()): string {
  const year = new Date(ts).getFullYear() === new Date(now).getFullYear() ? undefined : 'numeric';
  return dateFormat(lang, { day: 'numeric', month: 'long', year }).format(ts);
}

/** Calendar days from `ts` to `now`: 0 today, 1 yesterday (local time). */
export function daysAgo(ts: number, now: number = Date.now()): number {
  return differenceInCalendarDays(now, ts);
}

/** The time column of the conversation list: today → `14:05`, this year → `Nov 25` / `25 нояб.`, else `25.11.2025`. */
export function formatListTime(ts: number, lang: Lang, now: number = Date.now()): string {
  if (daysAgo(ts, now) === 0) return formatClock(ts);
  if (new Date(ts).getFullYear() === new Date(now).getFullYear()) return dateFormat(lang, { day: 'numeric', month: 'short' }).format(ts);
  return lightFormat(ts, 'dd.MM.yyyy');
}

/** `5 minutes ago` / `5 минут назад`, for accessible names where an exact clock says less. */
export function formatAgo(ts: number, lang: Lang, now: number = Date.now()): string {
  return formatDistance(ts, now, { locale: locales[lang], addSuffix: true });
}

/** How long since `ts`, without a suffix: `5 minutes` / `5 минут` (how long a customer waits). */
export function formatDuration(ts: number, lang: Lang, now: number = Date.now()): string {
  return formatDistance(ts, now, { locale: locales[lang] });
}
