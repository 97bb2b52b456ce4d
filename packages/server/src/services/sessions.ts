import type { UnreadSnapshot } from '@chatdesk/protocol';
import { authenticate } from '../auth/tokens.js';
import type { EventRow } from '../ports/event-bus.js';
import type { Actor } from './context.js';
import { unreadSnapshot } from './conversations.js';
import type { UnitOfWork } from './unit-of-work.js';

/** More missed events than this are cheaper to refetch than to replay. */
export const MAX_REPLAY = 10_000;

export interface SessionOptions {
  secret: string;
  /** The database's epoch: a resume point of another database is no resume point. */
  epoch: string;
  maxUserTokenTtlMs: number;
}

export type SessionOpening =
  | { ok: false; close: 'UNAUTHENTICATED' | 'FORBIDDEN'; reason?: string }
  | {
      ok: true;
      actor: Actor;
      expiresAt: number;
      /** The newest seq: the welcome's, and where the live events take over from the replay. */
      head: number;
      resumed: boolean;
      /** The unread counts of a fresh start (a resumed client keeps its own). */
      unread?: UnreadSnapshot;
      /** What a resumed client missed, after its resume point up to `head`. */
      replay: readonly EventRow[];
    };

/**
 * A hello: the token checked, the user's name and rights refreshed from it (the host CRM is their
 * source of truth), and the resume decided. The caller must register the session for live events
 * before anything else commits: today nothing can, since this runs synchronously to the end.
 */
export function openSession(
  uow: UnitOfWork,
  hello: { token: string; resumeFrom?: number | undefined; epoch?: string | undefined },
  opts: SessionOptions,
): SessionOpening {
  const sys = uow.systemContext();
  const now = sys.clock.now();
  const auth = authenticate(sys.repo, opts.secret, hello.token, { now, maxUserTokenTtlMs: opts.maxUserTokenTtlMs });
  if (!auth.ok) return auth;
  const { actor } = auth;
  if (actor.kind === 'user') uow.system((ctx) => ctx.repo.upsertUser(actor, now));
  const { repo } = sys;
  const head = repo.headSeq();
  const from = hello.resumeFrom;
  const resumed =
    from !== undefined && hello.epoch === opts.epoch && from <= head && from >= repo.prunedThrough() && head - from <= MAX_REPLAY;
  return {
    ok: true,
    actor,
    expiresAt: auth.expiresAt,
    head,
    resumed,
    ...(resumed ? {} : { unread: unreadSnapshot(uow.context(actor)) }),
    replay: resumed && from < head ? repo.eventsAfter(from, head - from) : [],
  };
}
