// S-DLG-14: internal chats over real sockets and a real SQLite file — who may create, see and
// write; one direct chat per pair; groups; member-only events (live and on resume); unread per
// member; and that nothing about customer conversations ever sees them.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import { ChatError, limits } from '@chatdesk/protocol';
import { EventBuffer, type Actor, type ServiceContext } from '../src/services/index.js';
import { createInternalChat, internalChatMembers } from '../src/services/internal.js';
import { migrate, openDatabase } from '../src/adapters/sqlite/db.js';
import { Repo } from '../src/adapters/sqlite/repo.js';
import { SqliteStorage } from '../src/adapters/sqlite/sqlite-storage.js';
import { builtInChannels } from '../src/channels/registry.js';
import { CallError, cmid, connect, onPostgres, startServer, visitorConversation, type TestClient, code } from './helpers.js';

type Rights = ('chats' | 'chat_admin' | 'admin')[];

async function world(t: TestContext, now = () => Date.now()) {
  const server = await startServer(t, { clock: { now }, maxTokenTtlSeconds: 3600 * 24 * 60 });
  const names: Record<string, string> = { anna: 'Анна', boris: 'Борис', vera: 'Вера', olga: 'Ольга', gleb: 'Глеб' };
  const user = (id: string, rights: Rights = ['chats']) => connect(t, server, server.userToken({ id, name: names[id] ?? id, rights }));
  return { server, user };
}

const eventFor = (c: TestClient, name: string, pred: (d: any) => boolean = () => true, ms?: number) =>
  c.waitFor((f) => f.type === 'event' && f.name === name && pred(f.data), ms) as Promise<any>;

test('S-DLG-14: a direct chat exists once per pair, is shown to its two members only (admins get NOT_FOUND), visitors are FORBIDDEN', async (t) => {
  const w = await world(t);
  const anna = await w.user('anna');
  const boris = await w.user('boris');
  const olga = await w.user('olga', ['chats', 'admin']);

  const { chat } = await anna.call('internal.create', { memberIds: ['boris'] });
  assert.equal(chat.kind, 'direct');
  assert.equal(chat.title, '');
  assert.deepEqual(chat.members, [
    { id: 'anna', name: 'Анна' },
    { id: 'boris', name: 'Борис' },
  ]);
  assert.equal(chat.lastMessage, null);
  // Both members learn of it; the admin does not.
  assert.equal((await eventFor(boris, 'internal.chat')).data.chat.id, chat.id);
  assert.equal((await eventFor(anna, 'internal.chat')).data.chat.id, chat.id);
  assert.equal(await olga.receivesWithin((f) => f.type === 'event' && String(f.name).startsWith('internal.'), 200), false);

  // Asking again, from either side, returns the same chat and tells no one.
  assert.equal((await anna.call('internal.create', { memberIds: ['boris', 'boris', 'anna'] })).chat.id, chat.id);
  assert.equal((await boris.call('internal.create', { memberIds: ['anna'] })).chat.id, chat.id);
  assert.equal(await boris.receivesWithin((f) => f.type === 'event' && f.name === 'internal.chat', 200), false);

  for (const [method, params] of [
    ['internal.messages', { chatId: chat.id }],
    ['internal.send', { chatId: chat.id, clientMessageId: cmid(), text: 'hi' }],
    ['internal.markRead', { chatId: chat.id }],
  ] as const) {
    assert.equal(await code(olga.call(method, params)), 'NOT_FOUND', `${method}: an admin who is not a member`);
    assert.equal(await code(anna.call(method, { ...params, chatId: chat.id + 1000 })), 'NOT_FOUND', `${method}: no such chat`);
  }
  assert.deepEqual((await olga.call('internal.list', {})).chats, []);

  const { visitor } = await visitorConversation(t, w.server);
  for (const [method, params] of [
    ['internal.list', {}],
    ['internal.colleagues', {}],
    ['internal.create', { memberIds: ['anna'] }],
    ['internal.messages', { chatId: chat.id }],
    ['internal.send', { chatId: chat.id, clientMessageId: cmid(), text: 'hi' }],
    ['internal.markRead', { chatId: chat.id }],
  ] as const) {
    assert.equal(await code(visitor.call(method, params)), 'FORBIDDEN', `${method}: a visitor`);
  }
});

test('S-DLG-14: members must be known users with the chats right; the caller is always a member; at most maxChatMembers', async (t) => {
  const w = await world(t);
  const anna = await w.user('anna');
  await w.user('boris');

  const err = await anna.call('internal.create', { memberIds: ['boris', 'nobody'] }).catch((e: CallError) => e);
  assert.ok(err instanceof CallError);
  assert.equal(err.code, 'INVALID_PARAMS');
  assert.deepEqual(err.details, { nested: { memberIds: ['unknown user nobody'] } });
  assert.equal(await code(anna.call('internal.create', { memberIds: ['anna'] })), 'INVALID_PARAMS', 'only oneself');
  assert.equal(await code(anna.call('internal.create', { memberIds: [] })), 'INVALID_PARAMS');
  const tooMany = Array.from({ length: limits.maxChatMembers }, (_, i) => `u${i}`);
  assert.equal(await code(anna.call('internal.create', { memberIds: tooMany })), 'INVALID_PARAMS', 'the schema caps the list');
  assert.equal(await code(anna.call('internal.create', { memberIds: ['boris'], title: '   ' })), 'INVALID_PARAMS', 'a blank title');
  assert.deepEqual((await anna.call('internal.list', {})).chats, [], 'nothing was created');
});

test('S-DLG-14: a group of three: a title given or made of the names; messages and unread reach the members only', async (t) => {
  const w = await world(t);
  const anna = await w.user('anna');
  const boris = await w.user('boris');
  const vera = await w.user('vera', ['chats', 'chat_admin']);
  const gleb = await w.user('gleb');

  const titled = (await anna.call('internal.create', { memberIds: ['boris', 'vera'], title: '  Склад  ' })).chat;
  assert.equal(titled.kind, 'group');
  assert.equal(titled.title, 'Склад');
  const untitled = (await anna.call('internal.create', { memberIds: ['vera', 'boris'] })).chat;
  assert.notEqual(untitled.id, titled.id, 'groups are not deduplicated');
  assert.equal(untitled.title, 'Анна, Вера, Борис');
  // A group of two (a title given) is a group, not the pair's direct chat.
  const pairGroup = (await anna.call('internal.create', { memberIds: ['boris'], title: 'Пара' })).chat;
  assert.equal(pairGroup.kind, 'group');

  const sent = await boris.call('internal.send', { chatId: titled.id, clientMessageId: 'b-1', text: '<b>Привет</b> всем' });
  assert.equal(sent.message.conversationId, titled.id);
  assert.equal(sent.message.text, '<b>Привет</b> всем', 'stored as typed: the elements render it as text');
  assert.equal(sent.chat.lastMessage.text, '<b>Привет</b> всем');
  for (const member of [anna, vera]) {
    const e = await eventFor(member, 'internal.message', (d) => d.message.id === sent.message.id);
    assert.equal(e.data.message.clientMessageId, undefined, 'another member does not see the client id');
    assert.equal(e.data.chat.lastMessage.id, sent.message.id);
    assert.deepEqual((await eventFor(member, 'internal.unread', (d) => d.chatId === titled.id)).data, { chatId: titled.id, unread: 1 });
  }
  const own = await eventFor(boris, 'internal.message', (d) => d.message.id === sent.message.id);
  assert.equal(own.data.message.clientMessageId, 'b-1', "the sender's sessions recognise their message");
  assert.equal(await gleb.receivesWithin((f) => f.type === 'event' && String(f.name).startsWith('internal.'), 200), false);

  // The list: last activity first, with the caller's unread counts.
  const list = await vera.call('internal.list', {});
  assert.deepEqual(
    list.chats.map((c: any) => c.id),
    [titled.id, untitled.id],
  );
  assert.deepEqual(list.unread, { [titled.id]: 1 });
  assert.deepEqual((await boris.call('internal.list', {})).unread, {}, 'the sender has read up to their message');
  assert.equal(await code(gleb.call('internal.messages', { chatId: titled.id })), 'NOT_FOUND');

  // Reading: the count goes to 0 for Vera only, and her sessions are told.
  assert.deepEqual(await vera.call('internal.markRead', { chatId: titled.id }), { unread: 0 });
  assert.deepEqual((await eventFor(vera, 'internal.unread', (d) => d.unread === 0)).data, { chatId: titled.id, unread: 0 });
  assert.deepEqual((await anna.call('internal.list', {})).unread, { [titled.id]: 1 });
  assert.equal(await vera.receivesWithin((f) => f.type === 'event' && f.name === 'internal.unread', 100), false);
  assert.deepEqual(await vera.call('internal.markRead', { chatId: titled.id }), { unread: 0 }, 'again: no event');
  assert.equal(await vera.receivesWithin((f) => f.type === 'event' && f.name === 'internal.unread', 150), false);
});

test('S-DLG-14, S-DLG-12, S-DLG-7: send is idempotent, limited to 2000 characters, replies stay within the chat; pages of messages', async (t) => {
  const w = await world(t);
  const anna = await w.user('anna');
  const boris = await w.user('boris');
  await w.user('vera');
  const direct = (await anna.call('internal.create', { memberIds: ['boris'] })).chat;
  const other = (await anna.call('internal.create', { memberIds: ['vera'] })).chat;

  const first = await anna.call('internal.send', { chatId: direct.id, clientMessageId: 'a-1', text: 'Первое' });
  await eventFor(boris, 'internal.message');
  const again = await anna.call('internal.send', { chatId: direct.id, clientMessageId: 'a-1', text: 'Первое' });
  assert.equal(again.message.id, first.message.id, 'a resend returns the stored message');
  assert.equal(await boris.receivesWithin((f) => f.type === 'event' && f.name === 'internal.message', 200), false, 'and emits nothing');
  assert.equal(await code(anna.call('internal.send', { chatId: other.id, clientMessageId: 'a-1', text: 'x' })), 'CONFLICT');

  const long = 'я'.repeat(limits.maxMessageChars + 1);
  const limitErr = await anna.call('internal.send', { chatId: direct.id, clientMessageId: cmid(), text: long }).catch((e: CallError) => e);
  assert.equal((limitErr as CallError).code, 'LIMIT_EXCEEDED');
  assert.deepEqual((limitErr as CallError).details, { limit: limits.maxMessageChars, actual: limits.maxMessageChars + 1 });
  const spaced = `${'я '.repeat(limits.maxMessageChars)}`;
  assert.equal(await code(anna.call('internal.send', { chatId: direct.id, clientMessageId: cmid(), text: spaced })), 'ok', 'whitespace is not counted');

  const elsewhere = await anna.call('internal.send', { chatId: other.id, clientMessageId: cmid(), text: 'там' });
  assert.equal(
    await code(boris.call('internal.send', { chatId: direct.id, clientMessageId: cmid(), text: 're', replyToId: elsewhere.message.id })),
    'NOT_FOUND',
    'a quote of another chat',
  );
  const reply = await boris.call('internal.send', { chatId: direct.id, clientMessageId: cmid(), text: 'Ответ', replyToId: first.message.id });
  assert.deepEqual(reply.message.replyTo, { id: first.message.id, author: { kind: 'manager', id: 'anna', name: 'Анна' }, text: 'Первое' });

  for (let i = 0; i < 5; i++) await boris.call('internal.send', { chatId: direct.id, clientMessageId: cmid(), text: `n${i}` });
  const page = await anna.call('internal.messages', { chatId: direct.id, limit: 3 });
  assert.deepEqual(
    page.messages.map((m: any) => m.text),
    ['n2', 'n3', 'n4'],
  );
  assert.equal(page.hasMore, true);
  const older = await anna.call('internal.messages', { chatId: direct.id, before: page.messages[0].id, limit: 50 });
  assert.deepEqual(
    older.messages.map((m: any) => m.text),
    ['Первое', spaced, 'Ответ', 'n0', 'n1'],
  );
  assert.equal(older.hasMore, false);
  assert.equal(older.messages[0].clientMessageId, 'a-1', 'own messages keep their client id');
  assert.equal(older.messages[2].clientMessageId, undefined, "another member's do not");
  assert.equal(older.messages[2].replyTo.id, first.message.id, 'pages carry the quote');

  // Read up to a message: the unread count is what follows it.
  assert.deepEqual(await anna.call('internal.markRead', { chatId: direct.id, messageId: older.messages[3].id }), { unread: 4 });
  assert.deepEqual((await anna.call('internal.list', {})).unread, { [direct.id]: 4 });
  assert.equal(await code(anna.call('internal.markRead', { chatId: direct.id, messageId: elsewhere.message.id })), 'NOT_FOUND');
});

test('S-DLG-14: colleagues are the other users with the chats right, with their online state', async (t) => {
  const w = await world(t);
  const anna = await w.user('anna');
  const boris = await w.user('boris');
  await w.user('olga', ['admin']);
  await boris.close();
  // Presence follows the socket closing.
  await new Promise((r) => setTimeout(r, 100));
  const { colleagues } = await anna.call('internal.colleagues', {});
  assert.deepEqual(colleagues, [
    { id: 'boris', name: 'Борис', online: false },
    { id: 'olga', name: 'Ольга', online: true },
  ]);
});

test('S-DLG-14: internal events reach members on resume too, and nobody else', async (t) => {
  const w = await world(t);
  const anna = await w.user('anna');
  const boris = await w.user('boris');
  const vera = await w.user('vera', ['chats', 'chat_admin']);
  const chat = (await anna.call('internal.create', { memberIds: ['boris'] })).chat;
  // Boris resumes after the chat's creation event; Vera from her welcome.
  const from = { b: { seq: (await eventFor(boris, 'internal.chat')).seq as number, epoch: boris.welcome!.epoch }, v: vera.welcome! };
  await boris.close();
  await vera.close();
  const sent = await anna.call('internal.send', { chatId: chat.id, clientMessageId: cmid(), text: 'пока тебя не было' });

  const back = await connect(t, w.server, w.server.userToken({ id: 'boris', name: 'Борис' }), {
    resumeFrom: from.b.seq,
    epoch: from.b.epoch,
  });
  assert.equal(back.welcome!.resumed, true);
  assert.equal((await eventFor(back, 'internal.message')).data.message.id, sent.message.id);
  assert.equal((await eventFor(back, 'internal.unread')).data.unread, 1);

  const admin = await connect(t, w.server, w.server.userToken({ id: 'vera', name: 'Вера', rights: ['chats', 'chat_admin'] }), {
    resumeFrom: from.v.seq,
    epoch: from.v.epoch,
  });
  assert.equal(admin.welcome!.resumed, true);
  assert.equal(await admin.receivesWithin((f) => f.type === 'event' && String(f.name).startsWith('internal.'), 200), false);
});

test('S-DLG-14: customer lists, search, unread snapshots, the distribution bot and auto-close never see internal chats', async (t) => {
  let now = Date.now();
  const w = await world(t, () => now);
  const anna = await w.user('anna');
  const boris = await w.user('boris');
  const olga = await w.user('olga', ['chats', 'admin']);
  const chat = (await anna.call('internal.create', { memberIds: ['boris', 'olga'], title: 'Секрет' })).chat;
  await anna.call('internal.send', { chatId: chat.id, clientMessageId: cmid(), text: 'уникальноеслово внутри' });

  // A customer conversation with the same word: search works, and finds only that one.
  const { conversationId } = await visitorConversation(t, w.server, 'уникальноеслово снаружи');
  for (const c of [anna, boris, olga]) {
    const ids = (await c.call('conversations.list', {})).conversations.map((x: any) => x.id);
    assert.ok(ids.every((id: number) => id === conversationId), 'only the customer conversation');
    const { hits } = await c.call('conversations.search', { query: 'уникальноеслово' });
    assert.ok(hits.every((h: any) => h.conversation.id === conversationId), JSON.stringify(hits));
  }
  assert.equal((await olga.call('conversations.search', { query: 'внутри' })).hits.length, 0);
  assert.equal((await olga.call('conversations.search', { query: 'уникальноеслово' })).hits.length, 1);
  const fresh = await connect(t, w.server, w.server.userToken({ id: 'boris', name: 'Борис' }));
  // Boris sees unassigned conversations (managersSeeUnassigned): the customer's one, not the chat.
  assert.deepEqual(Object.keys(fresh.welcome!.unread!.conversations), [String(conversationId)]);
  assert.equal(fresh.welcome!.unread!.total, 1, 'the welcome snapshot counts customer conversations only');

  // The distribution bot takes the customer conversation from the backlog and leaves the chat alone.
  await olga.call('settings.update', { assignmentManagerIds: [], autoCloseAssignedMs: null, distributionBot: { enabled: true, capacity: 10, managerIds: ['anna'] } });
  assert.equal((await olga.call('conversations.get', { conversationId })).conversation.assigneeId, 'anna');
  await olga.call('settings.update', { assignmentManagerIds: [], autoCloseAssignedMs: 60_000, distributionBot: { enabled: false, capacity: 10, managerIds: [] } });
  // Auto-close, a month later: the idle customer conversation closes, the chat goes on as it was.
  now += 31 * 24 * 3600_000;
  assert.equal(await w.server.app.chat.autoClose(), 1);
  assert.equal((await (await w.user('olga', ['chats', 'admin'])).call('conversations.get', { conversationId })).conversation.status, 'closed');
  // (Tokens are signed on the moved clock: the sessions of a month ago have ended.)
  const later = await w.user('boris');
  const sent = await later.call('internal.send', { chatId: chat.id, clientMessageId: cmid(), text: 'всё ещё здесь' });
  assert.equal(sent.chat.id, chat.id);

  // Storage: one message model — the chat is a conversation of its own kind, its message in the
  // one messages table and search index, and still no customer read above met it (the SQLite
  // file looked at directly; the contract suite holds the same of every adapter).
  if (onPostgres) return;
  const db = new Database(w.server.dbFile, { readonly: true });
  t.after(() => db.close());
  const rows = (sql: string) => db.prepare(sql).all();
  assert.deepEqual(rows(`SELECT kind, assignee_id, status FROM conversations ORDER BY kind`), [
    { kind: 'customer', assignee_id: 'anna', status: 'closed' },
    { kind: 'internal', assignee_id: null, status: 'open' },
  ]);
  assert.deepEqual(rows(`SELECT m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.kind = 'internal' ORDER BY m.id`), [
    { text: 'уникальноеслово внутри' },
    { text: 'всё ещё здесь' },
  ]);
});

test('S-DLG-14: internal messages share the one message table, yet no customer-conversation method reaches them (retry, read marks, quotes, sends: NOT_FOUND), and edit, delete and history only for members', async (t) => {
  const w = await world(t);
  const anna = await w.user('anna');
  await w.user('boris');
  const { conversationId } = await visitorConversation(t, w.server);
  const own = await anna.call('messages.send', { conversationId, clientMessageId: cmid(), text: 'клиенту' });
  const chat = (await anna.call('internal.create', { memberIds: ['boris'] })).chat;
  const internal = await anna.call('internal.send', { chatId: chat.id, clientMessageId: cmid(), text: 'коллеге' });
  assert.notEqual(internal.message.id, own.message.id);
  // A customer-message method given the internal message's id, or the chat's id, finds nothing.
  const messageId = internal.message.id;
  assert.equal(await code(anna.call('messages.retry', { messageId })), 'NOT_FOUND');
  const admin = await w.user('olga', ['chats', 'admin']);
  // An admin who is not a member: the chat's messages do not exist for them.
  assert.equal(await code(admin.call('messages.delete', { messageId })), 'NOT_FOUND');
  assert.equal(await code(admin.call('messages.edit', { messageId, text: 'правка' })), 'NOT_FOUND');
  assert.equal(await code(admin.call('messages.history', { messageId })), 'NOT_FOUND');
  assert.equal(await code(anna.call('conversations.markRead', { conversationId, messageId })), 'NOT_FOUND');
  assert.equal(await code(anna.call('messages.send', { conversationId, clientMessageId: cmid(), text: 'цитата', replyToId: messageId })), 'NOT_FOUND');
  for (const c of [anna, admin]) {
    assert.equal(await code(c.call('conversations.get', { conversationId: chat.id })), 'NOT_FOUND');
    assert.equal(await code(c.call('messages.list', { conversationId: chat.id })), 'NOT_FOUND');
    assert.equal(await code(c.call('messages.send', { conversationId: chat.id, clientMessageId: cmid(), text: 'в чат?' })), 'NOT_FOUND');
  }
  // Nor does a client message id of the chat's open a customer send's door: the sender is told it was used.
  assert.equal(await code(anna.call('messages.send', { conversationId, clientMessageId: internal.message.clientMessageId, text: 'повтор' })), 'CONFLICT');
  const page = await anna.call('internal.messages', { chatId: chat.id });
  assert.deepEqual(
    page.messages.map((m: any) => m.text),
    ['коллеге'],
  );
});

test('internalChatMembers (the audience of an internal chat\'s typing signals) names the members to a member; NOT_FOUND to an admin who is not a member, to a visitor, and for no such chat', async () => {
  const repo = new Repo(openDatabase(':memory:'));
  const store = new SqliteStorage(repo);
  const clock = { now: () => 1_800_000_000_000 };
  const ctx = (actor: Actor): ServiceContext => ({ store, channels: builtInChannels(), clock, actor, policy: { managersSeeUnassigned: true }, events: new EventBuffer(store, clock) });
  const user = (id: string, rights: Rights = ['chats']): Actor => {
    const a: Actor = { kind: 'user', id, name: id, rights };
    repo.upsertUser(a, clock.now());
    return a;
  };
  const anna = user('anna');
  user('boris');
  const olga = user('olga', ['admin']);
  const { chat } = await store.transaction(() => createInternalChat(ctx(anna), { memberIds: ['boris'] }));
  assert.deepEqual((await internalChatMembers(ctx(anna), chat.id)).sort(), ['anna', 'boris']);
  await assert.rejects(internalChatMembers(ctx(olga), chat.id), (e: ChatError) => e.code === 'NOT_FOUND', 'an admin who is not a member');
  await assert.rejects(internalChatMembers(ctx(anna), chat.id + 1), (e: ChatError) => e.code === 'NOT_FOUND', 'no such chat');
  const visitor: Actor = { kind: 'visitor', customerId: 1, channelId: 1, name: 'v' };
  await assert.rejects(internalChatMembers(ctx(visitor), chat.id), (e: ChatError) => e.code === 'NOT_FOUND', 'a visitor');
});

test('migration 011 (one message model) moves internal chats into conversations with their members, read cursors, history and quotes, and starts a new epoch', async () => {
  const db = openDatabase(':memory:', { migrateThrough: 10 });
  db.exec(`INSERT INTO users (id, name, rights, updated_at) VALUES ('anna', 'Анна', '["chats"]', 0), ('boris', 'Борис', '["chats"]', 0);
    INSERT INTO channels (id, kind, name, created_at) VALUES (1, 'web', 'Site', 0);
    INSERT INTO customers (id, name, channel_id, created_at) VALUES (1, 'Мария', 1, 0);
    INSERT INTO conversations (id, channel_id, customer_id, last_message_id, last_activity_at, created_at, message_count)
      VALUES (1, 1, 1, 1, 10, 0, 1);
    INSERT INTO messages (id, conversation_id, author_kind, author_id, author_name, text, created_at, ordinal)
      VALUES (1, 1, 'customer', '1', 'Мария', 'снаружи', 10, 1);
    INSERT INTO internal_chats (id, kind, title, direct_key, created_by, last_message_id, message_count, last_activity_at, created_at)
      VALUES (1, 'direct', '', '["anna","boris"]', 'anna', ${2 ** 50 + 2}, 2, 30, 5);
    INSERT INTO internal_members (chat_id, user_id, read_ordinal) VALUES (1, 'anna', 2), (1, 'boris', 1);
    INSERT INTO internal_messages (id, chat_id, author_id, author_name, text, client_message_id, created_at, ordinal, reply_to_id)
      VALUES (${2 ** 50 + 1}, 1, 'anna', 'Анна', 'привет коллега', 'c-1', 20, 1, NULL),
             (${2 ** 50 + 2}, 1, 'boris', 'Борис', 'и тебе', 'c-2', 30, 2, ${2 ** 50 + 1});`);
  const epoch = (db.prepare(`SELECT value FROM meta WHERE key = 'epoch'`).get() as { value: string }).value;
  migrate(db);

  const store = new SqliteStorage(new Repo(db));
  const [chat] = await store.internal.of('anna', 10);
  assert.ok(chat);
  assert.deepEqual(
    { kind: chat.kind, members: chat.members.map((m) => m.id), last: chat.lastMessage?.text, at: chat.lastActivityAt },
    { kind: 'direct', members: ['anna', 'boris'], last: 'и тебе', at: 30 },
  );
  assert.equal((await store.internal.findDirect('boris', 'anna'))?.id, chat.id);
  const messages = (await store.messages.before(chat.id, Number.MAX_SAFE_INTEGER, 10)).reverse();
  assert.deepEqual(messages.map((m) => [m.author_kind, m.author_id, m.text, m.ordinal, m.client_message_id]), [
    ['manager', 'anna', 'привет коллега', 1, 'c-1'],
    ['manager', 'boris', 'и тебе', 2, 'c-2'],
  ]);
  assert.equal(messages[1]!.reply_to_id, messages[0]!.id, 'the quote follows its message to its new id');
  assert.ok(messages.every((m) => m.id > 1), 'after the customer messages');
  assert.deepEqual(await store.internal.cursors(chat.id), new Map([['anna', 2], ['boris', 1]]));
  assert.deepEqual(await store.internal.unreadOf('boris'), { [chat.id]: 1 });
  // The customer conversation is as it was, and still the only one customer reads see.
  assert.deepEqual((await store.conversations.list([{ kind: 'all' }], 'u:anna', 10, null)).map((r) => [r.conversation.id, r.unread]), [[1, 1]]);
  assert.equal(await store.conversations.get(chat.id), undefined);
  assert.notEqual(await store.meta.get('epoch'), epoch, 'clients refetch once: their events named the old ids');
  assert.deepEqual(db.pragma('foreign_key_check'), []);
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'internal%'`).all();
  assert.deepEqual(tables, [], 'the old tables are gone');
});

test('S-DLG-14, S-DLG-7: in an internal chat the author edits and deletes their message through messages.edit/delete; members get it as internal.message with their unread unmoved; can says who may; admin members read the audit trail', async (t) => {
  const w = await world(t);
  const anna = await w.user('anna');
  const boris = await w.user('boris');
  const olga = await w.user('olga', ['chats', 'admin']);
  const chat = (await anna.call('internal.create', { memberIds: ['boris', 'olga'], title: 'Склад' })).chat;
  const sent = await anna.call('internal.send', { chatId: chat.id, clientMessageId: cmid(), text: 'Привезли 10 коробок' });
  assert.deepEqual(sent.message.can, { edit: true, delete: true, retry: false, history: false });
  const live = await eventFor(boris, 'internal.message', (d) => d.message.id === sent.message.id);
  assert.deepEqual(live.data.message.can, { edit: false, delete: false, retry: false, history: false });
  await eventFor(boris, 'internal.unread', (d) => d.chatId === chat.id && d.unread === 1);

  // Only the author may change it; the others are told why.
  const messageId = sent.message.id;
  assert.equal(await code(boris.call('messages.edit', { messageId, text: 'Привезли 12 коробок' })), 'FORBIDDEN');
  assert.equal(await code(olga.call('messages.delete', { messageId })), 'FORBIDDEN');

  const edited = await anna.call('messages.edit', { messageId, text: 'Привезли 12 коробок' });
  assert.equal(edited.chat.id, chat.id);
  assert.equal('conversation' in edited, false);
  assert.equal(edited.message.text, 'Привезли 12 коробок');
  assert.ok(edited.message.editedAt);
  assert.equal(edited.chat.lastMessage.text, 'Привезли 12 коробок');
  const seen = await eventFor(boris, 'internal.message', (d) => d.message.id === messageId && d.message.editedAt !== undefined);
  assert.equal(seen.data.message.text, 'Привезли 12 коробок');
  assert.equal(seen.data.message.clientMessageId, undefined, 'another member does not get the sender\'s client id');
  // An edit is not a new message: nobody's unread count moves.
  assert.equal(await boris.receivesWithin((f) => f.type === 'event' && f.name === 'internal.unread', 300), false);
  assert.deepEqual((await boris.call('internal.list', {})).unread, { [chat.id]: 1 });

  // The admin member reads the audit trail; a plain member may not.
  const olgaSees = (await olga.call('internal.messages', { chatId: chat.id })).messages[0];
  assert.deepEqual(olgaSees.can, { edit: false, delete: false, retry: false, history: true });
  const trail = await olga.call('messages.history', { messageId });
  assert.deepEqual(trail.revisions.map((r: any) => [r.action, r.text]), [['edited', 'Привезли 10 коробок']]);
  assert.equal(await code(boris.call('messages.history', { messageId })), 'FORBIDDEN');

  const deleted = await anna.call('messages.delete', { messageId });
  assert.equal(deleted.message.text, '');
  assert.deepEqual(deleted.message.can, { edit: false, delete: false, retry: false, history: false });
  await eventFor(boris, 'internal.message', (d) => d.message.id === messageId && d.message.deletedAt !== undefined);
  assert.equal(await code(anna.call('messages.edit', { messageId, text: 'снова' })), 'CONFLICT');
  // It stays in the feed, blanked.
  assert.deepEqual((await anna.call('internal.messages', { chatId: chat.id })).messages.map((m: any) => [m.text, m.deletedAt !== undefined]), [['', true]]);
});

test('S-DLG-14, S-DLG-8: a member keeps a draft of an internal chat on the server (drafts.set/list, under the chat id); a send clears it; non-members get NOT_FOUND', async (t) => {
  const w = await world(t);
  const anna = await w.user('anna');
  await w.user('boris');
  const olga = await w.user('olga', ['chats', 'admin']);
  const chat = (await anna.call('internal.create', { memberIds: ['boris'] })).chat;
  const { draft } = await anna.call('drafts.set', { conversationId: chat.id, text: 'Завтра обсудим' });
  assert.equal(draft.conversationId, chat.id);
  await eventFor(anna, 'draft.changed', (d) => d.conversationId === chat.id && d.draft?.text === 'Завтра обсудим');
  // Another device of hers sees it after a reload.
  const annaAgain = await w.user('anna');
  assert.deepEqual((await annaAgain.call('drafts.list', {})).drafts.map((d: any) => [d.conversationId, d.text]), [[chat.id, 'Завтра обсудим']]);
  assert.equal(await code(olga.call('drafts.set', { conversationId: chat.id, text: 'не мой чат' })), 'NOT_FOUND');
  assert.deepEqual((await olga.call('drafts.list', {})).drafts, []);

  await anna.call('internal.send', { chatId: chat.id, clientMessageId: cmid(), text: 'Завтра обсудим' });
  await eventFor(annaAgain, 'draft.changed', (d) => d.conversationId === chat.id && d.draft === null);
  assert.deepEqual((await annaAgain.call('drafts.list', {})).drafts, []);
});
