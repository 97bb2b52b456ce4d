import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Clock } from '../src/config.js';
import { cmid, connect, startServer, startTestServer, visitorConversation, type EventFrame, type TestClient } from './helpers.js';

async function resyncOf(c: TestClient): Promise<void> {
  assert.equal(c.welcome?.resumed, false);
  assert.ok(c.welcome?.unread, 'a non-resumed welcome carries the unread snapshot');
  const err = await c.waitFor((f) => f.type === 'error', 500);
  assert.equal((err.error as { code: string }).code, 'RESYNC_REQUIRED');
  assert.equal('id' in err, false);
}

test('resume: every missed visible event exactly once, in order, then live', async (t) => {
  const server = await startServer(t);
  const annaToken = server.userToken({ id: 'anna' });
  const { visitor, conversationId } = await visitorConversation(t, server, 'first');
  const anna = await connect(t, server, annaToken);
  await anna.call('messages.send', { conversationId, clientMessageId: 'a-before', text: 'taking it' });
  const lastSeen = anna.welcome?.seq ?? 0;
  const seenLive = [await anna.nextEvent(), await anna.nextEvent()];
  const resumeFrom = Math.max(...seenLive.map((e) => e.seq));
  assert.ok(resumeFrom > lastSeen);
  anna.ws.terminate();

  // While Anna is away: visitor messages, her own send from another tab, her markRead.
  const tab = await connect(t, server, annaToken);
  for (let i = 0; i < 3; i++) await visitor.call('messages.send', { clientMessageId: cmid(), text: `missed ${i}` });
  await tab.call('conversations.markRead', { conversationId });
  await tab.call('messages.send', { conversationId, clientMessageId: 'a-tab', text: 'from my other tab' });
  // …and a conversation Anna may not see (another manager's).
  const other = await visitorConversation(t, server, 'not for anna');
  const boris = await connect(t, server, server.userToken({ id: 'boris' }));
  await boris.call('messages.send', { conversationId: other.conversationId, clientMessageId: cmid(), text: 'mine' });
  const head = (await server.app.chat.headSeq());

  const back = await connect(t, server, annaToken, { resumeFrom, epoch: server.app.chat.epoch });
  assert.equal(back.welcome?.resumed, true);
  assert.equal(back.welcome?.seq, head);
  assert.equal(back.welcome?.unread, undefined);
  // What Anna should get: exactly the visible events after resumeFrom (unassigned creation of
  // `other` was visible to her; Boris's takeover tells her once it moved; then nothing).
  const replay: EventFrame[] = [];
  for (;;) {
    const e = await back.nextEvent(undefined, 500).catch(() => null);
    if (!e) break;
    replay.push(e);
  }
  assert.deepEqual(
    replay.map((e) => [e.name, e.data.message?.text ?? e.data.conversation?.id ?? e.data.unread]),
    [
      ['message.created', 'missed 0'],
      ['message.created', 'missed 1'],
      ['message.created', 'missed 2'],
      ['unread.changed', 0],
      ['message.created', 'from my other tab'],
      ['message.created', 'Conversation opened'], // S-DLG-5: \`other\` starts with the notice
      ['message.created', 'not for anna'],
      ['message.created', 'mine'],
      ['conversation.updated', other.conversationId],
    ].filter(([, x]) => x !== 'mine'),
  );
  const seqs = replay.map((e) => e.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
  assert.equal(new Set(seqs).size, seqs.length);
  assert.ok(seqs.every((s) => s > resumeFrom && s <= head));
  // Her own message from the other tab keeps its client id for her.
  assert.equal(replay[4]?.data.message.clientMessageId, 'a-tab');
  assert.deepEqual(replay[5]?.data.message.system, { type: 'opened', by: null, from: null, to: null });
  // Then live.
  await visitor.call('messages.send', { clientMessageId: cmid(), text: 'live again' });
  const live = await back.nextEvent('message.created');
  assert.equal(live.data.message.text, 'live again');
  assert.equal(live.seq, head + 1);
});

test('resume under load: events committed while clients resume are neither lost nor doubled', async (t) => {
  const server = await startServer(t, { rateLimit: { perSecond: 10_000, burst: 10_000, closeAfterRejected: 10_000 } });
  const { visitor } = await visitorConversation(t, server, 'start');
  const token = server.userToken({ id: 'olga', rights: ['admin'] });
  const received: number[] = [];
  let client = await connect(t, server, token);
  const from = client.welcome?.seq ?? 0;
  const sending = (async () => {
    for (let i = 0; i < 60; i++) await visitor.call('messages.send', { clientMessageId: `load-${i}`, text: `n${i}` });
  })();
  for (let round = 0; round < 4; round++) {
    await new Promise((r) => setTimeout(r, 15));
    received.push(...client.takeEvents().map((e) => e.seq));
    client.ws.terminate();
    const last = received.length ? (received[received.length - 1] as number) : from;
    client = await connect(t, server, token, { resumeFrom: last, epoch: server.app.chat.epoch });
    assert.equal(client.welcome?.resumed, true);
  }
  await sending;
  const head = (await server.app.chat.headSeq());
  while (received[received.length - 1] !== head) {
    received.push((await client.nextEvent()).seq);
    received.push(...client.takeEvents().map((e) => e.seq));
  }
  const expected = Array.from({ length: head - from }, (_, i) => from + 1 + i);
  assert.deepEqual(received, expected);
});

test('RESYNC_REQUIRED: a different epoch, or a seq ahead of the head', async (t) => {
  const server = await startServer(t);
  await visitorConversation(t, server);
  const token = server.userToken({ id: 'anna' });
  await resyncOf(await connect(t, server, token, { resumeFrom: 1, epoch: 'another-database' }));
  await resyncOf(await connect(t, server, token, { resumeFrom: 1 }));
  await resyncOf(await connect(t, server, token, { resumeFrom: (await server.app.chat.headSeq()) + 5, epoch: server.app.chat.epoch }));
  const ok = await connect(t, server, token, { resumeFrom: (await server.app.chat.headSeq()), epoch: server.app.chat.epoch });
  assert.equal(ok.welcome?.resumed, true);
});

test('RESYNC_REQUIRED: pruned by age (injected clock) or by row count, or more than 10,000 missing events the user may see (others\' do not count)', async (t) => {
  let now = Date.UTC(2025, 0, 1);
  const clock: Clock = { now: () => now };
  const server = await startServer(t, { clock, eventRetention: { maxRows: 1000, maxAgeMs: 7 * 24 * 3600_000 } });
  const { visitor } = await visitorConversation(t, server, 'old');
  const epoch = server.app.chat.epoch;
  assert.equal(await server.app.chat.pruneEvents(), 0, 'nothing is old yet');
  now += 8 * 24 * 3600_000;
  // Signed on the server's (moved) clock, as the host would sign it now.
  const token = server.userToken({ id: 'olga', rights: ['admin'] });
  await visitor.call('messages.send', { clientMessageId: cmid(), text: 'new' });
  const head = (await server.app.chat.headSeq());
  assert.equal(await server.app.chat.pruneEvents(), head - 1);
  await resyncOf(await connect(t, server, token, { resumeFrom: 0, epoch }));
  // From the pruned point on is still served.
  const fine = await connect(t, server, token, { resumeFrom: head - 1, epoch });
  assert.equal(fine.welcome?.resumed, true);
  assert.equal((await fine.nextEvent()).data.message.text, 'new');

  // By row count: keep at most 1000.
  const { store } = server.app.chat;
  const noop = { name: 'noop', data: '{}', conversation_id: null, assignee_id: null, prev_assignee_id: null, assignee_changed: 0, customer_id: null, created_at: now };
  await store.transaction(() => store.events.appendAll(Array.from({ length: 1500 }, () => ({ ...noop, target_user_key: 'u:nobody' }))));
  await server.app.chat.pruneEvents();
  await resyncOf(await connect(t, server, token, { resumeFrom: head, epoch }));
  assert.equal((await connect(t, server, token, { resumeFrom: (await server.app.chat.headSeq()) - 1000, epoch })).welcome?.resumed, true);

  // More than 10,000 missing that the user may see, though all kept: refetch. The window counts
  // what the user could see: 10,001 events for someone else (before and after) do not count.
  const big = await startServer(t, { eventRetention: { maxRows: 100_000, maxAgeMs: 7 * 24 * 3600_000 } });
  const r = big.app.chat.store;
  const append = (n: number, key: string) =>
    r.transaction(() => r.events.appendAll(Array.from({ length: n }, () => ({ ...noop, target_user_key: key, created_at: Date.now() }))));
  await append(10_001, 'u:nobody');
  await append(10_001, 'u:olga');
  await append(10_001, 'u:nobody');
  const bigToken = big.userToken({ id: 'olga', rights: ['admin'] });
  const bigEpoch = big.app.chat.epoch;
  await resyncOf(await connect(t, big, bigToken, { resumeFrom: 0, epoch: bigEpoch }));
  assert.equal((await connect(t, big, bigToken, { resumeFrom: 10_002, epoch: bigEpoch })).welcome?.resumed, true, 'exactly 10,000 of hers');
  const idle = await connect(t, big, bigToken, { resumeFrom: 20_002, epoch: bigEpoch });
  assert.equal(idle.welcome?.resumed, true, '10,001 of someone else\'s');
  assert.equal(await idle.receivesWithin((f) => f.type === 'event', 200), false, 'and nothing of theirs replayed');
});

test('restart on the same file keeps every acknowledged message, the epoch and resumability', async (t) => {
  const first = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000, closeAfterRejected: 10_000 } });
  t.after(() => first.close());
  const { token } = await first.visitorToken();
  const visitor = await connect(t, first, token);
  const acked: number[] = [];
  // Fire many sends without awaiting each, so group commits carry several.
  const pending = Array.from({ length: 40 }, (_, i) =>
    visitor.call('messages.send', { clientMessageId: `r${i}`, text: `durable ${i}` }).then((r) => acked.push(r.message.id)),
  );
  await Promise.all(pending);
  assert.ok(first.app.chat.gateway.stats.commits < 40, 'sends were group-committed');
  const epoch = first.app.chat.epoch;
  const head = (await first.app.chat.headSeq());
  const closing = visitor.closed;
  await first.stop();
  assert.equal((await closing).code, 1001, 'GOING_AWAY on shutdown');

  const second = await startTestServer({ dbFile: first.dbFile, secret: first.secret });
  t.after(() => second.close());
  assert.equal(second.app.chat.epoch, epoch);
  assert.equal((await second.app.chat.headSeq()), head);
  const again = await connect(t, second, token, { resumeFrom: head, epoch });
  assert.equal(again.welcome?.resumed, true);
  const conversationId = (await again.call('conversations.list', {})).conversations[0].id;
  const { messages } = await again.call('messages.list', { conversationId, limit: 100 });
  // Every acknowledged message, and the "opened" notice that starts the feed (S-DLG-5).
  assert.deepEqual(messages.filter((m: any) => m.system === undefined).map((m: any) => m.id).sort((a: number, b: number) => a - b), acked.sort((a, b) => a - b));
  assert.deepEqual(messages.filter((m: any) => m.system !== undefined).map((m: any) => m.system.type), ['opened']);
});

test('head frames: a session that heard nothing of what passed learns the head within about a second; one that got the last event is not told again', async (t) => {
  const server = await startServer(t, { managersSeeUnassigned: false });
  const boris = await connect(t, server, server.userToken({ id: 'boris', rights: ['chats'] }));
  const olga = await connect(t, server, server.userToken({ id: 'olga', rights: ['admin'] }));
  const { visitor } = await visitorConversation(t, server, 'первое');
  await visitor.call('messages.send', { clientMessageId: cmid(), text: 'второе' });
  const head = await server.app.chat.headSeq();
  // His turn may have come between the two sends (told the head of the first): the next tells this one.
  const told = (await boris.waitFor((f) => f.type === 'head' && (f as unknown as { seq: number }).seq === head, 2_500)) as unknown as { seq: number };
  assert.equal(told.seq, head);
  assert.equal(await olga.receivesWithin((f) => f.type === 'head', 1_500), false, 'the admin got every event up to the head');
  // Nothing new: no second head frame (one of the first send's head, if his turn came between, is older).
  assert.equal(await boris.receivesWithin((f) => f.type === 'head' && (f as unknown as { seq: number }).seq >= head, 1_500), false);
  // A resume from the head replays nothing and is not refused.
  const back = await connect(t, server, server.userToken({ id: 'boris', rights: ['chats'] }), { resumeFrom: head, epoch: server.app.chat.epoch });
  assert.equal(back.welcome?.resumed, true);
});

test('head frames: a session that keeps hearing events is not sent any, though other events pass it; a quiet one is', async (t) => {
  const server = await startServer(t, { managersSeeUnassigned: false });
  const anna = await connect(t, server, server.userToken({ id: 'anna', rights: ['chats'] }));
  const boris = await connect(t, server, server.userToken({ id: 'boris', rights: ['chats'] }));
  const mine = await visitorConversation(t, server, 'для Анны');
  const olga = await connect(t, server, server.userToken({ id: 'olga', rights: ['admin'] }));
  await olga.call('conversations.assign', { conversationId: mine.conversationId, assigneeId: 'anna' });
  // Events Anna may not see follow each of hers, so her last event is always behind the head.
  const other = await visitorConversation(t, server, 'не для Анны');
  const heads: { anna: number; boris: number } = { anna: 0, boris: 0 };
  anna.ws.on('message', (d) => void ((JSON.parse(d.toString()) as { type: string }).type === 'head' && heads.anna++));
  boris.ws.on('message', (d) => void ((JSON.parse(d.toString()) as { type: string }).type === 'head' && heads.boris++));
  for (let i = 0; i < 10; i++) {
    await mine.visitor.call('messages.send', { clientMessageId: cmid(), text: `вопрос ${i}` });
    await other.visitor.call('messages.send', { clientMessageId: cmid(), text: `другой ${i}` });
    await new Promise((r) => setTimeout(r, 300));
  }
  assert.equal(heads.anna, 0, 'Anna heard an event every 300 ms');
  assert.ok(heads.boris >= 1, 'Boris heard nothing and learns the head');
});
