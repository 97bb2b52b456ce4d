import * as v from 'valibot';
import { doc } from './doc.js';
import { text } from './text.js';
import { CrmId, Currency, HttpUrl, Money } from './crm-values.js';

/*
 * Product and order cards in messages (S-W-PROD "send to the customer", S-W-ORD "send to
 * customer"). A card is a snapshot the server took from the CRM when the message was sent — what
 * the customer was offered then, not the CRM's record now — and holds only what a customer may
 * read (no CRM links, no payments' details).
 */

export const ProductCard = v.object({
  type: v.literal('product'),
  productId: CrmId,
  offerId: CrmId,
  name: doc(text(300), 'The offer as a customer reads it: the product\'s name and its variant.'),
  article: text(64),
  price: Money,
  currency: Currency,
  image: doc(v.nullable(HttpUrl), 'The product\'s picture on the shop\'s site (http or https).'),
  url: doc(v.nullable(HttpUrl), 'The product\'s page on the shop\'s site (http or https).'),
  inStock: doc(v.nullable(v.boolean()), 'Whether the offer was in stock when sent; null when the CRM does not count stock.'),
});
export type ProductCard = v.InferOutput<typeof ProductCard>;

export const OrderCardItem = v.object({ name: text(300), quantity: v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(10_000)), price: Money });

export const OrderCard = v.object({
  type: v.literal('order'),
  orderId: CrmId,
  number: text(64),
  status: doc(text(200), 'The status\'s name as the CRM shows it.'),
  items: v.pipe(v.array(OrderCardItem), v.maxLength(200)),
  delivery: v.object({ name: text(200), cost: Money, address: text(500) }),
  currency: Currency,
  total: doc(Money, 'Items and delivery.'),
  toPay: doc(Money, 'What is left to pay (the total less what is paid).'),
  paymentStatus: v.picklist(['unpaid', 'partial', 'paid']),
});
export type OrderCard = v.InferOutput<typeof OrderCard>;

export const MessageCard = v.variant('type', [ProductCard, OrderCard]);
export type MessageCard = v.InferOutput<typeof MessageCard>;

/** The most cards one message carries (the products widget sends at most this many offers at once). */
export const MAX_CARDS = 10;
