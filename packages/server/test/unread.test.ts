// Unread arithmetic, the merged conversation list, and migration 002 — services over a real
// SQLite database with a movable clock (no sockets).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import type { Clock } from '../src/config.js';
import { EventBuffer, handlers, runAction, unreadSnapshot, type Actor, type PolicyOptions, type ServiceContext } from '../src/services/index.js';
import { unreadTotal } from '../src/services/conversations.js';
import { canSeeConversation, userKey } from '../src/services/policy.js';
import { migrate, openDatabase } from '../src/adapters/sqlite/db.js';
import { Repo } from '../src/adapters/sqlite/repo.js';
import { SqliteStorage } from '../src/adapters/sqlite/sqlite-storage.js';
import { builtInChannels } from '../src/channels/registry.js';

/** Every migration file's version, ascending: each must have run once. */
const migrationVersions = () =>
  readdirSync(new URL('../src/adapters/sqlite/migrations/', import.meta.url))
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .map((f) => Number.parseInt(f, 10))
    .sort((a, b) => a - b);

const T0 = 1_700_000_000_000;

function world(policy: PolicyOptions = { managersSeeUnassigned: true }) {
  const repo = new Repo(openDatabase(':memory:'));
  const store = new SqliteStorage(repo);
  let now = T0;
  const clock: Clock = { now: () => now };
  const channel = repo.insertChannel('web', 'Site', now);
  const ctx = (actor: Actor): ServiceContext => ({ store, channels: builtInChannels(), clock, actor, policy, events: new EventBuffer(store, clock) });
  /** Runs a method as the gateway does (in a transaction); returns the result and the events. */
  const call = async (actor: Actor, method: keyof typeof handlers, params: Record<string, unknown>) => {
    // As the gateway does on hello: the host's users are upserted before they act.
    if (actor.kind === 'user') await store.users.upsert(actor, now);
    const c = ctx(actor);
    const result = await runAction(c, (cx) => (handlers[method] as (c: ServiceContext, p: unknown) => Promise<any>)(cx, params));
    return { result, events: c.events.events };
  };
  let n = 0;
  const send = async (actor: Actor, text: string, conversationId?: number) => {
    now += 1_000;
    return (await call(actor, 'messages.send', { clientMessageId: `c${++n}`, text, ...(conversationId === undefined ? {} : { conversationId }) }))
      .result as { message: { id: number }; conversation: { id: number } };
  };
  const visitor = async (name: string): Promise<Actor> => {
    const customerId = await store.customers.insert({ name, channelId: channel }, now);
    return { kind: 'visitor', customerId, channelId: channel, name };
  };
  const tick = (ms: number) => (now += ms);
  return { repo, store, ctx, call, send, visitor, channel, tick, policy };
}

const manager = (id: string): Actor => ({ kind: 'user', id, name: id, rights: ['chats'] });
const chatAdmin = (id: string): Actor => ({ kind: 'user', id, name: id, rights: ['chats', 'chat_admin'] });

test('unread is message_count minus the read ordinal; sending reads; mark as unread counts every later message, own included', async () => {
  const w = world();
  const anna = manager('anna');
  const v = (await w.visitor('Мария'));
  const m1 = (await w.send(v, 'one'));
  const c = m1.conversation.id;
  (await w.send(v, 'two'));
  (await w.send(v, 'three'));
  const get = async (a: Actor) => (await w.call(a, 'conversations.get', { conversationId: c })).result.unread as number;
  assert.equal((await get(anna)), 3);
  assert.equal((await get(v)), 0, 'the sender has read up to their own message');

  // Read up to the first message: two left; the event tells Anna's other sessions.
  const partial = (await w.call(anna, 'conversations.markRead', { conversationId: c, messageId: m1.message.id }));
  assert.deepEqual(partial.result, { unread: 2, unreadTotal: 1 });
  assert.deepEqual(partial.events.map((e) => [e.row.name, e.row.target_user_key, e.data]), [
    ['unread.changed', 'u:anna', { conversationId: c, unread: 2, unreadTotal: 1 }],
  ]);

  // Anna answers: her cursor moves to her message (0 unread); the visitor has one unread.
  const reply = (await w.send(anna, 'answer', c));
  assert.equal((await get(anna)), 0);
  assert.equal((await get(v)), 1);
  (await w.send(v, 'four'));
  assert.equal((await get(anna)), 1);

  // Mark as unread from the first message: all four later messages count, Anna's own reply too.
  assert.deepEqual((await w.call(anna, 'conversations.markRead', { conversationId: c, messageId: m1.message.id })).result, {
    unread: 4,
    unreadTotal: 1,
  });
  // Marking read at her own reply: one left (the visitor's "four").
  assert.deepEqual((await w.call(anna, 'conversations.markRead', { conversationId: c, messageId: reply.message.id })).result, {
    unread: 1,
    unreadTotal: 1,
  });
  // Sending again clears it, whatever the cursor was.
  (await w.call(anna, 'conversations.markRead', { conversationId: c, messageId: m1.message.id }));
  (await w.send(anna, 'again', c));
  assert.equal((await get(anna)), 0);
  assert.deepEqual((await w.call(anna, 'conversations.markRead', { conversationId: c })).result, { unread: 0, unreadTotal: 0 });
  // Nothing changed: no event.
  assert.equal((await w.call(anna, 'conversations.markRead', { conversationId: c })).events.length, 0);
});

test('unreadTotal and the welcome snapshot agree with per-conversation counts for every kind of reader', async () => {
  const w = world();
  const anna = manager('anna');
  const boris = manager('boris');
  const vera = chatAdmin('vera');
  const visitors: Actor[] = [];
  for (let i = 0; i < 8; i++) visitors.push(await w.visitor(`v${i}`));
  const convs: number[] = [];
  for (const [i, v] of visitors.entries()) convs.push((await w.send(v, `hello ${i}`)).conversation.id);
  // Anna takes 0..2, Boris 3..4; 5..7 stay unassigned; some get more messages.
  for (const i of [0, 1, 2]) (await w.send(anna, 'hi', convs[i]));
  for (const i of [3, 4]) (await w.send(boris, 'hi', convs[i]));
  (await w.send(visitors[0] as Actor, 'more'));
  (await w.send(visitors[3] as Actor, 'more'));
  (await w.send(visitors[6] as Actor, 'more'));
  // A conversation without messages is never unread (one created directly, as a channel might).
  await w.store.conversations.insert({ channel_id: w.channel, customer_id: (visitors[7] as Extract<Actor, { kind: 'visitor' }>).customerId }, T0);
  (await w.call(vera, 'conversations.markRead', { conversationId: convs[5] }));
  (await w.call(anna, 'conversations.markRead', { conversationId: convs[2] }));
  // Anna read conversation 3 before Boris took it... (she can no longer see it: it must not count)
  await w.store.cursors.put('u:anna', convs[3] as number, 0);

  for (const actor of [anna, boris, vera, ...visitors]) {
    const ctx = w.ctx(actor);
    const all = await w.store.conversations.list([{ kind: 'all' }], userKey(actor), 100, null);
    const expected: Record<string, number> = {};
    for (const { conversation: c } of all) {
      if (!canSeeConversation(actor, { assigneeId: c.assigneeId, customerId: c.customer.id }, w.policy)) continue;
      const n = (await w.call(actor, 'conversations.get', { conversationId: c.id })).result.unread as number;
      if (n > 0) expected[String(c.id)] = n;
    }
    const label = JSON.stringify(actor);
    assert.equal((await unreadTotal(ctx)), Object.keys(expected).length, label);
    assert.deepEqual((await unreadSnapshot(ctx)), { total: Object.keys(expected).length, conversations: expected }, label);
    // The list carries the same numbers.
    const page = (await w.call(actor, 'conversations.list', { limit: 100 })).result;
    for (const [id, n] of Object.entries(page.unread as Record<string, number>)) assert.equal(n, expected[id] ?? 0, label);
  }
});

test('conversations.list merges "assigned to me" and "unassigned" newest first, across pages, ties broken by id', async () => {
  const w = world();
  const anna = manager('anna');
  const vera = chatAdmin('vera');
  const visitor = (i: number) => w.visitor(`v${i}`);
  // 30 conversations; Anna takes every third, Boris every third, the rest stay unassigned.
  const ids: number[] = [];
  for (let i = 0; i < 30; i++) {
    const v = await visitor(i);
    const c = (await w.send(v, `hello ${i}`)).conversation.id;
    ids.push(c);
    if (i % 3 === 0) (await w.send(anna, 'mine', c));
    if (i % 3 === 1) (await w.send(manager('boris'), 'his', c));
  }
  // Equal activity times (a tie the cursor must split by id), and an old conversation revived.
  const rows = await Promise.all(ids.map(async (id) => (await w.store.conversations.get(id))!));
  for (const r of rows.slice(10, 16)) await w.store.conversations.update({ ...r, last_activity_at: T0 + 5_000_000 });
  w.tick(10_000);
  (await w.send(anna, 'revived', ids[0]));

  for (const [actor, limit] of [[anna, 1], [anna, 2], [anna, 4], [vera, 3], [anna, 50]] as const) {
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 40; pages++) {
      const { result } = (await w.call(actor, 'conversations.list', { limit, ...(cursor ? { cursor } : {}) }));
      assert.ok(result.conversations.length <= limit);
      seen.push(...result.conversations.map((c: { id: number }) => c.id));
      assert.deepEqual(Object.keys(result.unread).map(Number).sort(), result.conversations.map((c: { id: number }) => c.id).sort());
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    const expected = (await Promise.all(ids.map(async (id) => (await w.store.conversations.get(id))!)))
      .filter((r) => canSeeConversation(actor, { assigneeId: r.assignee_id, customerId: r.customer_id }, w.policy))
      .sort((a, b) => b.last_activity_at - a.last_activity_at || b.id - a.id)
      .map((r) => r.id);
    assert.deepEqual(seen, expected, `${JSON.stringify(actor)} limit ${limit}`);
  }
  // Anna sees her 10 and the 10 unassigned, not Boris's.
  assert.equal((await w.call(anna, 'conversations.list', { limit: 100 })).result.conversations.length, 20);
  // Without managersSeeUnassigned only her own.
  const strict = world({ managersSeeUnassigned: false });
  const sv = (await strict.visitor('x'));
  const c = (await strict.send(sv, 'hi')).conversation.id;
  assert.equal((await strict.call(anna, 'conversations.list', { limit: 50 })).result.conversations.length, 0);
  (await strict.send(chatAdmin('vera'), 'taking it', c));
  await strict.store.conversations.update({ ...(await strict.store.conversations.get(c))!, assignee_id: 'anna' });
  assert.deepEqual((await strict.call(anna, 'conversations.list', { limit: 50 })).result.conversations.map((x: { id: number }) => x.id), [c]);
});

test('migration 002 backfills ordinals, counters and read cursors on a database created by 001; 004 backfills waitingSince and the search index (S-DLG-4, S-DLG-3)', async () => {
  const db = openDatabase(':memory:', { migrateThrough: 1 });
  const cols = (t: string) => (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name);
  assert.ok(!cols('messages').includes('ordinal'));
  assert.ok(cols('read_cursors').includes('last_read_message_id'));
  db.exec(`INSERT INTO users (id, name, updated_at) VALUES ('anna', 'Anna', 0);
    INSERT INTO channels (id, kind, name, created_at) VALUES (1, 'web', 'Site', 0);
    INSERT INTO customers (id, name, channel_id, created_at) VALUES (1, 'A', 1, 0), (2, 'B', 1, 0), (3, 'C', 1, 0);
    INSERT INTO conversations (id, channel_id, customer_id, assignee_id, last_message_id, last_activity_at, created_at)
      VALUES (1, 1, 1, 'anna', 6, 6, 0), (2, 1, 2, NULL, 5, 5, 0), (3, 1, 3, NULL, NULL, 0, 0);`);
  // Messages of conversations 1 and 2 interleaved: 1→ ids 1, 3, 4, 6; 2→ ids 2, 5.
  const msg = db.prepare(`INSERT INTO messages (id, conversation_id, author_kind, author_id, author_name, text, created_at)
    VALUES (?, ?, ?, ?, 'x', 't', ?)`);
  for (const [id, conv, kind, author] of [
    [1, 1, 'customer', '1'], [2, 2, 'customer', '2'], [3, 1, 'manager', 'anna'],
    [4, 1, 'customer', '1'], [5, 2, 'customer', '2'], [6, 1, 'customer', '1'],
  ] as const) msg.run(id, conv, kind, author, id);
  const cursor = db.prepare('INSERT INTO read_cursors (user_key, conversation_id, last_read_message_id) VALUES (?, ?, ?)');
  cursor.run('u:anna', 1, 3); // read up to her own reply: 2 unread
  cursor.run('c:1', 1, 4); // read up to message 4: 1 unread
  cursor.run('u:anna', 2, 5); // read all of conversation 2
  cursor.run('u:vera', 2, 3); // a cursor between two of the conversation's messages (id 3 is another's): 1 unread

  migrate(db);
  assert.deepEqual((db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version), migrationVersions());
  assert.deepEqual(db.prepare('SELECT id, ordinal FROM messages ORDER BY id').all(), [
    { id: 1, ordinal: 1 }, { id: 2, ordinal: 1 }, { id: 3, ordinal: 2 }, { id: 4, ordinal: 3 }, { id: 5, ordinal: 2 }, { id: 6, ordinal: 4 },
  ]);
  assert.deepEqual(db.prepare('SELECT id, message_count FROM conversations ORDER BY id').all(), [
    { id: 1, message_count: 4 }, { id: 2, message_count: 2 }, { id: 3, message_count: 0 },
  ]);
  assert.deepEqual(db.prepare('SELECT user_key, conversation_id, read_ordinal FROM read_cursors ORDER BY user_key, conversation_id').all(), [
    { user_key: 'c:1', conversation_id: 1, read_ordinal: 3 },
    { user_key: 'u:anna', conversation_id: 1, read_ordinal: 2 },
    { user_key: 'u:anna', conversation_id: 2, read_ordinal: 2 },
    { user_key: 'u:vera', conversation_id: 2, read_ordinal: 1 },
  ]);
  // Migration 004 (S-DLG-4, S-DLG-3): waiting since the first customer message after the last
  // manager message; message text in the search index.
  assert.deepEqual(db.prepare('SELECT id, waiting_since FROM conversations ORDER BY id').all(), [
    { id: 1, waiting_since: 4 }, { id: 2, waiting_since: 2 }, { id: 3, waiting_since: null },
  ]);
  assert.equal((db.prepare(`SELECT count(*) AS n FROM messages_fts WHERE messages_fts MATCH '"t"*'`).get() as { n: number }).n, 6);
  // The services read the migrated data: the counts the old definition gave.
  const store = new SqliteStorage(new Repo(db));
  const clock = { now: () => 10 };
  const ctx = (actor: Actor): ServiceContext => ({ store, channels: builtInChannels(), clock, actor, policy: { managersSeeUnassigned: true }, events: new EventBuffer(store, clock) });
  const get = async (actor: Actor, id: number) => (await handlers['conversations.get'](ctx(actor), { conversationId: id })).unread;
  assert.equal(await get(manager('anna'), 1), 2);
  assert.equal(await get(manager('anna'), 2), 0);
  assert.equal(await get(chatAdmin('vera'), 2), 1);
  assert.equal(await get({ kind: 'visitor', customerId: 1, channelId: 1, name: 'A' }, 1), 1);
  assert.deepEqual(await unreadSnapshot(ctx(manager('anna'))), { total: 1, conversations: { 1: 2 } });
  // New messages continue the ordinals.
  const sent = await runAction(ctx({ kind: 'visitor', customerId: 2, channelId: 1, name: 'B' }), (c) =>
    handlers['messages.send'](c, { clientMessageId: 'n1', text: 'next' }),
  );
  assert.equal((await store.messages.get(sent.message.id))?.ordinal, 3);
  assert.equal((await store.conversations.get(2))?.message_count, 3);
  assert.equal(await get(manager('anna'), 2), 1);
});
