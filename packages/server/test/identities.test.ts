// Visitors never learn staff CRM user ids (the README's "Staff identities"): every frame a visitor
// receives — results, events live and replayed, typing signals, notices — names staff by name and
// an opaque stable id.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { staffAliasFor } from '../src/auth/staff-alias.js';
import { TestClient, cmid, connect, open, startServer, type TestServer } from './helpers.js';

const ANNA = 'crm-user-4711';
const BORIS = 'crm-user-5822';
const OLGA = 'crm-admin-9034';

/** A visitor socket that records every frame as it arrived (raw text). */
async function recordingVisitor(t: Parameters<typeof open>[0], server: TestServer, token: string, hello: object = {}) {
  const c = await open(t, server);
  const frames: string[] = [];
  c.ws.on('message', (raw) => frames.push(raw.toString()));
  c.send({ type: 'hello', token, ...hello });
  c.welcome = (await c.waitFor((f) => f.type === 'welcome')) as TestClient['welcome'];
  return { c, frames };
}

test('a visitor\'s whole frame stream (replies, quotes, edits, deletes, typing, notices, reassignment, close/reopen, lists, resume) never carries a staff user id', async (t) => {
  const server = await startServer(t);
  const olga = await connect(t, server, server.userToken({ id: OLGA, name: 'Ольга', rights: ['admin'] }));
  await olga.call('settings.update', { assignmentManagerIds: [ANNA], autoCloseAssignedMs: null, distributionBot: { enabled: false, capacity: 10, managerIds: [] } });
  const anna = await connect(t, server, server.userToken({ id: ANNA, name: 'Анна' }));
  const boris = await connect(t, server, server.userToken({ id: BORIS, name: 'Борис' }));
  const { token } = await server.visitorToken({ name: 'Ирина' });
  const { c: visitor, frames } = await recordingVisitor(t, server, token);

  const first = await visitor.call('messages.send', { clientMessageId: cmid('v'), text: 'Здравствуйте' });
  const id = first.conversation.id as number;
  await anna.call('typing.set', { conversationId: id, typing: true });
  await visitor.waitFor((f) => f.type === 'signal');
  const reply = await anna.call('messages.send', { conversationId: id, clientMessageId: cmid(), text: 'Добрый день', replyToId: first.message.id });
  const second = await anna.call('messages.send', { conversationId: id, clientMessageId: cmid(), text: 'Секунду' });
  await visitor.call('messages.send', { clientMessageId: cmid('v'), text: 'Жду', replyToId: reply.message.id });
  await anna.call('messages.edit', { messageId: reply.message.id, text: 'Добрый день!' });
  await anna.call('messages.delete', { messageId: second.message.id });
  await olga.call('conversations.assign', { conversationId: id, assigneeId: BORIS });
  await boris.call('typing.set', { conversationId: id, typing: true });
  await boris.call('messages.send', { conversationId: id, clientMessageId: cmid(), text: 'Теперь я' });
  await olga.call('conversations.close', { conversationId: id });
  await visitor.call('messages.send', { clientMessageId: cmid('v'), text: 'Ещё вопрос', replyToId: reply.message.id });
  await olga.call('conversations.assign', { conversationId: id, assigneeId: null });
  await olga.call('conversations.assign', { conversationId: id, assigneeId: ANNA });
  await olga.call('conversations.close', { conversationId: id });
  await olga.call('conversations.reopen', { conversationId: id });
  // Everything the visitor may ask for.
  await visitor.call('conversations.list', {});
  await visitor.call('conversations.get', { conversationId: id });
  await visitor.call('messages.list', { conversationId: id });
  await visitor.call('conversations.markRead', { conversationId: id });
  await visitor.call('messages.delivered', { conversationId: id, messageId: reply.message.id });
  await visitor.call('messages.send', { clientMessageId: first.message.clientMessageId, text: 'Здравствуйте' }); // a resend
  // A second device resumes from the start: the whole log replayed.
  const { frames: replayed } = await recordingVisitor(t, server, token, { resumeFrom: 0, epoch: server.app.chat.epoch });
  await visitor.call('conversations.get', { conversationId: id });
  await new Promise((r) => setTimeout(r, 200));

  const all = [...frames, ...replayed];
  for (const staffId of [ANNA, BORIS, OLGA]) {
    const leaks = all.filter((f) => f.includes(staffId));
    assert.deepEqual(leaks, [], `${staffId} reached the visitor`);
  }
  // Not vacuous: staff did reach the visitor, by name and an opaque stable id.
  const alias = staffAliasFor(server.secret);
  const text = all.join('\n');
  for (const [staffId, name] of [[ANNA, 'Анна'], [BORIS, 'Борис'], [OLGA, 'Ольга']] as const) {
    assert.ok(text.includes(`"id":"${alias(staffId)}","name":"${name}"`), `${name} is named with the alias`);
  }
  assert.ok(all.some((f) => f.includes('"type":"signal"')), 'typing signals were seen');
  assert.ok(replayed.some((f) => f.includes('"type":"event"')), 'events were replayed');
  assert.notEqual(alias(ANNA), alias(BORIS));
  assert.match(alias(ANNA), /^staff-[A-Za-z0-9_-]{22}$/);
  // Staff still read the real ids.
  const staffView = await olga.call('messages.list', { conversationId: id });
  assert.ok(staffView.messages.some((m: any) => m.author.id === ANNA));
});
