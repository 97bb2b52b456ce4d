// The messenger simulator (examples/messenger) as a real integration module of a real chat server:
// a customer writes through it, a manager answers over the WebSocket, the reply comes back by a
// signed webhook and its statuses go sent → delivered → read; replies sent while the simulator is
// down reach the next one, in order, once; a customer's photo reaches the manager as an image, and
// a manager's files reach the messenger, fetched with the module token; with the privacy policy on,
// a new customer's messages wait in the messenger until they agree to it there (S-SET-5).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import sharp from 'sharp';
import { startTestServer, type TestServer } from '@chatdesk/server/testing';
import { MAX_PHOTO_BYTES, isAgreement, startMessenger, type Customer } from '../messenger/server.js';
import { sign, signedHeaders, verify } from '../messenger/webhooks.js';

type Frame = { type: string; id?: number; result?: any; error?: any; name?: string; data?: any };

/** A manager's socket: frames are buffered so `waitFor` misses nothing between awaits. */
async function manager(server: TestServer, t: TestContext) {
  const ws = new WebSocket(server.wsUrl, { origin: server.origin });
  const frames: Frame[] = [];
  const waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  ws.on('message', (raw) => {
    const f = JSON.parse(raw.toString()) as Frame;
    const i = waiters.findIndex((w) => w.pred(f));
    if (i >= 0) waiters.splice(i, 1)[0]?.resolve(f);
    else frames.push(f);
  });
  t.after(() => ws.close());
  const waitFor = (what: string, pred: (f: Frame) => boolean, ms = 10_000): Promise<Frame> => {
    const i = frames.findIndex(pred);
    if (i >= 0) return Promise.resolve(frames.splice(i, 1)[0] as Frame);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`manager: no ${what} in ${ms} ms`)), ms);
      waiters.push({ pred, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  };
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  ws.send(JSON.stringify({ type: 'hello', token: server.userToken({ id: 'anna', name: 'Анна', rights: ['chats', 'admin'] }) }));
  await waitFor('welcome', (f) => f.type === 'welcome');
  let nextId = 1;
  return {
    waitFor,
    async call(method: string, params: unknown): Promise<any> {
      const id = nextId++;
      ws.send(JSON.stringify({ type: 'call', id, method, params }));
      const f = await waitFor(`answer to ${method}`, (x) => (x.type === 'result' || x.type === 'error') && x.id === id);
      if (f.type === 'error') throw new Error(`${method}: ${f.error.code} ${f.error.message}`);
      return f.result;
    },
    /** The next `message.status` event that names this message with this status. */
    status: (messageId: number, status: string) =>
      waitFor(`message.status ${status} for ${messageId}`, (f) => f.name === 'message.status' && f.data.status === status && f.data.messageIds.includes(messageId)),
  };
}

async function chatServer(t: TestContext): Promise<TestServer> {
  const server = await startTestServer();
  t.after(() => server.close());
  return server;
}

function simulator(server: TestServer, more: { port?: number; dataFile?: string } = {}) {
  return startMessenger({
    chatUrl: server.url,
    // The test server allows only its test origin (the CLI server also allows its own address).
    origin: server.origin,
    adminToken: async () => server.userToken({ id: 'olga', name: 'Ольга', rights: ['admin'] }),
    ...more,
  });
}

async function api(simUrl: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(simUrl + path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await res.json();
  assert.ok(res.ok, `${path}: HTTP ${res.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** Polls the simulator's state (as its page does) until `pred` holds for the customer. */
async function until(simUrl: string, externalId: string, what: string, pred: (c: Customer) => boolean, ms = 15_000): Promise<Customer> {
  const end = Date.now() + ms;
  for (;;) {
    const { customers } = (await api(simUrl, '/api/state')) as { customers: Customer[] };
    const c = customers.find((x) => x.externalId === externalId);
    if (c && pred(c)) return c;
    if (Date.now() > end) assert.fail(`simulator: ${what} not seen in ${ms} ms; state: ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a customer writes through the simulator, the manager replies, the reply arrives by webhook and goes sent → delivered → read', async (t) => {
  const server = await chatServer(t);
  const anna = await manager(server, t);
  const sim = await simulator(server);
  t.after(() => sim.close());

  const page = await fetch(sim.url + '/');
  assert.equal(page.status, 200);
  assert.match(await page.text(), /aria-live="polite"/);

  const { customer } = await api(sim.url, '/api/customers', { name: 'Пётр' });
  await api(sim.url, '/api/send', { externalId: customer.externalId, text: 'Где мой заказ?' });
  const created = await anna.waitFor('the customer message', (f) => f.name === 'message.created' && f.data.message.text === 'Где мой заказ?');
  const conversation = created.data.conversation;
  assert.equal(conversation.customer.name, 'Пётр');
  assert.equal(conversation.channel.kind, 'messenger');
  assert.equal(conversation.channel.name, 'Мессенджер (симулятор)');

  const { message: reply } = await anna.call('messages.send', { conversationId: conversation.id, clientMessageId: 'reply-1', text: 'Завтра привезём' });
  assert.equal(reply.status, 'queued');
  const seen = await until(sim.url, customer.externalId, 'the reply', (c) => c.messages.some((m) => m.chatId === reply.id));
  assert.deepEqual(seen.messages.map((m) => [m.from, m.text]), [['customer', 'Где мой заказ?'], ['manager', 'Завтра привезём']]);
  assert.equal(seen.messages[1]?.author, 'Анна');

  await anna.status(reply.id, 'sent');
  await anna.status(reply.id, 'delivered');
  await until(sim.url, customer.externalId, 'the reply delivered', (c) => c.messages[1]?.status === 'delivered');

  await api(sim.url, '/api/read', { externalId: customer.externalId });
  await anna.status(reply.id, 'read');
  await until(sim.url, customer.externalId, 'the reply read', (c) => c.messages[1]?.status === 'read');

  // The manager edits and deletes: the simulator's copy follows.
  await anna.call('messages.edit', { messageId: reply.id, text: 'Завтра до обеда' });
  await until(sim.url, customer.externalId, 'the edit', (c) => c.messages[1]?.text === 'Завтра до обеда' && c.messages[1]?.edited === true);
  await anna.call('messages.delete', { messageId: reply.id });
  await until(sim.url, customer.externalId, 'the deletion', (c) => c.messages[1]?.deleted === true);

  // The customer edits and deletes their own message through the simulator.
  await api(sim.url, '/api/edit', { externalId: customer.externalId, text: 'Где заказ 1001?' });
  await anna.waitFor('the customer edit', (f) => f.name === 'message.updated' && f.data.message.text === 'Где заказ 1001?');
  await api(sim.url, '/api/delete', { externalId: customer.externalId });
  await anna.waitFor('the customer deletion', (f) => f.name === 'message.updated' && f.data.message.id === created.data.message.id && f.data.message.deletedAt !== undefined);
});

test('a customer sends a photo through the simulator: the manager sees an image attachment; one over 5 MB is refused before Chatdesk', async (t) => {
  const server = await chatServer(t);
  const anna = await manager(server, t);
  const sim = await simulator(server);
  t.after(() => sim.close());
  // Every fetch of this process (the simulator's to Chatdesk included), to see what reached Chatdesk.
  const realFetch = globalThis.fetch;
  const fetched: string[] = [];
  globalThis.fetch = (input, init) => (fetched.push(String(input instanceof Request ? input.url : input)), realFetch(input, init));
  t.after(() => void (globalThis.fetch = realFetch));
  const toChatdesk = () => fetched.filter((u) => u.startsWith(server.url));

  const { customer } = await api(sim.url, '/api/customers', { name: 'Ирина' });
  await api(sim.url, '/api/send', { externalId: customer.externalId, text: 'Пришёл не тот цвет' });
  await anna.waitFor('the text', (f) => f.name === 'message.created' && f.data.message.text === 'Пришёл не тот цвет');
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: 'teal' } }).png().toBuffer();
  const post = (bytes: Buffer, query: Record<string, string>) =>
    fetch(`${sim.url}/api/send-photo?${new URLSearchParams({ externalId: customer.externalId, ...query })}`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: new Uint8Array(bytes) });

  const sent = await post(png, { text: 'Вот он', name: 'color.png' });
  assert.equal(sent.status, 201, await sent.clone().text());
  const { message } = (await sent.json()) as { message: Customer['messages'][number] };
  assert.deepEqual(message.photo, { type: 'image/png', size: png.length });
  // Taken at all, so the channel was registered with `image` and a `maxFileBytes` above it.
  const created = await anna.waitFor('the photo', (f) => f.name === 'message.created' && f.data.message.author.kind === 'customer' && f.data.message.attachments !== undefined);
  assert.equal(created.data.message.id, message.chatId);
  assert.equal(created.data.message.text, 'Вот он');
  assert.equal(created.data.message.attachments.length, 1);
  assert.equal(created.data.message.attachments[0].kind, 'image');
  assert.equal(created.data.message.attachments[0].name, 'color.png');

  // The page shows the simulator's own copy.
  const copy = await fetch(`${sim.url}/api/photos/${message.key}`);
  assert.equal(copy.headers.get('content-type'), 'image/png');
  assert.match(String(copy.headers.get('content-security-policy')), /sandbox/);
  assert.deepEqual(Buffer.from(await copy.arrayBuffer()), png);

  // A photo without a caption is a message too.
  assert.equal((await post(png, {})).status, 201);
  const bare = await anna.waitFor('the bare photo', (f) => f.name === 'message.created' && f.data.message.attachments?.length === 1 && f.data.message.text === '');
  assert.equal(bare.data.message.attachments[0].kind, 'image');

  assert.equal(toChatdesk().filter((u) => u.includes('/api/v1/files?')).length, 2, 'the spy sees the simulator\'s uploads');
  const before = toChatdesk().length;
  const huge = Buffer.concat([png, Buffer.alloc(MAX_PHOTO_BYTES + 1 - png.length)]);
  const refused = await post(huge, { text: 'Большое' });
  assert.equal(refused.status, 413);
  assert.match(((await refused.json()) as { error: string }).error, /over 5 MB/);
  const wrongType = await fetch(`${sim.url}/api/send-photo?externalId=${customer.externalId}`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--' });
  assert.equal(wrongType.status, 415, 'a form (sendable cross-site without a preflight) is not taken');
  assert.deepEqual(toChatdesk().slice(before), [], 'nothing of the refused ones reached Chatdesk');
  const c = await until(sim.url, customer.externalId, 'the messages', () => true);
  assert.deepEqual(c.messages.map((m) => [m.text, m.photo?.size]), [['Пришёл не тот цвет', undefined], ['Вот он', png.length], ['', png.length]]);
});

test('S-CH-2: a manager\'s photo reaches the messenger: the simulator fetches it with its token (a failed fetch answers 503, the webhook comes again) and serves it to its page', async (t) => {
  const server = await chatServer(t);
  const anna = await manager(server, t);
  const sim = await simulator(server);
  t.after(() => sim.close());
  // The simulator's fetches of files: the first one fails as a network error would, so the
  // webhook is answered 503 and has to come again (same webhook-id) to be taken.
  const realFetch = globalThis.fetch;
  const fileFetches: { url: string; auth: string }[] = [];
  globalThis.fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (!url.startsWith(`${server.url}/api/v1/files/`)) return realFetch(input, init);
    fileFetches.push({ url, auth: String(new Headers(init?.headers).get('authorization')) });
    if (fileFetches.length === 1) throw new TypeError('fetch failed');
    return realFetch(input, init);
  };
  t.after(() => void (globalThis.fetch = realFetch));

  const { customer } = await api(sim.url, '/api/customers', { name: 'Зоя' });
  await api(sim.url, '/api/send', { externalId: customer.externalId, text: 'Покажите товар' });
  const created = await anna.waitFor('the customer message', (f) => f.name === 'message.created' && f.data.message.text === 'Покажите товар');
  const fileToken = (await anna.call('files.token', {})).token as string;
  const upload = async (bytes: Uint8Array, name: string, type: string) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
    const res = await fetch(`${server.url}/api/files`, { method: 'POST', headers: { authorization: `Bearer ${fileToken}` }, body: form });
    assert.equal(res.status, 201, await res.clone().text());
    return ((await res.json()) as any).file;
  };
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: 'orange' } }).png().toBuffer();
  const photo = await upload(png, 'товар.png', 'image/png');
  const receipt = await upload(new TextEncoder().encode('Заказ 1001: 2 шт.'), 'чек.txt', 'text/plain');
  const { message: reply } = await anna.call('messages.send', { conversationId: created.data.conversation.id, clientMessageId: 'photo-1', text: '', attachmentIds: [photo.id, receipt.id] });

  const c = await until(sim.url, customer.externalId, 'the reply with its files', (x) => x.messages.some((m) => m.chatId === reply.id));
  const got = c.messages.filter((m) => m.chatId === reply.id);
  assert.equal(got.length, 1, 'taken once, after the 503');
  assert.equal(got[0]?.text, '');
  assert.deepEqual(got[0]?.files, [
    { key: `f${photo.id}`, kind: 'image', name: 'товар.png', mime: photo.mime, size: photo.size },
    { key: `f${receipt.id}`, kind: 'file', name: 'чек.txt', mime: receipt.mime, size: receipt.size },
  ]);
  assert.ok(fileFetches.length >= 3, `the failed fetch, then both files: ${JSON.stringify(fileFetches)}`);
  assert.ok(fileFetches.every((f) => /^Bearer cdm_/.test(f.auth)), 'with the module token');

  // The simulator serves its own copy: the bytes Chatdesk keeps (an image is re-encoded there), inertly.
  for (const f of [photo, receipt]) {
    const kept = await fetch(`${server.url}/api/files/${f.id}?t=${encodeURIComponent(fileToken)}`);
    const copy = await fetch(`${sim.url}/api/photos/f${f.id}`);
    assert.equal(copy.status, 200);
    assert.equal(copy.headers.get('content-type'), f.mime);
    assert.match(String(copy.headers.get('content-security-policy')), /sandbox/);
    assert.deepEqual(Buffer.from(await copy.arrayBuffer()), Buffer.from(await kept.arrayBuffer()));
  }

  // Deleted by the manager: gone from the messenger, bytes too.
  await anna.call('messages.delete', { messageId: reply.id });
  await until(sim.url, customer.externalId, 'the deletion', (x) => x.messages.some((m) => m.chatId === reply.id && m.deleted === true && m.files === undefined));
  assert.equal((await fetch(`${sim.url}/api/photos/f${photo.id}`)).status, 404);
});

test('replies sent while the simulator is down reach the restarted simulator once each, in order', async (t) => {
  const server = await chatServer(t);
  const dir = mkdtempSync(join(tmpdir(), 'messenger-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const dataFile = join(dir, 'messenger.json');
  const anna = await manager(server, t);

  const first = await simulator(server, { dataFile });
  const port = Number(new URL(first.url).port);
  const { customer } = await api(first.url, '/api/customers', { name: 'Мария' });
  await api(first.url, '/api/send', { externalId: customer.externalId, text: 'Есть синий?' });
  const created = await anna.waitFor('the customer message', (f) => f.name === 'message.created' && f.data.message.text === 'Есть синий?');
  await first.close();

  const replies: number[] = [];
  for (const [i, text] of ['Проверяю склад', 'Да, есть'].entries()) {
    const { message } = await anna.call('messages.send', { conversationId: created.data.conversation.id, clientMessageId: `down-${i}`, text });
    assert.equal(message.status, 'queued');
    replies.push(message.id);
  }
  await new Promise((r) => setTimeout(r, 300)); // the outbox meets a closed port at least once

  const second = await simulator(server, { dataFile, port });
  t.after(() => second.close());
  const c = await until(second.url, customer.externalId, 'both replies', (x) => replies.every((id) => x.messages.some((m) => m.chatId === id)));
  assert.deepEqual(c.messages.map((m) => m.text), ['Есть синий?', 'Проверяю склад', 'Да, есть'], 'kept across the restart, in order, once each');
  for (const id of replies) await anna.status(id, 'delivered');
  // Retries (same webhook-id) after they were taken would show as duplicates: wait one more retry period.
  await new Promise((r) => setTimeout(r, 1_500));
  const after = await until(second.url, customer.externalId, 'the same', () => true);
  assert.deepEqual(after.messages.map((m) => m.chatId), c.messages.map((m) => m.chatId));
});

test('a webhook delivered twice with the same webhook-id is answered 200 both times and taken once', async (t) => {
  const server = await chatServer(t);
  const anna = await manager(server, t);
  const sim = await simulator(server);
  t.after(() => sim.close());
  // A relay in front of the simulator that passes every webhook on twice, as a retry after a lost answer would.
  const answers: string[] = [];
  const relay = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = Object.fromEntries(['content-type', 'webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => [h, String(req.headers[h])]));
    let status = 500;
    for (let i = 0; i < 2; i++) {
      const r = await fetch(`${sim.url}/webhook`, { method: 'POST', headers, body: Buffer.concat(chunks) });
      status = r.status;
      answers.push(`${r.status} ${await r.text()}`);
    }
    res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => (relay.close(resolve), relay.closeAllConnections())));
  const { modules } = await anna.call('modules.list', {});
  const mod = modules.find((m: { code: string }) => m.code === 'demo-messenger');
  const address = relay.address() as { port: number };
  await anna.call('modules.update', { moduleId: mod.id, webhookUrl: `http://127.0.0.1:${address.port}/webhook` });

  const { customer } = await api(sim.url, '/api/customers', { name: 'Олег' });
  await api(sim.url, '/api/send', { externalId: customer.externalId, text: 'Алло' });
  const created = await anna.waitFor('the customer message', (f) => f.name === 'message.created' && f.data.message.text === 'Алло');
  const { message: reply } = await anna.call('messages.send', { conversationId: created.data.conversation.id, clientMessageId: 'twice', text: 'Слушаю' });
  await anna.status(reply.id, 'delivered');
  const c = await until(sim.url, customer.externalId, 'the reply', (x) => x.messages.some((m) => m.chatId === reply.id));
  assert.deepEqual(answers, ['200 {"ok":true}', '200 {"ok":true,"duplicate":true}'], 'the repeat is recognised, not acted on');
  assert.deepEqual(c.messages.map((m) => m.text), ['Алло', 'Слушаю']);
});

test('the webhook endpoint answers 401 to a call without signature headers or signed with another secret', async (t) => {
  const server = await chatServer(t);
  const sim = await simulator(server);
  t.after(() => sim.close());
  const body = JSON.stringify({ type: 'message.created', timestamp: new Date().toISOString(), data: {} });
  const post = (headers: Record<string, string>) => fetch(`${sim.url}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const now = Math.floor(Date.now() / 1000);
  const wrongSecret = 'whsec_' + Buffer.from('not the module secret').toString('base64');
  assert.equal((await post({})).status, 401, 'no headers');
  assert.equal((await post({ 'webhook-id': 'msg_1', 'webhook-timestamp': String(now), 'webhook-signature': sign(wrongSecret, 'msg_1', now, body) })).status, 401, 'another secret');
});

test('the signature check accepts a signed body and refuses a tampered one, one 6 minutes old or ahead', () => {
  const secret = 'whsec_' + Buffer.from('a module secret of 24 B').toString('base64');
  const body = '{"type":"message.created"}';
  const now = Date.now();
  const headers = signedHeaders(secret, body, 'msg_a', now);
  assert.deepEqual(verify(secret, headers, body, now), { ok: true, id: 'msg_a' });
  assert.deepEqual(verify(secret, { ...headers, 'webhook-signature': `v1,AAAA ${headers['webhook-signature']}` }, body, now), { ok: true, id: 'msg_a' }, 'one of several signatures');
  assert.deepEqual(verify(secret, headers, body.replace('created', 'deleted'), now), { ok: false, reason: 'bad-signature' });
  assert.deepEqual(verify(secret, signedHeaders(secret, body, 'msg_b', now - 6 * 60_000), body, now), { ok: false, reason: 'expired' });
  assert.deepEqual(verify(secret, signedHeaders(secret, body, 'msg_c', now + 6 * 60_000), body, now), { ok: false, reason: 'future' });
  assert.deepEqual(verify(secret, { 'webhook-id': 'msg_d' }, body, now), { ok: false, reason: 'missing-headers' });
});

const POLICY = { enabled: true, text: 'Мы обрабатываем ваши данные, чтобы ответить вам.', link: 'https://shop.example/privacy', excludedChannelIds: [] as number[] };

/** The messenger's own messages in a customer's chat (the privacy notices, the thanks). */
const notices = (c: Customer) => c.messages.filter((m) => m.from === 'system');

test('S-SET-5: with the privacy policy on, a messenger customer gets the policy, agrees by the keyword, and only then the manager sees the conversation with the first message', async (t) => {
  const server = await chatServer(t);
  const anna = await manager(server, t);
  const sim = await simulator(server);
  t.after(() => sim.close());

  // Вера wrote before the policy was switched on: her conversation exists.
  const { customer: vera } = await api(sim.url, '/api/customers', { name: 'Вера' });
  await api(sim.url, '/api/send', { externalId: vera.externalId, text: 'Здравствуйте' });
  const veras = await anna.waitFor('Вера\'s message', (f) => f.name === 'message.created' && f.data.message.text === 'Здравствуйте');

  // The admin switches the policy on, as the settings screen does.
  await anna.call('settings.update', { privacy: POLICY });

  const { customer } = await api(sim.url, '/api/customers', { name: 'Пётр' });
  const first = await api(sim.url, '/api/send', { externalId: customer.externalId, text: 'Где мой заказ?' });
  assert.equal(first.message.pending, true, 'held in the messenger, not lost');
  assert.equal(first.message.chatId, undefined);
  const asked = await until(sim.url, customer.externalId, 'the notice', (c) => notices(c).length === 1);
  const notice = notices(asked)[0];
  assert.ok(notice);
  assert.ok(notice.text.includes(POLICY.text) && notice.text.includes(POLICY.link), `the policy's text and link: ${notice.text}`);
  assert.match(notice.text, /«Согласен»/);
  assert.equal(notice.link, POLICY.link, 'for the page to make it clickable');
  const version = asked.consent?.privacy.version;
  assert.ok(version, 'the version shown is kept, to be reported');

  // What the customer writes while asked is held too; the notice comes again once, not every time.
  await api(sim.url, '/api/send', { externalId: customer.externalId, text: 'Это срочно' });
  await api(sim.url, '/api/send', { externalId: customer.externalId, text: 'Алло?' });
  const held = await until(sim.url, customer.externalId, 'three held', (c) => c.messages.filter((m) => m.pending).length === 3);
  assert.equal(notices(held).length, 2, 'the first notice and one reminder');
  assert.deepEqual(
    held.messages.map((m) => [m.from, m.from === 'system' ? 'notice' : m.text]),
    [['customer', 'Где мой заказ?'], ['system', 'notice'], ['customer', 'Это срочно'], ['system', 'notice'], ['customer', 'Алло?']],
  );

  // The manager sees nothing of Пётр.
  const before = await anna.call('conversations.list', {});
  assert.deepEqual(before.conversations.map((c: any) => c.customer.name), ['Вера']);

  // He agrees by the keyword.
  const agreed = await api(sim.url, '/api/send', { externalId: customer.externalId, text: ' согласен ' });
  assert.equal(agreed.message.toMessenger, true, 'the answer to the prompt stays in the messenger');
  const created = await anna.waitFor('Пётр\'s first message', (f) => f.name === 'message.created' && f.data.conversation?.customer?.name === 'Пётр' && f.data.message.author.kind === 'customer');
  assert.equal(created.data.message.text, 'Где мой заказ?', 'the conversation opens with the first message');
  const conversationId = created.data.conversation.id;
  // The customer's messages (the server adds its own, such as that the conversation opened).
  const messages = (await anna.call('messages.list', { conversationId })).messages.filter((m: any) => m.author.kind === 'customer');
  assert.deepEqual(messages.map((m: any) => m.text), ['Где мой заказ?', 'Это срочно', 'Алло?'], 'in order, without the keyword or the notices');
  const after = await anna.call('conversations.list', {});
  assert.deepEqual(after.conversations.map((c: any) => c.customer.name).sort(), ['Вера', 'Пётр']);
  assert.equal((await server.app.chat.store.consents.ofConversation(conversationId))?.version, version, 'the agreement to the version shown, kept with the conversation');

  const done = await until(sim.url, customer.externalId, 'all sent', (c) => c.consent === undefined && c.messages.every((m) => !m.pending));
  assert.deepEqual(
    done.messages.filter((m) => m.from === 'customer' && !m.toMessenger).map((m) => m.chatId),
    messages.map((m: any) => m.id),
  );
  assert.equal(notices(done).length, 3, 'and a thank-you');

  // Вера, with her conversation, is not asked: her message goes straight on.
  const more = await api(sim.url, '/api/send', { externalId: vera.externalId, text: 'Ещё вопрос' });
  assert.equal(more.message.pending, undefined);
  const next = await anna.waitFor('Вера\'s next message', (f) => f.name === 'message.created' && f.data.message.text === 'Ещё вопрос');
  assert.equal(next.data.conversation.id, veras.data.conversation.id);
  const v = await until(sim.url, vera.externalId, 'Вера', () => true);
  assert.equal(v.consent, undefined);
  assert.deepEqual(notices(v), []);
});

test('S-SET-5: held messages and the question survive a restart; a policy changed before the customer agrees is fetched and shown again, and the button agrees to it', async (t) => {
  const server = await chatServer(t);
  const anna = await manager(server, t);
  const dir = mkdtempSync(join(tmpdir(), 'messenger-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const dataFile = join(dir, 'messenger.json');
  await anna.call('settings.update', { privacy: POLICY });

  const first = await simulator(server, { dataFile });
  const port = Number(new URL(first.url).port);
  const { customer } = await api(first.url, '/api/customers', { name: 'Нина' });
  await api(first.url, '/api/send', { externalId: customer.externalId, text: 'Есть размер 38?' });
  const shown = (await until(first.url, customer.externalId, 'the notice', (c) => c.consent !== undefined)).consent?.privacy.version;
  // A photo while asked: uploaded at once, held with the text; its message names the upload when it goes.
  const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: 'navy' } }).png().toBuffer();
  const photo = await fetch(`${first.url}/api/send-photo?${new URLSearchParams({ externalId: customer.externalId, text: 'Вот такие', name: 'shoes.png' })}`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: new Uint8Array(png) });
  assert.equal(photo.status, 201, await photo.clone().text());
  assert.equal(((await photo.json()) as any).message.pending, true);
  await first.close();

  const changed = `${POLICY.text} Новая редакция.`;
  await anna.call('settings.update', { privacy: { ...POLICY, text: changed } });
  const second = await simulator(server, { dataFile, port });
  t.after(() => second.close());
  const kept = await until(second.url, customer.externalId, 'the held message', (c) => c.consent?.privacy.version === shown);
  assert.equal(kept.messages.find((m) => m.text === 'Есть размер 38?')?.pending, true, 'kept across the restart');

  // The button reports the version shown: Chatdesk answers CONFLICT, so the current one is shown.
  const again = await api(second.url, '/api/consent', { externalId: customer.externalId });
  assert.ok(again.consent && again.consent.privacy.version !== shown, 'asked again, for the version in force');
  // Notices: the first, the reminder the photo brought, and the changed policy.
  const reasked = await until(second.url, customer.externalId, 'the new notice', (c) => notices(c).length === 3);
  assert.match(notices(reasked)[2]?.text ?? '', /изменилась[\s\S]*Новая редакция/);
  assert.deepEqual((await anna.call('conversations.list', {})).conversations, [], 'nothing reached the managers');

  const agreed = await api(second.url, '/api/consent', { externalId: customer.externalId });
  assert.equal(agreed.consent, null);
  const created = await anna.waitFor('Нина\'s message', (f) => f.name === 'message.created' && f.data.message.text === 'Есть размер 38?');
  assert.equal((await server.app.chat.store.consents.ofConversation(created.data.conversation.id))?.version, again.consent.privacy.version);
  const withPhoto = await anna.waitFor('Нина\'s photo', (f) => f.name === 'message.created' && f.data.message.text === 'Вот такие');
  assert.equal(withPhoto.data.conversation.id, created.data.conversation.id);
  assert.deepEqual(withPhoto.data.message.attachments.map((a: any) => [a.kind, a.name]), [['image', 'shoes.png']]);
  assert.ok(withPhoto.data.message.id > created.data.message.id, 'in the order written');
  await assert.rejects(api(second.url, '/api/consent', { externalId: customer.externalId }), /409/, 'nothing to agree to any more');
});

test('the consent keyword: «Согласен» and its variants, case and spaces aside; nothing else', () => {
  for (const yes of ['Согласен', ' согласен ', 'СОГЛАСНА', 'agree', 'Yes!', 'да', '«Согласен»', 'согласен.']) assert.ok(isAgreement(yes), yes);
  for (const no of ['', 'нет', 'не согласен', 'согласен, но', 'yes please', 'да?']) assert.ok(!isAgreement(no), no);
});

test('S-SET-6: started with a store, the simulator maps its channel to it when the channel has none, and leaves a store the admin chose', async (t) => {
  const server = await startTestServer({ stores: [{ code: 'main', name: 'Основной' }, { code: 'opt', name: 'Опт' }] });
  t.after(() => server.close());
  const admin = await manager(server, t);
  const sim = await startMessenger({
    chatUrl: server.url,
    origin: server.origin,
    store: 'main',
    adminToken: async () => server.userToken({ id: 'olga', name: 'Ольга', rights: ['admin'] }),
  });
  let got = await admin.call('settings.get', {});
  const simChannel = (got.channels as { id: number; kind: string }[]).find((c) => c.kind === 'messenger')!;
  assert.equal(got.settings.widgets.storeByChannel[String(simChannel.id)], 'main');
  // The admin moves it to another store; a restart of the module keeps the admin's choice.
  await admin.call('settings.update', { version: got.version, widgets: { ...got.settings.widgets, storeByChannel: { ...got.settings.widgets.storeByChannel, [simChannel.id]: 'opt' } } });
  await sim.close();
  const again = await startMessenger({
    chatUrl: server.url,
    origin: server.origin,
    store: 'main',
    adminToken: async () => server.userToken({ id: 'olga', name: 'Ольга', rights: ['admin'] }),
  });
  t.after(() => again.close());
  got = await admin.call('settings.get', {});
  assert.equal(got.settings.widgets.storeByChannel[String(simChannel.id)], 'opt');
});
