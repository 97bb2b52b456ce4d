import type { Translation } from './en.js';

/**
 * The CRM-side elements' terms by language, each a chunk of its own: a page downloads the
 * languages it shows, not both (lib/localize.ts; the elements wait for theirs before rendering).
 */
export const terms = {
  en: (): Promise<Translation> => import('./en.js').then((m) => m.en),
  ru: (): Promise<Translation> => import('./ru.js').then((m) => m.ru),
};
