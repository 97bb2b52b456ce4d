import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import sharp from 'sharp';
import { verifyWebhook, webhookHeaders } from '../src/channels/integration/standard-webhooks.js';
import { CallError, cmid, connect, startServer, type TestServer } from './helpers.js';
import { readCatalogue } from '../src/adapters/crm/catalogue.js';
import type { BuiltinCrm } from '../src/adapters/crm/builtin.js';

/** Fast retries so a test sees several attempts. */
const FAST = { webhookTimeoutMs: 400, outboxIntervalMs: 50, outboxRetryBaseMs: 40, outboxRetryMaxMs: 200 };

/**
 * A messenger module's webhook receiver, as a real module would run it: checks the signature,
 * dedupes by webhook-id (a retry of something it took is answered 200 and not counted again),
 * and can be told to answer 500, to hang, or to refuse for good (400).
 */
class Receiver {
  readonly taken: { id: string; type: string; data: any }[] = [];
  readonly attempts: string[] = [];
  mode: 'ok' | 'fail' | 'hang' | 'refuse' = 'ok';
  badSignatures = 0;
  duplicates = 0;
  private seen = new Set<string>();
  private server!: Server;
  secret = '';
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString();
    const v = verifyWebhook(this.secret, req.headers, body, Date.now());
    if (!v.ok) {
      this.badSignatures++;
      return void res.writeHead(401).end();
    }
    this.attempts.push(v.id);
    if (this.mode === 'hang') return; // never answers
    if (this.mode === 'fail') return void res.writeHead(500).end();
    if (this.mode === 'refuse') return void res.writeHead(400).end('unknown chat');
    if (this.seen.has(v.id)) this.duplicates++;
    else {
      this.seen.add(v.id);
      const { type, data } = JSON.parse(body);
      this.taken.push({ id: v.id, type, data });
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

async function until<T>(what: string, fn: () => T | undefined | false, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function api(server: TestServer, token: string, secret: string, method: string, path: string, body?: unknown) {
  const text = body === undefined ? '' : JSON.stringify(body);
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(text ? { 'content-type': 'application/json' } : {}), ...webhookHeaders(secret, `msg_${randomUUID()}`, text, Date.now()) },
    ...(text ? { body: text } : {}),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** A server, a module whose webhook is `receiver`, a channel, and a customer's conversation answered by an admin. */
async function scene(t: TestContext, config: Parameters<typeof startServer>[1] = {}, channel: Record<string, unknown> = {}) {
  const receiver = new Receiver();
  await receiver.start();
  t.after(() => receiver.close());
  const server = await startServer(t, { ...FAST, ...config });
  const admin = await connect(t, server, server.userToken({ id: 'ada', name: 'Ада', rights: ['chats', 'admin'] }));
  const made = await admin.call('modules.create', { code: 'tg', name: 'Telegram', webhookUrl: receiver.url });
  receiver.secret = made.webhookSecret;
  const call = (method: string, path: string, body?: unknown) => api(server, made.token, made.webhookSecret, method, path, body);
  const reg = await call('PUT', '/api/v1/channels/bot', { kind: 'telegram', name: 'Bot', capabilities: { edit: true, delete: true, ...channel } });
  assert.equal(reg.status, 200);
  const customerSays = async (externalId: string, text: string) => (await call('POST', '/api/v1/messages', { channel: 'bot', customer: { externalId }, messageId: cmid('in'), text })).body.message;
  const first = await customerSays('1001', 'Здравствуйте');
  const reply = (text: string, conversationId = first.conversationId) => admin.call('messages.send', { conversationId, clientMessageId: cmid('a'), text });
  return { server, admin, receiver, call, customerSays, conversationId: first.conversationId as number, reply, moduleId: made.module.id as number, token: made.token as string };
}

test('S-W-PROD, S-W-ORD, S-CH-2: cards reach a messenger by its capabilities: product cards to one that shows them, an order as its text fallback alone to one that shows no order cards', async (t) => {
  const { server, admin, receiver, conversationId } = await scene(t, { stores: [{ code: 'main', name: 'Обувь' }] }, { product: true, order: false });
  await (server.app.chat.crm as BuiltinCrm).importCatalogue(readCatalogue());
  const got = await admin.call('settings.get', {});
  // S-SET-6: every channel sells from the one store.
  const storeByChannel = Object.fromEntries(got.channels.map((c: { id: number }) => [c.id, 'main']));
  await admin.call('settings.update', { version: got.version, widgets: { ...got.settings.widgets, storeByChannel } });
  await admin.call('crm.saveCustomer', { conversationId, customer: { firstName: 'Иван' } });
  const products = await admin.call('crm.sendProducts', { conversationId, clientMessageId: cmid('p'), offerIds: ['p1-3'], text: 'Вот эти' });
  const { order } = await admin.call('crm.placeOrder', { conversationId, items: [{ offerId: 'p1-3', quantity: 1 }], delivery: { type: 'pickup' } });
  const sent = await admin.call('crm.sendOrder', { conversationId, clientMessageId: cmid('o'), orderId: order.id });
  await until('both webhooks', () => receiver.taken.length >= 2);
  const [first, second] = receiver.taken.map((w) => w.data.message);
  assert.deepEqual([first.id, first.text, first.cards], [products.message.id, 'Вот эти', products.message.cards]);
  assert.deepEqual([second.id, second.text, second.cards], [sent.message.id, sent.message.text, undefined]);
  assert.match(second.text, new RegExp(`^№ ${order.number} · `));
});

const statusOf = async (admin: any, conversationId: number, id: number) =>
  ((await admin.call('messages.list', { conversationId })).messages as any[]).find((m) => m.id === id);

test('S-CH-2: a manager\'s reply to a messenger reaches its module as a signed webhook, with the customer\'s external id', async (t) => {
  const { receiver, reply, conversationId } = await scene(t);
  const sent = await reply('Добрый день! Чем помочь?');
  const got = await until('the webhook', () => receiver.taken[0]);
  assert.equal(got.type, 'message.created');
  assert.match(got.id, /^msg_/);
  assert.deepEqual(got.data.customer.externalId, '1001');
  assert.equal(got.data.channel, 'bot');
  assert.equal(got.data.conversationId, conversationId);
  assert.deepEqual([got.data.message.id, got.data.message.text, got.data.message.author], [sent.message.id, 'Добрый день! Чем помочь?', { kind: 'manager', name: 'Ада' }]);
  assert.equal(receiver.badSignatures, 0);
});

test('S-CH-2 S-DLG-9: a manager\'s photo to a messenger: the webhook names it, the module fetches its bytes with its token; no other caller or module can, nor an unsent upload', async (t) => {
  const { server, admin, receiver, conversationId, token } = await scene(t, {}, { image: true, maxFileBytes: 5_000_000 });
  const uploadAs = async (bytes: Buffer, name: string) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), name);
    const token = (await admin.call('files.token', {})).token as string;
    const res = await fetch(`${server.url}/api/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    assert.equal(res.status, 201);
    return ((await res.json()) as any).file;
  };
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a7' } }).png().toBuffer();
  const photo = await uploadAs(png, 'товар.png');
  const sent = await admin.call('messages.send', { conversationId, clientMessageId: cmid('a'), text: 'Вот он', attachmentIds: [photo.id] });
  const got = await until('the webhook', () => receiver.taken[0]);
  assert.equal(got.data.message.id, sent.message.id);
  assert.deepEqual(got.data.message.attachments.map((a: any) => [a.id, a.kind, a.name, a.size]), [[photo.id, 'image', 'товар.png', photo.size]]);

  const fetchAs = (bearer: string | undefined, id: number, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/v1/files/${id}`, { headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...headers } });
  const res = await fetchAs(token, photo.id);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), photo.mime);
  assert.equal((await res.arrayBuffer()).byteLength, photo.size);
  const part = await fetchAs(token, photo.id, { range: 'bytes=0-9' });
  assert.equal(part.status, 206);
  assert.equal((await part.arrayBuffer()).byteLength, 10);

  assert.equal((await fetchAs(undefined, photo.id)).status, 401, 'no token');
  assert.equal((await fetchAs(server.userToken({ id: 'ada', rights: ['chats', 'admin'] }), photo.id)).status, 401, 'a CRM user\'s token is not a module\'s');
  const other = await admin.call('modules.create', { code: 'vk', name: 'VK', webhookUrl: null });
  assert.equal((await fetchAs(other.token, photo.id)).status, 404, 'another module');
  const unsent = await uploadAs(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer(), 'draft.png');
  assert.equal((await fetchAs(token, unsent.id)).status, 404, 'an upload not sent');
  assert.equal((await fetchAs(token, 99_999_999)).status, 404);
  assert.equal((await fetchAs(token, 'x' as unknown as number)).status, 404);
});

test('S-CH-2 S-DLG-13: the module down, then back: replies queue, then arrive in order, each once; nothing is lost', async (t) => {
  const { receiver, reply, customerSays, admin } = await scene(t);
  receiver.mode = 'fail';
  const other = await customerSays('2002', 'А мне?');
  const texts = ['один', 'два', 'три', 'четыре'];
  for (const text of texts) await reply(text);
  await reply('вам тоже', other.conversationId);
  await until('several failed attempts', () => receiver.attempts.length >= 4);
  assert.equal(receiver.taken.length, 0);
  // While the first is retried, the conversation's later ones wait behind it.
  assert.equal(new Set(receiver.attempts).size <= 2, true, `only each conversation's head is tried: ${new Set(receiver.attempts).size} ids`);
  receiver.mode = 'ok';
  await until('all five taken', () => receiver.taken.length === 5);
  const mine = receiver.taken.filter((w) => w.data.conversationId !== other.conversationId).map((w) => w.data.message.text);
  assert.deepEqual(mine, texts, 'in order');
  assert.equal(receiver.duplicates, 0);
  assert.equal(receiver.badSignatures, 0);
  // Still queued: the module reports sent/delivered/read itself.
  const theirs = receiver.taken.find((w) => w.data.conversationId === other.conversationId)!.data.message.id;
  assert.equal((await statusOf(admin, other.conversationId, theirs)).status, 'queued');
});

test('S-CH-2: a webhook that hangs is cut off at the timeout and tried again with the same webhook-id', async (t) => {
  const { receiver, reply } = await scene(t);
  receiver.mode = 'hang';
  await reply('Вы тут?');
  await until('a hanging attempt', () => receiver.attempts.length >= 1);
  await new Promise((r) => setTimeout(r, FAST.webhookTimeoutMs + 100));
  receiver.mode = 'ok';
  const got = await until('taken after the hang', () => receiver.taken[0]);
  assert.ok(receiver.attempts.length >= 2);
  assert.ok(receiver.attempts.every((id) => id === got.id), 'the same webhook-id on every attempt');
});

test('S-CH-2 S-DLG-13: a webhook refused for good fails its message; Retry sends it again', async (t) => {
  const { receiver, reply, admin, conversationId } = await scene(t);
  receiver.mode = 'refuse';
  const sent = await reply('Заказ готов');
  const failed = await admin.waitFor((f) => f.type === 'event' && f.name === 'message.status' && (f as any).data.status === 'failed', 5_000);
  assert.deepEqual([(failed as any).data.messageIds, (failed as any).data.failReason], [[sent.message.id], 'channel_error']);
  assert.equal((await statusOf(admin, conversationId, sent.message.id)).status, 'failed');
  receiver.mode = 'ok';
  const retried = await admin.call('messages.retry', { messageId: sent.message.id });
  assert.equal(retried.message.status, 'queued');
  const got = await until('the retried webhook', () => receiver.taken[0]);
  assert.equal(got.data.message.id, sent.message.id);
  assert.equal(new Set(receiver.attempts).size, 2, 'the retry is a new webhook (the module refused the first)');
});

test('S-CH-2: a webhook not taken within the give-up time fails its message', async (t) => {
  const { receiver, reply, admin, conversationId } = await scene(t, { outboxGiveUpMs: 300 });
  receiver.mode = 'fail';
  const sent = await reply('Алло');
  await admin.waitFor((f) => f.type === 'event' && f.name === 'message.status' && (f as any).data.status === 'failed', 5_000);
  assert.equal((await statusOf(admin, conversationId, sent.message.id)).failReason, 'channel_error');
  const tries = receiver.attempts.length;
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(receiver.attempts.length, tries, 'no attempts after giving up');
});

test('S-CH-2: staff edits and deletions reach the module too', async (t) => {
  const { receiver, reply, admin } = await scene(t);
  const sent = await reply('Цена 100');
  await until('created', () => receiver.taken.length === 1);
  await admin.call('messages.edit', { messageId: sent.message.id, text: 'Цена 90' });
  await admin.call('messages.delete', { messageId: sent.message.id });
  await until('edit and delete', () => receiver.taken.length === 3);
  assert.deepEqual(receiver.taken.map((w) => w.type), ['message.created', 'message.updated', 'message.deleted']);
  assert.equal(receiver.taken[1]!.data.message.text, 'Цена 90');
  assert.equal(receiver.taken[2]!.data.message.id, sent.message.id);
});

test('S-CH-2: webhooks to private addresses are refused unless the deployment allows them (SSRF)', async (t) => {
  const { receiver, reply, admin, conversationId } = await scene(t, { webhooksAllowPrivate: false });
  const sent = await reply('Проверка');
  await admin.waitFor((f) => f.type === 'event' && f.name === 'message.status' && (f as any).data.status === 'failed', 5_000);
  assert.equal(receiver.attempts.length, 0, 'nothing reached 127.0.0.1');
  assert.equal((await statusOf(admin, conversationId, sent.message.id)).status, 'failed');
});

test('S-CH-2: a reply to a messenger whose module has no webhook URL fails at once; to a removed channel it is refused', async (t) => {
  const { receiver, reply, admin, conversationId, moduleId, call } = await scene(t);
  await admin.call('modules.update', { moduleId, webhookUrl: null });
  const sent = await reply('Куда?');
  await admin.waitFor((f) => f.type === 'event' && f.name === 'message.status' && (f as any).data.status === 'failed', 5_000);
  assert.equal((await statusOf(admin, conversationId, sent.message.id)).status, 'failed');
  assert.equal(receiver.attempts.length, 0);
  await call('DELETE', '/api/v1/channels/bot');
  await assert.rejects(reply('Ещё'), (e: CallError) => e.code === 'FORBIDDEN');
});
