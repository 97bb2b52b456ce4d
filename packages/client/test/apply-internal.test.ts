// Pure apply tests of S-DLG-14's internal chats: list, order, threads under -chatId, unread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEvent, applyThreadPage } from '../src/apply.js';
import { applyInternalList, applyInternalMessage } from '../src/apply-internal.js';
import { chatIdOf, internalKey, isInternalKey } from '../src/keys.js';
import { addOutbox } from '../src/apply.js';
import { anna, boris, chat, conv, manager, msg, welcomed } from './fixtures.js';

test('S-DLG-14: thread keys: an internal chat is its id negated', () => {
  assert.equal(internalKey(4), -4);
  assert.equal(isInternalKey(-4), true);
  assert.equal(isInternalKey(4), false);
  assert.equal(chatIdOf(internalKey(4)), 4);
});

test('S-DLG-14: internal.list fills the chats, their order (last activity first) and unread', () => {
  const s = applyInternalList(welcomed(manager), { chats: [chat(1, 10), chat(2, 30), chat(3, 20, 'group')], unread: { '2': 3, '3': 0 } });
  assert.equal(s.internalLoaded, true);
  assert.deepEqual(s.internalOrder, [2, 3, 1]);
  assert.deepEqual(s.internalUnread, { 2: 3 });
  assert.deepEqual(s.unread, welcomed(manager).unread, 'customer unread counts stay apart');
  const again = applyInternalList(s, { chats: [chat(1, 10)], unread: {} });
  assert.deepEqual(again.internalOrder, [1], 'a refetch replaces the list');
});

test('S-DLG-14: internal.message goes to thread -chatId, moves the chat up, counts unread for others\' messages only', () => {
  let s = applyInternalList(welcomed(manager), { chats: [chat(1, 10), chat(2, 30)], unread: {} });
  s = applyThreadPage(s, internalKey(1), { messages: [msg(5, 1, anna)], hasMore: false }, false);
  const fromBoris = msg(8, 1, boris);
  s = applyEvent(s, { seq: 11, name: 'internal.message', data: { chat: chat(1, 40), message: fromBoris } });
  assert.deepEqual(s.threads[-1]!.messages.map((m) => m.id), [5, 8]);
  assert.equal(s.threads[1], undefined, 'never under the positive key of a conversation');
  assert.deepEqual(s.internalOrder, [1, 2]);
  assert.deepEqual(s.internalUnread, { 1: 1 });
  assert.equal(s.unreadTotal, 1, 'the customer unread total is unchanged');
  const replay = applyEvent(s, { seq: 11, name: 'internal.message', data: { chat: chat(1, 40), message: fromBoris } });
  assert.deepEqual(replay.internalUnread, { 1: 1 }, 'a message already in the thread is not counted twice');
  s = applyEvent(s, { seq: 12, name: 'internal.message', data: { chat: chat(1, 41), message: msg(9, 1, anna) } });
  assert.deepEqual(s.internalUnread, {}, 'writing marks the chat read');
  s = applyEvent(s, { seq: 13, name: 'internal.unread', data: { chatId: 2, unread: 4 } });
  assert.deepEqual(s.internalUnread, { 2: 4 });
  s = applyEvent(s, { seq: 14, name: 'internal.chat', data: { chat: { ...chat(3, 50, 'group'), title: 'Смена' } } });
  assert.deepEqual(s.internalOrder, [3, 1, 2]);
  assert.equal(s.internalChats[3]!.title, 'Смена');
});

test('S-DLG-14: an internal send result removes its outbox item; a chat id never touches the conversation of that id', () => {
  let s = welcomed(manager);
  s = { ...s, conversations: { 1: conv(1, 5) }, conversationOrder: [1] };
  s = addOutbox(s, { clientMessageId: 'c1', conversationId: -1, text: 'hi', createdAt: 1, state: 'sending' });
  s = applyInternalMessage(s, chat(1, 9), msg(3, 1, anna, { clientMessageId: 'c1' }));
  assert.deepEqual(s.outbox, []);
  assert.deepEqual(s.internalOrder, [1]);
  assert.equal(s.conversations[1]!.lastActivityAt, 5);
});

test('S-DLG-14, S-DLG-7: an edited or deleted internal message replaces the one held and moves no unread count, whether its thread is loaded or not', () => {
  let s = applyInternalList(welcomed(manager), { chats: [chat(1, 10), chat(2, 20)], unread: { '1': 2 } });
  s = applyThreadPage(s, internalKey(1), { messages: [msg(5, 1, boris), msg(6, 1, boris)], hasMore: false }, false);
  s = applyEvent(s, { seq: 20, name: 'internal.message', data: { chat: chat(1, 10), message: msg(5, 1, boris, { text: 'правка', editedAt: 11 }) } });
  assert.deepEqual(s.threads[-1]!.messages.map((m) => [m.id, m.text]), [[5, 'правка'], [6, msg(6, 1, boris).text]]);
  assert.deepEqual(s.internalUnread, { 1: 2 });
  // Chat 2's thread was never opened: a delete there is not a new unread message either.
  s = applyEvent(s, { seq: 21, name: 'internal.message', data: { chat: chat(2, 20), message: msg(7, 2, boris, { text: '', deletedAt: 12 }) } });
  assert.deepEqual(s.internalUnread, { 1: 2 });
  // Her own edit does not mark the chat read (only writing or reading does).
  s = applyInternalMessage(s, chat(1, 10), msg(4, 1, anna, { text: 'моя правка', editedAt: 13 }));
  assert.deepEqual(s.internalUnread, { 1: 2 });
});
