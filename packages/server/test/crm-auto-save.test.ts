// S-CH-3: the distribution bot saves new customers in the CRM (`distributionBot.saveNewCustomers`),
// against real servers: the built-in CRM, and the reference host CRM (examples/crm/server.ts) over
// HTTP, stopped and started again. On SQLite, and on PostgreSQL with CHATDESK_TEST_STORAGE; the
// two-node case always on PostgreSQL.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { startCrmServer, type CrmServer } from '../../../examples/crm/server.js';
import { dropSchema } from '../src/adapters/postgres/db.js';
import { webhookHeaders } from '../src/channels/integration/standard-webhooks.js';
import { AUTO_SAVE_RETRY_MS, claimAutoSave } from '../src/services/crm-auto-save.js';
import { newCustomerDraft, splitChatName } from '../src/services/new-customer-draft.js';
import { testDatabaseUrl, type TestServerOptions } from '../src/testing.js';
import { cmid, code, connect, startServer, type TestClient, type TestServer } from './helpers.js';

const CRM_KEY = 'test-key-auto-save';
const STORES = [{ code: 'main', name: 'Интернет-магазин «Обувь»' }];
const BOT = { enabled: true, capacity: 10, managerIds: [], saveNewCustomers: true };

/** A clock the test moves (the retries' waits are minutes). */
function movableClock() {
  let now = Date.now();
  return { clock: { now: () => now }, tick: (ms: number) => void (now += ms) };
}

const admin = (t: TestContext, server: TestServer): Promise<TestClient> =>
  connect(t, server, server.userToken({ id: 'olga', name: 'Ольга', rights: ['chats', 'admin'], ttlSeconds: 3600 }));

/**
 * A server whose web channel sells from `main`, the bot on with `bot`'s options. The web channel
 * exists once the first visitor has a token: that visitor is returned, not yet written.
 */
async function world(t: TestContext, o: TestServerOptions & { bot?: Partial<typeof BOT> } = {}) {
  const { bot, ...options } = o;
  const server = await startServer(t, { stores: STORES, ...options });
  const olga = await admin(t, server);
  const visitor = await server.visitorToken({ name: 'Пётр Семёнов' });
  const got = await olga.call('settings.get', {});
  const web = got.channels.find((c: { kind: string }) => c.kind === 'web').id as number;
  await olga.call('settings.update', { widgets: { ...got.settings.widgets, storeByChannel: { [web]: 'main' } }, distributionBot: { ...BOT, ...bot } });
  return { server, olga, visitor, web };
}

/** The visitor's first message, as the widget sends it. */
async function firstMessage(t: TestContext, server: TestServer, token: string, text = 'Здравствуйте! Есть кроссовки 42 размера?') {
  const visitor = await connect(t, server, token);
  const r = await visitor.call('messages.send', { clientMessageId: cmid('v'), text });
  return { visitor, conversationId: r.conversation.id as number, messageId: r.message.id as number };
}

/** Waits for every attempt under way, then for `pred` (an attempt may start on the bus a moment after the answer). */
async function until<T>(server: TestServer, get: () => Promise<T>, pred: (v: T) => boolean, what: string, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    await server.app.chat.crmAutoSave.idle();
    const value = await get();
    if (pred(value)) return value;
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms (last: ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const autoSaveOf = (server: TestServer, customerId: number) => server.app.chat.uow.system((ctx) => ctx.store.crmAutoSaves.get(customerId), 'read');
const crmCustomersNamed = (server: TestServer, query: string) => server.app.chat.crm.customers.search(query, 10);

test('S-CH-3: a chat name becomes first and last name; a placeholder stays whole; a phone or email the CRM would refuse is left out', () => {
  assert.deepEqual(splitChatName('  Пётр   Семёнов '), { firstName: 'Пётр', lastName: 'Семёнов' });
  assert.deepEqual(splitChatName('Анна Мария Петрова'), { firstName: 'Анна', lastName: 'Мария Петрова' });
  assert.deepEqual(splitChatName('Пётр'), { firstName: 'Пётр', lastName: '' });
  assert.deepEqual(splitChatName('Посетитель 1234'), { firstName: 'Посетитель 1234', lastName: '' });
  assert.deepEqual(splitChatName('Telegram: 12345'), { firstName: 'Telegram: 12345', lastName: '' });
  const messenger = newCustomerDraft({ name: 'Анна Петрова', phone: '+7 916 123-45-67', email: 'anna@example.com', channelKind: 'telegram', storeCode: 'main' });
  assert.deepEqual(messenger, {
    firstName: 'Анна',
    lastName: 'Петрова',
    patronymic: '',
    phones: ['+7 916 123-45-67'],
    email: 'anna@example.com',
    address: '',
    storeCode: 'main',
    contacts: [{ channel: 'telegram', login: 'Анна Петрова' }],
  });
  const odd = newCustomerDraft({ name: 'Гость', phone: 'звоните в офис', email: 'not an email', channelKind: 'web', storeCode: null });
  assert.deepEqual([odd.phones, odd.email, odd.contacts, odd.storeCode], [[], '', [], null]);
});

test('S-CH-3: option on — a visitor\'s first message creates their CRM customer in the channel\'s store and links it, once; a manager sees it through crm.customer', async (t) => {
  const { server, olga, visitor } = await world(t);
  const { visitor: socket, conversationId } = await firstMessage(t, server, visitor.token);
  const shown = await until(server, () => olga.call('crm.customer', { conversationId }), (r) => r.customer !== null, 'the customer is linked');
  assert.deepEqual([shown.customer.firstName, shown.customer.lastName, shown.customer.storeCode, shown.customer.contacts], ['Пётр', 'Семёнов', 'main', []]);
  assert.equal(shown.store.code, 'main');
  const row = await autoSaveOf(server, visitor.customerId);
  assert.deepEqual([row?.state, row?.attempts, row?.crm_customer_id], ['saved', 1, shown.customer.id]);

  // Their next messages open nothing new: still the one CRM customer.
  for (const text of ['Алло?', 'Вы тут?']) await socket.call('messages.send', { clientMessageId: cmid('v'), text });
  await server.app.chat.crmAutoSave.idle();
  assert.deepEqual((await crmCustomersNamed(server, 'Семёнов')).map((c) => c.id), [shown.customer.id]);
  // A manager's Save now says they are saved already.
  assert.equal(await code(olga.call('crm.saveCustomer', { conversationId, customer: { firstName: 'Пётр' } })), 'CONFLICT');
});

test('S-CH-3: exactly once when first messages race — two sockets of one visitor at once, and two claims of one customer at once', async (t) => {
  const { server, olga, visitor } = await world(t);
  const sockets = [await connect(t, server, visitor.token), await connect(t, server, visitor.token)];
  const sent = await Promise.all(sockets.flatMap((s, i) => [0, 1, 2].map((k) => s.call('messages.send', { clientMessageId: cmid(`race${i}${k}`), text: `Сообщение ${i}.${k}` }))));
  const conversationId = sent[0].conversation.id as number;
  assert.ok(sent.every((r) => r.conversation.id === conversationId), 'one conversation');
  const shown = await until(server, () => olga.call('crm.customer', { conversationId }), (r) => r.customer !== null, 'the customer is linked');
  assert.deepEqual((await crmCustomersNamed(server, 'Семёнов')).map((c) => c.id), [shown.customer.id], 'one CRM customer');
  assert.equal((await autoSaveOf(server, visitor.customerId))?.attempts, 1);

  // Two claims of another customer side by side (two nodes hearing one commit, or two
  // conversations of one customer): the database lets one in.
  const other = await server.visitorToken({ name: 'Глеб' });
  const { conversationId: otherConversation } = await firstMessage(t, server, other.token);
  await until(server, () => autoSaveOf(server, other.customerId), (r) => r?.state === 'saved', 'the other customer is saved');
  const uow = server.app.chat.uow;
  const web = (await olga.call('conversations.get', { conversationId: otherConversation })).conversation.channel.id as number;
  const third = await server.visitorToken({ name: 'Вера Круглова' });
  const opened = { conversationId: otherConversation, customerId: third.customerId, channelId: web };
  const claims = await Promise.all([0, 1, 2].map(() => uow.system((ctx) => claimAutoSave(ctx, opened), 'read')));
  assert.equal(claims.filter((c) => c.claimed !== null).length, 1, JSON.stringify(claims));
  assert.deepEqual(claims.filter((c) => c.claimed === null).map((c) => c.claimed === null && c.why), ['taken', 'taken']);
});

test('S-CH-3: option off, or the bot off — nothing is saved in the CRM and nothing is claimed', async (t) => {
  for (const bot of [{ saveNewCustomers: false }, { enabled: false }]) {
    const { server, olga, visitor } = await world(t, { bot });
    const { conversationId } = await firstMessage(t, server, visitor.token);
    await new Promise((r) => setTimeout(r, 100));
    await server.app.chat.crmAutoSave.idle();
    assert.equal((await olga.call('crm.customer', { conversationId })).customer, null, JSON.stringify(bot));
    assert.equal(await autoSaveOf(server, visitor.customerId), undefined);
    assert.deepEqual(await crmCustomersNamed(server, 'Семёнов'), []);
  }
});

test('S-CH-3: skipped for a customer linked already, and for one who has not agreed to the privacy policy (saved once they have)', async (t) => {
  const { server, olga, visitor, web } = await world(t);
  const uow = server.app.chat.uow;
  // Linked already (a manager's link): nothing to claim.
  await uow.system((ctx) => ctx.store.customers.setCrmLink(visitor.customerId, 'crm-1'));
  assert.deepEqual(await uow.system((ctx) => claimAutoSave(ctx, { conversationId: 1, customerId: visitor.customerId, channelId: web }), 'read'), { claimed: null, why: 'linked' });

  // S-SET-5: with the policy on, a customer who has not agreed has no conversation and no save.
  const got = await olga.call('settings.get', {});
  await olga.call('settings.update', { version: got.version, privacy: { enabled: true, text: 'Мы храним переписку.', link: 'https://shop.example/privacy', excludedChannelIds: [] } });
  const shy = await server.visitorToken({ name: 'Нина Тихая' });
  assert.deepEqual(await uow.system((ctx) => claimAutoSave(ctx, { conversationId: 1, customerId: shy.customerId, channelId: web }), 'read'), { claimed: null, why: 'no-consent' });
  const socket = await connect(t, server, shy.token);
  assert.equal(await code(socket.call('messages.send', { clientMessageId: cmid('v'), text: 'Здравствуйте' })), 'FORBIDDEN');
  await server.app.chat.crmAutoSave.idle();
  assert.equal(await autoSaveOf(server, shy.customerId), undefined);
  // Agreed: the first message opens the conversation, and the customer is saved.
  const notice = socket.welcome?.privacy as { version: string };
  await socket.call('privacy.accept', { version: notice.version });
  const r = await socket.call('messages.send', { clientMessageId: cmid('v'), text: 'Здравствуйте' });
  const shown = await until(server, () => olga.call('crm.customer', { conversationId: r.conversation.id }), (x) => x.customer !== null, 'saved after agreeing');
  assert.deepEqual([shown.customer.firstName, shown.customer.lastName], ['Нина', 'Тихая']);
});

/** Calls the integration API as a module does: Bearer token, signed body. */
async function moduleCall(server: TestServer, m: { token: string; secret: string }, method: string, path: string, body: unknown) {
  const text = JSON.stringify(body);
  const headers = { authorization: `Bearer ${m.token}`, 'content-type': 'application/json', ...webhookHeaders(m.secret, `msg_${randomUUID()}`, text, Date.now()) };
  const res = await fetch(`${server.url}${path}`, { method, headers, body: text });
  return { status: res.status, body: (await res.json()) as any };
}

test('S-CH-3: a messenger customer is saved with their phone, email and messenger login, in their channel\'s store', async (t) => {
  const { server, olga, web } = await world(t);
  const hook = createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end('{}')));
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => hook.close(() => r())));
  const created = await olga.call('modules.create', { code: 'tg', name: 'Telegram', webhookUrl: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook` });
  const m = { token: created.token as string, secret: created.webhookSecret as string };
  const channel = (await moduleCall(server, m, 'PUT', '/api/v1/channels/shop_bot', { kind: 'telegram', name: 'Telegram @shop_bot', capabilities: { maxTextChars: 2000 } })).body.channel;
  const got = await olga.call('settings.get', {});
  await olga.call('settings.update', { widgets: { ...got.settings.widgets, storeByChannel: { [web]: 'main', [channel.id]: 'main' } } });

  const r = await moduleCall(server, m, 'POST', '/api/v1/messages', {
    channel: 'shop_bot',
    customer: { externalId: '1001', name: 'Анна Петрова', phone: '+7 916 123-45-67', email: 'anna@example.com' },
    messageId: 'tg:1',
    text: 'Здравствуйте',
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const shown = await until(server, () => olga.call('crm.customer', { conversationId: r.body.message.conversationId }), (x) => x.customer !== null, 'saved');
  const c = shown.customer;
  assert.deepEqual([c.firstName, c.lastName, c.phones, c.email, c.storeCode, c.contacts], ['Анна', 'Петрова', ['+7 916 123-45-67'], 'anna@example.com', 'main', [{ channel: 'telegram', login: 'Анна Петрова' }]]);
});

/** The reference host CRM, stopped and started again on the same port (its data starts empty each time). */
async function referenceCrm(t: TestContext) {
  let running: CrmServer | undefined = await startCrmServer({ apiKey: CRM_KEY, port: 0 });
  const url = running.url;
  const port = Number(new URL(url).port);
  t.after(() => running?.close());
  return {
    url,
    stop: async () => {
      await running?.close();
      running = undefined;
    },
    start: async () => {
      running = await startCrmServer({ apiKey: CRM_KEY, port });
    },
  };
}

test('S-CH-3: the host CRM down — the message is accepted and delivered at once; the save is retried and made once the CRM is back', async (t) => {
  const crm = await referenceCrm(t);
  await crm.stop();
  const { clock, tick } = movableClock();
  const { server, olga, visitor } = await world(t, { crmUrl: crm.url, crmKey: CRM_KEY, crmTimeoutMs: 1000, clock });
  const { conversationId, messageId } = await firstMessage(t, server, visitor.token);
  const heard = await olga.waitFor((f) => f.type === 'event' && f.name === 'message.created' && (f as any).data.message.id === messageId);
  assert.equal((heard as any).data.message.text, 'Здравствуйте! Есть кроссовки 42 размера?', 'delivered to the manager');

  const failed = await until(server, () => autoSaveOf(server, visitor.customerId), (r) => r?.last_error != null, 'the first attempt failed');
  assert.deepEqual([failed?.state, failed?.attempts], ['pending', 1]);
  assert.match(failed!.last_error!, /UNAVAILABLE|CrmError/);
  assert.equal(await server.app.chat.crmAutoSave.runDue(), 0, 'not due before the first wait');

  await crm.start();
  tick(AUTO_SAVE_RETRY_MS[0]!);
  assert.equal(await server.app.chat.crmAutoSave.runDue(), 1);
  const saved = await autoSaveOf(server, visitor.customerId);
  assert.deepEqual([saved?.state, saved?.attempts], ['saved', 2]);
  const shown = await olga.call('crm.customer', { conversationId });
  assert.deepEqual([shown.customer.id, shown.customer.firstName, shown.customer.lastName, shown.customer.storeCode], [saved?.crm_customer_id, 'Пётр', 'Семёнов', 'main']);
});

test('S-CH-3: a host CRM that created the customer but whose answers were lost — the retry minutes later bears the same Idempotency-Key and gets that customer; one customer in the CRM', async (t) => {
  const crm = await startCrmServer({ apiKey: CRM_KEY, port: 0 });
  t.after(() => crm.close());
  // In front of the CRM: while `lose`, a POST /customers is done there but its answer never comes back.
  let lose = true;
  const keys: string[] = [];
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const creating = req.method === 'POST' && req.url?.startsWith('/customers');
      if (creating) keys.push(String(req.headers['idempotency-key']));
      void fetch(`${crm.url}${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) }).then(async (answer) => {
        const body = Buffer.from(await answer.arrayBuffer());
        if (creating && lose) return void req.socket.destroy();
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(body);
      });
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => proxy.close(() => r())));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  const { clock, tick } = movableClock();
  const { server, visitor } = await world(t, { crmUrl: proxyUrl, crmKey: CRM_KEY, crmTimeoutMs: 1000, clock });
  await firstMessage(t, server, visitor.token);
  const failed = await until(server, () => autoSaveOf(server, visitor.customerId), (r) => r?.last_error != null, 'the first attempt failed', 15_000);
  assert.deepEqual([failed?.state, failed?.attempts], ['pending', 1]);
  assert.equal(failed?.crm_customer_id, null, 'its answers lost, the chat does not know the customer');
  assert.equal((await crmCustomersNamed(server, 'Семёнов')).length, 1, 'but the CRM made it');

  lose = false;
  tick(AUTO_SAVE_RETRY_MS[0]!);
  assert.equal(await server.app.chat.crmAutoSave.runDue(), 1);
  const saved = await autoSaveOf(server, visitor.customerId);
  assert.equal(saved?.state, 'saved');
  const inCrm = await crmCustomersNamed(server, 'Семёнов');
  assert.deepEqual(inCrm.map((c) => c.id), [saved!.crm_customer_id], 'the customer the first attempt made, once');
  assert.ok(keys.length >= 2);
  assert.equal(new Set(keys).size, 1, 'one key for every attempt of this save');
});

test('S-CH-3: a CRM that stays down is tried five times in all (after 1, 5, 15 and 60 minutes), then given up; chatting goes on meanwhile', async (t) => {
  const crm = await referenceCrm(t);
  await crm.stop();
  const { clock, tick } = movableClock();
  const { server, visitor } = await world(t, { crmUrl: crm.url, crmKey: CRM_KEY, crmTimeoutMs: 1000, clock });
  const { visitor: socket } = await firstMessage(t, server, visitor.token);
  await until(server, () => autoSaveOf(server, visitor.customerId), (r) => r?.last_error != null, 'the first attempt failed');
  for (const wait of AUTO_SAVE_RETRY_MS) {
    tick(wait);
    assert.equal(await server.app.chat.crmAutoSave.runDue(), 1);
    await socket.call('messages.send', { clientMessageId: cmid('v'), text: 'Вы тут?' });
  }
  const row = await autoSaveOf(server, visitor.customerId);
  assert.deepEqual([row?.state, row?.attempts], ['given_up', 5]);
  // Given up for good: a CRM back later gets nothing from it.
  await crm.start();
  tick(24 * 3_600_000);
  assert.equal(await server.app.chat.crmAutoSave.runDue(), 0);
  assert.equal((await autoSaveOf(server, visitor.customerId))?.state, 'given_up');
});

test('S-CH-3: two nodes on one PostgreSQL database both hear the new conversation; one CRM customer is created and linked', async (t) => {
  const url = testDatabaseUrl();
  const schema = `autosave_${process.pid}_${randomBytes(4).toString('hex')}`;
  const secret = randomBytes(24).toString('base64url');
  const a = await startServer(t, { databaseUrl: url, databaseSchema: schema, secret, stores: STORES });
  const b = await startServer(t, { databaseUrl: url, databaseSchema: schema, secret, stores: STORES });
  t.after(() => dropSchema(url, schema));
  const olga = await admin(t, b);
  const names = ['Пётр Семёнов', 'Глеб Орлов', 'Вера Круглова', 'Нина Тихая'];
  const tokens = await Promise.all(names.map((name) => a.visitorToken({ name })));
  const got = await olga.call('settings.get', {});
  const web = got.channels.find((c: { kind: string }) => c.kind === 'web').id;
  await olga.call('settings.update', { widgets: { ...got.settings.widgets, storeByChannel: { [web]: 'main' } }, distributionBot: BOT });
  // Visitors on both nodes at once.
  const sent = await Promise.all(tokens.map((v, i) => firstMessage(t, i % 2 === 0 ? a : b, v.token)));
  for (const [i, name] of names.entries()) {
    const shown = await until(a, () => olga.call('crm.customer', { conversationId: sent[i]!.conversationId }), (r) => r.customer !== null, `${name} is linked`);
    await b.app.chat.crmAutoSave.idle();
    const lastName = name.split(' ')[1]!;
    assert.deepEqual((await crmCustomersNamed(a, lastName)).map((c) => c.id), [shown.customer.id], `one CRM customer for ${name}`);
    assert.equal((await autoSaveOf(b, tokens[i]!.customerId))?.attempts, 1);
  }
});
