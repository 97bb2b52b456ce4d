// Drafts kept on the server (S-DLG-8): per manager per conversation, on every device of their
// owner and no one else's. Real server, real sockets, a moved clock for the order.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { limits } from '@chatdesk/protocol';
import { cmid, code, connect, startServer, visitorConversation, type TestClient } from './helpers.js';

const T0 = 1_800_000_000_000;

async function world(t: TestContext) {
  let now = T0;
  const server = await startServer(t, { clock: { now: () => now } });
  const token = (id: string, rights: ('chats' | 'chat_admin' | 'admin')[] = ['chats']) =>
    server.userToken({ id, name: id.toUpperCase(), rights });
  return { server, token, user: (id: string, rights?: ('chats' | 'chat_admin' | 'admin')[]) => connect(t, server, token(id, rights)), tick: (ms = 1) => (now += ms) };
}

const draftEvent = (c: TestClient, conversationId: number) =>
  c.waitFor((f) => f.type === 'event' && f.name === 'draft.changed' && (f.data as any).conversationId === conversationId) as Promise<any>;
const anyDraftEvent = (c: TestClient, ms = 150) => c.receivesWithin((f) => f.type === 'event' && f.name === 'draft.changed', ms);

test('S-DLG-8: a draft survives a new connection (another device), reaches the owner’s other session only, and a send clears it', async (t) => {
  const w = await world(t);
  const laptop = await w.user('anna');
  const phone = await w.user('anna');
  const boss = await w.user('boss', ['chats', 'chat_admin']);
  const { visitor, conversationId: c } = await visitorConversation(t, w.server);

  const saved = await laptop.call('drafts.set', { conversationId: c, text: 'Добрый день! Сейчас проверю ' });
  assert.deepEqual(saved.draft, { conversationId: c, text: 'Добрый день! Сейчас проверю ', updatedAt: T0 });
  assert.deepEqual((await draftEvent(phone, c)).data.draft, saved.draft, 'pushed to the owner’s other session');
  assert.equal(await anyDraftEvent(boss), false, 'not to other staff');
  assert.equal(await anyDraftEvent(visitor), false, 'not to the visitor');

  // Saving the same text again changes nothing: no event, the same draft.
  w.tick(1000);
  const same = await laptop.call('drafts.set', { conversationId: c, text: 'Добрый день! Сейчас проверю ' });
  assert.deepEqual(same.draft, saved.draft);
  assert.equal(await anyDraftEvent(phone), false);

  // A third device (or a reload) finds it on the server.
  const tablet = await w.user('anna');
  assert.deepEqual((await tablet.call('drafts.list', {})).drafts, [saved.draft]);
  // Drafts are personal: the chat admin sees the conversation but not Anna's draft.
  assert.deepEqual((await boss.call('drafts.list', {})).drafts, []);
  await boss.call('drafts.set', { conversationId: c, text: 'Черновик руководителя' });
  assert.equal(await anyDraftEvent(phone), false);
  assert.deepEqual((await tablet.call('drafts.list', {})).drafts, [saved.draft]);

  // The manager sends: the draft became the message, every device learns it is gone.
  w.tick(1000);
  await laptop.call('messages.send', { conversationId: c, clientMessageId: cmid(), text: 'Добрый день! Сейчас проверю наличие' });
  assert.deepEqual((await draftEvent(phone, c)).data, { conversationId: c, draft: null });
  assert.deepEqual((await tablet.call('drafts.list', {})).drafts, []);
  assert.equal((await boss.call('drafts.list', {})).drafts.length, 1, 'another manager’s draft stays');
  // A send with no draft to clear says nothing.
  await laptop.call('messages.send', { conversationId: c, clientMessageId: cmid(), text: 'И ещё' });
  assert.equal(await anyDraftEvent(phone), false);

  // Blank text deletes (once: deleting nothing emits nothing).
  await laptop.call('drafts.set', { conversationId: c, text: 'ещё черновик' });
  await draftEvent(phone, c);
  assert.deepEqual(await laptop.call('drafts.set', { conversationId: c, text: '  \n ' }), { draft: null });
  assert.equal((await draftEvent(phone, c)).data.draft, null);
  assert.deepEqual(await laptop.call('drafts.set', { conversationId: c, text: '' }), { draft: null });
  assert.equal(await anyDraftEvent(phone), false);
});

test('S-DLG-8: drafts are for staff, in conversations they see; newest first; a conversation moved away drops out of the list', async (t) => {
  const w = await world(t);
  const anna = await w.user('anna');
  const bob = await w.user('bob');
  const boss = await w.user('boss', ['chats', 'chat_admin']);
  const one = await visitorConversation(t, w.server, 'первый');
  const two = await visitorConversation(t, w.server, 'второй');
  await anna.call('messages.send', { conversationId: one.conversationId, clientMessageId: cmid(), text: 'беру' });
  await anna.call('messages.send', { conversationId: two.conversationId, clientMessageId: cmid(), text: 'и этот' });

  assert.equal(await code(one.visitor.call('drafts.set', { conversationId: one.conversationId, text: 'x' })), 'FORBIDDEN');
  assert.equal(await code(one.visitor.call('drafts.list', {})), 'FORBIDDEN');
  assert.equal(await code(one.visitor.call('drafts.set', { conversationId: two.conversationId, text: 'x' })), 'NOT_FOUND', 'not theirs');
  assert.equal(await code(bob.call('drafts.set', { conversationId: one.conversationId, text: 'x' })), 'NOT_FOUND', 'Anna’s conversation');
  assert.equal(await code(anna.call('drafts.set', { conversationId: 424_242, text: 'x' })), 'NOT_FOUND');

  w.tick();
  await anna.call('drafts.set', { conversationId: one.conversationId, text: 'к первому' });
  w.tick();
  await anna.call('drafts.set', { conversationId: two.conversationId, text: 'ко второму' });
  const order = async () => ((await anna.call('drafts.list', {})).drafts as any[]).map((d) => d.conversationId);
  assert.deepEqual(await order(), [two.conversationId, one.conversationId]);
  w.tick();
  await anna.call('drafts.set', { conversationId: one.conversationId, text: 'к первому, дополнено' });
  assert.deepEqual(await order(), [one.conversationId, two.conversationId]);

  // Reassigned to Bob: Anna no longer sees the conversation, nor her draft of it.
  await boss.call('conversations.assign', { conversationId: one.conversationId, assigneeId: 'bob' });
  assert.deepEqual(await order(), [two.conversationId]);
  assert.equal(await code(anna.call('drafts.set', { conversationId: one.conversationId, text: 'x' })), 'NOT_FOUND');
});

test('S-DLG-8: beyond limits.maxDrafts the oldest draft is dropped and the owner told', async (t) => {
  const w = await world(t);
  const boss = await w.user('boss', ['chats', 'chat_admin']);
  const other = await w.user('boss', ['chats', 'chat_admin']);
  // Conversations stored directly: the limit is what is tested, not how they were opened.
  const { store } = w.server.app.chat;
  const seed = await store.conversations.get((await visitorConversation(t, w.server)).conversationId);
  assert.ok(seed);
  const ids: number[] = [];
  for (let i = 0; i <= limits.maxDrafts; i++) ids.push(await store.conversations.insert({ channel_id: seed.channel_id, customer_id: seed.customer_id }, T0));
  // A full set of drafts, the oldest first, stored as drafts.set stores them (500 calls would meet the rate limit).
  for (const id of ids.slice(0, limits.maxDrafts)) await store.drafts.put({ userId: 'boss', conversationId: id, text: `черновик ${id}`, updatedAt: w.tick() });
  const oldest = ids[0] as number;
  const newest = ids[limits.maxDrafts] as number;
  assert.equal((await boss.call('drafts.list', {})).drafts.length, limits.maxDrafts);

  w.tick();
  await boss.call('drafts.set', { conversationId: newest, text: 'последний' });
  const drafts = (await boss.call('drafts.list', {})).drafts as any[];
  assert.equal(drafts.length, limits.maxDrafts);
  assert.equal(drafts[0].conversationId, newest);
  assert.equal(drafts.some((d) => d.conversationId === oldest), false);
  assert.deepEqual((await draftEvent(other, oldest)).data, { conversationId: oldest, draft: null });
  // Updating an existing draft at the limit drops nothing.
  w.tick();
  await boss.call('drafts.set', { conversationId: ids[1] as number, text: 'обновлён' });
  assert.equal((await boss.call('drafts.list', {})).drafts.length, limits.maxDrafts);
});
