import type { TermsOf } from '../i18n/en.js';
import type { OrderTerms } from './order-widget.en.js';

/** Why a call failed, by the protocol's error code. */
const why = (code: string): string =>
  code === 'UNAVAILABLE' ? 'CRM не отвечает, повторите попытку'
  : code === '' ? 'нет связи с сервером, повторите попытку'
  : code === 'FORBIDDEN' ? 'у вас нет на это прав'
  : code === 'NOT_FOUND' ? 'диалог или заказ вам больше недоступен'
  : code === 'UNAUTHENTICATED' ? 'сеанс входа истёк'
  : code === 'RATE_LIMITED' ? 'слишком много запросов, повторите чуть позже'
  : code === 'INVALID_PARAMS' ? 'значения не приняты'
  : code === 'LIMIT_EXCEEDED' ? 'текст слишком длинный для одного сообщения'
  : code === 'CONFLICT' ? 'диалог закрыт или больше не ваш'
  : 'ошибка сервера';

/** The order widget's terms, Russian. */
export const ru: TermsOf<OrderTerms> = {
  title: 'Заказ',
  noClient: 'Нет подключения к серверу чатов.',
  noConversation: 'Откройте диалог, чтобы увидеть его заказ.',
  loading: 'Загрузка заказа…',
  updating: 'Обновление…',
  loadFailed: (code) => (code === 'UNAVAILABLE' ? 'CRM не отвечает: заказ не загрузился.' : `Не удалось загрузить заказ: ${why(code)}.`),
  retry: 'Повторить',
  widgetOff: 'Виджет заказа выключен в настройках чатов.',
  noStore: 'У канала этого диалога нет магазина: администратор выбирает его в настройках чатов (Виджеты).',

  current: 'Текущий заказ',
  noCurrent: 'Текущего заказа нет',
  orderNumber: (number) => `Заказ №${number}`,
  newTab: '(откроется в новой вкладке)',
  status: 'Статус',
  items: 'Товары',
  each: (price) => `${price} за шт.`,
  delivery: 'Доставка',
  address: 'Адрес',
  deliveryDate: 'Дата доставки',
  payments: 'Оплата',
  paidMark: 'оплачено',
  toPay: 'К оплате',
  paymentStatus: (status) => (status === 'paid' ? 'Оплачен' : status === 'partial' ? 'Оплачен частично' : 'Не оплачен'),
  free: 'бесплатно',

  sendLink: 'Отправить ссылку на оплату',
  sendSummary: 'Отправить клиенту',
  sending: 'Отправляем…',
  linkSent: 'Ссылка отправлена',
  summarySent: 'Заказ отправлен клиенту',
  linkFailed: (code) =>
    code === 'CONFLICT' ? 'По этому заказу нечего оплачивать онлайн: ссылка не отправлена.'
    : code === 'NOT_FOUND' ? 'У этого клиента в CRM нет такого заказа: ссылка не отправлена.'
    : code === 'BAD_URL' ? 'CRM вернула не http(s)-ссылку: ничего не отправлено.'
    : `Ссылка не отправлена: ${why(code)}.`,
  sendFailed: (code) => `Сообщение не отправлено: ${why(code)}.`,
  linkMessage: (number, url) => `Ссылка на оплату заказа №${number}: ${url}`,
  summaryMessage: (number) => `Ваш заказ №${number}`,
  summaryDelivery: (name, cost) => `Доставка: ${name} — ${cost}`,
  summaryAddress: (address) => `Адрес: ${address}`,
  summaryDate: (date) => `Дата доставки: ${date}`,
  summaryToPay: (amount) => `К оплате: ${amount}`,
  summaryPaid: 'Заказ оплачен полностью.',

  compose: 'Новый заказ',
  composeHint: 'Добавьте товары в виджете «Товары» кнопкой «Добавить в заказ».',
  draftItems: 'Товары нового заказа',
  price: 'Цена',
  quantity: (name) => `Количество: ${name}`,
  quantityLabel: 'Кол-во',
  quantityInvalid: 'Целое число от 1 до 10 000',
  overStock: (n) => `Больше, чем в наличии (${n})`,
  outOfStock: 'Нет в наличии',
  remove: (name) => `Убрать из заказа: ${name}`,
  added: (name) => `Добавлено в заказ: ${name}`,
  removed: (name) => `Убрано из заказа: ${name}`,
  already: (name) => `Товар уже в заказе: ${name}`,
  tooMany: 'В заказе не больше 100 товаров.',
  deliveryType: 'Доставка',
  chooseDelivery: 'Выберите доставку…',
  deliveryMissing: 'Выберите способ доставки',
  deliveryOption: (name, cost) => `${name} — ${cost}`,
  addressLabel: 'Адрес доставки',
  dateLabel: 'Дата доставки (необязательно)',
  dateInvalid: 'Укажите дату полностью, не раньше сегодняшней, или очистите поле',
  paymentType: 'Оплата (необязательно)',
  noPayment: 'Не выбрана',
  onlineMark: (name) => `${name} (онлайн)`,
  total: 'Итого',
  totalInvalid: 'Исправьте количество, чтобы увидеть сумму',
  needsCustomer: 'Заказ оформляется на клиента, сохранённого в CRM: сначала сохраните этого клиента в виджете «Клиент».',
  itemsMissing: 'Добавьте хотя бы один товар',
  place: 'Оформить заказ',
  placing: 'Оформляем…',
  clear: 'Очистить',
  placed: (number) => `Заказ №${number} оформлен.`,
  placeFailed: (code) =>
    code === 'INVALID_PARAMS' ? 'CRM не приняла заказ: проверьте товары, доставку и оплату.'
    : code === 'CONFLICT' ? 'Заказ не оформлен: CRM отказала.'
    : `Заказ не оформлен: ${why(code)}.`,
};
