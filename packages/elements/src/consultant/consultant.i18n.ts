import { ruPlural } from '../lib/plural.js';
import type { TermsOf } from '../i18n/en.js';

// The consultant's own terms: it ships alone to shop pages, without the CRM elements' table.
const en = {
  title: 'Ask us anything',
  greeting: 'Hello! Write your question and we will answer here.',
  open: 'Open the chat with the shop',
  close: 'Close chat',
  messages: 'Messages',
  typeMessage: 'Type a message',
  send: 'Send',
  retry: 'Retry',
  queued: 'Waiting for the connection',
  sending: 'Sending…',
  failed: 'Not sent',
  reconnecting: 'Connection lost. Reconnecting…',
  disconnected: 'Disconnected',
  originRefused: 'The chat is not enabled for this site.',
  sent: 'Sent',
  edited: 'edited',
  deleted: 'Message deleted',
  replyTo: 'In reply to',
  you: 'You',
  closedNotice: 'The conversation was closed',
  reopenedNotice: 'The conversation was reopened',
  answering: (name: string) => `${name} is answering you`,
  typing: (name: string) => `${name || 'The manager'} is typing…`,
  unreadReplies: (n: number) => (n === 1 ? '1 unread message' : `${n} unread messages`),
} as const;

const ru: TermsOf<typeof en> = {
  title: 'Задайте вопрос',
  greeting: 'Здравствуйте! Напишите вопрос, и мы ответим здесь.',
  open: 'Открыть чат с магазином',
  close: 'Закрыть чат',
  messages: 'Сообщения',
  typeMessage: 'Введите сообщение',
  send: 'Отправить',
  retry: 'Повторить',
  queued: 'Ожидает соединения',
  sending: 'Отправляется…',
  failed: 'Не отправлено',
  reconnecting: 'Соединение потеряно. Переподключение…',
  disconnected: 'Нет соединения',
  originRefused: 'Чат не подключён для этого сайта.',
  sent: 'Отправлено',
  edited: 'изменено',
  deleted: 'Сообщение удалено',
  replyTo: 'В ответ на',
  you: 'Вы',
  closedNotice: 'Диалог закрыт',
  reopenedNotice: 'Диалог снова открыт',
  answering: (name: string) => `Вам отвечает ${name}`,
  typing: (name: string) => `${name || 'Менеджер'} печатает…`,
  unreadReplies: (n: number) =>
    `${n} ${ruPlural(n, 'непрочитанное сообщение', 'непрочитанных сообщения', 'непрочитанных сообщений')}`,
};

export const consultantTerms = { en, ru };
