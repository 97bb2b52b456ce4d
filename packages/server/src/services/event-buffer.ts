import { ChatError, type EventData, type EventName } from '@chatdesk/protocol';
import type { Clock } from '../config.js';
import type { LoggedEvent, NewEvent } from '../ports/event-bus.js';
import type { ConversationRow, Storage } from '../ports/storage.js';
import type { PolicyOptions } from './context.js';
import { userActor } from './lifecycle.js';
import { canSeeConversation, STAFF_EVENT_KEY, userKey, visibility } from './policy.js';

export type { LoggedEvent } from '../ports/event-bus.js';

/**
 * Where an event goes. A conversation's events name the conversation only: who may see them is
 * read from the conversation as the action leaves it (see EventBuffer), never from the state an
 * emitter happened to hold. `assigneeChangedFrom` marks the `conversation.updated` of a change
 * of assignee, naming the assignee it changed from; the rest go to users by read-cursor key.
 */
export type EventScope =
  | { conversationId: number; assigneeChangedFrom?: string | null }
  | { targetUserKey: string }
  | { staff: true };

type Audience = Omit<NewEvent, 'name' | 'data' | 'created_at'>;

/** The audience columns of an event addressed to one user (or one customer) by read-cursor key. */
function targeted(key: string): Audience {
  return { conversation_id: null, assignee_id: null, prev_assignee_id: null, assignee_changed: 0, customer_id: null, target_user_key: key };
}

interface Pending {
  name: EventName;
  data: unknown;
  scope: EventScope;
  createdAt: number;
}

/**
 * Collects the events of one action and writes them when the action ends (`seal`, inside its
 * transaction: the unit of work, unit-of-work.ts); the gateway publishes `events` only after
 * the commit (the transactional outbox).
 *
 * S-AUTH-3: the audience of every conversation event is the conversation as it stands when the
 * action commits. An event emitted before a later step of the same action (the "opened" notice
 * of a conversation the assignment then gives to a manager) therefore never reaches those who
 * could see an intermediate state: nobody saw it, since nothing was committed in between. The
 * one exception is the user who saw the conversation before the action and no longer does (a
 * manager it was taken from; every plain manager, for an unassigned one that someone took): the
 * last `conversation.updated` of the conversation reaches them too, and a manager who lost it
 * gets `conversation.removed`. A manager who gains a conversation they did not see gets its
 * unread count (`unread.changed`). A conversation this action created had no audience before it.
 */
export class EventBuffer {
  #pending: Pending[] = [];
  #sealed: LoggedEvent[] = [];
  /** Sealed rows not appended to the log yet (see `write`). */
  #unwritten: { row: NewEvent; data: unknown }[] = [];
  /** The assignee each changed conversation had when the action began. */
  readonly #before = new Map<number, string | null>();
  /** Conversations this action created: nobody saw them before it. */
  readonly #created = new Set<number>();
  /** Rows as the action leaves them, told by the action (see `settled`): not read again. */
  readonly #settled = new Map<number, ConversationRow>();

  constructor(
    private readonly store: Storage,
    private readonly clock: Clock,
  ) {}

  emit<E extends EventName>(name: E, data: EventData<E>, scope: EventScope): void {
    if ('assigneeChangedFrom' in scope && scope.assigneeChangedFrom !== undefined && !this.#before.has(scope.conversationId)) {
      this.#before.set(scope.conversationId, scope.assigneeChangedFrom);
    }
    this.#pending.push({ name, data, scope, createdAt: this.clock.now() });
  }

  /** The action created this conversation (before emitting anything about it). */
  created(conversationId: number): void {
    this.#created.add(conversationId);
  }

  /**
   * The action wrote its last to this conversation and `row` is how it stands: `seal` takes it
   * instead of reading it back. Only for a row the action itself just wrote whole (the send path).
   */
  settled(row: ConversationRow): void {
    this.#settled.set(row.id, row);
  }

  /** The written events, in seq order; only once the action was sealed and its rows written. */
  get events(): readonly LoggedEvent[] {
    if (this.#pending.length > 0) throw new ChatError('INTERNAL', 'Events were emitted but the action was not sealed.');
    if (this.#unwritten.length > 0) throw new ChatError('INTERNAL', 'The action was sealed but its events were not written.');
    return this.#sealed;
  }

  /**
   * Appends the sealed rows to the log, in order (inside the action's transaction). Apart from
   * `seal` so that a group commit writes the rows of all its sends in one run just before COMMIT:
   * between other work each append cost several times what it does in a row (measured in the
   * ingest figure: 15 against 3–5 µs; what the send's other work leaves of SQLite's pages in the
   * CPU's caches).
   */
  write(): Promise<void> {
    return EventBuffer.writeAll(this.store, [this]);
  }

  /** `write` for several actions' buffers at once, in order: one append of all their rows. */
  static async writeAll(store: Storage, buffers: readonly EventBuffer[]): Promise<void> {
    const rows = buffers.flatMap((b) => b.#unwritten);
    if (rows.length === 0) return;
    const seqs = await store.events.appendAll(rows.map((r) => r.row));
    let i = 0;
    for (const b of buffers) {
      for (const { row, data } of b.#unwritten) b.#sealed.push({ row: { seq: seqs[i++]!, ...row }, data });
      b.#unwritten = [];
    }
  }

  /**
   * Ends the action: resolves each conversation event's audience from the conversation as it now
   * stands and writes the rows, in the order emitted (the losers' `conversation.removed` last).
   * Called by the unit of work inside the action's transaction.
   */
  async seal(policy: PolicyOptions): Promise<void> {
    const pending = this.#pending;
    this.#pending = [];
    if (pending.length === 0) return;
    // Every conversation the events name, read once as the action leaves it.
    const rows = new Map<number, ConversationRow>();
    for (const p of pending) {
      if (!('conversationId' in p.scope) || rows.has(p.scope.conversationId)) continue;
      const row = this.#settled.get(p.scope.conversationId) ?? (await this.store.conversations.get(p.scope.conversationId));
      if (!row) throw new ChatError('INTERNAL', 'An event names a conversation that does not exist.');
      rows.set(row.id, row);
    }
    const rowOf = (id: number): ConversationRow => rows.get(id)!;
    // Who lost sight: the assignee before the action, where it differs from the one now.
    const lost = new Map<number, string | null>();
    for (const [id, before] of this.#before) {
      if (!this.#created.has(id) && rows.has(id) && before !== rowOf(id).assignee_id) lost.set(id, before);
    }
    // Their one last notice is the conversation's last `conversation.updated` of the action.
    const lastUpdate = new Map<number, number>();
    pending.forEach((p, i) => {
      if (p.name === 'conversation.updated' && 'conversationId' in p.scope && lost.has(p.scope.conversationId)) {
        lastUpdate.set(p.scope.conversationId, i);
      }
    });
    for (const [i, p] of pending.entries()) {
      const s = p.scope;
      if ('targetUserKey' in s) {
        this.#write(p, targeted(s.targetUserKey));
        continue;
      }
      if ('staff' in s) {
        this.#write(p, targeted(STAFF_EVENT_KEY));
        continue;
      }
      const row = rowOf(s.conversationId);
      const toLoser = lastUpdate.get(s.conversationId) === i;
      this.#write(p, {
        conversation_id: row.id,
        assignee_id: row.assignee_id,
        prev_assignee_id: toLoser ? (lost.get(row.id) ?? null) : null,
        assignee_changed: toLoser ? 1 : 0,
        customer_id: row.customer_id,
        target_user_key: null,
      });
    }
    for (const [id, before] of lost) {
      const row = rowOf(id);
      const now = { assigneeId: row.assignee_id, customerId: row.customer_id };
      // S-AUTH-3: a manager who no longer sees it drops it and its history.
      const prev = before === null ? undefined : await userActor(this.store, before);
      if (before !== null && !(prev !== undefined && canSeeConversation(prev, now, policy))) {
        this.#target(`u:${before}`, 'conversation.removed', { conversationId: id });
      }
      // The manager who gained it (and did not see it before) learns how much of it is unread to them,
      // as a fresh fetch would tell them: the events above carry no counts.
      const gainer = row.assignee_id === null ? undefined : await userActor(this.store, row.assignee_id);
      if (gainer && !canSeeConversation(gainer, { assigneeId: before, customerId: row.customer_id }, policy)) {
        const key = userKey(gainer);
        const unread = Math.max(0, row.message_count - (await this.store.cursors.get(key, id)));
        const unreadTotal = await this.store.cursors.countUnread(visibility(gainer, policy), key);
        this.#target(key, 'unread.changed', { conversationId: id, unread, unreadTotal });
      }
    }
    this.#before.clear();
    this.#created.clear();
    this.#settled.clear();
  }

  #target<E extends EventName>(key: string, name: E, data: EventData<E>): void {
    this.#write({ name, data, scope: { targetUserKey: key }, createdAt: this.clock.now() }, targeted(key));
  }

  #write(p: Pending, audience: Audience): void {
    this.#unwritten.push({ row: { name: p.name, data: JSON.stringify(p.data), created_at: p.createdAt, ...audience }, data: p.data });
  }
}
