import type { TermsOf } from '../i18n/en.js';
import type { CardTerms } from './cards.en.js';

/** The terms of product and order cards in messages, Russian. */
export const ru: TermsOf<CardTerms> = {
  product: (name) => `Товар: ${name}`,
  order: (number) => `Заказ №${number}`,
  inStock: 'В наличии',
  outOfStock: 'Нет в наличии',
  article: (article) => `Артикул: ${article}`,
  items: 'Товары',
  item: (name, quantity, sum) => `${name} × ${quantity} — ${sum}`,
  delivery: (name, cost) => (name ? `Доставка: ${name} — ${cost}` : `Доставка: ${cost}`),
  free: 'бесплатно',
  total: (sum) => `Итого: ${sum}`,
  toPay: (sum) => `К оплате: ${sum}`,
  partlyPaid: (sum) => `Оплачен частично, к оплате ${sum}`,
  paid: 'Оплачен',
};
