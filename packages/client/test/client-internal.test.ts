// ChatClient against a real server: internal chats (S-DLG-14) through the same threads, outbox
// and unread logic as conversations, under thread keys -chatId.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '@chatdesk/server/testing';
import { internalKey } from '../src/index.js';
import { connected, until } from './live.js';

test('S-DLG-14: two managers chat internally: create, send, live message and unread, read, reply, older pages', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const anna = await connected(t, server, () => server.userToken({ id: 'anna', name: 'Anna' }));
  const boris = await connected(t, server, () => server.userToken({ id: 'boris', name: 'Boris' }));
  await boris.loadInternalChats();
  assert.equal(boris.state.internalLoaded, true);

  const colleagues = await anna.colleagues();
  assert.ok(colleagues.some((c) => c.id === 'boris'));
  const chat = await anna.createInternalChat(['boris']);
  assert.equal(chat.kind, 'direct');
  assert.deepEqual(anna.state.internalOrder, [chat.id]);
  assert.equal((await anna.createInternalChat(['boris'])).id, chat.id, 'one direct chat per pair');
  await until(boris, (s) => s.internalChats[chat.id] !== undefined);

  const key = internalKey(chat.id);
  const hello = await anna.send('Борис, возьмёшь диалог про ёлку?', key);
  assert.equal(hello.conversationId, chat.id, 'the message names its chat');
  assert.deepEqual(anna.state.outbox, []);
  const s = await until(boris, (st) => st.internalUnread[chat.id] === 1);
  assert.equal(s.internalChats[chat.id]!.lastMessage?.text, 'Борис, возьмёшь диалог про ёлку?');
  assert.equal(s.unreadTotal, 0, 'customer unread counts stay apart');
  assert.deepEqual(s.conversationOrder, []);

  await boris.openThread(key);
  assert.deepEqual(boris.state.threads[key]!.messages.map((m) => m.id), [hello.id]);
  await boris.markRead(key);
  assert.equal(boris.state.internalUnread[chat.id], undefined);
  const answer = await boris.send('Да, беру', key, { replyToId: hello.id });
  assert.equal(answer.replyTo?.id, hello.id);
  assert.equal(boris.state.internalUnread[chat.id], undefined, 'one\'s own message leaves the chat read');
  await anna.openThread(key);
  await until(anna, (st) => st.threads[key]!.messages.some((m) => m.id === answer.id));

  // Older pages come through internal.messages.
  for (let i = 0; i < 55; i++) await anna.send(`#${i}`, key);
  const fresh = await connected(t, server, () => server.userToken({ id: 'boris', name: 'Boris' }));
  await fresh.openThread(key);
  assert.equal(fresh.state.threads[key]!.messages.length, 50);
  assert.equal(fresh.state.threads[key]!.hasMore, true);
  await fresh.loadOlder(key);
  assert.equal(fresh.state.threads[key]!.messages.length, 57);
  assert.equal(fresh.state.threads[key]!.hasMore, false);
  const live = await until(boris, (st) => st.threads[key]!.messages.length === 57);
  assert.deepEqual(fresh.state.threads[key]!.messages, live.threads[key]!.messages, 'kept current by events = fetched afresh');
});

test('S-DLG-14: a group chat with a title reaches every member; a non-member cannot open it', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const anna = await connected(t, server, () => server.userToken({ id: 'anna' }));
  const boris = await connected(t, server, () => server.userToken({ id: 'boris' }));
  const vera = await connected(t, server, () => server.userToken({ id: 'vera' }));
  const gleb = await connected(t, server, () => server.userToken({ id: 'gleb' }));
  const group = await anna.createInternalChat(['boris', 'vera'], 'Смена');
  assert.equal(group.kind, 'group');
  await anna.send('Всем привет', internalKey(group.id));
  await until(boris, (s) => s.internalUnread[group.id] === 1);
  await until(vera, (s) => s.internalChats[group.id]?.title === 'Смена');
  await assert.rejects(gleb.openThread(internalKey(group.id)), (e: { code: string }) => e.code === 'NOT_FOUND');
  assert.deepEqual(gleb.state.internalChats, {});
});
