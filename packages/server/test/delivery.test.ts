import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeliveryStatus, canTransition, type DeliveryStatus as Status } from '@chatdesk/protocol';
import { sourcesOf } from '../src/services/delivery.js';
import type { Actor } from '../src/services/context.js';
import { canSeeEvent, failedByTheEnd, projectEventData, projectMessage } from '../src/services/policy.js';
import type { EventRow } from '../src/adapters/sqlite/repo.js';
import { openDatabase } from '../src/adapters/sqlite/db.js';
import { Repo } from '../src/adapters/sqlite/repo.js';
import { cmid, connect, sleep, startServer, startTestServer, visitorConversation, type CallError, type Frame, type TestClient } from './helpers.js';

const STATUSES = DeliveryStatus.options;

/** The strict machine, written out: every pair not listed here must be refused. */
const ALLOWED: Record<Status, Status[]> = {
  queued: ['sent', 'delivered', 'read', 'failed'],
  sent: ['delivered', 'read', 'failed'],
  delivered: ['read'],
  read: [],
  failed: ['queued', 'sent'],
};

test('S-DLG-13 state machine: every from/to pair, in the protocol table and in the guarded SQL (only Retry leaves failed)', () => {
  const repo = new Repo(openDatabase(':memory:'));
  const channel = repo.insertChannel('web', 'Website', 1);
  const customer = repo.insertCustomer('Гость', channel, 1);
  const conversation = repo.insertConversation({ channel_id: channel, customer_id: customer }, 1);
  let n = 0;
  const message = (status: Status) =>
    repo.insertMessage({
      conversation_id: conversation,
      author_kind: 'manager',
      author_id: 'anna',
      author_name: 'Анна',
      text: `m${n}`,
      client_message_id: `c${n++}`,
      created_at: 1,
      ordinal: n,
      status,
      fail_reason: status === 'failed' ? 'visitor_left' : null,
    });
  for (const from of STATUSES) {
    for (const to of STATUSES) {
      const allowed = ALLOWED[from].includes(to);
      assert.equal(canTransition(from, to), allowed, `protocol ${from} → ${to}`);
      // Reports and timers: the table, but never out of failed.
      const id = message(from);
      const moved = repo.moveDelivery(conversation, id, sourcesOf(to), to, to === 'failed' ? 'visitor_left' : null);
      const movedHere = moved.some((m) => m.id === id);
      assert.equal(movedHere, allowed && from !== 'failed', `report ${from} → ${to}`);
      assert.equal(repo.getMessage(id)?.status, movedHere ? to : from);
      // Retry: only failed moves, to queued or sent, with one more attempt.
      const other = message(from);
      if (to === 'queued' || to === 'sent') {
        const retried = repo.retryDelivery(other, to, null);
        assert.equal(retried !== undefined, from === 'failed', `retry ${from} → ${to}`);
        assert.equal(repo.getMessage(other)?.attempts, from === 'failed' ? 2 : 1);
        if (retried) assert.equal(retried.fail_reason, null);
      }
    }
  }
  // A customer's message has no status: no report moves it.
  const customerMessage = repo.insertMessage({
    conversation_id: conversation, author_kind: 'customer', author_id: String(customer), author_name: 'Гость',
    text: 'hi', client_message_id: 'cust', created_at: 1, ordinal: ++n,
  });
  for (const to of STATUSES) repo.moveDelivery(conversation, customerMessage, sourcesOf(to), to, null);
  assert.equal(repo.getMessage(customerMessage)?.status, null);
});

test('S-DLG-13 visibility: message.status is staff only, a failed message never reaches a visitor (live or replayed), statuses are stripped for visitors', () => {
  const visitor: Actor = { kind: 'visitor', customerId: 7, channelId: 1, name: 'Гость' };
  const anna: Actor = { kind: 'user', id: 'anna', name: 'Анна', rights: ['chats'] };
  const opts = { managersSeeUnassigned: true };
  const row = (seq: number, name: string, data: unknown): EventRow => ({
    seq, name, data: JSON.stringify(data), conversation_id: 3, customer_id: 7, assignee_id: 'anna',
    prev_assignee_id: null, assignee_changed: 0, target_user_key: null, created_at: 1,
  });
  const message = (id: number, status: Status, failReason?: 'visitor_left') => ({
    id, conversationId: 3, author: { kind: 'manager' as const, id: 'anna', name: 'Анна' }, text: 't', createdAt: 1, status,
    ...(failReason ? { failReason } : {}),
  });
  const conversation = {} as never;
  const status = { conversationId: 3, messageIds: [11], status: 'delivered' };
  assert.equal(canSeeEvent(visitor, row(1, 'message.status', status), opts, status), false);
  assert.equal(canSeeEvent(anna, row(1, 'message.status', status), opts, status), true);
  const failed = { message: message(12, 'failed', 'visitor_left'), conversation };
  for (const name of ['message.created', 'message.updated']) {
    assert.equal(canSeeEvent(visitor, row(2, name, failed), opts, failed), false, name);
    assert.equal(canSeeEvent(anna, row(2, name, failed), opts, failed), true, name);
  }
  const sent = message(13, 'sent');
  // Without a staff alias (PolicyOptions.staffAlias) a visitor reads the name only.
  assert.deepEqual(projectMessage(visitor, sent, opts), { id: 13, conversationId: 3, author: { ...sent.author, id: '' }, text: 't', createdAt: 1 });
  assert.equal(projectMessage(anna, sent, opts), sent);
  const projected = projectEventData(visitor, 'message.created', { message: sent, conversation: { assigneeId: null, customer: { id: 7, name: 'x' }, lastMessage: null } }, opts) as any;
  assert.equal('status' in projected.message, false);

  // Replay: created while queued, failed later → skipped; failed, then retried → shown (by the retry's update).
  const rows = [
    row(1, 'message.created', { message: message(20, 'queued'), conversation }),
    row(2, 'message.created', { message: message(21, 'sent'), conversation }),
    row(3, 'message.status', { conversationId: 3, messageIds: [20, 21], status: 'failed', failReason: 'visitor_left' }),
    row(4, 'message.updated', { message: message(21, 'sent'), conversation }),
  ];
  const data = rows.map((r) => JSON.parse(r.data));
  assert.deepEqual([...(failedByTheEnd(visitor, rows, data) ?? [])], [20]);
  assert.equal(failedByTheEnd(anna, rows, data), undefined, 'staff are replayed everything');
});

const isEvent = (name: string, pred: (d: any) => boolean = () => true) => (f: Frame) =>
  f.type === 'event' && f.name === name && pred(f.data);
const statusEvent = (status: Status) => isEvent('message.status', (d) => d.status === status);

async function reject(p: Promise<unknown>, code: string): Promise<CallError> {
  const err = (await p.then(
    () => assert.fail(`expected ${code}`),
    (e: unknown) => e,
  )) as CallError;
  assert.equal(err.code, code, err.message);
  return err;
}

/** The server notices a closed socket a moment after the client does. */
async function leave(client: TestClient): Promise<void> {
  await client.close();
  await sleep(50);
}

test('S-DLG-13 a reply to an online visitor goes sent → delivered → read, each seen by the manager as message.status, never by the visitor', async (t) => {
  const server = await startServer(t);
  const anna = await connect(t, server, server.userToken({ id: 'anna', name: 'Анна' }));
  const { visitor, conversationId } = await visitorConversation(t, server);

  const reply = await anna.call('messages.send', { conversationId, clientMessageId: cmid(), text: 'Здравствуйте! Чем помочь?' });
  assert.equal(reply.message.status, 'sent');
  const live = await visitor.waitFor(isEvent('message.created', (d) => d.message.id === reply.message.id));
  assert.equal('status' in (live.data as any).message, false, 'statuses are for staff');

  await visitor.call('messages.delivered', { conversationId, messageId: reply.message.id });
  const delivered = await anna.waitFor(statusEvent('delivered'));
  assert.deepEqual(delivered.data, { conversationId, messageIds: [reply.message.id], status: 'delivered' });
  // The same report again moves nothing, so nothing is said.
  await visitor.call('messages.delivered', { conversationId, messageId: reply.message.id });

  await visitor.call('conversations.markRead', { conversationId });
  const read = await anna.waitFor(statusEvent('read'));
  assert.deepEqual(read.data, { conversationId, messageIds: [reply.message.id], status: 'read' });
  // Never backwards: a late delivery report after read changes nothing.
  await visitor.call('messages.delivered', { conversationId, messageId: reply.message.id });
  assert.equal(await anna.receivesWithin(isEvent('message.status'), 200), false, 'no event when nothing moved');
  assert.equal(visitor.takeEvents().some((e) => e.name === 'message.status'), false, 'message.status is staff only');

  const { messages } = await anna.call('messages.list', { conversationId });
  assert.equal(messages.at(-1).status, 'read');
  const seen = await visitor.call('messages.list', { conversationId });
  assert.equal(seen.messages.some((m: any) => 'status' in m || 'failReason' in m), false);

  // A read report reaches replies that were never reported delivered (sent → read).
  const second = await anna.call('messages.send', { conversationId, clientMessageId: cmid(), text: 'Ещё вопрос?' });
  await visitor.waitFor(isEvent('message.created', (d) => d.message.id === second.message.id));
  await visitor.call('conversations.markRead', { conversationId, messageId: second.message.id });
  assert.deepEqual(((await anna.waitFor(statusEvent('read'))).data as any).messageIds, [second.message.id]);
});

test('S-DLG-13 messages.delivered: visitors only, on their own conversation and a message they hold', async (t) => {
  const server = await startServer(t);
  const anna = await connect(t, server, server.userToken({ id: 'anna' }));
  const { visitor, conversationId, messageId } = await visitorConversation(t, server);
  const other = await visitorConversation(t, server, 'Другой посетитель');
  await reject(anna.call('messages.delivered', { conversationId, messageId }), 'FORBIDDEN');
  await reject(visitor.call('messages.delivered', { conversationId: other.conversationId, messageId: other.messageId }), 'NOT_FOUND');
  await reject(visitor.call('messages.delivered', { conversationId, messageId: other.messageId }), 'NOT_FOUND');
  await reject(visitor.call('messages.delivered', { conversationId }), 'INVALID_PARAMS');
  assert.deepEqual(await visitor.call('messages.delivered', { conversationId, messageId }), {});
});

test('S-DLG-13 a reply while the widget is away waits queued and is sent when it comes back within the grace', async (t) => {
  const server = await startServer(t, { visitorGraceMs: 5_000 });
  const anna = await connect(t, server, server.userToken({ id: 'anna' }));
  const { visitor, token, conversationId } = await visitorConversation(t, server);
  await leave(visitor);
  const reply = await anna.call('messages.send', { conversationId, clientMessageId: cmid(), text: 'Вы тут?' });
  assert.equal(reply.message.status, 'queued');
  const back = await connect(t, server, token);
  const sent = await anna.waitFor(statusEvent('sent'));
  assert.deepEqual(sent.data, { conversationId, messageIds: [reply.message.id], status: 'sent' });
  const { messages } = await back.call('messages.list', { conversationId });
  assert.equal(messages.at(-1).id, reply.message.id);
  assert.equal('status' in messages.at(-1), false);
});

test('S-DLG-13 closing the widget fails an unsent reply with visitor_left after the grace; Retry when they return sends it again and the visitor gets it by message.updated', async (t) => {
  const server = await startServer(t, { visitorGraceMs: 300 });
  const anna = await connect(t, server, server.userToken({ id: 'anna', name: 'Анна' }));
  const { visitor, token, conversationId } = await visitorConversation(t, server);
  await visitor.call('conversations.markRead', { conversationId });
  const seq = (await server.app.chat.headSeq());
  await leave(visitor);

  const first = await anna.call('messages.send', { conversationId, clientMessageId: cmid(), text: 'Размер 38 есть' });
  assert.equal(first.message.status, 'queued', 'within the grace the reply waits');
  const failed = await anna.waitFor(statusEvent('failed'));
  assert.deepEqual(failed.data, { conversationId, messageIds: [first.message.id], status: 'failed', failReason: 'visitor_left' });
  const late = await anna.call('messages.send', { conversationId, clientMessageId: cmid(), text: 'Ответьте, пожалуйста' });
  assert.equal(late.message.status, 'failed');
  assert.equal(late.message.failReason, 'visitor_left');

  // The visitor comes back (resuming): failed replies and statuses are not replayed, not listed, not unread.
  const back = await connect(t, server, token, { resumeFrom: seq, epoch: server.app.chat.epoch });
  assert.equal(back.welcome?.resumed, true);
  await sleep(100);
  const replayed = back.takeEvents();
  assert.equal(replayed.some((e) => e.name === 'message.status'), false);
  assert.equal(replayed.some((e) => e.data?.message?.id === first.message.id || e.data?.message?.id === late.message.id), false);
  const listed = await back.call('messages.list', { conversationId });
  assert.equal(listed.messages.some((m: any) => m.id === first.message.id || m.id === late.message.id), false);
  assert.equal((await back.call('conversations.get', { conversationId })).unread, 0, 'what they cannot see is not unread');
  const fresh = await connect(t, server, token);
  assert.equal(fresh.welcome?.unread?.total, 0);
  await reject(back.call('messages.delivered', { conversationId, messageId: late.message.id }), 'NOT_FOUND');

  // Retry: the same message, a new attempt, sent now that a widget is there.
  const retried = await anna.call('messages.retry', { messageId: first.message.id });
  assert.equal(retried.message.id, first.message.id);
  assert.equal(retried.message.status, 'sent');
  assert.equal('failReason' in retried.message, false);
  assert.equal((await server.app.chat.store.messages.get(first.message.id))?.attempts, 2);
  const staffUpdate = await anna.waitFor(isEvent('message.updated', (d) => d.message.id === first.message.id));
  assert.equal((staffUpdate.data as any).message.status, 'sent');
  for (const w of [back, fresh]) {
    const got = await w.waitFor(isEvent('message.updated', (d) => d.message.id === first.message.id));
    assert.equal((got.data as any).message.text, 'Размер 38 есть');
    assert.equal('status' in (got.data as any).message, false);
  }
  await back.call('messages.delivered', { conversationId, messageId: first.message.id });
  assert.deepEqual(((await anna.waitFor(statusEvent('delivered'))).data as any).messageIds, [first.message.id]);
  // The other failed reply is untouched by the report (no report leaves failed).
  assert.equal((await server.app.chat.store.messages.get(late.message.id))?.status, 'failed');
  // It is the last message: retried, it counts as unread for the visitor again.
  await anna.call('messages.retry', { messageId: late.message.id });
  assert.equal((await back.call('conversations.get', { conversationId })).unread, 1);
});

test('S-DLG-13 messages.retry refuses what is not a failed message of a visible conversation', async (t) => {
  const server = await startServer(t, { visitorGraceMs: 200 });
  const anna = await connect(t, server, server.userToken({ id: 'anna' }));
  const bob = await connect(t, server, server.userToken({ id: 'bob' }));
  const { visitor, customerId, conversationId, messageId } = await visitorConversation(t, server);
  const sent = await anna.call('messages.send', { conversationId, clientMessageId: cmid(), text: 'Здравствуйте' });
  const conflict = await reject(anna.call('messages.retry', { messageId: sent.message.id }), 'CONFLICT');
  assert.match(conflict.message, /only a failed message/i);
  await reject(anna.call('messages.retry', { messageId }), 'CONFLICT'); // the customer's own: no delivery
  await reject(visitor.call('messages.retry', { messageId: sent.message.id }), 'FORBIDDEN');
  await reject(bob.call('messages.retry', { messageId: sent.message.id }), 'NOT_FOUND'); // anna's now
  await reject(anna.call('messages.retry', { messageId: 999_999 }), 'NOT_FOUND');

  await leave(visitor);
  await anna.waitFor(statusEvent('failed'));
  await reject(bob.call('messages.retry', { messageId: sent.message.id }), 'NOT_FOUND');
  await anna.call('customers.setBlocked', { customerId, blocked: true });
  await reject(anna.call('messages.retry', { messageId: sent.message.id }), 'FORBIDDEN');
  await anna.call('customers.setBlocked', { customerId, blocked: false });
  // Nobody there: a retry fails again at once (and says so), one more attempt counted.
  const again = await anna.call('messages.retry', { messageId: sent.message.id });
  assert.equal(again.message.status, 'failed');
  assert.equal(again.message.failReason, 'visitor_left');
  assert.equal((await server.app.chat.store.messages.get(sent.message.id))?.attempts, 2);
});

test('S-DLG-13 after a restart nobody is online: replies to visitors who do not come back fail after the grace; one who comes back gets them', async (t) => {
  const first = await startTestServer({ visitorGraceMs: 60_000 });
  t.after(() => first.close());
  const anna = await connect(t, first, first.userToken({ id: 'anna' }));
  const gone = await visitorConversation(t, first, 'Ушёл');
  const stays = await visitorConversation(t, first, 'Вернётся');
  const toGone = await anna.call('messages.send', { conversationId: gone.conversationId, clientMessageId: cmid(), text: 'one' });
  const toStays = await anna.call('messages.send', { conversationId: stays.conversationId, clientMessageId: cmid(), text: 'two' });
  assert.equal(toGone.message.status, 'sent');
  await first.stop();

  const second = await startTestServer({ dbFile: first.dbFile, secret: first.secret, visitorGraceMs: 400 });
  t.after(() => second.close());
  const manager = await connect(t, second, second.userToken({ id: 'anna' }));
  // Within the start's grace a reply waits (nobody can be online yet).
  const waiting = await manager.call('messages.send', { conversationId: gone.conversationId, clientMessageId: cmid(), text: 'three' });
  assert.equal(waiting.message.status, 'queued');
  const back = await connect(t, second, stays.token);
  const failed = await manager.waitFor(statusEvent('failed'));
  assert.deepEqual(failed.data, {
    conversationId: gone.conversationId,
    messageIds: [toGone.message.id, waiting.message.id],
    status: 'failed',
    failReason: 'visitor_left',
  });
  assert.equal((await second.app.chat.store.messages.get(toStays.message.id))?.status, 'sent');
  await back.call('messages.delivered', { conversationId: stays.conversationId, messageId: toStays.message.id });
  assert.equal((await second.app.chat.store.messages.get(toStays.message.id))?.status, 'delivered');
});
