import type { TermsOf } from '../i18n/en.js';
import type { QuickRepliesTerms } from './quick-replies-ui.en.js';

/**
 * The terms of the popover, the edit dialog and the composer's `/` suggestions, a chunk per
 * language (lib/localize.ts): fetched with the first of them, never at the panel's start-up.
 */
export const quickRepliesUiTerms = {
  en: (): Promise<TermsOf<QuickRepliesTerms>> => import('./quick-replies-ui.en.js').then((m) => m.en),
  ru: (): Promise<TermsOf<QuickRepliesTerms>> => import('./quick-replies-ui.ru.js').then((m) => m.ru),
};
