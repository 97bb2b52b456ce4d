import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { closeCodes } from '@chatdesk/protocol';
import { verifyToken } from '../src/auth/host-token.js';
import { cmid, connect, sleep, startServer, visitorConversation } from './helpers.js';

test('heartbeat: a peer that does not answer pings is dropped; one that does stays', async (t) => {
  const server = await startServer(t, { heartbeatMs: 80 });
  const token = server.userToken({ id: 'anna' });
  const mute = await connect(t, server, token, {}, { autoPong: false });
  const lively = await connect(t, server, token);
  assert.equal(mute.welcome?.heartbeatMs, 80);
  const { code } = await mute.closed;
  assert.equal(code, 1006, 'terminated, no close frame');
  await sleep(250);
  assert.equal(lively.ws.readyState, lively.ws.OPEN);
  assert.equal(server.app.chat.sessionCount(), 1);
});

test('heartbeat: the pings are spread over the interval in slices (no tick pings every socket), each socket once an interval; a mute one is still dropped within two intervals', async (t) => {
  const server = await startServer(t, { heartbeatMs: 1_000 });
  const token = server.userToken({ id: 'anna' });
  const clients = [];
  for (let i = 0; i < 8; i++) clients.push(await connect(t, server, token));
  const mute = await connect(t, server, token, {}, { autoPong: false });
  const mutedAt = Date.now();
  const pings: number[][] = clients.map(() => []);
  clients.forEach((c, i) => c.ws.on('ping', () => pings[i]!.push(Date.now())));
  const { code } = await mute.closed;
  assert.equal(code, 1006, 'terminated, no close frame');
  assert.ok(Date.now() - mutedAt <= 2 * 1_000 + 300, `dropped after ${Date.now() - mutedAt} ms`);
  await sleep(2_100 - (Date.now() - mutedAt));
  for (const [i, times] of pings.entries()) {
    assert.ok(times.length >= 1 && times.length <= 3, `client ${i} pinged ${times.length} times in 2.1 s`);
    for (let k = 1; k < times.length; k++) assert.ok(times[k]! - times[k - 1]! >= 900, `client ${i}: pings ${times[k]! - times[k - 1]!} ms apart`);
  }
  // Consecutive sessions sit in consecutive slices, 250 ms apart: their first pings are too.
  const firsts = pings.map((times) => times[0]!).sort((a, b) => a - b);
  assert.ok(firsts.at(-1)! - firsts[0]! >= 500, `first pings spread over ${firsts.at(-1)! - firsts[0]!} ms`);
  for (const c of clients) assert.equal(c.ws.readyState, c.ws.OPEN);
});

test('slow consumer: a session whose send buffer passes the cap is closed with 4050', async (t) => {
  const server = await startServer(t, {
    sendBufferCap: 256 * 1024,
    rateLimit: { perSecond: 10_000, burst: 10_000, closeAfterRejected: 10_000 },
  });
  const admin = await connect(t, server, server.userToken({ id: 'olga', rights: ['admin'] }));
  const { visitor } = await visitorConversation(t, server);
  await admin.nextEvent('message.created');
  // Stop reading: the kernel buffers fill, then the server's own buffer grows.
  admin.ws.pause();
  // Whitespace does not count toward the 2000-character limit, so each message is ~20 KB.
  const big = `${'word '.repeat(380)}${' '.repeat(18_000)}`;
  for (let i = 0; i < 600 && server.app.chat.gateway.stats.slowConsumers === 0; i++) {
    await visitor.call('messages.send', { clientMessageId: cmid(), text: big });
  }
  assert.equal(server.app.chat.gateway.stats.slowConsumers, 1);
  admin.ws.resume();
  assert.equal((await admin.closed).code, closeCodes.SLOW_CONSUMER.code);
  assert.equal(visitor.ws.readyState, visitor.ws.OPEN, 'the writer is unaffected');
});

test('slow consumer: a resume replay may exceed the cap once (bounded), then live sends are capped again', async (t) => {
  const server = await startServer(t, {
    sendBufferCap: 64 * 1024,
    rateLimit: { perSecond: 10_000, burst: 10_000, closeAfterRejected: 10_000 },
  });
  const { visitor } = await visitorConversation(t, server);
  const token = server.userToken({ id: 'olga', rights: ['admin'] });
  const from = (await server.app.chat.headSeq());
  const big = `${'word '.repeat(380)}${' '.repeat(18_000)}`;
  for (let i = 0; i < 250; i++) await visitor.call('messages.send', { clientMessageId: cmid(), text: big });
  const c = await connect(t, server, token, { resumeFrom: from, epoch: server.app.chat.epoch });
  assert.equal(c.welcome?.resumed, true);
  let got = c.takeEvents().length;
  while (got < 250) {
    await c.nextEvent();
    got += 1 + c.takeEvents().length;
  }
  assert.equal(got, 250);
  assert.equal(server.app.chat.gateway.stats.slowConsumers, 0);
  await visitor.call('messages.send', { clientMessageId: cmid(), text: 'live' });
  assert.equal((await c.nextEvent()).data.message.text, 'live');
});

test('GET /health reports epoch, head seq and sessions', async (t) => {
  const server = await startServer(t);
  await visitorConversation(t, server);
  const res = await fetch(`${server.url}/health`);
  // Two events: the "opened" notice (S-DLG-5) and the visitor's first message.
  assert.deepEqual(await res.json(), { ok: true, epoch: server.app.chat.epoch, seq: 2, sessions: 1 });
});

test('S-AUTH-4 demo: /demo/users and /demo/token play the host backend; absent without demo', async (t) => {
  const demo = await startServer(t, { demo: true });
  const { users } = (await (await fetch(`${demo.url}/demo/users`)).json()) as { users: { id: string; rights: string[] }[] };
  assert.deepEqual(users.map((u) => u.id), ['olga', 'vera', 'anna', 'boris', 'pavel']);
  const { token } = (await (await fetch(`${demo.url}/demo/token?user=anna`)).json()) as { token: string };
  const p = verifyToken(demo.secret, token);
  assert.equal(p?.kind === 'user' && p.name, 'Анна Менеджерова');
  assert.equal((await fetch(`${demo.url}/demo/token?user=nobody`)).status, 404);
  // The seeded conversations: Anna sees hers and the unassigned ones, with unread counts.
  const anna = await connect(t, demo, token);
  assert.ok((anna.welcome?.unread?.total ?? 0) >= 2);
  const list = await anna.call('conversations.list', {});
  assert.ok(list.conversations.every((c: any) => c.assigneeId === 'anna' || c.assigneeId === null));
  const olga = await connect(t, demo, demo.userToken({ id: 'olga', name: 'Ольга Админова', rights: ['admin'] }));
  assert.equal((await olga.call('conversations.list', {})).conversations.length, 5);
  // Seeding is idempotent: a restart on the same file does not seed twice.
  await demo.stop();
  const again = await startServer(t, { demo: true, dbFile: demo.dbFile, secret: demo.secret });
  const admin = await connect(t, again, again.userToken({ id: 'olga', rights: ['admin'] }));
  assert.equal((await admin.call('conversations.list', {})).conversations.length, 5);

  const plain = await startServer(t);
  assert.equal((await fetch(`${plain.url}/demo/users`)).status, 404);
  assert.equal((await fetch(`${plain.url}/demo/token?user=anna`)).status, 404);
});

test('static: bundles, examples and the index page are served from the root folder', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'chatdesk-root-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'dist', 'bundles'), { recursive: true });
  mkdirSync(join(root, 'examples', 'crm'), { recursive: true });
  writeFileSync(join(root, 'dist', 'bundles', 'chat.js'), 'export const x = 1;');
  writeFileSync(join(root, 'examples', 'crm', 'index.html'), '<title>CRM</title>');
  const server = await startServer(t, { rootDir: root });
  assert.match(await (await fetch(`${server.url}/bundles/chat.js`)).text(), /export const x/);
  assert.match(await (await fetch(`${server.url}/crm/`)).text(), /CRM/);
  assert.equal((await fetch(`${server.url}/shop/`)).status, 404, 'no shop folder, no route');
  const index = await (await fetch(`${server.url}/`)).text();
  assert.match(index, /href="\/crm\/"/);
  assert.match(index, /href="\/shop\/"/);
});

test('shutdown: sockets get 1001 GOING_AWAY and the close completes', async (t) => {
  const server = await startServer(t);
  const c = await connect(t, server, server.userToken({ id: 'anna' }));
  const started = Date.now();
  await server.stop();
  assert.equal((await c.closed).code, closeCodes.GOING_AWAY.code);
  assert.ok(Date.now() - started < 1_500);
});
