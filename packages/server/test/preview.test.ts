import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startTestServer } from '../src/testing.js';

async function connect(url: string, origin: string, token: string) {
  const ws = new WebSocket(url, { origin });
  let next = 1;
  const pending = new Map<number, (f: any) => void>();
  ws.on('message', (raw: Buffer) => {
    const f = JSON.parse(raw.toString());
    if (f.id !== undefined) pending.get(f.id)?.(f);
  });
  await new Promise<void>((resolve) => {
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token })));
    ws.once('message', () => resolve());
  });
  const call = (method: string, params: unknown) =>
    new Promise<any>((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ type: 'call', id, method, params }));
    });
  return { ws, call };
}

test('S-DLG-5: the list preview of a system event carries it for staff, not for the visitor', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const v = await server.visitorToken();
  const visitor = await connect(server.wsUrl, server.origin, v.token);
  const admin = await connect(server.wsUrl, server.origin, server.userToken({ id: 'olga', rights: ['chats', 'admin'] }));
  t.after(() => {
    visitor.ws.terminate();
    admin.ws.terminate();
  });
  const sent = await visitor.call('messages.send', { clientMessageId: 'p1', text: 'hello' });
  const conversationId = sent.result.conversation.id;
  await admin.call('conversations.close', { conversationId });
  const staff = await admin.call('conversations.get', { conversationId });
  assert.equal(staff.result.conversation.lastMessage.author.kind, 'system');
  assert.equal(staff.result.conversation.lastMessage.system.type, 'closed');
  assert.equal(staff.result.conversation.lastMessage.system.by.id, 'olga');
  const mine = await visitor.call('conversations.get', { conversationId });
  assert.equal(mine.result.conversation.lastMessage.author.kind, 'system');
  assert.equal(mine.result.conversation.lastMessage.system, undefined, 'no user ids reach the visitor through the preview');
});
