// ChatClient against a real server: delivery statuses as the visitor's widget reports them, "visitor
// left" and Retry (S-DLG-13), and typing indicators both ways, throttled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { limits } from '@chatdesk/protocol/runtime';
import { startTestServer } from '@chatdesk/server/testing';
import type { ChatClient } from '../src/index.js';
import { internalKey } from '../src/index.js';
import { connected, settle, sleep, until } from './live.js';

/** Records the methods a client calls (the client's own reports included). */
function recordCalls(client: ChatClient): { method: string; params: unknown }[] {
  const calls: { method: string; params: unknown }[] = [];
  const call = client.call.bind(client);
  client.call = ((method, params) => {
    calls.push({ method, params });
    return call(method, params);
  }) as ChatClient['call'];
  return calls;
}

const statusOf = (client: ChatClient, conversationId: number, id: number) =>
  client.state.threads[conversationId]?.messages.find((m) => m.id === id)?.status;

test('S-DLG-13: a reply goes sent → delivered when the widget receives it (reported once, coalesced) → read when the visitor reads', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const v = await server.visitorToken();
  const visitor = await connected(t, server, () => v.token);
  const calls = recordCalls(visitor);
  const { conversationId: id } = await visitor.send('Есть доставка в Казань?');
  const anna = await connected(t, server, () => server.userToken({ id: 'anna' }));
  await anna.openThread(id);

  const reply = await anna.send('Да', id);
  assert.equal(reply.status, 'sent', 'the visitor is online: one check');
  await until(anna, () => statusOf(anna, id, reply.id) === 'delivered');
  const [a, b] = await Promise.all([anna.send('Завтра', id), anna.send('Курьером', id)]);
  await until(anna, () => statusOf(anna, id, a.id) === 'delivered' && statusOf(anna, id, b.id) === 'delivered');
  await settle(visitor);
  const reports = calls.filter((c) => c.method === 'messages.delivered').map((c) => c.params as { messageId: number });
  assert.ok(reports.length <= 3, `at most one report per arrival turn (${reports.length})`);
  assert.deepEqual(reports.map((r) => r.messageId), [...new Set(reports.map((r) => r.messageId))].sort((x, y) => x - y), 'never the same id twice, ascending');
  assert.equal(reports.at(-1)!.messageId, Math.max(a.id, b.id));

  // Opening the thread (a page of already reported messages) reports nothing new.
  await visitor.openThread(id);
  await settle(visitor);
  assert.equal(calls.filter((c) => c.method === 'messages.delivered').length, reports.length);
  await visitor.markRead(id);
  await until(anna, () => [reply, a, b].every((m) => statusOf(anna, id, m.id) === 'read'));
  assert.equal(visitor.state.threads[id]!.messages.find((m) => m.id === reply.id)!.status, undefined, 'visitors see no statuses');
});

test('S-DLG-13: a visitor who left makes a reply fail with "visitor left"; Retry sends the same message when they are back', async (t) => {
  const server = await startTestServer({ visitorGraceMs: 800 });
  t.after(() => server.close());
  const v = await server.visitorToken();
  const visitor = await connected(t, server, () => v.token);
  const { conversationId: id } = await visitor.send('Я отойду');
  const anna = await connected(t, server, () => server.userToken({ id: 'anna' }));
  await anna.openThread(id);
  visitor.close();
  await sleep(150); // the server has seen the socket close

  const late = await anna.send('Вы здесь?', id);
  assert.equal(late.status, 'queued', 'within the grace: the clock');
  await until(anna, () => statusOf(anna, id, late.id) === 'failed');
  const failed = anna.state.threads[id]!.messages.find((m) => m.id === late.id)!;
  assert.equal(failed.failReason, 'visitor_left');

  const back = await connected(t, server, () => v.token);
  await back.openThread(id);
  assert.equal(back.state.threads[id]!.messages.some((m) => m.id === late.id), false, 'a visitor never sees a failed message');
  const retried = await anna.retryMessage(late.id);
  assert.equal(retried.id, late.id, 'the same message');
  assert.equal(retried.status, 'sent');
  assert.equal(anna.state.threads[id]!.messages.find((m) => m.id === late.id)!.failReason, undefined);
  const seen = await until(back, (s) => s.threads[id]!.messages.some((m) => m.id === late.id));
  assert.deepEqual(seen.threads[id]!.messages.map((m) => m.id), [...seen.threads[id]!.messages.map((m) => m.id)].sort((x, y) => x - y), 'inserted in place');
  await until(anna, () => statusOf(anna, id, late.id) === 'delivered');
  await assert.rejects(anna.retryMessage(late.id), (e: { code: string }) => e.code === 'CONFLICT');
});

test('typing indicators both ways: throttled starts, a stop at once, a send ends it, own typing not shown; internal chats too', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const v = await server.visitorToken();
  const visitor = await connected(t, server, () => v.token);
  const { conversationId: id } = await visitor.send('?');
  const anna = await connected(t, server, () => server.userToken({ id: 'anna', name: 'Anna' }));
  const annaTab = await connected(t, server, () => server.userToken({ id: 'anna', name: 'Anna' }));
  await anna.openThread(id);
  const calls = recordCalls(anna);

  anna.typing(id);
  const s = await until(visitor, (st) => (st.typing[id]?.length ?? 0) === 1);
  const entry = s.typing[id]![0]!;
  assert.equal(entry.author.name, 'Anna');
  assert.ok(entry.until > Date.now() && entry.until <= Date.now() + limits.typingTtlMs);
  for (let i = 0; i < 5; i++) anna.typing(id);
  assert.equal(calls.filter((c) => c.method === 'typing.set').length, 1, `one start per ${limits.typingThrottleMs} ms`);
  anna.typing(id, false);
  await until(visitor, (st) => st.typing[id] === undefined);
  anna.typing(id, false);
  assert.equal(calls.filter((c) => c.method === 'typing.set').length, 2, 'a stop only after a start');
  await sleep(100);
  assert.deepEqual(annaTab.state.typing, {}, 'one\'s own typing in another tab is not shown');

  visitor.typing(id);
  await until(anna, (st) => st.typing[id]?.[0]?.author.kind === 'customer');
  await visitor.send('Ещё вопрос', id);
  await until(anna, (st) => st.typing[id] === undefined);

  const boris = await connected(t, server, () => server.userToken({ id: 'boris', name: 'Boris' }));
  const chat = await anna.createInternalChat(['boris']);
  anna.typing(internalKey(chat.id));
  await until(boris, (st) => st.typing[internalKey(chat.id)]?.[0]?.author.id === 'anna');
});

test('typing indicators: an entry nobody renews disappears after typingTtlMs by itself', { timeout: 20_000 }, async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const v = await server.visitorToken();
  const visitor = await connected(t, server, () => v.token);
  const { conversationId: id } = await visitor.send('?');
  const anna = await connected(t, server, () => server.userToken({ id: 'anna' }));
  visitor.typing(id);
  const started = Date.now();
  await until(anna, (st) => st.typing[id] !== undefined);
  visitor.close(); // no stop is ever sent
  await until(anna, (st) => st.typing[id] === undefined, limits.typingTtlMs + 2_000);
  assert.ok(Date.now() - started >= limits.typingTtlMs - 100);
});
