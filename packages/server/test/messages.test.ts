import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openPostgres } from '../src/adapters/postgres/db.js';
import type { TestServer } from '../src/testing.js';
import { cmid, code, connect, startServer, visitorConversation, type CallError } from './helpers.js';

test('S-CH-1, S-DLG-1: visitor token → first message creates a conversation → manager sees it live and answers → visitor gets it live → history after reconnect', async (t) => {
  const server = await startServer(t);
  const anna = await connect(t, server, server.userToken({ id: 'anna', name: 'Анна' }));
  const { token, customerId } = await server.visitorToken();
  assert.ok(customerId > 0);
  const visitor = await connect(t, server, token);
  assert.equal(visitor.welcome?.user.kind, 'visitor');
  assert.equal(visitor.welcome?.user.id, String(customerId));
  assert.match(visitor.welcome?.user.name ?? '', /^Посетитель \d{4}$/);

  const sent = await visitor.call('messages.send', { clientMessageId: 'v1', text: 'Здравствуйте! Есть 38 размер?' });
  assert.equal(sent.message.clientMessageId, 'v1');
  assert.equal(sent.message.author.kind, 'customer');
  assert.equal(sent.conversation.customer.id, customerId);
  assert.equal(sent.conversation.channel.kind, 'web');
  assert.equal(sent.conversation.status, 'open');
  const conversationId = sent.conversation.id;

  // S-DLG-5: the feed starts with the "opened" notice, stored before the customer's message.
  const notice = await anna.nextEvent('message.created');
  assert.deepEqual(notice.data.message.system, { type: 'opened', by: null, from: null, to: null });
  assert.equal(notice.data.message.author.kind, 'system');
  assert.ok(notice.data.message.id < sent.message.id);
  // The (unassigned) conversation reaches the manager live, without the visitor's client id.
  const created = await anna.nextEvent('message.created');
  assert.equal(created.data.message.id, sent.message.id);
  assert.equal('clientMessageId' in created.data.message, false);
  assert.equal(created.data.conversation.assigneeId, null);
  // The notice is not unread (ordinal 0): one customer message, one unread.
  assert.equal((await anna.call('conversations.get', { conversationId })).unread, 1);

  // A second visitor message continues the same open conversation.
  const again = await visitor.call('messages.send', { clientMessageId: 'v2', text: 'И какая доставка?' });
  assert.equal(again.conversation.id, conversationId);

  // The manager answers: takes the conversation; the visitor sees the reply live, assignee hidden.
  const reply = await anna.call('messages.send', { conversationId, clientMessageId: 'a1', text: 'Да, есть!' });
  assert.equal(reply.conversation.assigneeId, 'anna');
  const live = await visitor.waitFor((f) => f.type === 'event' && f.name === 'message.created' && (f.data as any).message.id === reply.message.id);
  const data = live.data as any;
  assert.equal(data.message.text, 'Да, есть!');
  assert.equal(data.message.author.kind, 'manager');
  assert.equal('clientMessageId' in data.message, false);
  assert.equal(data.conversation.assigneeId, null);

  // Reload: a fresh token request with the kept token gives the same customer and the history.
  visitor.ws.terminate();
  const refreshed = await server.visitorToken({ token });
  assert.equal(refreshed.customerId, customerId);
  const back = await connect(t, server, refreshed.token);
  assert.equal(back.welcome?.unread?.total, 1);
  const list = await back.call('conversations.list', {});
  assert.deepEqual(list.conversations.map((c: any) => c.id), [conversationId]);
  assert.equal(list.conversations[0].assigneeId, null);
  const history = await back.call('messages.list', { conversationId });
  assert.deepEqual(history.messages.map((m: any) => m.text), ['Conversation opened', 'Здравствуйте! Есть 38 размер?', 'И какая доставка?', 'Да, есть!']);
  assert.deepEqual(history.messages.map((m: any) => m.clientMessageId), [undefined, 'v1', 'v2', undefined]);
  assert.equal(history.hasMore, false);
});

test('S-CH-1: the visitor token route validates its body, names visitors, refuses other origins', async (t) => {
  const server = await startServer(t);
  const named = await server.visitorToken({ name: '  Мария  ' });
  const c = await connect(t, server, named.token);
  assert.equal(c.welcome?.user.name, 'Мария');
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/visitor/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const bad = await post({ channelId: 'one' });
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.code, 'INVALID_PARAMS');
  assert.equal((await post({ channelId: 4242 })).status, 404);
  const forged = await post({ token: 'abc.def' });
  assert.equal(forged.status, 200, 'an unusable token just yields a new visitor');
  const allowed = await post({}, { origin: server.origin });
  assert.equal(allowed.headers.get('access-control-allow-origin'), server.origin);
  const preflight = await fetch(`${server.url}/api/visitor/token`, {
    method: 'OPTIONS',
    headers: { origin: server.origin, 'access-control-request-method': 'POST' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), server.origin);
  const evil = await post({}, { origin: 'http://evil.example' });
  assert.equal(evil.status, 403);
  assert.equal(evil.headers.get('access-control-allow-origin'), null);
});

test('idempotent send: a resend returns the identical stored message and emits nothing', async (t) => {
  const server = await startServer(t);
  const { conversationId } = await visitorConversation(t, server);
  const anna = await connect(t, server, server.userToken({ id: 'anna' }));
  const admin = await connect(t, server, server.userToken({ id: 'olga', rights: ['admin'] }));
  const first = await anna.call('messages.send', { conversationId, clientMessageId: 'same', text: 'One' });
  await admin.nextEvent('message.created');
  await admin.nextEvent('conversation.updated');
  const head = (await server.app.chat.headSeq());
  const second = await anna.call('messages.send', { conversationId, clientMessageId: 'same', text: 'One (edited?)' });
  assert.deepEqual(second.message, first.message);
  assert.equal((await server.app.chat.headSeq()), head, 'no event for a resend');
  assert.equal(await admin.receivesWithin((f) => f.type === 'event', 150), false);
  const history = await anna.call('messages.list', { conversationId });
  assert.equal(history.messages.filter((m: any) => m.clientMessageId === 'same').length, 1);
});

test('idempotent send: the same client id sent at once on two sockets stores one message', async (t) => {
  const server = await startServer(t);
  const { conversationId } = await visitorConversation(t, server);
  const token = server.userToken({ id: 'anna' });
  const a = await connect(t, server, token);
  const b = await connect(t, server, token);
  const admin = await connect(t, server, server.userToken({ id: 'olga', rights: ['admin'] }));
  const [ra, rb] = await Promise.all([
    a.call('messages.send', { conversationId, clientMessageId: 'twin', text: 'Hello twice' }),
    b.call('messages.send', { conversationId, clientMessageId: 'twin', text: 'Hello twice' }),
  ]);
  assert.deepEqual(ra.message, rb.message);
  const created = await admin.nextEvent('message.created');
  assert.equal(created.data.message.id, ra.message.id);
  assert.equal(await admin.receivesWithin((f) => f.type === 'event' && f.name === 'message.created', 150), false);
  const { messages } = await a.call('messages.list', { conversationId });
  assert.deepEqual(messages.map((m: any) => m.system?.type ?? m.author.kind), ['opened', 'customer', 'manager'], 'the twin is stored once');
});

test('group commit: many sends in one turn each get their own result; one failure spoils none', async (t) => {
  const server = await startServer(t);
  const { conversationId } = await visitorConversation(t, server);
  const anna = await connect(t, server, server.userToken({ id: 'anna' }));
  const frames = Array.from({ length: 30 }, (_, i) => ({
    type: 'call',
    id: i,
    method: 'messages.send',
    params: { conversationId: i === 7 ? 9999 : conversationId, clientMessageId: `g${i}`, text: `#${i}` },
  }));
  // One WebSocket write: the server reads them in the same event-loop turn.
  anna.ws.send(frames.map((f) => JSON.stringify(f))[0] as string);
  for (const f of frames.slice(1)) anna.send(f);
  const replies = await Promise.all(frames.map((f) => anna.waitFor((x) => (x.type === 'result' || x.type === 'error') && x.id === f.id)));
  replies.forEach((r, i) => {
    if (i === 7) assert.equal((r.error as { code: string }).code, 'NOT_FOUND');
    else assert.equal((r.result as any).message.text, `#${i}`);
  });
  const { messages } = await anna.call('messages.list', { conversationId, limit: 100 });
  assert.equal(messages[0].system?.type, 'opened');
  assert.equal(messages.length, 31, 'the "opened" notice, the visitor\'s message and 29 sends');
});

/**
 * A real database fault for one text: the messages table refuses the row (as a full disk or a
 * broken constraint would), by a trigger on whichever database the server runs on.
 */
async function refuseText(server: TestServer, text: string): Promise<void> {
  const sqlite = server.app.chat.sqlite;
  if (sqlite) {
    sqlite.db.exec(`CREATE TRIGGER refuse_row BEFORE INSERT ON messages WHEN NEW.text = '${text}' BEGIN SELECT RAISE(ABORT, 'the disk says no'); END`);
    return;
  }
  const { url, schema } = server.postgres!;
  const pool = await openPostgres({ url, schema, max: 1 });
  try {
    await pool.query(`CREATE FUNCTION refuse_row() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.text = '${text}' THEN RAISE EXCEPTION 'the disk says no'; END IF; RETURN NEW; END $$`);
    await pool.query('CREATE TRIGGER refuse_row BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION refuse_row()');
  } finally {
    await pool.end();
  }
}

test('group commit: a send that fails after it wrote (a closed conversation reopened, then its message refused by the database) is undone alone; the sends around it in the same commit stand', async (t) => {
  const server = await startServer(t);
  const open = await visitorConversation(t, server);
  const closed = await visitorConversation(t, server);
  const { store } = server.app.chat;
  const row = (await store.conversations.get(closed.conversationId))!;
  await store.conversations.update({ ...row, status: 'closed' });
  const before = await store.messages.before(closed.conversationId, Number.MAX_SAFE_INTEGER, 100);
  await refuseText(server, 'сломается');
  const olga = await connect(t, server, server.userToken({ id: 'olga', rights: ['admin'] }));
  const frames = [
    { id: 1, conversationId: open.conversationId, text: 'первый' },
    { id: 2, conversationId: closed.conversationId, text: 'сломается' },
    { id: 3, conversationId: open.conversationId, text: 'третий' },
  ].map(({ id, conversationId, text }) => ({ type: 'call', id, method: 'messages.send', params: { conversationId, clientMessageId: `sp${id}`, text } }));
  // Written together: the server reads the three in one turn, and they share one group commit.
  for (const f of frames) olga.send(f);
  const replies = await Promise.all(frames.map((f) => olga.waitFor((x) => (x.type === 'result' || x.type === 'error') && x.id === f.id)));
  assert.equal((replies[0]!.result as any).message.text, 'первый');
  assert.equal((replies[1]!.error as { code: string }).code, 'INTERNAL');
  assert.equal((replies[2]!.result as any).message.text, 'третий');
  // The failed send's reopening went with it: still closed, no "reopened" notice, no message.
  assert.equal((await store.conversations.get(closed.conversationId))!.status, 'closed');
  assert.deepEqual(await store.messages.before(closed.conversationId, Number.MAX_SAFE_INTEGER, 100), before);
  const texts = (await store.messages.before(open.conversationId, Number.MAX_SAFE_INTEGER, 100)).map((m) => m.text);
  assert.deepEqual(texts.slice(0, 2), ['третий', 'первый']);
  // It ran again with a savepoint a send (the unit of work counts those).
  assert.equal(server.app.chat.uow.stats.savepointRetries, 1);
});

test('S-DLG-12: more than 2000 non-whitespace characters → LIMIT_EXCEEDED; whitespace does not count', async (t) => {
  const server = await startServer(t);
  const { visitor } = await visitorConversation(t, server);
  await assert.rejects(
    visitor.call('messages.send', { clientMessageId: cmid(), text: 'я'.repeat(2001) }),
    (e: CallError) => e.code === 'LIMIT_EXCEEDED' && (e.details as any).limit === 2000,
  );
  const ok = await visitor.call('messages.send', { clientMessageId: cmid(), text: 'я '.repeat(2000) });
  assert.equal(ok.message.text.length, 4000);
  // Emoji count once (code points).
  await visitor.call('messages.send', { clientMessageId: cmid(), text: '😀'.repeat(2000) });
});

test('S-AUTH-3: a manager never receives events of a conversation they may not see, and gets NOT_FOUND for it', async (t) => {
  const server = await startServer(t);
  const anna = await connect(t, server, server.userToken({ id: 'anna' }));
  const boris = await connect(t, server, server.userToken({ id: 'boris' }));
  const vera = await connect(t, server, server.userToken({ id: 'vera', rights: ['chats', 'chat_admin'] }));
  const { visitor, conversationId } = await visitorConversation(t, server, 'Hi');
  // Unassigned: every manager sees it (managersSeeUnassigned defaults to true): the "opened"
  // notice (S-DLG-5), then the customer's message.
  for (const c of [anna, boris, vera]) {
    assert.equal((await c.nextEvent('message.created')).data.message.system?.type, 'opened');
    assert.equal((await c.nextEvent('message.created')).data.message.text, 'Hi');
  }

  // Anna answers and takes it: Boris learns once that it moved (conversation.updated), then nothing.
  await anna.call('messages.send', { conversationId, clientMessageId: cmid(), text: 'Mine now' });
  const moved = await boris.nextEvent();
  assert.equal(moved.name, 'conversation.updated');
  assert.equal(moved.data.conversation.assigneeId, 'anna');
  await visitor.call('messages.send', { clientMessageId: cmid(), text: 'Secret follow-up' });
  await vera.nextEvent('message.created');
  await vera.nextEvent('message.created');
  assert.equal(await boris.receivesWithin((f) => f.type === 'event', 200), false);
  await assert.rejects(boris.call('conversations.get', { conversationId }), (e: CallError) => e.code === 'NOT_FOUND');
  await assert.rejects(boris.call('messages.list', { conversationId }), (e: CallError) => e.code === 'NOT_FOUND');
  await assert.rejects(
    boris.call('messages.send', { conversationId, clientMessageId: cmid(), text: 'let me in' }),
    (e: CallError) => e.code === 'NOT_FOUND',
  );
  await assert.rejects(boris.call('conversations.markRead', { conversationId }), (e: CallError) => e.code === 'NOT_FOUND');
  // A nonexistent conversation looks exactly the same.
  await assert.rejects(boris.call('conversations.get', { conversationId: 987654 }), (e: CallError) => e.code === 'NOT_FOUND');
  assert.deepEqual((await boris.call('conversations.list', {})).conversations, []);
  // The chat admin sees it (S-AUTH-2); another visitor does not.
  assert.equal((await vera.call('conversations.get', { conversationId })).conversation.id, conversationId);
  const other = await visitorConversation(t, server, 'Someone else');
  await assert.rejects(other.visitor.call('conversations.get', { conversationId }), (e: CallError) => e.code === 'NOT_FOUND');
  await assert.rejects(
    other.visitor.call('messages.send', { conversationId, clientMessageId: cmid(), text: 'hijack' }),
    (e: CallError) => e.code === 'NOT_FOUND',
  );
  assert.equal(await visitor.receivesWithin((f) => f.type === 'event' && (f.data as any).conversation?.id !== conversationId, 150), false);
  // Boris's resumed session replays nothing of it either.
  const resumed = await connect(t, server, server.userToken({ id: 'boris' }), { resumeFrom: 0, epoch: server.app.chat.epoch });
  assert.equal(resumed.welcome?.resumed, true);
  const replayed = await resumed.receivesWithin((f) => f.type === 'event' && f.name === 'message.created' && (f.data as any).message.text === 'Secret follow-up', 200);
  assert.equal(replayed, false);
});

test('S-AUTH-3: with managersSeeUnassigned off, plain managers see only their own conversations', async (t) => {
  const server = await startServer(t, { managersSeeUnassigned: false });
  const boris = await connect(t, server, server.userToken({ id: 'boris' }));
  const { conversationId } = await visitorConversation(t, server);
  assert.equal(await boris.receivesWithin((f) => f.type === 'event', 150), false);
  await assert.rejects(
    boris.call('messages.send', { conversationId, clientMessageId: cmid(), text: 'take' }),
    (e: CallError) => e.code === 'NOT_FOUND',
  );
});

test('S-DLG-1, S-DLG-7: a new customer message reopens a closed conversation (conversation.updated)', async (t) => {
  const server = await startServer(t);
  const { visitor, conversationId } = await visitorConversation(t, server);
  const admin = await connect(t, server, server.userToken({ id: 'olga', rights: ['admin'] }));
  // There is no close method yet: close it in storage, as a future conversations.close would.
  const { store } = server.app.chat;
  const row = await store.conversations.get(conversationId);
  assert.ok(row);
  await store.conversations.update({ ...row, status: 'closed' });
  const r = await visitor.call('messages.send', { conversationId, clientMessageId: cmid(), text: 'Me again' });
  assert.equal(r.conversation.status, 'open');
  assert.equal((await admin.nextEvent('message.created')).data.conversation.status, 'open');
  assert.equal((await admin.nextEvent('conversation.updated')).data.conversation.status, 'open');
  // Without a conversationId too: the visitor's closed conversation is reopened, not replaced.
  await store.conversations.update({ ...((await store.conversations.get(conversationId)) as NonNullable<typeof row>), status: 'closed' });
  const again = await visitor.call('messages.send', { clientMessageId: cmid(), text: 'Hello?' });
  assert.equal(again.conversation.id, conversationId);
  assert.equal(again.conversation.status, 'open');
});

test('S-DLG-1, S-HOST-3: unread counts follow messages; markRead emits unread.changed to that user only', async (t) => {
  const server = await startServer(t);
  const annaToken = server.userToken({ id: 'anna' });
  const anna = await connect(t, server, annaToken);
  const anna2 = await connect(t, server, annaToken);
  const boris = await connect(t, server, server.userToken({ id: 'boris' }));
  const one = await visitorConversation(t, server, 'first');
  await one.visitor.call('messages.send', { clientMessageId: cmid(), text: 'second' });
  const two = await visitorConversation(t, server, 'other');

  // A fresh welcome carries the unread snapshot.
  const fresh = await connect(t, server, annaToken);
  assert.deepEqual(fresh.welcome?.unread, {
    total: 2,
    conversations: { [one.conversationId]: 2, [two.conversationId]: 1 },
  });
  assert.equal((await anna.call('conversations.get', { conversationId: one.conversationId })).unread, 2);
  const list = await anna.call('conversations.list', {});
  assert.deepEqual(list.unread, { [one.conversationId]: 2, [two.conversationId]: 1 });
  assert.deepEqual(list.conversations.map((c: any) => c.id), [two.conversationId, one.conversationId]);

  // Mark read up to the first message, then all.
  const partial = await anna.call('conversations.markRead', { conversationId: one.conversationId, messageId: one.messageId });
  assert.deepEqual(partial, { unread: 1, unreadTotal: 2 });
  const ev = await anna2.nextEvent('unread.changed');
  assert.deepEqual(ev.data, { conversationId: one.conversationId, unread: 1, unreadTotal: 2 });
  const all = await anna.call('conversations.markRead', { conversationId: one.conversationId });
  assert.deepEqual(all, { unread: 0, unreadTotal: 1 });
  assert.deepEqual((await anna2.nextEvent('unread.changed')).data, { conversationId: one.conversationId, unread: 0, unreadTotal: 1 });
  // Marking again changes nothing and emits nothing; Boris never hears of Anna's read state.
  const head = (await server.app.chat.headSeq());
  assert.deepEqual(await anna.call('conversations.markRead', { conversationId: one.conversationId }), { unread: 0, unreadTotal: 1 });
  assert.equal((await server.app.chat.headSeq()), head);
  assert.equal(await boris.receivesWithin((f) => f.type === 'event' && f.name === 'unread.changed', 150), false);
  assert.equal((await boris.call('conversations.get', { conversationId: one.conversationId })).unread, 2);
  // Mark as unread (S-DLG-7): moving the cursor back.
  assert.deepEqual(
    await anna.call('conversations.markRead', { conversationId: one.conversationId, messageId: one.messageId }),
    { unread: 1, unreadTotal: 2 },
  );
  await assert.rejects(
    anna.call('conversations.markRead', { conversationId: one.conversationId, messageId: two.messageId }),
    (e: CallError) => e.code === 'NOT_FOUND',
  );

  // Sending advances the sender's cursor: answering leaves nothing unread for Anna there.
  await anna.call('messages.send', { conversationId: two.conversationId, clientMessageId: cmid(), text: 'reply' });
  assert.equal((await anna.call('conversations.get', { conversationId: two.conversationId })).unread, 0);
  // The visitor's unread counts the manager's reply; their markRead reaches only them.
  assert.equal((await two.visitor.call('conversations.get', { conversationId: two.conversationId })).unread, 1);
  assert.deepEqual(await two.visitor.call('conversations.markRead', { conversationId: two.conversationId }), { unread: 0, unreadTotal: 0 });
  assert.equal((await two.visitor.nextEvent('unread.changed')).data.unread, 0);
  assert.equal(await one.visitor.receivesWithin((f) => f.type === 'event' && f.name === 'unread.changed', 100), false);
});

test('conversations.list pages with an opaque cursor; messages.list pages backwards', async (t) => {
  const server = await startServer(t);
  const ids: number[] = [];
  for (let i = 0; i < 5; i++) ids.push((await visitorConversation(t, server, `c${i}`)).conversationId);
  const admin = await connect(t, server, server.userToken({ id: 'olga', rights: ['admin'] }));
  const p1 = await admin.call('conversations.list', { limit: 2 });
  const p2 = await admin.call('conversations.list', { limit: 2, cursor: p1.nextCursor });
  const p3 = await admin.call('conversations.list', { limit: 2, cursor: p2.nextCursor });
  assert.deepEqual([...p1.conversations, ...p2.conversations, ...p3.conversations].map((c: any) => c.id), ids.reverse());
  assert.equal(p3.nextCursor, null);
  await assert.rejects(admin.call('conversations.list', { cursor: 'zzz' }), (e: CallError) => e.code === 'INVALID_PARAMS');

  const conversationId = ids[0] as number;
  for (let i = 0; i < 4; i++) await admin.call('messages.send', { conversationId, clientMessageId: cmid(), text: `m${i}` });
  const last = await admin.call('messages.list', { conversationId, limit: 2 });
  assert.deepEqual(last.messages.map((m: any) => m.text), ['m2', 'm3']);
  assert.equal(last.hasMore, true);
  const before = await admin.call('messages.list', { conversationId, limit: 10, before: last.messages[0].id });
  assert.deepEqual(before.messages.map((m: any) => m.text), ['Conversation opened', 'c4', 'm0', 'm1'], 'back to the "opened" notice (S-DLG-5)');
  assert.equal(before.hasMore, false);
});

test('S-AUTH-3, S-SET-4: a new conversation assigned at birth reaches its assignee and admins only: a plain manager online hears nothing of it, live or on resume', async (t) => {
  const server = await startServer(t);
  const olga = await connect(t, server, server.userToken({ id: 'olga', rights: ['admin'] }));
  await olga.call('settings.update', { assignmentManagerIds: ['anna'], autoCloseAssignedMs: null, distributionBot: { enabled: false, capacity: 10, managerIds: [] } });
  const anna = await connect(t, server, server.userToken({ id: 'anna' }));
  const boris = await connect(t, server, server.userToken({ id: 'boris' }));
  const from = boris.welcome!.seq;

  const { conversationId } = await visitorConversation(t, server, 'Здравствуйте, это Ирина', 'Ирина Секретова');
  // Anna gets the whole birth: the notice, the message, the assignment; every event already says she has it.
  const events = [];
  for (;;) {
    const e = await anna.nextEvent();
    events.push(e);
    if (e.name === 'conversation.updated') break;
  }
  assert.deepEqual(events.map((e) => e.data.message?.system?.type ?? e.data.message?.text ?? e.name), [
    'opened', 'Здравствуйте, это Ирина', 'assigned', 'conversation.updated',
  ]);
  for (const e of events) assert.equal(e.data.conversation.assigneeId, 'anna', `${e.name} carries the conversation as committed`);
  assert.equal((await olga.nextEvent('message.created')).data.message.system?.type, 'opened');
  // Boris, a plain manager online the whole time, never learns it exists.
  assert.equal(await boris.receivesWithin((f) => f.type === 'event', 300), false);
  assert.equal(await code(boris.call('conversations.get', { conversationId })), 'NOT_FOUND');
  // Nor when he resumes from before it.
  const resumed = await connect(t, server, server.userToken({ id: 'boris' }), { resumeFrom: from, epoch: server.app.chat.epoch });
  assert.equal(resumed.welcome?.resumed, true);
  assert.equal(await resumed.receivesWithin((f) => f.type === 'event', 300), false);
  // The log agrees: no row of it is addressed to unassigned (everyone) at any seq.
  const rows = (await server.app.chat.store.events.after(from, 100)).filter((r) => r.conversation_id === conversationId);
  assert.ok(rows.length >= 4);
  for (const r of rows) assert.deepEqual([r.assignee_id, r.assignee_changed], ['anna', 0], r.name);
});

test('S-AUTH-3: an action that takes an unassigned conversation away from plain managers tells them once (conversation.updated), never the message that took it', async (t) => {
  const server = await startServer(t);
  const anna = await connect(t, server, server.userToken({ id: 'anna' }));
  const boris = await connect(t, server, server.userToken({ id: 'boris' }));
  const { conversationId } = await visitorConversation(t, server, 'Anyone?');
  await boris.nextEvent('message.created');
  await boris.nextEvent('message.created');
  await anna.call('messages.send', { conversationId, clientMessageId: cmid(), text: 'Anna here: only for the customer' });
  const last = await boris.nextEvent();
  assert.equal(last.name, 'conversation.updated');
  assert.equal(last.data.conversation.assigneeId, 'anna');
  assert.equal(await boris.receivesWithin((f) => f.type === 'event', 200), false, 'not the message that took it');
});

test('a send builds its conversation from what it read and wrote: the event and the result show exactly what conversations.view reads back (new conversation, follow-up, manager reply, a long text cut by code points)', async (t) => {
  const server = await startServer(t);
  const anna = await connect(t, server, server.userToken({ id: 'anna', name: 'Анна' }));
  const stored = async (id: number) => {
    const view = await server.app.chat.store.conversations.view(id);
    assert.ok(view);
    return view;
  };
  // `can` and the SLA marker are the reader's projection, not the stored view.
  const withoutCan = (c: Record<string, unknown>) => {
    const { can: _can, sla: _sla, ...rest } = c;
    return rest;
  };
  const { visitor, conversationId } = await visitorConversation(t, server, 'Первое сообщение');
  await anna.nextEvent('message.created'); // the "opened" notice
  await anna.nextEvent('message.created');
  const long = `${'🙂'.repeat(299)}ёжик и ещё немного текста`; // 299 emoji (598 UTF-16 units), then text: the preview ends after «ё»
  const steps: [typeof visitor, string][] = [
    [visitor, 'Второе сообщение'],
    [anna, 'Ответ менеджера'],
    [visitor, long],
  ];
  for (const [who, text] of steps) {
    const sent = await who.call('messages.send', { clientMessageId: cmid('view'), text, conversationId });
    const event = await anna.nextEvent('message.created');
    assert.equal(event.data.message.id, sent.message.id);
    const view = await stored(conversationId);
    assert.deepEqual(withoutCan(event.data.conversation), view, `${text.slice(0, 20)}: the event's conversation`);
    if (who === anna) assert.deepEqual(withoutCan(sent.conversation), view, 'the sender\'s result');
  }
  assert.equal([...(await stored(conversationId)).lastMessage!.text].length, 300);
});
