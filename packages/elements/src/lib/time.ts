import { format, formatDistance, isSameDay, isSameYear } from 'date-fns';
import { enUS, ru } from 'date-fns/locale';
import type { Lang } from './localize.js';

// Only the two locales the UI speaks, imported by name so the bundle carries nothing else.
const locales = { en: enUS, ru } as const;

/** The time of a message bubble: `14:05`. */
export function formatClock(ts: number, lang: Lang): string {
  return format(ts, 'HH:mm', { locale: locales[lang] });
}

/** A full date and time for a tooltip: `25 Nov 2026, 14:05` / `25 нояб. 2026 г., 14:05`. */
export function formatFull(ts: number, lang: Lang): string {
  return format(ts, 'PP, HH:mm', { locale: locales[lang] });
}

/** The time column of the conversation list: today → `14:05`, this year → `25 Nov`, else `25.11.2025`. */
export function formatListTime(ts: number, lang: Lang, now: number = Date.now()): string {
  if (isSameDay(ts, now)) return formatClock(ts, lang);
  if (isSameYear(ts, now)) return format(ts, 'd MMM', { locale: locales[lang] });
  return format(ts, 'dd.MM.yyyy', { locale: locales[lang] });
}

/** `5 minutes ago` / `5 минут назад`, for accessible names where an exact clock says less. */
export function formatAgo(ts: number, lang: Lang, now: number = Date.now()): string {
  return formatDistance(ts, now, { locale: locales[lang], addSuffix: true });
}

/** How long since `ts`, without a suffix: `5 minutes` / `5 минут` (how long a customer waits). */
export function formatDuration(ts: number, lang: Lang, now: number = Date.now()): string {
  return formatDistance(ts, now, { locale: locales[lang] });
}
