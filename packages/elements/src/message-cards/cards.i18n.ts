import type { TermsOf } from '../i18n/en.js';
import type { CardTerms } from './cards.en.js';

/** Card terms, a chunk per language (lib/localize.ts): shared by `<chat-message>` and `<chat-consultant>`. */
export const cardTerms = {
  en: (): Promise<TermsOf<CardTerms>> => import('./cards.en.js').then((m) => m.en),
  ru: (): Promise<TermsOf<CardTerms>> => import('./cards.ru.js').then((m) => m.ru),
};
