// The storage port's contract (ports/storage.ts), written once and run against every adapter:
// storage-sqlite.test.ts and storage-postgres.test.ts. It is the port's definition:
// an adapter that passes it may replace another. Everything goes through the port (no SQL, no
// driver): the helpers below build their data with it too.
//
// What is asserted is what services rely on; ids are compared by order only where the port
// promises an order (message ids grow), never by value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConversationStatus, DeliveryStatus, FailReason } from '@chatdesk/protocol';
import { searchWords } from '../src/ports/search-folding.js';
import { storedMessageRow } from '../src/ports/records.js';
import { ANALYTICS_COUNT_COLUMNS, type AnalyticsCounts } from '../src/ports/storage.js';
import type {
  ConversationRow,
  ListCursor,
  ListQuery,
  NewFileRow,
  NewMessageRow,
  RevisionRow,
  Storage,
  Visibility,
} from '../src/ports/storage.js';

/** What each adapter's test provides: a fresh, empty store, and how to dispose of it. */
export interface ContractFixture {
  storage: Storage;
  close(): Promise<void>;
}

// ---- helpers: data built through the port ----------------------------------------------------

const ALL: Visibility = [{ kind: 'all' }];
const ANNA_OR_UNASSIGNED: Visibility = [{ kind: 'assignee', userId: 'anna' }, { kind: 'unassigned' }];
const NO_LATER = Number.MAX_SAFE_INTEGER;

/** The web channel the helpers' conversations live on, inserted on first use. */
async function webChannel(s: Storage): Promise<number> {
  return (await s.channels.firstOfKind('web'))?.id ?? (await s.channels.insert('web', 'Site', 1));
}

/** A staff user (assignees and internal chat members are users), named `name` when new. */
async function staff(s: Storage, id: string, name = id): Promise<void> {
  if (!(await s.users.get(id))) await s.users.upsert({ id, name, rights: ['chats'] }, 1);
}

interface ConversationOptions {
  /** Inserted at (created and last active): 1 unless given. */
  at?: number;
  status?: ConversationStatus;
  channelId?: number;
  /** An existing customer's; else a new customer with these contacts. */
  customerId?: number;
  name?: string;
  phone?: string;
  email?: string;
}

/** A conversation assigned to `assigneeId` (null: unassigned), of a new customer unless one is given. */
async function conversation(
  s: Storage,
  assigneeId: string | null,
  o: ConversationOptions = {},
): Promise<{ id: number; customerId: number }> {
  const at = o.at ?? 1;
  const channelId = o.channelId ?? (await webChannel(s));
  if (assigneeId !== null) await staff(s, assigneeId);
  const customerId =
    o.customerId ?? (await s.customers.insert({ name: o.name ?? 'Клиент', channelId, phone: o.phone ?? null, email: o.email ?? null }, at));
  const id = await s.conversations.insert({ channel_id: channelId, customer_id: customerId, status: o.status ?? 'open', assignee_id: assigneeId }, at);
  return { id, customerId };
}

/** A new message row: a customer's by default. */
function newMessage(conversationId: number, ordinal: number, text: string, o: Partial<NewMessageRow> = {}): NewMessageRow {
  return {
    conversation_id: conversationId,
    author_kind: 'customer',
    author_id: 'visitor',
    author_name: 'Клиент',
    text,
    client_message_id: null,
    created_at: 1,
    ordinal,
    ...o,
  };
}

/**
 * Appends a message as the send path does: the next ordinal, and the conversation touched (its
 * last message, activity and count). A system notice, as in services/lifecycle.ts, only moves
 * the activity: it is neither the preview nor unread. Resolves to the message id.
 */
async function say(s: Storage, conversationId: number, text: string, o: Partial<NewMessageRow> = {}): Promise<number> {
  const row = await s.conversations.get(conversationId);
  assert.ok(row, `conversation ${conversationId} exists`);
  const at = o.created_at ?? row.last_activity_at + 1;
  const notice = o.author_kind === 'system';
  const ordinal = notice ? row.message_count : row.message_count + 1;
  const id = await s.messages.insert(newMessage(conversationId, ordinal, text, { ...o, created_at: at }));
  await s.conversations.touch({
    id: conversationId,
    last_message_id: notice ? row.last_message_id : id,
    last_activity_at: at,
    message_count: ordinal,
    sla_since: row.sla_since,
  });
  return id;
}

/** A reply of Anna's with a delivery status (S-DLG-13). */
function reply(s: Storage, conversationId: number, status: DeliveryStatus, failReason: FailReason | null = null): Promise<number> {
  return say(s, conversationId, `reply ${status}`, {
    author_kind: 'manager',
    author_id: 'anna',
    author_name: 'Анна',
    status,
    fail_reason: failReason,
  });
}

/** Several messages in a row; resolves to their ids. */
async function sayAll(s: Storage, conversationId: number, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) ids.push(await say(s, conversationId, `message ${i}`));
  return ids;
}

async function appendEvent(s: Storage, name: string, createdAt: number): Promise<number> {
  const [seq] = await s.events.appendAll([{
    name,
    data: '{}',
    conversation_id: null,
    assignee_id: null,
    prev_assignee_id: null,
    assignee_changed: 0,
    customer_id: null,
    target_user_key: null,
    created_at: createdAt,
  }]);
  return seq!;
}

/** Conversation ids of a list page. */
const idsOf = (rows: readonly { conversation: { id: number } }[]) => rows.map((r) => r.conversation.id);

/** Ids in id order (for ties the port breaks by id: which of two is the larger is the adapter's). */
const ascending = (...ids: number[]) => [...ids].sort((a, b) => a - b);
const descending = (...ids: number[]) => [...ids].sort((a, b) => b - a);

/** Rows in the list's activity order: newest first, ties by id descending. */
function byActivity(rows: readonly ConversationRow[]): number[] {
  return [...rows].sort((a, b) => b.last_activity_at - a.last_activity_at || b.id - a.id).map((r) => r.id);
}

/** Every page of `list`, each one started after the last row of the one before. */
async function everyPage(s: Storage, visible: Visibility, limit: number, query?: ListQuery): Promise<number[]> {
  const out: number[] = [];
  let cursor: ListCursor | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page = await s.conversations.list(visible, 'u:anna', limit, cursor, query);
    out.push(...idsOf(page));
    const last = page[page.length - 1]?.conversation;
    if (page.length < limit || !last) return out;
    cursor = query?.sort === 'waiting' ? { at: last.waitingSince ?? NaN, id: last.id } : { at: last.lastActivityAt, id: last.id };
  }
  throw new Error('list never ran out of pages');
}

async function rowsOf(s: Storage, ids: readonly number[]): Promise<ConversationRow[]> {
  const rows: ConversationRow[] = [];
  for (const id of ids) {
    const row = await s.conversations.get(id);
    assert.ok(row);
    rows.push(row);
  }
  return rows;
}

export function storageContract(adapter: string, open: () => Promise<ContractFixture>): void {
  const withStore = (name: string, fn: (s: Storage) => Promise<void>) =>
    test(`storage contract (${adapter}): ${name}`, async () => {
      const f = await open();
      try {
        await fn(f.storage);
      } finally {
        await f.close();
      }
    });

  // ---- meta, events ---------------------------------------------------------------------------

  withStore('meta: absent until put, put overwrites, per key', async (s) => {
    assert.equal(await s.meta.get('contract.pointer'), undefined);
    await s.meta.put('contract.pointer', 'anna');
    await s.meta.put('contract.pointer', 'boris');
    await s.meta.put('contract.other', 'x');
    assert.equal(await s.meta.get('contract.pointer'), 'boris');
    assert.equal(await s.meta.get('contract.other'), 'x');
  });

  withStore('jobs.claim: inside a transaction the job is this one\'s (asked again too); free again in the next', async (s) => {
    assert.equal(await s.transaction(async () => (await s.jobs.claim('auto-close')) && (await s.jobs.claim('auto-close'))), true);
    assert.equal(await s.transaction(() => s.jobs.claim('auto-close')), true, 'released with the transaction');
    assert.equal(await s.transaction(() => s.jobs.claim('prune-events')), true);
  });

  withStore('the event log: head, pages after a seq in order, prunes by count and by age, never reuses a seq', async (s) => {
    const { events } = s;
    assert.equal(await events.head(), 0);
    const seqs: number[] = [];
    for (let i = 0; i < 6; i++) seqs.push(await appendEvent(s, `e${i}`, 1000 + i));
    assert.deepEqual(seqs, ascending(...seqs));
    assert.equal(await events.head(), seqs[5]);
    assert.deepEqual((await events.after(seqs[2]!, 10)).map((e) => e.name), ['e3', 'e4', 'e5']);
    assert.deepEqual((await events.after(0, 2)).map((e) => e.seq), seqs.slice(0, 2));
    assert.equal(await events.prunedThrough(), 0);

    assert.equal(await events.prune(0, 4), 2, 'beyond the newest 4');
    assert.equal(await events.prunedThrough(), seqs[1]);
    assert.equal(await events.prune(1003, 100), 1, 'older than the cutoff (e2, stamped 1002)');
    assert.equal(await events.prunedThrough(), seqs[2]);
    assert.equal(await events.prune(0, 100), 0, 'nothing more to prune');
    assert.deepEqual((await events.after(0, 10)).map((e) => e.name), ['e3', 'e4', 'e5']);

    assert.equal(await events.prune(0, 0), 3, 'everything');
    assert.equal(await events.head(), seqs[5], 'the head stays where it was');
    const next = await appendEvent(s, 'e6', 2000);
    assert.ok(next > seqs[5]!, 'a seq is never reused');
  });

  withStore('the event log: a row reads back as appended', async (s) => {
    const event = {
      name: 'conversation.updated',
      data: '{"x":1}',
      conversation_id: 7,
      assignee_id: 'anna',
      prev_assignee_id: 'boris',
      assignee_changed: 1,
      customer_id: 3,
      target_user_key: 'u:anna',
      created_at: 123,
    };
    const [seq] = await s.events.appendAll([event]);
    assert.deepEqual(await s.events.after(0, 10), [{ seq, ...event }]);
  });

  withStore('the event log: appendAll writes its rows in order, each with a seq above the last, and nothing for none', async (s) => {
    const first = await appendEvent(s, 'before', 1);
    assert.deepEqual(await s.events.appendAll([]), []);
    const rows = Array.from({ length: 70 }, (_, i) => ({
      name: `e${i}`,
      data: JSON.stringify({ i, text: 'Привет «мир»' }),
      conversation_id: i % 3 === 0 ? null : i,
      assignee_id: i % 2 === 0 ? 'anna' : null,
      prev_assignee_id: null,
      assignee_changed: i % 5 === 0 ? 1 : 0,
      customer_id: i % 4 === 0 ? null : 1000 + i,
      target_user_key: i % 7 === 0 ? 'u:boris' : null,
      created_at: 2000 + i,
    }));
    const seqs = await s.events.appendAll(rows);
    assert.equal(seqs.length, rows.length);
    assert.ok(seqs[0]! > first && seqs.every((q, i) => i === 0 || q > seqs[i - 1]!), 'ascending, after the earlier row');
    assert.deepEqual(await s.events.after(first, 100), rows.map((r, i) => ({ seq: seqs[i], ...r })));
    assert.equal(await s.events.head(), seqs.at(-1));
  });

  // ---- channels, customers --------------------------------------------------------------------

  withStore('integrations: modules by id, code and token hash; their channels by code; customers by external id; a call id once', async (s) => {
    const m = { code: 'tg', name: 'Telegram', token_hash: 'h1', webhook_url: null, webhook_secret: 'whsec_AAAA' };
    const id = await s.integrations.insertModule(m, 5);
    assert.deepEqual(await s.integrations.getModule(id), { id, ...m, created_at: 5 });
    assert.equal((await s.integrations.moduleByCode('tg'))?.id, id);
    assert.equal((await s.integrations.moduleByTokenHash('h1'))?.id, id);
    assert.equal(await s.integrations.moduleByTokenHash('h2'), undefined);
    await assert.rejects(s.integrations.insertModule({ ...m, token_hash: 'h3' }, 6), 'the code is unique');
    await s.integrations.updateModule(id, { token_hash: 'h2', webhook_url: 'https://x.test/hook' });
    assert.equal(await s.integrations.moduleByTokenHash('h1'), undefined, 'the old token is gone');
    assert.deepEqual((await s.integrations.listModules()).map((r) => [r.code, r.name, r.token_hash, r.webhook_url]), [['tg', 'Telegram', 'h2', 'https://x.test/hook']]);

    const web = await s.channels.insert('web', 'Сайт', 7);
    const bot = await s.channels.insertOfModule({ moduleId: id, code: 'bot1', kind: 'telegram', name: '@bot', capabilities: '{"connected":true}' }, 8);
    assert.deepEqual(await s.channels.ofModule(id, 'bot1'), { id: bot, kind: 'telegram', name: '@bot', created_at: 8, module_id: id, code: 'bot1', capabilities: '{"connected":true}' });
    assert.equal(await s.channels.ofModule(id, 'bot2'), undefined);
    await assert.rejects(s.channels.insertOfModule({ moduleId: id, code: 'bot1', kind: 'telegram', name: 'again', capabilities: '{}' }, 9), 'one channel per code');
    await s.channels.updateOfModule(bot, { name: '@shop_bot', capabilities: '{"connected":false}' });
    assert.deepEqual((await s.channels.list()).map((c) => [c.id, c.name, c.capabilities]), [[web, 'Сайт', null], [bot, '@shop_bot', '{"connected":false}']]);

    const customer = await s.customers.insert({ name: 'Пётр', channelId: bot }, 10);
    assert.equal(await s.integrations.customerOf(bot, '1001'), undefined);
    await s.integrations.linkCustomer(bot, '1001', customer, 10);
    assert.equal(await s.integrations.customerOf(bot, '1001'), customer);
    assert.equal(await s.integrations.customerOf(web, '1001'), undefined, 'per channel');
    assert.equal(await s.integrations.externalIdOf(bot, customer), '1001');
    await assert.rejects(s.integrations.linkCustomer(bot, '1001', customer, 11), 'one customer per external id');

    assert.equal(await s.integrations.firstCall(id, 'msg_1', 100, 0), true);
    assert.equal(await s.integrations.firstCall(id, 'msg_1', 101, 0), false, 'a replay');
    assert.equal(await s.integrations.firstCall(id + 1, 'msg_1', 101, 0), true, 'per module');
    assert.equal(await s.integrations.firstCall(id, 'msg_1', 500, 200), true, 'forgotten once older than the cutoff');
  });

  withStore('channels: insert resolves to a new id, get reads it back, firstOfKind is the oldest of the kind', async (s) => {
    const web = await s.channels.insert('web', 'Сайт', 10);
    const telegram = await s.channels.insert('telegram', 'Bot', 11);
    const web2 = await s.channels.insert('web', 'Second site', 12);
    assert.equal(new Set([web, telegram, web2]).size, 3);
    const builtIn = { module_id: null, code: null, capabilities: null };
    assert.deepEqual(await s.channels.get(web), { id: web, kind: 'web', name: 'Сайт', created_at: 10, ...builtIn });
    assert.deepEqual(await s.channels.get(telegram), { id: telegram, kind: 'telegram', name: 'Bot', created_at: 11, ...builtIn });
    assert.equal(await s.channels.get(web + telegram + web2), undefined);
    assert.equal((await s.channels.firstOfKind('web'))?.id, web);
    assert.equal((await s.channels.firstOfKind('telegram'))?.id, telegram);
    assert.equal(await s.channels.firstOfKind('email'), undefined);
  });

  withStore('customers: insert and get (phone and email null unless given, blocked false), setBlocked toggles', async (s) => {
    const channel = await webChannel(s);
    const plain = await s.customers.insert({ name: 'Иван', channelId: channel }, 5);
    const full = await s.customers.insert({ name: 'Ann', channelId: null, phone: '+7 912 345-67-89', email: 'ann@example.com' }, 6);
    assert.deepEqual(await s.customers.get(plain), {
      id: plain,
      name: 'Иван',
      channel_id: channel,
      created_at: 5,
      phone: null,
      email: null,
      blocked: false,
    });
    assert.deepEqual(await s.customers.get(full), {
      id: full,
      name: 'Ann',
      channel_id: null,
      created_at: 6,
      phone: '+7 912 345-67-89',
      email: 'ann@example.com',
      blocked: false,
    });
    await s.customers.setBlocked(full, true);
    assert.equal((await s.customers.get(full))?.blocked, true);
    assert.equal((await s.customers.get(plain))?.blocked, false, 'the other customer is untouched');
    await s.customers.setBlocked(full, false);
    assert.equal((await s.customers.get(full))?.blocked, false);
    assert.equal(await s.customers.get(plain + full), undefined);
  });

  // ---- conversations: rows --------------------------------------------------------------------

  withStore('conversations.insert: open, unassigned, no messages, active and created at now, not waiting; status and assignee as given', async (s) => {
    const channel = await webChannel(s);
    const customer = await s.customers.insert({ name: 'Иван', channelId: channel }, 1);
    const id = await s.conversations.insert({ channel_id: channel, customer_id: customer }, 500);
    assert.deepEqual(await s.conversations.get(id), {
      id,
      channel_id: channel,
      customer_id: customer,
      status: 'open',
      assignee_id: null,
      last_message_id: null,
      last_activity_at: 500,
      message_count: 0,
      created_at: 500,
      waiting_since: null,
      sla_since: null,
      sla_due_at: null,
    });
    await staff(s, 'anna');
    const given = await s.conversations.insert({ channel_id: channel, customer_id: customer, status: 'closed', assignee_id: 'anna' }, 600);
    const row = await s.conversations.get(given);
    assert.equal(row?.status, 'closed');
    assert.equal(row?.assignee_id, 'anna');
    assert.equal(row?.message_count, 0);
    assert.equal(await s.conversations.get(id + given), undefined);
    assert.equal(await s.conversations.view(id + given), undefined);
  });

  withStore('conversations.setSlaDue, slaDue and slaRestart (S-SLA-1): due clocks soonest first up to now and the limit; a restart makes every running clock due at its start', async (s) => {
    const a = await conversation(s, null, { at: 100 });
    const b = await conversation(s, null, { at: 100 });
    const c = await conversation(s, null, { at: 100 });
    for (const [row, since] of [[a, 110], [b, 120], [c, 130]] as const) {
      await s.conversations.touch({ id: row.id, last_message_id: null, last_activity_at: since, message_count: 0, sla_since: since });
    }
    await s.conversations.setSlaDue(a.id, 400);
    await s.conversations.setSlaDue(b.id, 300);
    assert.deepEqual((await s.conversations.slaDue(350, 10)).map((r) => r.id), [b.id]);
    assert.deepEqual((await s.conversations.slaDue(1_000, 10)).map((r) => [r.id, r.sla_since, r.sla_due_at]), [[b.id, 120, 300], [a.id, 110, 400]]);
    assert.deepEqual((await s.conversations.slaDue(1_000, 1)).map((r) => r.id), [b.id], 'at most the limit');
    await s.conversations.setSlaDue(b.id, null);
    assert.deepEqual((await s.conversations.slaDue(1_000, 10)).map((r) => r.id), [a.id]);
    assert.equal(await s.conversations.slaRestart(), 3);
    assert.deepEqual((await s.conversations.slaDue(1_000, 10)).map((r) => [r.id, r.sla_due_at]), [[a.id, 110], [b.id, 120], [c.id, 130]]);
  });

  withStore('conversations.update, touch, setWaitingSince and setCustomer change what they name and nothing else', async (s) => {
    const c = await conversation(s, null, { at: 100 });
    await staff(s, 'anna');
    const m1 = await s.messages.insert(newMessage(c.id, 1, 'один', { created_at: 150 }));
    const m2 = await s.messages.insert(newMessage(c.id, 2, 'два', { created_at: 250 }));
    const inserted = await s.conversations.get(c.id);
    assert.ok(inserted);

    await s.conversations.setWaitingSince(c.id, 150);
    assert.deepEqual(await s.conversations.get(c.id), { ...inserted, waiting_since: 150 });
    assert.deepEqual([inserted.sla_since, inserted.sla_due_at], [null, null], 'no SLA clock runs on a new conversation');
    await s.conversations.update({ id: c.id, status: 'closed', assignee_id: 'anna', last_message_id: m1, last_activity_at: 200, message_count: 1, sla_since: 150 });
    const updated = { ...inserted, status: 'closed' as const, assignee_id: 'anna', last_message_id: m1, last_activity_at: 200, message_count: 1, waiting_since: 150, sla_since: 150 };
    assert.deepEqual(await s.conversations.get(c.id), updated);

    await s.conversations.touch({ id: c.id, last_message_id: m2, last_activity_at: 250, message_count: 2, sla_since: 250 });
    const touched = { ...updated, last_message_id: m2, last_activity_at: 250, message_count: 2, sla_since: 250 };
    assert.deepEqual(await s.conversations.get(c.id), touched, 'status, assignee and waiting_since stay');

    await s.conversations.setWaitingSince(c.id, null);
    assert.deepEqual(await s.conversations.get(c.id), { ...touched, waiting_since: null });

    const other = await s.customers.insert({ name: 'Новый', channelId: null }, 300);
    await s.conversations.setCustomer(c.id, other);
    assert.deepEqual(await s.conversations.get(c.id), { ...touched, waiting_since: null, customer_id: other });
    assert.deepEqual((await s.conversations.view(c.id))?.customer, { id: other, name: 'Новый', blocked: false });
    assert.deepEqual((await s.conversations.ofCustomer(other)).map((r) => r.id), [c.id]);
    assert.deepEqual(await s.conversations.ofCustomer(c.customerId), []);
  });

  withStore('conversations.latest: the customer’s open conversation on the channel before a more recent closed one, else the most recently active', async (s) => {
    const web = await webChannel(s);
    const telegram = await s.channels.insert('telegram', 'Bot', 1);
    const first = await conversation(s, null, { at: 100 });
    const customer = first.customerId;
    const closedLater = await s.conversations.insert({ channel_id: web, customer_id: customer, status: 'closed' }, 300);
    const closedEarlier = await s.conversations.insert({ channel_id: web, customer_id: customer, status: 'closed' }, 50);
    const onTelegram = await s.conversations.insert({ channel_id: telegram, customer_id: customer }, 400);
    const stranger = await conversation(s, null, { at: 500 });

    assert.equal((await s.conversations.latest(customer, web))?.id, first.id, 'the open one, though older');
    await s.conversations.update({ id: first.id, status: 'closed', assignee_id: null, last_message_id: null, last_activity_at: 100, message_count: 0, sla_since: null });
    assert.equal((await s.conversations.latest(customer, web))?.id, closedLater, 'all closed: the most recently active');
    assert.notEqual(closedEarlier, closedLater);
    assert.equal((await s.conversations.latest(customer, telegram))?.id, onTelegram, 'per channel');
    assert.equal((await s.conversations.latest(stranger.customerId, telegram)), undefined);
  });

  withStore('conversations.ofCustomer: the customer’s conversations on every channel, by id, as rows', async (s) => {
    const telegram = await s.channels.insert('telegram', 'Bot', 1);
    const a = await conversation(s, null, { at: 300 });
    const other = await conversation(s, null);
    const b = await conversation(s, null, { customerId: a.customerId, channelId: telegram, at: 100 });
    const rows = await s.conversations.ofCustomer(a.customerId);
    assert.deepEqual(rows.map((r) => r.id), ascending(a.id, b.id));
    assert.deepEqual(rows, await rowsOf(s, ascending(a.id, b.id)));
    assert.deepEqual((await s.conversations.ofCustomer(other.customerId)).map((r) => r.id), [other.id]);
    assert.deepEqual(await s.conversations.ofCustomer(a.customerId + other.customerId + 1000), []);
  });

  withStore('conversations.openLoad: the user’s open conversations only', async (s) => {
    await conversation(s, 'anna');
    await conversation(s, 'anna');
    await conversation(s, 'anna', { status: 'closed' });
    await conversation(s, 'boris');
    await conversation(s, null);
    assert.equal(await s.conversations.openLoad('anna'), 2);
    assert.equal(await s.conversations.openLoad('boris'), 1);
    assert.equal(await s.conversations.openLoad('carol'), 0);
  });

  withStore('conversations.backlog: open unassigned ones, the longest waiting first (waiting_since, else last activity), then by id', async (s) => {
    const a = await conversation(s, null, { at: 300 });
    const b = await conversation(s, null, { at: 500 });
    await s.conversations.setWaitingSince(b.id, 100);
    const c = await conversation(s, null, { at: 200 });
    const d = await conversation(s, null, { at: 200 });
    await conversation(s, 'anna', { at: 50 });
    await conversation(s, null, { at: 10, status: 'closed' });
    const backlog = async (limit: number) => (await s.conversations.backlog(limit)).map((r) => r.id);
    assert.deepEqual(await backlog(10), [b.id, ...ascending(c.id, d.id), a.id]);
    assert.deepEqual(await backlog(2), [b.id, ascending(c.id, d.id)[0]]);
    assert.deepEqual((await s.conversations.backlog(1))[0], await s.conversations.get(b.id), 'as rows');
  });

  withStore('conversations.idleOpen: open ones without activity since the cutoff, assigned or not, oldest first, at most limit', async (s) => {
    const a1 = await conversation(s, 'anna', { at: 100 });
    const a2 = await conversation(s, 'boris', { at: 50 });
    await conversation(s, 'anna', { at: 300 });
    await conversation(s, 'anna', { at: 10, status: 'closed' });
    const u1 = await conversation(s, null, { at: 120 });
    const u2 = await conversation(s, null, { at: 80 });
    await conversation(s, null, { at: 250 });
    await conversation(s, null, { at: 5, status: 'closed' });
    const idle = async (assigned: boolean, limit = 10) => (await s.conversations.idleOpen(assigned, 200, limit)).map((r) => r.id);
    assert.deepEqual(await idle(true), [a2.id, a1.id]);
    assert.deepEqual(await idle(true, 1), [a2.id]);
    assert.deepEqual(await idle(false), [u2.id, u1.id]);
    // A message moves the activity: the conversation is no longer idle.
    await say(s, u2.id, 'ещё здесь', { created_at: 210 });
    assert.deepEqual(await idle(false), [u1.id]);
  });

  // ---- conversations: the protocol view -------------------------------------------------------

  withStore('conversations.view: the protocol Conversation with channel {id, kind, name} and customer {id, name, blocked}; no lastMessage while empty', async (s) => {
    const channel = await s.channels.insert('web', 'Сайт', 1);
    const customer = await s.customers.insert({ name: 'Иван', channelId: channel }, 1);
    await staff(s, 'anna');
    const id = await s.conversations.insert({ channel_id: channel, customer_id: customer, assignee_id: 'anna' }, 100);
    assert.deepEqual(await s.conversations.view(id), {
      id,
      channel: { id: channel, kind: 'web', name: 'Сайт' },
      customer: { id: customer, name: 'Иван', blocked: false },
      status: 'open',
      assigneeId: 'anna',
      lastMessage: null,
      lastActivityAt: 100,
      createdAt: 100,
      waitingSince: null,
      slaSince: null,
    });
    await s.customers.setBlocked(customer, true);
    await s.conversations.setWaitingSince(id, 150);
    const view = await s.conversations.view(id);
    assert.equal(view?.customer.blocked, true);
    assert.equal(view?.waitingSince, 150);
  });

  withStore('conversations.view: the last message as preview (author, time), its text cut to 300 code points, deleted: true once deleted', async (s) => {
    const c = await conversation(s, 'anna');
    const hello = await say(s, c.id, 'Здравствуйте', { author_kind: 'manager', author_id: 'anna', author_name: 'Анна', created_at: 200 });
    let view = await s.conversations.view(c.id);
    assert.deepEqual(view?.lastMessage, { id: hello, author: { kind: 'manager', id: 'anna', name: 'Анна' }, text: 'Здравствуйте', createdAt: 200 });
    assert.equal(view?.lastActivityAt, 200);

    // 301 code points, 303 UTF-16 units: the cut counts code points and never splits a pair.
    const long = 'ж'.repeat(299) + '😀😀';
    const longId = await say(s, c.id, long, { created_at: 300 });
    view = await s.conversations.view(c.id);
    assert.equal(view?.lastMessage?.id, longId);
    assert.equal(view?.lastMessage?.text, 'ж'.repeat(299) + '😀');
    assert.equal(view?.lastMessage?.deleted, undefined);
    assert.equal((await s.messages.get(longId))?.text, long, 'the message itself is whole');

    const exactly = '😀'.repeat(300);
    await say(s, c.id, exactly, { created_at: 350 });
    assert.equal((await s.conversations.view(c.id))?.lastMessage?.text, exactly, '300 code points are not cut');

    const last = await say(s, c.id, 'удалю', { created_at: 400 });
    await s.messages.delete(last, 450);
    view = await s.conversations.view(c.id);
    assert.equal(view?.lastMessage?.id, last);
    assert.equal(view?.lastMessage?.text, '');
    assert.equal(view?.lastMessage?.deleted, true);
  });

  // ---- conversations: the list ----------------------------------------------------------------

  withStore('conversations.list: each visibility part, and two parts merged newest first, ties on activity by id descending', async (s) => {
    const a1 = await conversation(s, 'anna', { at: 100 });
    const u1 = await conversation(s, null, { at: 200 });
    const b1 = await conversation(s, 'boris', { at: 300 });
    const a2 = await conversation(s, 'anna', { at: 400 });
    const u2 = await conversation(s, null, { at: 400 });
    const tie = descending(a2.id, u2.id);
    const list = async (v: Visibility, limit = 50) => idsOf(await s.conversations.list(v, 'u:anna', limit, null));
    assert.deepEqual(await list(ALL), [...tie, b1.id, u1.id, a1.id]);
    assert.deepEqual(await list([{ kind: 'customer', customerId: u1.customerId }]), [u1.id]);
    assert.deepEqual(await list([{ kind: 'assignee', userId: 'anna' }]), [a2.id, a1.id]);
    assert.deepEqual(await list([{ kind: 'assignee', userId: 'carol' }]), []);
    assert.deepEqual(await list([{ kind: 'unassigned' }]), [u2.id, u1.id]);
    assert.deepEqual(await list(ANNA_OR_UNASSIGNED), [...tie, u1.id, a1.id]);
    assert.deepEqual(await list(ANNA_OR_UNASSIGNED, 3), [...tie, u1.id]);
    assert.deepEqual(await list([{ kind: 'assignee', userId: 'boris' }, { kind: 'customer', customerId: a1.customerId }]), [b1.id, a1.id]);
  });

  withStore('conversations.list: paging by the last row’s {at: last_activity_at, id} gives every visible conversation once, in order', async (s) => {
    // Many ties on activity, spread over the parts: a page boundary falls inside a tie.
    const times = [100, 100, 100, 200, 200, 300, 300, 300, 300, 400, 500, 500];
    const assignees = ['anna', null, 'boris', null, 'anna', 'anna', null, 'boris', null, 'anna', null, 'boris'];
    const ids: number[] = [];
    for (const [i, at] of times.entries()) ids.push((await conversation(s, assignees[i] ?? null, { at })).id);
    const rows = await rowsOf(s, ids);
    const visible = byActivity(rows.filter((r) => r.assignee_id === 'anna' || r.assignee_id === null));
    for (const limit of [1, 2, 3, 4, 5]) {
      assert.deepEqual(await everyPage(s, ANNA_OR_UNASSIGNED, limit), visible, `pages of ${limit}`);
      assert.deepEqual(await everyPage(s, ALL, limit), byActivity(rows), `pages of ${limit}, all`);
    }
  });

  withStore('conversations.list: each row is the conversation’s view with the reader’s unread count (message_count − cursor, never below 0)', async (s) => {
    const c = await conversation(s, 'anna');
    await sayAll(s, c.id, 3);
    await s.cursors.put('u:anna', c.id, 1);
    const ahead = await conversation(s, 'anna');
    await sayAll(s, ahead.id, 1);
    await s.cursors.put('u:anna', ahead.id, 5);
    const empty = await conversation(s, 'anna');
    await say(s, empty.id, 'opened', { author_kind: 'system', author_id: 'system', author_name: 'System', system: '{}' });

    const rows = await s.conversations.list(ALL, 'u:anna', 10, null);
    for (const r of rows) assert.deepEqual(r.conversation, await s.conversations.view(r.conversation.id));
    const unread = async (reader: string) =>
      Object.fromEntries((await s.conversations.list(ALL, reader, 10, null)).map((r) => [r.conversation.id, r.unread]));
    assert.deepEqual(await unread('u:anna'), { [c.id]: 2, [ahead.id]: 0, [empty.id]: 0 });
    assert.deepEqual(await unread('u:boris'), { [c.id]: 3, [ahead.id]: 1, [empty.id]: 0 }, 'per reader');
  });

  withStore('conversations.list: filters by status, channel, assignee (null: unassigned), unreadOnly, unansweredOnly, combined', async (s) => {
    const telegram = await s.channels.insert('telegram', 'Bot', 1);
    const a = await conversation(s, 'anna', { at: 100 });
    await sayAll(s, a.id, 2);
    await s.cursors.put('u:anna', a.id, 2);
    const b = await conversation(s, 'anna', { at: 200, status: 'closed' });
    await sayAll(s, b.id, 1);
    const c = await conversation(s, null, { at: 300, channelId: telegram });
    await say(s, c.id, 'жду ответа');
    await s.conversations.setWaitingSince(c.id, 301);
    const d = await conversation(s, 'boris', { at: 400 });
    await say(s, d.id, 'алло');
    await s.conversations.setWaitingSince(d.id, 150);
    const e = await conversation(s, null, { at: 500 });

    const list = async (filter: ListQuery['filter'], v: Visibility = ALL) =>
      idsOf(await s.conversations.list(v, 'u:anna', 50, null, { sort: 'activity', filter }));
    assert.deepEqual(await list({}), [e.id, d.id, c.id, b.id, a.id]);
    assert.deepEqual(await list({ status: 'closed' }), [b.id]);
    assert.deepEqual(await list({ status: 'open' }), [e.id, d.id, c.id, a.id]);
    assert.deepEqual(await list({ channelId: telegram }), [c.id]);
    assert.deepEqual(await list({ assigneeId: 'anna' }), [b.id, a.id]);
    assert.deepEqual(await list({ assigneeId: null }), [e.id, c.id]);
    assert.deepEqual(await list({ unreadOnly: true }), [d.id, c.id, b.id], 'the reader’s unread');
    assert.deepEqual(await list({ unansweredOnly: true }), [d.id, c.id]);
    assert.deepEqual(await list({ status: 'open', assigneeId: null, unansweredOnly: true }), [c.id]);
    assert.deepEqual(await list({ unreadOnly: true }, ANNA_OR_UNASSIGNED), [c.id, b.id]);
    assert.deepEqual(await list({ unansweredOnly: true }, ANNA_OR_UNASSIGNED), [c.id]);
  });

  withStore('conversations.list sort waiting: only waiting ones, waiting_since ascending then id, paged by {at: waiting_since, id}', async (s) => {
    const w1 = await conversation(s, 'anna', { at: 900 });
    const w2 = await conversation(s, null, { at: 800 });
    const w3 = await conversation(s, 'boris', { at: 700 });
    const w4 = await conversation(s, null, { at: 600 });
    const w5 = await conversation(s, 'anna', { at: 500 });
    const w6 = await conversation(s, null, { at: 400 });
    await conversation(s, 'anna', { at: 1000 });
    for (const [c, at] of [[w1, 300], [w2, 100], [w3, 200], [w4, 200], [w5, 200], [w6, 50]] as const) {
      await s.conversations.setWaitingSince(c.id, at);
    }
    const waiting: ListQuery = { sort: 'waiting', filter: {} };
    const tie = ascending(w3.id, w4.id, w5.id);
    const page = await s.conversations.list(ALL, 'u:anna', 50, null, waiting);
    assert.deepEqual(idsOf(page), [w6.id, w2.id, ...tie, w1.id]);
    assert.deepEqual(page.map((r) => r.conversation.waitingSince), [50, 100, 200, 200, 200, 300]);
    const visible = [w6.id, w2.id, ...tie.filter((id) => id !== w3.id), w1.id];
    assert.deepEqual(idsOf(await s.conversations.list(ANNA_OR_UNASSIGNED, 'u:anna', 50, null, waiting)), visible);
    for (const limit of [1, 2, 3]) {
      assert.deepEqual(await everyPage(s, ALL, limit, waiting), [w6.id, w2.id, ...tie, w1.id], `pages of ${limit}`);
      assert.deepEqual(await everyPage(s, ANNA_OR_UNASSIGNED, limit, waiting), visible, `pages of ${limit}, two parts`);
    }
    assert.deepEqual(idsOf(await s.conversations.list(ALL, 'u:anna', 50, null, { sort: 'waiting', filter: { assigneeId: null } })), [w6.id, w2.id, w4.id]);
  });

  // ---- messages -------------------------------------------------------------------------------

  withStore('messages.insert: ids above every earlier one; get reads back the stored row with its defaults; a missing id is undefined', async (s) => {
    const a = await conversation(s, 'anna');
    const b = await conversation(s, null);
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(await say(s, i % 2 === 0 ? a.id : b.id, `m${i}`));
    for (let i = 1; i < ids.length; i++) assert.ok(ids[i]! > ids[i - 1]!, `id ${ids[i]} above ${ids[i - 1]}`);

    const customer = newMessage(a.id, 4, 'Привет', { client_message_id: 'cm-1', created_at: 10 });
    const customerId = await s.messages.insert(customer);
    assert.deepEqual(await s.messages.get(customerId), storedMessageRow(customerId, customer));
    const staffReply = newMessage(a.id, 5, 'Ответ', {
      author_kind: 'manager',
      author_id: 'anna',
      author_name: 'Анна',
      status: 'queued',
      reply_to_id: customerId,
      created_at: 11,
    });
    const replyId = await s.messages.insert(staffReply);
    assert.deepEqual(await s.messages.get(replyId), storedMessageRow(replyId, staffReply));
    const notice = newMessage(a.id, 5, 'Conversation closed', { author_kind: 'system', author_id: 'system', author_name: 'System', system: '{"type":"closed"}' });
    const noticeId = await s.messages.insert(notice);
    assert.deepEqual(await s.messages.get(noticeId), storedMessageRow(noticeId, notice));
    assert.equal(await s.messages.get(noticeId + 1000), undefined);
  });

  withStore('messages.byIds: the messages found, by id; ids that do not exist are left out', async (s) => {
    const c = await conversation(s, null);
    const [m1, m2, m3] = await sayAll(s, c.id, 3);
    const found = await s.messages.byIds([m3!, m1!, m3! + 1000]);
    assert.deepEqual([...found.keys()].sort((x, y) => x - y), [m1, m3]);
    assert.deepEqual(found.get(m1!), await s.messages.get(m1!));
    assert.equal(found.has(m2!), false);
    assert.equal((await s.messages.byIds([])).size, 0);
  });

  withStore('messages.byClientId: by author kind, author id and client message id together', async (s) => {
    const c = await conversation(s, 'anna');
    const fromVisitor = await say(s, c.id, 'x', { author_kind: 'customer', author_id: '42', client_message_id: 'abc' });
    const fromAnna = await say(s, c.id, 'y', { author_kind: 'manager', author_id: 'anna', client_message_id: 'abc' });
    assert.deepEqual(await s.messages.byClientId('customer', '42', 'abc'), await s.messages.get(fromVisitor));
    assert.equal((await s.messages.byClientId('manager', 'anna', 'abc'))?.id, fromAnna);
    assert.equal(await s.messages.byClientId('manager', '42', 'abc'), undefined, 'another author kind');
    assert.equal(await s.messages.byClientId('customer', '43', 'abc'), undefined, 'another author');
    assert.equal(await s.messages.byClientId('customer', '42', 'abd'), undefined, 'another client message id');
  });

  withStore('messages.before: up to limit of the conversation’s messages below the id, newest first; deliverableOnly leaves out failed ones', async (s) => {
    const c = await conversation(s, 'anna');
    const o = await conversation(s, 'anna');
    const m1 = await say(s, c.id, 'вопрос');
    await say(s, o.id, 'elsewhere');
    const m2 = await reply(s, c.id, 'queued');
    const m3 = await reply(s, c.id, 'failed', 'visitor_left');
    const m4 = await reply(s, c.id, 'delivered');
    const m5 = await say(s, c.id, 'спасибо');
    const before = async (id: number, limit: number, deliverableOnly?: boolean) =>
      (await s.messages.before(c.id, id, limit, deliverableOnly)).map((m) => m.id);
    assert.deepEqual(await before(NO_LATER, 10), [m5, m4, m3, m2, m1]);
    assert.deepEqual(await before(m4, 2), [m3, m2], 'below the id, not at it');
    assert.deepEqual(await before(m1, 10), []);
    assert.deepEqual(await before(NO_LATER, 10, false), [m5, m4, m3, m2, m1]);
    assert.deepEqual(await before(NO_LATER, 10, true), [m5, m4, m2, m1], 'no failed ones');
    assert.deepEqual(await before(NO_LATER, 3, true), [m5, m4, m2]);
    assert.deepEqual((await s.messages.before(c.id, NO_LATER, 1))[0], await s.messages.get(m5), 'as rows');
  });

  withStore('messages.edit and delete: a new text with edited_at; a blank text with deleted_at; the rest unchanged', async (s) => {
    const c = await conversation(s, 'anna');
    const id = await say(s, c.id, 'старый текст');
    const other = await say(s, c.id, 'другое');
    const stored = await s.messages.get(id);
    assert.ok(stored);
    await s.messages.edit(id, 'новый текст', 500);
    assert.deepEqual(await s.messages.get(id), { ...stored, text: 'новый текст', edited_at: 500 });
    await s.messages.delete(id, 600);
    assert.deepEqual(await s.messages.get(id), { ...stored, text: '', edited_at: 500, deleted_at: 600 });
    assert.equal((await s.messages.get(other))?.text, 'другое');
  });

  withStore('messages.addRevision and revisions: a message’s audit trail, oldest first, per message', async (s) => {
    const c = await conversation(s, 'anna');
    const [a, b] = await sayAll(s, c.id, 2);
    const revision = (messageId: number, action: RevisionRow['action'], text: string, at: number): Omit<RevisionRow, 'id'> => ({
      message_id: messageId,
      action,
      text,
      actor_kind: 'manager',
      actor_id: 'anna',
      actor_name: 'Анна',
      created_at: at,
    });
    const first = revision(a!, 'edited', 'v1', 10);
    const second = revision(a!, 'deleted', 'v2', 20);
    await s.messages.addRevision(first);
    await s.messages.addRevision(revision(b!, 'edited', 'other', 15));
    await s.messages.addRevision(second);
    const trail = await s.messages.revisions(a!);
    assert.deepEqual(trail.map(({ id: _id, ...r }) => r), [first, second]);
    assert.ok(trail.every((r) => typeof r.id === 'number') && trail[0]!.id !== trail[1]!.id);
    assert.equal((await s.messages.revisions(b!)).length, 1);
    assert.deepEqual(await s.messages.revisions(a! + b! + 1000), []);
  });

  withStore('messages.moveOneDelivery: that message alone, only from the given statuses, never a deleted one', async (s) => {
    const c = await conversation(s, 'anna');
    const m1 = await reply(s, c.id, 'queued');
    const m2 = await reply(s, c.id, 'sent');
    const m3 = await reply(s, c.id, 'queued');
    await s.messages.delete(m3, 100);
    assert.equal(await s.messages.moveOneDelivery(m2, ['queued', 'sent'], 'failed', 'channel_error'), true);
    assert.deepEqual([(await s.messages.get(m2))?.status, (await s.messages.get(m2))?.fail_reason], ['failed', 'channel_error']);
    assert.equal((await s.messages.get(m1))?.status, 'queued', 'an earlier one stays');
    assert.equal(await s.messages.moveOneDelivery(m2, ['queued', 'sent'], 'read', null), false, 'not from failed');
    assert.equal(await s.messages.moveOneDelivery(m3, ['queued'], 'sent', null), false, 'not a deleted one');
  });

  withStore('messages.moveDelivery: only from the given statuses, only up to the id, never deleted or failed ones; the moved in id order', async (s) => {
    const c = await conversation(s, 'anna');
    const o = await conversation(s, 'anna');
    const m1 = await say(s, c.id, 'вопрос');
    const m2 = await reply(s, c.id, 'queued');
    const m3 = await reply(s, c.id, 'sent');
    const m4 = await reply(s, c.id, 'failed', 'channel_error');
    const m5 = await reply(s, c.id, 'queued');
    await s.messages.delete(m5, 100);
    const m6 = await reply(s, c.id, 'delivered');
    const elsewhere = await reply(s, o.id, 'queued');
    const m7 = await reply(s, c.id, 'queued');
    const moved = async (ids: number[]) => {
      const out: { id: number; ordinal: number }[] = [];
      for (const id of ids) out.push({ id, ordinal: (await s.messages.get(id))!.ordinal });
      return out;
    };
    const status = async (id: number) => (await s.messages.get(id))?.status;

    assert.deepEqual(await s.messages.moveDelivery(c.id, m6, ['queued', 'sent'], 'delivered', null), await moved([m2, m3]));
    assert.deepEqual(
      [await status(m1), await status(m2), await status(m3), await status(m4), await status(m5), await status(m6), await status(m7), await status(elsewhere)],
      [null, 'delivered', 'delivered', 'failed', 'queued', 'delivered', 'queued', 'queued'],
      'beyond the id, deleted, and other conversations’ messages stay',
    );
    assert.deepEqual(await s.messages.moveDelivery(c.id, m7, ['sent'], 'delivered', null), [], 'm7 is queued, not sent');

    // `failed` among the sources moves nothing out of failed: only Retry does.
    assert.deepEqual(await s.messages.moveDelivery(c.id, m7, ['queued', 'sent', 'delivered', 'failed'], 'read', null), await moved([m2, m3, m6, m7]));
    assert.equal(await status(m4), 'failed');
    assert.equal((await s.messages.get(m4))?.fail_reason, 'channel_error');
    assert.equal(await status(m5), 'queued', 'a deleted message keeps its status');

    const m8 = await reply(s, c.id, 'sent');
    assert.deepEqual(await s.messages.moveDelivery(c.id, m8, ['queued', 'sent'], 'failed', 'visitor_left'), await moved([m8]));
    const failed = await s.messages.get(m8);
    assert.equal(failed?.status, 'failed');
    assert.equal(failed?.fail_reason, 'visitor_left');
    assert.equal(await status(elsewhere), 'queued');
  });

  withStore('messages.retryDelivery: a failed message takes the status and one more attempt, resolving to its row; undefined otherwise', async (s) => {
    const c = await conversation(s, 'anna');
    const failed = await reply(s, c.id, 'failed', 'visitor_left');
    const before = await s.messages.get(failed);
    assert.ok(before);
    const retried = await s.messages.retryDelivery(failed, 'queued', null);
    const expected = { ...before, status: 'queued' as const, fail_reason: null, attempts: before.attempts + 1 };
    assert.deepEqual(retried, expected);
    assert.deepEqual(await s.messages.get(failed), expected);

    assert.equal(await s.messages.retryDelivery(failed, 'sent', null), undefined, 'no longer failed');
    assert.deepEqual(await s.messages.get(failed), expected, 'and unchanged');
    const visitors = await say(s, c.id, 'no status');
    assert.equal(await s.messages.retryDelivery(visitors, 'queued', null), undefined);
    assert.equal((await s.messages.get(visitors))?.status, null);
    assert.equal(await s.messages.retryDelivery(visitors + 1000, 'queued', null), undefined);
  });

  withStore('messages.undeliveredCustomers: the customers with queued or sent messages, each once', async (s) => {
    const x = await conversation(s, 'anna');
    await reply(s, x.id, 'queued');
    const y = await conversation(s, 'anna');
    await reply(s, y.id, 'sent');
    await reply(s, y.id, 'queued');
    const y2 = await conversation(s, 'anna', { customerId: y.customerId });
    await reply(s, y2.id, 'sent');
    const z = await conversation(s, 'anna');
    await reply(s, z.id, 'delivered');
    await reply(s, z.id, 'failed', 'channel_error');
    await reply(s, z.id, 'read');
    await say(s, z.id, 'от клиента');
    const deleted = await conversation(s, 'anna');
    const gone = await reply(s, deleted.id, 'delivered');
    await s.messages.delete(gone, 10);

    assert.deepEqual(ascending(...(await s.messages.undeliveredCustomers())), ascending(x.customerId, y.customerId));
    for (const c of [x, y, y2]) await s.messages.moveDelivery(c.id, NO_LATER, ['queued', 'sent'], 'delivered', null);
    assert.deepEqual(await s.messages.undeliveredCustomers(), []);
  });

  // ---- read cursors ---------------------------------------------------------------------------

  withStore('cursors: get is 0 until put, put overwrites, per reader and conversation', async (s) => {
    const a = await conversation(s, 'anna');
    const b = await conversation(s, 'anna');
    assert.equal(await s.cursors.get('u:anna', a.id), 0);
    await s.cursors.put('u:anna', a.id, 3);
    await s.cursors.put('u:anna', a.id, 2);
    await s.cursors.put('c:7', a.id, 5);
    assert.equal(await s.cursors.get('u:anna', a.id), 2, 'overwritten, even backwards');
    assert.equal(await s.cursors.get('c:7', a.id), 5);
    assert.equal(await s.cursors.get('u:anna', b.id), 0);
  });

  withStore('cursors.countUnread and unread: message_count − cursor over visible conversations; empty and read ones never count; most recently active first, cut at limit', async (s) => {
    const a = await conversation(s, 'anna', { at: 100 });
    await sayAll(s, a.id, 3);
    await s.cursors.put('u:anna', a.id, 1);
    const b = await conversation(s, 'anna', { at: 200 });
    await sayAll(s, b.id, 2);
    await s.cursors.put('u:anna', b.id, 2);
    const c = await conversation(s, null, { at: 300 });
    await sayAll(s, c.id, 1);
    const d = await conversation(s, 'boris', { at: 400 });
    await sayAll(s, d.id, 4);
    const empty = await conversation(s, 'anna', { at: 500 });
    await s.cursors.put('u:boris', empty.id, 0);
    const ahead = await conversation(s, 'anna', { at: 600 });
    await sayAll(s, ahead.id, 2);
    await s.cursors.put('u:anna', ahead.id, 5);

    const unread = (v: Visibility, key = 'u:anna', limit = 50) => s.cursors.unread(v, key, limit);
    assert.equal(await s.cursors.countUnread(ANNA_OR_UNASSIGNED, 'u:anna'), 2);
    assert.deepEqual(await unread(ANNA_OR_UNASSIGNED), [{ id: c.id, unread: 1 }, { id: a.id, unread: 2 }]);
    assert.deepEqual(await unread(ANNA_OR_UNASSIGNED, 'u:anna', 1), [{ id: c.id, unread: 1 }]);
    assert.equal(await s.cursors.countUnread(ALL, 'u:anna'), 3);
    assert.deepEqual(await unread(ALL), [{ id: d.id, unread: 4 }, { id: c.id, unread: 1 }, { id: a.id, unread: 2 }]);
    assert.equal(await s.cursors.countUnread([{ kind: 'customer', customerId: d.customerId }], 'u:anna'), 1);
    assert.deepEqual(await unread([{ kind: 'customer', customerId: b.customerId }]), []);
    assert.equal(await s.cursors.countUnread([{ kind: 'assignee', userId: 'carol' }], 'u:anna'), 0);
    assert.equal(await s.cursors.countUnread(ALL, 'u:boris'), 5, 'another reader: every conversation with messages');
    assert.deepEqual(ascending(...(await unread(ALL, 'u:boris')).map((r) => r.id)), ascending(a.id, b.id, c.id, d.id, ahead.id));

    // The same numbers as the list's unread counts, for every visibility.
    for (const v of [ALL, ANNA_OR_UNASSIGNED, [{ kind: 'assignee', userId: 'boris' }] as Visibility]) {
      for (const key of ['u:anna', 'u:boris']) {
        const listed = (await s.conversations.list(v, key, 50, null)).filter((r) => r.unread > 0);
        assert.deepEqual(await unread(v, key), listed.map((r) => ({ id: r.conversation.id, unread: r.unread })));
        assert.equal(await s.cursors.countUnread(v, key), listed.length);
      }
    }
  });

  // ---- search (S-DLG-3) -----------------------------------------------------------------------

  withStore('search.messages: every term a word prefix, folded: case, «ё» and «е» both ways, «й» is not «и»; Russian and English', async (s) => {
    const c = await conversation(s, 'anna');
    const delivery = await say(s, c.id, 'Доставка заказа в понедельник');
    const shipping = await say(s, c.id, 'Shipping your ORDER tomorrow');
    const tree = await say(s, c.id, 'Ёлка уже в пути');
    const green = await say(s, c.id, 'зеленый чай');
    const mine = await say(s, c.id, 'Мой заказ');
    const find = async (query: string) => (await s.search.messages(ALL, searchWords(query), null, 50)).map((m) => m.id);
    assert.deepEqual(await find('дост'), [delivery]);
    assert.deepEqual(await find('ДОСТАВКА понед'), [delivery], 'every term, any case');
    assert.deepEqual(await find('заказ'), [mine, delivery], 'newest first');
    assert.deepEqual(await find('ставка'), [], 'a prefix, not a substring');
    assert.deepEqual(await find('доставкой'), [], 'the whole term is a prefix');
    assert.deepEqual(await find('доставка shipping'), [], 'every term in the same message');
    assert.deepEqual(await find('ship order'), [shipping]);
    assert.deepEqual(await find('Shipping YOUR'), [shipping]);
    assert.deepEqual(await find('hipping'), []);
    assert.deepEqual(await find('елка'), [tree], '«ё» in the text, «е» in the query');
    assert.deepEqual(await find('ёлка'), [tree]);
    assert.deepEqual(await find('зелёный'), [green], '«е» in the text, «ё» in the query');
    assert.deepEqual(await find('мой'), [mine]);
    assert.deepEqual(await find('мои'), [], '«й» is not «и»');
    assert.deepEqual((await s.search.messages(ALL, searchWords('пути'), null, 10))[0], await s.messages.get(tree), 'as rows');
  });

  withStore('search.messages: newest first by id, visible conversations only, beforeId pages, at most limit', async (s) => {
    const mine = await conversation(s, 'anna');
    const free = await conversation(s, null);
    const boris = await conversation(s, 'boris');
    const hits: number[] = [];
    for (let i = 0; i < 3; i++) {
      hits.push(await say(s, mine.id, `счёт номер ${i}`));
      hits.push(await say(s, boris.id, `счёт бориса ${i}`));
      hits.push(await say(s, free.id, `счёт ничей ${i}`));
      await say(s, mine.id, `ничего ${i}`);
    }
    const terms = searchWords('счет');
    const newestFirst = [...hits].reverse();
    const visible = newestFirst.filter((id, i) => (newestFirst.length - 1 - i) % 3 !== 1);
    const find = async (v: Visibility, beforeId: number | null, limit = 50) => (await s.search.messages(v, terms, beforeId, limit)).map((m) => m.id);
    assert.deepEqual(await find(ALL, null), newestFirst);
    assert.deepEqual(await find(ANNA_OR_UNASSIGNED, null), visible);
    assert.deepEqual(await find([{ kind: 'customer', customerId: boris.customerId }], null), newestFirst.filter((id) => !visible.includes(id)));
    assert.deepEqual(await find(ANNA_OR_UNASSIGNED, null, 2), visible.slice(0, 2));
    assert.deepEqual(await find(ANNA_OR_UNASSIGNED, visible[1]!, 2), visible.slice(2, 4), 'below the id');
    const paged: number[] = [];
    for (let before: number | null = null; ; ) {
      const page = await find(ANNA_OR_UNASSIGNED, before, 4);
      paged.push(...page);
      if (page.length < 4) break;
      before = page[page.length - 1]!;
    }
    assert.deepEqual(paged, visible);
  });

  withStore('search.messages: system and deleted messages are not found; an edited message is found by its new text, not its old', async (s) => {
    const c = await conversation(s, 'anna');
    await say(s, c.id, 'Conversation closed', { author_kind: 'system', author_id: 'system', author_name: 'System', system: '{"type":"closed"}' });
    const gone = await say(s, c.id, 'секретный пароль');
    await s.messages.delete(gone, 100);
    const edited = await say(s, c.id, 'опечатка здесь');
    await s.messages.edit(edited, 'исправлено здесь', 200);
    const find = async (query: string) => (await s.search.messages(ALL, searchWords(query), null, 50)).map((m) => m.id);
    assert.deepEqual(await find('closed'), []);
    assert.deepEqual(await find('conversation'), []);
    assert.deepEqual(await find('секрет'), []);
    assert.deepEqual(await find('пароль'), []);
    assert.deepEqual(await find('опечатка'), []);
    assert.deepEqual(await find('исправ'), [edited]);
    assert.deepEqual(await find('здесь'), [edited]);
    assert.equal((await s.search.messages(ALL, searchWords('исправ'), null, 5))[0]?.text, 'исправлено здесь');
  });

  withStore('search.customers: every term anywhere in the folded name, the phone digits or the email', async (s) => {
    const alena = await conversation(s, null, { name: 'Алёна Петрова', phone: '+7 (912) 345-67-89', email: 'Alena.P@Example.com' });
    const boris = await conversation(s, null, { name: 'Борис Сидоров' });
    const find = async (query: string) => s.search.customers(ALL, searchWords(query), null, 50);
    assert.deepEqual(await find('петр'), [alena.id]);
    assert.deepEqual(await find('ЕТРОВ'), [alena.id], 'anywhere, any case');
    assert.deepEqual(await find('алена'), [alena.id], '«ё» in the name');
    assert.deepEqual(await find('алёна'), [alena.id]);
    assert.deepEqual(await find('4567'), [alena.id], 'phone digits');
    assert.deepEqual(await find('345-67'), [alena.id]);
    assert.deepEqual(await find('912 345'), [alena.id]);
    assert.deepEqual(await find('example'), [alena.id], 'email');
    assert.deepEqual(await find('alena.p@example'), [alena.id]);
    assert.deepEqual(await find('петрова 912'), [alena.id], 'terms in different fields');
    assert.deepEqual(await find('петрова сидоров'), [], 'every term');
    assert.deepEqual(await find('идор'), [boris.id]);
    assert.deepEqual(await find('ров'), ascending(alena.id, boris.id).reverse());
    assert.deepEqual(await find('иван'), []);
  });

  withStore('search.customers: no hit without a term of three characters or more; shorter terms only narrow', async (s) => {
    const alena = await conversation(s, null, { name: 'Алёна Петрова' });
    const boris = await conversation(s, null, { name: 'Борис Сидоров' });
    const find = async (query: string) => s.search.customers(ALL, searchWords(query), null, 50);
    assert.deepEqual(await find('ов'), []);
    assert.deepEqual(await find('ов ро'), []);
    assert.deepEqual(await find('Ал'), []);
    assert.deepEqual(await find('сидоров бо'), [boris.id]);
    assert.deepEqual(await find('ров ал'), [alena.id]);
    assert.deepEqual(await find('ров си'), [boris.id]);
    assert.deepEqual(await find('ров ъъ'), []);
  });

  withStore('search.customers: a conversation per visible conversation of a matching customer, most recently active first, paged by {at, id}', async (s) => {
    const first = await conversation(s, 'anna', { name: 'Мария Иванова', at: 100 });
    const second = await conversation(s, null, { customerId: first.customerId, at: 400 });
    const hidden = await conversation(s, 'boris', { customerId: first.customerId, at: 500 });
    const namesake = await conversation(s, null, { name: 'Иван Петров', at: 300 });
    const tied = await conversation(s, 'anna', { name: 'Иванна', at: 300 });
    await conversation(s, null, { name: 'Ольга', at: 600 });
    const tie = descending(namesake.id, tied.id);
    const terms = searchWords('иван');
    const find = (v: Visibility, cursor: ListCursor | null = null, limit = 50) => s.search.customers(v, terms, cursor, limit);
    assert.deepEqual(await find(ALL), [hidden.id, second.id, ...tie, first.id]);
    const visible = [second.id, ...tie, first.id];
    assert.deepEqual(await find(ANNA_OR_UNASSIGNED), visible);
    for (const limit of [1, 2, 3]) {
      const paged: number[] = [];
      let cursor: ListCursor | null = null;
      for (;;) {
        const page = await find(ANNA_OR_UNASSIGNED, cursor, limit);
        paged.push(...page);
        const last = page[page.length - 1];
        if (page.length < limit || last === undefined) break;
        cursor = { at: (await s.conversations.get(last))!.last_activity_at, id: last };
      }
      assert.deepEqual(paged, visible, `pages of ${limit}`);
    }
  });

  // ---- drafts, prefs, users, settings ---------------------------------------------------------

  withStore('drafts: put replaces, get and delete by user and conversation, list by visibility newest first, beyond keeps the newest', async (s) => {
    const { drafts } = s;
    const mine = await conversation(s, 'anna');
    const free = await conversation(s, null);
    const boris = await conversation(s, 'boris');
    assert.equal(await drafts.get('anna', mine.id), undefined);
    await drafts.put({ userId: 'anna', conversationId: mine.id, text: 'первый', updatedAt: 10 });
    await drafts.put({ userId: 'anna', conversationId: mine.id, text: 'второй', updatedAt: 20 });
    assert.deepEqual(await drafts.get('anna', mine.id), { userId: 'anna', conversationId: mine.id, text: 'второй', updatedAt: 20 });
    assert.equal(await drafts.get('boris', mine.id), undefined, 'per user');
    await drafts.put({ userId: 'anna', conversationId: free.id, text: 'free', updatedAt: 30 });
    await drafts.put({ userId: 'anna', conversationId: boris.id, text: 'borisʼs', updatedAt: 40 });

    const ids = async (v: Visibility, limit = 10) => (await drafts.list('anna', v, limit)).map((d) => d.conversationId);
    assert.deepEqual(await ids(ALL), [boris.id, free.id, mine.id], 'newest first');
    assert.deepEqual(await ids(ALL, 2), [boris.id, free.id]);
    assert.deepEqual(await ids(ANNA_OR_UNASSIGNED), [free.id, mine.id]);
    assert.deepEqual(await ids([{ kind: 'assignee', userId: 'anna' }]), [mine.id]);
    assert.deepEqual(await ids([{ kind: 'customer', customerId: free.customerId }]), [free.id]);

    // The one message model: a draft of an internal chat is listed through the `member` part only.
    for (const id of ['anna', 'boris', 'zed']) await staff(s, id);
    const team = await s.internal.insert({ kind: 'group', title: 'Команда', createdBy: 'anna', memberIds: ['anna', 'boris'] }, 45);
    const others = await s.internal.insert({ kind: 'group', title: 'Без Анны', createdBy: 'boris', memberIds: ['boris', 'zed'] }, 46);
    await drafts.put({ userId: 'anna', conversationId: team, text: 'коллегам', updatedAt: 50 });
    await drafts.put({ userId: 'anna', conversationId: others, text: 'не её чат', updatedAt: 60 });
    assert.deepEqual(await ids(ALL), [boris.id, free.id, mine.id], 'customer parts never list an internal chat');
    assert.deepEqual(await ids([...ALL, { kind: 'member', userId: 'anna' }]), [team, boris.id, free.id, mine.id]);
    assert.deepEqual(await ids([{ kind: 'member', userId: 'anna' }]), [team]);
    assert.equal(await drafts.delete('anna', team), true);
    assert.equal(await drafts.delete('anna', others), true);

    assert.deepEqual(await drafts.beyond('anna', 1, boris.id), [mine.id], 'beyond the newest one, leaving out the excepted');
    assert.equal(await drafts.delete('anna', mine.id), true);
    assert.equal(await drafts.delete('anna', mine.id), false, 'already gone');
    assert.equal(await drafts.get('anna', mine.id), undefined);
  });

  withStore('prefs: absent until put, put replaces, per user', async (s) => {
    const { prefs } = s;
    assert.equal(await prefs.get('anna'), undefined);
    await prefs.put('anna', '{"listSort":"waiting"}');
    await prefs.put('anna', '{"listSort":"activity"}');
    await prefs.put('boris', '{}');
    assert.equal(await prefs.get('anna'), '{"listSort":"activity"}');
    assert.equal(await prefs.get('boris'), '{}');
  });

  withStore('users: upsert inserts and refreshes name and rights, get by id, list by name then id', async (s) => {
    const { users } = s;
    assert.equal(await users.get('zoe'), undefined);
    await users.upsert({ id: 'zoe', name: 'Зоя', rights: ['chats'] }, 100);
    await users.upsert({ id: 'zoe', name: 'Зоя Петрова', rights: ['chats', 'crm_group_7'] }, 200);
    assert.deepEqual(await users.get('zoe'), { id: 'zoe', name: 'Зоя Петрова', rights: ['chats', 'crm_group_7'], updatedAt: 200 });
    await users.upsert({ id: 'b', name: 'Аня', rights: [] }, 300);
    await users.upsert({ id: 'a', name: 'Аня', rights: ['admin'] }, 300);
    const names = (await users.list()).map((u) => `${u.name}/${u.id}`);
    const i = (x: string) => names.indexOf(x);
    assert.ok(i('Аня/a') >= 0 && i('Аня/a') < i('Аня/b') && i('Аня/b') < i('Зоя Петрова/zoe'), names.join(', '));
  });

  withStore('settings: absent until put, then the last document put', async (s) => {
    const { settings } = s;
    assert.equal(await settings.get(), undefined);
    await settings.put('{"autoCloseAssignedMs":null}');
    await settings.put('{"autoCloseAssignedMs":3600000}');
    assert.equal(await settings.get(), '{"autoCloseAssignedMs":3600000}');
  });

  withStore('consents (S-SET-5): an agreement per customer, channel and version, the first time kept; a conversation keeps the one it opened under', async (s) => {
    const c = await conversation(s, null, { at: 100 });
    const channel = await webChannel(s);
    assert.equal(await s.consents.acceptedAt(c.customerId, channel, 'v1'), undefined);
    await s.consents.accept(c.customerId, channel, 'v1', 200);
    await s.consents.accept(c.customerId, channel, 'v1', 300);
    assert.equal(await s.consents.acceptedAt(c.customerId, channel, 'v1'), 200, 'the first time stays');
    assert.equal(await s.consents.acceptedAt(c.customerId, channel, 'v2'), undefined, 'another version is another agreement');
    assert.equal(await s.consents.ofConversation(c.id), undefined);
    await s.consents.attach(c.id, 'v1', 200);
    assert.deepEqual(await s.consents.ofConversation(c.id), { version: 'v1', accepted_at: 200 });
  });

  withStore('settings.replace: compare-and-set — writes only over the text it names (undefined: none stored), false otherwise', async (s) => {
    const { settings } = s;
    assert.equal(await settings.replace('{"version":1}', '{"version":0}'), false, 'nothing stored, something named');
    assert.equal(await settings.replace('{"version":1}', undefined), true);
    assert.equal(await settings.replace('{"version":9}', undefined), false, 'something stored now');
    assert.equal(await settings.replace('{"version":2}', '{"version":1}'), true);
    assert.equal(await settings.replace('{"version":3}', '{"version":1}'), false, 'another save came first');
    assert.equal(await settings.get(), '{"version":2}');
  });

  // ---- internal chats (S-DLG-14) --------------------------------------------------------------

  /** Users whose names sort otherwise than their ids. */
  const colleagues = async (s: Storage) => {
    await staff(s, 'anna', 'Яна');
    await staff(s, 'boris', 'Борис');
    await staff(s, 'zed', 'Алла');
  };
  // The one message model: an internal chat's messages are messages of its conversation, by staff.
  const chatMessage = (chatId: number, ordinal: number, text: string, o: Partial<NewMessageRow> = {}): NewMessageRow => ({
    conversation_id: chatId,
    author_kind: 'manager',
    author_id: 'anna',
    author_name: 'Яна',
    text,
    client_message_id: null,
    created_at: 1,
    ordinal,
    reply_to_id: null,
    ...o,
  });
  /** Posts as the internal send path does: the next ordinal, the chat touched. */
  const post = async (s: Storage, chatId: number, text: string, o: Partial<NewMessageRow> = {}) => {
    const row = await s.internal.get(chatId);
    assert.ok(row);
    const m = chatMessage(chatId, row.message_count + 1, text, { created_at: row.last_activity_at + 1, ...o });
    const id = await s.messages.insert(m);
    await s.internal.touch({ id: chatId, last_message_id: id, message_count: m.ordinal, last_activity_at: m.created_at });
    return id;
  };

  withStore('internal.insert, get and view: direct and group chats with their members by name, no last message yet', async (s) => {
    await colleagues(s);
    const group = await s.internal.insert({ kind: 'group', title: 'Команда', createdBy: 'anna', memberIds: ['anna', 'zed', 'boris'] }, 100);
    const direct = await s.internal.insert({ kind: 'direct', title: '', createdBy: 'anna', memberIds: ['anna', 'boris'] }, 200);
    assert.notEqual(group, direct);
    const row = await s.internal.get(group);
    assert.deepEqual(row, {
      id: group,
      kind: 'group',
      title: 'Команда',
      direct_key: null,
      created_by: 'anna',
      last_message_id: null,
      message_count: 0,
      last_activity_at: 100,
      created_at: 100,
    });
    const directRow = await s.internal.get(direct);
    assert.equal(directRow?.kind, 'direct');
    assert.equal(typeof directRow?.direct_key, 'string', 'a direct chat has its pair’s key');
    assert.deepEqual(await s.internal.view(group), {
      id: group,
      kind: 'group',
      title: 'Команда',
      members: [
        { id: 'zed', name: 'Алла' },
        { id: 'boris', name: 'Борис' },
        { id: 'anna', name: 'Яна' },
      ],
      lastMessage: null,
      lastActivityAt: 100,
      createdAt: 100,
    });
    assert.deepEqual((await s.internal.view(direct))?.members.map((m) => m.id), ['boris', 'anna']);
    assert.equal(await s.internal.get(group + direct), undefined);
    assert.equal(await s.internal.view(group + direct), undefined);
  });

  withStore('internal.findDirect: the pair’s direct chat either way round, never a group', async (s) => {
    await colleagues(s);
    const direct = await s.internal.insert({ kind: 'direct', title: '', createdBy: 'anna', memberIds: ['anna', 'boris'] }, 1);
    await s.internal.insert({ kind: 'group', title: 'Двое', createdBy: 'anna', memberIds: ['anna', 'zed'] }, 1);
    assert.equal((await s.internal.findDirect('anna', 'boris'))?.id, direct);
    assert.equal((await s.internal.findDirect('boris', 'anna'))?.id, direct);
    assert.deepEqual(await s.internal.findDirect('boris', 'anna'), await s.internal.get(direct));
    assert.equal(await s.internal.findDirect('anna', 'zed'), undefined);
    assert.equal(await s.internal.findDirect('boris', 'zed'), undefined);
  });

  withStore('internal.of and view: the user’s chats only, last activity first, at most limit, each with its last message', async (s) => {
    await colleagues(s);
    const group = await s.internal.insert({ kind: 'group', title: 'Команда', createdBy: 'anna', memberIds: ['anna', 'zed'] }, 100);
    const direct = await s.internal.insert({ kind: 'direct', title: '', createdBy: 'anna', memberIds: ['anna', 'boris'] }, 200);
    const notMine = await s.internal.insert({ kind: 'group', title: 'Без Яны', createdBy: 'boris', memberIds: ['boris', 'zed'] }, 300);
    const of = async (user: string, limit = 10) => (await s.internal.of(user, limit)).map((c) => c.id);
    assert.deepEqual(await of('anna'), [direct, group]);
    assert.deepEqual(await of('zed'), [notMine, group]);
    assert.deepEqual(await of('carol'), []);

    const id = await post(s, group, 'Привет всем', { created_at: 400 });
    assert.deepEqual(await of('anna'), [group, direct], 'moved up by its message');
    assert.deepEqual(await of('anna', 1), [group]);
    const view = await s.internal.view(group);
    assert.deepEqual(view?.lastMessage, { id, author: { kind: 'manager', id: 'anna', name: 'Яна' }, text: 'Привет всем', createdAt: 400 });
    assert.equal(view?.lastActivityAt, 400);
    assert.deepEqual((await s.internal.of('anna', 10))[0], view, 'of shows the same views');
  });

  withStore('internal cursors: members start at 0, cursor is undefined for a non-member, their read cursors (u: keys) move it, unreadOf counts the rest', async (s) => {
    await colleagues(s);
    const group = await s.internal.insert({ kind: 'group', title: 'Команда', createdBy: 'anna', memberIds: ['anna', 'zed'] }, 1);
    const direct = await s.internal.insert({ kind: 'direct', title: '', createdBy: 'anna', memberIds: ['anna', 'boris'] }, 1);
    assert.deepEqual(await s.internal.cursors(group), new Map([['anna', 0], ['zed', 0]]));
    assert.deepEqual(await s.internal.cursors(group + direct), new Map(), 'no such chat');
    assert.equal(await s.internal.cursor(group, 'anna'), 0);
    assert.equal(await s.internal.cursor(group, 'boris'), undefined);
    assert.equal(await s.internal.cursor(group + direct, 'anna'), undefined);

    for (let i = 0; i < 3; i++) await post(s, group, `m${i}`);
    await s.cursors.put('u:anna', group, 2);
    assert.equal(await s.internal.cursor(group, 'anna'), 2);
    assert.deepEqual(await s.internal.cursors(group), new Map([['anna', 2], ['zed', 0]]));
    assert.deepEqual(await s.internal.unreadOf('anna'), { [group]: 1 }, 'the empty direct chat is left out');
    assert.deepEqual(await s.internal.unreadOf('zed'), { [group]: 3 });
    assert.deepEqual(await s.internal.unreadOf('boris'), {});
    await s.cursors.put('u:anna', group, 3);
    assert.deepEqual(await s.internal.unreadOf('anna'), {}, 'all read');
  });

  withStore('internal chats are conversations of their own kind: their messages are messages (never a customer one\u2019s id), paged and found by id and client id as any; no customer read, list, count or search meets them', async (s) => {
    await colleagues(s);
    const chat = await s.internal.insert({ kind: 'group', title: 'Команда', createdBy: 'anna', memberIds: ['anna', 'zed'] }, 1);
    const other = await s.internal.insert({ kind: 'group', title: 'Другая', createdBy: 'anna', memberIds: ['anna', 'zed'] }, 1);
    const c = await conversation(s, null);
    const internalIds: number[] = [];
    const customerIds: number[] = [];
    for (let i = 0; i < 3; i++) {
      customerIds.push(await say(s, c.id, `клиент ${i}`));
      internalIds.push(await post(s, chat, `внутри ${i}`, { client_message_id: `cm-${i}` }));
      await post(s, other, `другая ${i}`);
    }
    for (const id of internalIds) assert.ok(!customerIds.includes(id), `internal id ${id} is no customer message\u2019s`);

    const [i0, i1, i2] = internalIds as [number, number, number];
    assert.deepEqual(await s.messages.get(i1), storedMessageRow(i1, chatMessage(chat, 2, 'внутри 1', { client_message_id: 'cm-1', created_at: 3 })));
    assert.equal((await s.messages.byClientId('manager', 'anna', 'cm-2'))?.id, i2);
    assert.equal(await s.messages.byClientId('manager', 'zed', 'cm-2'), undefined, 'per author');
    const before = async (id: number, limit: number) => (await s.messages.before(chat, id, limit)).map((m) => m.id);
    assert.deepEqual(await before(NO_LATER, 10), [i2, i1, i0], 'newest first, this chat only');
    assert.deepEqual(await before(i2, 1), [i1]);
    const replyId = await post(s, chat, 'ответ', { reply_to_id: i0 });
    assert.equal((await s.messages.get(replyId))?.reply_to_id, i0);
    assert.deepEqual(ascending(...(await s.messages.byIds([i2, i0, customerIds[0]!])).keys()), ascending(i0, i2, customerIds[0]!));

    // Customer reads never return the chat: by id, in any list or count, in search.
    assert.equal(await s.conversations.get(chat), undefined);
    assert.equal(await s.conversations.view(chat), undefined);
    for (const visible of [[{ kind: 'all' }], [{ kind: 'unassigned' }]] satisfies Visibility[]) {
      assert.deepEqual((await s.conversations.list(visible, 'u:anna', 50, null)).map((r) => r.conversation.id), [c.id]);
      assert.equal(await s.cursors.countUnread(visible, 'u:zed'), 1, 'the customer conversation only');
      assert.deepEqual((await s.cursors.unread(visible, 'u:zed', 50)).map((r) => r.id), [c.id]);
      assert.deepEqual(await s.search.messages(visible, ['внутри'], null, 50), []);
    }
    assert.deepEqual(await s.conversations.backlog(50), [await s.conversations.get(c.id)]);
    assert.deepEqual((await s.conversations.idleOpen(false, NO_LATER, 50)).map((r) => r.id), [c.id]);
  });

  // ---- transactions ---------------------------------------------------------------------------

  withStore('transaction: resolves to fn’s value and commits; a rejected one leaves nothing of what it wrote, in any aggregate', async (s) => {
    const c = await conversation(s, 'anna');
    await colleagues(s);
    const out = await s.transaction(async () => {
      await s.drafts.put({ userId: 'anna', conversationId: c.id, text: 'kept', updatedAt: 1 });
      await s.prefs.put('anna', '{"a":1}');
      return 'done';
    });
    assert.equal(out, 'done');

    const written: Record<string, number> = {};
    await assert.rejects(
      s.transaction(async () => {
        await s.drafts.put({ userId: 'anna', conversationId: c.id, text: 'lost', updatedAt: 2 });
        await s.prefs.put('anna', '{"a":2}');
        await s.meta.put('contract.lost', 'x');
        await s.settings.put('{}');
        written.channel = await s.channels.insert('telegram', 'Bot', 5);
        written.customer = await s.customers.insert({ name: 'Потерянный', channelId: written.channel }, 5);
        written.conversation = await s.conversations.insert({ channel_id: written.channel, customer_id: written.customer }, 5);
        written.message = await say(s, c.id, 'потерянное сообщение');
        await s.cursors.put('u:anna', c.id, 1);
        await s.customers.setBlocked(c.customerId, true);
        written.event = await appendEvent(s, 'lost', 5);
        written.chat = await s.internal.insert({ kind: 'group', title: 'Потерянный', createdBy: 'anna', memberIds: ['anna'] }, 5);
        await s.users.upsert({ id: 'ghost', name: 'Ghost', rights: [] }, 5);
        throw new Error('refused');
      }),
      /refused/,
    );
    assert.equal((await s.drafts.get('anna', c.id))?.text, 'kept');
    assert.equal(await s.prefs.get('anna'), '{"a":1}');
    assert.equal(await s.meta.get('contract.lost'), undefined);
    assert.equal(await s.settings.get(), undefined);
    assert.equal(await s.channels.firstOfKind('telegram'), undefined);
    assert.equal(await s.customers.get(written.customer!), undefined);
    assert.equal(await s.conversations.get(written.conversation!), undefined);
    assert.equal(await s.messages.get(written.message!), undefined);
    assert.deepEqual(await s.search.messages(ALL, searchWords('потерянное'), null, 10), [], 'nor its search entry');
    assert.equal((await s.conversations.get(c.id))?.message_count, 0);
    assert.equal(await s.cursors.get('u:anna', c.id), 0);
    assert.equal((await s.customers.get(c.customerId))?.blocked, false);
    assert.deepEqual(await s.events.after(0, 10), []);
    assert.equal(await s.internal.get(written.chat!), undefined);
    assert.equal(await s.users.get('ghost'), undefined);
  });

  withStore('savepoint: inside a transaction, a rejected savepoint undoes only its own writes and the transaction commits the rest', async (s) => {
    const c = await conversation(s, 'anna');
    const value = await s.transaction(async () => {
      await say(s, c.id, 'первое сообщение');
      await assert.rejects(
        s.savepoint(async () => {
          await say(s, c.id, 'потерянное сообщение');
          await s.meta.put('contract.lost', 'x');
          throw new Error('send refused');
        }),
        /send refused/,
      );
      await s.prefs.put('anna', '{}');
      return 'committed';
    });
    assert.equal(value, 'committed');
    assert.deepEqual((await s.messages.before(c.id, NO_LATER, 10)).map((m) => m.text), ['первое сообщение']);
    assert.equal((await s.conversations.get(c.id))?.message_count, 1, 'the touch in the savepoint is undone too');
    assert.deepEqual(await s.search.messages(ALL, searchWords('потерянное'), null, 10), []);
    assert.equal(await s.meta.get('contract.lost'), undefined);
    assert.equal(await s.prefs.get('anna'), '{}');
  });

  withStore('savepoint: several in sequence (the group commit), each kept or undone alone; all undone when the transaction then rejects', async (s) => {
    const c = await conversation(s, 'anna');
    const send = (text: string, fail: boolean) =>
      s.savepoint(async () => {
        const id = await say(s, c.id, text);
        if (fail) throw new Error(`refused ${text}`);
        return id;
      });
    await s.transaction(async () => {
      assert.equal(typeof (await send('один', false)), 'number', 'resolves to fn’s value');
      await send('два', false);
      await assert.rejects(send('три', true), /refused три/);
      await send('четыре', false);
      await assert.rejects(send('пять', true), /refused пять/);
    });
    const texts = async () => (await s.messages.before(c.id, NO_LATER, 10)).map((m) => m.text).reverse();
    assert.deepEqual(await texts(), ['один', 'два', 'четыре']);
    assert.equal((await s.conversations.get(c.id))?.message_count, 3);
    assert.deepEqual((await s.messages.before(c.id, NO_LATER, 10)).map((m) => m.ordinal).reverse(), [1, 2, 3]);

    await assert.rejects(
      s.transaction(async () => {
        await send('шесть', false);
        throw new Error('the action failed after its sends');
      }),
      /after its sends/,
    );
    assert.deepEqual(await texts(), ['один', 'два', 'четыре'], 'a resolved savepoint is part of its transaction');
    assert.deepEqual(await s.search.messages(ALL, searchWords('шесть'), null, 10), []);
  });

  withStore('search index in a transaction of sends: kept sends are found after COMMIT, searches, edits and deletes inside it see the sends before them, a rolled-back savepoint leaves nothing (also after an edit inside it)', async (s) => {
    const c = await conversation(s, 'anna');
    const found = async (word: string) => (await s.search.messages(ALL, searchWords(word), null, 10)).map((m) => m.id);
    let kept = 0;
    let edited = 0;
    let deleted = 0;
    let lost = 0;
    await s.transaction(async () => {
      kept = await s.savepoint(() => say(s, c.id, 'альфа первая'));
      assert.deepEqual(await found('альфа'), [kept], 'a search inside the transaction sees its earlier sends');
      edited = await s.savepoint(() => say(s, c.id, 'бета исходная'));
      await s.messages.edit(edited, 'гамма правленая', 1);
      deleted = await s.savepoint(() => say(s, c.id, 'дельта удалённая'));
      await s.messages.delete(deleted, 2);
      await assert.rejects(
        s.savepoint(async () => {
          lost = await say(s, c.id, 'эпсилон потерянная');
          const other = await say(s, c.id, 'дзета соседняя');
          await s.messages.edit(other, 'эта правленая', 3); // the savepoint's own rows reach the index before it is undone
          await say(s, c.id, 'тета последняя');
          throw new Error('send refused');
        }),
        /send refused/,
      );
      await s.savepoint(() => say(s, c.id, 'йота после'));
    });
    // Rows reuse the undone ids: a stray index entry for one of them would now find a stranger's text.
    await s.transaction(async () => {
      for (const word of ['каппа', 'лямбда', 'мю', 'ню']) await s.savepoint(() => say(s, c.id, word));
    });
    assert.deepEqual(await found('альфа'), [kept]);
    assert.deepEqual(await found('бета'), [], 'the text an edit replaced is not found');
    assert.deepEqual(await found('гамма'), [edited]);
    assert.deepEqual(await found('дельта'), [], 'a deleted message is not found');
    for (const word of ['эпсилон', 'дзета', 'эта', 'тета']) assert.deepEqual(await found(word), [], `${word}: undone with its savepoint`);
    assert.ok(lost > 0);
    assert.deepEqual((await s.messages.before(c.id, NO_LATER, 10)).map((m) => m.text).reverse(), ['альфа первая', 'гамма правленая', '', 'йота после', 'каппа', 'лямбда', 'мю', 'ню']);
    assert.equal((await found('йота')).length, 1, 'a send after the rolled-back one is found');
  });

  // ---- files (S-DLG-9) -------------------------------------------------------------------------

  const KEY = (n: number) => n.toString(16).padStart(64, '0');
  const upload = (s: Storage, owner: string, n: number, o: Partial<NewFileRow> = {}) =>
    s.files.insert({
      blob_key: KEY(n),
      kind: 'file',
      mime: 'application/pdf',
      name: `file-${n}.pdf`,
      size: 1000 + n,
      width: null,
      height: null,
      thumb_key: null,
      thumb_width: null,
      thumb_height: null,
      owner_key: owner,
      created_at: 10 + n,
      ...o,
    });

  withStore('files: an upload reads back as inserted, unsent; byIds finds those that exist', async (s) => {
    const image = await upload(s, 'c:1', 1, { kind: 'image', mime: 'image/png', width: 640, height: 480, thumb_key: KEY(101), thumb_width: 320, thumb_height: 240 });
    const doc = await upload(s, 'u:anna', 2);
    assert.ok(doc > image, 'ids grow');
    assert.deepEqual(await s.files.get(image), {
      id: image, blob_key: KEY(1), kind: 'image', mime: 'image/png', name: 'file-1.pdf', size: 1001, width: 640, height: 480,
      thumb_key: KEY(101), thumb_width: 320, thumb_height: 240, owner_key: 'c:1', message_id: null, conversation_id: null, created_at: 11,
    });
    assert.deepEqual((await s.files.byIds([doc, image, 999_999])).map((f) => f.id).sort((a, b) => a - b), [image, doc]);
    assert.deepEqual(await s.files.byIds([]), []);
    assert.equal(await s.files.get(999_999), undefined);
  });

  withStore('files: attach binds only unsent files; a conversation lists its images and other files apart, newest first, without deleted or (for visitors) failed messages', async (s) => {
    const c = await conversation(s, 'anna');
    const m1 = await say(s, c.id, 'фото');
    const [a, b, x] = [await upload(s, 'c:1', 1, { kind: 'image' }), await upload(s, 'c:1', 2, { kind: 'audio' }), await upload(s, 'c:1', 3)];
    assert.equal(await s.files.attach([a, b], m1, c.id), 2);
    assert.equal(await s.files.attach([a, x], m1, c.id), 1, 'a sent file is not attached again');
    assert.deepEqual({ ...(await s.files.get(a)), id: 0 }, { ...(await s.files.get(a))!, id: 0, message_id: m1, conversation_id: c.id });
    const m2 = await say(s, c.id, 'ещё');
    const y = await upload(s, 'c:1', 4, { kind: 'image' });
    await s.files.attach([y], m2, c.id);
    const failed = await reply(s, c.id, 'failed', 'visitor_left');
    const z = await upload(s, 'u:anna', 5, { kind: 'image' });
    await s.files.attach([z], failed, c.id);
    const ids = async (images: boolean, visitor = false, before = NO_LATER, limit = 10) => (await s.files.ofConversation(c.id, images, before, limit, visitor)).map((f) => f.id);
    assert.deepEqual(await ids(true), [z, y, a]);
    assert.deepEqual(await ids(true, true), [y, a], 'a visitor never sees a failed message\'s files');
    assert.deepEqual(await ids(false), [x, b]);
    assert.deepEqual(await ids(true, false, y, 1), [a], 'paged before an id');
    await s.messages.delete(m1, 50);
    assert.deepEqual(await ids(true), [z, y]);
    assert.deepEqual(await ids(false), [], 'a deleted message\'s files are not listed');
    assert.equal((await s.messages.get(m1))?.attachments, null);
  });

  withStore('files: a message keeps its attachments column as written, blanked by a delete', async (s) => {
    const c = await conversation(s, null);
    const json = JSON.stringify([{ id: 1, kind: 'file', name: 'a.pdf', size: 3, mime: 'application/pdf' }]);
    const id = await say(s, c.id, '', { attachments: json });
    assert.equal((await s.messages.get(id))?.attachments, json);
    assert.equal((await s.messages.before(c.id, NO_LATER, 1))[0]?.attachments, json);
    assert.equal((await say(s, c.id, 'no files').then((m) => s.messages.get(m)))?.attachments, null);
    await s.messages.delete(id, 9);
    assert.equal((await s.messages.get(id))?.attachments, null);
  });

  withStore('files: unsentOf counts an uploader\'s unsent files and bytes; pruneUnsent deletes the old unsent ones and names their blobs; blobInUse sees content and thumbnails', async (s) => {
    const c = await conversation(s, null);
    const m = await say(s, c.id, 'x');
    const old = await upload(s, 'c:7', 1, { created_at: 5, thumb_key: KEY(11) });
    const sent = await upload(s, 'c:7', 2, { created_at: 5 });
    await s.files.attach([sent], m, c.id);
    const fresh = await upload(s, 'c:7', 3, { created_at: 500 });
    await upload(s, 'c:8', 4, { created_at: 5, blob_key: KEY(2) });
    assert.deepEqual(await s.files.unsentOf('c:7'), { count: 2, bytes: 1001 + 1003 });
    assert.deepEqual(await s.files.unsentOf('c:9'), { count: 0, bytes: 0 });
    assert.equal(await s.files.blobInUse(KEY(11)), true, 'a thumbnail key');
    const keys = await s.transaction(() => s.files.pruneUnsent(100, 10));
    assert.deepEqual([...keys].sort(), [KEY(1), KEY(11), KEY(2)].sort());
    assert.equal(await s.files.get(old), undefined);
    assert.ok(await s.files.get(sent), 'a sent file stays');
    assert.ok(await s.files.get(fresh), 'a recent upload stays');
    assert.equal(await s.files.blobInUse(KEY(1)), false);
    assert.equal(await s.files.blobInUse(KEY(11)), false);
    assert.equal(await s.files.blobInUse(KEY(2)), true, 'the sent file still names it');
  });

  // ---- the distribution bot's saves of new customers in the CRM (S-CH-3) -----------------------

  withStore('crmAutoSaves: a customer is claimed once; a due save is leased by one taker; an attempt ends only while it is the latest', async (s) => {
    const saves = s.crmAutoSaves;
    const c = await conversation(s, null);
    const other = await conversation(s, null);
    assert.equal(await saves.claim(c.customerId, c.id, 10, 100), true);
    assert.equal(await saves.claim(c.customerId, other.id, 11, 111), false, 'claimed before');
    assert.deepEqual(await saves.get(c.customerId), { customer_id: c.customerId, conversation_id: c.id, state: 'pending', attempts: 1, next_at: 100, crm_customer_id: null, last_error: null });
    assert.equal(await saves.get(other.customerId), undefined);
    assert.deepEqual(await saves.due(99, 10), [], 'the first attempt holds it until 100');

    // The first attempt fails: tried again at 200 (another customer's is due at 150).
    assert.equal(await saves.settle(c.customerId, 1, { state: 'pending', retryAt: 200, error: 'CrmError: down' }, 50), true);
    assert.equal(await saves.claim(other.customerId, other.id, 60, 150), true);
    assert.deepEqual((await saves.due(200, 10)).map((r) => [r.customer_id, r.attempts, r.last_error]), [[other.customerId, 1, null], [c.customerId, 1, 'CrmError: down']], 'the longest due first');
    assert.equal((await saves.due(200, 1)).length, 1);
    const second = await saves.lease(c.customerId, 200, 500);
    assert.deepEqual([second?.attempts, second?.next_at], [2, 500]);
    assert.equal(await saves.lease(c.customerId, 200, 500), undefined, 'taken already');

    // The second attempt outlives its lease: a third takes over, and the second's end changes nothing.
    assert.equal((await saves.lease(c.customerId, 500, 900))?.attempts, 3);
    assert.equal(await saves.settle(c.customerId, 2, { state: 'saved', crmCustomerId: 'late' }, 600), false);
    assert.equal(await saves.settle(c.customerId, 3, { state: 'saved', crmCustomerId: 'c-9' }, 700), true);
    assert.deepEqual(await saves.get(c.customerId), { customer_id: c.customerId, conversation_id: c.id, state: 'saved', attempts: 3, next_at: 700, crm_customer_id: 'c-9', last_error: null });
    assert.equal(await saves.settle(c.customerId, 3, { state: 'given_up', error: 'x' }, 800), false, 'done for good');
    assert.equal(await saves.settle(other.customerId, 1, { state: 'given_up', error: 'CrmError: refused' }, 800), true);
    assert.deepEqual(await saves.due(NO_LATER, 10), [], 'nothing pending');
    assert.equal(await saves.lease(other.customerId, NO_LATER, NO_LATER), undefined);
  });

  // ---- analytics (S-AN-1) ---------------------------------------------------------------------

  const counts = (over: Partial<AnalyticsCounts> = {}): AnalyticsCounts => ({
    ...(Object.fromEntries(ANALYTICS_COUNT_COLUMNS.map((c) => [c, 0])) as unknown as AnalyticsCounts),
    ...over,
  });

  withStore('analytics: the watermark; messages after it, by id, with their conversation\'s channel; conversation states kept whole', async (s) => {
    const a = s.analytics;
    assert.deepEqual(await a.watermark(), { id: 0, at: null });
    const channelId = await webChannel(s);
    const c = await conversation(s, 'anna', { channelId });
    const m1 = await say(s, c.id, 'first', { created_at: 1_000 });
    const m2 = await say(s, c.id, 'second', { author_kind: 'manager', author_id: 'anna', created_at: 2_000 });
    const after = await a.messagesAfter(0, 10);
    assert.deepEqual(after.map((m) => [m.id, m.conversation_id, m.author_kind, m.created_at]), [[m1, c.id, 'customer', 1_000], [m2, c.id, 'manager', 2_000]]);
    assert.equal(after[0]!.channel_id, channelId);
    assert.deepEqual(after.map((m) => m.conversation_kind), ['customer', 'customer']);
    assert.deepEqual((await a.messagesAfter(m1, 10)).map((m) => m.id), [m2]);
    // Only the id moves while no customer message has been folded.
    await a.setWatermark(m1 - 1, null);
    assert.deepEqual(await a.watermark(), { id: m1 - 1, at: null });
    await a.setWatermark(m1, 1_000);
    await a.setWatermark(m2, 2_000);
    assert.deepEqual(await a.watermark(), { id: m2, at: 2_000 });
    const state = { conversation_id: c.id, channel_id: channelId, assignee_id: 'anna', open: true, opened_at: 900, first_customer_at: 1_000, answered: false, wait_since: 1_000, repliers: '' };
    await a.saveConversations([state]);
    await a.saveConversations([{ ...state, open: false, answered: true, wait_since: null, repliers: 'anna\nboris' }]);
    assert.deepEqual([...(await a.conversations([c.id, 999_999])).values()], [{ ...state, open: false, answered: true, wait_since: null, repliers: 'anna\nboris' }]);
  });

  withStore('analytics: running totals — the newest row, the row in force at a bucket, rows written whole, later rows shifted; at each edge the row before it, per level and manager', async (s) => {
    const a = s.analytics;
    const anna = { level: 0 as const, channel_id: 1, manager_id: 'anna' };
    const boris = { level: 0 as const, channel_id: 1, manager_id: 'boris' };
    const channel = { level: 1 as const, channel_id: 1, manager_id: '' };
    await a.addKeys([anna, boris, channel, anna]);
    assert.equal(await a.lastTotals(anna), undefined);
    await a.putTotals([
      { ...anna, bucket: 900_000, ...counts({ msgs_customer: 1 }) },
      { ...anna, bucket: 2_700_000, ...counts({ msgs_customer: 3, handled: 1 }) },
      { ...boris, bucket: 1_800_000, ...counts({ msgs_manager: 2 }) },
      { ...channel, bucket: 900_000, ...counts({ new_count: 5 }) },
    ]);
    assert.deepEqual(await a.lastTotals(anna), { bucket: 2_700_000, ...counts({ msgs_customer: 3, handled: 1 }) });
    assert.deepEqual(await a.totalsUpTo(anna, 1_800_000), counts({ msgs_customer: 1 }));
    assert.deepEqual(await a.totalsUpTo(anna, 2_700_000), counts({ msgs_customer: 3, handled: 1 }));
    assert.equal(await a.totalsUpTo(anna, 0), undefined);
    // A change of an earlier quarter: every later row moves by it.
    await a.shiftTotals(anna, 900_000, counts({ msgs_customer: 10 }));
    assert.deepEqual(await a.lastTotals(anna), { bucket: 2_700_000, ...counts({ msgs_customer: 13, handled: 1 }) });
    assert.deepEqual(await a.totalsUpTo(anna, 900_000), counts({ msgs_customer: 1 }), 'the row of the bucket itself stays');
    // Edges: the newest row strictly before each; none before the first edge.
    const at = await a.totalsAt([900_000, 1_800_000, 3_600_000], 0, null);
    const view = at.map((r) => [r.edge, r.manager_id, r.msgs_customer, r.msgs_manager]).sort((x, y) => String(x).localeCompare(String(y)));
    assert.deepEqual(view, [[1, 'anna', 1, 0], [2, 'anna', 13, 0], [2, 'boris', 0, 2]].sort((x, y) => String(x).localeCompare(String(y))));
    assert.deepEqual((await a.totalsAt([3_600_000], 0, 'boris')).map((r) => [r.edge, r.manager_id, r.msgs_manager]), [[0, 'boris', 2]]);
    assert.deepEqual((await a.totalsAt([3_600_000], 1, null)).map((r) => [r.channel_id, r.manager_id, r.new_count]), [[1, '', 5]]);
    // More edges than one statement takes: the same answers.
    const many = Array.from({ length: 150 }, (_, i) => i * 60_000);
    const wide = await a.totalsAt(many, 0, 'anna');
    assert.equal(wide.length, many.filter((e) => e > 900_000).length);
    assert.equal(wide.find((r) => r.edge === 149)?.msgs_customer, 13);
  });

  withStore('analytics: a rebuild\'s plain sums add up per quarter, become running totals in one pass and are emptied; clear empties everything', async (s) => {
    const a = s.analytics;
    const key = { level: 2 as const, channel_id: 0, manager_id: 'anna' };
    assert.equal(await a.rebuilding(), false);
    await a.setRebuilding(true);
    assert.equal(await a.rebuilding(), true);
    await a.addDeltas([{ ...key, bucket: 1_800_000, ...counts({ waits: 1 }) }, { ...key, bucket: 900_000, ...counts({ waits: 2, waits_in_time: 1 }) }]);
    await a.addDeltas([{ ...key, bucket: 900_000, ...counts({ waits: 1 }) }]);
    await a.runningFromDeltas();
    await a.setRebuilding(false);
    assert.equal(await a.rebuilding(), false);
    assert.deepEqual(await a.totalsUpTo(key, 900_000), counts({ waits: 3, waits_in_time: 1 }));
    assert.deepEqual(await a.lastTotals(key), { bucket: 1_800_000, ...counts({ waits: 4, waits_in_time: 1 }) });
    assert.deepEqual((await a.totalsAt([3_600_000], 2, null)).map((r) => r.waits), [4], 'its key is known');
    await a.addDurations([{ at: 1_000, channel_id: 1, manager_id: 'anna', kind: 'first', ms: 60_000 }, { at: 5_000, channel_id: 1, manager_id: 'boris', kind: 'resolution', ms: 9 }]);
    assert.deepEqual((await a.durations(0, 2_000, null)).map((d) => [d.manager_id, d.kind, Number(d.ms)]), [['anna', 'first', 60_000]]);
    assert.deepEqual((await a.durations(0, 9_000, 'boris')).map((d) => d.kind), ['resolution']);
    await a.setWatermark(7, 7);
    await a.clear();
    assert.equal(await a.lastTotals(key), undefined);
    assert.deepEqual(await a.durations(0, 9_000, null), []);
    assert.deepEqual(await a.watermark(), { id: 0, at: null });
  });

  withStore('analytics: runs online — started, seen on, ended; open runs are found whenever they started before the range ends', async (s) => {
    const a = s.analytics;
    await a.onlineStart({ key: 'n1:1', user_id: 'anna', node: 'n1', started_at: 1_000 });
    await a.onlineStart({ key: 'n1:2', user_id: 'boris', node: 'n1', started_at: 2_000 });
    await a.onlineStart({ key: 'n2:1', user_id: 'anna', node: 'n2', started_at: 500 });
    await a.onlineSeen('n1', 5_000);
    await a.onlineEnd('n1:1', 6_000);
    await a.onlineEnd('n2:1', 700);
    const rows = (await a.online(4_000, 10_000, null)).map((r) => [r.user_id, r.started_at, r.seen_at, r.closed]).sort();
    assert.deepEqual(rows, [['anna', 1_000, 6_000, true], ['boris', 2_000, 5_000, false]]);
    assert.deepEqual((await a.online(0, 10_000, 'anna')).map((r) => r.started_at).sort(), [1_000, 500].sort());
    assert.deepEqual(await a.online(0, 400, null), [], 'nothing had started');
  });
}
