// Conversation.can: what each reader may do, decided by the server's policy and sent with every
// conversation, so elements offer it instead of deciding again (issue 11: permissions in one place).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cmid, connect, startServer, visitorConversation } from './helpers.js';

const none = { see: true, reply: true, close: false, assign: false, unassign: false, block: false, unlink: false };

test('S-DLG-6, S-DLG-7, S-AUTH-2, S-AUTH-3: conversation.can per reader — the holder, another manager, an admin, the visitor; a blocked customer and a disconnected channel take reply away', async (t) => {
  const server = await startServer(t);
  const anna = await connect(t, server, server.userToken({ id: 'anna', rights: ['chats'] }));
  const boris = await connect(t, server, server.userToken({ id: 'boris', rights: ['chats'] }));
  const olga = await connect(t, server, server.userToken({ id: 'olga', rights: ['admin'] }));
  const { visitor, conversationId } = await visitorConversation(t, server, 'Здравствуйте');
  const can = async (c: typeof anna) => (await c.call('conversations.get', { conversationId })).conversation.can;

  // Unassigned: every manager sees it and may answer; only admins and chat admins reassign it.
  const staff = { see: true, reply: true, close: true, assign: false, unassign: false, block: true, unlink: true };
  assert.deepEqual(await can(anna), staff);
  assert.deepEqual(await can(olga), { ...staff, assign: true, unassign: true });
  assert.deepEqual(await can(visitor), none);

  // Anna answers and holds it: she may reassign it; Boris's last update says he no longer sees it.
  const sent = await anna.call('messages.send', { conversationId, clientMessageId: cmid(), text: 'Добрый день' });
  assert.deepEqual(sent.conversation.can, { ...staff, assign: true });
  const lost = await boris.waitFor((f) => f.type === 'event' && (f as any).data?.conversation?.assigneeId === 'anna');
  assert.equal((lost as any).data.conversation.can.see, false);
  assert.equal((await boris.call('conversations.list', {})).conversations.length, 0);

  // A blocked customer: nobody may reply (the visitor is not told: a plain refusal on send).
  await olga.call('customers.setBlocked', { customerId: (await olga.call('conversations.get', { conversationId })).conversation.customer.id, blocked: true });
  assert.equal((await can(anna)).reply, false);
  assert.equal((await can(olga)).reply, false);
  assert.deepEqual(await can(visitor), none);

  // A channel no module delivers: history only.
  const { store } = server.app.chat;
  const now = Date.now();
  const channel = await store.channels.insert('telegram', 'Telegram', now);
  const customer = await store.customers.insert({ name: 'Клиент из Telegram', channelId: channel }, now);
  const tg = await store.conversations.insert({ channel_id: channel, customer_id: customer, assignee_id: 'anna' }, now);
  assert.equal((await anna.call('conversations.get', { conversationId: tg })).conversation.can.reply, false);
});

test('S-DLG-7, S-DLG-13: message.can per reader — the author edits and deletes, others do not; admins read the history of an edited message; a blocked customer takes edits from staff (not from the visitor, who is not told); a channel without edits takes them from everyone', async (t) => {
  const server = await startServer(t);
  const anna = await connect(t, server, server.userToken({ id: 'anna', rights: ['chats'] }));
  const olga = await connect(t, server, server.userToken({ id: 'olga', rights: ['admin'] }));
  const { visitor, conversationId } = await visitorConversation(t, server, 'Здравствуйте');
  const sent = await anna.call('messages.send', { conversationId, clientMessageId: cmid(), text: 'Добрый день' });
  const own = { edit: true, delete: true, retry: false, history: false };
  assert.deepEqual(sent.message.can, own);
  const page = async (c: typeof anna) => (await c.call('messages.list', { conversationId })).messages as { id: number; can: unknown; author: { kind: string } }[];
  const annas = async (c: typeof anna) => (await page(c)).find((m) => m.id === sent.message.id)!.can;
  assert.deepEqual(await annas(olga), { ...own, edit: false, delete: false });
  assert.deepEqual(await annas(visitor), { ...own, edit: false, delete: false });
  const visitorsOwn = (await page(visitor)).find((m) => m.author.kind === 'customer')!.can;
  assert.deepEqual(visitorsOwn, own);
  // Edited: admins may read its history (a live event says so too).
  await anna.call('messages.edit', { messageId: sent.message.id, text: 'Добрый вечер' });
  assert.equal(((await annas(olga)) as { history: boolean }).history, true);
  assert.equal(((await annas(anna)) as { history: boolean }).history, false);
  // Blocked: staff may no longer change what they wrote; the visitor's own stays editable to them.
  await olga.call('customers.setBlocked', { customerId: (await olga.call('conversations.get', { conversationId })).conversation.customer.id, blocked: true });
  assert.deepEqual(await annas(anna), { ...own, edit: false, delete: false });
  assert.deepEqual((await page(visitor)).find((m) => m.author.kind === 'customer')!.can, own);

  // A channel whose module cannot edit or delete (none is connected for telegram here): nobody may.
  const { store } = server.app.chat;
  const now = Date.now();
  const channel = await store.channels.insert('telegram', 'Telegram', now);
  const customer = await store.customers.insert({ name: 'Клиент из Telegram', channelId: channel }, now);
  const tg = await store.conversations.insert({ channel_id: channel, customer_id: customer, assignee_id: 'anna' }, now);
  await store.messages.insert({ conversation_id: tg, author_kind: 'manager', author_id: 'anna', author_name: 'Анна', text: 'в Telegram', client_message_id: null, created_at: now, ordinal: 1 });
  const [tgMessage] = (await anna.call('messages.list', { conversationId: tg })).messages;
  assert.deepEqual(tgMessage.can, { ...own, edit: false, delete: false });
});
