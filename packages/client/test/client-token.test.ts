// S-AUTH-4: a session lives as long as its token. ChatClient against a real server whose clock
// is moved past the token's exp: the server closes with 4002, the client fetches a fresh token
// from its provider and resumes at once, losing nothing (store, outbox, missed events).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeCodes } from '@chatdesk/protocol';
import { startTestServer } from '@chatdesk/server/testing';
import WebSocket from 'ws';
import { ChatClient } from '../src/index.js';
import { clientFor, settle, until } from './live.js';

/** `ws`, recording the close codes the client's sockets saw. */
const closes: number[] = [];
class RecordingWebSocket extends WebSocket {
  constructor(url: string, options?: WebSocket.ClientOptions) {
    super(url, options);
    this.on('close', (code) => closes.push(code));
  }
}

/** A promise that rejects with `what` after `ms` instead of never settling (a stuck send hung a CI run once). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

test('S-AUTH-4: on 4002 TOKEN_EXPIRED the client fetches a fresh token and resumes at once: store, outbox and missed events intact', { timeout: 60_000 }, async (t) => {
  let offset = 0;
  const clock = { now: () => Date.now() + offset };
  // Heartbeats every 200 ms notice the moved clock even on an idle socket.
  const server = await startTestServer({ clock, heartbeatMs: 200 });
  t.after(() => server.close());
  const tokens: number[] = [];
  const manager = new ChatClient({
    url: server.wsUrl,
    token: () => {
      tokens.push(clock.now());
      return server.userToken({ id: 'anna', name: 'Anna', ttlSeconds: 300 });
    },
    WebSocket: RecordingWebSocket as never,
    origin: server.origin,
    // A backoff this long would show: the resume after 4002 must not wait for it.
    reconnectBaseMs: 10_000,
    reconnectMaxMs: 10_000,
  });
  const v = await server.visitorToken({ name: 'Ирина' });
  const visitor = clientFor(server, () => v.token);
  t.after(() => {
    manager.close();
    visitor.close();
  });
  const welcomes: boolean[] = [];
  manager.on('welcome', (w) => welcomes.push(w.resumed));
  manager.connect();
  visitor.connect();
  await until(manager, (s) => s.connection === 'open');
  const first = await visitor.send('Здравствуйте');
  await manager.loadConversations();
  await manager.openThread(first.conversationId);
  await until(manager, (s) => (s.threads[first.conversationId]?.messages ?? []).some((m) => m.id === first.id));

  // The token's 300 s pass. A send made now reaches a server that no longer answers this session.
  offset = 301_000;
  const reply = manager.send('Добрый день!', first.conversationId);
  const missed = await within(visitor.send('Я жду ответа'), 20_000, 'the visitor\'s message is stored');
  const started = Date.now();
  const stored = await within(reply, 20_000, 'the reply sent across the 4002 is stored');
  const s = await until(
    manager,
    (st) => st.connection === 'open' && (st.threads[first.conversationId]?.messages ?? []).some((m) => m.id === missed.id),
  );
  assert.ok(Date.now() - started < 5_000, 'resumed at once, not after the 10 s backoff');
  await settle(manager);
  assert.deepEqual(closes, [closeCodes.TOKEN_EXPIRED.code]);
  assert.equal(tokens.length, 2, 'the provider was asked for a fresh token once');
  assert.deepEqual(welcomes, [false, true], 'the second session resumed (no resync, no refetch)');
  assert.equal(s.outbox.length, 0);
  assert.equal(manager.state.listLoaded, true, 'the store was kept');
  const thread = manager.state.threads[first.conversationId]!.messages.filter((m) => !m.system);
  assert.deepEqual(thread.map((m) => m.id), [first.id, stored.id, missed.id].sort((a, b) => a - b));
  // Each message stored once.
  const page = await manager.call('messages.list', { conversationId: first.conversationId });
  assert.equal(page.messages.filter((m) => m.text === 'Добрый день!').length, 1);
});
