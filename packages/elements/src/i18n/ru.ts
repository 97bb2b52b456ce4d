import { ruPlural as plural } from '../lib/plural.js';
import type { Translation } from './en.js';

// The source product says «диалог»: Russian UI keeps that word (STYLE.md).
export const ru: Translation = {
  $code: 'ru',
  $name: 'Русский',

  chat: 'Чат',
  openChat: 'Открыть чат',
  closeChat: 'Закрыть чат',
  conversations: 'Диалоги',
  noConversations: 'Диалогов пока нет',
  loadMore: 'Показать ещё',
  loading: 'Загрузка…',
  selectConversation: 'Выберите диалог',
  messages: 'Сообщения',
  noMessages: 'Сообщений пока нет',
  conversationUnavailable: 'Не удалось загрузить диалог',
  loadOlder: 'Показать более ранние сообщения',
  you: 'вы',
  customer: 'Клиент',
  system: 'Система',
  typeMessage: 'Введите сообщение',
  send: 'Отправить',
  retry: 'Повторить',
  discard: 'Удалить',
  queued: 'Ожидает соединения',
  sending: 'Отправляется…',
  sent: 'Отправлено',
  failed: 'Не отправлено',
  connecting: 'Подключение…',
  reconnecting: 'Соединение потеряно. Переподключение…',
  disconnected: 'Нет соединения',
  charsLeft: (left: number, max: number) =>
    left >= 0
      ? `Осталось ${left} ${plural(left, 'символ', 'символа', 'символов')} из ${max}`
      : `Превышен лимит ${max} на ${-left} ${plural(-left, 'символ', 'символа', 'символов')}`,
  unreadMessages: (n: number) =>
    `${n} ${plural(n, 'непрочитанное сообщение', 'непрочитанных сообщения', 'непрочитанных сообщений')}`,
  unreadConversations: (n: number) =>
    `${n} ${plural(n, 'непрочитанный диалог', 'непрочитанных диалога', 'непрочитанных диалогов')}`,
  conversationWith: (name: string, channel: string) => `${name}, ${channel}`,
};
