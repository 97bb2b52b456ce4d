// The hub's session index only narrows the candidates of an event: exactly the sessions that
// canSeeEvent admits receive it, each once, with the same frame a replay would give.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Right } from '@chatdesk/protocol';
import { Hub } from '../src/gateway/hub.js';
import type { Session } from '../src/gateway/session.js';
import type { Actor } from '../src/services/context.js';
import { canSeeEvent } from '../src/services/policy.js';
import type { EventRow } from '../src/adapters/sqlite/repo.js';

interface Fake {
  actor: Actor;
  /** Its place in the round robins of periodic writes (Session.slot). */
  slot: number;
  open: boolean;
  replaying: boolean;
  replayAllowance: number;
  ws: { bufferedAmount: number };
  got: string[];
  send(frame: Buffer | string): void;
}

let slots = 0;

function fake(actor: Actor): Fake {
  return {
    actor,
    slot: slots++,
    open: true,
    replaying: false,
    replayAllowance: 0,
    ws: { bufferedAmount: 0 },
    got: [],
    send(frame) {
      this.got.push(String(frame));
    },
  };
}

const user = (id: string, rights: Right[] = ['chats']): Actor => ({
  kind: 'user',
  id,
  name: id,
  rights,
});

test('fan-out through the index reaches exactly whom canSeeEvent admits, once each, live as on replay', () => {
  const actors: Actor[] = [
    user('anna'),
    user('anna'), // a second tab
    user('boris'),
    user('gleb'),
    user('vera', ['chats', 'chat_admin']),
    user('olga', ['admin']),
    user('anna2', ['chats', 'chat_admin']),
    { kind: 'visitor', customerId: 1, channelId: 1, name: 'one' },
    { kind: 'visitor', customerId: 1, channelId: 1, name: 'one, phone' },
    { kind: 'visitor', customerId: 2, channelId: 1, name: 'two' },
  ];
  const assignees = [null, 'anna', 'boris', 'vera'];
  const rows: EventRow[] = [];
  let seq = 0;
  const message = (authorKind: string, authorId: string) => ({
    message: { id: 1, conversationId: 7, author: { kind: authorKind, id: authorId, name: 'x' }, text: 't', createdAt: 1, clientMessageId: 'c1' },
    conversation: { id: 7, assigneeId: 'anna', customer: { id: 1, name: 'c', blocked: false } },
  });
  for (const customer of [1, 2]) {
    for (const assignee of assignees) {
      for (const prev of assignees) {
        for (const changed of [0, 1]) {
          for (const [name, data] of [
            ['message.created', message('customer', String(customer))],
            ['message.created', message('manager', 'anna')],
            ['conversation.updated', { conversation: { id: 7, assigneeId: assignee, customer: { id: 1, name: 'c', blocked: false } } }],
          ] as const) {
            rows.push({
              seq: ++seq, name, data: JSON.stringify(data), conversation_id: 7, assignee_id: assignee,
              prev_assignee_id: changed ? prev : null, assignee_changed: changed, customer_id: customer,
              target_user_key: null, created_at: 0,
            });
          }
        }
      }
    }
  }
  for (const key of ['u:anna', 'u:vera', 'c:1', 'c:3']) {
    rows.push({
      seq: ++seq, name: 'unread.changed', data: JSON.stringify({ conversationId: 7, unread: 1, unreadTotal: 1 }),
      conversation_id: null, assignee_id: null, prev_assignee_id: null, assignee_changed: 0, customer_id: null,
      target_user_key: key, created_at: 0,
    });
  }
  for (const managersSeeUnassigned of [true, false]) {
    const policy = { managersSeeUnassigned };
    const hub = new Hub(policy);
    const sessions = actors.map(fake);
    for (const s of sessions) hub.add(s as unknown as Session);
    // A session that left no longer receives anything.
    const gone = fake(user('boris'));
    hub.add(gone as unknown as Session);
    hub.remove(gone as unknown as Session);
    for (const row of rows) {
      for (const s of sessions) s.got = [];
      hub.publish([{ row, data: JSON.parse(row.data) }]);
      for (const s of sessions) {
        const expected = canSeeEvent(s.actor, row, policy) ? 1 : 0;
        assert.equal(s.got.length, expected, `${JSON.stringify(s.actor)} ${JSON.stringify(row)} ${managersSeeUnassigned}`);
        if (expected) {
          // The live frame equals the one a new session of the same reader gets replayed (a
          // session is never sent a seq twice: the hub skips what it already had).
          const live = s.got[0];
          const later = fake(s.actor);
          hub.replay(later as unknown as Session, [row]);
          assert.deepEqual(JSON.parse(live as string), JSON.parse(later.got[0] as string));
          hub.replay(s as unknown as Session, [row]);
          assert.equal(s.got.length, 1, 'not twice to the same session');
        }
      }
      assert.equal(gone.got.length, 0);
    }
  }
});

test('projections survive the shared frames: client message ids only to the author, assignees and blocking never to visitors, what each may do (can) per reader', () => {
  const hub = new Hub({ managersSeeUnassigned: true });
  const anna = fake(user('anna'));
  const boris = fake(user('boris'));
  const visitor = fake({ kind: 'visitor', customerId: 1, channelId: 1, name: 'v' });
  for (const s of [anna, boris, visitor]) hub.add(s as unknown as Session);
  const data = {
    message: { id: 1, conversationId: 7, author: { kind: 'manager', id: 'anna', name: 'A' }, text: 't', createdAt: 1, clientMessageId: 'c1' },
    conversation: { id: 7, assigneeId: 'anna', customer: { id: 1, name: 'c', blocked: false } },
  };
  const row: EventRow = {
    seq: 5, name: 'message.created', data: JSON.stringify(data), conversation_id: 7, assignee_id: 'anna',
    prev_assignee_id: null, assignee_changed: 1, customer_id: 1, target_user_key: null, created_at: 0,
  };
  hub.publish([{ row, data }]);
  const frame = (s: Fake) => JSON.parse(s.got[0] as string);
  // What each may do rides on the conversation, decided by the server (Conversation.can).
  const holder = { see: true, reply: true, close: true, assign: true, unassign: false, block: true, unlink: true };
  const mine = { edit: true, delete: true, retry: false, history: false };
  assert.deepEqual(frame(anna), {
    type: 'event',
    seq: 5,
    name: 'message.created',
    data: { message: { ...data.message, can: mine }, conversation: { ...data.conversation, slaSince: null, can: holder } },
  });
  assert.deepEqual(frame(boris).data.message.can, { ...mine, edit: false, delete: false }, 'not his message');
  assert.deepEqual(frame(visitor).data.message.can, { ...mine, edit: false, delete: false });
  // Boris saw it while unassigned: this last update tells him he no longer does.
  assert.equal(frame(boris).data.conversation.can.see, false);
  assert.equal(frame(visitor).data.conversation.can.reply, true);
  assert.equal(frame(visitor).data.conversation.can.block, false);
  assert.equal(frame(boris).data.message.clientMessageId, undefined);
  assert.equal(frame(boris).data.conversation.assigneeId, 'anna');
  assert.equal(frame(visitor).data.message.clientMessageId, undefined);
  assert.equal(frame(visitor).data.conversation.assigneeId, null);
  assert.equal('blocked' in frame(visitor).data.conversation.customer, false, 'S-DLG-7: a visitor never learns they are blocked');
  assert.equal(frame(boris).data.conversation.customer.blocked, false);
});
