import type { TermsOf } from '../i18n/en.js';
import type { TasksTerms } from './tasks-widget.en.js';

/** Why a call failed, by the protocol's error code. */
const why = (code: string): string =>
  code === 'UNAVAILABLE' ? 'CRM не отвечает, повторите попытку'
  : code === '' ? 'нет связи с сервером, повторите попытку'
  : code === 'FORBIDDEN' ? 'у вас нет на это прав'
  : code === 'NOT_FOUND' ? 'это вам больше недоступно'
  : code === 'UNAUTHENTICATED' ? 'сеанс входа истёк'
  : code === 'RATE_LIMITED' ? 'слишком много запросов, повторите чуть позже'
  : code === 'INVALID_PARAMS' ? 'CRM не приняла значения'
  : 'ошибка сервера';

/** The tasks widget's terms, Russian. */
export const ru: TermsOf<TasksTerms> = {
  title: 'Задачи',
  noClient: 'Нет подключения к серверу чатов.',
  loading: 'Загрузка задач…',
  updating: 'Обновление…',
  loadFailed: (code) => (code === 'UNAVAILABLE' ? 'CRM не отвечает: задачи не загрузились.' : `Не удалось загрузить задачи: ${why(code)}.`),
  retry: 'Повторить',
  widgetOff: 'Виджет задач выключен в настройках чатов.',
  needsCustomer: 'Задачи ставятся на клиента, сохранённого в CRM. Сначала сохраните этого клиента в CRM, потом добавляйте задачи здесь.',

  tabAll: 'Все',
  tabMine: 'Мои',
  empty: 'Открытых задач нет',

  due: 'Срок',
  noDeadline: 'Без срока',
  overdue: 'Просрочена',
  performer: 'Исполнитель',
  completed: 'Выполнена',
  order: (number) => `Заказ №${number}`,
  orderLinked: 'Привязана к заказу',
  completeFailed: (code) => `Не удалось отметить задачу выполненной: ${why(code)}.`,
  announceCreated: 'Задача создана.',
  announceCompleted: (text) => `Задача выполнена: ${text}.`,

  newTask: 'Новая задача',
  text: 'Задача',
  textRequired: 'Напишите, что нужно сделать.',
  deadline: 'Срок',
  deadlineInput: 'Дата и время',
  deadlineNone: 'Необязательно.',
  deadlineBad: 'Укажите дату и время полностью или очистите поле.',
  deadlineSet: (when) => `Срок: ${when}.`,
  todayEnd: 'Сегодня до конца дня',
  tomorrow: 'Завтра',
  performerLabel: 'Исполнитель',
  me: (name) => `${name} (я)`,
  linkOrder: (number) => `Привязать к текущему заказу №${number}`,
  create: 'Создать',
  creating: 'Создаём…',
  cancel: 'Отмена',
  createFailed: (code) =>
    code === 'NOT_FOUND' ? 'Задача не создана: заказ или диалог вам больше недоступен.'
    : code === 'INVALID_PARAMS' ? 'CRM не приняла задачу: проверьте текст, срок и исполнителя.'
    : `Задача не создана: ${why(code)}.`,
};
