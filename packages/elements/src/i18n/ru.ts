import { ruPlural as plural } from '../lib/plural.js';
import type { Translation } from './en.js';

// The source product says «диалог»: Russian UI keeps that word (STYLE.md).
export const ru: Translation = {
  $code: 'ru',
  $name: 'Русский',

  chat: 'Чат',
  openChat: 'Открыть чат',
  closeChat: 'Закрыть чат',
  moveWindow: 'Переместить окно чата',
  resizeWindow: 'Изменить размер окна чата',
  conversations: 'Диалоги',
  lists: 'Списки',
  customers: 'Клиенты',
  colleagues: 'Коллеги',
  unreadChats: (n: number) => `${n} ${plural(n, 'чат', 'чата', 'чатов')} с непрочитанными`,
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
  attachFiles: 'Прикрепить файлы',
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
  originRefused: 'Адреса этой страницы нет в ALLOWED_ORIGINS сервера чата.',
  charsLeft: (left: number, max: number) =>
    left >= 0
      ? `Осталось ${left} ${plural(left, 'символ', 'символа', 'символов')} из ${max}`
      : `Превышен лимит ${max} на ${-left} ${plural(-left, 'символ', 'символа', 'символов')}`,
  unreadMessages: (n: number) =>
    `${n} ${plural(n, 'непрочитанное сообщение', 'непрочитанных сообщения', 'непрочитанных сообщений')}`,
  unreadConversations: (n: number) =>
    `${n} ${plural(n, 'непрочитанный диалог', 'непрочитанных диалога', 'непрочитанных диалогов')}`,
  distributionBot: 'Бот распределения',
  systemEvent: (type: string, from: string, to: string, by: string) => {
    const text =
      type === 'opened' ? 'Диалог открыт'
      : type === 'closed' ? 'Диалог закрыт'
      : type === 'autoClosed' ? 'Диалог закрыт автоматически'
      : type === 'reopened' ? 'Диалог снова открыт'
      : type === 'assigned' ? `Назначен: ${to}`
      : type === 'reassigned' ? `Назначен: ${from} → ${to}`
      : type === 'unassigned' ? `Снят с менеджера: ${from}`
      : type;
    return by ? `${text} (${by})` : text;
  },
  conversationActions: 'Действия с диалогом',
  closeConversation: 'Закрыть диалог',
  reopenConversation: 'Открыть диалог снова',
  markUnread: 'Отметить непрочитанным',
  blockCustomer: 'Заблокировать клиента',
  unblockCustomer: 'Разблокировать клиента',
  showAttachments: 'Показать вложения',
  unlinkCustomer: 'Отвязать клиента',
  reassign: 'Передать…',
  unlinkConfirm: (name: string) => `Отвязать клиента ${name} от диалога? Диалог пропадёт из карточки клиента.`,
  confirm: 'Подтвердить',
  cancel: 'Отмена',
  chooseManager: 'Выберите менеджера',
  online: 'в сети',
  offline: 'не в сети',
  load: (n: number) => `${n} ${plural(n, 'открытый диалог', 'открытых диалога', 'открытых диалогов')}`,
  noAssignees: 'Передать диалог некому',
  blocked: 'заблокирован',
  closed: 'закрыт',
  channelDisconnected: (channel: string) => `Канал «${channel}» не подключён: ответить в этот диалог нельзя.`,
  customerBlocked: 'Клиент заблокирован: сообщения не отправляются и не принимаются. Разблокировать можно в меню диалога.',
  filters: 'Сортировка и фильтры',
  filtersActive: (n: number) => `Сортировка и фильтры, активно: ${n}`,
  noMatches: 'Нет диалогов по этим фильтрам',
  waitingFor: (ago: string) => `ждёт ${ago}`,
  slaWarning: 'Время на ответ подходит к концу',
  slaBreached: 'Ответ просрочен',
  slaOverdue: (n: number) => `${n} ${plural(n, 'диалог', 'диалога', 'диалогов')} с просроченным ответом: показать только их`,
  search: 'Поиск по диалогам',
  searchResults: 'Результаты поиска',
  moreResults: 'Ещё результаты',
  noResults: 'Ничего не найдено',
  matchIn: (field: string) => (field === 'name' ? 'имя' : field === 'phone' ? 'телефон' : field === 'email' ? 'email' : 'сообщение'),
  enableNotifications: 'Уведомлять о новых сообщениях',
  notificationsOn: 'Уведомления включены',
  notificationsDenied: 'Уведомления запрещены в браузере',
  newMessageFrom: (name: string) => `Новое сообщение: ${name}`,
  replyingTo: (name: string) => `Ответ на сообщение: ${name}`,
  cancelReply: 'Отменить ответ',
  editing: 'Редактирование',
  cancelEdit: 'Отменить редактирование',
  save: 'Сохранить',
  draft: 'Черновик:',
  today: 'Сегодня',
  yesterday: 'Вчера',
  unreadDivider: 'Новые сообщения',
  newMessagesPill: (n: number) => `${n} ${plural(n, 'новое сообщение', 'новых сообщения', 'новых сообщений')}`,
  newConversationsPill: (n: number) => `${n} ${plural(n, 'новый', 'новых', 'новых')}`,
  newConversations: (n: number) => `${n} ${plural(n, 'новый диалог', 'новых диалога', 'новых диалогов')}`,
  message: 'сообщение',
  isTyping: (names: string, n: number) => `${names} ${n === 1 ? 'печатает' : 'печатают'}…`,
  statusQueued: 'В очереди',
  delivered: 'Доставлено',
  read: 'Прочитано',
  failReason: (reason: string) =>
    reason === 'visitor_left' ? 'Клиент покинул окно консультанта'
    : reason === 'not_your_conversation' ? 'Диалог уже не ваш'
    : 'Ошибка канала',
  filesPreview: 'Файлы',
  messageDeleted: 'Сообщение удалено',
  edited: 'изменено',
  messageActions: 'Действия с сообщением',
  menuReply: 'Ответить',
  menuCopy: 'Копировать',
  menuEdit: 'Изменить',
  menuDelete: 'Удалить',
  menuHistory: 'История',
  deleteConfirm: 'Удалить сообщение?',
  copied: 'Скопировано',
  copyFailed: 'Не удалось скопировать',
};
