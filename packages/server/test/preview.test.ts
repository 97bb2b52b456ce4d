// S-DLG-5, S-DLG-2: system notices (opened, assigned, reassigned, unassigned, closed, reopened)
// are never a conversation's preview and never count as unread, for anyone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase, migrate } from '../src/adapters/sqlite/db.js';
import { cmid, connect, startServer, visitorConversation } from './helpers.js';

const noBot = { enabled: false, capacity: 10, managerIds: [] };

test('S-DLG-2, S-DLG-5: a new conversation shows the customer\'s text and 1 unread; assignment, close, reopen and unassign notices change neither', async (t) => {
  const server = await startServer(t);
  const olga = await connect(t, server, server.userToken({ id: 'olga', name: 'Ольга', rights: ['admin'] }));
  await olga.call('settings.update', { assignmentManagerIds: ['anna'], autoCloseAssignedMs: null, distributionBot: noBot });
  const anna = await connect(t, server, server.userToken({ id: 'anna', name: 'Анна' }));
  await connect(t, server, server.userToken({ id: 'boris', name: 'Борис' }));
  const { visitor, conversationId: id } = await visitorConversation(t, server, 'Здравствуйте, нужна помощь');

  const seen = async (c: typeof olga) => {
    const { conversation, unread } = await c.call('conversations.get', { conversationId: id });
    const listed = (await c.call('conversations.list', {})).unread[String(id)] ?? 0;
    assert.equal(listed, unread, 'the list and the conversation agree');
    return [conversation.lastMessage?.text, unread];
  };
  // Born assigned to Anna, with "opened" before and "assigned" after the customer's message.
  const feed = (await anna.call('messages.list', { conversationId: id })).messages;
  assert.deepEqual(feed.map((m: any) => m.system?.type ?? m.text), ['opened', 'Здравствуйте, нужна помощь', 'assigned']);
  assert.deepEqual(await seen(anna), ['Здравствуйте, нужна помощь', 1]);
  assert.deepEqual(await seen(olga), ['Здравствуйте, нужна помощь', 1]);
  const fresh = await connect(t, server, server.userToken({ id: 'anna', name: 'Анна' }));
  assert.deepEqual(fresh.welcome?.unread, { total: 1, conversations: { [id]: 1 } }, 'the welcome snapshot counts 1');
  assert.deepEqual(await seen(visitor), ['Здравствуйте, нужна помощь', 0]);

  // Every kind of notice: close, reopen, reassign, unassign, assign again.
  await olga.call('conversations.close', { conversationId: id });
  await olga.call('conversations.reopen', { conversationId: id });
  await olga.call('conversations.assign', { conversationId: id, assigneeId: 'boris' });
  await olga.call('conversations.assign', { conversationId: id, assigneeId: null });
  await olga.call('conversations.assign', { conversationId: id, assigneeId: 'anna' });
  assert.deepEqual(await seen(anna), ['Здравствуйте, нужна помощь', 1]);
  assert.deepEqual(await seen(olga), ['Здравствуйте, нужна помощь', 1]);
  assert.deepEqual(await seen(visitor), ['Здравствуйте, нужна помощь', 0]);

  // Anna answers: the visitor has 1 unread, which a close after it leaves at 1.
  await anna.call('messages.send', { conversationId: id, clientMessageId: cmid(), text: 'Конечно, слушаю' });
  await anna.call('conversations.close', { conversationId: id });
  assert.deepEqual(await seen(visitor), ['Конечно, слушаю', 1]);
  assert.deepEqual(await seen(anna), ['Конечно, слушаю', 0]);

  // Reading up to a notice reads up to the message before it; marking unread makes the last written message unread.
  const messages = (await olga.call('messages.list', { conversationId: id })).messages;
  const lastNotice = messages.at(-1);
  assert.equal(lastNotice.system?.type, 'closed');
  assert.deepEqual(await olga.call('conversations.markRead', { conversationId: id, messageId: lastNotice.id }), { unread: 0, unreadTotal: 0 });
  assert.equal((await olga.call('conversations.markUnread', { conversationId: id })).unread, 1);
  const customerMessage = messages.find((m: any) => m.author.kind === 'customer');
  assert.equal((await olga.call('conversations.markRead', { conversationId: id, messageId: customerMessage.id })).unread, 1, 'Anna\'s reply after it');
});

test('S-DLG-5: migration 010 gives conversations whose preview was a notice the newest written message instead', () => {
  const db = openDatabase(':memory:', { migrateThrough: 8 });
  db.exec(`INSERT INTO users (id, name, updated_at) VALUES ('anna', 'Anna', 0);
    INSERT INTO channels (id, kind, name, created_at) VALUES (1, 'web', 'Site', 0);
    INSERT INTO customers (id, name, channel_id, created_at) VALUES (1, 'A', 1, 0), (2, 'B', 1, 0), (3, 'C', 1, 0);
    INSERT INTO conversations (id, channel_id, customer_id, assignee_id, last_activity_at, created_at, message_count)
      VALUES (1, 1, 1, 'anna', 4, 0, 3), (2, 1, 2, NULL, 5, 0, 1), (3, 1, 3, NULL, 6, 0, 0);`);
  const msg = db.prepare(`INSERT INTO messages (id, conversation_id, author_kind, author_id, author_name, text, created_at, ordinal, system)
    VALUES (?, ?, ?, ?, 'x', 't', ?, ?, ?)`);
  const notice = JSON.stringify({ type: 'assigned', by: null, from: null, to: { id: 'anna', name: 'Anna' } });
  for (const [id, conv, kind, ordinal, system] of [
    [1, 1, 'customer', 1, null], [2, 1, 'system', 2, notice], [3, 1, 'manager', 2, null], [4, 1, 'system', 3, notice],
    [5, 2, 'customer', 1, null], [6, 3, 'system', 0, notice],
  ] as const) msg.run(id, conv, kind, kind === 'system' ? 'system' : 'a', id, ordinal, system);
  db.exec('UPDATE conversations SET last_message_id = last_activity_at');
  migrate(db);
  assert.deepEqual(db.prepare('SELECT id, last_message_id FROM conversations ORDER BY id').all(), [
    { id: 1, last_message_id: 3 }, { id: 2, last_message_id: 5 }, { id: 3, last_message_id: null },
  ]);
});
