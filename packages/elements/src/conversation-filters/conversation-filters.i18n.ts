/**
 * The sort and filter form's own terms (S-DLG-4): the form loads on first use of the filter
 * button, so its words travel in its lazy chunk rather than in the panel's start-up bundle.
 */
export const en = {
  filters: 'Sort and filter',
  sortBy: 'Sort',
  sortActivity: 'Last activity',
  sortWaiting: 'Waiting longest',
  sortSla: 'Reply due first',
  status: 'Status',
  any: 'Any',
  statusOpen: 'Open',
  statusClosed: 'Closed',
  channel: 'Channel',
  manager: 'Manager',
  mine: 'Mine',
  unassigned: 'Unassigned',
  unreadOnly: 'Unread only',
  unansweredOnly: 'Unanswered only',
  sla: 'Reply time',
  slaOk: 'Within the limit',
  slaWarning: 'Running out (yellow)',
  slaBreached: 'Overdue (red)',
  resetFilters: 'Reset',
} as const;

export const ru: { readonly [K in keyof typeof en]: string } = {
  filters: 'Сортировка и фильтры',
  sortBy: 'Сортировка',
  sortActivity: 'По последней активности',
  sortWaiting: 'Дольше всех ждут ответа',
  sortSla: 'Сначала срочные',
  status: 'Статус',
  any: 'Любой',
  statusOpen: 'Открытые',
  statusClosed: 'Закрытые',
  channel: 'Канал',
  manager: 'Менеджер',
  mine: 'Мои',
  unassigned: 'Не назначенные',
  unreadOnly: 'Только непрочитанные',
  unansweredOnly: 'Только без ответа',
  sla: 'Время ответа',
  slaOk: 'В пределах лимита',
  slaWarning: 'Подходит к концу (жёлтые)',
  slaBreached: 'Просрочены (красные)',
  resetFilters: 'Сбросить',
};

export const filterTerms = { en, ru };
