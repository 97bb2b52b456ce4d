// The list's sort and filter (S-DLG-4) travel with every page of the list and with the refetch
// after a resync. A scripted socket stands in for the server: what matters is what is asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatClient, type WebSocketLike } from '../src/index.js';

type Sent = { type: string; id?: number; method?: string; params?: Record<string, unknown> };

class ScriptedSocket implements WebSocketLike {
  static last: ScriptedSocket | undefined;
  readyState = 0;
  sent: Sent[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor() {
    ScriptedSocket.last = this;
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.({});
    });
  }
  send(data: string): void {
    const frame = JSON.parse(data) as Sent;
    this.sent.push(frame);
    if (frame.type === 'hello') this.receive({ type: 'welcome', user: { kind: 'user', id: 'anna', name: 'Anna', rights: ['chats'] }, seq: 0, epoch: 'e', resumed: false, heartbeatMs: 25_000 });
  }
  close(): void {
    this.readyState = 3;
  }
  receive(frame: object): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  calls(method: string): Sent[] {
    return this.sent.filter((f) => f.type === 'call' && f.method === method);
  }
}

async function connected(): Promise<{ client: ChatClient; socket: ScriptedSocket }> {
  const client = new ChatClient({ url: 'ws://test/ws', token: 't', WebSocket: ScriptedSocket as never });
  client.connect();
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(client.state.connection, 'open');
  return { client, socket: ScriptedSocket.last! };
}

const page = (nextCursor: string | null) => ({ conversations: [], unread: {}, nextCursor });

test('S-DLG-4: loadConversations sends sort and filter, the next page keeps them, no params keeps the default', async (t) => {
  const { client, socket } = await connected();
  t.after(() => client.close());

  const first = client.loadConversations();
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(socket.calls('conversations.list').at(-1)!.params, {});
  socket.receive({ type: 'result', id: socket.calls('conversations.list').at(-1)!.id, result: page(null) });
  await first;

  const params = { sort: 'waiting' as const, filter: { status: 'open' as const, unreadOnly: true } };
  const second = client.loadConversations(params);
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(socket.calls('conversations.list').at(-1)!.params, params);
  socket.receive({ type: 'result', id: socket.calls('conversations.list').at(-1)!.id, result: page('c1') });
  await second;
  assert.equal(client.state.listCursor, 'c1');

  const more = client.loadMoreConversations();
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(socket.calls('conversations.list').at(-1)!.params, { ...params, cursor: 'c1' });
  socket.receive({ type: 'result', id: socket.calls('conversations.list').at(-1)!.id, result: page(null) });
  await more;

  // A refetch (as after a resync) reuses the params last asked for.
  const again = client.loadConversations();
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(socket.calls('conversations.list').at(-1)!.params, params);
  socket.receive({ type: 'result', id: socket.calls('conversations.list').at(-1)!.id, result: page(null) });
  await again;
});

test('S-DLG-4: the answer to a list request overtaken by new params is not applied', async (t) => {
  const { client, socket } = await connected();
  t.after(() => client.close());
  const stale = client.loadConversations({ sort: 'activity' });
  const fresh = client.loadConversations({ sort: 'waiting' });
  await new Promise((r) => setTimeout(r, 0));
  const [a, b] = socket.calls('conversations.list');
  socket.receive({ type: 'result', id: b!.id, result: page('fresh') });
  await fresh;
  socket.receive({ type: 'result', id: a!.id, result: page('stale') });
  await stale;
  assert.equal(client.state.listCursor, 'fresh');
});
