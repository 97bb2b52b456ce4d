// Several server nodes on one PostgreSQL database (issue 12): each node's bus hears the others'
// commits (NOTIFY) and hands every event on once, in seq order; a client may resume on any node.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import { dropSchema } from '../src/adapters/postgres/db.js';
import { testDatabaseUrl } from '../src/testing.js';
import { cmid, connect, startServer, type EventFrame, type TestClient, type TestServer } from './helpers.js';

async function cluster(t: TestContext, n: number, clock?: { now(): number }): Promise<TestServer[]> {
  const url = testDatabaseUrl();
  const schema = `nodes_${process.pid}_${randomBytes(4).toString('hex')}`;
  const secret = randomBytes(24).toString('base64url');
  const nodes: TestServer[] = [];
  // One after another: the first migrates the schema (the others would wait on its lock anyway).
  for (let i = 0; i < n; i++) nodes.push(await startServer(t, { databaseUrl: url, databaseSchema: schema, secret, ...(clock ? { clock } : {}) }));
  t.after(() => dropSchema(url, schema));
  return nodes;
}

/** Events received until `pred` holds of them (or the timeout). */
async function eventsUntil(c: TestClient, pred: (seen: EventFrame[]) => boolean, ms = 5_000): Promise<EventFrame[]> {
  const seen: EventFrame[] = [];
  const end = Date.now() + ms;
  while (!pred(seen)) {
    const left = end - Date.now();
    if (left <= 0) throw new Error(`not there after ${ms} ms: ${seen.map((e) => `${e.seq} ${e.name}`).join(', ')}`);
    seen.push(await c.nextEvent(undefined, left));
  }
  return seen;
}

const texts = (events: EventFrame[]) => events.filter((e) => e.name === 'message.created').map((e) => e.data.message.text as string);

test('two nodes on one PostgreSQL database: a visitor on one and a manager on the other chat live, every event once and in seq order', async (t) => {
  const [a, b] = await cluster(t, 2);
  const anna = await connect(t, b!, b!.userToken({ id: 'anna', name: 'Анна' }));
  const { token } = await a!.visitorToken();
  const visitor = await connect(t, a!, token);
  const first = await visitor.call('messages.send', { clientMessageId: cmid(), text: 'Где мой заказ?' });
  const conversationId = first.conversation.id as number;
  const heard = await eventsUntil(anna, (seen) => texts(seen).includes('Где мой заказ?'));
  assert.ok(heard.some((e) => e.name === 'message.created' && e.data.conversation.id === conversationId));

  // Her answer from node B reaches the visitor on node A.
  await anna.call('messages.send', { conversationId, clientMessageId: cmid(), text: 'Уже едет' });
  await eventsUntil(visitor, (seen) => texts(seen).includes('Уже едет'));

  // Senders on both nodes at once: each reader gets one strictly rising sequence, with nothing
  // missing of what the log holds for the conversation.
  const watcher = await connect(t, a!, a!.userToken({ id: 'olga', rights: ['chats', 'admin'] }));
  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < 20; i++) {
    sends.push(visitor.call('messages.send', { clientMessageId: cmid(), text: `A${i}` }));
    sends.push(anna.call('messages.send', { conversationId, clientMessageId: cmid(), text: `B${i}` }));
  }
  await Promise.all(sends);
  const expected = 40;
  for (const reader of [anna, watcher]) {
    const seen = await eventsUntil(reader, (s) => texts(s).filter((x) => /^[AB]\d+$/.test(x)).length >= expected);
    const seqs = seen.map((e) => e.seq);
    assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y), 'rising');
    assert.equal(new Set(seqs).size, seqs.length, 'each once');
    assert.equal(texts(seen).filter((x) => /^[AB]\d+$/.test(x)).length, expected);
  }
  const logged = (await a!.app.chat.store.events.after(0, 10_000)).filter((r) => r.name === 'message.created' && r.conversation_id === conversationId);
  assert.equal(logged.length, 3 + expected, 'the "opened" notice, the question and the answer, then the forty');
});

test('a manager who drops off one node resumes on another and gets exactly what she missed', async (t) => {
  const [a, b] = await cluster(t, 2);
  const token = a!.userToken({ id: 'anna', name: 'Анна' });
  const anna = await connect(t, a!, token);
  const { token: vt } = await b!.visitorToken();
  const visitor = await connect(t, b!, vt);
  await visitor.call('messages.send', { clientMessageId: cmid(), text: 'до' });
  const before = await eventsUntil(anna, (seen) => texts(seen).includes('до'));
  const resumeFrom = Math.max(...before.map((e) => e.seq));
  anna.ws.terminate();
  for (const text of ['пока её нет 1', 'пока её нет 2']) await visitor.call('messages.send', { clientMessageId: cmid(), text });
  const back = await connect(t, b!, token, { resumeFrom, epoch: a!.app.chat.epoch });
  assert.equal(back.welcome?.resumed, true);
  assert.equal(a!.app.chat.epoch, b!.app.chat.epoch, 'one database, one epoch');
  const missed = await eventsUntil(back, (seen) => texts(seen).includes('пока её нет 2'));
  assert.deepEqual(texts(missed), ['пока её нет 1', 'пока её нет 2']);
  // Live again, from the node she is on now, for what the other node commits.
  await visitor.call('messages.send', { clientMessageId: cmid(), text: 'после' });
  assert.deepEqual(texts(await eventsUntil(back, (seen) => texts(seen).includes('после'))), ['после']);
});

test('auto-close run by two nodes at the same moment closes each idle conversation once (the job is claimed by one)', async (t) => {
  let now = Date.now();
  const [a, b] = await cluster(t, 2, { now: () => now });
  const ids: number[] = [];
  for (let i = 0; i < 6; i++) {
    const { token } = await a!.visitorToken();
    const visitor = await connect(t, a!, token);
    ids.push((await visitor.call('messages.send', { clientMessageId: cmid(), text: `вопрос ${i}` })).conversation.id as number);
    visitor.ws.terminate();
  }
  now += 32 * 24 * 60 * 60 * 1000; // past the month after which an unassigned conversation closes
  const [byA, byB] = await Promise.all([a!.app.chat.autoClose(), b!.app.chat.autoClose()]);
  assert.equal(byA + byB, ids.length, `${byA} + ${byB}`);
  for (const id of ids) {
    const feed = await a!.app.chat.store.messages.before(id, Number.MAX_SAFE_INTEGER, 50);
    const notices = feed.filter((m) => m.system !== null && JSON.parse(m.system).type === 'autoClosed');
    assert.equal(notices.length, 1, `conversation ${id}`);
    assert.equal((await a!.app.chat.store.conversations.get(id))?.status, 'closed');
  }
});

test('typing crosses nodes: a manager typing on one node is shown to the visitor on another, once; nothing is logged', async (t) => {
  const [a, b] = await cluster(t, 2);
  const { token } = await a!.visitorToken();
  const visitor = await connect(t, a!, token);
  const { conversation } = await visitor.call('messages.send', { clientMessageId: cmid(), text: 'Есть кто?' });
  const anna = await connect(t, b!, b!.userToken({ id: 'anna', name: 'Анна' }));
  const colleague = await connect(t, b!, b!.userToken({ id: 'olga', rights: ['chats', 'admin'] }));
  const head = await a!.app.chat.headSeq();
  await anna.call('typing.set', { conversationId: conversation.id, typing: true });
  const shown = await visitor.waitFor((f) => f.type === 'signal' && f.name === 'typing');
  assert.equal((shown as any).data.typing, true);
  assert.equal((shown as any).data.author.name, 'Анна');
  // Her colleague on her own node sees it once (the bus's copy from PostgreSQL is not handed on again).
  await colleague.waitFor((f) => f.type === 'signal' && f.name === 'typing');
  assert.equal(await colleague.receivesWithin((f) => f.type === 'signal' && f.name === 'typing', 500), false);
  assert.equal(await a!.app.chat.headSeq(), head, 'signals are not events');
});

test('presence is shared: a manager online only on another node takes new conversations, and a reply to a visitor on another node starts sent; a node that closes takes its sessions with it', async (t) => {
  const [a, b] = await cluster(t, 2);
  const anna = await connect(t, b!, b!.userToken({ id: 'anna', name: 'Анна' }));
  const admin = await connect(t, a!, a!.userToken({ id: 'olga', rights: ['chats', 'admin'] }));
  await admin.call('settings.update', { assignmentManagerIds: ['anna'], autoCloseAssignedMs: null, distributionBot: { enabled: false, capacity: 10, managerIds: [] } });
  // Anna is online on node B only; node A learns it from the database.
  const until = async (what: string, ok: () => boolean) => {
    for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(ok(), what);
  };
  await until('node A sees Anna online', () => a!.app.chat.presence.isOnline('anna'));
  const { token } = await a!.visitorToken();
  const visitor = await connect(t, a!, token);
  const sent = await visitor.call('messages.send', { clientMessageId: cmid(), text: 'Здравствуйте' });
  assert.equal((await a!.app.chat.store.conversations.get(sent.conversation.id))?.assignee_id, 'anna', 'assigned to the manager online on the other node');
  await until('node B sees the visitor online', () => b!.app.chat.presence.customerReach?.(visitorCustomer(sent)) === 'online');
  const reply = await anna.call('messages.send', { conversationId: sent.conversation.id, clientMessageId: cmid(), text: 'Добрый день' });
  assert.equal(reply.message.status, 'sent', 'the visitor is online, on node A');
  // Node B closes: Anna is no longer online anywhere.
  await b!.stop();
  await until('node A sees Anna gone', () => !a!.app.chat.presence.isOnline('anna'));
});

function visitorCustomer(sent: { conversation: { customer: { id: number } } }): number {
  return sent.conversation.customer.id;
}

test('S-DLG-13 across nodes: a visitor who left one node is "leaving" on all for the grace (a reply from another node waits queued), then gone (it fails with visitor_left)', async (t) => {
  const url = testDatabaseUrl();
  const schema = `nodes_${process.pid}_${randomBytes(4).toString('hex')}`;
  const secret = randomBytes(24).toString('base64url');
  const a = await startServer(t, { databaseUrl: url, databaseSchema: schema, secret, visitorGraceMs: 1_500 });
  const b = await startServer(t, { databaseUrl: url, databaseSchema: schema, secret, visitorGraceMs: 1_500 });
  t.after(() => dropSchema(url, schema));
  await new Promise((r) => setTimeout(r, 1_600)); // past the start's grace, when everyone is "leaving"
  const { token } = await a.visitorToken();
  const visitor = await connect(t, a, token);
  const { conversation } = await visitor.call('messages.send', { clientMessageId: cmid(), text: 'Сейчас вернусь' });
  const anna = await connect(t, b, b.userToken({ id: 'anna', name: 'Анна' }));
  visitor.ws.close();
  const until = async (what: string, ok: () => boolean) => {
    for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(ok(), what);
  };
  await until('node B hears that the visitor is leaving', () => b.app.chat.presence.customerReach?.(conversation.customer.id) === 'leaving');
  const reply = await anna.call('messages.send', { conversationId: conversation.id, clientMessageId: cmid(), text: 'Ждём вас' });
  assert.equal(reply.message.status, 'queued', 'within the grace a reply waits');
  const failed = await anna.waitFor((f) => f.type === 'event' && f.name === 'message.status' && (f as any).data.status === 'failed', 5_000);
  assert.deepEqual((failed as any).data.messageIds, [reply.message.id]);
  assert.equal((failed as any).data.failReason, 'visitor_left');
  await until('gone on node B too', () => b.app.chat.presence.customerReach?.(conversation.customer.id) === 'gone');
});

test('S-DLG-9: three nodes with no shared disk serve the same files: uploaded through one, sent through another, downloaded from each', async (t) => {
  const nodes = await cluster(t, 3);
  const [a, b, c] = nodes as [TestServer, TestServer, TestServer];
  const { token } = await a.visitorToken();
  const visitor = await connect(t, a, token);
  const ft = (await visitor.call('files.token', {})).token as string;
  const bytes = randomBytes(700 * 1024); // over two of the store's 256 KiB chunks
  const form = new FormData();
  form.append('file', new Blob([bytes]), 'накладная.bin');
  // Each node keeps its temp files in a folder of its own: the blob is in the database.
  const up = await fetch(`${b.url}/api/files`, { method: 'POST', headers: { authorization: `Bearer ${ft}` }, body: form });
  assert.equal(up.status, 201);
  const file = ((await up.json()) as { file: { id: number } }).file;
  await visitor.call('messages.send', { clientMessageId: cmid(), attachmentIds: [file.id] });
  const olga = await connect(t, c, c.userToken({ id: 'olga', rights: ['chats', 'admin'] }));
  const staffToken = (await olga.call('files.token', {})).token as string;
  for (const node of nodes) {
    const res = await fetch(`${node.url}/api/files/${file.id}?t=${encodeURIComponent(staffToken)}`);
    assert.equal(res.status, 200, node.url);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), bytes, `the same bytes from ${node.url}`);
  }
  const part = await fetch(`${a.url}/api/files/${file.id}?t=${encodeURIComponent(staffToken)}`, { headers: { range: 'bytes=262000-262200' } });
  assert.equal(part.status, 206);
  assert.deepEqual(Buffer.from(await part.arrayBuffer()), bytes.subarray(262000, 262201), 'a range across a chunk boundary');
});

test('S-CH-2 across nodes: a channel registered through one node is known on the others at once; replies from every node reach the module once each, in order', async (t) => {
  const { createServer } = await import('node:http');
  const { randomUUID } = await import('node:crypto');
  const { verifyWebhook, webhookHeaders } = await import('../src/channels/integration/standard-webhooks.js');
  const taken: { id: string; text: string }[] = [];
  const seen = new Set<string>();
  let secret = '';
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const v = verifyWebhook(secret, req.headers, body, Date.now());
      if (!v.ok) return void res.writeHead(401).end();
      if (!seen.has(v.id)) {
        seen.add(v.id);
        taken.push({ id: v.id, text: JSON.parse(body).data.message.text });
      }
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => receiver.close(() => r())));
  const [a, b, c] = await cluster(t, 3);
  const admin = await connect(t, a!, a!.userToken({ id: 'olga', name: 'Ольга', rights: ['chats', 'admin'] }));
  const made = await admin.call('modules.create', { code: 'tg', name: 'Telegram', webhookUrl: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook` });
  secret = made.webhookSecret;
  const onB = await connect(t, b!, b!.userToken({ id: 'anna', name: 'Анна', rights: ['chats', 'admin'] }));
  const api = async (node: TestServer, path: string, method: string, body: unknown) => {
    const text = JSON.stringify(body);
    const res = await fetch(`${node.url}${path}`, { method, headers: { authorization: `Bearer ${made.token}`, 'content-type': 'application/json', ...webhookHeaders(secret, `msg_${randomUUID()}`, text, Date.now()) }, body: text });
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as any;
  };
  const { channel } = await api(c!, '/api/v1/channels/bot', 'PUT', { kind: 'telegram', name: 'Bot', capabilities: { quote: true } });
  const heard = await onB.waitFor((f) => f.type === 'event' && f.name === 'channel.updated', 5_000);
  assert.equal((heard as any).data.channel.id, channel.id);
  const { message } = await api(a!, '/api/v1/messages', 'POST', { channel: 'bot', customer: { externalId: '7' }, messageId: 'in1', text: 'Привет' });
  // Replies from two nodes into the conversation: every node's outbox job runs, one at a time takes them.
  const replies = ['раз', 'два', 'три', 'четыре', 'пять', 'шесть'];
  for (const [i, text] of replies.entries()) {
    const who = i % 2 === 0 ? admin : onB;
    const r = await who.call('messages.send', { conversationId: message.conversationId, clientMessageId: cmid(), text });
    assert.equal(r.message.status, 'queued');
  }
  const end = Date.now() + 10_000;
  while (taken.length < replies.length && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(taken.map((w) => w.text), replies, 'each once, in the conversation\'s order');
  // A node that never heard the registration itself knows what the channel carries (the bus told it).
  const onC = await connect(t, c!, c!.userToken({ id: 'kim', name: 'Ким', rights: ['chats', 'admin'] }));
  assert.equal(onC.welcome!.channels[channel.id]!.quote, true);
  const conv = await onC.call('conversations.get', { conversationId: message.conversationId });
  assert.equal(conv.conversation.can.reply, true);
});

test('S-SET-1..8 across nodes: two admins on two nodes save from the same version at once — one wins, the other gets CONFLICT; every node follows the winner (chats off refused on both)', async (t) => {
  const [a, b] = await cluster(t, 2);
  const onA = await connect(t, a!, a!.userToken({ id: 'olga', rights: ['chats', 'admin'] }));
  const onB = await connect(t, b!, b!.userToken({ id: 'vera', rights: ['chats', 'chat_admin'] }));
  const managerOnB = await connect(t, b!, b!.userToken({ id: 'anna' }));
  const { version } = await onA.call('settings.get', {});
  const outcomes = await Promise.allSettled([
    onA.call('settings.update', { version, chatsEnabled: false }),
    onB.call('settings.update', { version, displayMode: 'section' }),
  ]);
  const won = outcomes.filter((o) => o.status === 'fulfilled');
  const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  assert.deepEqual([won.length, lost.length], [1, 1], JSON.stringify(outcomes.map((o) => o.status)));
  assert.equal(lost[0]!.reason.code, 'CONFLICT');
  const saved = (await onB.call('settings.get', {})) as { version: number; settings: { chatsEnabled: boolean; displayMode: string } };
  assert.equal(saved.version, version + 1);
  // The manager on node B heard the save (made on either node) and its node applies it.
  const heard = await managerOnB.waitFor((f) => f.type === 'event' && f.name === 'settings.changed', 5_000);
  assert.equal((heard.data as { version: number }).version, version + 1);
  if (!saved.settings.chatsEnabled) {
    await assert.rejects(managerOnB.call('conversations.list', {}), (e: { code: string }) => e.code === 'CHATS_DISABLED');
  } else assert.equal(saved.settings.displayMode, 'section');
});
