// Pure apply tests of issue 6's message events and drafts: message.updated, message.status,
// draft.changed and drafts.list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyConversationPage, applyDraft, applyDrafts, applyEvent, applyMessage, applyThreadPage, applyWelcome } from '../src/apply.js';
import { anna, conv, customer, manager, msg, visitor, welcomed } from './fixtures.js';

const thread = (s: ReturnType<typeof welcomed>, key: number) => s.threads[key]!.messages;

test('S-DLG-7: message.updated replaces an edited message in place and moves the conversation, no unread', () => {
  let s = applyConversationPage(welcomed(manager), { conversations: [conv(1, 5), conv(2, 6)], unread: {}, nextCursor: null }, true);
  s = applyThreadPage(s, 1, { messages: [msg(3, 1, customer), msg(4, 1, anna, { status: 'sent' }), msg(5, 1, customer)], hasMore: false }, false);
  const edited = msg(4, 1, anna, { text: 'fixed', editedAt: 50, status: 'sent' });
  const next = applyEvent(s, { seq: 11, name: 'message.updated', data: { message: edited, conversation: conv(1, 50) } });
  assert.deepEqual(thread(next, 1).map((m) => m.id), [3, 4, 5]);
  assert.equal(thread(next, 1)[1]!.text, 'fixed');
  assert.equal(thread(next, 1)[1]!.editedAt, 50);
  assert.equal(thread(next, 1)[0], thread(s, 1)[0], 'the other messages keep their identity');
  assert.deepEqual(next.conversationOrder, [1, 2]);
  assert.deepEqual(next.unread, s.unread, 'an edit is not a new unread message');
});

test('S-DLG-7: a deleted message keeps its place with an empty text', () => {
  let s = applyThreadPage(welcomed(manager), 1, { messages: [msg(3, 1, anna), msg(4, 1, customer)], hasMore: false }, false);
  s = applyEvent(s, { seq: 11, name: 'message.updated', data: { message: msg(3, 1, anna, { text: '', deletedAt: 60 }), conversation: conv(1, 5) } });
  assert.deepEqual(thread(s, 1).map((m) => [m.id, m.text, m.deletedAt]), [[3, '', 60], [4, 'm4', undefined]]);
});

test('S-DLG-13: a visitor receives a retried message by message.updated: it is inserted at its sorted place', () => {
  let s = applyThreadPage(welcomed(visitor), 1, { messages: [msg(3, 1, customer), msg(6, 1, customer)], hasMore: false }, false);
  s = applyEvent(s, { seq: 11, name: 'message.updated', data: { message: msg(5, 1, anna), conversation: conv(1, 9) } });
  assert.deepEqual(thread(s, 1).map((m) => m.id), [3, 5, 6]);
  s = applyEvent(s, { seq: 12, name: 'message.updated', data: { message: msg(7, 1, anna), conversation: conv(1, 9) } });
  assert.deepEqual(thread(s, 1).map((m) => m.id), [3, 5, 6, 7]);
});

test('message.updated of a thread that is not loaded updates only the conversation', () => {
  const s = applyEvent(welcomed(manager), { seq: 11, name: 'message.updated', data: { message: msg(5, 4, anna), conversation: conv(4, 9) } });
  assert.equal(s.threads[4], undefined);
  assert.deepEqual(s.conversationOrder, [4]);
});

test('S-DLG-13: message.status patches the listed messages; a retry replaces the failed copy whole (no stale reason)', () => {
  let s = applyThreadPage(
    welcomed(manager),
    1,
    { messages: [msg(3, 1, anna, { status: 'sent' }), msg(4, 1, anna, { status: 'sent' }), msg(5, 1, anna, { status: 'queued' })], hasMore: false },
    false,
  );
  s = applyEvent(s, { seq: 11, name: 'message.status', data: { conversationId: 1, messageIds: [3, 4], status: 'delivered' } });
  assert.deepEqual(thread(s, 1).map((m) => m.status), ['delivered', 'delivered', 'queued']);
  s = applyEvent(s, { seq: 12, name: 'message.status', data: { conversationId: 1, messageIds: [5], status: 'failed', failReason: 'visitor_left' } });
  assert.equal(thread(s, 1)[2]!.failReason, 'visitor_left');
  s = applyEvent(s, { seq: 13, name: 'message.updated', data: { message: msg(5, 1, anna, { status: 'queued' }), conversation: conv(1, 9) } });
  assert.equal(thread(s, 1)[2]!.status, 'queued');
  assert.equal('failReason' in thread(s, 1)[2]!, false);
  s = applyEvent(s, { seq: 14, name: 'message.status', data: { conversationId: 1, messageIds: [5], status: 'sent' } });
  assert.equal(thread(s, 1)[2]!.status, 'sent');
});

test('S-DLG-13: a status never goes back (a late report is ignored); other threads and unknown ids are untouched', () => {
  let s = applyThreadPage(welcomed(manager), 1, { messages: [msg(3, 1, anna, { status: 'read' })], hasMore: false }, false);
  const same = applyEvent(s, { seq: 11, name: 'message.status', data: { conversationId: 1, messageIds: [3], status: 'delivered' } });
  assert.equal(same, s);
  assert.equal(applyEvent(s, { seq: 12, name: 'message.status', data: { conversationId: 2, messageIds: [3], status: 'read' } }), s);
  assert.equal(applyEvent(s, { seq: 13, name: 'message.status', data: { conversationId: 1, messageIds: [99], status: 'read' } }), s);
  s = applyThreadPage(s, 1, { messages: [msg(3, 1, anna, { status: 'failed', failReason: 'channel_error' })], hasMore: false }, false);
  s = applyEvent(s, { seq: 14, name: 'message.status', data: { conversationId: 1, messageIds: [3], status: 'sent' } });
  assert.equal(thread(s, 1)[0]!.status, 'sent', 'Retry leaves failed');
  assert.equal(thread(s, 1)[0]!.failReason, undefined);
});

test('a page replaces the copies it carries whole: a fail reason that went away goes away', () => {
  let s = applyThreadPage(welcomed(manager), 1, { messages: [msg(3, 1, anna, { status: 'failed', failReason: 'visitor_left' }), msg(4, 1, customer)], hasMore: true }, false);
  s = applyThreadPage(s, 1, { messages: [msg(2, 1, customer), msg(3, 1, anna, { status: 'sent' })], hasMore: false }, true);
  assert.deepEqual(thread(s, 1).map((m) => [m.id, m.status, m.failReason]), [[2, undefined, undefined], [3, 'sent', undefined], [4, undefined, undefined]]);
});

test('S-DLG-7: a reply keeps its quote; the send result and the event agree', () => {
  const reply = msg(6, 1, anna, { replyTo: { id: 3, author: customer, text: 'm3' } });
  let s = applyThreadPage(welcomed(manager), 1, { messages: [msg(3, 1, customer)], hasMore: false }, false);
  s = applyMessage(s, reply, conv(1, 6));
  const again = applyEvent(s, { seq: 11, name: 'message.created', data: { message: reply, conversation: conv(1, 6) } });
  assert.deepEqual(thread(again, 1), [msg(3, 1, customer), reply]);
});

test('S-DLG-8: draft.changed sets and clears a draft; drafts.list replaces them all', () => {
  let s = welcomed(manager);
  s = applyEvent(s, { seq: 11, name: 'draft.changed', data: { conversationId: 1, draft: { conversationId: 1, text: 'Добрый', updatedAt: 5 } } });
  assert.equal(s.drafts[1]!.text, 'Добрый');
  assert.equal(applyDraft(s, 1, { conversationId: 1, text: 'Добрый', updatedAt: 5 }), s, 'the same draft again changes nothing');
  s = applyEvent(s, { seq: 12, name: 'draft.changed', data: { conversationId: 1, draft: null } });
  assert.deepEqual(s.drafts, {});
  assert.equal(applyDraft(s, 1, null), s);
  s = applyDrafts(applyDraft(s, 9, { conversationId: 9, text: 'old', updatedAt: 1 }), [{ conversationId: 2, text: 'x', updatedAt: 3 }]);
  assert.deepEqual(Object.keys(s.drafts), ['2']);
});

test('a fresh welcome drops internal chats and typing, keeps drafts until drafts.list replaces them', () => {
  let s = applyDraft(welcomed(manager), 1, { conversationId: 1, text: 'x', updatedAt: 1 });
  s = { ...s, typing: { 1: [{ author: customer, until: 99 }] }, internalLoaded: true, internalOrder: [1], internalUnread: { 1: 1 } };
  const fresh = applyWelcome(s, { type: 'welcome', user: manager, seq: 1, epoch: 'e2', resumed: false, heartbeatMs: 1, channels: {} });
  assert.deepEqual(fresh.typing, {});
  assert.equal(fresh.internalLoaded, false);
  assert.deepEqual(fresh.internalUnread, {});
  assert.equal(fresh.drafts, s.drafts);
  const resumed = applyWelcome(s, { type: 'welcome', user: manager, seq: 1, epoch: 'e1', resumed: true, heartbeatMs: 1, channels: {} });
  assert.equal(resumed.typing, s.typing);
  assert.equal(resumed.internalUnread, s.internalUnread);
});

test('S-DLG-7: an edit or delete of a quoted message reaches the quotes of its replies, as a fresh page shows them', () => {
  const quoteOf = (id: number, text: string) => ({ id, author: customer, text });
  let s = applyThreadPage(
    welcomed(manager),
    1,
    { messages: [msg(3, 1, customer, { text: 'ёлка?' }), msg(4, 1, anna, { replyTo: quoteOf(3, 'ёлка?') }), msg(5, 1, customer)], hasMore: false },
    false,
  );
  const long = 'ё'.repeat(300);
  s = applyEvent(s, { seq: 11, name: 'message.updated', data: { message: msg(3, 1, customer, { text: long, editedAt: 9 }), conversation: conv(1, 9) } });
  assert.deepEqual(thread(s, 1)[1]!.replyTo, quoteOf(3, long.slice(0, 200)));
  const untouched = thread(s, 1)[2];
  s = applyEvent(s, { seq: 12, name: 'message.updated', data: { message: msg(3, 1, customer, { text: '', deletedAt: 10 }), conversation: conv(1, 10) } });
  assert.deepEqual(thread(s, 1)[1]!.replyTo, { ...quoteOf(3, ''), deleted: true });
  assert.equal(thread(s, 1)[2], untouched);
});
