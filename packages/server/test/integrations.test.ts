import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import sharp from 'sharp';
import { webhookHeaders } from '../src/channels/integration/standard-webhooks.js';
import { CallError, cmid, connect, startServer, type TestServer } from './helpers.js';

/** A module as the integration API sees it: its token and webhook secret, from `modules.create`. */
interface Module {
  token: string;
  secret: string;
  id: number;
}

/** Calls the integration API as a module written from the README would: Bearer token, signed body. */
async function api(
  server: TestServer,
  m: Module,
  method: string,
  path: string,
  body?: unknown,
  o: { id?: string; now?: number; sign?: boolean; raw?: string; token?: string } = {},
): Promise<{ status: number; body: any }> {
  const text = o.raw ?? (body === undefined ? '' : JSON.stringify(body));
  const headers: Record<string, string> = { authorization: `Bearer ${o.token ?? m.token}` };
  if (text !== '') headers['content-type'] = 'application/json';
  if (o.sign !== false) Object.assign(headers, webhookHeaders(m.secret, o.id ?? `msg_${randomUUID()}`, text, o.now ?? Date.now()));
  const res = await fetch(`${server.url}${path}`, { method, headers, ...(text === '' ? {} : { body: text }) });
  return { status: res.status, body: await res.json() };
}

/** A webhook receiver that takes everything (the outbox's own tests check what it gets). */
async function sink(t: TestContext): Promise<string> {
  const server = createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end('{}')));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

async function scene(t: TestContext, code = 'tg') {
  const server = await startServer(t);
  const admin = await connect(t, server, server.userToken({ id: 'ada', name: 'Ада', rights: ['chats', 'admin'] }));
  const created = await admin.call('modules.create', { code, name: 'Telegram', webhookUrl: await sink(t) });
  const m: Module = { token: created.token, secret: created.webhookSecret, id: created.module.id };
  return { server, admin, m, created };
}

const TG = { kind: 'telegram', name: 'Telegram @shop_bot', capabilities: { quote: true, image: true, deliveredReports: true, readReports: true, maxTextChars: 2000 } };

async function registered(server: TestServer, m: Module, code = 'shop_bot', reg: unknown = TG) {
  const r = await api(server, m, 'PUT', `/api/v1/channels/${code}`, reg);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.channel;
}

async function inbound(server: TestServer, m: Module, body: Record<string, unknown>) {
  const r = await api(server, m, 'POST', '/api/v1/messages', { channel: 'shop_bot', customer: { externalId: '1001', name: 'Пётр' }, messageId: cmid('tg'), text: 'Здравствуйте', ...body });
  return r;
}

test('S-CH-2: an admin makes a module; its token and webhook secret are shown once, a plain manager may not', async (t) => {
  const { server, admin, created } = await scene(t);
  assert.match(created.token, /^cdm_[A-Za-z0-9_-]{43}$/);
  assert.match(created.webhookSecret, /^whsec_[A-Za-z0-9+/]+=*$/);
  const listed = await admin.call('modules.list', {});
  assert.deepEqual(listed.modules.map((m: any) => [m.code, m.name, m.channels]), [['tg', 'Telegram', []]]);
  assert.match(listed.modules[0].webhookUrl, /^http:\/\/127\.0\.0\.1:\d+\/hook$/);
  assert.ok(!JSON.stringify(listed).includes(created.token), 'the token is not shown again');
  await assert.rejects(admin.call('modules.create', { code: 'tg', name: 'Again' }), (e: CallError) => e.code === 'CONFLICT');
  const manager = await connect(t, server, server.userToken({ id: 'max', name: 'Макс', rights: ['chats'] }));
  await assert.rejects(manager.call('modules.list', {}), (e: CallError) => e.code === 'FORBIDDEN');
  await assert.rejects(manager.call('modules.create', { code: 'x', name: 'X' }), (e: CallError) => e.code === 'FORBIDDEN');
  await assert.rejects(admin.call('modules.update', { moduleId: created.module.id, webhookUrl: 'ftp://example.com/' }), (e: CallError) => e.code === 'INVALID_PARAMS');
  const updated = await admin.call('modules.update', { moduleId: created.module.id, webhookUrl: 'https://hooks.example.com/chat' });
  assert.equal(updated.module.webhookUrl, 'https://hooks.example.com/chat');
});

test('S-CH-2: a module registers a channel; open panels learn its capabilities live, new sessions in welcome', async (t) => {
  const { server, admin, m } = await scene(t);
  const manager = await connect(t, server, server.userToken({ id: 'max', name: 'Макс', rights: ['chats'] }));
  const channel = await registered(server, m);
  assert.deepEqual([channel.code, channel.kind, channel.name, channel.capabilities.connected, channel.capabilities.edit, channel.capabilities.quote], ['shop_bot', 'telegram', 'Telegram @shop_bot', true, false, true]);
  for (const c of [admin, manager]) {
    const e = await c.nextEvent('channel.updated');
    assert.deepEqual(e.data.channel, { id: channel.id, kind: 'telegram', name: 'Telegram @shop_bot' });
    assert.equal(e.data.capabilities.maxTextChars, 2000);
  }
  // The same registration again changes nothing and tells nobody.
  const again = await api(server, m, 'PUT', '/api/v1/channels/shop_bot', TG);
  assert.equal(again.body.created, false);
  assert.equal(await manager.receivesWithin((f) => f.type === 'event' && f.name === 'channel.updated', 300), false);
  const later = await connect(t, server, server.userToken({ id: 'kim', name: 'Ким', rights: ['chats'] }));
  assert.equal(later.welcome!.channels[channel.id]!.quote, true);
  assert.equal(later.welcome!.channels[channel.id]!.edit, false);
  // Its kind is its own for good.
  const kind = await api(server, m, 'PUT', '/api/v1/channels/shop_bot', { ...TG, kind: 'whatsapp' });
  assert.equal(kind.status, 409);
  assert.equal(kind.body.error.code, 'CONFLICT');
  const list = await api(server, m, 'GET', '/api/v1/channels');
  assert.deepEqual(list.body.channels.map((c: any) => c.code), ['shop_bot']);
});

test('S-CH-2 S-DLG-1: a messenger customer writes; known by the channel\'s external id, idempotent on the module\'s message id', async (t) => {
  const { server, admin, m } = await scene(t);
  const channel = await registered(server, m);
  const first = await inbound(server, m, { messageId: 'tg:5001', text: 'Где мой заказ?' });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.body.duplicate, false);
  const seen = (await admin.waitFor((f) => f.type === 'event' && f.name === 'message.created' && (f as any).data.message.author.kind === 'customer')) as any;
  assert.equal(seen.data.message.text, 'Где мой заказ?');
  assert.equal(seen.data.message.author.kind, 'customer');
  assert.deepEqual(seen.data.conversation.channel, { id: channel.id, kind: 'telegram', name: 'Telegram @shop_bot' });
  assert.equal(seen.data.conversation.customer.name, 'Пётр');
  // The same message again (a module's retry): the first answer, nothing new stored or sent.
  const repeat = await inbound(server, m, { messageId: 'tg:5001', text: 'Где мой заказ?' });
  assert.deepEqual(repeat.body, { ...first.body, duplicate: true });
  assert.equal(await admin.receivesWithin((f) => f.type === 'event' && f.name === 'message.created' && (f as any).data.message.author.kind === 'customer', 300), false);
  // The same customer goes on in the same conversation; another one gets their own.
  const second = await inbound(server, m, { messageId: 'tg:5002', text: 'Алло?' });
  assert.equal(second.body.message.conversationId, first.body.message.conversationId);
  assert.equal(second.body.message.customerId, first.body.message.customerId);
  const other = await inbound(server, m, { customer: { externalId: '2002' }, messageId: 'tg:5001', text: 'Привет' });
  assert.notEqual(other.body.message.customerId, first.body.message.customerId);
  assert.equal(other.body.duplicate, false, 'message ids are per customer');
  const page = await admin.call('messages.list', { conversationId: first.body.message.conversationId });
  assert.deepEqual(page.messages.filter((x: any) => x.author.kind === 'customer').map((x: any) => x.text), ['Где мой заказ?', 'Алло?']);
});

test('S-CH-2: every call needs the module token and a fresh signature of its body by the webhook secret; a replay is refused', async (t) => {
  const { server, m } = await scene(t);
  await registered(server, m);
  const body = { channel: 'shop_bot', customer: { externalId: '1' }, messageId: 'a1', text: 'hi' };
  const refused = async (r: { status: number; body: any }, reason?: string) => {
    assert.equal(r.status, 401, JSON.stringify(r.body));
    assert.equal(r.body.error.code, 'UNAUTHENTICATED');
    if (reason) assert.equal(r.body.error.details.reason, reason);
  };
  await refused(await api(server, m, 'POST', '/api/v1/messages', body, { token: 'cdm_wrong' }));
  await refused(await api(server, m, 'POST', '/api/v1/messages', body, { sign: false }), 'missing-headers');
  await refused(await api(server, m, 'POST', '/api/v1/messages', body, { now: Date.now() - 6 * 60_000 }), 'expired');
  await refused(await api(server, m, 'POST', '/api/v1/messages', body, { now: Date.now() + 6 * 60_000 }), 'future');
  // Signed for one body, sent with another.
  const signedFor = JSON.stringify(body);
  const headers = { authorization: `Bearer ${m.token}`, 'content-type': 'application/json', ...webhookHeaders(m.secret, 'msg_t1', signedFor, Date.now()) };
  const tampered = await fetch(`${server.url}/api/v1/messages`, { method: 'POST', headers, body: signedFor.replace('hi', 'pay me') });
  await refused({ status: tampered.status, body: await tampered.json() }, 'bad-signature');
  const ok = await api(server, m, 'POST', '/api/v1/messages', body, { id: 'msg_once' });
  assert.equal(ok.status, 200);
  await refused(await api(server, m, 'POST', '/api/v1/messages', body, { id: 'msg_once' }), 'replayed');
  // Another module's secret does not sign for this one.
  const other = await api(server, { ...m, secret: 'whsec_' + Buffer.alloc(24, 7).toString('base64') }, 'POST', '/api/v1/messages', body);
  await refused(other, 'bad-signature');
});

test('S-CH-2: bad bodies get INVALID_PARAMS; a module reaches only its own channels', async (t) => {
  const { server, admin, m } = await scene(t);
  await registered(server, m);
  const bad = await api(server, m, 'POST', '/api/v1/messages', { channel: 'shop_bot', customer: { externalId: '' }, messageId: 'x', text: '   ' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 'INVALID_PARAMS');
  const notJson = await api(server, m, 'POST', '/api/v1/messages', undefined, { raw: '{"channel":' });
  assert.equal(notJson.status, 400);
  const kind = await api(server, m, 'PUT', '/api/v1/channels/web1', { kind: 'web', name: 'Fake web' });
  assert.equal(kind.status, 400, 'web is the built-in channel\'s kind');
  const made = await admin.call('modules.create', { code: 'wa', name: 'WhatsApp' });
  const wa: Module = { token: made.token, secret: made.webhookSecret, id: made.module.id };
  const foreign = await api(server, wa, 'POST', '/api/v1/messages', { channel: 'shop_bot', customer: { externalId: '1' }, messageId: 'x', text: 'hi' });
  assert.equal(foreign.status, 404);
  assert.equal(foreign.body.error.code, 'NOT_FOUND');
  const removeForeign = await api(server, wa, 'DELETE', '/api/v1/channels/shop_bot');
  assert.equal(removeForeign.status, 404);
});

test('S-CH-2 S-DLG-7: the customer edits and deletes in the messenger; staff see it, the audit trail keeps the old text', async (t) => {
  const { server, admin, m } = await scene(t);
  await registered(server, m);
  const sent = await inbound(server, m, { messageId: 'e1', text: 'Хочу синий' });
  await admin.nextEvent('message.created');
  const edit = await api(server, m, 'POST', '/api/v1/messages/edit', { channel: 'shop_bot', customerExternalId: '1001', messageId: 'e1', text: 'Хочу красный' });
  assert.equal(edit.status, 200, JSON.stringify(edit.body));
  assert.equal(edit.body.message.id, sent.body.message.id);
  const updated = await admin.nextEvent('message.updated');
  assert.equal(updated.data.message.text, 'Хочу красный');
  const history = await admin.call('messages.history', { messageId: sent.body.message.id });
  assert.deepEqual(history.revisions.map((r: any) => [r.action, r.text]), [['edited', 'Хочу синий']]);
  const del = await api(server, m, 'POST', '/api/v1/messages/delete', { channel: 'shop_bot', customerExternalId: '1001', messageId: 'e1' });
  assert.equal(del.status, 200);
  assert.ok((await admin.nextEvent('message.updated')).data.message.deletedAt);
  const unknown = await api(server, m, 'POST', '/api/v1/messages/edit', { channel: 'shop_bot', customerExternalId: '1001', messageId: 'nope', text: 'x' });
  assert.equal(unknown.status, 404);
});

test('S-CH-2 S-DLG-13: a reply to a messenger waits queued; the module reports sent, delivered, read, and a status never goes back', async (t) => {
  const { server, admin, m } = await scene(t);
  await registered(server, m);
  const first = await inbound(server, m, { messageId: 's1', text: 'Есть доставка?' });
  const conversationId = first.body.message.conversationId;
  const reply = await admin.call('messages.send', { conversationId, clientMessageId: cmid('a'), text: 'Да, завтра' });
  assert.equal(reply.message.status, 'queued');
  const report = (status: string, messageId = reply.message.id, reason?: string) =>
    api(server, m, 'POST', '/api/v1/statuses', { messageId, status, ...(reason ? { reason } : {}) });
  for (const status of ['sent', 'delivered', 'read']) {
    const r = await report(status);
    assert.deepEqual(r.body, { status });
    const e = await admin.waitFor((f) => f.type === 'event' && f.name === 'message.status' && (f as any).data.status === status);
    assert.deepEqual((e as any).data.messageIds, [reply.message.id]);
  }
  assert.deepEqual((await report('sent')).body, { status: 'read' }, 'a late report changes nothing');
  const second = await admin.call('messages.send', { conversationId, clientMessageId: cmid('a'), text: 'Курьер позвонит' });
  assert.deepEqual((await report('failed', second.message.id, 'bot was blocked by the user')).body, { status: 'failed' });
  const page = await admin.call('messages.list', { conversationId });
  const failed = page.messages.find((x: any) => x.id === second.message.id);
  assert.deepEqual([failed.status, failed.failReason], ['failed', 'channel_error']);
  // A customer's message has no status to report; a web conversation's reply is not the module's.
  assert.equal((await report('read', first.body.message.id)).status, 404);
});

test('S-CH-2: the channel decides what staff may do: no edit where it cannot, its length limit, no quote, nothing once removed', async (t) => {
  const { server, admin, m } = await scene(t);
  const channel = await registered(server, m, 'sms', { kind: 'sms', name: 'SMS', capabilities: { maxTextChars: 10 } });
  const first = await inbound(server, m, { channel: 'sms', messageId: 'c1', text: 'Позвоните мне' });
  const conversationId = first.body.message.conversationId;
  const conv = await admin.call('conversations.get', { conversationId });
  assert.equal(conv.conversation.can.reply, true);
  await assert.rejects(
    admin.call('messages.send', { conversationId, clientMessageId: cmid('a'), text: 'Слишком длинный ответ' }),
    (e: CallError) => e.code === 'LIMIT_EXCEEDED' && (e.details as any).limit === 10,
  );
  const short = await admin.call('messages.send', { conversationId, clientMessageId: cmid('a'), text: 'Звоню!' });
  assert.equal(short.message.can.edit, false, 'the panel offers no Edit');
  await assert.rejects(admin.call('messages.edit', { messageId: short.message.id, text: 'Звоню' }), (e: CallError) => e.code === 'FORBIDDEN' && (e.details as any).capability === 'edit');
  await assert.rejects(
    admin.call('messages.send', { conversationId, clientMessageId: cmid('a'), text: 'Ок', replyToId: first.body.message.id }),
    (e: CallError) => e.code === 'FORBIDDEN' && (e.details as any).capability === 'quote',
  );
  const removed = await api(server, m, 'DELETE', '/api/v1/channels/sms');
  assert.equal(removed.body.channel.capabilities.connected, false);
  const heard = await admin.waitFor((f) => f.type === 'event' && f.name === 'channel.updated' && (f as any).data.capabilities.connected === false);
  assert.equal((heard as any).data.channel.id, channel.id);
  await assert.rejects(admin.call('messages.send', { conversationId, clientMessageId: cmid('a'), text: 'Ок' }), (e: CallError) => e.code === 'FORBIDDEN' && (e.details as any).capability === 'connected');
  assert.equal((await admin.call('conversations.get', { conversationId })).conversation.can.reply, false);
  const late = await inbound(server, m, { channel: 'sms', messageId: 'c2', text: 'Алло' });
  assert.equal(late.status, 409);
  assert.equal(late.body.error.details.reason, 'disconnected');
});

test('S-CH-2: the integration API describes itself: /api/v1/openapi.json lists every route with its schemas and codes', async (t) => {
  const server = await startServer(t);
  const res = await fetch(`${server.url}/api/v1/openapi.json`);
  assert.equal(res.status, 200);
  const doc = (await res.json()) as any;
  assert.equal(doc.openapi, '3.1.0');
  assert.deepEqual(Object.keys(doc.paths).sort(), ['/api/v1/channels', '/api/v1/channels/{code}', '/api/v1/channels/{code}/privacy', '/api/v1/consents', '/api/v1/files', '/api/v1/files/{id}', '/api/v1/messages', '/api/v1/messages/delete', '/api/v1/messages/edit', '/api/v1/statuses']);
  assert.ok(doc.paths['/api/v1/messages'].post.requestBody.content['application/json'].schema);
  assert.ok(doc.paths['/api/v1/messages'].post.responses['401']);
  // The upload: multipart with one binary part, its query, the token alone (no signature headers), 201 {file}.
  const upload = doc.paths['/api/v1/files'].post;
  assert.equal(upload.operationId, 'uploadFile');
  assert.equal(upload.requestBody.content['multipart/form-data'].schema.properties.file.format, 'binary');
  assert.deepEqual(upload.parameters.map((p: any) => `${p.in}:${p.name}:${p.required}`), ['query:channel:true', 'query:customer:true']);
  assert.deepEqual(upload.security, [{ moduleToken: [] }]);
  assert.ok(upload.responses['201'].content['application/json'].schema.properties.file);
  assert.deepEqual(Object.keys(upload.responses).sort(), ['201', '400', '401', '404', '409', '413']);
});

test('S-CH-2 S-DLG-9: a module uploads a customer\'s photo (POST /api/v1/files) and posts the message that carries it; staff get it as any attachment', async (t) => {
  const { server, admin, m } = await scene(t);
  await registered(server, m, 'shop_bot', { ...TG, capabilities: { ...TG.capabilities, image: true, maxFileBytes: 5_000_000 } });
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: 'teal' } }).png().toBuffer();
  const upload = async (query: string, token = m.token) => {
    const form = new FormData();
    form.append('file', new Blob([png], { type: 'image/png' }), 'photo.png');
    const res = await fetch(`${server.url}/api/v1/files?${query}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    return { status: res.status, body: (await res.json()) as any };
  };
  assert.equal((await upload('channel=shop_bot&customer=1001', 'cdm_nope')).status, 401);
  assert.equal((await upload('channel=nope&customer=1001')).status, 404);
  assert.equal((await upload('channel=shop_bot')).status, 400);
  const up = await upload('channel=shop_bot&customer=1001');
  assert.equal(up.status, 201, JSON.stringify(up.body));
  assert.equal(up.body.file.kind, 'image');
  const sent = await inbound(server, m, { messageId: 'photo1', text: '', attachmentIds: [up.body.file.id] });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  const seen = (await admin.waitFor((f) => f.type === 'event' && f.name === 'message.created' && (f as any).data.message.author.kind === 'customer')) as any;
  assert.deepEqual(seen.data.message.attachments.map((a: any) => a.id), [up.body.file.id]);
  // Another customer of the channel cannot send it: it is the uploader's.
  const foreign = await inbound(server, m, { customer: { externalId: '2002' }, messageId: 'photo2', text: '', attachmentIds: [up.body.file.id] });
  assert.equal(foreign.status, 404);
  const empty = await inbound(server, m, { messageId: 'nothing', text: '' });
  assert.equal(empty.status, 400, 'a text or a file');
});
