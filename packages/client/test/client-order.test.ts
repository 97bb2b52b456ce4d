// The server sends each session its events in seq order, once. A relay between them (a proxy, a
// future cluster transport) that repeats or reorders one breaks that promise; the client must not
// drop such an event silently: it starts over with a fresh welcome and refetches what is open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket, { WebSocketServer } from 'ws';
import { startTestServer } from '@chatdesk/server/testing';
import type { ChatError } from '@chatdesk/protocol';
import { ChatClient } from '../src/index.js';
import { connected, settle, until } from './live.js';

test('an event at or below the last seq (a relay repeated it) is not dropped silently: the client reconnects without resuming, refetches, and ends equal to the server', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  // The relay forwards both ways; `repeatNext` makes it send the next event twice, the copy after
  // the one that follows it (so the copy is below the client's last seq).
  const hellos: Record<string, unknown>[] = [];
  let repeatNext = false;
  let held: string | undefined;
  const relay = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => relay.once('listening', r));
  t.after(() => relay.close());
  relay.on('connection', (down) => {
    const up = new WebSocket(server.wsUrl, { origin: server.origin });
    const queued: string[] = [];
    up.on('open', () => queued.splice(0).forEach((m) => up.send(m)));
    down.on('message', (data) => {
      const text = String(data);
      const frame = JSON.parse(text) as Record<string, unknown>;
      if (frame['type'] === 'hello') hellos.push(frame);
      if (up.readyState === WebSocket.OPEN) up.send(text);
      else queued.push(text);
    });
    up.on('message', (data) => {
      const text = String(data);
      const frame = JSON.parse(text) as { type: string };
      down.send(text);
      if (frame.type !== 'event') return;
      if (held !== undefined) {
        down.send(held);
        held = undefined;
      } else if (repeatNext) {
        repeatNext = false;
        held = text;
      }
    });
    down.on('close', () => up.close());
    up.on('close', () => down.close());
    // The server may be gone before the client (the test's end): the relay just hangs up.
    up.on('error', () => down.close());
    down.on('error', () => up.close());
  });
  const { port } = relay.address() as { port: number };

  const v = await server.visitorToken();
  const visitor = await connected(t, server, () => v.token);
  const { conversationId } = await visitor.send('Где мой заказ?');
  const anna = new ChatClient({
    url: `ws://127.0.0.1:${port}/ws`,
    token: () => server.userToken({ id: 'anna' }),
    WebSocket: WebSocket as never,
    origin: server.origin,
    reconnectBaseMs: 50,
    reconnectMaxMs: 400,
  });
  t.after(() => anna.close());
  const errors: ChatError[] = [];
  anna.on('error', (e) => errors.push(e));
  anna.connect();
  await until(anna, (s) => s.connection === 'open');
  await anna.loadConversations();
  await anna.openThread(conversationId);

  repeatNext = true;
  await visitor.send('Заказ 1042');
  await visitor.send('Алло?');
  await until(anna, (s) => hellos.length === 2 && s.connection === 'open' && (s.threads[conversationId]?.messages.length ?? 0) >= 4);
  assert.deepEqual(errors.map((e) => e.code), ['RESYNC_REQUIRED']);
  assert.equal(hellos[1]!['resumeFrom'], undefined, 'the second hello starts afresh');
  await settle(anna);

  // What it holds now is what a client that fetched afresh holds.
  const fresh = await connected(t, server, () => server.userToken({ id: 'anna' }));
  await fresh.loadConversations();
  await fresh.openThread(conversationId);
  await settle(fresh);
  assert.deepEqual(anna.state.threads[conversationId]!.messages, fresh.state.threads[conversationId]!.messages);
  assert.deepEqual(anna.state.conversations[conversationId], fresh.state.conversations[conversationId]);
  assert.equal(anna.state.unread[conversationId], fresh.state.unread[conversationId]);
});
