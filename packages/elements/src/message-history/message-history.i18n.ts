/**
 * The history dialog's own terms: it loads on first use, so its words travel in its lazy chunk
 * rather than in the panel's start-up bundle (which every CRM page downloads).
 */
export const en = {
  historyTitle: 'Edit history',
  closeHistory: 'Close',
  loading: 'Loading…',
  edited: 'Edited',
  deleted: 'Deleted',
  previousText: 'Text before',
  now: 'Now',
  messageDeleted: 'The message is deleted',
  noRevisions: 'The message has not been edited',
} as const;

export const ru: { readonly [K in keyof typeof en]: (typeof en)[K] extends string ? string : (typeof en)[K] } = {
  historyTitle: 'История изменений',
  closeHistory: 'Закрыть',
  loading: 'Загрузка…',
  edited: 'Изменено',
  deleted: 'Удалено',
  previousText: 'Текст до этого',
  now: 'Сейчас',
  messageDeleted: 'Сообщение удалено',
  noRevisions: 'Сообщение не изменялось',
};

export const historyTerms = { en, ru };
