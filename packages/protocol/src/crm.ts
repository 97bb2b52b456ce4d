import * as v from 'valibot';
import { doc } from './doc.js';
import { Id, Timestamp } from './entities.js';
import { text } from './text.js';
import { CrmId, Currency, HttpUrl, Money } from './crm-values.js';

export { CrmId, Currency, Money } from './crm-values.js';

/*
 * The CRM's data as the widgets see it (S-W-CUST, S-W-PROD, S-W-ORD, S-W-TASK): customers,
 * stores, products with offers, orders, tasks and users. The same schemas check what the
 * built-in CRM answers and what a host CRM answers over the HTTP contract (README, "CRM
 * contract"), so a widget never meets a shape it does not know. CRM ids are strings: a host CRM
 * names its records its own way.
 */

/** A store's code (S-SET-6): what the channel → store mapping names. */
export const StoreCode = v.pipe(v.string(), v.minLength(1), v.maxLength(128));

export const CrmStore = v.object({ code: StoreCode, name: text(200) });
export type CrmStore = v.InferOutput<typeof CrmStore>;

/** S-W-CUST: the customer's tags; they belong to the customer, not to a conversation. */
export const CustomerTag = v.picklist(['vip', 'bad']);
export type CustomerTag = v.InferOutput<typeof CustomerTag>;

const Name = text(100);
const Phone = doc(v.pipe(text(32), v.regex(/^[+\d][\d\s().-]{2,31}$/, 'a phone number: digits, spaces, + ( ) - .')), 'As typed; matched by its digits.');
const Email = v.union([v.literal(''), v.pipe(text(254), v.email('an email address'))]);

/** A messenger login the CRM keeps for a customer (e.g. their Telegram @name). */
export const CustomerContact = v.object({ channel: text(64), login: text(200) });
export type CustomerContact = v.InferOutput<typeof CustomerContact>;

export const CrmCustomer = v.object({
  id: CrmId,
  firstName: Name,
  lastName: Name,
  patronymic: Name,
  phones: v.pipe(v.array(Phone), v.maxLength(5)),
  email: Email,
  address: doc(text(500), 'The delivery address, one line; empty when unknown.'),
  tags: v.array(CustomerTag),
  storeCode: v.nullable(StoreCode),
  contacts: doc(v.pipe(v.array(CustomerContact), v.maxLength(20)), 'Messenger logins of the customer (S-W-CUST shows the conversation\'s).'),
  url: doc(v.nullable(HttpUrl), 'The customer\'s card in the CRM, when it has one.'),
  createdAt: Timestamp,
});
export type CrmCustomer = v.InferOutput<typeof CrmCustomer>;

/** S-W-CUST Save: a new customer, attached to the channel's store. */
export const CustomerDraft = v.object({
  firstName: Name,
  lastName: v.optional(Name, ''),
  patronymic: v.optional(Name, ''),
  phones: v.optional(v.pipe(v.array(Phone), v.maxLength(5)), []),
  email: v.optional(Email, ''),
  address: v.optional(text(500), ''),
  storeCode: v.nullable(StoreCode),
  contacts: v.optional(v.pipe(v.array(CustomerContact), v.maxLength(20)), []),
});
export type CustomerDraft = v.InferOutput<typeof CustomerDraft>;

/** What an inline edit changes; what is absent stays. */
export const CustomerPatch = v.partial(v.object({
  firstName: Name,
  lastName: Name,
  patronymic: Name,
  phones: v.pipe(v.array(Phone), v.maxLength(5)),
  email: Email,
  address: text(500),
  tags: v.pipe(v.array(CustomerTag), v.maxLength(2)),
}));
export type CustomerPatch = v.InferOutput<typeof CustomerPatch>;

/** One sellable variant of a product (a size, a colour): what an order line names. */
export const CrmOffer = v.object({
  id: CrmId,
  productId: CrmId,
  name: doc(text(300), 'The offer as a customer reads it: the product\'s name and its variant.'),
  article: text(64),
  price: Money,
  currency: Currency,
  stock: doc(v.nullable(v.pipe(v.number(), v.safeInteger(), v.minValue(0))), 'Units in stock; null when the CRM does not count them.'),
});
export type CrmOffer = v.InferOutput<typeof CrmOffer>;

export const CrmProduct = v.object({
  id: CrmId,
  name: text(300),
  category: text(200),
  image: v.nullable(HttpUrl),
  url: v.nullable(HttpUrl),
  offers: v.pipe(v.array(CrmOffer), v.minLength(1), v.maxLength(200)),
});
export type CrmProduct = v.InferOutput<typeof CrmProduct>;

/** S-W-PROD: search, filters and sorting by name and price. */
export const ProductQuery = v.object({
  storeCode: StoreCode,
  query: v.optional(text(200), ''),
  category: v.optional(text(200)),
  priceMin: v.optional(Money),
  priceMax: v.optional(Money),
  inStock: v.optional(v.boolean(), false),
  sort: v.optional(v.picklist(['name', 'price']), 'name'),
  order: v.optional(v.picklist(['asc', 'desc']), 'asc'),
  limit: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(100)), 20),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(200))),
});
export type ProductQuery = v.InferOutput<typeof ProductQuery>;

export const ProductPage = v.object({
  products: v.array(CrmProduct),
  categories: doc(v.array(text(200)), 'Every category of the store, for the filter.'),
  nextCursor: v.nullable(v.string()),
});
export type ProductPage = v.InferOutput<typeof ProductPage>;

export const DeliveryType = v.object({ code: text(64), name: text(200), cost: Money });
export type DeliveryType = v.InferOutput<typeof DeliveryType>;

export const PaymentType = v.object({ code: text(64), name: text(200), online: doc(v.boolean(), 'Paid online: a payment link can be sent (S-W-ORD).') });
export type PaymentType = v.InferOutput<typeof PaymentType>;

export const OrderStatus = v.object({
  code: text(64),
  name: text(200),
  final: doc(v.boolean(), 'Completed or cancelled: not the customer\'s current order.'),
});
export type OrderStatus = v.InferOutput<typeof OrderStatus>;

export const CrmOrderItem = v.object({ offerId: CrmId, name: text(300), price: Money, quantity: v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(10_000)) });
export type CrmOrderItem = v.InferOutput<typeof CrmOrderItem>;

export const CrmPayment = v.object({ type: text(64), name: text(200), amount: Money, paid: v.boolean() });
export type CrmPayment = v.InferOutput<typeof CrmPayment>;

export const CrmOrder = v.object({
  id: CrmId,
  number: text(64),
  url: v.nullable(HttpUrl),
  storeCode: StoreCode,
  customerId: CrmId,
  status: OrderStatus,
  method: doc(text(64), 'How the order was placed (S-SET-7\'s order method).'),
  type: doc(text(64), 'The order type (S-SET-7).'),
  items: v.array(CrmOrderItem),
  delivery: v.object({ type: text(64), name: text(200), cost: Money, address: text(500), date: v.nullable(v.pipe(v.string(), v.isoDate())) }),
  payments: v.array(CrmPayment),
  currency: Currency,
  total: doc(Money, 'Items and delivery.'),
  paid: Money,
  paymentStatus: v.picklist(['unpaid', 'partial', 'paid']),
  conversationId: doc(v.nullable(Id), 'The conversation the order was placed from (S-HOST-2), when it was.'),
  createdAt: Timestamp,
});
export type CrmOrder = v.InferOutput<typeof CrmOrder>;

/** S-W-ORD Place order: from picked offers (each once), with a delivery. */
export const OrderDraft = v.object({
  customerId: CrmId,
  storeCode: StoreCode,
  method: text(64),
  type: text(64),
  items: v.pipe(
    v.array(v.object({ offerId: CrmId, quantity: v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(10_000)) })),
    v.minLength(1),
    v.maxLength(100),
    v.check((items) => new Set(items.map((i) => i.offerId)).size === items.length, 'an offer at most once'),
  ),
  delivery: v.object({ type: text(64), address: v.optional(text(500), ''), date: v.optional(v.nullable(v.pipe(v.string(), v.isoDate())), null) }),
  paymentType: v.optional(text(64)),
  conversationId: v.optional(v.nullable(Id), null),
});
export type OrderDraft = v.InferOutput<typeof OrderDraft>;

export const CrmTask = v.object({
  id: CrmId,
  text: text(1000),
  deadline: v.nullable(Timestamp),
  performerId: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  customerId: v.nullable(CrmId),
  orderId: v.nullable(CrmId),
  completedAt: v.nullable(Timestamp),
  createdAt: Timestamp,
});
export type CrmTask = v.InferOutput<typeof CrmTask>;

/** S-W-TASK +: text, deadline, linked order or customer, performer. */
export const TaskDraft = v.object({
  text: v.pipe(text(1000), v.trim(), v.check((s) => s.length > 0, 'must not be blank')),
  deadline: v.optional(v.nullable(Timestamp), null),
  performerId: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  customerId: v.optional(v.nullable(CrmId), null),
  orderId: v.optional(v.nullable(CrmId), null),
});
export type TaskDraft = v.InferOutput<typeof TaskDraft>;

export const CrmUser = v.object({ id: v.pipe(v.string(), v.minLength(1), v.maxLength(128)), name: text(200) });
export type CrmUser = v.InferOutput<typeof CrmUser>;
