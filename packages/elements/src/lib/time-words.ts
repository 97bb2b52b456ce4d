import { formatDistance } from 'date-fns/formatDistance';
import { enUS } from 'date-fns/locale/en-US';
import { ru } from 'date-fns/locale/ru';
import type { Lang } from './localize.js';

// Its own chunk (see time.ts): date-fns' distances in words with the two locales the UI speaks.
const locales = { en: enUS, ru } as const;

/** `5 minutes ago` / `5 минут назад` (`suffix`), or `5 minutes` / `5 минут`. */
export function distance(ts: number, now: number, lang: Lang, suffix: boolean): string {
  return formatDistance(ts, now, { locale: locales[lang], addSuffix: suffix });
}
