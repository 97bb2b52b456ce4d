// ChatClient against a real server: files (S-DLG-9) — the file token, uploads, sends that carry
// them through the outbox, and the URLs that serve them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '@chatdesk/server/testing';
import { ChatError } from '@chatdesk/protocol';
import { limits } from '@chatdesk/protocol/runtime';
import { httpBaseOf } from '../src/files.js';
import { connected, until } from './live.js';

test('S-DLG-9: a visitor uploads two files and sends them with a text; the manager gets them and downloads by the client\'s URLs', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const { token } = await server.visitorToken({ name: 'Вера' });
  const visitor = await connected(t, server, () => token);
  const manager = await connected(t, server, () => server.userToken({ id: 'anna', rights: ['chats', 'admin'] }));
  await manager.loadConversations();

  const doc = await visitor.files.upload(new Blob(['%PDF-1.4 счёт']), { name: 'счёт.pdf' });
  const note = await visitor.files.upload(new File(['plain words'], 'note.txt'));
  assert.deepEqual([doc.name, doc.mime, note.name, note.kind], ['счёт.pdf', 'application/pdf', 'note.txt', 'file']);
  assert.ok(visitor.state.fileToken, 'the token is in the store');

  const sent = await visitor.send('Вот документы', undefined, { attachments: [doc, note] });
  assert.deepEqual(sent.attachments?.map((a) => a.id), [doc.id, note.id]);
  const s = await until(manager, (st) => Object.values(st.conversations).some((c) => c.lastMessage?.id === sent.id));
  const conversationId = Object.values(s.conversations).find((c) => c.lastMessage?.id === sent.id)!.id;
  await manager.openThread(conversationId);
  const seen = manager.state.threads[conversationId]!.messages.find((m) => m.id === sent.id)!;
  assert.deepEqual(seen.attachments?.map((a) => a.name), ['счёт.pdf', 'note.txt']);

  await manager.files.token();
  const url = manager.files.url(note.id);
  assert.ok(url?.startsWith(`${server.url}/api/files/${note.id}?t=`));
  const res = await fetch(url!);
  assert.equal(res.status, 200);
  assert.equal(await res.text(), 'plain words');
});

test('S-DLG-9: a file over 20 MB is refused by the client before anything is sent; a send of files alone has no text', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const { token } = await server.visitorToken();
  const visitor = await connected(t, server, () => token);
  const big = new Blob([new Uint8Array(limits.maxSendBytes + 1)]);
  const err = await visitor.files.upload(big, { name: 'big.bin' }).catch((e: ChatError) => e);
  assert.equal((err as ChatError).code, 'LIMIT_EXCEEDED');
  assert.equal(visitor.state.fileToken, null, 'refused before even a token was asked for');
  const f = await visitor.files.upload(new Blob(['x']), { name: 'x.txt' });
  const m = await visitor.send('', undefined, { attachments: [f] });
  assert.equal(m.text, '');
  assert.equal(m.attachments?.[0]?.id, f.id);
});

test('the HTTP base of a chat server is its WebSocket URL without /ws', () => {
  assert.equal(httpBaseOf('ws://127.0.0.1:8080/ws'), 'http://127.0.0.1:8080');
  assert.equal(httpBaseOf('wss://chat.example/chatdesk/ws'), 'https://chat.example/chatdesk');
});
