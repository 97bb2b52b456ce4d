import { limits } from '@chatdesk/protocol/runtime';
import type { Lang } from '../lib/localize.js';

/*
 * Every error the CRM elements show, in both languages, worded from the error code and the
 * server's `details.reason`, never from the server's English message (that goes to a `title` as a
 * technical detail). A lazy chunk: most sessions never see an error, so these words stay out of
 * the panel's start-up bundle; `errorWords()` in lib/errors.ts loads them on first need.
 */

/** Why a call failed, as one key for both languages: the server's reason first, then the code. */
type Why = 'blocked' | 'not_author' | 'channel' | 'forbidden' | 'gone' | 'changed' | 'limit' | 'rate' | 'offline' | 'signIn' | 'refused' | 'disabled' | 'server';

function why(code: string, reason: string): Why {
  return reason === 'blocked' || reason === 'not_author' || reason === 'channel' ? reason
    : code === 'FORBIDDEN' ? 'forbidden'
    : code === 'NOT_FOUND' ? 'gone'
    : code === 'CONFLICT' ? 'changed'
    : code === 'LIMIT_EXCEEDED' ? 'limit'
    : code === 'RATE_LIMITED' ? 'rate'
    : code === 'CHATS_DISABLED' ? 'disabled'
    : code === 'UNAVAILABLE' || code === '' ? 'offline'
    : code === 'UNAUTHENTICATED' ? 'signIn'
    : code === 'INVALID_PARAMS' || code === 'INVALID_FRAME' || code === 'UNKNOWN_METHOD' ? 'refused'
    : 'server';
}

/** The tail of "Could not …: <why>", in each language. */
const whyWords: Record<Lang, Record<Why, string>> = {
  en: {
    blocked: 'the customer is blocked',
    not_author: 'only its author may change a message',
    channel: 'the conversation\'s channel does not allow it',
    forbidden: 'you may not do this',
    gone: 'it is no longer available to you',
    changed: 'it has changed meanwhile',
    limit: 'it is over the limit',
    rate: 'too many requests, try again in a moment',
    offline: 'no connection to the server, try again',
    signIn: 'the sign-in has expired',
    refused: 'the server did not accept the request',
    disabled: 'chats are switched off in the settings',
    server: 'server error',
  },
  ru: {
    blocked: 'клиент заблокирован',
    not_author: 'менять сообщение может только его автор',
    channel: 'канал этого диалога этого не позволяет',
    forbidden: 'у вас нет на это прав',
    gone: 'это вам больше недоступно',
    changed: 'данные успели измениться',
    limit: 'превышено ограничение',
    rate: 'слишком много запросов, повторите чуть позже',
    offline: 'нет связи с сервером, повторите попытку',
    signIn: 'сеанс входа истёк',
    refused: 'сервер не принял запрос',
    disabled: 'чаты выключены в настройках',
    server: 'ошибка сервера',
  },
};
const whyEn = (code: string, reason: string) => whyWords.en[why(code, reason)];
const whyRu = (code: string, reason: string) => whyWords.ru[why(code, reason)];

/** A failure's words from its code and `details.reason` ('' when there is none). */
type Say = (code: string, reason: string) => string;

export interface ErrorWords {
  /** `<chat-panel>` closed with 4003: a CRM user without the chats right. */
  noAccess: string;
  /** `<chat-conversation-menu>`: an action or the reassign picker's list. */
  actionFailed: Say;
  /** `<chat-composer>`: an edit the server refused. */
  editFailed: Say;
  /** `<chat-message>`: a pending send the server refused. */
  sendFailed: Say;
  /** `<chat-thread>`: a delete, or a retry of a stored message. */
  deleteFailed: Say;
  retryFailed: Say;
  /** `<chat-conversation-list>`: the search. */
  searchFailed: Say;
  /** `<chat-message-history>`. */
  historyFailed: Say;
  /** `<chat-internal-picker>`: the colleagues' list, a new chat. */
  colleaguesFailed: Say;
  createFailed: Say;
}

const en: ErrorWords = {
  noAccess: 'You have no access to chats. Ask your administrator for the right to use them.',
  actionFailed: (code, reason) => `Could not do it: ${whyEn(code, reason)}`,
  editFailed: (code, reason) =>
    code === 'LIMIT_EXCEEDED' ? `Too long to save: at most ${limits.maxMessageChars} characters, spaces not counted`
    : code === 'NOT_FOUND' ? 'This message is gone'
    : code === 'CONFLICT' ? 'This message was deleted'
    : `Could not save: ${whyEn(code, reason)}`,
  sendFailed: (code, reason) => `Not sent: ${whyEn(code, reason)}`,
  deleteFailed: (code, reason) => `Could not delete: ${whyEn(code, reason)}`,
  retryFailed: (code, reason) => `Could not send again: ${whyEn(code, reason)}`,
  searchFailed: (code, reason) => `Search failed: ${whyEn(code, reason)}`,
  historyFailed: (code, reason) =>
    code === 'FORBIDDEN' ? 'Only chat admins can see the edit history'
    : code === 'NOT_FOUND' ? 'The message was not found'
    : `Could not load the history: ${whyEn(code, reason)}`,
  colleaguesFailed: (code, reason) => `Could not load the colleagues: ${whyEn(code, reason)}`,
  createFailed: (code, reason) => `Could not create the chat: ${whyEn(code, reason)}`,
};

const ru: ErrorWords = {
  noAccess: 'У вас нет доступа к чатам. Попросите администратора выдать вам право работать с ними.',
  actionFailed: (code, reason) => `Не получилось: ${whyRu(code, reason)}`,
  editFailed: (code, reason) =>
    code === 'LIMIT_EXCEEDED' ? `Слишком длинно: не больше ${limits.maxMessageChars} символов без учёта пробелов`
    : code === 'NOT_FOUND' ? 'Сообщения больше нет'
    : code === 'CONFLICT' ? 'Сообщение удалено'
    : `Не удалось сохранить: ${whyRu(code, reason)}`,
  sendFailed: (code, reason) => `Не отправлено: ${whyRu(code, reason)}`,
  deleteFailed: (code, reason) => `Не удалось удалить: ${whyRu(code, reason)}`,
  retryFailed: (code, reason) => `Не удалось отправить повторно: ${whyRu(code, reason)}`,
  searchFailed: (code, reason) => `Поиск не удался: ${whyRu(code, reason)}`,
  historyFailed: (code, reason) =>
    code === 'FORBIDDEN' ? 'Историю изменений видят только администраторы чатов'
    : code === 'NOT_FOUND' ? 'Сообщение не найдено'
    : `Не удалось загрузить историю: ${whyRu(code, reason)}`,
  colleaguesFailed: (code, reason) => `Не удалось загрузить список коллег: ${whyRu(code, reason)}`,
  createFailed: (code, reason) => `Не удалось создать чат: ${whyRu(code, reason)}`,
};

export const errorTerms: Readonly<Record<Lang, ErrorWords>> = { en, ru };
