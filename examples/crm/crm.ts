/**
 * The reference CRM's data and rules, in memory: what each endpoint of the contract does (README,
 * "CRM contract"). The catalogue (stores, products, delivery and payment types, statuses, users)
 * comes from a JSON file; customers, orders and tasks start empty and live as long as the process.
 * Inputs arrive checked for shape (check.ts); what needs the data (does the store exist, is the
 * offer in it) is checked here and refused with a `Refused`.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface Store { code: string; name: string }
export interface User { id: string; name: string }
export interface DeliveryType { code: string; name: string; cost: number }
export interface PaymentType { code: string; name: string; online: boolean }
export interface OrderStatus { code: string; name: string; final: boolean }
export interface Offer { id: string; productId: string; name: string; article: string; price: number; currency: string; stock: number | null }
export interface Product { id: string; name: string; category: string; image: string | null; url: string | null; offers: Offer[] }

/** The catalogue file: products carry their store's code, offers not yet their product's id. */
export interface Catalogue {
  stores: Store[];
  products: (Omit<Product, 'offers'> & { storeCode: string; offers: Omit<Offer, 'productId'>[] })[];
  deliveryTypes: Record<string, DeliveryType[]>;
  paymentTypes: Record<string, PaymentType[]>;
  statuses: OrderStatus[];
  users: User[];
}

export interface Contact { channel: string; login: string }
export interface Customer {
  id: string;
  firstName: string;
  lastName: string;
  patronymic: string;
  phones: string[];
  email: string;
  address: string;
  tags: ('vip' | 'bad')[];
  storeCode: string | null;
  contacts: Contact[];
  url: string | null;
  createdAt: number;
}
export type CustomerDraft = Pick<Customer, 'firstName' | 'lastName' | 'patronymic' | 'phones' | 'email' | 'address' | 'storeCode' | 'contacts'>;
export type CustomerPatch = Partial<Pick<Customer, 'firstName' | 'lastName' | 'patronymic' | 'phones' | 'email' | 'address' | 'tags'>>;

export interface Payment { type: string; name: string; amount: number; paid: boolean }
export interface Order {
  id: string;
  number: string;
  url: string | null;
  storeCode: string;
  customerId: string;
  status: OrderStatus;
  method: string;
  type: string;
  items: { offerId: string; name: string; price: number; quantity: number }[];
  delivery: { type: string; name: string; cost: number; address: string; date: string | null };
  payments: Payment[];
  currency: string;
  total: number;
  paid: number;
  paymentStatus: 'unpaid' | 'partial' | 'paid';
  conversationId: number | null;
  createdAt: number;
}
export interface OrderDraft {
  customerId: string;
  storeCode: string;
  method: string;
  type: string;
  items: { offerId: string; quantity: number }[];
  delivery: { type: string; address: string; date: string | null };
  paymentType?: string;
  conversationId: number | null;
}

export interface Task {
  id: string;
  text: string;
  deadline: number | null;
  performerId: string;
  customerId: string | null;
  orderId: string | null;
  completedAt: number | null;
  createdAt: number;
}
export type TaskDraft = Pick<Task, 'text' | 'deadline' | 'performerId' | 'customerId' | 'orderId'>;

export interface ProductQuery {
  storeCode: string;
  query: string;
  category?: string;
  priceMin?: number;
  priceMax?: number;
  inStock: boolean;
  sort: 'name' | 'price';
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}
export interface ProductPage { products: Product[]; categories: string[]; nextCursor: string | null }

/** What the contract answers with an HTTP status and `{error: {code, message}}`. */
export class Refused extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_PHONES = 5;
const MAX_CONTACTS = 20;
/** Order numbers as a CRM shows them: 1001A, 1002A … (the letter: placed through the chat). */
const FIRST_ORDER_NUMBER = 1001;

/** Case and «ё» do not matter in a search: «Ёлка» finds «елка» and the reverse. */
export const fold = (s: string) => s.toLowerCase().replaceAll('ё', 'е');
const digits = (s: string) => s.replace(/\D/g, '');
const cents = (n: number) => Math.round(n * 100) / 100;
const byName = new Intl.Collator('ru').compare;

export class Crm {
  private readonly products = new Map<string, Product[]>();
  private readonly offers = new Map<string, { offer: Offer; storeCode: string }>();
  private readonly customers = new Map<string, Customer>();
  private readonly orders = new Map<string, Order>();
  private readonly tasks = new Map<string, Task>();
  private readonly paymentLinks = new Map<string, string>();
  private lastId = 0;
  private lastOrderNumber = FIRST_ORDER_NUMBER - 1;

  constructor(
    private readonly catalogue: Catalogue,
    private readonly now: () => number,
  ) {
    for (const { storeCode, ...p } of catalogue.products) {
      const product: Product = { ...p, offers: p.offers.map((o) => ({ ...o, productId: p.id })) };
      if (!this.products.has(storeCode)) this.products.set(storeCode, []);
      this.products.get(storeCode)!.push(product);
      for (const offer of product.offers) this.offers.set(offer.id, { offer, storeCode });
    }
  }

  /** Ids are strings (a CRM names records its own way); one counter for all, so an id names one record. */
  private nextId(): string {
    return String(++this.lastId);
  }

  stores(): Store[] {
    return this.catalogue.stores;
  }

  users(): User[] {
    return this.catalogue.users;
  }

  private store(code: string, field?: string): Store {
    const store = this.catalogue.stores.find((s) => s.code === code);
    if (store) return store;
    // A store in the path is a missing resource; one in the body is a wrong parameter.
    throw field ? new Refused(400, `${field}: no store ${code}`) : new Refused(404, `no store ${code}`);
  }

  deliveryTypes(code: string): DeliveryType[] {
    return this.catalogue.deliveryTypes[this.store(code).code] ?? [];
  }

  paymentTypes(code: string): PaymentType[] {
    return this.catalogue.paymentTypes[this.store(code).code] ?? [];
  }

  statuses(): OrderStatus[] {
    return this.catalogue.statuses;
  }

  /* Customers */

  customer(id: string): Customer {
    const customer = this.customers.get(id);
    if (!customer) throw new Refused(404, `no customer ${id}`);
    return customer;
  }

  createCustomer(draft: CustomerDraft): Customer {
    if (draft.storeCode !== null) this.store(draft.storeCode, 'storeCode');
    const customer: Customer = { id: this.nextId(), ...draft, tags: [], url: null, createdAt: this.now() };
    this.customers.set(customer.id, customer);
    return customer;
  }

  updateCustomer(id: string, patch: CustomerPatch): Customer {
    return Object.assign(this.customer(id), patch);
  }

  /** The survivor gets what it lacks of the merged one (up to the limits), and its orders and tasks; the merged one is gone. */
  mergeCustomers(survivorId: string, mergedId: string): Customer {
    if (survivorId === mergedId) throw new Refused(400, 'mergedId: a customer cannot be merged into itself');
    const survivor = this.customer(survivorId);
    const merged = this.customer(mergedId);
    for (const field of ['firstName', 'lastName', 'patronymic', 'email', 'address'] as const) {
      if (!survivor[field]) survivor[field] = merged[field];
    }
    survivor.storeCode ??= merged.storeCode;
    const ownDigits = new Set(survivor.phones.map(digits));
    survivor.phones = [...survivor.phones, ...merged.phones.filter((p) => !ownDigits.has(digits(p)))].slice(0, MAX_PHONES);
    survivor.tags = [...new Set([...survivor.tags, ...merged.tags])];
    const key = (c: Contact) => `${c.channel}\n${c.login}`;
    const ownContacts = new Set(survivor.contacts.map(key));
    survivor.contacts = [...survivor.contacts, ...merged.contacts.filter((c) => !ownContacts.has(key(c)))].slice(0, MAX_CONTACTS);
    for (const order of this.orders.values()) if (order.customerId === mergedId) order.customerId = survivorId;
    for (const task of this.tasks.values()) if (task.customerId === mergedId) task.customerId = survivorId;
    this.customers.delete(mergedId);
    return survivor;
  }

  /** By name parts, email, or phone digits; best first (words equal to a name part, then starting one), then newest. */
  searchCustomers(query: string, limit: number): Customer[] {
    const scored: { customer: Customer; score: number }[] = [];
    for (const customer of this.customers.values()) {
      const score = customerScore(customer, query);
      if (score > 0) scored.push({ customer, score });
    }
    scored.sort((a, b) => b.score - a.score || b.customer.createdAt - a.customer.createdAt || Number(b.customer.id) - Number(a.customer.id));
    return scored.slice(0, limit).map((s) => s.customer);
  }

  /* Products */

  searchProducts(q: ProductQuery): ProductPage {
    this.store(q.storeCode, 'storeCode');
    const all = this.products.get(q.storeCode) ?? [];
    const categories = [...new Set(all.map((p) => p.category))].sort(byName);
    const found = all.flatMap((p) => matchProduct(p, q) ?? []);
    sortProducts(found, q);
    const start = q.cursor === undefined ? 0 : readCursor(q.cursor, q);
    const products = found.slice(start, start + q.limit);
    const end = start + products.length;
    return { products, categories, nextCursor: end < found.length ? makeCursor(end, q) : null };
  }

  /** The store's product that has the offer (a product card in a message is made from it). */
  productOfOffer(offerId: string, storeCode: string): Product {
    const found = this.offers.get(offerId);
    if (!found || found.storeCode !== storeCode) throw new Refused(404, `no offer ${offerId} in store ${storeCode}`);
    return (this.products.get(storeCode) ?? []).find((p) => p.id === found.offer.productId)!;
  }

  /* Orders */

  order(id: string): Order {
    const order = this.orders.get(id);
    if (!order) throw new Refused(404, `no order ${id}`);
    return order;
  }

  /** Newest first: by creation time, then by creation order (two orders in one millisecond). */
  private newestFirst(filter: (o: Order) => boolean): Order[] {
    return [...this.orders.values()].filter(filter).sort((a, b) => b.createdAt - a.createdAt || Number(b.id) - Number(a.id));
  }

  /** 404 for a customer the CRM does not have (the chat takes it as no order). */
  currentOrder(customerId: string): Order | null {
    this.customer(customerId);
    return this.newestFirst((o) => o.customerId === customerId && !o.status.final)[0] ?? null;
  }

  ordersOfConversations(ids: number[]): Order[] {
    const wanted = new Set(ids);
    return this.newestFirst((o) => o.conversationId !== null && wanted.has(o.conversationId));
  }

  createOrder(draft: OrderDraft): Order {
    // The customer may be gone (merged, deleted) since the chat read it: NOT_FOUND says so.
    this.customer(draft.customerId);
    this.store(draft.storeCode, 'storeCode');
    const items = draft.items.map((item, i) => this.orderItem(item, draft.storeCode, `items[${i}]`));
    if (new Set(items.map((i) => i.offerId)).size !== items.length) throw new Refused(400, 'items: an offer at most once');
    const currencies = new Set(draft.items.map((i) => this.offers.get(i.offerId)!.offer.currency));
    if (currencies.size > 1) throw new Refused(400, `items: offers in several currencies (${[...currencies].join(', ')})`);
    const delivery = this.deliveryTypes(draft.storeCode).find((d) => d.code === draft.delivery.type);
    if (!delivery) throw new Refused(400, `delivery.type: the store ${draft.storeCode} has no delivery ${draft.delivery.type}`);
    const total = cents(items.reduce((sum, i) => sum + i.price * i.quantity, 0) + delivery.cost);
    const payments = draft.paymentType === undefined ? [] : [this.payment(draft.storeCode, draft.paymentType, total)];
    const status = this.catalogue.statuses.find((s) => !s.final);
    if (!status) throw new Error('the catalogue has no status that is not final');
    const order: Order = {
      id: this.nextId(),
      number: `${++this.lastOrderNumber}A`,
      url: null,
      storeCode: draft.storeCode,
      customerId: draft.customerId,
      status,
      method: draft.method,
      type: draft.type,
      items,
      delivery: { type: delivery.code, name: delivery.name, cost: delivery.cost, address: draft.delivery.address, date: draft.delivery.date },
      payments,
      currency: [...currencies][0]!,
      total,
      ...paymentState(total, payments),
      conversationId: draft.conversationId,
      createdAt: this.now(),
    };
    this.orders.set(order.id, order);
    return order;
  }

  private orderItem(item: { offerId: string; quantity: number }, storeCode: string, at: string): Order['items'][number] {
    const found = this.offers.get(item.offerId);
    if (!found || found.storeCode !== storeCode) throw new Refused(400, `${at}.offerId: the store ${storeCode} has no offer ${item.offerId}`);
    return { offerId: found.offer.id, name: found.offer.name, price: found.offer.price, quantity: item.quantity };
  }

  private payment(storeCode: string, code: string, amount: number): Payment {
    const type = this.paymentTypes(storeCode).find((p) => p.code === code);
    if (!type) throw new Refused(400, `paymentType: the store ${storeCode} has no payment type ${code}`);
    return { type: type.code, name: type.name, amount, paid: false };
  }

  /** One link per order (asking again gives the same); CONFLICT when nothing is due by an online payment. */
  paymentLink(orderId: string): string {
    const order = this.order(orderId);
    if (order.status.final) throw new Refused(409, `order ${order.number} is ${order.status.name}: nothing to pay`);
    const online = new Set(this.paymentTypes(order.storeCode).filter((p) => p.online).map((p) => p.code));
    const due = order.payments.some((p) => !p.paid && p.amount > 0 && online.has(p.type));
    if (!due) throw new Refused(409, `order ${order.number} has nothing due online`);
    let link = this.paymentLinks.get(order.id);
    if (!link) {
      link = `https://pay.example.com/${encodeURIComponent(order.id)}/${randomBytes(16).toString('base64url')}`;
      this.paymentLinks.set(order.id, link);
    }
    return link;
  }

  /* Tasks */

  private task(id: string): Task {
    const task = this.tasks.get(id);
    if (!task) throw new Refused(404, `no task ${id}`);
    return task;
  }

  /** The customer's open tasks and those completed in the last day (a filter: none for a customer the CRM does not have). */
  listTasks(q: { customerId: string; performerId?: string }): Task[] {
    const since = this.now() - DAY_MS;
    const tasks = [...this.tasks.values()].filter(
      (t) => t.customerId === q.customerId && (q.performerId === undefined || t.performerId === q.performerId) && (t.completedAt === null || t.completedAt >= since),
    );
    return tasks.sort(taskOrder);
  }

  createTask(draft: TaskDraft): Task {
    if (!this.catalogue.users.some((u) => u.id === draft.performerId)) throw new Refused(400, `performerId: no user ${draft.performerId}`);
    if (draft.customerId !== null) this.customer(draft.customerId);
    if (draft.orderId !== null) this.order(draft.orderId);
    const task: Task = { id: this.nextId(), ...draft, text: draft.text.trim(), completedAt: null, createdAt: this.now() };
    this.tasks.set(task.id, task);
    return task;
  }

  /** Completing a completed task changes nothing: it keeps the first time. */
  completeTask(id: string, at: number): Task {
    const task = this.task(id);
    task.completedAt ??= at;
    return task;
  }
}

/** 0: no match. A query of phone characters with 3+ digits is a phone; otherwise every word must be in a name part or the email. */
function customerScore(c: Customer, query: string): number {
  const phone = phoneQuery(query);
  if (phone) return c.phones.some((p) => phoneForms(p).some((form) => phone.some((d) => form.includes(d)))) ? 1 : 0;
  const words = fold(query).split(/\s+/).filter(Boolean);
  const fields = [c.firstName, c.lastName, c.patronymic, c.email].map(fold);
  let score = 0;
  for (const word of words) {
    const best = Math.max(...fields.map((f) => (f === word ? 3 : f.startsWith(word) ? 2 : f.includes(word) ? 1 : 0)));
    if (best === 0) return 0;
    score += best;
  }
  return score;
}

/*
 * Russian numbers are typed +7 916 …, 8 916 … or 916 …: a stored number is matched as typed and
 * without its 7/8, and so is a query that clearly has one (a leading +7, or all eleven digits).
 */
const RU_FULL = /^[78]\d{10}$/;

function phoneForms(phone: string): string[] {
  const d = digits(phone);
  return RU_FULL.test(d) ? [d, d.slice(1)] : [d];
}

/** The digits to look for, or null when the query is not a phone number. */
function phoneQuery(query: string): string[] | null {
  const q = query.trim();
  if (!/^[+\d\s().-]+$/.test(q)) return null;
  const d = digits(q);
  if (d.length < 3) return null;
  return q.startsWith('+7') || RU_FULL.test(d) ? [d, d.slice(1)] : [d];
}

/** The product with the offers that pass the filters, or null when none does. */
function matchProduct(p: Product, q: ProductQuery): Product | null {
  if (q.query && !fold(p.name).includes(fold(q.query.trim()))) return null;
  if (q.category !== undefined && p.category !== q.category) return null;
  const offers = p.offers.filter(
    (o) =>
      (q.priceMin === undefined || o.price >= q.priceMin) &&
      (q.priceMax === undefined || o.price <= q.priceMax) &&
      // An offer whose stock is not counted (null) may be in stock: it is not hidden.
      (!q.inStock || o.stock === null || o.stock > 0),
  );
  return offers.length ? { ...p, offers } : null;
}

const lowestPrice = (p: Product) => Math.min(...p.offers.map((o) => o.price));

function sortProducts(products: Product[], q: ProductQuery): void {
  const sign = q.order === 'desc' ? -1 : 1;
  products.sort((a, b) => sign * (q.sort === 'price' ? lowestPrice(a) - lowestPrice(b) || byName(a.name, b.name) : byName(a.name, b.name)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The cursor: where the next page starts, and a fingerprint of the search it belongs to, so a
 * cursor used with other filters is refused instead of skipping or repeating products.
 */
function fingerprint(q: ProductQuery): string {
  const { cursor: _cursor, limit: _limit, ...search } = q;
  return createHash('sha256').update(JSON.stringify(search)).digest('base64url').slice(0, 16);
}

function makeCursor(offset: number, q: ProductQuery): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint(q) })).toString('base64url');
}

function readCursor(cursor: string, q: ProductQuery): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new Refused(400, 'cursor: not a cursor this server gave');
  }
  const { o, f } = (parsed ?? {}) as { o?: unknown; f?: unknown };
  if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0 || typeof f !== 'string') throw new Refused(400, 'cursor: not a cursor this server gave');
  if (f !== fingerprint(q)) throw new Refused(400, 'cursor: it belongs to another search (the store, query, filters or sort changed)');
  return o;
}

function paymentState(total: number, payments: Payment[]): Pick<Order, 'paid' | 'paymentStatus'> {
  const paid = cents(payments.filter((p) => p.paid).reduce((sum, p) => sum + p.amount, 0));
  return { paid, paymentStatus: paid <= 0 ? 'unpaid' : paid >= total ? 'paid' : 'partial' };
}

/** By deadline, those without one last; a completed task keeps its place (the widget strikes it through). */
function taskOrder(a: Task, b: Task): number {
  const deadline = (t: Task) => t.deadline ?? Number.POSITIVE_INFINITY;
  return deadline(a) - deadline(b) || a.createdAt - b.createdAt || Number(a.id) - Number(b.id);
}
