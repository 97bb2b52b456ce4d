import type { TermsOf } from '../i18n/en.js';
import { ruPlural } from '../lib/plural.js';
import type { SettingsTerms } from './settings.en.js';

/** Why a load or a save failed, by the protocol's error code. */
const why = (code: string): string =>
  code === 'FORBIDDEN' ? 'у вас нет на это прав'
  : code === 'UNAVAILABLE' || code === '' ? 'нет связи с сервером, повторите попытку'
  : code === 'UNAUTHENTICATED' ? 'сеанс входа истёк'
  : code === 'RATE_LIMITED' ? 'слишком много запросов, повторите чуть позже'
  : code === 'INVALID_PARAMS' ? 'сервер не принял значения'
  : 'ошибка сервера';

const issues: Readonly<Record<string, string>> = {
  'at least 30 seconds': 'Не меньше 30 секунд',
  'a multiple of 30 seconds': 'Кратно 30 секундам',
  'at most 30 days': 'Не больше 30 дней',
  'less than the processing time': 'Меньше времени на ответ',
  'required while the policy is on': 'Обязательно, пока политика включена',
  'an http or https address': 'Адрес, начинающийся с http:// или https://',
  'a store is required for every channel': 'Каждому каналу нужен магазин',
  'no such store': 'Такого магазина нет',
};

/** The settings screen's terms, Russian. */
export const ru: TermsOf<SettingsTerms> = {
  title: 'Настройки чатов',
  loading: 'Загрузка настроек…',
  noAccess: 'Настройки чатов видят и меняют только администраторы и администраторы чатов.',
  noClient: 'Нет подключения к серверу чатов.',
  loadFailed: (code) => `Не удалось загрузить настройки: ${why(code)}`,
  retry: 'Повторить',

  tabGeneral: 'Основные',
  tabPrivacy: 'Политика конфиденциальности',
  tabWidgets: 'Виджеты',
  tabTimeLimits: 'Лимиты времени',
  tabPersonal: 'Мои настройки',

  personalHint: 'Ваши личные настройки — на всех устройствах, где вы входите. Сохраняются сразу при изменении.',
  desktopNotifications: 'Уведомления на рабочем столе',
  desktopNotificationsHint: 'О новом диалоге или сообщении сообщит уведомление, пока страница с чатами не на виду. Сначала браузер спросит разрешение.',
  notificationsBlocked: 'Браузер запретил уведомления для этого сайта: сначала разрешите их в настройках сайта.',
  sound: 'Звук новых диалогов и сообщений',
  soundHint: 'Короткий сигнал. Браузеры разрешают странице звук только после того, как вы на ней что-то нажали или набрали.',
  language: 'Язык чатов',
  languageBrowser: 'Как в браузере',
  languageHint: 'Действует, если страница CRM не задаёт язык сама.',
  prefsFailed: 'Не удалось сохранить: нет связи с сервером, попробуйте ещё раз',

  chatsEnabled: 'Чаты включены',
  chatsEnabledHint: 'Выключено: панель и счётчик непрочитанных пропадают у всех пользователей, сервер чатов не принимает обращений к чатам.',
  displayMode: 'Как показывать панель',
  displayPopup: 'Окном поверх страницы',
  displaySection: 'Разделом страницы',
  managersSeeUnassigned: 'Менеджеры видят неназначенные диалоги',
  managersSeeUnassignedHint: 'Выключено: их видят только администраторы и администраторы чатов, пока диалог не назначат список, бот или администратор.',
  autoClose: 'Закрывать назначенные диалоги без активности',
  autoCloseAfter: 'Закрывать через',
  assignment: 'Новые диалоги получают',
  assignmentHint: 'По очереди, среди тех, кто в сети. Никто не выбран — новые диалоги ждут в общей очереди. Пока включён бот, список не используется.',
  noManagers: 'Ни у кого пока нет права работать с чатами.',
  online: 'в сети',
  bot: 'Бот распределения',
  botEnabled: 'Бот раздаёт диалоги',
  botCapacity: 'Не больше диалогов на менеджера',
  botManagers: 'Менеджеры, которым бот раздаёт диалоги',
  botClose: 'Закрывать любой диалог без активности, пока включён бот',
  botCloseAfter: 'Закрывать через',
  botSaveCustomers: 'Сохранять новых клиентов в CRM',
  botSaveCustomersHint: 'Пока бот включён, клиент каждого нового диалога, которого ещё нет в CRM, создаётся там, в магазине своего канала, и связывается с чатом. Если CRM не отвечает, попытка повторится позже.',

  privacyEnabled: 'Новые клиенты сначала соглашаются с политикой конфиденциальности',
  privacyEnabledHint: 'Первый диалог клиента в канале откроется, только когда он согласится с политикой в её нынешнем виде.',
  privacyText: 'Текст',
  privacyTextHint: 'Первое сообщение нового диалога.',
  privacyLink: 'Ссылка на политику',
  privacyLinkHint: 'Адрес, начинающийся с http:// или https://; обязателен, пока политика включена.',
  privacyExcluded: 'Каналы без согласия с политикой',
  noChannels: 'Каналов пока нет.',
  notConnected: 'не подключён',

  stores: 'Магазин каждого канала',
  noStores: 'Сервер чатов не знает ни одного магазина, поэтому каналам магазин не нужен.',
  chooseStore: '— выберите магазин —',
  unknownStore: (code) => `Неизвестный магазин «${code}»`,
  widgets: 'Виджеты в диалоге',
  widgetOrder: 'Заказ',
  widgetProducts: 'Товары',
  widgetTasks: 'Задачи',
  orderMethod: 'Способ оформления заказа',
  orderType: 'Тип заказа',
  orderCodeHint: 'Код, как в CRM, для заказов, оформленных в чатах.',

  limitsDefault: 'Все каналы',
  limitsHint: 'От 30 секунд до 30 дней, с шагом 30 секунд.',
  warning: 'Предупреждать через',
  warningHint: 'Через столько после неотвеченного сообщения клиента диалог становится жёлтым. Пусто — без предупреждения.',
  processing: 'Ответить в течение',
  processingHint: 'Потом он становится красным.',
  perChannel: 'Каналы со своими лимитами',
  noOverrides: 'Все каналы работают по лимитам выше.',
  addOverrideFor: 'Канал',
  addOverride: 'Задать свои лимиты',
  allOverridden: 'У каждого канала свои лимиты.',
  removeOverride: (channel) => `Убрать лимиты канала «${channel}»`,
  remove: 'Убрать',
  channelNumber: (id) => `Канал ${id}`,

  days: 'дней',
  hours: 'часов',
  minutes: 'минут',
  seconds: 'секунд',
  duration: (ms) => {
    const parts: string[] = [];
    let rest = Math.round(ms / 1000);
    for (const [size, unit] of [[86_400, 'дн.'], [3_600, 'ч'], [60, 'мин'], [1, 'с']] as const) {
      if (rest >= size) parts.push(`${Math.floor(rest / size)} ${unit}`);
      rest %= size;
    }
    return parts.join(' ') || '0 с';
  },

  save: 'Сохранить',
  saving: 'Сохранение…',
  showIssue: 'Перейти к полю',
  saved: 'Сохранено',
  discard: 'Отменить изменения',
  issues: (n) => `Нужно исправить ${n} ${ruPlural(n, 'поле', 'поля', 'полей')}`,
  conflict: 'Настройки изменил кто-то другой: показаны сохранённые им значения, ваши правки остались в форме — проверьте и сохраните ещё раз.',
  saveFailed: (code) => `Не удалось сохранить: ${why(code)}`,
  dismiss: 'Скрыть',

  issue: (message) => issues[message] ?? '',
  atLeast: (n) => `Не меньше ${n}`,
  atMost: (n) => `Не больше ${n}`,
  maxChars: (n) => `Не больше ${n} символов`,
  wholeNumber: 'Целое число',
};
