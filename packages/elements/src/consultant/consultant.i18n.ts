import type { TermsOf } from '../i18n/en.js';
import type { ConsultantTerms } from './consultant.en.js';

/**
 * The consultant's own terms (it ships alone to shop pages, without the CRM elements' table), a
 * chunk per language: a shop page downloads only the one it shows (lib/localize.ts).
 */
export const consultantTerms = {
  en: (): Promise<TermsOf<ConsultantTerms>> => import('./consultant.en.js').then((m) => m.en),
  ru: (): Promise<TermsOf<ConsultantTerms>> => import('./consultant.ru.js').then((m) => m.ru),
};
