import type { TermsOf } from '../i18n/en.js';
import { ruPlural } from '../lib/plural.js';
import type { CustomerWidgetTerms } from './customer-widget.en.js';

/** Why a call failed, by the protocol's error code. */
const why = (code: string): string =>
  code === 'FORBIDDEN' ? 'у вас нет на это прав'
  : code === 'NOT_FOUND' ? 'диалог или клиент вам больше недоступен'
  : code === 'CONFLICT' ? 'данные клиента успели измениться, обновите виджет'
  : code === 'UNAVAILABLE' || code === '' ? 'нет связи с сервером или CRM, повторите попытку'
  : code === 'UNAUTHENTICATED' ? 'сеанс входа истёк'
  : code === 'RATE_LIMITED' ? 'слишком много запросов, повторите чуть позже'
  : code === 'INVALID_PARAMS' ? 'CRM не приняла значения'
  : 'ошибка сервера';

/** The customer widget's terms, Russian. */
export const ru: TermsOf<CustomerWidgetTerms> = {
  title: 'Клиент',
  loading: 'Загрузка…',
  noClient: 'Нет подключения к серверу чатов.',
  loadFailed: (code: string): string => `Не удалось загрузить клиента: ${why(code)}`,
  widgetOff: 'Виджет клиента выключен в настройках.',
  retry: 'Повторить',

  inChat: 'В чате',
  chatName: 'Имя в чате',
  channel: 'Канал',

  notSaved: 'Этого клиента ещё нет в CRM: сохраните его или привяжите клиента, который там есть.',
  saveTitle: 'Сохранить в CRM',
  store: 'Магазин',
  noStore: 'У канала нет магазина: клиент сохранится без него.',
  noStoreSaved: 'Без магазина',

  fullName: 'ФИО',
  firstName: 'Имя',
  lastName: 'Фамилия',
  patronymic: 'Отчество',
  phone: 'Телефон',
  email: 'Эл. почта',
  address: 'Адрес',
  contacts: 'Логины в мессенджерах',
  notSet: 'не указано',

  editName: 'Изменить ФИО',
  editPhone: 'Изменить телефон',
  editEmail: 'Изменить эл. почту',
  editAddress: 'Изменить адрес',
  phoneNote: 'Основной телефон; остальные сохранятся.',

  save: 'Сохранить',
  saving: 'Сохранение…',
  cancel: 'Отмена',
  saved: 'Сохранено',
  alreadySaved: 'Этого клиента уже кто-то сохранил: показана его карточка.',
  saveFailed: (code: string): string => `Не удалось сохранить: ${why(code)}`,

  tags: 'Метки',
  vip: 'VIP',
  bad: 'BAD',
  tagFailed: (code: string): string => `Не удалось изменить метку: ${why(code)}`,

  matches: 'Похожие клиенты',
  matchCount: (n: number): string => `${ruPlural(n, 'Найден', 'Найдено', 'Найдено')} ${n} ${ruPlural(n, 'похожий клиент', 'похожих клиента', 'похожих клиентов')}`,
  link: 'Привязать',
  linkLabel: (name: string): string => `Привязать: ${name}`,
  merge: 'Объединить с этим',
  mergeLabel: (name: string): string => `Объединить с этим: ${name}`,
  linked: (name: string): string => `Диалог привязан к клиенту ${name}`,
  linkFailed: (code: string): string => `Не удалось привязать: ${why(code)}`,
  mergeTitle: 'Объединить клиентов',
  mergeText: (from: string, into: string): string =>
    `Клиент ${from} будет объединён с клиентом ${into}. Останется ${into} и получит недостающие данные; все диалоги, заказы и задачи клиента ${from} перейдут к ${into}. Отменить это нельзя.`,
  mergeConfirm: 'Объединить',
  merged: (name: string): string => `Объединено с клиентом ${name}`,
  mergeFailed: (code: string): string => `Не удалось объединить: ${why(code)}`,
  unnamed: 'Без имени',

  required: 'Укажите имя',
  badEmail: 'Это не адрес электронной почты',
  badPhone: 'Номер телефона: цифры, пробелы и + ( ) - .',
  tooLong: (n: number): string => `Не больше ${n} ${ruPlural(n, 'символа', 'символов', 'символов')}`,
  refused: 'CRM не приняла это значение',
};
