// Edits, deletes and their audit trail (S-DLG-7) over real sockets and a real SQLite file.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { limits } from '@chatdesk/protocol';
import { CallError, cmid, connect, startServer, visitorConversation, type TestClient } from './helpers.js';

async function failure(p: Promise<unknown>): Promise<{ code: string; details?: unknown }> {
  try {
    await p;
    return { code: 'ok' };
  } catch (e) {
    const err = e as CallError;
    return err.details === undefined ? { code: err.code } : { code: err.code, details: err.details };
  }
}

const code = async (p: Promise<unknown>) => (await failure(p)).code;

const eventFor = (c: TestClient, name: string, pred: (d: any) => boolean) =>
  c.waitFor((f) => f.type === 'event' && f.name === name && pred(f.data)) as Promise<any>;

async function world(t: TestContext) {
  const server = await startServer(t);
  const user = (id: string, rights: ('chats' | 'chat_admin' | 'admin')[] = ['chats']) =>
    connect(t, server, server.userToken({ id, name: id.toUpperCase(), rights }));
  return { server, user };
}

const hitIds = async (c: TestClient, query: string) =>
  ((await c.call('conversations.search', { query })).hits as any[]).filter((h) => h.message).map((h) => h.message.id);

test('S-DLG-7: the author edits and deletes their message; the visitor and other staff see it live; search and the preview follow', async (t) => {
  const w = await world(t);
  const anna = await w.user('anna');
  const boss = await w.user('boss', ['chats', 'chat_admin']);
  const { visitor, conversationId: c, messageId: q } = await visitorConversation(t, w.server, 'Когда доставка?');
  const clientMessageId = cmid();
  const sent = await anna.call('messages.send', { conversationId: c, clientMessageId, text: 'Доставка завтра утром' });
  const m = sent.message.id;
  await eventFor(visitor, 'message.created', (d) => d.message.id === m);

  const edited = await anna.call('messages.edit', { messageId: m, text: 'Доставка послезавтра утром' });
  assert.equal(edited.message.text, 'Доставка послезавтра утром');
  assert.equal(edited.message.clientMessageId, clientMessageId, 'the author’s own result keeps the client id');
  assert.equal(typeof edited.message.editedAt, 'number');
  assert.equal(edited.conversation.lastMessage.text, 'Доставка послезавтра утром', 'the list preview of the last message follows');

  const toVisitor = await eventFor(visitor, 'message.updated', (d) => d.message.id === m);
  assert.equal(toVisitor.data.message.text, 'Доставка послезавтра утром');
  assert.equal(toVisitor.data.message.editedAt, edited.message.editedAt);
  assert.equal('clientMessageId' in toVisitor.data.message, false);
  assert.equal(toVisitor.data.conversation.assigneeId, null, 'visitors never learn the assignee');
  const toBoss = await eventFor(boss, 'message.updated', (d) => d.message.id === m);
  assert.equal(toBoss.data.conversation.lastMessage.text, 'Доставка послезавтра утром');
  assert.equal('clientMessageId' in toBoss.data.message, false);

  // Search finds the new text only.
  assert.deepEqual(await hitIds(boss, 'послезавтра'), [m]);
  assert.deepEqual(await hitIds(boss, 'завтра'), []);
  assert.deepEqual(await hitIds(boss, 'доставка'), [m, q]);

  // The same text again changes nothing: same message, no event, no revision.
  const same = await anna.call('messages.edit', { messageId: m, text: 'Доставка послезавтра утром' });
  assert.equal(same.message.editedAt, edited.message.editedAt);
  assert.equal(await visitor.receivesWithin((f) => f.type === 'event' && f.name === 'message.updated', 150), false);
  assert.equal((await boss.call('messages.history', { messageId: m })).revisions.length, 1);

  // S-DLG-12 holds for edits.
  assert.deepEqual(await failure(anna.call('messages.edit', { messageId: m, text: 'я'.repeat(limits.maxMessageChars + 1) })), {
    code: 'LIMIT_EXCEEDED',
    details: { limit: limits.maxMessageChars, actual: limits.maxMessageChars + 1 },
  });

  const deleted = await anna.call('messages.delete', { messageId: m });
  assert.equal(deleted.message.text, '');
  assert.equal(typeof deleted.message.deletedAt, 'number');
  assert.deepEqual(
    { text: deleted.conversation.lastMessage.text, deleted: deleted.conversation.lastMessage.deleted },
    { text: '', deleted: true },
  );
  const gone = await eventFor(visitor, 'message.updated', (d) => d.message.id === m && d.message.deletedAt !== undefined);
  assert.equal(gone.data.message.text, '');
  assert.equal(gone.data.conversation.lastMessage.deleted, true);
  assert.equal((await eventFor(boss, 'message.updated', (d) => d.message.deletedAt !== undefined)).data.message.text, '');
  assert.deepEqual(await hitIds(boss, 'послезавтра'), [], 'a deleted message is not found any more');
  assert.deepEqual(await hitIds(boss, 'доставка'), [q]);

  // The feed keeps the message, blanked; the list's preview says it was deleted.
  const page = await visitor.call('messages.list', { conversationId: c });
  const kept = page.messages.find((x: any) => x.id === m);
  assert.equal(kept.text, '');
  assert.equal(kept.deletedAt, deleted.message.deletedAt);
  const list = await anna.call('conversations.list', {});
  assert.equal(list.conversations[0].lastMessage.deleted, true);

  // A deleted message is neither edited nor deleted again.
  assert.equal(await code(anna.call('messages.edit', { messageId: m, text: 'снова' })), 'CONFLICT');
  assert.equal(await code(anna.call('messages.delete', { messageId: m })), 'CONFLICT');

  // The visitor edits their own message; staff see it.
  const own = await visitor.call('messages.edit', { messageId: q, text: 'Когда будет доставка?' });
  assert.equal(own.message.text, 'Когда будет доставка?');
  assert.equal((await eventFor(anna, 'message.updated', (d) => d.message.id === q)).data.message.text, 'Когда будет доставка?');
});

test('S-DLG-7: only the author edits or deletes, on channels that support it, never for a blocked customer', async (t) => {
  const w = await world(t);
  const anna = await w.user('anna');
  const bob = await w.user('bob');
  const boss = await w.user('boss', ['chats', 'chat_admin']);
  const { visitor, conversationId: c, messageId: q, customerId } = await visitorConversation(t, w.server, 'Вопрос');
  const { message } = await anna.call('messages.send', { conversationId: c, clientMessageId: cmid(), text: 'Ответ Анны' });
  const notice = (await anna.call('messages.list', { conversationId: c })).messages.find((m: any) => m.author.kind === 'system');

  const notAuthor = { code: 'FORBIDDEN', details: { reason: 'not_author' } };
  // A chat admin sees everything but may not rewrite another manager's words.
  assert.deepEqual(await failure(boss.call('messages.edit', { messageId: message.id, text: 'чужое' })), notAuthor);
  assert.deepEqual(await failure(boss.call('messages.delete', { messageId: message.id })), notAuthor);
  // A visitor may not touch the manager's message, nor a manager the customer's.
  assert.deepEqual(await failure(visitor.call('messages.edit', { messageId: message.id, text: 'чужое' })), notAuthor);
  assert.deepEqual(await failure(visitor.call('messages.delete', { messageId: message.id })), notAuthor);
  assert.deepEqual(await failure(anna.call('messages.edit', { messageId: q, text: 'чужое' })), notAuthor);
  // A manager who does not see the conversation (it is Anna's now) learns nothing.
  assert.equal(await code(bob.call('messages.edit', { messageId: message.id, text: 'x' })), 'NOT_FOUND');
  assert.equal(await code(bob.call('messages.delete', { messageId: q })), 'NOT_FOUND');
  assert.equal(await code(anna.call('messages.delete', { messageId: 987_654 })), 'NOT_FOUND');
  const stranger = await visitorConversation(t, w.server, 'Другой покупатель');
  assert.equal(await code(stranger.visitor.call('messages.delete', { messageId: q })), 'NOT_FOUND');

  // Nothing was changed by the refusals.
  const page = await boss.call('messages.list', { conversationId: c });
  assert.deepEqual(
    page.messages.filter((m: any) => m.author.kind !== 'system').map((m: any) => [m.text, m.editedAt, m.deletedAt]),
    [
      ['Вопрос', undefined, undefined],
      ['Ответ Анны', undefined, undefined],
    ],
  );

  // S-DLG-7: nothing is sent to or received from a blocked customer, changes included.
  await anna.call('customers.setBlocked', { customerId, blocked: true });
  assert.deepEqual(await failure(anna.call('messages.edit', { messageId: message.id, text: 'x' })), {
    code: 'FORBIDDEN',
    details: { reason: 'blocked' },
  });
  assert.equal(await code(visitor.call('messages.delete', { messageId: q })), 'FORBIDDEN');
  await anna.call('customers.setBlocked', { customerId, blocked: false });

  // A channel that cannot recall a sent message: stored the way a messenger module would.
  const { store } = w.server.app.chat;
  const now = Date.now();
  const channel = await store.channels.insert('telegram', 'Telegram', now);
  const customer = await store.customers.insert({ name: 'Клиент из Telegram', channelId: channel }, now);
  const conversation = await store.conversations.insert({ channel_id: channel, customer_id: customer, assignee_id: 'anna' }, now);
  const tg = await store.messages.insert({
    conversation_id: conversation,
    author_kind: 'manager',
    author_id: 'anna',
    author_name: 'ANNA',
    text: 'Отправлено в Telegram',
    client_message_id: null,
    created_at: now,
    ordinal: 1,
  });
  assert.deepEqual(await failure(anna.call('messages.edit', { messageId: tg, text: 'исправлено' })), {
    code: 'FORBIDDEN',
    details: { reason: 'channel', capability: 'edit' },
  });
  assert.deepEqual(await failure(anna.call('messages.delete', { messageId: tg })), {
    code: 'FORBIDDEN',
    details: { reason: 'channel', capability: 'delete' },
  });
});

test('the channel port: welcome names each channel\'s capabilities by id; a reply into a channel no module delivers is refused and nothing is stored', async (t) => {
  const w = await world(t);
  await w.user('anna'); // known to the server: the conversation below is assigned to her
  const { conversationId: web, customerId } = await visitorConversation(t, w.server, 'А с сайта можно?');
  // A messenger conversation whose module is not connected (as the demo's Telegram ones): history only.
  const { store } = w.server.app.chat;
  const now = Date.now();
  const channel = await store.channels.insert('telegram', 'Telegram', now);
  const customer = await store.customers.insert({ name: 'Клиент из Telegram', channelId: channel }, now);
  const conversationId = await store.conversations.insert({ channel_id: channel, customer_id: customer, assignee_id: 'anna' }, now);
  const anna = await w.user('anna');
  const webChannel = (await store.customers.get(customerId))!.channel_id!;
  assert.deepEqual(Object.keys(anna.welcome!.channels).sort(), [String(webChannel), String(channel)].sort());
  assert.deepEqual(anna.welcome!.channels[webChannel], {
    connected: true,
    quote: true,
    edit: true,
    delete: true,
    image: true,
    file: true,
    audio: true,
    product: true,
    order: true,
    deliveredReports: true,
    readReports: true,
    maxTextChars: limits.maxMessageChars,
    maxFileBytes: limits.maxSendBytes,
  });
  assert.equal(anna.welcome!.channels[channel]!.connected, false);
  assert.deepEqual(await failure(anna.call('messages.send', { conversationId, clientMessageId: cmid(), text: 'Здравствуйте!' })), {
    code: 'FORBIDDEN',
    details: { reason: 'channel', capability: 'connected' },
  });
  assert.deepEqual((await anna.call('messages.list', { conversationId })).messages, [], 'nothing stored');
  assert.equal((await anna.call('messages.send', { conversationId: web, clientMessageId: cmid(), text: 'Можно' })).message.text, 'Можно');
  // A visitor hears of their own channel alone.
  const visitorToken = await w.server.visitorToken({});
  const visitor = await connect(t, w.server, visitorToken.token);
  assert.deepEqual(Object.keys(visitor.welcome!.channels), [String(webChannel)]);
});

test('S-DLG-7: a system notice is nobody\'s to edit or delete: CONFLICT with reason "system", for staff and visitors alike', async (t) => {
  const w = await world(t);
  const anna = await w.user('anna');
  const boss = await w.user('boss', ['admin']);
  const { visitor, conversationId: c } = await visitorConversation(t, w.server, 'Здравствуйте');
  await anna.call('messages.send', { conversationId: c, clientMessageId: cmid(), text: 'Добрый день' });
  const notices = (await anna.call('messages.list', { conversationId: c })).messages.filter((m: any) => m.author.kind === 'system');
  assert.ok(notices.length >= 1);
  const system = { code: 'CONFLICT', details: { reason: 'system' } };
  for (const notice of notices) {
    for (const who of [anna, boss, visitor]) {
      assert.deepEqual(await failure(who.call('messages.edit', { messageId: notice.id, text: 'переписано' })), system);
      assert.deepEqual(await failure(who.call('messages.delete', { messageId: notice.id })), system);
    }
  }
  // Nothing changed: the notices read as before, with no edit or delete recorded.
  const after = (await boss.call('messages.list', { conversationId: c })).messages.filter((m: any) => m.author.kind === 'system');
  assert.deepEqual(after.map((m: any) => [m.id, m.text, m.editedAt, m.deletedAt]), notices.map((m: any) => [m.id, m.text, undefined, undefined]));
});

test('S-DLG-7: the audit trail: chat admins and admins read every previous text, oldest first; managers and visitors may not', async (t) => {
  const w = await world(t);
  const anna = await w.user('anna');
  const boss = await w.user('boss', ['chats', 'chat_admin']);
  const root = await w.user('root', ['admin']);
  const bob = await w.user('bob');
  const { visitor, conversationId: c, messageId: q } = await visitorConversation(t, w.server, 'Здравствуйте');
  const { message } = await anna.call('messages.send', { conversationId: c, clientMessageId: cmid(), text: 'первый вариант' });
  await anna.call('messages.edit', { messageId: message.id, text: 'второй вариант' });
  await anna.call('messages.edit', { messageId: message.id, text: 'третий вариант' });
  await anna.call('messages.delete', { messageId: message.id });

  for (const reader of [boss, root]) {
    const h = await reader.call('messages.history', { messageId: message.id });
    assert.equal(h.message.id, message.id);
    assert.equal(h.message.text, '');
    assert.equal(typeof h.message.deletedAt, 'number');
    assert.deepEqual(
      h.revisions.map((r: any) => [r.action, r.text, r.by.kind, r.by.id, r.messageId]),
      [
        ['edited', 'первый вариант', 'manager', 'anna', message.id],
        ['edited', 'второй вариант', 'manager', 'anna', message.id],
        ['deleted', 'третий вариант', 'manager', 'anna', message.id],
      ],
    );
    assert.ok(h.revisions.every((r: any, i: number) => i === 0 || r.at >= h.revisions[i - 1].at));
  }
  // A message never changed has an empty trail.
  assert.deepEqual((await boss.call('messages.history', { messageId: q })).revisions, []);

  // The author sees the conversation but is no chat admin; the visitor sees their own feed.
  assert.equal(await code(anna.call('messages.history', { messageId: message.id })), 'FORBIDDEN');
  assert.equal(await code(visitor.call('messages.history', { messageId: message.id })), 'FORBIDDEN');
  // Who does not see the message learns nothing.
  assert.equal(await code(bob.call('messages.history', { messageId: message.id })), 'NOT_FOUND');
  const stranger = await visitorConversation(t, w.server, 'Другой');
  assert.equal(await code(stranger.visitor.call('messages.history', { messageId: message.id })), 'NOT_FOUND');
  assert.equal(await code(boss.call('messages.history', { messageId: 123_456 })), 'NOT_FOUND');
});
