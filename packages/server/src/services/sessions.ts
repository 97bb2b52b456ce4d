import type { ChannelCapabilities, PrivacyNotice, PublicSettings, UnreadSnapshot } from '@chatdesk/protocol';
import { authenticate, type AuthOutcome } from '../auth/tokens.js';
import type { EventRow } from '../ports/event-bus.js';
import type { Actor, SystemContext } from './context.js';
import { canSeeEvent } from './policy.js';
import { unreadSnapshot } from './conversations.js';
import { channelsFor } from './channel-rules.js';
import { loadSettingsDoc, publicSettings } from './settings-doc.js';
import { privacyNotice } from './privacy.js';
import type { UnitOfWork } from './unit-of-work.js';

/** More missed events that the user may see than this are cheaper to refetch than to replay. */
export const MAX_REPLAY = 10_000;
/**
 * How far a resume looks through the log for the events a user may see, when more than
 * MAX_REPLAY events of any kind have passed: the scan reads rows, not data, in pages; a gap
 * longer than this is refetched. (Idle sessions learn the head every few seconds, so a gap this long
 * means a client that was away, not one that was idle.)
 */
export const MAX_RESUME_SCAN = 100_000;
const SCAN_PAGE = 5_000;

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
  /** `welcome.channels`: what each channel the actor may see can carry, by id. */
  channels: Record<string, ChannelCapabilities>;
  /** `welcome.settings`: what every user's panel follows (read in the start's transaction). */
  settings: PublicSettings;
  /** `welcome.privacy`: a visitor whose channel asks for agreement to the policy (S-SET-5). */
  privacy?: PrivacyNotice;
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
    const resumable = from !== undefined && hello.epoch === opts.epoch && from <= head && from >= (await ctx.store.events.prunedThrough());
    const replay = resumable ? await missed(ctx, actor, from, head) : undefined;
    const privacy = actor.kind === 'visitor' ? await privacyNotice(ctx.store, actor.customerId, actor.channelId) : undefined;
    return {
      ...(privacy ? { privacy } : {}),
      head,
      resumed: replay !== undefined,
      channels: await channelsFor(ctx, actor),
      settings: publicSettings(await loadSettingsDoc(ctx.store, { managersSeeUnassigned: ctx.policy.managersSeeUnassigned })),
      ...(replay ? {} : { unread: await unreadSnapshot({ ...ctx, actor, signals: [] }) }),
      replay: replay ?? [],
    };
  }, 'read');
}

/**
 * The logged rows after `from` up to `head` that the actor may see, or undefined when they are
 * too many to replay (more than MAX_REPLAY, or a gap longer than MAX_RESUME_SCAN to look
 * through). The window counts what the user could see, not the whole log: an idle manager does
 * not lose their resume because other conversations were busy. The hub checks each row again
 * as it replays (with the data, which hides more from visitors).
 */
async function missed(ctx: SystemContext, actor: Actor, from: number, head: number): Promise<EventRow[] | undefined> {
  if (head - from <= MAX_REPLAY) return from < head ? ctx.store.events.after(from, head - from) : [];
  if (head - from > MAX_RESUME_SCAN) return undefined;
  const out: EventRow[] = [];
  for (let at = from; at < head; ) {
    const page = await ctx.store.events.after(at, Math.min(SCAN_PAGE, head - at));
    if (page.length === 0) break;
    for (const row of page) {
      if (row.seq > head) return out;
      if (canSeeEvent(actor, row, ctx.policy)) out.push(row);
    }
    if (out.length > MAX_REPLAY) return undefined;
    at = page[page.length - 1]!.seq;
  }
  return out;
}
