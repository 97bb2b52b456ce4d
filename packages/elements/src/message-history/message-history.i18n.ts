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
  // `why` is the reason in words (the CRM terms' `failure`, by error code and details.reason).
  historyFailed: (code: string, why: string) =>
    code === 'FORBIDDEN' ? 'Only chat admins can see the edit history'
    : code === 'NOT_FOUND' ? 'The message was not found'
    : `Could not load the history: ${why}`,
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
  historyFailed: (code: string, why: string) =>
    code === 'FORBIDDEN' ? 'Историю изменений видят только администраторы чатов'
    : code === 'NOT_FOUND' ? 'Сообщение не найдено'
    : `Не удалось загрузить историю: ${why}`,
};

export const historyTerms = { en, ru };
