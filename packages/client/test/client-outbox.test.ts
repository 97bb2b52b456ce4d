// The outbox against a real server: what is retried (a lost connection, RATE_LIMITED after the
// server's delay, UNAVAILABLE) and what fails for good at once (INTERNAL and every other refusal).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '@chatdesk/server/testing';
import { ChatClient } from '../src/index.js';
import { sleep, until } from './live.js';

interface Wire {
  /** Every messages.send frame the client wrote: when, its call id and client message id. */
  sends: { at: number; id: number; clientMessageId: string }[];
  /** Every error frame the server answered with, when it arrived. */
  errors: { at: number; id: number; code: string; retryAfterMs?: number }[];
}

/** The real `ws` class, watched: the frames the client writes and the errors it reads. */
function watchedWebSocket(wire: Wire): typeof WebSocket {
  return class extends WebSocket {
    constructor(url: string, options?: WebSocket.ClientOptions) {
      super(url, options);
      this.on('message', (data) => {
        const f = JSON.parse(String(data));
        if (f.type === 'error' && typeof f.id === 'number') {
          wire.errors.push({ at: performance.now(), id: f.id, code: f.error.code, retryAfterMs: f.error.details?.retryAfterMs });
        }
      });
    }
    override send(data: unknown, ...rest: unknown[]): void {
      const f = JSON.parse(String(data));
      if (f.type === 'call' && f.method === 'messages.send') wire.sends.push({ at: performance.now(), id: f.id, clientMessageId: f.params.clientMessageId });
      (super.send as (...a: unknown[]) => void)(data, ...rest);
    }
  } as typeof WebSocket;
}

async function managerWithConversation(t: { after(fn: () => unknown): void }, server: TestServer, wire: Wire) {
  const v = await server.visitorToken({ name: 'Покупатель' });
  const visitor = new ChatClient({ url: server.wsUrl, token: () => v.token, WebSocket: WebSocket as never, origin: server.origin });
  const manager = new ChatClient({
    url: server.wsUrl,
    token: () => server.userToken({ id: 'anna', name: 'Anna' }),
    WebSocket: watchedWebSocket(wire) as never,
    origin: server.origin,
    reconnectBaseMs: 50,
    reconnectMaxMs: 400,
  });
  t.after(() => {
    visitor.close();
    manager.close();
  });
  visitor.connect();
  manager.connect();
  const first = await visitor.send('Здравствуйте');
  await until(manager, (s) => s.connection === 'open');
  return { manager, conversationId: first.conversationId };
}

test('S-DLG-13: a send answered INTERNAL fails at once with its code, is sent once, and Retry sends it when the fault is gone', { timeout: 15_000, skip: process.env['CHATDESK_TEST_STORAGE'] === 'postgres' && 'injects its fault with a SQLite trigger' }, async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const wire: Wire = { sends: [], errors: [] };
  const { manager, conversationId } = await managerWithConversation(t, server, wire);
  // A real database fault: the messages table refuses this row (as a full disk or a broken
  // constraint would), so the server's handler throws a non-ChatError and answers INTERNAL.
  const db = server.app.chat.sqlite!.db;
  db.exec(`CREATE TRIGGER refuse_row BEFORE INSERT ON messages WHEN NEW.text = 'сломается'
           BEGIN SELECT RAISE(ABORT, 'the disk says no'); END`);

  const sending = manager.send('сломается', conversationId);
  await assert.rejects(sending, (e: Error & { code?: string }) => e.code === 'INTERNAL');
  const [item] = manager.state.outbox;
  assert.equal(item?.state, 'failed');
  assert.equal(item?.error?.code, 'INTERNAL');
  // Given time for any retry to happen: there was exactly one attempt.
  await sleep(1_500);
  assert.equal(wire.sends.filter((s) => s.clientMessageId === item!.clientMessageId).length, 1);
  assert.equal(manager.state.outbox[0]?.state, 'failed');

  db.exec('DROP TRIGGER refuse_row');
  const stored = await manager.retry(item!.clientMessageId);
  assert.equal(stored.text, 'сломается');
  assert.equal(manager.state.outbox.length, 0);
  assert.equal(wire.sends.filter((s) => s.clientMessageId === item!.clientMessageId).length, 2);
});

test('S-DLG-13: sends refused with RATE_LIMITED wait at least the server\'s retryAfterMs, then are all stored once', { timeout: 15_000 }, async (t) => {
  // 4 frames a second, bursts of 3: a burst of 8 sends is mostly refused at first.
  const server = await startTestServer({ rateLimit: { perSecond: 4, burst: 3, closeAfterRejected: 1_000 } });
  t.after(() => server.close());
  const wire: Wire = { sends: [], errors: [] };
  const { manager, conversationId } = await managerWithConversation(t, server, wire);
  await sleep(1_000); // the bucket refills after the hello
  const texts = Array.from({ length: 8 }, (_, i) => `сообщение ${i}`);
  const stored = await Promise.all(texts.map((text) => manager.send(text, conversationId)));
  assert.equal(new Set(stored.map((m) => m.id)).size, 8);
  assert.equal(manager.state.outbox.length, 0);

  const limited = wire.errors.filter((e) => e.code === 'RATE_LIMITED');
  assert.ok(limited.length > 0, 'the server refused some sends');
  for (const refusal of limited) {
    assert.ok(typeof refusal.retryAfterMs === 'number' && refusal.retryAfterMs > 0);
    const cmid = wire.sends.find((s) => s.id === refusal.id)!.clientMessageId;
    const next = wire.sends.find((s) => s.clientMessageId === cmid && s.at > refusal.at);
    assert.ok(next, 'a refused send is sent again');
    assert.ok(next.at - refusal.at >= refusal.retryAfterMs! - 2, `resent after ${next.at - refusal.at} ms, asked ${refusal.retryAfterMs} ms`);
  }
  await sleep(600); // a plain call is not retried: let the bucket refill first
  const page = await manager.call('messages.list', { conversationId, limit: 100 });
  const mine = page.messages.filter((m) => m.author.kind === 'manager').map((m) => m.text);
  assert.deepEqual([...mine].sort(), [...texts].sort(), 'each stored once');
});

test('a send over the S-DLG-12 limit fails at once with LIMIT_EXCEEDED, never retried; Discard drops it', { timeout: 15_000 }, async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const wire: Wire = { sends: [], errors: [] };
  const { manager, conversationId } = await managerWithConversation(t, server, wire);
  const sending = manager.send('я'.repeat(2_001), conversationId);
  await assert.rejects(sending, (e: Error & { code?: string }) => e.code === 'LIMIT_EXCEEDED');
  const item = manager.state.outbox[0]!;
  assert.equal(item.state, 'failed');
  await sleep(500);
  assert.equal(wire.sends.filter((s) => s.clientMessageId === item.clientMessageId).length, 1);
  manager.discard(item.clientMessageId);
  assert.equal(manager.state.outbox.length, 0);
});
