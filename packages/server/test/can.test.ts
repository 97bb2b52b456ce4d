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
