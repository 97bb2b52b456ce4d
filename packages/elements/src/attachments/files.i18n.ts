import type { TermsOf } from '../i18n/en.js';
import type { FileTerms } from './files.en.js';

/** File terms, a chunk per language (lib/localize.ts): shared by the composer, the thread and the consultant. */
export const fileTerms = {
  en: (): Promise<TermsOf<FileTerms>> => import('./files.en.js').then((m) => m.en),
  ru: (): Promise<TermsOf<FileTerms>> => import('./files.ru.js').then((m) => m.ru),
};
