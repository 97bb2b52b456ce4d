// S-SLA-1 on a moved clock: a waiting customer's conversation turns yellow at the warning time and
// red at the processing time, pushed to the panels by the SLA job at that moment, and clears when
// a manager answers.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { cmid, connect, startServer, visitorConversation, type TestClient } from './helpers.js';

const T0 = 1_800_000_000_000;
const SEC = 1_000;

async function world(t: TestContext) {
  let now = T0;
  // The job is run by the test (slaTick) after each move of the clock, not by its timer.
  const server = await startServer(t, { clock: { now: () => now }, slaIntervalMs: 3_600_000 });
  const admin = await connect(t, server, server.userToken({ id: 'olga', name: 'Ольга', rights: ['chats', 'admin'], ttlSeconds: 3600 }));
  await admin.call('settings.update', { timeLimits: { default: { warningMs: 30 * SEC, processingMs: 60 * SEC }, perChannel: {} } });
  // The node reads the new limits after the save's event: let it.
  await new Promise((r) => setTimeout(r, 50));
  return { server, admin, tick: (ms: number) => (now += ms), now: () => now };
}

/** The next conversation.updated of `id` that `c` hears, or undefined within `ms`. */
async function updateOf(c: TestClient, id: number, ms = 1_000): Promise<any | undefined> {
  try {
    return ((await c.waitFor((f) => f.type === 'event' && f.name === 'conversation.updated' && (f.data as any).conversation.id === id, ms)).data as any).conversation;
  } catch {
    return undefined;
  }
}

const listed = async (c: TestClient, id: number) => ((await c.call('conversations.list', {})).conversations as any[]).find((x) => x.id === id);

test('S-SLA-1: yellow at the warning, red at the processing time, each pushed at its moment by the SLA job; green again when a manager answers', async (t) => {
  const w = await world(t);
  const started = w.now();
  const { conversationId: id, visitor } = await visitorConversation(t, w.server, 'Где мой заказ?');
  assert.deepEqual((await listed(w.admin, id)).sla, { state: 'ok', warningAt: started + 30 * SEC, breachAt: started + 60 * SEC });
  assert.equal((await listed(w.admin, id)).slaSince, started);
  // Nothing is due before the warning: no event.
  w.tick(29 * SEC);
  await w.server.app.chat.slaTick();
  assert.equal(await updateOf(w.admin, id, 200), undefined);
  w.tick(1 * SEC);
  assert.equal(await w.server.app.chat.slaTick(), 1);
  assert.equal((await updateOf(w.admin, id))?.sla.state, 'warning');
  w.tick(30 * SEC);
  assert.equal(await w.server.app.chat.slaTick(), 1);
  assert.equal((await updateOf(w.admin, id))?.sla.state, 'breached');
  assert.equal(await w.server.app.chat.slaTick(), 0, 'red is the last change');
  // The visitor never sees markers.
  const own = (await visitor.call('conversations.get', { conversationId: id })).conversation;
  assert.equal(own.sla, undefined);
  assert.equal(own.slaSince, undefined);
  // A manager's answer clears it.
  await w.admin.call('messages.send', { conversationId: id, clientMessageId: cmid(), text: 'Уже в пути' });
  const answered = await listed(w.admin, id);
  assert.deepEqual([answered.sla, answered.slaSince], [undefined, null]);
  w.tick(120 * SEC);
  assert.equal(await w.server.app.chat.slaTick(), 0);
});

test('S-SLA-1: the clock runs from the customer\'s last unanswered message; reassignment does not reset it; a bot\'s answer does not stop it; closing does', async (t) => {
  const w = await world(t);
  const { conversationId: id, visitor } = await visitorConversation(t, w.server, 'Здравствуйте');
  w.tick(20 * SEC);
  const second = w.now();
  await visitor.call('messages.send', { clientMessageId: cmid(), text: 'Вы тут?' });
  assert.equal((await listed(w.admin, id)).slaSince, second, 'from the last customer message');
  // The first due time (the first message's warning) passes without a change to tell.
  w.tick(15 * SEC);
  await w.server.app.chat.slaTick();
  assert.equal(await updateOf(w.admin, id, 200), undefined);
  assert.equal((await listed(w.admin, id)).sla.state, 'ok');
  await connect(t, w.server, w.server.userToken({ id: 'boris', name: 'Борис' }));
  await w.admin.call('conversations.assign', { conversationId: id, assigneeId: 'boris' });
  assert.equal((await listed(w.admin, id)).slaSince, second, 'reassignment keeps the clock');
  const bot = await connect(t, w.server, w.server.userToken({ id: 'nightbot', name: 'Ночной бот', rights: ['chats', 'chat_admin', 'bot'] }));
  await bot.call('messages.send', { conversationId: id, clientMessageId: cmid(), text: 'Менеджер скоро ответит' });
  assert.equal((await listed(w.admin, id)).slaSince, second, 'a bot\'s answer does not stop it');
  w.admin.takeEvents(); // the assignment's and the bot's updates
  w.tick(15 * SEC);
  await w.server.app.chat.slaTick();
  assert.equal((await updateOf(w.admin, id))?.sla.state, 'warning');
  await w.admin.call('conversations.close', { conversationId: id });
  const closed = await listed(w.admin, id);
  assert.deepEqual([closed?.sla, closed?.slaSince], [undefined, null]);
  w.tick(60 * SEC);
  assert.equal(await w.server.app.chat.slaTick(), 0, 'a closed conversation has no clock');
  // The customer writes again: it reopens and the clock starts anew.
  await visitor.call('messages.send', { clientMessageId: cmid(), text: 'Ещё вопрос' });
  assert.equal((await listed(w.admin, id)).sla.state, 'ok');
});

test('S-SLA-1, S-SET-8: a channel\'s own limits override the default; new limits are worked out again for every running clock and pushed', async (t) => {
  const w = await world(t);
  const { conversationId: id } = await visitorConversation(t, w.server);
  const channel = (await listed(w.admin, id)).channel.id as number;
  w.tick(40 * SEC);
  await w.server.app.chat.slaTick();
  assert.equal((await updateOf(w.admin, id))?.sla.state, 'warning');
  const heard = updateOf(w.admin, id, 2_000);
  await w.admin.call('settings.update', {
    timeLimits: { default: { warningMs: 30 * SEC, processingMs: 60 * SEC }, perChannel: { [channel]: { warningMs: null, processingMs: 30 * SEC } } },
  });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(await w.server.app.chat.slaTick(), 1);
  const pushed = await heard;
  assert.deepEqual(pushed?.sla, { state: 'breached', warningAt: null, breachAt: w.now() - 40 * SEC + 30 * SEC });
});

test('S-DLG-4, S-SLA-1: the list filters by SLA state now (ok, warning, breached), by each channel\'s limits, paged and with the waiting sort', async (t) => {
  const w = await world(t);
  const red = await visitorConversation(t, w.server, 'давно');
  w.tick(35 * SEC);
  const yellow = await visitorConversation(t, w.server, 'недавно');
  w.tick(30 * SEC);
  const green = await visitorConversation(t, w.server, 'только что');
  const answered = await visitorConversation(t, w.server, 'уже ответили');
  await w.admin.call('messages.send', { conversationId: answered.conversationId, clientMessageId: cmid(), text: 'Ответ' });
  const ids = async (sla: string, extra: object = {}) =>
    ((await w.admin.call('conversations.list', { filter: { sla }, ...extra })).conversations as any[]).map((c) => c.id);
  assert.deepEqual(await ids('breached'), [red.conversationId]);
  assert.deepEqual(await ids('warning'), [yellow.conversationId]);
  assert.deepEqual(await ids('ok'), [green.conversationId]);
  assert.deepEqual(await ids('breached', { sort: 'waiting' }), [red.conversationId]);
  const twoPages = await w.admin.call('conversations.list', { filter: { sla: 'ok' }, limit: 1 });
  assert.equal(twoPages.nextCursor, null);
  // The web channel's own limits: nothing is late under 10 minutes.
  const channel = (await listed(w.admin, red.conversationId)).channel.id as number;
  await w.admin.call('settings.update', { timeLimits: { default: { warningMs: 30 * SEC, processingMs: 60 * SEC }, perChannel: { [channel]: { warningMs: null, processingMs: 600 * SEC } } } });
  assert.deepEqual(await ids('breached'), []);
  assert.deepEqual(await ids('warning'), []);
  assert.deepEqual((await ids('ok')).sort(), [red.conversationId, yellow.conversationId, green.conversationId].sort());
});

test('S-DLG-4, S-SLA-1: the sla sort — running clocks only, the reply due first; paged by a cursor of its own', async (t) => {
  const w = await world(t);
  const first = await visitorConversation(t, w.server, 'первый');
  w.tick(10 * SEC);
  const second = await visitorConversation(t, w.server, 'второй');
  w.tick(10 * SEC);
  const third = await visitorConversation(t, w.server, 'третий');
  const answered = await visitorConversation(t, w.server, 'уже ответили');
  await w.admin.call('messages.send', { conversationId: answered.conversationId, clientMessageId: cmid(), text: 'Ответ' });
  const page = (extra: object = {}) => w.admin.call('conversations.list', { sort: 'sla', ...extra });
  const ids = async (extra: object = {}) => ((await page(extra)).conversations as any[]).map((c) => c.id);
  assert.deepEqual(await ids(), [first.conversationId, second.conversationId, third.conversationId], 'the answered one has no clock');
  // Page by page, with the cursor of this sort; another sort's cursor is refused.
  const p1 = await page({ limit: 2 });
  assert.deepEqual((p1.conversations as any[]).map((c) => c.id), [first.conversationId, second.conversationId]);
  const p2 = await page({ limit: 2, cursor: p1.nextCursor });
  assert.deepEqual((p2.conversations as any[]).map((c) => c.id), [third.conversationId]);
  assert.equal(p2.nextCursor, null);
  await assert.rejects(w.admin.call('conversations.list', { sort: 'waiting', cursor: p1.nextCursor }), (e: any) => e.code === 'INVALID_PARAMS');
  // With the filter: only the red ones, in due order.
  w.tick(55 * SEC);
  assert.deepEqual(await ids({ filter: { sla: 'breached' } }), [first.conversationId, second.conversationId]);
  // The customer of the first writes again: their clock starts anew, so theirs is due last.
  await first.visitor.call('messages.send', { clientMessageId: cmid(), text: 'Ау?' });
  assert.deepEqual(await ids(), [second.conversationId, third.conversationId, first.conversationId]);
  const p3 = await page({ limit: 1 });
  assert.equal(p3.conversations[0]!.id, second.conversationId);
  assert.equal(p3.conversations[0]!.sla.breachAt, (await listed(w.admin, second.conversationId)).sla.breachAt);
});

test('S-SLA-1: conversations.slaCounts — how many of the caller\'s conversations are yellow and red now (a plain manager counts only theirs); visitors may not', async (t) => {
  const w = await world(t);
  const mine = await visitorConversation(t, w.server, 'первый');
  await visitorConversation(t, w.server, 'второй');
  const anna = await connect(t, w.server, w.server.userToken({ id: 'anna', name: 'Анна', ttlSeconds: 3600 }));
  await w.admin.call('settings.update', { managersSeeUnassigned: false });
  await w.admin.call('conversations.assign', { conversationId: mine.conversationId, assigneeId: 'anna' });
  assert.deepEqual(await w.admin.call('conversations.slaCounts', {}), { warning: 0, breached: 0 });
  w.tick(30 * SEC);
  assert.deepEqual(await w.admin.call('conversations.slaCounts', {}), { warning: 2, breached: 0 });
  w.tick(30 * SEC);
  assert.deepEqual(await w.admin.call('conversations.slaCounts', {}), { warning: 0, breached: 2 });
  assert.deepEqual(await anna.call('conversations.slaCounts', {}), { warning: 0, breached: 1 }, 'hers alone');
  await assert.rejects(mine.visitor.call('conversations.slaCounts', {}), (e: { code: string }) => e.code === 'FORBIDDEN');
});
