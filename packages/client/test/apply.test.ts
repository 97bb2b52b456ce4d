import { test } from 'node:test';
import type { Message } from '@chatdesk/protocol';
import assert from 'node:assert/strict';
import { applyConversationPage, applyEvent, applyThreadPage, applyWelcome, isMe, setThreadLoading } from '../src/apply.js';
import { anna, conv, customer, manager, msg, visitor, welcomed } from './fixtures.js';
import { backoffDelay, QUICK_RECONNECTS, reconnectDelay } from '../src/backoff.js';

test('isMe tells a visitor, a manager and a bot apart by author kind and id', () => {
  assert.equal(isMe(manager, anna), true);
  assert.equal(isMe(manager, { ...anna, kind: 'customer' }), false);
  assert.equal(isMe(visitor, customer), true);
  assert.equal(isMe(visitor, { ...customer, id: '8' }), false);
  assert.equal(isMe(null, anna), false);
});

test('welcome takes the unread snapshot; a resumed welcome keeps the state', () => {
  const s = welcomed(manager);
  assert.deepEqual(s.unread, { 1: 2 });
  assert.equal(s.unreadTotal, 1);
  const withList = applyConversationPage(s, { conversations: [conv(1, 5)], unread: { '1': 2 }, nextCursor: null }, true);
  const resumed = applyWelcome(withList, { type: 'welcome', user: manager, seq: 12, epoch: 'e1', resumed: true, heartbeatMs: 1, channels: {} });
  assert.equal(resumed.conversations, withList.conversations);
  const fresh = applyWelcome(withList, { type: 'welcome', user: manager, seq: 12, epoch: 'e2', resumed: false, heartbeatMs: 1, channels: {} });
  assert.deepEqual(fresh.conversationOrder, []);
  assert.equal(fresh.listLoaded, false);
});

test('S-DLG-1: a customer message raises the unread count once; the manager reply clears it', () => {
  let s = applyConversationPage(welcomed(manager), { conversations: [conv(1, 5), conv(2, 6)], unread: { '1': 2 }, nextCursor: null }, true);
  assert.deepEqual(s.conversationOrder, [2, 1]);
  s = applyThreadPage(s, 2, { messages: [], hasMore: false }, false);
  const ev = { seq: 11, name: 'message.created' as const, data: { message: msg(100, 2, customer), conversation: conv(2, 100) } };
  s = applyEvent(s, ev);
  assert.equal(s.unread[2], 1);
  assert.equal(s.unreadTotal, 2);
  assert.deepEqual(s.threads[2]!.messages.map((m) => m.id), [100]);
  // The same message again (e.g. the send result after the event) changes nothing.
  const again = applyEvent(s, ev);
  assert.equal(again.unread[2], 1);
  s = applyEvent(s, { seq: 12, name: 'message.created', data: { message: msg(101, 2, anna), conversation: conv(2, 101) } });
  assert.equal(s.unread[2], undefined);
  assert.equal(s.unreadTotal, 1);
  assert.deepEqual(s.threads[2]!.messages.map((m) => m.id), [100, 101]);
});

test('S-DLG-5: system notices join the thread but are never unread: opened, assigned, closed, reopened, unassigned', () => {
  let s = applyConversationPage(welcomed(manager), { conversations: [conv(1, 5)], unread: { '1': 2 }, nextCursor: null }, true);
  s = applyThreadPage(s, 3, { messages: [], hasMore: false }, false);
  const system = { kind: 'system' as const, id: 'system', name: 'Chatdesk' };
  const opened: Message = { ...msg(200, 3, system), system: { type: 'opened', by: null, from: null, to: null } };
  s = applyEvent(s, { seq: 11, name: 'message.created', data: { message: opened, conversation: conv(3, 200) } });
  assert.equal(s.unread[3], undefined);
  assert.equal(s.unreadTotal, 1);
  s = applyEvent(s, { seq: 12, name: 'message.created', data: { message: msg(201, 3, customer), conversation: conv(3, 201) } });
  assert.equal(s.unread[3], 1, 'a new conversation shows 1 unread for the customer\'s 1 message');
  assert.deepEqual(s.threads[3]!.messages.map((m) => m.id), [200, 201]);
  const anna = { id: 'anna', name: 'Anna' };
  const notices = [
    { type: 'assigned', by: null, from: null, to: anna },
    { type: 'closed', by: anna, from: null, to: null },
    { type: 'reopened', by: anna, from: null, to: null },
    { type: 'unassigned', by: anna, from: anna, to: null },
  ] as const;
  notices.forEach((system, i) => {
    const notice: Message = { ...msg(202 + i, 3, { kind: 'system', id: 'system', name: 'Chatdesk' }), system };
    s = applyEvent(s, { seq: 13 + i, name: 'message.created', data: { message: notice, conversation: conv(3, 201) } });
    assert.equal(s.unread[3], 1, `as on the server, "${system.type}" does not count`);
  });
  assert.equal(s.threads[3]!.messages.length, 6);
});

test('live activity re-orders the list, last activity first', () => {
  let s = applyConversationPage(welcomed(manager), { conversations: [conv(1, 5), conv(2, 6), conv(3, 7)], unread: {}, nextCursor: 'c' }, true);
  assert.deepEqual(s.conversationOrder, [3, 2, 1]);
  s = applyEvent(s, { seq: 11, name: 'conversation.updated', data: { conversation: conv(1, 50) } });
  assert.deepEqual(s.conversationOrder, [1, 3, 2]);
  assert.equal(s.listCursor, 'c');
});

test('unread.changed sets the count and the authoritative total', () => {
  let s = welcomed(manager);
  s = applyEvent(s, { seq: 11, name: 'unread.changed', data: { conversationId: 1, unread: 0, unreadTotal: 0 } });
  assert.deepEqual(s.unread, {});
  assert.equal(s.unreadTotal, 0);
});

test('an older page merges below the loaded messages without duplicates', () => {
  let s = applyThreadPage(welcomed(manager), 1, { messages: [msg(5, 1, customer), msg(6, 1, anna)], hasMore: true }, false);
  s = applyThreadPage(s, 1, { messages: [msg(3, 1, customer), msg(4, 1, customer), msg(5, 1, customer)], hasMore: false }, true);
  assert.deepEqual(s.threads[1]!.messages.map((m) => m.id), [3, 4, 5, 6]);
  assert.equal(s.threads[1]!.hasMore, false);
});

test('reconnects stay within a second of each other for the first ten attempts, then back off to the cap', () => {
  assert.equal(reconnectDelay(0, 300, 15_000, () => 1), 300);
  assert.equal(reconnectDelay(3, 300, 15_000, () => 1), 1_000);
  assert.equal(reconnectDelay(3, 300, 15_000, () => 0), 500, 'jittered over the second half');
  assert.equal(reconnectDelay(QUICK_RECONNECTS - 1, 300, 15_000, () => 1), 1_000);
  assert.equal(reconnectDelay(QUICK_RECONNECTS, 300, 15_000, () => 1), 15_000);
  assert.equal(reconnectDelay(2, 50, 400, () => 1), 200, 'a smaller cap given by the caller stands');
});

test('backoff grows exponentially with jitter and stays under its cap', () => {
  assert.equal(backoffDelay(0, 300, 15_000, () => 0), 150);
  assert.equal(backoffDelay(0, 300, 15_000, () => 1), 300);
  assert.equal(backoffDelay(3, 300, 15_000, () => 1), 2400);
  assert.equal(backoffDelay(30, 300, 15_000, () => 1), 15_000);
});

test('the first page of a thread opened while loading decides hasMore', () => {
  let s = setThreadLoading(welcomed(manager), 1, true);
  assert.equal(s.threads[1]!.hasMore, true);
  s = applyThreadPage(s, 1, { messages: [msg(5, 1, customer)], hasMore: false }, false);
  assert.equal(s.threads[1]!.hasMore, false, 'a short conversation has no older pages');
  assert.equal(s.threads[1]!.loading, false);
});

test('conversation.removed drops the conversation, its thread and its unread count', () => {
  let s = applyConversationPage(welcomed(manager), { conversations: [conv(1, 5), conv(2, 6)], unread: { '1': 2 }, nextCursor: null }, true);
  s = applyThreadPage(s, 1, { messages: [msg(5, 1, customer)], hasMore: false }, false);
  s = applyEvent(s, { seq: 11, name: 'conversation.removed', data: { conversationId: 1 } });
  assert.deepEqual(s.conversationOrder, [2]);
  assert.equal(s.threads[1], undefined);
  assert.equal(s.unread[1], undefined);
  assert.equal(s.unreadTotal, 0);
});

test('S-AUTH-3: an update whose can.see is false (the server says this reader lost it) drops the conversation, its thread and unread; the client does not decide it from the assignee', () => {
  const can = { see: true, reply: true, close: true, assign: false, unassign: false, block: true, unlink: true };
  let s = applyConversationPage(welcomed(manager), { conversations: [conv(1, 5), conv(2, 6)], unread: { '1': 2 }, nextCursor: null }, true);
  s = applyThreadPage(s, 1, { messages: [msg(5, 1, customer)], hasMore: false }, false);
  // Assigned to someone else but still seen (an admin's view, or a rule this client does not know): kept.
  s = applyEvent(s, { seq: 11, name: 'conversation.updated', data: { conversation: { ...conv(1, 7), assigneeId: 'u-boris', can } } });
  assert.deepEqual(s.conversationOrder, [1, 2]);
  s = applyEvent(s, { seq: 12, name: 'conversation.updated', data: { conversation: { ...conv(1, 8), assigneeId: 'u-boris', can: { ...can, see: false } } } });
  assert.deepEqual(s.conversationOrder, [2]);
  assert.equal(s.threads[1], undefined);
  assert.equal(s.unread[1], undefined);
});

test('one updated conversation lands where a full sort would put it (ties: higher id first)', () => {
  let s = applyConversationPage(welcomed(manager), { conversations: [conv(1, 10), conv(2, 20), conv(3, 30), conv(4, 40)], unread: {}, nextCursor: null }, true);
  s = applyEvent(s, { seq: 11, name: 'conversation.updated', data: { conversation: conv(4, 15) } });
  assert.deepEqual(s.conversationOrder, [3, 2, 4, 1]);
  s = applyEvent(s, { seq: 12, name: 'conversation.updated', data: { conversation: conv(5, 20) } });
  assert.deepEqual(s.conversationOrder, [3, 5, 2, 4, 1]);
  s = applyEvent(s, { seq: 13, name: 'conversation.updated', data: { conversation: conv(1, 5) } });
  assert.deepEqual(s.conversationOrder, [3, 5, 2, 4, 1]);
});
