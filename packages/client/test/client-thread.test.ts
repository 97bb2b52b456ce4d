// ChatClient against a real server: replies, edits, deletes and their audit trail (S-DLG-7),
// drafts (S-DLG-8), and what an outbox failure tells (S-DLG-13).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '@chatdesk/server/testing';
import { connected, sleep, until } from './live.js';

test('S-DLG-7: a quote, an edit and a delete show on both sides; the audit trail keeps the old texts', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const v = await server.visitorToken({ name: 'Ирина' });
  const visitor = await connected(t, server, () => v.token);
  const anna = await connected(t, server, () => server.userToken({ id: 'anna', name: 'Anna' }));
  const question = await visitor.send('Сколько стоит доставка?');
  const id = question.conversationId;
  await visitor.openThread(id);
  await anna.openThread(id);

  const reply = await anna.send('300 ₽ по городу', id, { replyToId: question.id });
  assert.deepEqual(reply.replyTo && { id: reply.replyTo.id, text: reply.replyTo.text }, { id: question.id, text: 'Сколько стоит доставка?' });
  let seen = await until(visitor, (s) => s.threads[id]!.messages.some((m) => m.id === reply.id));
  assert.equal(seen.threads[id]!.messages.find((m) => m.id === reply.id)!.replyTo?.id, question.id, 'the visitor sees the quote');

  const edited = await anna.editMessage(reply.id, '350 ₽ по городу');
  assert.equal(anna.state.threads[id]!.messages.find((m) => m.id === reply.id)!.text, '350 ₽ по городу', 'the editor\'s store at once');
  assert.ok(edited.editedAt);
  seen = await until(visitor, (s) => s.threads[id]!.messages.find((m) => m.id === reply.id)!.text === '350 ₽ по городу');
  assert.equal(seen.threads[id]!.messages.find((m) => m.id === reply.id)!.editedAt, edited.editedAt);
  const count = seen.threads[id]!.messages.length;

  await anna.deleteMessage(reply.id);
  seen = await until(visitor, (s) => s.threads[id]!.messages.find((m) => m.id === reply.id)!.deletedAt !== undefined);
  assert.equal(seen.threads[id]!.messages.find((m) => m.id === reply.id)!.text, '');
  assert.equal(seen.threads[id]!.messages.length, count, 'deleted in place, nothing added');
  assert.equal(seen.unread[id], 1, 'edits and deletes are not new unread messages');

  const admin = await connected(t, server, () => server.userToken({ id: 'vera', rights: ['chats', 'chat_admin'] }));
  const { revisions } = await admin.messageHistory(reply.id);
  assert.deepEqual(revisions.map((r) => [r.action, r.text]), [['edited', '300 ₽ по городу'], ['deleted', '350 ₽ по городу']]);
  await assert.rejects(anna.editMessage(question.id, 'not mine'), (e: { code: string }) => e.code === 'FORBIDDEN');
});

test('S-DLG-8: a draft shows at once, is saved once after typing stops, follows the manager to another device and a reload, and the send clears it', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const v = await server.visitorToken();
  const visitor = await connected(t, server, () => v.token);
  const { conversationId: id } = await visitor.send('Здравствуйте');
  const token = () => server.userToken({ id: 'anna', name: 'Anna' });
  const desk = await connected(t, server, token);
  const laptop = await connected(t, server, token);
  const echoes: string[] = [];
  laptop.on('event', (e) => {
    if (e.name === 'draft.changed') echoes.push(e.data.draft?.text ?? '');
  });

  for (const text of ['Д', 'До', 'Доб', 'Добрый день']) {
    desk.setDraft(id, text);
    await sleep(50);
  }
  assert.equal(desk.state.drafts[id]?.text, 'Добрый день', 'shown at once');
  const there = await until(laptop, (s) => s.drafts[id]?.text === 'Добрый день', 3_000);
  assert.ok(there.drafts[id]!.updatedAt > 0);
  await sleep(900);
  assert.deepEqual(echoes, ['Добрый день'], 'one save for one burst of typing');

  // A reload: the fresh client loads the drafts after its welcome.
  const reloaded = await connected(t, server, token);
  await until(reloaded, (s) => s.drafts[id]?.text === 'Добрый день');

  // flushDrafts saves now, not 800 ms later.
  desk.setDraft(id, 'Добрый день! Сейчас проверю');
  await desk.flushDrafts();
  assert.equal((await reloaded.call('drafts.list', {})).drafts[0]?.text, 'Добрый день! Сейчас проверю');

  await desk.send('Добрый день! Сейчас проверю', id);
  assert.equal(desk.state.drafts[id], undefined);
  await until(laptop, (s) => s.drafts[id] === undefined);
  await until(reloaded, (s) => s.drafts[id] === undefined);
  assert.deepEqual((await reloaded.call('drafts.list', {})).drafts, []);

  desk.setDraft(id, 'ещё');
  desk.setDraft(id, '');
  await desk.flushDrafts();
  assert.equal(desk.state.drafts[id], undefined, "'' clears");
  assert.deepEqual((await desk.call('drafts.list', {})).drafts, []);
});

test('S-DLG-8: typing on while an older save echoes back keeps what was typed', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const v = await server.visitorToken();
  const visitor = await connected(t, server, () => v.token);
  const { conversationId: id } = await visitor.send('?');
  const desk = await connected(t, server, () => server.userToken({ id: 'anna' }));
  desk.setDraft(id, 'first');
  const saving = desk.flushDrafts();
  desk.setDraft(id, 'first and more');
  await saving;
  await sleep(100); // the echo of "first" has arrived
  assert.equal(desk.state.drafts[id]?.text, 'first and more');
  await desk.flushDrafts();
  assert.equal(desk.state.drafts[id]?.text, 'first and more');
  assert.equal((await desk.call('drafts.list', {})).drafts[0]?.text, 'first and more');
});

test('S-DLG-13: a send to a conversation another manager took fails with "not your conversation"', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const v = await server.visitorToken();
  const visitor = await connected(t, server, () => v.token);
  const { conversationId: id } = await visitor.send('hello');
  const boris = await connected(t, server, () => server.userToken({ id: 'boris' }));
  await boris.send('Boris here', id);
  const anna = await connected(t, server, () => server.userToken({ id: 'anna' }));
  await assert.rejects(anna.send('Anna too', id));
  const [item] = anna.state.outbox;
  assert.equal(item?.state, 'failed');
  assert.equal(item?.error?.reason, 'not_your_conversation');
});

test('a send refused with a reason keeps the code and details.reason for the UI (a blocked customer), not "not your conversation"', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const v = await server.visitorToken();
  const visitor = await connected(t, server, () => v.token);
  const { conversationId: id } = await visitor.send('hello');
  const anna = await connected(t, server, () => server.userToken({ id: 'anna' }));
  await anna.send('Anna here', id);
  await anna.call('customers.setBlocked', { customerId: v.customerId, blocked: true });
  await assert.rejects(anna.send('one more', id));
  const [item] = anna.state.outbox;
  assert.equal(item?.state, 'failed');
  assert.equal(item?.error?.code, 'FORBIDDEN');
  assert.equal(item?.error?.detailsReason, 'blocked');
  assert.equal(item?.error?.reason, undefined);
});

test('S-DLG-7: a conversation opened before the list loads keeps its unread count and leaves the list unloaded', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const v = await server.visitorToken();
  const visitor = await connected(t, server, () => v.token);
  const { conversationId: id } = await visitor.send('Есть в наличии?');
  const anna = await connected(t, server, () => server.userToken({ id: 'anna', name: 'Anna' }));
  assert.equal(anna.state.unread[id], 1, 'the welcome counts it');
  await anna.openThread(id);
  assert.equal(anna.state.conversations[id]?.id, id, 'fetched by id');
  assert.equal(anna.state.unread[id], 1, 'the fetched conversation brings its unread count, not 0');
  assert.equal(anna.state.listLoaded, false, 'one conversation is not the list');
});
