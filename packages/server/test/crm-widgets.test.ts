// The CRM widgets' calls (S-W-CUST, S-W-PROD, S-W-ORD, S-W-TASK, S-SET-6, S-SET-7) against a real
// server and its built-in CRM with the demo catalogue: what a manager does from a conversation,
// who may, and what the server refuses. On SQLite, and on PostgreSQL with CHATDESK_TEST_STORAGE.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { readCatalogue } from '../src/adapters/crm/catalogue.js';
import type { BuiltinCrm } from '../src/adapters/crm/builtin.js';
import { code, connect, startServer, visitorConversation, type TestClient, type TestServer } from './helpers.js';

async function world(t: TestContext) {
  const server = await startServer(t, { stores: [{ code: 'main', name: 'Интернет-магазин «Обувь»' }, { code: 'wholesale', name: 'Оптовый отдел' }] });
  await (server.app.chat.crm as BuiltinCrm).importCatalogue(readCatalogue());
  const admin = await connect(t, server, server.userToken({ id: 'olga', name: 'Ольга', rights: ['chats', 'admin'], ttlSeconds: 3600 }));
  const first = await visitorConversation(t, server, 'Здравствуйте! Есть кроссовки 42 размера?', 'Пётр');
  // S-SET-6: the web channel sells from the main store.
  const got = await admin.call('settings.get', {});
  const web = got.channels.find((c: { kind: string }) => c.kind === 'web').id;
  await admin.call('settings.update', { version: got.version, widgets: { ...got.settings.widgets, storeByChannel: { [web]: 'main' }, orderMethod: 'messenger', orderType: 'retail' } });
  return { server, admin, first, web };
}

const staffOf = (t: TestContext, server: TestServer, id: string, rights = ['chats']): Promise<TestClient> =>
  connect(t, server, server.userToken({ id, name: id, rights: rights as never, ttlSeconds: 3600 }));

test('S-W-CUST, S-SET-6: a new customer is saved in the channel\'s store and linked; the widget then shows them; saving again is refused with who they are', async (t) => {
  const { admin, first } = await world(t);
  const before = await admin.call('crm.customer', { conversationId: first.conversationId });
  assert.equal(before.customer, null);
  assert.deepEqual([before.chat.name, before.chat.channel.kind, before.store?.code, before.widgets], ['Пётр', 'web', 'main', { order: true, products: true, tasks: true }]);

  const { customer } = await admin.call('crm.saveCustomer', { conversationId: first.conversationId, customer: { firstName: 'Пётр', lastName: 'Семёнов', phones: ['+7 916 123-45-67'] } });
  assert.deepEqual([customer.firstName, customer.storeCode, customer.contacts], ['Пётр', 'main', []]);
  assert.deepEqual((await admin.call('crm.customer', { conversationId: first.conversationId })).customer, customer);
  await assert.rejects(admin.call('crm.saveCustomer', { conversationId: first.conversationId, customer: { firstName: 'Ещё раз' } }), (e: any) => e.code === 'CONFLICT' && e.details.customer.id === customer.id);

  // Inline edit and tags (S-W-CUST): the VIP tag belongs to the customer.
  const vip = await admin.call('crm.updateCustomer', { conversationId: first.conversationId, patch: { email: 'petr@example.com', tags: ['vip'] } });
  assert.deepEqual([vip.customer.email, vip.customer.tags, vip.customer.lastName], ['petr@example.com', ['vip'], 'Семёнов']);
  // Bad input is refused at the schema: an email that is not one, a third tag.
  assert.equal(await code(admin.call('crm.updateCustomer', { conversationId: first.conversationId, patch: { email: 'not an email' } })), 'INVALID_PARAMS');
  assert.equal(await code(admin.call('crm.updateCustomer', { conversationId: first.conversationId, patch: { tags: ['vip', 'bad', 'gold'] } })), 'INVALID_PARAMS');
});

test('S-W-CUST: typed data matching existing customers is offered; the conversation is linked to one; merging moves every conversation of the merged customer', async (t) => {
  const { server, admin, first } = await world(t);
  const second = await visitorConversation(t, server, 'Это снова я, с другого телефона', 'Петя');
  const saved = (await admin.call('crm.saveCustomer', { conversationId: first.conversationId, customer: { firstName: 'Пётр', lastName: 'Семёнов', phones: ['+7 916 123-45-67'] } })).customer;
  // The second conversation's customer typed the same phone another way: the hint finds the saved one.
  const hints = await admin.call('crm.findCustomers', { conversationId: second.conversationId, query: '8 916 1234567' });
  assert.deepEqual(hints.customers.map((c: { id: string }) => c.id), [saved.id]);
  assert.deepEqual((await admin.call('crm.findCustomers', { conversationId: first.conversationId, query: 'Семёнов' })).customers, [], 'not the one linked already');
  assert.equal(await code(admin.call('crm.findCustomers', { conversationId: first.conversationId, query: ' x ' })), 'INVALID_PARAMS');

  // Saved separately, then merged into the first: the second conversation now shows the survivor.
  const other = (await admin.call('crm.saveCustomer', { conversationId: second.conversationId, customer: { firstName: 'Петя', email: 'petya@example.com' } })).customer;
  const merged = await admin.call('crm.mergeCustomers', { conversationId: second.conversationId, intoCrmCustomerId: saved.id });
  assert.equal(merged.customer.id, saved.id);
  assert.equal(merged.customer.email, 'petya@example.com', 'what the survivor lacked');
  assert.equal((await admin.call('crm.customer', { conversationId: second.conversationId })).customer.id, saved.id);
  assert.equal(await code(admin.call('crm.linkCustomer', { conversationId: second.conversationId, crmCustomerId: other.id })), 'NOT_FOUND', 'the merged one is gone');

  // Linking: a third conversation's customer is the saved one from now on.
  const third = await visitorConversation(t, server, 'Добрый день', 'П. Семёнов');
  const linked = await admin.call('crm.linkCustomer', { conversationId: third.conversationId, crmCustomerId: saved.id });
  assert.equal(linked.customer.id, saved.id);
  assert.equal((await admin.call('crm.customer', { conversationId: third.conversationId })).customer.id, saved.id);
});

test('S-W-PROD, S-W-ORD: products of the channel\'s store; an order placed from the conversation with the settings\' method and type; the current order; a payment link', async (t) => {
  const { admin, first } = await world(t);
  assert.equal(await code(admin.call('crm.placeOrder', { conversationId: first.conversationId, items: [{ offerId: 'p1-3', quantity: 1 }], delivery: { type: 'courier' } })), 'CONFLICT', 'not saved yet');
  await admin.call('crm.saveCustomer', { conversationId: first.conversationId, customer: { firstName: 'Пётр', address: 'Москва, Арбат, 10' } });
  const page = await admin.call('crm.products', { conversationId: first.conversationId, query: { query: 'кроссовки', inStock: true, sort: 'price' } });
  assert.ok(page.products.length > 0 && page.products.every((p: { name: string }) => /кроссовки/i.test(p.name)));
  assert.ok(!page.products.some((p: { name: string }) => p.name.includes('Kayano')), 'none in stock');
  const options = await admin.call('crm.orderOptions', { conversationId: first.conversationId });
  assert.deepEqual(options.deliveryTypes.map((d: { code: string }) => d.code), ['courier', 'pickup', 'post']);
  assert.equal(await code(admin.call('crm.placeOrder', { conversationId: first.conversationId, items: [{ offerId: 'p1-3', quantity: 1 }, { offerId: 'p1-3', quantity: 2 }], delivery: { type: 'courier' } })), 'INVALID_PARAMS', 'the same offer twice');

  const { order } = await admin.call('crm.placeOrder', {
    conversationId: first.conversationId,
    items: [{ offerId: 'p1-3', quantity: 1 }, { offerId: 'p20-1', quantity: 2 }],
    delivery: { type: 'courier', address: 'Москва, Арбат, 10' },
    paymentType: 'card-online',
  });
  assert.deepEqual([order.method, order.type, order.storeCode, order.conversationId, order.total, order.paymentStatus], ['messenger', 'retail', 'main', first.conversationId, 12990 + 1980 + 350, 'unpaid']);
  assert.equal((await admin.call('crm.currentOrder', { conversationId: first.conversationId })).order.id, order.id);
  const { url } = await admin.call('crm.paymentLink', { conversationId: first.conversationId, orderId: order.id });
  assert.match(url, /^https:\/\//);
  assert.equal(await code(admin.call('crm.paymentLink', { conversationId: first.conversationId, orderId: '999999' })), 'NOT_FOUND');
});

test('S-W-TASK: a task on the conversation\'s customer, all and mine; completed it stays listed struck through', async (t) => {
  const { server, admin, first } = await world(t);
  await admin.call('crm.saveCustomer', { conversationId: first.conversationId, customer: { firstName: 'Пётр' } });
  const tomorrow = Date.now() + 86_400_000;
  const mine = (await admin.call('crm.createTask', { conversationId: first.conversationId, text: 'Перезвонить про размер', deadline: tomorrow })).task;
  assert.deepEqual([mine.performerId, mine.deadline, mine.completedAt], ['olga', tomorrow, null]);
  // The built-in CRM's users are the chat's: Anna signs in once.
  await staffOf(t, server, 'anna');
  await admin.call('crm.createTask', { conversationId: first.conversationId, text: 'Собрать заказ', performerId: 'anna' });
  assert.equal(await code(admin.call('crm.createTask', { conversationId: first.conversationId, text: 'Никому', performerId: 'nobody' })), 'INVALID_PARAMS', 'a performer the CRM does not know');
  assert.equal((await admin.call('crm.tasks', { conversationId: first.conversationId })).tasks.length, 2);
  assert.deepEqual((await admin.call('crm.tasks', { conversationId: first.conversationId, mine: true })).tasks.map((x: { id: string }) => x.id), [mine.id]);
  const done = (await admin.call('crm.completeTask', { conversationId: first.conversationId, taskId: mine.id })).task;
  assert.equal(typeof done.completedAt, 'number');
  assert.equal((await admin.call('crm.tasks', { conversationId: first.conversationId })).tasks.find((x: { id: string }) => x.id === mine.id).completedAt, done.completedAt);
  // Another customer's task cannot be completed from this conversation.
  const other = await visitorConversation(t, server, 'Другой покупатель');
  await admin.call('crm.saveCustomer', { conversationId: other.conversationId, customer: { firstName: 'Глеб' } });
  const theirs = (await admin.call('crm.createTask', { conversationId: other.conversationId, text: 'Чужая' })).task;
  assert.equal(await code(admin.call('crm.completeTask', { conversationId: first.conversationId, taskId: theirs.id })), 'NOT_FOUND');
});

test('S-W-*, S-SET-7: only staff who see the conversation; a widget switched off is refused by the server too', async (t) => {
  const { server, admin, first } = await world(t);
  // A plain manager who may not see it (managers see only their own when unassigned ones are hidden) gets NOT_FOUND; its visitor FORBIDDEN.
  const got = await admin.call('settings.get', {});
  await admin.call('settings.update', { version: got.version, managersSeeUnassigned: false });
  const stranger = await staffOf(t, server, 'boris');
  assert.equal(await code(stranger.call('crm.customer', { conversationId: first.conversationId })), 'NOT_FOUND');
  assert.equal(await code(first.visitor.call('crm.customer', { conversationId: first.conversationId })), 'FORBIDDEN');
  assert.equal(await code(first.visitor.call('crm.users', {})), 'FORBIDDEN');
  assert.ok((await admin.call('crm.users', {})).users.some((u: { id: string }) => u.id === 'olga'));

  const now = await admin.call('settings.get', {});
  await admin.call('settings.update', { version: now.version, widgets: { ...now.settings.widgets, products: false, tasks: false } });
  await assert.rejects(admin.call('crm.products', { conversationId: first.conversationId, query: {} }), (e: any) => e.code === 'FORBIDDEN' && e.details.reason === 'widget-off');
  assert.equal(await code(admin.call('crm.tasks', { conversationId: first.conversationId })), 'FORBIDDEN');
  assert.equal(await code(admin.call('crm.currentOrder', { conversationId: first.conversationId })), 'ok', 'the order widget is still on');
  assert.deepEqual((await admin.call('crm.customer', { conversationId: first.conversationId })).widgets, { order: true, products: false, tasks: false });
});

test('S-HOST-1, S-HOST-2: a customer card lists the CRM customer\'s conversations the caller may see; an order card names the conversation it came from and the channels the customer used', async (t) => {
  const { server, admin, first } = await world(t);
  const { customer } = await admin.call('crm.saveCustomer', { conversationId: first.conversationId, customer: { firstName: 'Пётр' } });
  const again = await visitorConversation(t, server, 'Я снова, с другого устройства', 'Пётр');
  await admin.call('crm.linkCustomer', { conversationId: again.conversationId, crmCustomerId: customer.id });
  await visitorConversation(t, server, 'Чужой разговор');
  const listed = await admin.call('crm.customerConversations', { crmCustomerId: customer.id });
  assert.deepEqual(listed.conversations.map((c: { id: number }) => c.id), [again.conversationId, first.conversationId], 'newest first, only theirs');
  assert.deepEqual([listed.conversations[1].status, listed.conversations[1].messageCount, listed.conversations[1].channel.kind], ['open', 1, 'web']);
  assert.equal(typeof listed.conversations[1].createdAt, 'number');
  assert.deepEqual((await admin.call('crm.customerConversations', { crmCustomerId: '999999' })).conversations, []);

  const { order } = await admin.call('crm.placeOrder', { conversationId: first.conversationId, items: [{ offerId: 'p5-1', quantity: 1 }], delivery: { type: 'pickup' } });
  const card = await admin.call('crm.orderConversations', { orderId: order.id });
  assert.equal(card.origin.id, first.conversationId);
  assert.deepEqual(card.channels.map((c: { kind: string; conversationId: number }) => [c.kind, c.conversationId]), [['web', again.conversationId]]);
  assert.equal(await code(admin.call('crm.orderConversations', { orderId: '999999' })), 'NOT_FOUND');

  // A plain manager sees only what they may: none of these when unassigned ones are hidden.
  const got = await admin.call('settings.get', {});
  await admin.call('settings.update', { version: got.version, managersSeeUnassigned: false });
  const boris = await staffOf(t, server, 'boris');
  assert.deepEqual((await boris.call('crm.customerConversations', { crmCustomerId: customer.id })).conversations, []);
  assert.equal((await boris.call('crm.orderConversations', { orderId: order.id })).origin, null);
  assert.equal(await code(first.visitor.call('crm.customerConversations', { crmCustomerId: customer.id })), 'FORBIDDEN');
});
