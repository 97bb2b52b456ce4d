import type { TermsOf } from '../i18n/en.js';
import { ruPlural } from '../lib/plural.js';
import type { ProductsTerms } from './products-widget.en.js';

/** Why a search failed, by the protocol's error code. */
const why = (code: string): string =>
  code === 'FORBIDDEN' ? 'у вас нет доступа к товарам этого диалога'
  : code === 'NOT_FOUND' ? 'этот диалог вам больше недоступен'
  : code === 'UNAVAILABLE' ? 'CRM не отвечает'
  : code === '' ? 'нет связи с сервером'
  : code === 'UNAUTHENTICATED' ? 'сеанс входа истёк'
  : code === 'RATE_LIMITED' ? 'слишком много запросов, повторите чуть позже'
  : code === 'INVALID_PARAMS' ? 'сервер не принял запрос'
  : 'ошибка сервера';

/** The products widget's terms, Russian. */
export const ru: TermsOf<ProductsTerms> = {
  title: 'Товары',
  noClient: 'Нет подключения к серверу чатов.',
  noConversation: 'Откройте диалог, чтобы подобрать для него товары.',

  filters: 'Поиск товаров',
  search: 'Поиск',
  searchPlaceholder: 'Название или артикул',
  category: 'Категория',
  allCategories: 'Все категории',
  price: (currency: string): string => `Цена, ${currency}`,
  priceFrom: 'от',
  priceTo: 'до',
  priceInvalid: 'Целое число, не меньше 0',
  priceOrder: 'Не меньше, чем «от»',
  inStock: 'Только в наличии',
  sort: 'Сортировка',
  sortNameAsc: 'По названию, А–Я',
  sortNameDesc: 'По названию, Я–А',
  sortPriceAsc: 'Сначала дешёвые',
  sortPriceDesc: 'Сначала дорогие',

  results: 'Товары',
  loading: 'Загрузка товаров…',
  nothingFound: 'Ничего не найдено',
  shown: (n: number): string => `Показано ${n} ${ruPlural(n, 'товар', 'товара', 'товаров')}`,
  loadMore: 'Показать ещё',
  loadingMore: 'Загрузка…',
  article: (article: string): string => `арт. ${article}`,
  outOfStock: 'нет в наличии',
  inStockCount: (n: number): string => `в наличии: ${n}`,

  noStore: 'У канала этого диалога нет магазина: администратор выбирает его в настройках чатов (Виджеты).',
  widgetOff: 'Виджет «Товары» выключен в настройках чатов.',
  unavailable: 'CRM сейчас не отвечает.',
  loadFailed: (code: string): string => `Не удалось загрузить товары: ${why(code)}.`,
  retry: 'Повторить',

  picked: (n: number): string => (n === 0 ? 'Ничего не выбрано' : `Выбрано: ${n}`),
  clearPicks: 'Сбросить',
  addToOrder: 'Добавить в заказ',
  sendToCustomer: 'Отправить клиенту',
};
