import type { Actor, PolicyOptions, LoggedEvent, Signal } from '../services/context.js';
import {
  audienceOf,
  canSeeConversation,
  canSeeEvent,
  failedByTheEnd,
  messageIdOf,
  projectEventJson,
  projectSignalData,
  readForReplay,
  seesAll,
  STAFF_EVENT_KEY,
  userKey,
} from '../services/policy.js';
import type { EventRow } from '../ports/event-bus.js';
import type { Session } from './session.js';
import { SlotRing } from './slot-ring.js';

/** Serialised event frames of one event, by audience (see `audienceOf`). */
type Frames = Map<string, Buffer>;

/**
 * Welcomed sessions and the fan-out to them. Live events and resume replay go through the same
 * visibility predicate and projection, so a resumed client gets exactly what a live one got.
 *
 * Live fan-out does not visit every session: sessions are indexed by who could possibly see an
 * event (the user or customer it targets, the conversation's customer, its assignee before and
 * after, plain managers for unassigned conversations, everyone who sees all), so an event costs
 * its audience. The index only narrows the candidates; `canSeeEvent` still decides each one.
 */
export class Hub {
  /** Every welcomed session. */
  readonly sessions = new Set<Session>();
  /** By read-cursor key ('u:<user id>', 'c:<customer id>'): targeted events, visitors. */
  private readonly byKey = new Map<string, Set<Session>>();
  /** Admins and chat admins: every conversation. */
  private readonly seeingAll = new Set<Session>();
  /** Plain managers (not seeing all), by user id: a conversation's assignee before and after. */
  private readonly managersById = new Map<string, Set<Session>>();
  /** All plain managers: the audience of unassigned conversations (managersSeeUnassigned). */
  private readonly managers = new Set<Session>();
  /** The newest seq published: every live session has been sent all it may see up to it. */
  head = 0;
  /** Welcomed sessions by their turn of the head announcements. */
  private readonly headRing: SlotRing<Session>;

  constructor(
    private readonly policy: PolicyOptions,
    headTurns = 1,
  ) {
    this.headRing = new SlotRing(headTurns);
  }

  add(session: Session): void {
    const actor = session.actor;
    if (!actor || this.sessions.has(session)) return;
    this.sessions.add(session);
    this.headRing.add(session);
    addTo(this.byKey, userKey(actor), session);
    if (actor.kind !== 'user') return;
    if (seesAll(actor)) this.seeingAll.add(session);
    else {
      this.managers.add(session);
      addTo(this.managersById, actor.id, session);
    }
  }

  remove(session: Session): void {
    if (!this.sessions.delete(session)) return;
    this.headRing.delete(session);
    const actor = session.actor;
    if (!actor) return;
    removeFrom(this.byKey, userKey(actor), session);
    this.seeingAll.delete(session);
    this.managers.delete(session);
    if (actor.kind === 'user') {
      removeFrom(this.managersById, actor.id, session);
    }
  }

  get size(): number {
    return this.sessions.size;
  }

  /** The bus's consumer: called right after the commit that wrote these events. */
  publish(events: readonly LoggedEvent[]): void {
    const last = events[events.length - 1];
    if (last && last.row.seq > this.head) this.head = last.row.seq;
    for (const e of events) {
      const frames: Frames = new Map();
      for (const group of this.candidates(e.row)) {
        for (const s of group) {
          if (s.held) s.held.push(e);
          else deliver(s, e.row, e.data, this.policy, frames);
        }
      }
    }
  }

  /**
   * Disjoint groups of sessions that may see `row` (a superset of its audience): each session
   * appears at most once, so no one gets an event twice.
   */
  private candidates(row: EventRow): Iterable<Session>[] {
    if (row.target_user_key === STAFF_EVENT_KEY) return [this.seeingAll, this.managers];
    if (row.target_user_key !== null) return [this.byKey.get(row.target_user_key) ?? EMPTY];
    if (row.conversation_id === null || row.customer_id === null) return [this.seeingAll];
    const groups: Iterable<Session>[] = [this.seeingAll];
    const visitors = this.byKey.get(`c:${row.customer_id}`);
    if (visitors) groups.push(visitors);
    const before = row.assignee_changed === 1 ? row.prev_assignee_id : row.assignee_id;
    // Unassigned now or before: every plain manager may be in the audience (and that set holds
    // the assignees too); otherwise just the assignee, and the one before when it changed.
    if (this.policy.managersSeeUnassigned && (row.assignee_id === null || before === null)) groups.push(this.managers);
    else {
      if (row.assignee_id !== null) groups.push(this.managersById.get(row.assignee_id) ?? EMPTY);
      if (before !== null && before !== row.assignee_id) groups.push(this.managersById.get(before) ?? EMPTY);
    }
    return groups;
  }

  /**
   * Pushes a signal (typing) to the sessions of its audience, but those of `exceptKey`: everyone
   * who sees the conversation now (the same index and predicate as events), or an internal
   * chat's members. Serialised once; nothing is logged, so nothing is replayed.
   */
  signal(signal: Signal): void {
    // Serialised once per kind of reader: visitors read staff authors without their ids. A session
    // not yet welcomed (held) misses it: signals are ephemeral.
    const frames = new Map<Actor['kind'], Buffer>();
    const frameFor = (actor: Actor): Buffer => {
      let frame = frames.get(actor.kind);
      if (frame === undefined) {
        const data = projectSignalData(actor, signal.data, this.policy);
        frames.set(actor.kind, (frame = Buffer.from(JSON.stringify({ type: 'signal', name: signal.name, data }))));
      }
      return frame;
    };
    const to = signal.to;
    if ('userIds' in to) {
      for (const id of to.userIds) {
        const key = `u:${id}`;
        if (key === signal.exceptKey) continue;
        for (const s of this.byKey.get(key) ?? EMPTY) if (s.actor && !s.held) s.send(frameFor(s.actor));
      }
      return;
    }
    const scope = { assigneeId: to.assigneeId, customerId: to.customerId };
    const row = {
      target_user_key: null,
      conversation_id: to.conversationId,
      customer_id: to.customerId,
      assignee_id: to.assigneeId,
      assignee_changed: 0,
      prev_assignee_id: null,
    } as EventRow;
    for (const group of this.candidates(row)) {
      for (const s of group) {
        const actor = s.actor;
        if (!actor || !s.open || s.held || userKey(actor) === signal.exceptKey || !canSeeConversation(actor, scope, this.policy)) continue;
        s.send(frameFor(actor));
      }
    }
  }

  /**
   * A session whose hello is still reading its start: registered (so nothing committed from now
   * on can be missed) with its live events held until `release`.
   */
  hold(session: Session): void {
    session.held = [];
    this.add(session);
  }

  /**
   * Tells each live session that heard nothing up to the newest published seq so (a `head`
   * frame): its resume point moves forward with the log, so after a restart it replays what it
   * missed instead of being told to refetch. One small frame per session behind, per call.
   */
  announceHead(turn: number): void {
    const head = this.head;
    let frame: Buffer | undefined;
    for (const s of this.headRing.at(turn)) {
      if (s.held || s.seenThrough >= head || !s.open) continue;
      // A session that heard an event since its last turn is at most a second behind already:
      // writing to it too would double the socket writes of a busy server (one per event).
      if (s.heard) {
        s.heard = false;
        continue;
      }
      s.send((frame ??= Buffer.from(`{"type":"head","seq":${head}}`)));
      s.seenThrough = head;
    }
  }

  /** Sends what was held after `head` (what is up to it is in the replay or the fresh fetch), then goes live. */
  release(session: Session, head: number): void {
    const held = session.held ?? [];
    session.held = undefined;
    session.seenThrough = Math.max(session.seenThrough, head);
    for (const e of held) if (e.row.seq > head) deliver(session, e.row, e.data, this.policy, new Map());
  }

  /** Replays logged rows to one session (resume), in seq order. */
  replay(session: Session, all: readonly EventRow[]): void {
    session.replaying = true;
    try {
      // Only the rows this reader's replay reads are parsed: a resume across a busy log holds
      // mostly other people's events (a storm of resumes would otherwise parse them all).
      const actor = session.actor;
      const rows = actor ? all.filter((row) => readForReplay(actor, row, this.policy)) : [];
      const data = rows.map((row) => JSON.parse(row.data) as unknown);
      const hidden = session.actor ? failedByTheEnd(session.actor, rows, data) : undefined;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i] as EventRow;
        if (!session.open) return;
        if (hidden !== undefined && hidden.size > 0 && hidden.has(messageIdOf(row.name, data[i]) ?? 0)) continue;
        deliver(session, row, data[i], this.policy, new Map());
      }
    } finally {
      session.replaying = false;
      session.replayAllowance = session.ws.bufferedAmount;
    }
  }
}

const EMPTY: ReadonlySet<Session> = new Set();

function addTo<K>(map: Map<K, Set<Session>>, key: K, s: Session): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(s);
}

function removeFrom<K>(map: Map<K, Set<Session>>, key: K, s: Session): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(s);
  if (set.size === 0) map.delete(key);
}

function deliver(s: Session, row: EventRow, data: unknown, policy: PolicyOptions, frames: Frames): void {
  const actor = s.actor;
  // Already sent, or covered by the replay its hello read (with several nodes, the log can be read
  // ahead of this node's bus).
  if (!actor || !s.open || row.seq <= s.seenThrough || !canSeeEvent(actor, row, policy, data)) return;
  const audience = audienceOf(actor, row.name, data);
  let frame = frames.get(audience);
  if (frame === undefined) {
    const json = projectEventJson(actor, row.name, row.data, data, policy);
    frame = Buffer.from(`{"type":"event","seq":${row.seq},"name":${JSON.stringify(row.name)},"data":${json}}`);
    frames.set(audience, frame);
  }
  s.send(frame);
  s.seenThrough = row.seq;
  s.heard = true;
}
