// ChatClient against a real server (real SQLite file, real sockets): the data path end to end,
// the outbox across restarts, resume and resync, and a verify_action-style state check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '@chatdesk/server/testing';
import { internalKey } from '../src/index.js';
import type { Message } from '@chatdesk/protocol';
import { clientFor, settle, sleep, until } from './live.js';

test('S-CH-1, S-DLG-1: a visitor writes, the manager sees it live with the unread count, answers, the visitor sees the answer', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const v = await server.visitorToken({ name: 'Ирина' });
  const visitor = clientFor(server, () => v.token);
  const manager = clientFor(server, () => server.userToken({ id: 'anna', name: 'Anna' }));
  t.after(() => {
    visitor.close();
    manager.close();
  });
  manager.connect();
  visitor.connect();
  await until(manager, (s) => s.connection === 'open');
  await manager.loadConversations();
  const baselineUnread = manager.state.unreadTotal;

  const sent = await visitor.send('Здравствуйте! Есть ли ёлка в наличии?');
  assert.equal(sent.author.kind, 'customer');
  assert.equal(visitor.state.outbox.length, 0);
  const s = await until(manager, (st) => st.conversations[sent.conversationId] !== undefined && (st.unread[sent.conversationId] ?? 0) === 1);
  assert.equal(s.unreadTotal, baselineUnread + 1);
  assert.equal(s.conversationOrder[0], sent.conversationId, 'the newest conversation comes first');
  assert.equal(s.conversations[sent.conversationId]!.lastMessage?.text, 'Здравствуйте! Есть ли ёлка в наличии?');

  await manager.openThread(sent.conversationId);
  // S-DLG-5: the feed starts with the "opened" notice, which never counted as unread (1 above).
  const feed = manager.state.threads[sent.conversationId]!.messages;
  assert.deepEqual(feed.map((m) => m.system?.type ?? m.id), ['opened', sent.id]);
  assert.ok(feed[0]!.id < sent.id, 'the notice is stored before the customer\'s message');
  await manager.markRead(sent.conversationId);
  assert.equal(manager.state.unread[sent.conversationId], undefined);
  assert.equal(manager.state.unreadTotal, baselineUnread);

  await visitor.loadConversations();
  await visitor.openThread(sent.conversationId);
  const reply = await manager.send('Да, есть. Привезём завтра.', sent.conversationId);
  const vs = await until(visitor, (st) => st.threads[sent.conversationId]!.messages.some((m) => m.id === reply.id));
  const shown = vs.threads[sent.conversationId]!.messages.find((m) => m.id === reply.id)!;
  assert.equal(shown.author.name, 'Anna');
  assert.equal(shown.clientMessageId, undefined, 'the visitor never sees the manager\'s client message id');
  assert.equal(vs.unread[sent.conversationId], 1);
});

test('the outbox sends queued messages after the server comes back, each stored once', async (t) => {
  const first = await startTestServer();
  const { dbFile, secret, port } = first;
  let server: TestServer = first;
  t.after(() => server.close());
  const v = await first.visitorToken();
  const visitor = clientFor(first, () => v.token);
  t.after(() => visitor.close());
  visitor.connect();
  const opened = await visitor.send('first');
  await visitor.openThread(opened.conversationId);
  const epoch = (await (await fetch(`${first.url}/health`)).json()).epoch;

  // In flight while the server goes down, and queued while it is down.
  const inFlight = Array.from({ length: 10 }, (_, i) => visitor.send(`in flight ${i}`));
  await first.stop();
  await until(visitor, (s) => s.connection === 'reconnecting');
  const queued = Array.from({ length: 10 }, (_, i) => visitor.send(`queued ${i}`));
  assert.ok(visitor.state.outbox.length >= 10);
  assert.ok(visitor.state.outbox.every((o) => o.state === 'queued'));

  server = await startTestServer({ dbFile, secret, port });
  const all = await Promise.all([...inFlight, ...queued]);
  assert.equal(new Set(all.map((m) => m.id)).size, 20);
  assert.equal(visitor.state.outbox.length, 0);
  assert.equal((await (await fetch(`${server.url}/health`)).json()).epoch, epoch, 'same database, same epoch: a resume');

  const page = await visitor.call('messages.list', { conversationId: opened.conversationId, limit: 100 });
  assert.deepEqual(page.messages.filter((m) => m.system !== undefined).map((m) => m.system!.type), ['opened'], 'S-DLG-5: one "opened" notice');
  const texts = page.messages.filter((m) => m.system === undefined).map((m) => m.text);
  assert.equal(texts.length, 21, 'every message once');
  assert.deepEqual(texts.filter((t) => t.startsWith('queued')), Array.from({ length: 10 }, (_, i) => `queued ${i}`), 'queued sends keep their order');
  const thread = await until(visitor, (s) => s.threads[opened.conversationId]!.messages.length === 22);
  assert.equal(thread.threads[opened.conversationId]!.messages.length, 22, '21 messages and the "opened" notice');
});

test('a resume replays what was missed; a replaced database forces a resync and a refetch', async (t) => {
  const first = await startTestServer();
  let server: TestServer = first;
  t.after(() => server.close());
  const { secret, port } = first;
  const v = await first.visitorToken();
  const manager = clientFor(first, () => server.userToken({ id: 'anna' }));
  t.after(() => manager.close());
  manager.connect();
  const visitorClient = clientFor(first, () => v.token);
  visitorClient.connect();
  const opened = await visitorClient.send('hello');
  visitorClient.close();
  await until(manager, (s) => s.conversations[opened.conversationId] !== undefined);
  await manager.loadConversations();
  const colleague = clientFor(first, () => server.userToken({ id: 'boris' }));
  colleague.connect();
  await until(colleague, (s) => s.connection === 'open');
  colleague.close();
  await manager.loadInternalChats();
  const chat = await manager.createInternalChat(['boris']);
  await manager.send('internal', -chat.id);
  await manager.openThread(-chat.id);
  manager.setDraft(opened.conversationId, 'draft of the old database');
  await manager.flushDrafts();

  // The database is replaced: the manager must drop what it knew and fetch the new state.
  await first.close();
  let resync = false;
  manager.on('error', (e) => {
    if (e.code === 'RESYNC_REQUIRED') resync = true;
  });
  server = await startTestServer({ secret, port });
  await until(manager, (s) => s.connection === 'open' && s.listLoaded, 10_000);
  assert.equal(resync, true);
  assert.equal(manager.state.conversations[opened.conversationId], undefined, 'nothing of the old database remains');
  // Internal chats are refetched like the list; drafts are loaded again; threads open again.
  const s = await until(manager, (st) => st.internalLoaded && Object.keys(st.drafts).length === 0 && st.threads[-chat.id]?.loading === false);
  assert.deepEqual(s.internalOrder, []);
  assert.deepEqual(s.threads[-chat.id]!.messages, []);
});

test('verify_action: a client kept current by events equals a client that fetched afresh (messages, quotes, edits, deletes, statuses, drafts, internal chats with their edits and deletes)', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const vera = () => server.userToken({ id: 'vera', name: 'Vera', rights: ['chats', 'chat_admin'] });
  const live = clientFor(server, vera);
  t.after(() => live.close());
  live.connect();
  await until(live, (s) => s.connection === 'open');
  await live.loadConversations();
  await live.loadInternalChats();
  const visitors = await Promise.all([1, 2, 3].map(() => server.visitorToken()));
  const clients = visitors.map((v) => clientFor(server, () => v.token));
  t.after(() => clients.forEach((c) => c.close()));
  clients.forEach((c) => c.connect());
  const first = await Promise.all(clients.map((c, i) => c.send(`hi ${i}`)));
  for (const m of first) await until(live, (s) => s.conversations[m.conversationId] !== undefined);
  for (const m of first) await live.openThread(m.conversationId);
  const manager = clientFor(server, () => server.userToken({ id: 'boris', name: 'Boris' }));
  t.after(() => manager.close());
  manager.connect();
  const replies = [];
  for (let round = 0; round < 3; round++) {
    await Promise.all(clients.map((c, i) => c.send(`round ${round} from ${i}`)));
    replies.push(await manager.send(`reply ${round}`, first[round % 3]!.conversationId, { replyToId: first[round % 3]!.id }));
  }
  await live.markRead(first[0]!.conversationId);
  // S-DLG-7: an edit, and a delete of a quoted message.
  await manager.editMessage(replies[0]!.id, 'reply 0, edited');
  await manager.send('quoting', first[1]!.conversationId, { replyToId: replies[1]!.id });
  await manager.deleteMessage(replies[1]!.id);
  // S-DLG-8: Vera's drafts typed on another device.
  const veraLaptop = clientFor(server, vera);
  t.after(() => veraLaptop.close());
  veraLaptop.connect();
  veraLaptop.setDraft(first[0]!.conversationId, 'Черновик');
  veraLaptop.setDraft(first[2]!.conversationId, 'Другой');
  await veraLaptop.flushDrafts();
  veraLaptop.setDraft(first[2]!.conversationId, '');
  await veraLaptop.flushDrafts();
  // S-DLG-14: an internal chat created, written in and read while Vera watches.
  const group = await manager.createInternalChat(['vera'], 'Смена');
  await until(live, (s) => s.internalChats[group.id] !== undefined);
  await live.openThread(internalKey(group.id));
  const internals: Message[] = [];
  for (let i = 0; i < 3; i++) internals.push(await manager.send(`internal ${i}`, internalKey(group.id)));
  await live.send('ok', internalKey(group.id));
  await manager.send('one more', internalKey(group.id));
  // The one message model: an internal message edited and another deleted, as in a conversation.
  await manager.editMessage(internals[1]!.id, 'internal 1, edited');
  await manager.deleteMessage(internals[2]!.id);
  const direct = await manager.createInternalChat(['vera']);
  await manager.send('direct', internalKey(direct.id));
  const lastId = (await manager.send('last', first[1]!.conversationId)).id;
  await until(live, (s) => s.threads[first[1]!.conversationId]!.messages.some((m) => m.id === lastId));
  await settle(live);

  const fresh = clientFor(server, vera);
  t.after(() => fresh.close());
  fresh.connect();
  await until(fresh, (s) => s.connection === 'open');
  await fresh.loadConversations();
  await fresh.loadInternalChats();
  for (const m of first) await fresh.openThread(m.conversationId);
  await fresh.openThread(internalKey(group.id));
  await settle(fresh);
  const a = live.state;
  const b = fresh.state;
  assert.deepEqual(a.conversationOrder, b.conversationOrder);
  assert.deepEqual(a.conversations, b.conversations);
  assert.deepEqual(a.unread, b.unread);
  assert.equal(a.unreadTotal, b.unreadTotal);
  assert.deepEqual(a.drafts, b.drafts);
  assert.deepEqual(Object.keys(b.drafts), [String(first[0]!.conversationId)]);
  assert.deepEqual(a.internalChats, b.internalChats);
  assert.deepEqual(a.internalOrder, b.internalOrder);
  assert.deepEqual(a.internalUnread, b.internalUnread);
  assert.deepEqual(b.internalUnread, { [group.id]: 1, [direct.id]: 1 });
  const strip = (k: number, s: typeof a) => s.threads[k]!.messages.map((x) => ({ ...x, clientMessageId: undefined }));
  for (const key of [...first.map((m) => m.conversationId), internalKey(group.id)]) assert.deepEqual(strip(key, a), strip(key, b));
});

test('S-AUTH-3: when another manager takes an unassigned conversation, it leaves a watching manager like a fresh fetch', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const anna = clientFor(server, () => server.userToken({ id: 'anna' }));
  const boris = clientFor(server, () => server.userToken({ id: 'boris' }));
  t.after(() => {
    anna.close();
    boris.close();
  });
  anna.connect();
  boris.connect();
  await until(anna, (s) => s.connection === 'open');
  await anna.loadConversations();
  const v = await server.visitorToken();
  const visitor = clientFor(server, () => v.token);
  t.after(() => visitor.close());
  visitor.connect();
  const first = await visitor.send('anyone there?');
  await until(anna, (s) => s.unread[first.conversationId] === 1);
  await anna.openThread(first.conversationId);
  const total = anna.state.unreadTotal;

  await until(boris, (s) => s.connection === 'open');
  await boris.send('Boris here', first.conversationId); // Boris takes it
  const s = await until(anna, (st) => st.conversations[first.conversationId] === undefined);
  assert.equal(s.unread[first.conversationId], undefined);
  assert.equal(s.threads[first.conversationId], undefined);
  assert.equal(s.unreadTotal, total - 1);
  assert.equal(s.conversationOrder.includes(first.conversationId), false);

  const fresh = clientFor(server, () => server.userToken({ id: 'anna' }));
  t.after(() => fresh.close());
  fresh.connect();
  await until(fresh, (st) => st.connection === 'open');
  await fresh.loadConversations();
  assert.deepEqual(anna.state.conversationOrder, fresh.state.conversationOrder);
  assert.deepEqual(anna.state.unread, fresh.state.unread);
  assert.equal(anna.state.unreadTotal, fresh.state.unreadTotal);
});

test('verify_action (S-DLG-2, S-DLG-5): notices never become the preview nor unread; kept live, the assignee, an admin, the manager it moves to and the visitor equal a fresh fetch', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const v = await server.visitorToken({ name: 'Ирина' });
  const tokens: Record<'olga' | 'anna' | 'boris' | 'visitor', () => string> = {
    olga: () => server.userToken({ id: 'olga', name: 'Olga', rights: ['admin'] }),
    anna: () => server.userToken({ id: 'anna', name: 'Anna' }),
    boris: () => server.userToken({ id: 'boris', name: 'Boris' }),
    visitor: () => v.token,
  };
  const olga = clientFor(server, tokens.olga);
  const anna = clientFor(server, tokens.anna);
  const boris = clientFor(server, tokens.boris);
  const visitor = clientFor(server, tokens.visitor);
  const live = { olga, anna, boris, visitor };
  t.after(() => Object.values(live).forEach((c) => c.close()));
  for (const c of Object.values(live)) c.connect();
  for (const c of Object.values(live)) await until(c, (st) => st.connection === 'open');
  await olga.call('settings.update', { assignmentManagerIds: ['anna'], autoCloseAssignedMs: null, distributionBot: { enabled: false, capacity: 10, managerIds: [] } });
  for (const c of [olga, anna, boris]) await c.loadConversations();

  // Born assigned to Anna: 1 unread for 1 customer message, the customer's text as the preview.
  const first = await visitor.send('Добрый день, вопрос по заказу');
  const id = first.conversationId;
  await until(olga, (st) => st.conversations[id] !== undefined);
  await olga.openThread(id);
  await until(olga, (st) => st.threads[id]?.messages.some((m) => m.system?.type === 'assigned') ?? false);
  const s = await until(anna, (st) => st.conversations[id] !== undefined);
  assert.equal(s.unread[id], 1);
  assert.equal(s.conversations[id]!.lastMessage?.text, 'Добрый день, вопрос по заказу');
  await visitor.loadConversations();
  await visitor.openThread(id);

  await olga.call('conversations.close', { conversationId: id });
  await olga.call('conversations.reopen', { conversationId: id });
  await visitor.send('Где мой заказ?');
  await anna.send('Здравствуйте, слушаю', id);
  // Reassigned to Boris, who answers; then back to Anna, who gains it with Boris's reply unread.
  await olga.call('conversations.assign', { conversationId: id, assigneeId: 'boris' });
  await until(boris, (st) => st.unread[id] === 3);
  await boris.send('Борис на связи', id);
  await olga.call('conversations.assign', { conversationId: id, assigneeId: 'anna' });
  await olga.call('conversations.close', { conversationId: id });
  await until(anna, (st) => st.conversations[id]?.status === 'closed');
  for (const c of Object.values(live)) await settle(c);
  assert.equal(anna.state.conversations[id]!.lastMessage?.text, 'Борис на связи');
  assert.equal(anna.state.unread[id], 1, 'Boris\'s reply after hers; no notice counts');
  assert.equal(boris.state.conversations[id], undefined);
  assert.equal(olga.state.unread[id], 4);
  assert.equal(visitor.state.unread[id], 2, 'two replies; the notices are no news to the visitor');

  for (const who of ['olga', 'anna', 'boris', 'visitor'] as const) {
    const fresh = clientFor(server, tokens[who]);
    t.after(() => fresh.close());
    fresh.connect();
    await until(fresh, (st) => st.connection === 'open');
    await fresh.loadConversations();
    const kept = live[who];
    if (kept.state.threads[id]) await fresh.openThread(id);
    await settle(fresh);
    const a = kept.state;
    const b = fresh.state;
    assert.deepEqual(a.conversationOrder, b.conversationOrder, who);
    assert.deepEqual(a.conversations, b.conversations, who);
    assert.deepEqual(a.unread, b.unread, who);
    assert.equal(a.unreadTotal, b.unreadTotal, who);
    const strip = (st: typeof a) => st.threads[id]?.messages.map((x) => ({ ...x, clientMessageId: undefined }));
    assert.deepEqual(strip(a), strip(b), who);
  }
});

test('an idle manager learns the log\'s head (head frames, about once a second), so after a server restart on the same file it resumes instead of refetching', async (t) => {
  // Boris sees nothing of what passes: conversations stay unassigned and plain managers do not see those.
  const first = await startTestServer({ managersSeeUnassigned: false });
  let server: TestServer = first;
  t.after(async () => {
    await server.close();
    if (server !== first) await first.close();
  });
  const boris = clientFor(first, () => server.userToken({ id: 'boris' }));
  t.after(() => boris.close());
  boris.connect();
  await until(boris, (s) => s.connection === 'open');
  const welcomedAt = boris.lastSeq ?? 0;
  const v = await first.visitorToken();
  const visitor = clientFor(first, () => v.token);
  visitor.connect();
  for (let i = 0; i < 3; i++) await visitor.send(`не для Бориса ${i}`);
  visitor.close();
  const head = await first.app.chat.headSeq();
  assert.ok(head > welcomedAt);
  const deadline = Date.now() + 3_000;
  while ((boris.lastSeq ?? 0) < head && Date.now() < deadline) await sleep(50);
  assert.equal(boris.lastSeq, head, 'the resume point moved to the head without an event');

  let resync = false;
  boris.on('error', (e) => {
    if (e.code === 'RESYNC_REQUIRED') resync = true;
  });
  const { secret, port, dbFile } = first;
  await first.stop();
  server = await startTestServer({ secret, port, dbFile, managersSeeUnassigned: false });
  await until(boris, (s) => s.connection === 'open', 10_000);
  await sleep(200);
  assert.equal(resync, false, 'resumed from the head');
});

test('S-SET-1, S-AUTH-3: the client follows the settings — welcome and settings.changed in its state; chats back on, or what plain managers see changed, and its list is fetched again', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const admin = clientFor(server, () => server.userToken({ id: 'olga', name: 'Ольга', rights: ['chats', 'admin'] }));
  const manager = clientFor(server, () => server.userToken({ id: 'anna', name: 'Анна' }));
  t.after(() => {
    admin.close();
    manager.close();
  });
  admin.connect();
  manager.connect();
  await until(manager, (s) => s.connection === 'open' && s.settings?.chatsEnabled === true);
  const v = await server.visitorToken({ name: 'Ирина' });
  const visitor = clientFor(server, () => v.token);
  t.after(() => visitor.close());
  visitor.connect();
  const sent = await visitor.send('Здравствуйте');
  await until(admin, (s) => s.connection === 'open');
  await admin.call('settings.update', { chatsEnabled: false });
  await until(manager, (s) => s.settings?.chatsEnabled === false);
  await assert.rejects(manager.loadConversations(), (e: { code?: string }) => e.code === 'CHATS_DISABLED');
  await admin.call('settings.update', { chatsEnabled: true });
  await until(manager, (s) => s.settings?.chatsEnabled === true && s.conversations[sent.conversationId] !== undefined);
  await admin.call('settings.update', { managersSeeUnassigned: false });
  // Plain managers stop seeing unassigned conversations: the list is fetched again, without it.
  await until(manager, (s) => s.settings?.managersSeeUnassigned === false && s.listLoaded && !s.conversationOrder.includes(sent.conversationId));
});
