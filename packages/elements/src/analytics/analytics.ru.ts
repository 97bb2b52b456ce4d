import type { AnalyticsGroupBy } from '@chatdesk/protocol';
import type { TermsOf } from '../i18n/en.js';
import { ruPlural } from '../lib/plural.js';
import type { FigureKey } from './analytics-columns.js';
import type { AnalyticsTerms } from './analytics.en.js';
import { durationText } from './analytics-format.js';

/** Why the report failed to load, by the protocol's error code. */
const why = (code: string): string =>
  code === 'FORBIDDEN' ? 'аналитику видят только сотрудники'
  : code === 'UNKNOWN_METHOD' ? 'на этом сервере чатов аналитики ещё нет (обновите его)'
  : code === 'INVALID_PARAMS' ? 'сервер не принял период или часовой пояс'
  : code === 'UNAVAILABLE' || code === '' ? 'нет связи с сервером, повторите попытку'
  : code === 'UNAUTHENTICATED' ? 'сеанс входа истёк'
  : code === 'RATE_LIMITED' ? 'слишком много запросов, повторите чуть позже'
  : code === 'CHATS_DISABLED' ? 'чаты выключены в настройках'
  : 'ошибка сервера';

const columns: Record<FigureKey, string> = {
  new: 'Новые',
  closed: 'Закрыто',
  reopened: 'Открыто повторно',
  openAtEnd: 'Открыто на конец',
  customerMessages: 'Сообщения клиентов',
  managerMessages: 'Ответы менеджеров',
  botMessages: 'Сообщения ботов',
  firstResponseMedian: 'Первый ответ, медиана',
  firstResponseP90: 'Первый ответ, 90-й перцентиль',
  resolutionMedian: 'Решение, медиана',
  resolutionP90: 'Решение, 90-й перцентиль',
  waits: 'Ожидания',
  warning: 'Дошли до предупреждения',
  breached: 'Сверх лимита',
  inTimeShare: 'Отвечено вовремя',
  handled: 'Обработано диалогов',
  online: 'Время в сети',
};

const groupNames: Record<AnalyticsGroupBy, string> = { channel: 'Канал', store: 'Магазин', manager: 'Менеджер' };
const groupsBy: Record<AnalyticsGroupBy, string> = { channel: 'По каналам', store: 'По магазинам', manager: 'По менеджерам' };
/** A count already formatted (`1 234`) with its noun in the form its number asks for. */
const n = (text: string, one: string, few: string, many: string): string => `${text} ${ruPlural(Number(text.replace(/\D/g, '')), one, few, many)}`;
const byPer = (per: 'day' | 'week'): string => (per === 'day' ? 'по дням' : 'по неделям');

/** `<chat-analytics>`'s terms, Russian («диалог», as the source product says). */
export const ru: TermsOf<AnalyticsTerms> = {
  title: 'Аналитика чатов',
  controls: 'Отчёт',
  period: 'Период',
  rangeToday: 'Сегодня',
  range7d: '7 дней',
  range30d: '30 дней',
  rangeCustom: 'Свой период',
  from: 'С',
  to: 'По',
  fromMissing: 'Укажите первый день',
  toMissing: 'Укажите последний день',
  backwards: 'Последний день раньше первого',
  tooLong: (max: number): string => `Не больше ${max} ${ruPlural(max, 'дня', 'дней', 'дней')}`,
  groupBy: 'Группировать',
  groupChannel: 'По каналам',
  groupStore: 'По магазинам',
  groupManager: 'По менеджерам',
  seriesBy: 'Графики',
  seriesDay: 'По дням',
  seriesWeek: 'По неделям',
  timeZone: (zone: string): string => `Дни по часовому поясу ${zone}`,
  badTimeZone: (zone: string): string => `Неизвестный часовой пояс ${zone}: укажите имя IANA, например Europe/Moscow`,
  refresh: 'Обновить',
  exportCsv: 'Скачать CSV',

  noClient: 'Нет подключения к серверу чатов.',
  loading: 'Загрузка отчёта…',
  updating: 'Отчёт обновляется…',
  asOf: (range: string, time: string): string => `${range} · данные на ${time}`,
  noMessagesYet: (range: string): string => `${range} · сообщений пока нет`,
  loadFailed: (code: string): string => `Не удалось загрузить отчёт: ${why(code)}`,

  totals: 'Итоги',
  tileNew: 'Новые диалоги',
  tileClosed: 'Закрыто',
  tileReopened: 'Открыто повторно',
  tileOpenAtEnd: 'Открыто на конец',
  tileCustomer: 'Сообщения клиентов',
  tileManager: 'Ответы менеджеров',
  tileBot: 'Сообщения ботов',
  tileFirstMedian: 'Первый ответ, медиана',
  tileFirstP90: 'Первый ответ, 90-й перцентиль',
  tileResolutionMedian: 'Решение, медиана',
  tileResolutionP90: 'Решение, 90-й перцентиль',
  tileInTime: 'Отвечено вовремя',
  tileBreached: 'Ожиданий сверх лимита',
  responses: (count: string): string => n(count, 'первый ответ', 'первых ответа', 'первых ответов'),
  closings: (count: string): string => n(count, 'закрытие', 'закрытия', 'закрытий'),
  ofWaits: (count: string): string => `из ${n(count, 'ожидания', 'ожиданий', 'ожиданий')}`,
  shareOfWaits: (share: string): string => `${share} ожиданий`,
  none: '—',

  charts: 'Графики',
  chartConversations: 'Диалоги',
  chartMessages: 'Сообщения',
  lineNew: 'Новые',
  lineClosed: 'Закрытые',
  lineOpen: 'Открытые на конец',
  barCustomer: 'От клиентов',
  barManager: 'От менеджеров',
  barBot: 'От ботов',
  conversationsSummary: (per, range, created, closed, open) =>
    `Линейный график диалогов ${byPer(per)}, ${range}: всего новых — ${created}, закрытых — ${closed}, открытых на конец — ${open}. Все значения — в таблице графиков.`,
  messagesSummary: (per, range, customer, manager, bot) =>
    `Столбчатая диаграмма сообщений ${byPer(per)}, ${range}: от клиентов — ${customer}, от менеджеров — ${manager}, от ботов — ${bot}. Все значения — в таблице графиков.`,
  chartsLoading: 'Графики рисуются…',
  chartsFailed: 'Графики не удалось нарисовать; все цифры есть в таблицах.',
  seriesTable: 'Графики таблицей',
  seriesCaption: (per) => (per === 'day' ? 'По дням' : 'По неделям'),
  periodColumn: (per) => (per === 'day' ? 'День' : 'Неделя'),

  groupsCaption: (groupBy) => groupsBy[groupBy],
  groupName: (groupBy) => groupNames[groupBy],
  noStore: 'Без магазина',
  unassigned: 'Не назначен',
  noGroups: 'За этот период данных нет.',
  column: (key) => columns[key],

  csvFrom: 'С',
  csvTo: 'По',
  csvSeconds: (label: string): string => `${label} (в секундах)`,
  csvPercent: (label: string): string => `${label} (%)`,

  duration: (ms: number): string => durationText(ms, { d: 'д', h: 'ч', min: 'мин', s: 'с' }),
};
