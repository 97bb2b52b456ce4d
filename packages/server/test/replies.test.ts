// Replies (S-DLG-7's "quote"): a message quotes another of the same conversation; every message
// the server returns or pushes carries the quote as it is now. Real server, real sockets.
import assert from 'node:assert/strict';
import { staffAliasFor } from '../src/auth/staff-alias.js';
import { test } from 'node:test';
import { limits } from '@chatdesk/protocol';
import { CallError, cmid, connect, startServer, visitorConversation, type TestClient, code } from './helpers.js';

const eventFor = (c: TestClient, name: string, pred: (d: any) => boolean) =>
  c.waitFor((f) => f.type === 'event' && f.name === name && pred(f.data)) as Promise<any>;

test('S-DLG-7: a reply carries its quote in the send result, the live event, both sides’ list pages, search hits and a resend', async (t) => {
  const server = await startServer(t);
  const anna = await connect(t, server, server.userToken({ id: 'anna', name: 'Анна' }));
  const long = `Есть ли 38 размер? ${'очень '.repeat(60)}нужно`;
  const { visitor, conversationId: c, messageId: q, customerId } = await visitorConversation(t, server, long);

  const clientMessageId = cmid();
  const sent = await anna.call('messages.send', { conversationId: c, clientMessageId, text: 'Да, есть в наличии', replyToId: q });
  const quote = sent.message.replyTo;
  assert.equal(quote.id, q);
  assert.deepEqual(quote.author, { kind: 'customer', id: String(customerId), name: visitor.welcome?.user.name });
  assert.equal([...quote.text].length, limits.replyPreviewChars, 'the quote is cut to the preview length');
  assert.ok(long.startsWith(quote.text));
  assert.equal('deleted' in quote, false);

  const live = await eventFor(visitor, 'message.created', (d) => d.message.id === sent.message.id);
  assert.deepEqual(live.data.message.replyTo, quote);

  for (const reader of [anna, visitor]) {
    const page = await reader.call('messages.list', { conversationId: c });
    const reply = page.messages.find((m: any) => m.id === sent.message.id);
    assert.deepEqual(reply.replyTo, quote);
    assert.equal(page.messages.filter((m: any) => m.replyTo !== undefined).length, 1, 'only the reply carries a quote');
  }

  const hits = await anna.call('conversations.search', { query: 'наличии' });
  assert.equal(hits.hits.length, 1);
  assert.deepEqual(hits.hits[0].message.replyTo, quote);

  // The outbox resends after a drop: the stored message comes back with its quote.
  const again = await anna.call('messages.send', { conversationId: c, clientMessageId, text: 'Да, есть в наличии', replyToId: q });
  assert.equal(again.message.id, sent.message.id);
  assert.deepEqual(again.message.replyTo, quote);

  // The visitor quotes the manager's answer in turn.
  const back = await visitor.call('messages.send', { clientMessageId: cmid('v'), text: 'Отлично, беру', replyToId: sent.message.id });
  // The visitor reads the quoted manager by name and an opaque id, never the CRM user id.
  assert.deepEqual(back.message.replyTo, { id: sent.message.id, author: { kind: 'manager', id: staffAliasFor(server.secret)('anna'), name: 'Анна' }, text: 'Да, есть в наличии' });
  const seen = await eventFor(anna, 'message.created', (d) => d.message.id === back.message.id);
  assert.equal(seen.data.message.replyTo.id, sent.message.id);
});

test('S-DLG-7: a deleted quote shows as deleted; another conversation’s, unknown, system and deleted messages cannot be quoted', async (t) => {
  const server = await startServer(t);
  const anna = await connect(t, server, server.userToken({ id: 'anna', name: 'Анна', rights: ['chats', 'chat_admin'] }));
  const { visitor, conversationId: c, messageId: q } = await visitorConversation(t, server, 'Где мой заказ?');
  const other = await visitorConversation(t, server, 'Другой вопрос');

  const reply = await anna.call('messages.send', { conversationId: c, clientMessageId: cmid(), text: 'Уже в пути', replyToId: q });
  assert.equal(reply.message.replyTo.text, 'Где мой заказ?');

  // The customer deletes the quoted message: the reply now quotes "a deleted message".
  await visitor.call('messages.delete', { messageId: q });
  const page = await anna.call('messages.list', { conversationId: c });
  const shown = page.messages.find((m: any) => m.id === reply.message.id);
  assert.deepEqual(shown.replyTo, { id: q, author: reply.message.replyTo.author, text: '', deleted: true });
  const visitorPage = await visitor.call('messages.list', { conversationId: c });
  assert.equal(visitorPage.messages.find((m: any) => m.id === reply.message.id).replyTo.deleted, true);

  const refused = async (replyToId: number) => {
    try {
      await anna.call('messages.send', { conversationId: c, clientMessageId: cmid(), text: 'ответ', replyToId });
      return { code: 'ok', details: undefined };
    } catch (e) {
      return { code: (e as CallError).code, details: (e as CallError).details };
    }
  };
  assert.deepEqual(await refused(other.messageId), { code: 'NOT_FOUND', details: { replyToId: other.messageId } }, 'another conversation’s message');
  assert.deepEqual(await refused(999_999), { code: 'NOT_FOUND', details: { replyToId: 999_999 } });
  const notice = page.messages.find((m: any) => m.author.kind === 'system');
  assert.equal((await refused(notice.id)).code, 'INVALID_PARAMS', 'a system notice');
  assert.deepEqual(await refused(q), { code: 'CONFLICT', details: { replyToId: q } }, 'a deleted message');
  // The visitor cannot reach into someone else's conversation through a quote either.
  assert.equal(await code(visitor.call('messages.send', { clientMessageId: cmid('v'), text: 'x', replyToId: other.messageId })), 'NOT_FOUND');
  // Nothing refused was stored.
  const after = await anna.call('messages.list', { conversationId: c });
  assert.equal(after.messages.length, page.messages.length);
});
