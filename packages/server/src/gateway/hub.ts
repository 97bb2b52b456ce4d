import type { PolicyOptions, LoggedEvent } from '../services/context.js';
import { audienceOf, canSeeEvent, projectEventData } from '../services/policy.js';
import type { EventRow } from '../storage/repo.js';
import type { Session } from './session.js';

/**
 * Welcomed sessions and the fan-out to them. Live events and resume replay go through the same
 * visibility predicate and projection, so a resumed client gets exactly what a live one got.
 */
export class Hub {
  readonly sessions = new Set<Session>();

  constructor(private readonly policy: PolicyOptions) {}

  add(session: Session): void {
    this.sessions.add(session);
  }

  remove(session: Session): void {
    this.sessions.delete(session);
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Called synchronously right after the commit that wrote these events. */
  publish(events: readonly LoggedEvent[]): void {
    for (const e of events) {
      const frames = new Map<string, string>();
      for (const s of this.sessions) deliver(s, e.row, e.data, this.policy, frames);
    }
  }

  /** Replays logged rows to one session (resume), in seq order. */
  replay(session: Session, rows: readonly EventRow[]): void {
    session.replaying = true;
    try {
      for (const row of rows) {
        if (!session.open) return;
        deliver(session, row, JSON.parse(row.data), this.policy, new Map());
      }
    } finally {
      session.replaying = false;
      session.replayAllowance = session.ws.bufferedAmount;
    }
  }
}

function deliver(s: Session, row: EventRow, data: unknown, policy: PolicyOptions, frames: Map<string, string>): void {
  const actor = s.actor;
  if (!actor || !canSeeEvent(actor, row, policy)) return;
  const audience = audienceOf(actor, row.name, data);
  let frame = frames.get(audience);
  if (frame === undefined) {
    frame = JSON.stringify({ type: 'event', seq: row.seq, name: row.name, data: projectEventData(actor, row.name, data) });
    frames.set(audience, frame);
  }
  s.send(frame);
}
