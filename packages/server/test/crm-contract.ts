// The CRM adapter port's contract: one suite every adapter passes (the built-in one on SQLite and
// PostgreSQL, the HTTP one against the reference CRM server). `open` gives a fresh adapter loaded
// with the demo catalogue (demo/crm-catalogue.json) and no customers, orders or tasks yet. Every
// answer is checked against the protocol's schemas, so the widgets meet one shape whatever the CRM.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import * as v from 'valibot';
import {
  CrmCustomer,
  CrmOrder,
  CrmStore,
  CrmTask,
  CrmUser,
  CustomerDraft,
  DeliveryType,
  OrderDraft,
  OrderStatus,
  PaymentType,
  ProductPage,
  ProductQuery,
  TaskDraft,
  CrmProduct,
} from '@chatdesk/protocol';
import type { CrmAdapter } from '../src/ports/crm.js';
import { readCatalogue } from '../src/adapters/crm/catalogue.js';

const catalogue = readCatalogue();
const HOUR = 3_600_000;

const valid = <S extends v.GenericSchema>(schema: S, value: unknown): v.InferOutput<S> => {
  const parsed = v.safeParse(schema, value);
  assert.ok(parsed.success, `answer breaks the schema: ${parsed.success ? '' : `${v.getDotPath(parsed.issues[0]) ?? ''} ${parsed.issues[0].message}`}`);
  return parsed.output;
};

const rejectsWith = (code: string) => (e: unknown) => (e as { code?: string }).code === code;

const customer = (crm: CrmAdapter, draft: v.InferInput<typeof CustomerDraft>) => crm.customers.create(v.parse(CustomerDraft, draft));
const products = async (crm: CrmAdapter, q: v.InferInput<typeof ProductQuery>) => valid(ProductPage, await crm.products.search(v.parse(ProductQuery, q)));
const names = (page: ProductPage) => page.products.map((p) => p.name);

export function crmContract(name: string, open: (t: TestContext) => Promise<CrmAdapter>): void {
  test(`${name}: S-SET-6, S-W-ORD: stores, order statuses, delivery and payment types and users as the CRM has them`, async (t) => {
    const crm = await open(t);
    assert.deepEqual(valid(v.array(CrmStore), await crm.stores()), catalogue.stores);
    assert.deepEqual(valid(v.array(OrderStatus), await crm.orders.statuses()), catalogue.statuses);
    for (const store of catalogue.stores) {
      assert.deepEqual(valid(v.array(DeliveryType), await crm.orders.deliveryTypes(store.code)), catalogue.deliveryTypes[store.code] ?? []);
      assert.deepEqual(valid(v.array(PaymentType), await crm.orders.paymentTypes(store.code)), catalogue.paymentTypes[store.code] ?? []);
    }
    assert.deepEqual(await crm.orders.deliveryTypes('no-such-store'), []);
    valid(v.array(CrmUser), await crm.users());
  });

  test(`${name}: S-W-CUST: a customer is created in the channel's store, found by name (any case, «ё» = «е»), phone digits and email, edited field by field`, async (t) => {
    const crm = await open(t);
    const made = valid(CrmCustomer, await customer(crm, { firstName: 'Пётр', lastName: 'Семёнов', phones: ['+7 (916) 123-45-67'], email: 'petr@example.com', storeCode: 'main', contacts: [{ channel: 'telegram', login: '@petr' }] }));
    assert.deepEqual([made.firstName, made.lastName, made.patronymic, made.address, made.tags, made.storeCode], ['Пётр', 'Семёнов', '', '', [], 'main']);
    assert.deepEqual(made.contacts, [{ channel: 'telegram', login: '@petr' }]);
    assert.deepEqual(await crm.customers.get(made.id), made);
    await customer(crm, { firstName: 'Анна', lastName: 'Иванова', phones: ['8 495 111 22 33'], storeCode: null });
    const ids = async (q: string) => (await crm.customers.search(q, 10)).map((c) => valid(CrmCustomer, c).id);
    assert.deepEqual(await ids('семенов'), [made.id], '«ё» = «е», any case');
    assert.deepEqual(await ids('ПЁТР СЕМЁНОВ'), [made.id]);
    assert.deepEqual(await ids('79161234567'), [made.id], 'a phone by its digits');
    assert.deepEqual(await ids('916 123 45'), [made.id], 'part of a phone, typed another way');
    assert.deepEqual(await ids('petr@example'), [made.id]);
    assert.deepEqual(await ids('Кузнецов'), []);

    const edited = valid(CrmCustomer, await crm.customers.update(made.id, { address: 'Москва, ул. Тверская, 1', tags: ['vip'] }));
    assert.deepEqual([edited.address, edited.tags, edited.firstName, edited.phones], ['Москва, ул. Тверская, 1', ['vip'], 'Пётр', ['+7 (916) 123-45-67']]);
    const renamed = await crm.customers.update(made.id, { lastName: 'Петров', tags: [] });
    assert.deepEqual([renamed.lastName, renamed.tags, renamed.address], ['Петров', [], 'Москва, ул. Тверская, 1']);
    assert.deepEqual(await ids('Петров'), [made.id], 'found by the new name');

    assert.equal(await crm.customers.get('999999'), null);
    await assert.rejects(crm.customers.update('999999', { firstName: 'X' }), rejectsWith('NOT_FOUND'));
    await assert.rejects(customer(crm, { firstName: 'X', storeCode: 'no-such-store' }), rejectsWith('INVALID_PARAMS'));
  });

  test(`${name}: S-W-CUST: merging two customers keeps the survivor, adds what it lacked, moves the orders and tasks; the merged one is gone`, async (t) => {
    const crm = await open(t);
    const survivor = await customer(crm, { firstName: 'Ирина', lastName: 'Орлова', phones: ['+79990001122'], storeCode: 'main' });
    const merged = await customer(crm, { firstName: 'Ира', lastName: 'Орлова', phones: ['+79990003344'], email: 'ira@example.com', address: 'Казань', storeCode: 'main' });
    await crm.customers.update(merged.id, { tags: ['bad'] });
    const order = await crm.orders.create(v.parse(OrderDraft, { customerId: merged.id, storeCode: 'main', method: 'messenger', type: 'retail', items: [{ offerId: 'p5-1', quantity: 1 }], delivery: { type: 'pickup' } }));
    const task = await crm.tasks.create(v.parse(TaskDraft, { text: 'Перезвонить', performerId: 'anna', customerId: merged.id }));

    const kept = valid(CrmCustomer, await crm.customers.merge(survivor.id, merged.id));
    assert.equal(kept.id, survivor.id);
    assert.deepEqual([kept.firstName, kept.email, kept.address, kept.tags], ['Ирина', 'ira@example.com', 'Казань', ['bad']]);
    assert.deepEqual(kept.phones, ['+79990001122', '+79990003344']);
    assert.equal(await crm.customers.get(merged.id), null);
    assert.deepEqual((await crm.customers.search('Орлова', 10)).map((c) => c.id), [survivor.id]);
    assert.equal((await crm.orders.current(survivor.id))?.id, order.id, 'the order moved');
    assert.deepEqual((await crm.tasks.list({ customerId: survivor.id })).map((x) => x.id), [task.id], 'the task moved');
    await assert.rejects(crm.customers.merge(survivor.id, survivor.id), rejectsWith('INVALID_PARAMS'));
    await assert.rejects(crm.customers.merge(survivor.id, merged.id), rejectsWith('NOT_FOUND'));
  });

  test(`${name}: S-W-PROD: the store's products by search, category, price range and stock, sorted by name or price, paged`, async (t) => {
    const crm = await open(t);
    const sneakers = await products(crm, { storeCode: 'main', query: 'КРОССОВКИ' });
    assert.ok(sneakers.products.length >= 3);
    assert.ok(names(sneakers).every((n) => n.toLowerCase().includes('кроссовки')));
    assert.ok(!names(sneakers).some((n) => n.includes('короб')), 'not the other store\'s');
    assert.deepEqual(names(sneakers), [...names(sneakers)].sort((a, b) => a.localeCompare(b, 'ru')), 'by name');
    assert.ok(sneakers.categories.includes('Кроссовки') && sneakers.categories.includes('Аксессуары'));

    const minPrice = (p: ProductPage['products'][number]) => Math.min(...p.offers.map((o) => o.price));
    const cheap = await products(crm, { storeCode: 'main', sort: 'price' });
    const prices = cheap.products.map(minPrice);
    assert.deepEqual(prices, [...prices].sort((a, b) => a - b));
    const dear = await products(crm, { storeCode: 'main', sort: 'price', order: 'desc' });
    assert.deepEqual(dear.products.map(minPrice), [...dear.products.map(minPrice)].sort((a, b) => b - a));

    const category = await products(crm, { storeCode: 'main', category: 'Кеды', limit: 100 });
    assert.deepEqual(new Set(category.products.map((p) => p.category)), new Set(['Кеды']));
    const ranged = await products(crm, { storeCode: 'main', priceMin: 5000, priceMax: 8000, limit: 100 });
    assert.ok(ranged.products.length > 0 && ranged.products.every((p) => p.offers.some((o) => o.price >= 5000 && o.price <= 8000)));
    const all = await products(crm, { storeCode: 'main', query: 'Kayano' });
    assert.equal(all.products.length, 1, 'found by a Latin word');
    const stocked = await products(crm, { storeCode: 'main', query: 'Kayano', inStock: true });
    assert.equal(stocked.products.length, 0, 'none of its offers is in stock');
    const offer = all.products[0]!.offers[0]!;
    assert.deepEqual([offer.productId, offer.currency, typeof offer.price], [all.products[0]!.id, 'RUB', 'number']);

    // Paging: every product of the store once.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await products(crm, { storeCode: 'main', limit: 5, ...(cursor ? { cursor } : {}) });
      assert.ok(page.products.length <= 5);
      seen.push(...page.products.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    assert.deepEqual(seen.sort(), catalogue.products.filter((p) => p.storeCode === 'main').map((p) => p.id).sort());
    await assert.rejects(crm.products.search(v.parse(ProductQuery, { storeCode: 'main', cursor: 'not-a-cursor' })), rejectsWith('INVALID_PARAMS'));
  });

  test(`${name}: S-W-PROD: the product of an offer in a store (what a product card is made from); an offer of another store or none is null`, async (t) => {
    const crm = await open(t);
    const product = valid(CrmProduct, await crm.products.ofOffer('main', 'p2-3'));
    const expected = catalogue.products.find((p) => p.id === 'p2')!;
    assert.deepEqual([product.id, product.name, product.offers.map((o) => o.id)], [expected.id, expected.name, expected.offers.map((o) => o.id)]);
    assert.equal(await crm.products.ofOffer('wholesale', 'p2-3'), null);
    assert.equal(await crm.products.ofOffer('main', 'no-such-offer'), null);
  });

  test(`${name}: S-W-ORD: an order placed from offers with a delivery: totals, the current order, the conversation it came from, a payment link when due online`, async (t) => {
    const crm = await open(t);
    const buyer = await customer(crm, { firstName: 'Олег', storeCode: 'main', address: 'Москва, Арбат, 10' });
    const placed = valid(
      CrmOrder,
      await crm.orders.create(
        v.parse(OrderDraft, {
          customerId: buyer.id,
          storeCode: 'main',
          method: 'messenger',
          type: 'retail',
          items: [
            { offerId: 'p1-1', quantity: 1 },
            { offerId: 'p17-1', quantity: 2 },
          ],
          delivery: { type: 'courier', address: 'Москва, Арбат, 10', date: '2026-12-10' },
          paymentType: 'card-online',
          conversationId: 42,
        }),
      ),
    );
    assert.deepEqual(
      placed.items.map((i) => [i.offerId, i.price, i.quantity]),
      [
        ['p1-1', 12990, 1],
        ['p17-1', 490, 2],
      ],
    );
    assert.deepEqual([placed.delivery.type, placed.delivery.cost, placed.delivery.address, placed.delivery.date], ['courier', 350, 'Москва, Арбат, 10', '2026-12-10']);
    assert.deepEqual([placed.total, placed.paid, placed.paymentStatus, placed.status.final, placed.customerId, placed.conversationId], [12990 + 980 + 350, 0, 'unpaid', false, buyer.id, 42]);
    assert.deepEqual([placed.method, placed.type, placed.storeCode, placed.currency], ['messenger', 'retail', 'main', 'RUB']);
    assert.ok(placed.number.length > 0);
    assert.deepEqual(placed.payments.map((p) => [p.type, p.amount, p.paid]), [['card-online', placed.total, false]]);
    assert.deepEqual(await crm.orders.get(placed.id), placed);
    assert.equal((await crm.orders.current(buyer.id))?.id, placed.id);
    assert.deepEqual((await crm.orders.ofConversations([42, 43])).map((o) => o.id), [placed.id]);
    assert.deepEqual(await crm.orders.ofConversations([43]), []);
    const link = await crm.orders.paymentLink(placed.id);
    assert.match(link.url, /^https:\/\//);

    // Cash: nothing is due online.
    const cash = await crm.orders.create(
      v.parse(OrderDraft, { customerId: buyer.id, storeCode: 'main', method: 'messenger', type: 'retail', items: [{ offerId: 'p21-1', quantity: 1 }], delivery: { type: 'pickup' }, paymentType: 'cash' }),
    );
    await assert.rejects(crm.orders.paymentLink(cash.id), rejectsWith('CONFLICT'));
    assert.equal((await crm.orders.current(buyer.id))?.id, cash.id, 'the newest not-final order');

    const draft = (over: object) => v.parse(OrderDraft, { customerId: buyer.id, storeCode: 'main', method: 'm', type: 't', items: [{ offerId: 'p1-1', quantity: 1 }], delivery: { type: 'courier' }, ...over });
    await assert.rejects(crm.orders.create(draft({ items: [{ offerId: 'no-such-offer', quantity: 1 }] })), rejectsWith('INVALID_PARAMS'));
    await assert.rejects(crm.orders.create(draft({ items: [{ offerId: 'w1-1', quantity: 1 }] })), rejectsWith('INVALID_PARAMS'), 'another store\'s offer');
    await assert.rejects(crm.orders.create(draft({ delivery: { type: 'teleport' } })), rejectsWith('INVALID_PARAMS'));
    await assert.rejects(crm.orders.create(draft({ customerId: '999999' })), rejectsWith('NOT_FOUND'));
    assert.equal(await crm.orders.get('999999'), null);
    assert.equal(await crm.orders.current('999999'), null);
    await assert.rejects(crm.orders.paymentLink('999999'), rejectsWith('NOT_FOUND'));
  });

  test(`${name}: S-W-TASK: a customer's tasks, all and mine; completing one keeps it listed (struck through) with its time`, async (t) => {
    const crm = await open(t);
    const who = await customer(crm, { firstName: 'Мария', storeCode: 'main' });
    const other = await customer(crm, { firstName: 'Глеб', storeCode: 'main' });
    const tomorrow = Date.now() + 24 * HOUR;
    const call = valid(CrmTask, await crm.tasks.create(v.parse(TaskDraft, { text: '  Перезвонить про размер  ', deadline: tomorrow, performerId: 'anna', customerId: who.id })));
    assert.deepEqual([call.text, call.deadline, call.performerId, call.customerId, call.orderId, call.completedAt], ['Перезвонить про размер', tomorrow, 'anna', who.id, null, null]);
    const later = await crm.tasks.create(v.parse(TaskDraft, { text: 'Отправить каталог', performerId: 'boris', customerId: who.id }));
    await crm.tasks.create(v.parse(TaskDraft, { text: 'Чужая задача', performerId: 'anna', customerId: other.id }));
    assert.deepEqual((await crm.tasks.list({ customerId: who.id })).map((x) => x.id), [call.id, later.id], 'by deadline, none last');
    assert.deepEqual((await crm.tasks.list({ customerId: who.id, performerId: 'anna' })).map((x) => x.id), [call.id]);
    const at = Date.now();
    const done = valid(CrmTask, await crm.tasks.complete(call.id, at));
    assert.equal(done.completedAt, at);
    assert.equal((await crm.tasks.complete(call.id, at + 5000)).completedAt, at, 'completing again keeps the first time');
    assert.deepEqual((await crm.tasks.list({ customerId: who.id })).map((x) => [x.id, x.completedAt]), [
      [call.id, at],
      [later.id, null],
    ]);
    await assert.rejects(crm.tasks.complete('999999', at), rejectsWith('NOT_FOUND'));
    await assert.rejects(crm.tasks.create(v.parse(TaskDraft, { text: 'x', performerId: 'anna', customerId: '999999' })), rejectsWith('NOT_FOUND'));
  });
}
