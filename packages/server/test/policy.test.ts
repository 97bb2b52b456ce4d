import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import type { Actor } from '../src/services/context.js';
import {
  canSeeConversation,
  canSeeCustomer,
  canSeeEvent,
  mayAssign,
  mayEditSettings,
  mayListManagers,
  mayTakeConversations,
  visibility,
} from '../src/services/policy.js';
import { openDatabase } from '../src/adapters/sqlite/db.js';
import { Repo } from '../src/adapters/sqlite/repo.js';

/** Every migration file's version, ascending: each must have run once. */
const migrationVersions = () =>
  readdirSync(new URL('../src/adapters/sqlite/migrations/', import.meta.url))
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .map((f) => Number.parseInt(f, 10))
    .sort((a, b) => a - b);

test('S-AUTH-2, S-AUTH-3: the SQL visibility filter and the fan-out predicate agree on every case', () => {
  const repo = new Repo(openDatabase(':memory:'));
  const now = 1_700_000_000_000;
  const channel = repo.insertChannel('web', 'Site', now);
  const customers = [repo.insertCustomer('A', channel, now), repo.insertCustomer('B', channel, now)];
  for (const id of ['anna', 'boris']) repo.upsertUser({ id, name: id, rights: ['chats'] }, now);
  const states: { customer: number; assignee: string | null }[] = [];
  for (const customer of customers) {
    for (const assignee of [null, 'anna', 'boris']) {
      states.push({ customer: customer as number, assignee });
      repo.insertConversation({ channel_id: channel, customer_id: customer as number, assignee_id: assignee }, now);
    }
  }
  const actors: Actor[] = [
    { kind: 'user', id: 'anna', name: 'anna', rights: ['chats'] },
    { kind: 'user', id: 'vera', name: 'vera', rights: ['chats', 'chat_admin'] },
    { kind: 'user', id: 'olga', name: 'olga', rights: ['admin'] },
    { kind: 'visitor', customerId: customers[0] as number, channelId: channel, name: 'A' },
  ];
  let checked = 0;
  for (const managersSeeUnassigned of [true, false]) {
    const opts = { managersSeeUnassigned };
    for (const actor of actors) {
      const viaSql = new Set(repo.listConversations(visibility(actor, opts), 'u:nobody', 100, null).map((r) => r.conversation.id));
      states.forEach((s, i) => {
        const id = i + 1;
        const viaJs = canSeeConversation(actor, { assigneeId: s.assignee, customerId: s.customer }, opts);
        assert.equal(viaSql.has(id), viaJs, `${JSON.stringify(actor)} ${JSON.stringify(s)} ${managersSeeUnassigned}`);
        const row = {
          seq: 1, name: 'message.created', data: '{}', conversation_id: id, assignee_id: s.assignee,
          prev_assignee_id: null, assignee_changed: 0, customer_id: s.customer, target_user_key: null, created_at: now,
        };
        assert.equal(canSeeEvent(actor, row, opts), viaJs);
        checked++;
      });
    }
  }
  assert.equal(checked, 2 * actors.length * states.length);
  // Expected shapes, spelled out once.
  const anna = actors[0] as Actor;
  assert.equal(canSeeConversation(anna, { assigneeId: null, customerId: 1 }, { managersSeeUnassigned: true }), true);
  assert.equal(canSeeConversation(anna, { assigneeId: null, customerId: 1 }, { managersSeeUnassigned: false }), false);
  assert.equal(canSeeConversation(anna, { assigneeId: 'boris', customerId: 1 }, { managersSeeUnassigned: true }), false);
  // A user-targeted event reaches only that user.
  const targeted = { seq: 2, name: 'unread.changed', data: '{}', conversation_id: null, assignee_id: null, prev_assignee_id: null, assignee_changed: 0, customer_id: null, target_user_key: 'u:anna', created_at: now };
  assert.deepEqual(actors.map((a) => canSeeEvent(a, targeted, { managersSeeUnassigned: true })), [true, false, false, false]);
});

test('migrations run once and are recorded; the epoch is made on the first one', () => {
  const db = openDatabase(':memory:');
  const rows = db.prepare('SELECT version, name FROM schema_migrations').all() as { version: number; name: string }[];
  assert.deepEqual(rows.map((r) => r.version), migrationVersions());
  assert.match(String(new Repo(db).getMeta('epoch')), /^[0-9a-f]{16}$/);
  assert.equal((db.pragma('foreign_keys', { simple: true }) as number), 1);
});

test('S-DLG-6, S-AUTH-2, S-SET-*: who may reassign, unassign, take conversations, edit settings, see a customer', () => {
  const anna: Actor = { kind: 'user', id: 'anna', name: 'A', rights: ['chats'] };
  const vera: Actor = { kind: 'user', id: 'vera', name: 'V', rights: ['chats', 'chat_admin'] };
  const olga: Actor = { kind: 'user', id: 'olga', name: 'O', rights: ['admin'] };
  const visitor: Actor = { kind: 'visitor', customerId: 7, channelId: 1, name: 'v' };
  const cases: [Actor, string | null, string | null, boolean][] = [
    [anna, 'anna', 'boris', true], // the current manager hands it on
    [anna, 'anna', null, false], // … but does not unassign
    [anna, 'boris', 'anna', false], // not hers
    [anna, null, 'anna', false], // unassigned: she takes it by answering, not by assign
    [vera, 'boris', 'anna', true],
    [vera, 'boris', null, true],
    [olga, null, 'anna', true],
    [visitor, null, 'anna', false],
  ];
  for (const [actor, current, target, want] of cases) {
    assert.equal(mayAssign(actor, { assigneeId: current }, target), want, `${actor.kind} ${'id' in actor ? actor.id : ''} ${current} → ${target}`);
  }
  assert.deepEqual([anna, vera, olga, visitor].map(mayEditSettings), [false, true, true, false]);
  // S-DLG-4: the manager filter's list of every manager: any staff member, never a visitor.
  assert.deepEqual([anna, vera, olga, visitor].map(mayListManagers), [true, true, true, false]);
  // RIGHTS: chat_admin alone admits nobody; a CRM's own group names are ignored.
  assert.deepEqual([['chats'], ['chat_admin'], ['admin'], [], ['chats', 'sales'], ['sales']].map((rights) => mayTakeConversations({ rights })), [true, false, true, false, true, false]);
  assert.equal(canSeeCustomer(visitor, 7, () => false), true);
  assert.equal(canSeeCustomer(visitor, 8, () => true), false);
  assert.equal(canSeeCustomer(anna, 8, () => false), false);
  assert.equal(canSeeCustomer(anna, 8, () => true), true);
  assert.equal(canSeeCustomer(vera, 8, () => false), true);
});
