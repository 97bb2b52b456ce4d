import type { SystemEvent, TimeLimits } from '@chatdesk/protocol';
import { ANALYTICS_COUNT_COLUMNS, type AnalyticsConversationRow, type AnalyticsCounts, type AnalyticsKey, type AnalyticsMessageRow, type RunningKey } from '../ports/storage.js';
import type { SystemContext } from './context.js';
import { limitsOf } from './sla.js';
import { loadSettings } from './settings-doc.js';

/*
 * S-AN-1: the analytics fold. A job (once across a cluster) reads the messages stored after its
 * watermark, in id order, and adds what they say to the rollups: the thread holds everything the
 * figures need (the customers', staff's and bots' messages, and the system notices of S-DLG-5 for
 * closing, reopening and assignment). The send path pays nothing; a rebuild folds every message
 * again from an empty rollup and comes to the same figures (a test holds it to that).
 */

/** A rollup bucket: a quarter of an hour (every time zone's midnight falls on one's edge). */
export const BUCKET_MS = 15 * 60_000;
/** Messages one transaction of the fold takes at most where its statements are round trips (PostgreSQL). */
export const FOLD_BATCH = 100;
/**
 * The same on SQLite, where a transaction holds the event loop while it runs: 100 messages took
 * 1.5–5 ms, a long turn ten times a second at 1,000 msg/s that every send in flight waited
 * through (the latency figure's p99 13–33 ms against 8–16 ms with 25, in alternating runs).
 */
export const FOLD_BATCH_ON_LOOP = 25;

export const bucketOf = (at: number) => at - (at % BUCKET_MS);

type CountRow = RunningKey & { bucket: number } & AnalyticsCounts;
const zero = (): AnalyticsCounts => ({
  new_count: 0,
  assigned: 0,
  closed: 0,
  reopened: 0,
  open_delta: 0,
  msgs_customer: 0,
  msgs_manager: 0,
  msgs_bot: 0,
  waits: 0,
  waits_warning: 0,
  waits_breached: 0,
  waits_in_time: 0,
  handled: 0,
});

/** What one batch adds, gathered in memory and written in a few multi-row statements. */
class FoldBatch {
  readonly counts = new Map<string, CountRow>();
  readonly durations: Array<AnalyticsKey & { at: number; kind: 'first' | 'resolution'; ms: number }> = [];

  /** Adds to the quarter's counts of the channel and manager, of the channel, and of the manager. */
  add(at: number, channel: number, manager: string | null, what: Partial<AnalyticsCounts>): void {
    const bucket = bucketOf(at);
    const managerId = manager ?? '';
    this.#add({ level: 0, channel_id: channel, manager_id: managerId }, bucket, what);
    this.#add({ level: 1, channel_id: channel, manager_id: '' }, bucket, what);
    this.#add({ level: 2, channel_id: 0, manager_id: managerId }, bucket, what);
  }

  #add(key: RunningKey, bucket: number, what: Partial<AnalyticsCounts>): void {
    const id = `${key.level}|${bucket}|${key.channel_id}|${key.manager_id}`;
    let row = this.counts.get(id);
    if (!row) this.counts.set(id, (row = { ...key, bucket, ...zero() }));
    for (const k in what) row[k as keyof AnalyticsCounts] += what[k as keyof AnalyticsCounts]!;
  }

  /** A wait of S-SLA-1 ended: by a staff reply (`answered`) or by the closing. */
  wait(at: number, channel: number, manager: string | null, ms: number, limits: TimeLimits): void {
    this.add(at, channel, manager, {
      waits: 1,
      waits_warning: limits.warningMs !== null && ms >= limits.warningMs ? 1 : 0,
      waits_breached: ms >= limits.processingMs ? 1 : 0,
      // In time: it never turned red, whether a reply or the closing ended it (as the marker shows it).
      waits_in_time: ms < limits.processingMs ? 1 : 0,
    });
  }
}

function parseNotice(system: string | null): SystemEvent | undefined {
  if (system === null) return undefined;
  try {
    return JSON.parse(system) as SystemEvent;
  } catch {
    return undefined;
  }
}

/** Adds one message to the batch and moves its conversation's state on. */
function foldMessage(m: AnalyticsMessageRow, s: AnalyticsConversationRow, out: FoldBatch, limits: TimeLimits): void {
  const at = m.created_at;
  const channel = s.channel_id;
  switch (m.author_kind) {
    case 'customer': {
      out.add(at, channel, s.assignee_id, { msgs_customer: 1 });
      if (s.first_customer_at === null && !s.answered) s.first_customer_at = at;
      // As the send path sets it: each customer message (re)starts the clock (S-SLA-1).
      s.wait_since = at;
      return;
    }
    case 'manager': {
      // Whoever answers an unassigned conversation takes it (the send path does so without a notice).
      if (s.assignee_id === null) {
        if (s.open) {
          out.add(at, channel, null, { open_delta: -1 });
          out.add(at, channel, m.author_id, { open_delta: 1 });
        }
        out.add(at, channel, m.author_id, { assigned: 1 });
        s.assignee_id = m.author_id;
      }
      // "Handled": an opening counts once per manager, at their first reply in it.
      const repliers = s.repliers === '' ? [] : s.repliers.split('\n');
      const first = !repliers.includes(m.author_id);
      if (first) s.repliers = [...repliers, m.author_id].join('\n');
      out.add(at, channel, m.author_id, { msgs_manager: 1, handled: first ? 1 : 0 });
      if (s.first_customer_at !== null && !s.answered) {
        out.durations.push({ at, channel_id: channel, manager_id: m.author_id, kind: 'first', ms: at - s.first_customer_at });
        s.answered = true;
        s.first_customer_at = null;
      }
      if (s.wait_since !== null) {
        out.wait(at, channel, m.author_id, at - s.wait_since, limits);
        s.wait_since = null;
      }
      return;
    }
    case 'bot':
      // A bot's answer does not stop the clock (S-SLA-1) nor count as the first response.
      out.add(at, channel, s.assignee_id, { msgs_bot: 1 });
      return;
    case 'system':
      return foldNotice(at, parseNotice(m.system), s, out, limits);
  }
}

function foldNotice(at: number, notice: SystemEvent | undefined, s: AnalyticsConversationRow, out: FoldBatch, limits: TimeLimits): void {
  const channel = s.channel_id;
  switch (notice?.type) {
    case 'closed':
    case 'autoClosed':
      if (!s.open) return;
      out.add(at, channel, s.assignee_id, { closed: 1, open_delta: -1 });
      out.durations.push({ at, channel_id: channel, manager_id: s.assignee_id ?? '', kind: 'resolution', ms: at - s.opened_at });
      if (s.wait_since !== null) out.wait(at, channel, s.assignee_id, at - s.wait_since, limits);
      s.open = false;
      s.wait_since = null;
      s.first_customer_at = null;
      return;
    case 'reopened':
      if (s.open) return;
      out.add(at, channel, s.assignee_id, { reopened: 1, open_delta: 1 });
      s.open = true;
      s.opened_at = at;
      s.first_customer_at = null;
      s.answered = false;
      s.repliers = '';
      return;
    case 'assigned':
    case 'reassigned':
    case 'unassigned': {
      const to = notice.to?.id ?? null;
      if (to === s.assignee_id) return;
      if (s.open) {
        out.add(at, channel, s.assignee_id, { open_delta: -1 });
        out.add(at, channel, to, { open_delta: 1 });
      }
      if (to !== null) out.add(at, channel, to, { assigned: 1 });
      s.assignee_id = to;
      return;
    }
    default:
      // 'opened' (the conversation's first sight opened it already) and anything unknown.
      return;
  }
}

/**
 * One run of the fold: at most `batch` messages after the watermark, those of customer
 * conversations added to the rollups, the watermark moved past them all, in the caller's
 * transaction. Resolves to the messages read (a full batch: there may be more).
 * The SLA flags use the limits in force now (when the wait ended, give or take the fold's lag).
 */
export async function foldAnalytics(ctx: SystemContext, batch = FOLD_BATCH): Promise<number> {
  if (!(await ctx.store.jobs.claim('analytics'))) return 0;
  const { id: after, at: upTo } = await ctx.store.analytics.watermark();
  const read = await ctx.store.analytics.messagesAfter(after, batch);
  if (read.length === 0) return 0;
  const messages = read.filter((m) => m.conversation_kind === 'customer');
  if (messages.length === 0) {
    await ctx.store.analytics.setWatermark(read[read.length - 1]!.id, upTo);
    return read.length;
  }
  const settings = await loadSettings(ctx.store);
  const ids = [...new Set(messages.map((m) => m.conversation_id))];
  const states = await ctx.store.analytics.conversations(ids);
  const out = new FoldBatch();
  const touched = new Map<number, AnalyticsConversationRow>();
  for (const m of messages) {
    let s = states.get(m.conversation_id);
    if (!s) {
      // First sight: the conversation opened when it was created (its "opened" notice says the same).
      s = {
        conversation_id: m.conversation_id,
        channel_id: m.channel_id,
        assignee_id: null,
        open: true,
        opened_at: m.conversation_created_at,
        first_customer_at: null,
        answered: false,
        wait_since: null,
        repliers: '',
      };
      states.set(m.conversation_id, s);
      out.add(m.conversation_created_at, m.channel_id, null, { new_count: 1, open_delta: 1 });
    }
    foldMessage(m, s, out, limitsOf(settings, s.channel_id));
    touched.set(s.conversation_id, s);
  }
  const last = read[read.length - 1]!;
  await ctx.store.analytics.saveConversations([...touched.values()]);
  if (await ctx.store.analytics.rebuilding()) await ctx.store.analytics.addDeltas([...out.counts.values()]);
  else await addToRunningTotals(ctx, [...out.counts.values()]);
  await ctx.store.analytics.addDurations(out.durations);
  // The newest time folded (ids follow commits, and a seeded or imported history may be older).
  let newest = upTo ?? 0;
  for (const m of messages) if (m.created_at > newest) newest = m.created_at;
  await ctx.store.analytics.setWatermark(last.id, newest);
  return read.length;
}

/**
 * Adds a batch's counts to the running totals. Nearly always a key's new counts are in its newest
 * bucket or later, and their rows are worked out here from its newest row; a count for an earlier
 * bucket (a message stored a moment after one of the next quarter) also moves every row after it.
 */
async function addToRunningTotals(ctx: SystemContext, rows: CountRow[]): Promise<void> {
  const a = ctx.store.analytics;
  const byKey = new Map<string, CountRow[]>();
  for (const r of rows) {
    const k = `${r.level}|${r.channel_id}|${r.manager_id}`;
    let list = byKey.get(k);
    if (!list) byKey.set(k, (list = []));
    list.push(r);
  }
  await a.addKeys([...byKey.values()].map((list) => ({ level: list[0]!.level, channel_id: list[0]!.channel_id, manager_id: list[0]!.manager_id })));
  const put: CountRow[] = [];
  for (const list of byKey.values()) {
    list.sort((x, y) => x.bucket - y.bucket);
    const key: RunningKey = { level: list[0]!.level, channel_id: list[0]!.channel_id, manager_id: list[0]!.manager_id };
    const last = await a.lastTotals(key);
    let running: AnalyticsCounts = last ? pick(last) : zero();
    for (const r of list) {
      if (last && r.bucket < last.bucket) {
        const before = (await a.totalsUpTo(key, r.bucket)) ?? zero();
        await a.putTotals([{ ...key, bucket: r.bucket, ...plus(before, r) }]);
        await a.shiftTotals(key, r.bucket, pick(r));
        running = plus(running, r);
      } else {
        running = plus(running, r);
        put.push({ ...key, bucket: r.bucket, ...running });
      }
    }
  }
  await a.putTotals(put);
}

const pick = (c: AnalyticsCounts): AnalyticsCounts => {
  const out = zero();
  for (const k of ANALYTICS_COUNT_COLUMNS) out[k] = c[k];
  return out;
};
const plus = (x: AnalyticsCounts, y: AnalyticsCounts): AnalyticsCounts => {
  const out = zero();
  for (const k of ANALYTICS_COUNT_COLUMNS) out[k] = x[k] + y[k];
  return out;
};

/**
 * The rebuild: empties the rollups, then folds every message again (one transaction a batch) into
 * plain sums per quarter — an old or imported database's messages need not come in time order,
 * which the running totals would pay for row by row — and makes the running totals from them at
 * the end in one ordered pass. Meanwhile the job (here or on another node) folds the same way.
 */
export async function rebuildAnalytics(run: <T>(fn: (ctx: SystemContext) => Promise<T>) => Promise<T>, batch = FOLD_BATCH): Promise<number> {
  await run(async (ctx) => {
    if (!(await ctx.store.jobs.claim('analytics'))) throw new Error('the analytics fold is running elsewhere; try again');
    await ctx.store.analytics.clear();
    await ctx.store.analytics.setRebuilding(true);
  });
  let total = 0;
  // The statistics after 1, 2, 4, 8… batches: never more than twice behind the tables, at a
  // handful of ANALYZEs for the whole rebuild.
  let nextAnalyze = 1;
  for (let batches = 1; ; batches++) {
    const n = await run((ctx) => foldAnalytics(ctx, batch));
    if (n === 0) break;
    total += n;
    if (batches === nextAnalyze) {
      nextAnalyze *= 2;
      await run((ctx) => ctx.store.analytics.analyze());
    }
  }
  // The job may be folding the last messages meanwhile (they go into the sums too): wait for its turn to end.
  for (let attempt = 0; ; attempt++) {
    const done = await run(async (ctx) => {
      if (!(await ctx.store.jobs.claim('analytics'))) return false;
      await ctx.store.analytics.runningFromDeltas();
      await ctx.store.analytics.setRebuilding(false);
      return true;
    });
    if (done) return total;
    if (attempt === 100) throw new Error('the analytics fold kept running elsewhere; run the rebuild again');
    await new Promise((r) => setTimeout(r, 100));
  }
}
