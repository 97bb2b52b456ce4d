import { randomBytes } from 'node:crypto';
import type {
  CrmCustomer,
  CrmOrder,
  CrmProduct,
  CrmStore,
  CrmTask,
  CrmUser,
  CustomerDraft,
  CustomerPatch,
  DeliveryType,
  OrderDraft,
  OrderStatus,
  PaymentType,
  ProductPage,
  ProductQuery,
  TaskDraft,
} from '@chatdesk/protocol';
import { CrmError, type CrmAdapter } from '../../ports/crm.js';
import type { PortableSql } from '../../ports/storage.js';
import { foldForSearch, phoneDigits } from '../../ports/search-folding.js';
import type { Catalogue } from './catalogue.js';

/**
 * Runs `fn` as one transaction on the chat's database, in turn with the chat's own actions (the
 * unit of work's): the built-in CRM's tables live beside the chat's.
 */
export type CrmRunner = <T>(fn: (sql: PortableSql) => Promise<T>) => Promise<T>;

export interface BuiltinCrmOptions {
  now: () => number;
  /** Called once a change of the stores is committed (the settings check the mapping against them). */
  onStores?: () => Promise<void>;
  /** Where payment links point (a payment page of the deployment); the demo's is a placeholder host. */
  paymentBase?: string;
}

/** Money is kept in kopecks: no float sums. */
const toMinor = (n: number): number => Math.round(n * 100);
const toMajor = (n: number): number => n / 100;

/** The customer record as stored. */
interface CustomerRecord {
  id: number;
  first_name: string;
  last_name: string;
  patronymic: string;
  phones: string;
  email: string;
  address: string;
  tags: string;
  store_code: string | null;
  contacts: string;
  created_at: number;
}

const CUSTOMER_COLUMNS = 'id, first_name, last_name, patronymic, phones, email, address, tags, store_code, contacts, created_at';

/** How many customers a search walks at most before ranking: enough for a hint list. */
const SEARCH_WINDOW = 200;


/** `%`, `_` and `\` in a LIKE pattern taken literally. */
const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The CRM adapter on the chat's own database: customers, the catalogue, orders and tasks in the
 * `crm_*` tables (SQLite migration 017, PostgreSQL 008), written once in the SQL both read alike.
 * It is the default CRM of a deployment without one of its own, and the demo's.
 */
export class BuiltinCrm implements CrmAdapter {
  constructor(
    private readonly run: CrmRunner,
    private readonly options: BuiltinCrmOptions,
  ) {}

  // ---- the catalogue ------------------------------------------------------------------------

  /** Loads stores, products, delivery and payment types and statuses; what is there is replaced, customers and orders stay. */
  async importCatalogue(c: Catalogue): Promise<void> {
    await this.run(async (sql) => {
      for (const table of ['crm_offers', 'crm_products', 'crm_delivery_types', 'crm_payment_types', 'crm_stores']) await sql.run(`DELETE FROM ${table}`, []);
      for (const [i, s] of c.stores.entries()) await sql.run('INSERT INTO crm_stores (code, name, position) VALUES ($1, $2, $3)', [s.code, s.name, i]);
      for (const [i, p] of c.products.entries()) {
        const prices = p.offers.map((o) => toMinor(o.price));
        const inStock = p.offers.some((o) => o.stock === null || o.stock > 0);
        await sql.run(
          'INSERT INTO crm_products (id, store_code, name, category, image, url, search, sort_name, min_price, in_stock, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)',
          [p.id, p.storeCode, p.name, p.category, p.image, p.url, foldForSearch(`${p.name} ${p.offers.map((o) => o.article).join(' ')}`), foldForSearch(p.name), Math.min(...prices), inStock ? 1 : 0, i],
        );
        for (const [j, o] of p.offers.entries()) {
          await sql.run('INSERT INTO crm_offers (id, product_id, name, article, price, currency, stock, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
            o.id,
            p.id,
            o.name,
            o.article,
            toMinor(o.price),
            o.currency,
            o.stock,
            j,
          ]);
        }
      }
      for (const [store, types] of Object.entries(c.deliveryTypes)) {
        for (const [i, d] of types.entries()) {
          await sql.run('INSERT INTO crm_delivery_types (store_code, code, name, cost, position) VALUES ($1, $2, $3, $4, $5)', [store, d.code, d.name, toMinor(d.cost), i]);
        }
      }
      for (const [store, types] of Object.entries(c.paymentTypes)) {
        for (const [i, t] of types.entries()) {
          await sql.run('INSERT INTO crm_payment_types (store_code, code, name, online, position) VALUES ($1, $2, $3, $4, $5)', [store, t.code, t.name, t.online ? 1 : 0, i]);
        }
      }
      // Statuses are named by orders: kept, renamed, added — never dropped.
      for (const [i, s] of c.statuses.entries()) {
        const changed = await sql.run('UPDATE crm_order_statuses SET name = $2, final = $3, position = $4 WHERE code = $1', [s.code, s.name, s.final ? 1 : 0, i]);
        if (changed === 0) await sql.run('INSERT INTO crm_order_statuses (code, name, final, position) VALUES ($1, $2, $3, $4)', [s.code, s.name, s.final ? 1 : 0, i]);
      }
    });
    await this.options.onStores?.();
  }

  /** The deployment's stores (`--stores`): added or renamed; products of a store not named stay. */
  async setStores(stores: readonly CrmStore[]): Promise<void> {
    await this.run(async (sql) => {
      for (const [i, s] of stores.entries()) {
        const changed = await sql.run('UPDATE crm_stores SET name = $2, position = $3 WHERE code = $1', [s.code, s.name, i]);
        if (changed === 0) await sql.run('INSERT INTO crm_stores (code, name, position) VALUES ($1, $2, $3)', [s.code, s.name, i]);
      }
    });
    await this.options.onStores?.();
  }

  /** Whether any store is known (the demo loads its catalogue once). */
  hasCatalogue(): Promise<boolean> {
    return this.run(async (sql) => (await sql.one<{ n: number }>('SELECT count(*) AS n FROM crm_stores', []))!.n > 0);
  }

  stores(): Promise<CrmStore[]> {
    return this.run((sql) => sql.all<CrmStore>('SELECT code, name FROM crm_stores ORDER BY position, code', []));
  }

  users(): Promise<CrmUser[]> {
    // The built-in CRM's people are the chat's users.
    return this.run((sql) => sql.all<CrmUser>('SELECT id, name FROM users ORDER BY name, id', []));
  }

  // ---- customers ----------------------------------------------------------------------------

  readonly customers = {
    get: (id: string): Promise<CrmCustomer | null> => this.run((sql) => this.#customer(sql, id)),

    search: (query: string, limit: number): Promise<CrmCustomer[]> =>
      this.run(async (sql) => {
        const words = foldForSearch(query).split(/\s+/).filter((w) => w.length > 0);
        const digits = phoneDigits(query);
        if (words.length === 0) return [];
        // Every word in the names or email; or the query's digits (5 or more) inside a phone.
        const conds = words.map((_, i) => `search LIKE $${i + 1} ESCAPE '\\'`).join(' AND ');
        const values: unknown[] = words.map((w) => `%${likeEscape(w)}%`);
        let where = `(${conds})`;
        if (digits.length >= 5) {
          // A full number matches by its last ten digits: «8 916 …» and «+7 916 …» are one phone.
          values.push(`%${digits.length >= 10 ? digits.slice(-10) : digits}%`);
          where = `(${where} OR phone_digits LIKE $${values.length})`;
        }
        values.push(Math.min(limit, SEARCH_WINDOW));
        const rows = await sql.all<CustomerRecord>(
          `SELECT ${CUSTOMER_COLUMNS} FROM crm_customers WHERE merged_into IS NULL AND ${where} ORDER BY id DESC LIMIT $${values.length}`,
          values,
        );
        return rows.map(toCustomer);
      }),

    create: (draft: CustomerDraft): Promise<CrmCustomer> =>
      this.run(async (sql) => {
        if (draft.storeCode !== null) await requireStore(sql, draft.storeCode);
        const row = await sql.one<{ id: number }>(
          `INSERT INTO crm_customers (first_name, last_name, patronymic, phones, phone_digits, email, address, tags, store_code, contacts, search, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, '[]', $8, $9, $10, $11) RETURNING id`,
          [
            draft.firstName,
            draft.lastName,
            draft.patronymic,
            JSON.stringify(draft.phones),
            phonesKey(draft.phones),
            draft.email,
            draft.address,
            draft.storeCode,
            JSON.stringify(draft.contacts),
            searchOf(draft),
            this.options.now(),
          ],
        );
        return (await this.#customer(sql, String(row!.id)))!;
      }),

    update: (id: string, patch: CustomerPatch): Promise<CrmCustomer> =>
      this.run(async (sql) => {
        const current = await this.#customer(sql, id);
        if (!current) throw new CrmError('NOT_FOUND', `No customer ${id}.`);
        const next = { ...current, ...patch, tags: patch.tags ? [...new Set(patch.tags)] : current.tags };
        await this.#write(sql, next);
        return (await this.#customer(sql, id))!;
      }),

    merge: (survivorId: string, mergedId: string): Promise<CrmCustomer> =>
      this.run(async (sql) => {
        if (survivorId === mergedId) throw new CrmError('INVALID_PARAMS', 'A customer cannot be merged into themselves.');
        const survivor = await this.#customer(sql, survivorId);
        const merged = await this.#customer(sql, mergedId);
        if (!survivor || !merged) throw new CrmError('NOT_FOUND', `No customer ${survivor ? mergedId : survivorId}.`);
        // What the survivor lacks comes from the merged one; lists are joined.
        const next: CrmCustomer = {
          ...survivor,
          firstName: survivor.firstName || merged.firstName,
          lastName: survivor.lastName || merged.lastName,
          patronymic: survivor.patronymic || merged.patronymic,
          email: survivor.email || merged.email,
          address: survivor.address || merged.address,
          storeCode: survivor.storeCode ?? merged.storeCode,
          phones: unique([...survivor.phones, ...merged.phones], phoneDigits).slice(0, 5),
          tags: [...new Set([...survivor.tags, ...merged.tags])],
          contacts: unique([...survivor.contacts, ...merged.contacts], (c) => `${c.channel}\n${c.login}`).slice(0, 20),
        };
        await this.#write(sql, next);
        const to = Number(survivorId);
        await sql.run('UPDATE crm_orders SET customer_id = $1 WHERE customer_id = $2', [to, Number(mergedId)]);
        await sql.run('UPDATE crm_tasks SET customer_id = $1 WHERE customer_id = $2', [to, Number(mergedId)]);
        await sql.run('UPDATE crm_customers SET merged_into = $1 WHERE id = $2', [to, Number(mergedId)]);
        return (await this.#customer(sql, survivorId))!;
      }),
  };

  async #customer(sql: PortableSql, id: string): Promise<CrmCustomer | null> {
    if (!/^\d{1,15}$/.test(id)) return null;
    const row = await sql.one<CustomerRecord>(`SELECT ${CUSTOMER_COLUMNS} FROM crm_customers WHERE id = $1 AND merged_into IS NULL`, [Number(id)]);
    return row ? toCustomer(row) : null;
  }

  async #write(sql: PortableSql, c: CrmCustomer): Promise<void> {
    await sql.run(
      `UPDATE crm_customers SET first_name = $2, last_name = $3, patronymic = $4, phones = $5, phone_digits = $6, email = $7, address = $8,
       tags = $9, store_code = $10, contacts = $11, search = $12 WHERE id = $1`,
      [
        Number(c.id),
        c.firstName,
        c.lastName,
        c.patronymic,
        JSON.stringify(c.phones),
        phonesKey(c.phones),
        c.email,
        c.address,
        JSON.stringify(c.tags),
        c.storeCode,
        JSON.stringify(c.contacts),
        searchOf(c),
      ],
    );
  }

  // ---- products -----------------------------------------------------------------------------

  readonly products = {
    search: (q: ProductQuery): Promise<ProductPage> =>
      this.run(async (sql) => {
        const values: unknown[] = [q.storeCode];
        const conds = ['p.store_code = $1'];
        for (const word of foldForSearch(q.query).split(/\s+/).filter((w) => w.length > 0)) {
          values.push(`%${likeEscape(word)}%`);
          conds.push(`p.search LIKE $${values.length} ESCAPE '\\'`);
        }
        if (q.category !== undefined) {
          values.push(q.category);
          conds.push(`p.category = $${values.length}`);
        }
        // A price range keeps products with an offer inside it.
        if (q.priceMin !== undefined || q.priceMax !== undefined) {
          const range: string[] = [];
          if (q.priceMin !== undefined) {
            values.push(toMinor(q.priceMin));
            range.push(`o.price >= $${values.length}`);
          }
          if (q.priceMax !== undefined) {
            values.push(toMinor(q.priceMax));
            range.push(`o.price <= $${values.length}`);
          }
          conds.push(`EXISTS (SELECT 1 FROM crm_offers o WHERE o.product_id = p.id AND ${range.join(' AND ')})`);
        }
        if (q.inStock) conds.push('p.in_stock = 1');
        const dir = q.order === 'desc' ? 'DESC' : 'ASC';
        const order = q.sort === 'price' ? `p.min_price ${dir}, p.sort_name ${dir}, p.id` : `p.sort_name ${dir}, p.id`;
        const offset = decodeOffset(q.cursor);
        values.push(q.limit + 1, offset);
        const rows = await sql.all<ProductRecord>(
          `SELECT p.id, p.store_code, p.name, p.category, p.image, p.url FROM crm_products p WHERE ${conds.join(' AND ')}
           ORDER BY ${order} LIMIT $${values.length - 1} OFFSET $${values.length}`,
          values,
        );
        const page = rows.slice(0, q.limit);
        const offers = await this.#offersOf(sql, page.map((p) => p.id));
        const categories = await sql.all<{ category: string }>('SELECT DISTINCT category FROM crm_products WHERE store_code = $1 ORDER BY category', [q.storeCode]);
        return {
          products: page.map((p): CrmProduct => ({ id: p.id, name: p.name, category: p.category, image: p.image, url: p.url, offers: offers.get(p.id) ?? [] })),
          categories: categories.map((c) => c.category),
          nextCursor: rows.length > q.limit ? encodeOffset(offset + q.limit) : null,
        };
      }),
    ofOffer: (storeCode: string, offerId: string): Promise<CrmProduct | null> => this.run((sql) => this.#productOfOffer(sql, storeCode, offerId)),
  };

  async #productOfOffer(sql: PortableSql, storeCode: string, offerId: string): Promise<CrmProduct | null> {
    const [p] = await sql.all<ProductRecord>(
      `SELECT p.id, p.store_code, p.name, p.category, p.image, p.url FROM crm_offers o JOIN crm_products p ON p.id = o.product_id
       WHERE o.id = $1 AND p.store_code = $2`,
      [offerId, storeCode],
    );
    if (!p) return null;
    const offers = await this.#offersOf(sql, [p.id]);
    return { id: p.id, name: p.name, category: p.category, image: p.image, url: p.url, offers: offers.get(p.id) ?? [] };
  }

  async #offersOf(sql: PortableSql, productIds: readonly string[]): Promise<Map<string, CrmProduct['offers']>> {
    const byProduct = new Map<string, CrmProduct['offers']>();
    if (productIds.length === 0) return byProduct;
    const marks = productIds.map((_, i) => `$${i + 1}`).join(', ');
    const rows = await sql.all<OfferRecord>(`SELECT id, product_id, name, article, price, currency, stock FROM crm_offers WHERE product_id IN (${marks}) ORDER BY product_id, position`, productIds);
    for (const o of rows) {
      const list = byProduct.get(o.product_id) ?? [];
      list.push({ id: o.id, productId: o.product_id, name: o.name, article: o.article, price: toMajor(o.price), currency: o.currency, stock: o.stock });
      byProduct.set(o.product_id, list);
    }
    return byProduct;
  }

  // ---- orders -------------------------------------------------------------------------------

  readonly orders = {
    get: (id: string): Promise<CrmOrder | null> => this.run((sql) => this.#order(sql, id)),

    current: (customerId: string): Promise<CrmOrder | null> =>
      this.run(async (sql) => {
        if (!/^\d{1,15}$/.test(customerId)) return null;
        const row = await sql.one<{ id: number }>(
          `SELECT o.id FROM crm_orders o JOIN crm_order_statuses s ON s.code = o.status_code
           WHERE o.customer_id = $1 AND s.final = 0 ORDER BY o.id DESC LIMIT 1`,
          [Number(customerId)],
        );
        return row ? this.#order(sql, String(row.id)) : null;
      }),

    ofConversations: (conversationIds: readonly number[]): Promise<CrmOrder[]> =>
      this.run(async (sql) => {
        if (conversationIds.length === 0) return [];
        const marks = conversationIds.map((_, i) => `$${i + 1}`).join(', ');
        const rows = await sql.all<{ id: number }>(`SELECT id FROM crm_orders WHERE conversation_id IN (${marks}) ORDER BY id DESC`, conversationIds);
        const out: CrmOrder[] = [];
        for (const r of rows) out.push((await this.#order(sql, String(r.id)))!);
        return out;
      }),

    create: (draft: OrderDraft): Promise<CrmOrder> =>
      this.run(async (sql) => {
        await requireStore(sql, draft.storeCode);
        if (!(await this.#customer(sql, draft.customerId))) throw new CrmError('NOT_FOUND', `No customer ${draft.customerId}.`);
        const delivery = await sql.one<{ name: string; cost: number }>('SELECT name, cost FROM crm_delivery_types WHERE store_code = $1 AND code = $2', [draft.storeCode, draft.delivery.type]);
        if (!delivery) throw new CrmError('INVALID_PARAMS', `The store ${draft.storeCode} has no delivery type ${draft.delivery.type}.`);
        const payment = draft.paymentType === undefined ? undefined : await sql.one<{ name: string }>('SELECT name FROM crm_payment_types WHERE store_code = $1 AND code = $2', [draft.storeCode, draft.paymentType]);
        if (draft.paymentType !== undefined && !payment) throw new CrmError('INVALID_PARAMS', `The store ${draft.storeCode} has no payment type ${draft.paymentType}.`);
        const items: { offer: OfferRecord; quantity: number }[] = [];
        for (const item of draft.items) {
          const offer = await sql.one<OfferRecord>(
            'SELECT o.id, o.product_id, o.name, o.article, o.price, o.currency, o.stock FROM crm_offers o JOIN crm_products p ON p.id = o.product_id WHERE o.id = $1 AND p.store_code = $2',
            [item.offerId, draft.storeCode],
          );
          if (!offer) throw new CrmError('INVALID_PARAMS', `The store ${draft.storeCode} has no offer ${item.offerId}.`);
          items.push({ offer, quantity: item.quantity });
        }
        const currency = items[0]!.offer.currency;
        const status = await sql.one<{ code: string }>('SELECT code FROM crm_order_statuses WHERE final = 0 ORDER BY position LIMIT 1', []);
        if (!status) throw new CrmError('UNAVAILABLE', 'The CRM has no order statuses.');
        const row = await sql.one<{ id: number }>(
          `INSERT INTO crm_orders (store_code, customer_id, status_code, method, type, delivery_type, delivery_name, delivery_cost, delivery_address, delivery_date, currency, conversation_id, pay_token, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
          [
            draft.storeCode,
            Number(draft.customerId),
            status.code,
            draft.method,
            draft.type,
            draft.delivery.type,
            delivery.name,
            delivery.cost,
            draft.delivery.address,
            draft.delivery.date,
            currency,
            draft.conversationId,
            randomBytes(12).toString('base64url'),
            this.options.now(),
          ],
        );
        const id = row!.id;
        for (const [i, { offer, quantity }] of items.entries()) {
          await sql.run('INSERT INTO crm_order_items (order_id, position, offer_id, name, price, quantity) VALUES ($1, $2, $3, $4, $5, $6)', [id, i, offer.id, offer.name, offer.price, quantity]);
        }
        if (draft.paymentType !== undefined) {
          const total = items.reduce((sum, i) => sum + i.offer.price * i.quantity, 0) + delivery.cost;
          await sql.run('INSERT INTO crm_payments (order_id, position, type, name, amount, paid) VALUES ($1, 0, $2, $3, $4, 0)', [id, draft.paymentType, payment!.name, total]);
        }
        return (await this.#order(sql, String(id)))!;
      }),

    paymentLink: (orderId: string): Promise<{ url: string }> =>
      this.run(async (sql) => {
        const order = await this.#order(sql, orderId);
        if (!order) throw new CrmError('NOT_FOUND', `No order ${orderId}.`);
        const online = await sql.all<{ code: string }>('SELECT code FROM crm_payment_types WHERE store_code = $1 AND online = 1', [order.storeCode]);
        const due = order.payments.some((p) => !p.paid && online.some((t) => t.code === p.type));
        if (order.paymentStatus === 'paid' || !due) throw new CrmError('CONFLICT', 'Nothing of this order is due online.');
        const token = (await sql.one<{ pay_token: string }>('SELECT pay_token FROM crm_orders WHERE id = $1', [Number(orderId)]))!.pay_token;
        const base = (this.options.paymentBase ?? 'https://pay.example.com').replace(/\/$/, '');
        return { url: `${base}/${order.number}/${token}` };
      }),

    deliveryTypes: (storeCode: string): Promise<DeliveryType[]> =>
      this.run(async (sql) =>
        (await sql.all<{ code: string; name: string; cost: number }>('SELECT code, name, cost FROM crm_delivery_types WHERE store_code = $1 ORDER BY position', [storeCode])).map((d) => ({
          ...d,
          cost: toMajor(d.cost),
        })),
      ),

    paymentTypes: (storeCode: string): Promise<PaymentType[]> =>
      this.run(async (sql) =>
        (await sql.all<{ code: string; name: string; online: number }>('SELECT code, name, online FROM crm_payment_types WHERE store_code = $1 ORDER BY position', [storeCode])).map((t) => ({
          ...t,
          online: t.online === 1,
        })),
      ),

    statuses: (): Promise<OrderStatus[]> =>
      this.run(async (sql) =>
        (await sql.all<{ code: string; name: string; final: number }>('SELECT code, name, final FROM crm_order_statuses ORDER BY position', [])).map((s) => ({ ...s, final: s.final === 1 })),
      ),
  };

  async #order(sql: PortableSql, id: string): Promise<CrmOrder | null> {
    if (!/^\d{1,15}$/.test(id)) return null;
    const o = await sql.one<OrderRecord>(
      `SELECT o.id, o.store_code, o.customer_id, o.method, o.type, o.delivery_type, o.delivery_name, o.delivery_cost, o.delivery_address, o.delivery_date,
              o.currency, o.conversation_id, o.created_at, s.code AS status_code, s.name AS status_name, s.final AS status_final
       FROM crm_orders o JOIN crm_order_statuses s ON s.code = o.status_code WHERE o.id = $1`,
      [Number(id)],
    );
    if (!o) return null;
    const items = await sql.all<{ offer_id: string; name: string; price: number; quantity: number }>(
      'SELECT offer_id, name, price, quantity FROM crm_order_items WHERE order_id = $1 ORDER BY position',
      [o.id],
    );
    const payments = await sql.all<{ type: string; name: string; amount: number; paid: number }>('SELECT type, name, amount, paid FROM crm_payments WHERE order_id = $1 ORDER BY position', [o.id]);
    const total = items.reduce((sum, i) => sum + i.price * i.quantity, 0) + o.delivery_cost;
    const paid = payments.filter((p) => p.paid === 1).reduce((sum, p) => sum + p.amount, 0);
    return {
      id: String(o.id),
      number: orderNumber(o.id),
      url: null,
      storeCode: o.store_code,
      customerId: String(o.customer_id),
      status: { code: o.status_code, name: o.status_name, final: o.status_final === 1 },
      method: o.method,
      type: o.type,
      items: items.map((i) => ({ offerId: i.offer_id, name: i.name, price: toMajor(i.price), quantity: i.quantity })),
      delivery: { type: o.delivery_type, name: o.delivery_name, cost: toMajor(o.delivery_cost), address: o.delivery_address, date: o.delivery_date },
      payments: payments.map((p) => ({ type: p.type, name: p.name, amount: toMajor(p.amount), paid: p.paid === 1 })),
      currency: o.currency,
      total: toMajor(total),
      paid: toMajor(paid),
      paymentStatus: paid <= 0 ? 'unpaid' : paid >= total ? 'paid' : 'partial',
      conversationId: o.conversation_id,
      createdAt: o.created_at,
    };
  }

  // ---- tasks --------------------------------------------------------------------------------

  readonly tasks = {
    list: (q: { customerId: string; performerId?: string }): Promise<CrmTask[]> =>
      this.run(async (sql) => {
        if (!/^\d{1,15}$/.test(q.customerId)) return [];
        // Open ones, and those completed within a day: a widget shows them struck through.
        const values: unknown[] = [Number(q.customerId), this.options.now() - DAY];
        let mine = '';
        if (q.performerId !== undefined) {
          values.push(q.performerId);
          mine = ` AND performer_id = $${values.length}`;
        }
        const rows = await sql.all<TaskRecord>(
          `SELECT ${TASK_COLUMNS} FROM crm_tasks WHERE customer_id = $1 AND (completed_at IS NULL OR completed_at >= $2)${mine} ORDER BY deadline IS NULL, deadline, id`,
          values,
        );
        return rows.map(toTask);
      }),

    create: (draft: TaskDraft): Promise<CrmTask> =>
      this.run(async (sql) => {
        if (draft.customerId !== null && !(await this.#customer(sql, draft.customerId))) throw new CrmError('NOT_FOUND', `No customer ${draft.customerId}.`);
        if (draft.orderId !== null && !(await this.#order(sql, draft.orderId))) throw new CrmError('NOT_FOUND', `No order ${draft.orderId}.`);
        const row = await sql.one<{ id: number }>(
          'INSERT INTO crm_tasks (text, deadline, performer_id, customer_id, order_id, completed_at, created_at) VALUES ($1, $2, $3, $4, $5, NULL, $6) RETURNING id',
          [draft.text.trim(), draft.deadline, draft.performerId, draft.customerId === null ? null : Number(draft.customerId), draft.orderId === null ? null : Number(draft.orderId), this.options.now()],
        );
        return toTask((await sql.one<TaskRecord>(`SELECT ${TASK_COLUMNS} FROM crm_tasks WHERE id = $1`, [row!.id]))!);
      }),

    complete: (id: string, at: number): Promise<CrmTask> =>
      this.run(async (sql) => {
        if (!/^\d{1,15}$/.test(id)) throw new CrmError('NOT_FOUND', `No task ${id}.`);
        // Completing twice keeps the first time.
        await sql.run('UPDATE crm_tasks SET completed_at = $2 WHERE id = $1 AND completed_at IS NULL', [Number(id), at]);
        const row = await sql.one<TaskRecord>(`SELECT ${TASK_COLUMNS} FROM crm_tasks WHERE id = $1`, [Number(id)]);
        if (!row) throw new CrmError('NOT_FOUND', `No task ${id}.`);
        return toTask(row);
      }),
  };

  async close(): Promise<void> {}
}

const DAY = 24 * 3_600_000;

interface ProductRecord {
  id: string;
  store_code: string;
  name: string;
  category: string;
  image: string | null;
  url: string | null;
}

interface OfferRecord {
  id: string;
  product_id: string;
  name: string;
  article: string;
  price: number;
  currency: string;
  stock: number | null;
}

interface OrderRecord {
  id: number;
  store_code: string;
  customer_id: number;
  method: string;
  type: string;
  delivery_type: string;
  delivery_name: string;
  delivery_cost: number;
  delivery_address: string;
  delivery_date: string | null;
  currency: string;
  conversation_id: number | null;
  created_at: number;
  status_code: string;
  status_name: string;
  status_final: number;
}

interface TaskRecord {
  id: number;
  text: string;
  deadline: number | null;
  performer_id: string;
  customer_id: number | null;
  order_id: number | null;
  completed_at: number | null;
  created_at: number;
}

const TASK_COLUMNS = 'id, text, deadline, performer_id, customer_id, order_id, completed_at, created_at';

function toTask(r: TaskRecord): CrmTask {
  return {
    id: String(r.id),
    text: r.text,
    deadline: r.deadline,
    performerId: r.performer_id,
    customerId: r.customer_id === null ? null : String(r.customer_id),
    orderId: r.order_id === null ? null : String(r.order_id),
    completedAt: r.completed_at,
    createdAt: r.created_at,
  };
}

function toCustomer(r: CustomerRecord): CrmCustomer {
  return {
    id: String(r.id),
    firstName: r.first_name,
    lastName: r.last_name,
    patronymic: r.patronymic,
    phones: JSON.parse(r.phones) as string[],
    email: r.email,
    address: r.address,
    tags: JSON.parse(r.tags) as CrmCustomer['tags'],
    storeCode: r.store_code,
    contacts: JSON.parse(r.contacts) as CrmCustomer['contacts'],
    url: null,
    createdAt: r.created_at,
  };
}

/** The folded text a customer is found by: names and email. */
function searchOf(c: Pick<CrmCustomer, 'firstName' | 'lastName' | 'patronymic' | 'email'>): string {
  return foldForSearch([c.lastName, c.firstName, c.patronymic, c.email].filter(Boolean).join(' '));
}

/** The `phone_digits` column: each phone's digits, space-separated ("+7 (916) 123-45-67" = "79161234567"). */
function phonesKey(phones: readonly string[]): string {
  return phones.length === 0 ? '' : ` ${phones.map(phoneDigits).join(' ')} `;
}

function unique<T>(list: readonly T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return list.filter((t) => !seen.has(key(t)) && (seen.add(key(t)), true));
}

async function requireStore(sql: PortableSql, code: string): Promise<void> {
  if (!(await sql.one('SELECT code FROM crm_stores WHERE code = $1', [code]))) throw new CrmError('INVALID_PARAMS', `No store ${code}.`);
}

/** Order numbers as a CRM shows them: 1001A for the first. */
function orderNumber(id: number): string {
  return `${1000 + id}A`;
}

function encodeOffset(n: number): string {
  return Buffer.from(`o${n}`).toString('base64url');
}

function decodeOffset(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const m = /^o(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new CrmError('INVALID_PARAMS', 'The cursor is not one this CRM issued.');
  return Number(m[1]);
}
