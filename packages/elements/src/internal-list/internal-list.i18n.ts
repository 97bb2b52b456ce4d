import { ruPlural } from '../lib/plural.js';

/**
 * The internal chats' own terms (S-DLG-14): the list loads when the «Colleagues» tab is first
 * chosen, so its words travel in its lazy chunk, not in the panel's start-up bundle.
 */
export const en = {
  chats: 'Chats with colleagues',
  newChat: 'New chat',
  noChats: 'No chats with colleagues yet',
  loading: 'Loading…',
  you: 'You',
  unreadMessages: (n: number) => (n === 1 ? '1 unread message' : `${n} unread messages`),
  // The picker of colleagues for a new chat.
  pickerTitle: 'New chat',
  colleagues: 'Colleagues',
  noColleagues: 'No colleagues to write to',
  online: 'online',
  groupTitle: 'Group title (optional)',
  create: 'Create',
  cancel: 'Cancel',
  chooseSomeone: 'Choose at least one colleague',
  groupOf: (n: number) => (n === 1 ? 'Group, 1 member' : `Group, ${n} members`),
} as const;

type Terms = { readonly [K in keyof typeof en]: (typeof en)[K] extends string ? string : (typeof en)[K] };

export const ru: Terms = {
  chats: 'Чаты с коллегами',
  newChat: 'Новый чат',
  noChats: 'Чатов с коллегами пока нет',
  loading: 'Загрузка…',
  you: 'Вы',
  unreadMessages: (n: number) => `${n} ${ruPlural(n, 'непрочитанное сообщение', 'непрочитанных сообщения', 'непрочитанных сообщений')}`,
  pickerTitle: 'Новый чат',
  colleagues: 'Коллеги',
  noColleagues: 'Некому написать',
  online: 'в сети',
  groupTitle: 'Название группы (необязательно)',
  create: 'Создать',
  cancel: 'Отмена',
  chooseSomeone: 'Выберите хотя бы одного коллегу',
  groupOf: (n: number) => `Группа, ${n} ${ruPlural(n, 'участник', 'участника', 'участников')}`,
};

export const internalTerms = { en, ru };
