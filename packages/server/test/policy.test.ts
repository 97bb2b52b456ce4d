import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Actor } from '../src/services/context.js';
import { canSeeConversation, canSeeEvent, visibility } from '../src/services/policy.js';
import { openDatabase } from '../src/storage/db.js';
import { Repo } from '../src/storage/repo.js';

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
    { kind: 'user', id: 'vera', name: 'vera', rights: ['chat_admin'] },
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
  assert.deepEqual(rows.map((r) => r.version), [1, 2, 3, 4, 5]);
  assert.match(String(new Repo(db).getMeta('epoch')), /^[0-9a-f]{16}$/);
  assert.equal((db.pragma('foreign_keys', { simple: true }) as number), 1);
});
