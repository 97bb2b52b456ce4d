import type { TermsOf } from '../i18n/en.js';
import { ruPlural } from '../lib/plural.js';
import type { CrmSidebarTerms } from './crm-sidebar.en.js';

export const ru: TermsOf<CrmSidebarTerms> = {
  label: 'Клиент, товары, заказ и задачи',
  customer: 'Клиент',
  products: 'Товары',
  order: 'Заказ',
  tasks: 'Задачи',
  loadFailed: 'CRM не ответила: виджеты могут быть пустыми, пока она недоступна.',
  retry: 'Повторить',
  productsSent: (n) => `${n === 1 ? 'Товар отправлен' : `${n} ${ruPlural(n, 'товар отправлен', 'товара отправлены', 'товаров отправлены')}`} клиенту.`,
  productsMessage: 'Посмотрите, пожалуйста:',
  sendFailed: 'Не удалось отправить товары клиенту.',
  productGone: 'Выбранного товара больше нет в магазине: найдите и выберите его заново.',
};
