// Working the queue (issue 5) over real sockets and a real SQLite file: lifecycle, reassignment,
// blocking, unlinking, assignment and the distribution bot, auto-close on a moved clock, search,
// sort and filter, prefs and settings.
import assert from 'node:assert/strict';
import { staffAliasFor } from '../src/auth/staff-alias.js';
import { DISTRIBUTION_BOT_ID, errorCodes } from '@chatdesk/protocol';
import { test, type TestContext } from 'node:test';
import { CallError, cmid, connect, onPostgres, startServer, visitorConversation, type TestClient, type TestServer, code } from './helpers.js';

const T0 = 1_800_000_000_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const LONG_TTL_S = 90 * 24 * 3600;

async function world(t: TestContext) {
  let now = T0;
  // The clock jumps by days here: the users' tokens must outlive the jumps (a session ends at exp).
  const server = await startServer(t, { clock: { now: () => now }, maxTokenTtlSeconds: LONG_TTL_S });
  const user = (id: string, rights: ('chats' | 'chat_admin' | 'admin')[] = ['chats']) =>
    connect(t, server, server.userToken({ id, name: id.toUpperCase(), rights, ttlSeconds: LONG_TTL_S }));
  return { server, user, tick: (ms: number) => (now += ms), now: () => now };
}

const systemTypes = async (c: TestClient, conversationId: number) =>
  ((await c.call('messages.list', { conversationId })).messages as any[]).filter((m) => m.author.kind === 'system').map((m) => m.system.type);

const eventFor = (c: TestClient, name: string, pred: (d: any) => boolean = () => true) =>
  c.waitFor((f) => f.type === 'event' && f.name === name && pred(f.data)) as Promise<any>;

test('S-DLG-7, S-DLG-11, S-DLG-5: close and reopen are idempotent staff actions with system events; a customer or manager message reopens', async (t) => {
  const w = await world(t);
  const anna = await w.user('anna');
  const { visitor, conversationId: c } = await visitorConversation(t, w.server);
  await anna.call('messages.send', { conversationId: c, clientMessageId: cmid(), text: 'Hello' });

  assert.equal(await code(visitor.call('conversations.close', { conversationId: c })), 'FORBIDDEN');
  await visitor.call('conversations.markRead', { conversationId: c });
  const closed = await anna.call('conversations.close', { conversationId: c });
  assert.equal(closed.conversation.status, 'closed');
  const sys = await eventFor(visitor, 'message.created', (d) => d.message.author.kind === 'system' && d.message.system.type !== 'opened');
  assert.equal(sys.data.message.system.type, 'closed');
  assert.equal(sys.data.message.system.by.name, 'ANNA');
  assert.equal(sys.data.message.system.by.id, staffAliasFor(w.server.secret)('anna'), 'a visitor reads names and opaque ids, never user ids');
  assert.match(sys.data.message.text, /closed/);
  // The visitor had read everything: the event does not count as an unread reply.
  const caughtUp = await eventFor(visitor, 'unread.changed', (d) => d.conversationId === c);
  assert.equal(caughtUp.data.unread, 0);
  assert.equal((await visitor.call('conversations.get', { conversationId: c })).unread, 0);
  // Closing a closed conversation: unchanged, no event, no second system message.
  const again = await anna.call('conversations.close', { conversationId: c });
  assert.deepEqual(again.conversation, closed.conversation);
  assert.deepEqual(await systemTypes(anna, c), ['opened', 'closed']);
  assert.equal((await anna.call('conversations.get', { conversationId: c })).unread, 0, 'the actor has seen their own action');

  // A customer message reopens it, the event first in the feed.
  await visitor.call('messages.send', { clientMessageId: cmid(), text: 'One more question' });
  assert.equal((await anna.call('conversations.get', { conversationId: c })).conversation.status, 'open');
  const feed = (await anna.call('messages.list', { conversationId: c })).messages as any[];
  assert.deepEqual(feed.slice(-2).map((m) => m.system?.type ?? m.text), ['reopened', 'One more question']);
  assert.equal(feed[feed.length - 2].system.by, null, 'reopened by the customer');

  // S-DLG-11: closed again, the manager writes: open again, by her.
  await anna.call('conversations.close', { conversationId: c });
  const reply = await anna.call('messages.send', { conversationId: c, clientMessageId: cmid(), text: 'Sure' });
  assert.equal(reply.conversation.status, 'open');
  assert.deepEqual(await systemTypes(anna, c), ['opened', 'closed', 'reopened', 'closed', 'reopened']);
  // Reopen as a method: idempotent on an open one; reopens a closed one.
  assert.equal((await anna.call('conversations.reopen', { conversationId: c })).conversation.status, 'open');
  await anna.call('conversations.close', { conversationId: c });
  assert.equal((await anna.call('conversations.reopen', { conversationId: c })).conversation.status, 'open');
  assert.deepEqual((await systemTypes(anna, c)).slice(-2), ['closed', 'reopened']);
});

test('S-DLG-6, S-AUTH-3: reassign by admins and the current manager only; the previous manager loses the conversation at once; closed stays closed', async (t) => {
  const w = await world(t);
  const anna = await w.user('anna');
  const boris = await w.user('boris');
  const vera = await w.user('vera', ['chats', 'chat_admin']);
  await w.user('pavel', []).catch(() => undefined); // no chats right: refused at hello, never a known assignee
  const { visitor, conversationId: c } = await visitorConversation(t, w.server);
  await anna.call('messages.send', { conversationId: c, clientMessageId: cmid(), text: 'Mine' });

  assert.equal(await code(boris.call('conversations.assign', { conversationId: c, assigneeId: 'boris' })), 'NOT_FOUND');
  assert.equal(await code(visitor.call('conversations.assign', { conversationId: c, assigneeId: 'boris' })), 'FORBIDDEN');
  assert.equal(await code(anna.call('conversations.assign', { conversationId: c, assigneeId: 'nobody' })), 'INVALID_PARAMS');
  assert.equal(await code(anna.call('conversations.assign', { conversationId: c, assigneeId: null })), 'FORBIDDEN', 'unassigning is for admins');

  // The picker: users with the chats right, online, with their load.
  const { assignees } = await anna.call('conversations.assignees', { conversationId: c });
  assert.deepEqual(assignees.map((a: any) => [a.id, a.online, a.load]).sort(), [['anna', true, 1], ['boris', true, 0], ['vera', true, 0]]);
  // S-DLG-4: without a conversation, the manager filter's list: every user with the chats right,
  // for any staff member (Boris may not reassign Anna's conversation, yet may filter by her).
  assert.equal(await code(boris.call('conversations.assignees', { conversationId: c })), 'NOT_FOUND');
  const all = await boris.call('conversations.assignees', {});
  assert.deepEqual(all.assignees.map((a: any) => [a.id, a.name, a.online, a.load]).sort(), [['anna', 'ANNA', true, 1], ['boris', 'BORIS', true, 0], ['vera', 'VERA', true, 0]]);
  assert.equal(await code(visitor.call('conversations.assignees', {})), 'FORBIDDEN', 'visitors never list managers');

  const moved = await anna.call('conversations.assign', { conversationId: c, assigneeId: 'boris' });
  assert.equal(moved.conversation.assigneeId, 'boris');
  await eventFor(anna, 'conversation.removed', (d) => d.conversationId === c);
  assert.equal(await code(anna.call('messages.list', { conversationId: c })), 'NOT_FOUND', 'her history is gone');
  assert.equal(await code(anna.call('messages.send', { conversationId: c, clientMessageId: cmid(), text: 'x' })), 'NOT_FOUND', 'S-DLG-11');
  const sys = await eventFor(boris, 'message.created', (d) => d.message.system?.type === 'reassigned');
  assert.deepEqual(sys.data.message.system, { type: 'reassigned', by: { id: 'anna', name: 'ANNA' }, from: { id: 'anna', name: 'ANNA' }, to: { id: 'boris', name: 'BORIS' } });
  // Anna's sessions receive nothing more of it.
  anna.takeEvents();
  await visitor.call('messages.send', { clientMessageId: cmid(), text: 'still there?' });
  assert.equal(await anna.receivesWithin((f) => f.type === 'event' && (f.data as any).conversation?.id === c, 200), false);

  // A closed conversation stays closed when reassigned; admins unassign.
  await boris.call('conversations.close', { conversationId: c });
  const back = await vera.call('conversations.assign', { conversationId: c, assigneeId: 'anna' });
  assert.deepEqual([back.conversation.status, back.conversation.assigneeId], ['closed', 'anna']);
  await eventFor(boris, 'conversation.removed', (d) => d.conversationId === c);
  const un = await vera.call('conversations.assign', { conversationId: c, assigneeId: null });
  assert.equal(un.conversation.assigneeId, null);
  assert.deepEqual((await systemTypes(vera, c)).filter((s) => s !== 'closed'), ['opened', 'reassigned', 'reassigned', 'unassigned']);
});

test('S-DLG-7: a blocked customer sends and receives nothing (staff see why, the visitor never learns the flag); unblock restores', async (t) => {
  const w = await world(t);
  const anna = await w.user('anna');
  const boris = await w.user('boris');
  const { visitor, conversationId: c, customerId, messageId: own } = await visitorConversation(t, w.server);
  await anna.call('messages.send', { conversationId: c, clientMessageId: cmid(), text: 'Mine' });

  assert.equal(await code(boris.call('customers.setBlocked', { customerId, blocked: true })), 'NOT_FOUND');
  assert.equal(await code(visitor.call('customers.setBlocked', { customerId, blocked: false })), 'FORBIDDEN');
  const r = await anna.call('customers.setBlocked', { customerId, blocked: true });
  assert.deepEqual(r.customer, { id: customerId, name: r.customer.name, blocked: true });
  await eventFor(anna, 'conversation.updated', (d) => d.conversation.id === c && d.conversation.customer.blocked === true);

  // Staff are told why, with a reason the panel translates.
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => assert.fail('the call should be refused'),
      (e: CallError) => ({ code: e.code, message: e.message, details: e.details }),
    );
  const staff = await refusal(anna.call('messages.send', { conversationId: c, clientMessageId: cmid(), text: 'hi' }));
  assert.equal(staff.code, 'FORBIDDEN');
  assert.match(staff.message, /blocked/);
  assert.deepEqual(staff.details, { reason: 'blocked' });

  // The visitor gets the error table's plain refusal, with nothing that names the flag: the same
  // body for a send (new or into the conversation) and for an edit of their own message.
  const generic = { code: 'FORBIDDEN', message: `FORBIDDEN: ${errorCodes.FORBIDDEN.message}`, details: undefined };
  assert.deepEqual(await refusal(visitor.call('messages.send', { clientMessageId: cmid(), text: 'hello?' })), generic);
  assert.deepEqual(await refusal(visitor.call('messages.send', { conversationId: c, clientMessageId: cmid(), text: 'hello?' })), generic);
  assert.deepEqual(await refusal(visitor.call('messages.edit', { messageId: own, text: 'changed' })), generic);
  // Typing is dropped without a word, as for anyone (no error to tell them apart).
  assert.deepEqual(await visitor.call('typing.set', { conversationId: c, typing: true }), {});
  const seen = await visitor.call('conversations.get', { conversationId: c });
  assert.equal('blocked' in seen.conversation.customer, false);
  assert.equal(JSON.stringify(seen).includes('blocked'), false);
  await anna.call('customers.setBlocked', { customerId, blocked: false });
  await visitor.call('messages.send', { clientMessageId: cmid(), text: 'back' });
});

test('S-DLG-7: unlink gives the conversation a customer of its own; mark as unread is for me only', async (t) => {
  const w = await world(t);
  const anna = await w.user('anna');
  const vera = await w.user('vera', ['chats', 'chat_admin']);
  const { visitor, conversationId: c, customerId } = await visitorConversation(t, w.server, 'hi', 'Мария');
  await anna.call('messages.send', { conversationId: c, clientMessageId: cmid(), text: 'Hello' });

  const marked = await anna.call('conversations.markUnread', { conversationId: c });
  assert.equal(marked.unread, 1);
  assert.equal(marked.unreadTotal, 1);
  const ev = await eventFor(anna, 'unread.changed', (d) => d.conversationId === c);
  assert.equal(ev.data.unread, 1);
  assert.equal((await vera.call('conversations.get', { conversationId: c })).unread, 2, 'vera’s own count is untouched');

  assert.equal(await code(visitor.call('conversations.unlinkCustomer', { conversationId: c })), 'FORBIDDEN');
  const un = await anna.call('conversations.unlinkCustomer', { conversationId: c });
  assert.notEqual(un.conversation.customer.id, customerId);
  assert.equal(un.conversation.customer.name, 'Мария');
  await eventFor(visitor, 'conversation.removed', (d) => d.conversationId === c);
  assert.equal(await code(visitor.call('conversations.get', { conversationId: c })), 'NOT_FOUND');
});

test('S-SET-4: new conversations go round robin over the list, skipping offline managers; one left waiting while none was online goes to the first who comes; settings are for admins', async (t) => {
  const w = await world(t);
  const vera = await w.user('vera', ['chats', 'chat_admin']);
  const anna = await w.user('anna');
  const boris = await w.user('boris');
  assert.equal(await code(anna.call('settings.get', {})), 'FORBIDDEN');
  const fresh = (await vera.call('settings.get', {})).settings;
  assert.deepEqual(
    { assignmentManagerIds: fresh.assignmentManagerIds, autoCloseAssignedMs: fresh.autoCloseAssignedMs, distributionBot: fresh.distributionBot },
    { assignmentManagerIds: [], autoCloseAssignedMs: null, distributionBot: { enabled: false, capacity: 10, managerIds: [], closeAfterMs: 30 * DAY, saveNewCustomers: false } },
  );
  const settings = { assignmentManagerIds: ['anna', 'boris', 'carl'], autoCloseAssignedMs: null, distributionBot: { enabled: false, capacity: 10, managerIds: [], closeAfterMs: 30 * DAY, saveNewCustomers: false } };
  assert.deepEqual((await vera.call('settings.update', settings)).settings, { ...fresh, ...settings }, 'the groups given replace theirs, the rest stay');
  assert.equal(await code(vera.call('settings.update', { ...settings, autoCloseAssignedMs: 5 })), 'INVALID_PARAMS');

  const assigned: (string | null)[] = [];
  for (let i = 0; i < 3; i++) {
    const { conversationId } = await visitorConversation(t, w.server);
    assigned.push((await vera.call('conversations.get', { conversationId })).conversation.assigneeId);
  }
  assert.deepEqual(assigned, ['anna', 'boris', 'anna'], 'carl is offline (never connected)');
  const sys = await eventFor(boris, 'message.created', (d) => d.message.system?.type === 'assigned');
  assert.deepEqual(sys.data.message.system.to, { id: 'boris', name: 'BORIS' });
  assert.equal(sys.data.message.system.by, null, 'the assignment list is the system itself, not a bot');
  boris.ws.close();
  await boris.closed;
  await new Promise((r) => setTimeout(r, 50));
  const { conversationId } = await visitorConversation(t, w.server);
  assert.equal((await vera.call('conversations.get', { conversationId })).conversation.assigneeId, 'anna');
  anna.ws.close();
  await anna.closed;
  await new Promise((r) => setTimeout(r, 50));
  const nobody = await visitorConversation(t, w.server);
  assert.equal((await vera.call('conversations.get', { conversationId: nobody.conversationId })).conversation.assigneeId, null);
  // The customer left waiting goes to the first manager of the list who comes online.
  const back = await w.user('anna');
  await eventFor(back, 'conversation.updated', (d) => d.conversation.id === nobody.conversationId && d.conversation.assigneeId === 'anna');
  const notice = await eventFor(back, 'message.created', (d) => d.message.system?.type === 'assigned' && d.message.conversationId === nobody.conversationId);
  assert.equal(notice.data.message.system.by, null, 'by the list, the system itself');
});

test('S-CH-3, S-SET-3: the distribution bot is capacity-aware, never picks the offline, drains the backlog oldest first when capacity appears; its notices name it, for visitors too; it closes by its own rule (assigned and unassigned)', async (t) => {
  const w = await world(t);
  const vera = await w.user('vera', ['chats', 'chat_admin']);
  const anna = await w.user('anna');
  // Boris is known (has logged in before) but offline.
  (await w.user('boris')).ws.close();
  await new Promise((r) => setTimeout(r, 50));
  await vera.call('settings.update', {
    assignmentManagerIds: ['vera'],
    autoCloseAssignedMs: HOUR,
    distributionBot: { enabled: true, capacity: 1, managerIds: ['anna', 'boris'] },
  });
  const a = await visitorConversation(t, w.server, 'first');
  w.tick(1000);
  const b = await visitorConversation(t, w.server, 'second');
  w.tick(1000);
  const c = await visitorConversation(t, w.server, 'third');
  const who = async (id: number) => (await vera.call('conversations.get', { conversationId: id })).conversation.assigneeId;
  assert.deepEqual([await who(a.conversationId), await who(b.conversationId), await who(c.conversationId)], ['anna', null, null]);

  // Boris comes online: the oldest waiting goes to him.
  const boris = await w.user('boris');
  await eventFor(boris, 'conversation.updated', (d) => d.conversation.id === b.conversationId && d.conversation.assigneeId === 'boris');
  assert.equal(await who(c.conversationId), null);
  // Anna closes hers: capacity again, the next one is hers.
  await anna.call('conversations.close', { conversationId: a.conversationId });
  assert.equal(await who(c.conversationId), 'anna');
  // It acts as a bot under the same rules and says so: «Назначен: … (Бот распределения)», born
  // assigned or taken from the backlog; its fixed id reaches the visitor as it is (no CRM user's).
  const bot = { id: DISTRIBUTION_BOT_ID, name: 'Бот распределения' };
  const assignedBy = async (c: TestClient, id: number) =>
    ((await c.call('messages.list', { conversationId: id })).messages as any[]).filter((m) => m.system?.type === 'assigned').map((m) => m.system.by);
  assert.deepEqual(await assignedBy(vera, a.conversationId), [bot]);
  assert.deepEqual(await assignedBy(vera, b.conversationId), [bot]);
  assert.deepEqual(await assignedBy(c.visitor, c.conversationId), [bot]);
  // Never a picker's assignee.
  assert.ok(!(await vera.call('conversations.assignees', {})).assignees.some((u: { id: string }) => u.id === DISTRIBUTION_BOT_ID));
  // S-SET-3: while the bot is on, auto-close is ignored: the bot closes by its own rule.
  w.tick(2 * HOUR);
  assert.equal(await w.server.app.chat.autoClose(), 0, 'the bot\'s default is a month');
  await vera.call('settings.update', { distributionBot: { enabled: true, capacity: 1, managerIds: ['anna', 'boris'], closeAfterMs: 3 * HOUR } });
  const loose = await visitorConversation(t, w.server, 'nobody has room for me');
  assert.equal(await who(loose.conversationId), null, 'both managers at capacity: it waits unassigned');
  assert.equal(await w.server.app.chat.autoClose(), 0);
  w.tick(3 * HOUR + 1);
  assert.equal(await w.server.app.chat.autoClose(), 3, 'assigned and unassigned alike, idle past the bot\'s closing time');
  const status = async (id: number) => (await vera.call('conversations.get', { conversationId: id })).conversation.status;
  assert.deepEqual([await status(b.conversationId), await status(c.conversationId), await status(loose.conversationId)], ['closed', 'closed', 'closed']);
});

test('S-SET-3: assigned conversations close after the configured inactivity, unassigned ones after a month (moved clock)', async (t) => {
  const w = await world(t);
  const vera = await w.user('vera', ['chats', 'chat_admin']);
  const anna = await w.user('anna');
  await vera.call('settings.update', { assignmentManagerIds: [], autoCloseAssignedMs: 2 * HOUR, distributionBot: { enabled: false, capacity: 10, managerIds: [] } });
  const mine = await visitorConversation(t, w.server);
  await anna.call('messages.send', { conversationId: mine.conversationId, clientMessageId: cmid(), text: 'on it' });
  const loose = await visitorConversation(t, w.server);
  const status = async (id: number) => (await vera.call('conversations.get', { conversationId: id })).conversation.status;

  w.tick(HOUR);
  assert.equal(await w.server.app.chat.autoClose(), 0);
  w.tick(HOUR + 1);
  assert.equal(await w.server.app.chat.autoClose(), 1);
  assert.deepEqual([await status(mine.conversationId), await status(loose.conversationId)], ['closed', 'open']);
  const ev = await eventFor(anna, 'message.created', (d) => d.message.system?.type === 'autoClosed');
  assert.equal(ev.data.message.system.by, null);
  w.tick(30 * DAY);
  assert.equal(await w.server.app.chat.autoClose(), 1);
  assert.equal(await status(loose.conversationId), 'closed');
  assert.equal(await w.server.app.chat.autoClose(), 0);
});

test('S-DLG-3: search finds «ёлка» by «елк» (prefix, ё folded), customers by name/phone/email, newest first, only visible conversations, with highlights and paging', async (t) => {
  const w = await world(t);
  const anna = await w.user('anna');
  const boris = await w.user('boris');
  const vera = await w.user('vera', ['chats', 'chat_admin']);
  const one = await visitorConversation(t, w.server, 'Хочу купить Ёлку к празднику', 'Мария');
  await anna.call('messages.send', { conversationId: one.conversationId, clientMessageId: cmid(), text: 'Ёлки есть, ёлочные игрушки тоже' });
  w.tick(1000);
  const two = await visitorConversation(t, w.server, 'Do you sell Christmas trees? ёлка', 'John');
  await boris.call('messages.send', { conversationId: two.conversationId, clientMessageId: cmid(), text: 'Yes' });

  const all = await vera.call('conversations.search', { query: 'елк' });
  assert.deepEqual(all.hits.map((h: any) => [h.field, h.message.text]), [
    ['text', 'Do you sell Christmas trees? ёлка'],
    ['text', 'Ёлки есть, ёлочные игрушки тоже'],
    ['text', 'Хочу купить Ёлку к празднику'],
  ]);
  // The matched prefix of each matching word («ёлочные» does not begin with «елк»).
  assert.deepEqual(all.hits[1].highlights, [[0, 3]]);
  const text: string = all.hits[2].message.text;
  assert.deepEqual(all.hits[2].highlights.map(([s, e]: number[]) => text.slice(s, e)), ['Ёлк']);
  // Anna sees only hers.
  const hers = await anna.call('conversations.search', { query: 'ЁЛК' });
  assert.deepEqual(hers.hits.map((h: any) => h.conversation.id), [one.conversationId, one.conversationId]);
  // A whole word: «елка» finds «ёлка» (and not «ёлку»).
  assert.deepEqual((await vera.call('conversations.search', { query: 'елка' })).hits.map((h: any) => h.conversation.id), [two.conversationId]);
  // Paging by cursor.
  const p1 = await vera.call('conversations.search', { query: 'елк', limit: 2 });
  const p2 = await vera.call('conversations.search', { query: 'елк', limit: 2, cursor: p1.nextCursor });
  assert.deepEqual([...p1.hits, ...p2.hits].map((h: any) => h.message.id), all.hits.map((h: any) => h.message.id));
  assert.equal(p2.nextCursor, null);
  // Customers: name; phone and email (set by the CRM side) with highlights.
  const byName = await vera.call('conversations.search', { query: 'мари' });
  assert.deepEqual(byName.hits.map((h: any) => [h.field, h.conversation.id, h.highlights]), [['name', one.conversationId, [[0, 4]]]]);
  // The contacts are written into the SQLite file here (no method sets them yet); the contract
  // suite finds customers by phone and email on every adapter.
  if (!onPostgres) {
    w.server.app.chat.sqlite!.db
      .prepare('UPDATE customers SET phone = ?, email = ?, search_key = chat_search_key(name, ?, ?) WHERE id = ?')
      .run('+7 912 345-67-89', 'maria@example.ru', '+7 912 345-67-89', 'maria@example.ru', one.customerId);
    const byPhone = await vera.call('conversations.search', { query: '912345' });
    assert.deepEqual(byPhone.hits.map((h: any) => [h.field, h.highlights]), [['phone', [[3, 10]]]]);
    const byEmail = await anna.call('conversations.search', { query: 'example.ru' });
    assert.deepEqual(byEmail.hits.map((h: any) => h.field), ['email']);
  }
  assert.deepEqual((await boris.call('conversations.search', { query: 'мари' })).hits, []);
  // Hostile input is text, never FTS syntax or LIKE wildcards.
  for (const q of ['"', 'NEAR(a b)', '* OR x', '%', '_', 'a" OR "b', '\\']) {
    const r = await vera.call('conversations.search', { query: q });
    assert.ok(Array.isArray(r.hits), q);
  }
  assert.deepEqual((await vera.call('conversations.search', { query: '%' })).hits, []);
});

test('S-DLG-4: sort by waiting (unanswered, oldest first) and combined filters, paged; prefs remember the choice', async (t) => {
  const w = await world(t);
  const anna = await w.user('anna');
  const vera = await w.user('vera', ['chats', 'chat_admin']);
  const a = await visitorConversation(t, w.server, 'a');
  w.tick(1000);
  const b = await visitorConversation(t, w.server, 'b');
  w.tick(1000);
  const c = await visitorConversation(t, w.server, 'c');
  w.tick(1000);
  await anna.call('messages.send', { conversationId: b.conversationId, clientMessageId: cmid(), text: 'answered' });
  w.tick(1000);
  await a.visitor.call('messages.send', { clientMessageId: cmid(), text: 'a again' });
  await vera.call('conversations.close', { conversationId: c.conversationId });
  const ids = (r: any) => r.conversations.map((x: any) => x.id);

  const waiting = await vera.call('conversations.list', { sort: 'waiting' });
  assert.deepEqual(ids(waiting), [a.conversationId, c.conversationId], 'b is answered; a waits since its first message');
  assert.equal(waiting.conversations[0].waitingSince, T0);
  const paged = await vera.call('conversations.list', { sort: 'waiting', limit: 1 });
  const rest = await vera.call('conversations.list', { sort: 'waiting', limit: 1, cursor: paged.nextCursor });
  assert.deepEqual([...ids(paged), ...ids(rest)], ids(waiting));
  assert.equal(await code(vera.call('conversations.list', { cursor: paged.nextCursor })), 'INVALID_PARAMS', 'a waiting cursor cannot page by activity');

  assert.deepEqual(ids(await vera.call('conversations.list', { filter: { status: 'closed' } })), [c.conversationId]);
  assert.deepEqual(ids(await vera.call('conversations.list', { filter: { assigneeId: 'anna' } })), [b.conversationId]);
  assert.deepEqual(ids(await vera.call('conversations.list', { filter: { assigneeId: null, status: 'open' } })), [a.conversationId]);
  assert.deepEqual(ids(await vera.call('conversations.list', { filter: { unansweredOnly: true, status: 'open' } })), [a.conversationId]);
  // c was closed last (its system event is its latest activity; same tick, higher id).
  assert.deepEqual(ids(await anna.call('conversations.list', { filter: { unreadOnly: true } })), [c.conversationId, a.conversationId]);
  assert.deepEqual(ids(await vera.call('conversations.list', { filter: { channelId: 999 } })), []);
  const p1 = await vera.call('conversations.list', { filter: { status: 'open' }, limit: 1 });
  const p2 = await vera.call('conversations.list', { filter: { status: 'open' }, limit: 1, cursor: p1.nextCursor });
  assert.deepEqual([...ids(p1), ...ids(p2)], [a.conversationId, b.conversationId]);

  const personal = { desktopNotifications: false, sound: false, language: null };
  assert.deepEqual((await anna.call('prefs.get', {})).prefs, { listSort: 'activity', listFilter: {}, ...personal });
  await anna.call('prefs.set', { listSort: 'waiting' });
  await anna.call('prefs.set', { listFilter: { unreadOnly: true, status: 'open' } });
  assert.deepEqual((await anna.call('prefs.get', {})).prefs, { listSort: 'waiting', listFilter: { unreadOnly: true, status: 'open' }, ...personal });
  assert.deepEqual((await vera.call('prefs.get', {})).prefs, { listSort: 'activity', listFilter: {}, ...personal });
  assert.equal(await code(a.visitor.call('prefs.get', {})), 'FORBIDDEN');
});

test('personal preferences (issue 16): desktop notifications, sound and the UI language are each user\'s own, off and unset by default; what is absent stays', async (t) => {
  const w = await world(t);
  const anna = await w.user('anna');
  const vera = await w.user('vera', ['chats', 'chat_admin']);
  await anna.call('prefs.set', { listSort: 'waiting' });
  const set = await anna.call('prefs.set', { desktopNotifications: true, sound: true, language: 'en' });
  assert.deepEqual(set.prefs, { listSort: 'waiting', listFilter: {}, desktopNotifications: true, sound: true, language: 'en' });
  assert.deepEqual((await anna.call('prefs.set', { language: null })).prefs.language, null, 'back to the browser\'s');
  assert.equal((await anna.call('prefs.get', {})).prefs.sound, true);
  assert.deepEqual((await vera.call('prefs.get', {})).prefs, { listSort: 'activity', listFilter: {}, desktopNotifications: false, sound: false, language: null });
  assert.equal(await code(anna.call('prefs.set', { language: 'de' })), 'INVALID_PARAMS');
  assert.equal(await code(anna.call('prefs.set', { sound: 'yes' })), 'INVALID_PARAMS');
});
