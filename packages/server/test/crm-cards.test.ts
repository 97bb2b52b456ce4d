// Product and order cards in messages (S-W-PROD, S-W-ORD): a manager sends offers or an order from
// the widgets; the server takes them from the CRM, stores the cards on the one message model and
// the visitor receives them. On SQLite, and on PostgreSQL with CHATDESK_TEST_STORAGE.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { readCatalogue } from '../src/adapters/crm/catalogue.js';
import type { BuiltinCrm } from '../src/adapters/crm/builtin.js';
import { cardsText, orderCard } from '../src/services/crm-cards.js';
import { CallError, cmid, code, connect, startServer, visitorConversation } from './helpers.js';

/** The refusal's code and details. */
async function refusal(p: Promise<unknown>): Promise<{ code: string; details: unknown }> {
  try {
    await p;
  } catch (e) {
    return { code: (e as CallError).code, details: (e as CallError).details };
  }
  throw new Error('it was not refused');
}

async function world(t: TestContext) {
  const server = await startServer(t, { stores: [{ code: 'main', name: 'Обувь' }, { code: 'wholesale', name: 'Опт' }] });
  await (server.app.chat.crm as BuiltinCrm).importCatalogue(readCatalogue());
  const admin = await connect(t, server, server.userToken({ id: 'olga', name: 'Ольга', rights: ['chats', 'admin'], ttlSeconds: 3600 }));
  const first = await visitorConversation(t, server, 'Подберите кроссовки, пожалуйста', 'Пётр');
  const got = await admin.call('settings.get', {});
  const web = got.channels.find((c: { kind: string }) => c.kind === 'web').id;
  await admin.call('settings.update', { version: got.version, widgets: { ...got.settings.widgets, storeByChannel: { [web]: 'main' }, orderMethod: 'messenger', orderType: 'retail' } });
  return { server, admin, first };
}

test('S-W-PROD: picked offers reach the customer as product cards taken from the CRM (name, price, stock), with the manager\'s text as their fallback; a resend is the same message', async (t) => {
  const { admin, first } = await world(t);
  first.visitor.takeEvents();
  const clientMessageId = cmid('cards');
  const sent = await admin.call('crm.sendProducts', { conversationId: first.conversationId, clientMessageId, offerIds: ['p1-3', 'p2-3'], text: 'Подобрали для вас:\n• Pegasus 42\n• Ultraboost 42' });
  assert.equal(sent.message.text, 'Подобрали для вас:\n• Pegasus 42\n• Ultraboost 42');
  assert.deepEqual(
    sent.message.cards.map((c: any) => [c.type, c.productId, c.offerId, c.name, c.price, c.currency, c.inStock]),
    [
      ['product', 'p1', 'p1-3', 'Кроссовки Nike Air Zoom Pegasus 40, 42', 12990, 'RUB', true],
      ['product', 'p2', 'p2-3', 'Кроссовки Adidas Ultraboost Light, 42', 16490, 'RUB', false],
    ],
  );
  // The visitor gets the cards live and in the history; a manager's card message cannot be edited.
  const live = await first.visitor.nextEvent('message.created');
  assert.deepEqual(live.data.message.cards, sent.message.cards);
  const history = await first.visitor.call('messages.list', { conversationId: first.conversationId });
  assert.deepEqual(history.messages.at(-1).cards, sent.message.cards);
  assert.equal(sent.message.can.edit, false);
  assert.equal(sent.message.can.delete, true);
  const edit = await refusal(admin.call('messages.edit', { messageId: sent.message.id, text: 'другое' }));
  assert.deepEqual(edit, { code: 'CONFLICT', details: { reason: 'cards' } });
  // Idempotent on clientMessageId like messages.send.
  const again = await admin.call('crm.sendProducts', { conversationId: first.conversationId, clientMessageId, offerIds: ['p1-3', 'p2-3'] });
  assert.equal(again.message.id, sent.message.id);
  // Deleted: the cards go with the text.
  const gone = await admin.call('messages.delete', { messageId: sent.message.id });
  assert.equal(gone.message.cards, undefined);
  assert.equal((await admin.call('messages.list', { conversationId: first.conversationId })).messages.at(-1).cards, undefined);
});

test('S-W-PROD: without a text the server writes the fallback (names, prices); an offer of another store, the same offer twice or eleven offers are refused', async (t) => {
  const { admin, first } = await world(t);
  const sent = await admin.call('crm.sendProducts', { conversationId: first.conversationId, clientMessageId: cmid('c'), offerIds: ['p3-1'] });
  assert.equal(sent.message.text, 'Кроссовки New Balance 574, 38 — 9990 RUB');
  const other = await refusal(admin.call('crm.sendProducts', { conversationId: first.conversationId, clientMessageId: cmid('c'), offerIds: ['p1-1', 'w1-1'] }));
  assert.deepEqual(other, { code: 'NOT_FOUND', details: { offerId: 'w1-1' } });
  assert.equal(await code(admin.call('crm.sendProducts', { conversationId: first.conversationId, clientMessageId: cmid('c'), offerIds: ['p1-1', 'p1-1'] })), 'INVALID_PARAMS');
  const eleven = Array.from({ length: 11 }, (_, i) => `p${i + 1}-1`);
  assert.equal(await code(admin.call('crm.sendProducts', { conversationId: first.conversationId, clientMessageId: cmid('c'), offerIds: eleven })), 'INVALID_PARAMS');
  // Nothing was sent by the refusals.
  const messages = (await admin.call('messages.list', { conversationId: first.conversationId })).messages;
  assert.equal(messages.filter((m: any) => m.cards).length, 1);
});

test('S-W-ORD: the customer\'s order reaches them as an order card (number, status, items, delivery, total, what is left to pay); another customer\'s order and an unsaved customer are refused', async (t) => {
  const { server, admin, first } = await world(t);
  const unsaved = await refusal(admin.call('crm.sendOrder', { conversationId: first.conversationId, clientMessageId: cmid('o'), orderId: '1' }));
  assert.deepEqual(unsaved, { code: 'CONFLICT', details: { reason: 'not-saved' } });
  await admin.call('crm.saveCustomer', { conversationId: first.conversationId, customer: { firstName: 'Пётр', address: 'Москва, Арбат, 10' } });
  const { order } = await admin.call('crm.placeOrder', {
    conversationId: first.conversationId,
    items: [{ offerId: 'p1-3', quantity: 1 }, { offerId: 'p20-1', quantity: 2 }],
    delivery: { type: 'courier', address: 'Москва, Арбат, 10' },
    paymentType: 'card-online',
  });
  first.visitor.takeEvents();
  const sent = await admin.call('crm.sendOrder', { conversationId: first.conversationId, clientMessageId: cmid('o'), orderId: order.id, text: `Ваш заказ №${order.number}` });
  const [card] = sent.message.cards;
  assert.deepEqual(
    [card.type, card.orderId, card.number, card.status, card.items.length, card.items[1].quantity, card.delivery.address, card.total, card.toPay, card.paymentStatus],
    ['order', order.id, order.number, order.status.name, 2, 2, 'Москва, Арбат, 10', order.total, order.total, 'unpaid'],
  );
  assert.equal('url' in card, false, 'the CRM\'s own card of the order is not for the customer');
  assert.deepEqual((await first.visitor.nextEvent('message.created')).data.message.cards, [card]);

  // Another customer's order is not this conversation's to show.
  const second = await visitorConversation(t, server, 'И мне заказ', 'Анна');
  await admin.call('crm.saveCustomer', { conversationId: second.conversationId, customer: { firstName: 'Анна' } });
  assert.equal(await code(admin.call('crm.sendOrder', { conversationId: second.conversationId, clientMessageId: cmid('o'), orderId: order.id })), 'NOT_FOUND');
  // S-SET-7: the order widget off is off for its cards too.
  const got = await admin.call('settings.get', {});
  await admin.call('settings.update', { version: got.version, widgets: { ...got.settings.widgets, order: false } });
  const off = await refusal(admin.call('crm.sendOrder', { conversationId: first.conversationId, clientMessageId: cmid('o'), orderId: order.id }));
  assert.deepEqual(off, { code: 'FORBIDDEN', details: { reason: 'widget-off' } });
});

test('S-W-ORD: an order card\'s fallback text puts number, status and total first and gives way to «…» within the channel\'s limit', () => {
  const order = {
    id: '7', number: '1007', url: null, storeCode: 'main', customerId: '1', method: 'm', type: 't', currency: 'RUB', total: 2990.5, paid: 1000, paymentStatus: 'partial' as const,
    status: { code: 'new', name: 'Новый', final: false },
    items: Array.from({ length: 30 }, (_, i) => ({ offerId: `o${i}`, name: `Носки модель ${i + 1}`, price: 99.5, quantity: 1 })),
    delivery: { type: 'courier', name: 'Курьер', cost: 0, address: 'Москва', date: null },
    payments: [], conversationId: null, createdAt: 0,
  };
  const card = orderCard(order);
  assert.equal(card.toPay, 1990.5);
  const full = cardsText([card], 10_000);
  assert.equal(full.split('\n')[0], '№ 1007 · Новый · 2990.50 RUB');
  assert.equal(full.split('\n').length, 1 + 30 + 2);
  const cut = cardsText([card], 100);
  assert.equal(cut.split('\n')[0], '№ 1007 · Новый · 2990.50 RUB');
  assert.equal(cut.split('\n').at(-1), '…');
  assert.ok(cut.replace(/\s/g, '').length <= 100);
});
