// The unit of work and hello over a storage adapter that answers late, as a database across a
// network does (the SQLite adapter answers at once, so nothing can come between an action's
// awaits there): one action holds the store at a time, a hello subscribes before it reads its
// start, and frames sent behind a hello wait for the welcome.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Storage } from '../src/ports/storage.js';
import { MAX_GROUP } from '../src/services/unit-of-work.js';
import { cmid, connect, open, startServer, visitorConversation, type EventFrame, type Frame } from './helpers.js';

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves the first time a port method of that name is entered (`drafts.get`, `events.head`…). */
class Entered {
  readonly #waiting = new Map<string, () => void>();
  readonly #seen = new Set<string>();
  note(name: string): void {
    this.#seen.add(name);
    this.#waiting.get(name)?.();
  }
  when(name: string): Promise<void> {
    if (this.#seen.has(name)) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.set(name, resolve));
  }
}

/** The same adapter, every port method answering `ms` later (and noting when it is entered). */
function late(inner: Storage, ms: number, entered = new Entered()): Storage {
  const slow = <T extends object>(aggregate: T, prefix: string): T =>
    new Proxy(aggregate, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          entered.note(`${prefix}.${String(key)}`);
          await delay(ms);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const aggregates = ['meta', 'jobs', 'events', 'channels', 'customers', 'crmAutoSaves', 'conversations', 'messages', 'cursors', 'search', 'drafts', 'prefs', 'settings', 'consents', 'quickReplies', 'analytics', 'users', 'internal', 'files', 'integrations', 'outbox', 'crmSql'] as const;
  return {
    ...(Object.fromEntries(aggregates.map((k) => [k, slow(inner[k], k)])) as Pick<Storage, (typeof aggregates)[number]>),
    transaction: (fn, mode) => inner.transaction(fn, mode),
    savepoint: (fn) => inner.savepoint(fn),
    writeMark: () => inner.writeMark(),
    concurrentReads: inner.concurrentReads,
  };
}

test('one action holds the store at a time: a send that arrives while drafts.set awaits the store commits after it, and both are answered', async (t) => {
  const entered = new Entered();
  const server = await startServer(t, { wrapStorage: (s) => late(s, 25, entered) });
  const { visitor, conversationId } = await visitorConversation(t, server, 'Здравствуйте');
  const vera = await connect(t, server, server.userToken({ id: 'vera', rights: ['chats', 'chat_admin'] }));
  const draft = vera.call('drafts.set', { conversationId, text: 'Добрый день' });
  await entered.when('drafts.get'); // drafts.set now awaits the store inside its transaction
  const sent = visitor.call('messages.send', { clientMessageId: cmid('v'), text: 'Вы здесь?' });
  const [d, s] = await Promise.all([draft, sent]);
  assert.equal(d.draft.text, 'Добрый день');
  const changed = await vera.nextEvent('draft.changed');
  const created = (await vera.waitFor((f) => f.type === 'event' && f.name === 'message.created' && (f as unknown as EventFrame).data.message.id === s.message.id)) as unknown as EventFrame;
  assert.ok(changed.seq < created.seq, 'the send committed after the draft, not inside its transaction');
  const { messages } = await vera.call('messages.list', { conversationId });
  assert.ok(messages.some((m: { id: number }) => m.id === s.message.id), 'the send is stored');
  assert.equal((await vera.call('drafts.list', {})).drafts[0].text, 'Добрый день', 'the draft is stored');
});

test('a hello subscribes before it reads its start: what commits meanwhile reaches the session once, after the welcome and the replay, in seq order', async (t) => {
  const entered = new Entered();
  const server = await startServer(t, { wrapStorage: (s) => late(s, 40, entered) });
  const { visitor } = await visitorConversation(t, server, 'Первый вопрос');
  const token = server.userToken({ id: 'vera', rights: ['chats', 'chat_admin'] });
  const first = await connect(t, server, token);
  const from = first.welcome!.seq;
  const epoch = first.welcome!.epoch;
  first.ws.terminate();
  const missed = await visitor.call('messages.send', { clientMessageId: cmid('v'), text: 'пока вас не было' });

  const c = await open(t, server);
  const frames: Frame[] = [];
  c.ws.on('message', (data) => frames.push(JSON.parse(data.toString()) as Frame));
  const reading = new Entered();
  // From here on, the next `events.head` is this hello's (the first connect's was before).
  entered.note = (name) => reading.note(name);
  c.send({ type: 'hello', token, resumeFrom: from, epoch });
  await reading.when('events.head'); // the hello is reading its start through the slow store
  const during = await visitor.call('messages.send', { clientMessageId: cmid('v'), text: 'пока вы входили' });
  const welcome = await c.waitFor((f) => f.type === 'welcome');
  assert.equal(welcome.resumed, true);
  await c.waitFor((f) => f.type === 'event' && (f as unknown as EventFrame).data.message?.id === during.message.id, 5_000);

  const head = welcome.seq as number;
  const events = frames.filter((f) => f.type === 'event') as unknown as EventFrame[];
  const created = events.filter((e) => e.name === 'message.created').map((e) => e.data.message.id);
  assert.deepEqual(created, [missed.message.id, during.message.id], 'each once: the missed one replayed, the one sent during the hello live');
  assert.ok(frames.indexOf(welcome) < frames.findIndex((f) => f.type === 'event'), 'nothing before the welcome');
  const seqs = events.map((e) => e.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'in seq order');
  assert.equal(new Set(seqs).size, seqs.length, 'no seq twice');
  const live = events.find((e) => e.data.message?.id === during.message.id)!;
  assert.ok(live.seq > head, 'committed after the start was read, delivered after the replay');
});

test('frames sent right behind a hello wait for its welcome and are answered in order', async (t) => {
  const server = await startServer(t, { wrapStorage: (s) => late(s, 40) });
  const c = await open(t, server);
  const frames: Frame[] = [];
  c.ws.on('message', (data) => frames.push(JSON.parse(data.toString()) as Frame));
  c.send({ type: 'hello', token: server.userToken({ id: 'anna' }) });
  for (const id of [1, 2, 3]) c.send({ type: 'call', id, method: 'prefs.get', params: {} });
  await c.waitFor((f) => f.type === 'result' && f.id === 3, 5_000);
  assert.deepEqual(
    frames.map((f) => (f.type === 'result' ? `result ${String(f.id)}` : f.type)),
    ['welcome', 'result 1', 'result 2', 'result 3'],
  );
});

test('group commit: a turn that brings more sends than one transaction takes (MAX_GROUP) commits them in several, in arrival order, each answered once', async (t) => {
  const server = await startServer(t, { rateLimit: { perSecond: 2_000, burst: 2_000, closeAfterRejected: 2_000 } });
  const { visitor } = await visitorConversation(t, server, 'Здравствуйте');
  const before = server.app.chat.gateway.stats;
  const n = 2 * 256 + 50; // several groups whatever MAX_GROUP is (64 now)
  // One write burst: the frames arrive in one or a few turns, far more than one group takes.
  const answers = Array.from({ length: n }, (_, i) => visitor.call<{ message: { id: number; text: string } }>('messages.send', { clientMessageId: cmid(`g${i}`), text: `#${i}` }));
  const results = await Promise.all(answers);
  const ids = results.map((r) => r.message.id);
  assert.deepEqual(results.map((r) => r.message.text), Array.from({ length: n }, (_, i) => `#${i}`));
  assert.ok(ids.every((id, i) => i === 0 || id > ids[i - 1]!), 'stored in the order they arrived');
  const after = server.app.chat.gateway.stats;
  assert.equal(after.committedSends - before.committedSends, n);
  assert.ok(after.commits - before.commits >= Math.ceil(n / MAX_GROUP), `at least ${Math.ceil(n / MAX_GROUP)} transactions (${after.commits - before.commits})`);
});
