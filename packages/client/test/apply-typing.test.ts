// Pure apply tests of typing signals: entries per thread key, expiry, own typing ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { limits } from '@chatdesk/protocol/runtime';
import { applyEvent, applyThreadPage } from '../src/apply.js';
import { applyTypingSignal, nextTypingExpiry, pruneTyping } from '../src/apply-typing.js';
import { anna, boris, chat, conv, customer, manager, msg, welcomed } from './fixtures.js';

test('typing indicators: a signal adds the author until now + typingTtlMs; renewed, not doubled; false removes', () => {
  let s = welcomed(manager);
  s = applyTypingSignal(s, { conversationId: 1, author: customer, typing: true }, 1_000);
  assert.deepEqual(s.typing[1], [{ author: customer, until: 1_000 + limits.typingTtlMs }]);
  s = applyTypingSignal(s, { conversationId: 1, author: customer, typing: true }, 3_000);
  assert.deepEqual(s.typing[1], [{ author: customer, until: 3_000 + limits.typingTtlMs }]);
  s = applyTypingSignal(s, { conversationId: 1, author: boris, typing: true }, 3_500);
  assert.equal(s.typing[1]!.length, 2);
  s = applyTypingSignal(s, { conversationId: 1, author: customer, typing: false }, 4_000);
  assert.deepEqual(s.typing[1]!.map((e) => e.author.id), ['u-boris']);
  s = applyTypingSignal(s, { conversationId: 1, author: boris, typing: false }, 4_000);
  assert.deepEqual(s.typing, {}, 'an empty thread entry is removed');
});

test('typing indicators: own typing (another tab) is ignored; an internal chat is keyed -chatId', () => {
  let s = welcomed(manager);
  assert.equal(applyTypingSignal(s, { conversationId: 1, author: anna, typing: true }, 1), s);
  s = applyTypingSignal(s, { chatId: 4, author: boris, typing: true }, 1);
  assert.deepEqual(Object.keys(s.typing), ['-4']);
});

test('typing indicators: expired entries are pruned; the next expiry drives the timer', () => {
  let s = welcomed(manager);
  s = applyTypingSignal(s, { conversationId: 1, author: customer, typing: true }, 0);
  s = applyTypingSignal(s, { chatId: 2, author: boris, typing: true }, 1_000);
  assert.equal(nextTypingExpiry(s), limits.typingTtlMs);
  assert.equal(pruneTyping(s, 10), s, 'nothing expired: the same state');
  s = pruneTyping(s, limits.typingTtlMs);
  assert.deepEqual(Object.keys(s.typing), ['-2']);
  s = pruneTyping(s, 1_000 + limits.typingTtlMs);
  assert.deepEqual(s.typing, {});
  assert.equal(nextTypingExpiry(s), undefined);
});

test('typing indicators: the author\'s message ends their typing there', () => {
  let s = applyThreadPage(welcomed(manager), 1, { messages: [], hasMore: false }, false);
  s = applyTypingSignal(s, { conversationId: 1, author: customer, typing: true }, 0);
  s = applyTypingSignal(s, { chatId: 3, author: boris, typing: true }, 0);
  s = applyEvent(s, { seq: 11, name: 'message.created', data: { message: msg(5, 1, customer), conversation: conv(1, 5) } });
  assert.equal(s.typing[1], undefined);
  s = applyEvent(s, { seq: 12, name: 'internal.message', data: { chat: chat(3, 6), message: msg(6, 3, boris) } });
  assert.deepEqual(s.typing, {});
});
