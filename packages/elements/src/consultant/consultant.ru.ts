import { ruPlural } from '../lib/plural.js';
import type { TermsOf } from '../i18n/en.js';
import type { ConsultantTerms } from './consultant.en.js';

export const ru: TermsOf<ConsultantTerms> = {
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
