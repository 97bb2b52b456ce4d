import type { ChannelCapabilities, UnreadSnapshot } from '@chatdesk/protocol';
import { authenticate, type AuthOutcome } from '../auth/tokens.js';
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

/** Where a welcomed session starts. */
export interface SessionStart {
  /** The newest seq: the welcome's, and where the live events take over from the replay. */
  head: number;
  resumed: boolean;
  /** The unread counts of a fresh start (a resumed client keeps its own). */
  unread?: UnreadSnapshot;
  /** What a resumed client missed, after its resume point up to `head`. */
  replay: readonly EventRow[];
  /** `welcome.channels`: what each channel kind can carry. */
  channels: Record<string, ChannelCapabilities>;
}

/** A hello's token: the actor, or the close code that refuses it. */
export function checkHello(uow: UnitOfWork, token: string, opts: SessionOptions): Promise<AuthOutcome> {
  const sys = uow.systemContext();
  return authenticate(sys.store, opts.secret, token, { now: sys.clock.now(), maxUserTokenTtlMs: opts.maxUserTokenTtlMs });
}

/**
 * The rest of a hello, once the caller has registered the session for live events (held until
 * this resolves), in one transaction: the user's name and rights refreshed from the token (the
 * host CRM is their source of truth), then the head, the resume decision and what to replay.
 * Live events committed meanwhile are held by the caller; those up to `head` are in the replay or
 * in what a fresh client fetches, the later ones follow it: nothing is lost or doubled whatever
 * commits between the reads, on this node or another.
 */
export async function startSession(
  uow: UnitOfWork,
  actor: Actor,
  hello: { resumeFrom?: number | undefined; epoch?: string | undefined },
  opts: SessionOptions,
): Promise<SessionStart> {
  return uow.system(async (ctx) => {
    if (actor.kind === 'user') await ctx.store.users.upsert(actor, ctx.clock.now());
    const head = await ctx.store.events.head();
    const from = hello.resumeFrom;
    const resumed =
      from !== undefined &&
      hello.epoch === opts.epoch &&
      from <= head &&
      from >= (await ctx.store.events.prunedThrough()) &&
      head - from <= MAX_REPLAY;
    return {
      head,
      resumed,
      channels: ctx.channels.capabilities(),
      ...(resumed ? {} : { unread: await unreadSnapshot({ ...ctx, actor, signals: [] }) }),
      replay: resumed && from < head ? await ctx.store.events.after(from, head - from) : [],
    };
  });
}
