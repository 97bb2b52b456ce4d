// The storage port's contract (ports/storage.ts), written once and run against every adapter:
// storage-sqlite.test.ts today, the PostgreSQL adapter's next. It is the port's definition:
// an adapter that passes it may replace another.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Storage, Visibility } from '../src/ports/storage.js';

/**
 * What the suite needs to set up that the port does not offer yet (those aggregates still live in
 * the SQLite `Repo`, issue 11): each adapter's test provides it.
 */
export interface ContractFixture {
  storage: Storage;
  /** A conversation of a new customer, assigned to `assigneeId` (null: unassigned). */
  conversation(assigneeId: string | null): Promise<{ id: number; customerId: number }>;
  /** Appends an event row stamped `createdAt`; resolves to its seq. */
  appendEvent(name: string, createdAt: number): Promise<number>;
  close(): Promise<void>;
}

export function storageContract(adapter: string, open: () => Promise<ContractFixture>): void {
  const withStore = (name: string, fn: (f: ContractFixture) => Promise<void>) =>
    test(`storage contract (${adapter}): ${name}`, async () => {
      const f = await open();
      try {
        await fn(f);
      } finally {
        await f.close();
      }
    });

  withStore('the event log: head, pages after a seq in order, prunes by count and by age, never reuses a seq', async (f) => {
    const { events } = f.storage;
    assert.equal(await events.head(), 0);
    const seqs: number[] = [];
    for (let i = 0; i < 6; i++) seqs.push(await f.appendEvent(`e${i}`, 1000 + i));
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
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
    const next = await f.appendEvent('e6', 2000);
    assert.ok(next > seqs[5]!, 'a seq is never reused');
  });

  withStore('drafts: put replaces, get and delete by user and conversation, list by visibility newest first, beyond keeps the newest', async (f) => {
    const { drafts } = f.storage;
    const mine = await f.conversation('anna');
    const free = await f.conversation(null);
    const boris = await f.conversation('boris');
    assert.equal(await drafts.get('anna', mine.id), undefined);
    await drafts.put({ userId: 'anna', conversationId: mine.id, text: 'первый', updatedAt: 10 });
    await drafts.put({ userId: 'anna', conversationId: mine.id, text: 'второй', updatedAt: 20 });
    assert.deepEqual(await drafts.get('anna', mine.id), { userId: 'anna', conversationId: mine.id, text: 'второй', updatedAt: 20 });
    assert.equal(await drafts.get('boris', mine.id), undefined, 'per user');
    await drafts.put({ userId: 'anna', conversationId: free.id, text: 'free', updatedAt: 30 });
    await drafts.put({ userId: 'anna', conversationId: boris.id, text: 'borisʼs', updatedAt: 40 });

    const ids = async (v: Visibility, limit = 10) => (await drafts.list('anna', v, limit)).map((d) => d.conversationId);
    assert.deepEqual(await ids([{ kind: 'all' }]), [boris.id, free.id, mine.id], 'newest first');
    assert.deepEqual(await ids([{ kind: 'all' }], 2), [boris.id, free.id]);
    assert.deepEqual(await ids([{ kind: 'assignee', userId: 'anna' }, { kind: 'unassigned' }]), [free.id, mine.id]);
    assert.deepEqual(await ids([{ kind: 'assignee', userId: 'anna' }]), [mine.id]);
    assert.deepEqual(await ids([{ kind: 'customer', customerId: free.customerId }]), [free.id]);

    assert.deepEqual(await drafts.beyond('anna', 1, boris.id), [mine.id], 'beyond the newest one, leaving out the excepted');
    assert.equal(await drafts.delete('anna', mine.id), true);
    assert.equal(await drafts.delete('anna', mine.id), false, 'already gone');
    assert.equal(await drafts.get('anna', mine.id), undefined);
  });

  withStore('prefs: absent until put, put replaces, per user', async (f) => {
    const { prefs } = f.storage;
    assert.equal(await prefs.get('anna'), undefined);
    await prefs.put('anna', '{"listSort":"waiting"}');
    await prefs.put('anna', '{"listSort":"activity"}');
    await prefs.put('boris', '{}');
    assert.equal(await prefs.get('anna'), '{"listSort":"activity"}');
    assert.equal(await prefs.get('boris'), '{}');
  });

  withStore('users: upsert inserts and refreshes name and rights, get by id, list by name then id', async (f) => {
    const { users } = f.storage;
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

  withStore('settings: absent until put, then the last document put', async (f) => {
    const { settings } = f.storage;
    assert.equal(await settings.get(), undefined);
    await settings.put('{"autoCloseAssignedMs":null}');
    await settings.put('{"autoCloseAssignedMs":3600000}');
    assert.equal(await settings.get(), '{"autoCloseAssignedMs":3600000}');
  });

  withStore('transaction: what an action wrote commits when it resolves and is rolled back when it rejects', async (f) => {
    const { storage } = f;
    const c = await f.conversation('anna');
    const out = await storage.transaction(async () => {
      await storage.drafts.put({ userId: 'anna', conversationId: c.id, text: 'kept', updatedAt: 1 });
      await storage.prefs.put('anna', '{"a":1}');
      return 'done';
    });
    assert.equal(out, 'done');
    await assert.rejects(
      storage.transaction(async () => {
        await storage.drafts.put({ userId: 'anna', conversationId: c.id, text: 'lost', updatedAt: 2 });
        await storage.prefs.put('anna', '{"a":2}');
        throw new Error('refused');
      }),
      /refused/,
    );
    assert.equal((await storage.drafts.get('anna', c.id))?.text, 'kept');
    assert.equal(await storage.prefs.get('anna'), '{"a":1}');
  });
}
