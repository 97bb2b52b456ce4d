import { ChatError, type AnalyticsFigures, type AnalyticsGroup, type Durations, type Params, type Result } from '@chatdesk/protocol';
import { ANALYTICS_COUNT_COLUMNS as COUNT_COLUMNS, type AnalyticsCounts, type AnalyticsKey } from '../ports/storage.js';

/** A period of a report: [start, end) in ms. */
interface PeriodEdges {
  start: number;
  end: number;
}
import type { ServiceContext } from './context.js';
import { analyticsScope } from './policy.js';
import { loadSettings } from './settings-doc.js';
import { nextDate, startOfLocalDay, weekdayOf } from './zoned-days.js';

/*
 * S-AN-1: `analytics.report`. Everything comes from the rollups (services/analytics-fold.ts): the
 * running totals of each channel and manager at every day's edge (a day's counts are the
 * difference of its two edges; the open conversations at its end, the total of opened minus
 * closed), the first responses and resolutions of the range as values (their medians need them),
 * and the runs online.
 */

/** How often each node tells that its users' runs online go on (services/online-time.ts). */
export const ONLINE_HEARTBEAT_MS = 60_000;
/** An open run not heard of for this long ended when it was last heard of (its node died). */
const ONLINE_STALE_MS = 3 * ONLINE_HEARTBEAT_MS;

type Counts = AnalyticsCounts;

/** One cell of the report (a period × a group) while it is summed. */
class Cell {
  counts: Counts = Object.fromEntries(COUNT_COLUMNS.map((c) => [c, 0])) as unknown as Counts;
  openAtEnd = 0;
  first: number[] = [];
  resolution: number[] = [];
  onlineMs = 0;

  addCounts(c: Counts): void {
    for (const k of COUNT_COLUMNS) this.counts[k] += Number(c[k]);
  }

  any(): boolean {
    return COUNT_COLUMNS.some((k) => this.counts[k] !== 0) || this.openAtEnd !== 0 || this.first.length > 0 || this.resolution.length > 0 || this.onlineMs > 0;
  }

  figures(): AnalyticsFigures {
    const c = this.counts;
    return {
      conversations: { new: c.new_count, assigned: c.assigned, closed: c.closed, reopened: c.reopened, openAtEnd: this.openAtEnd },
      messages: { customer: c.msgs_customer, manager: c.msgs_manager, bot: c.msgs_bot },
      firstResponse: distribution(this.first),
      resolution: distribution(this.resolution),
      sla: { waits: c.waits, warning: c.waits_warning, breached: c.waits_breached, inTime: c.waits_in_time, inTimeShare: c.waits === 0 ? null : c.waits_in_time / c.waits },
      managers: { handled: c.handled, onlineMs: this.onlineMs },
    };
  }
}

/** Nearest rank: the smallest value with at least `q` of them at or below it. */
export function nearestRank(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

function distribution(values: number[]): Durations {
  const sorted = values.sort((a, b) => a - b);
  return { count: sorted.length, medianMs: nearestRank(sorted, 0.5), p90Ms: nearestRank(sorted, 0.9) };
}

/** The index of the period holding `at` (periods are contiguous and ordered), or -1. */
function periodOf(edges: readonly PeriodEdges[], at: number): number {
  let lo = 0;
  let hi = edges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = edges[mid]!;
    if (at < p.start) hi = mid - 1;
    else if (at >= p.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** The union of the runs, clipped to [from, to): runs on two nodes at once count once. */
export function unionMs(runs: ReadonlyArray<readonly [number, number]>, from: number, to: number): number {
  const clipped = runs.map(([s, e]) => [Math.max(s, from), Math.min(e, to)] as const).filter(([s, e]) => e > s);
  clipped.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let curStart = -1;
  let curEnd = -1;
  for (const [s, e] of clipped) {
    if (s > curEnd) {
      total += curEnd - curStart;
      curStart = s;
      curEnd = e;
    } else if (e > curEnd) curEnd = e;
  }
  return total + (curEnd - curStart);
}

export async function analyticsReport(ctx: ServiceContext, p: Params<'analytics.report'>): Promise<Result<'analytics.report'>> {
  const scope = analyticsScope(ctx.actor);
  if (scope === undefined) throw new ChatError('FORBIDDEN', 'Analytics are for staff.');
  const manager = scope.manager;
  const now = ctx.clock.now();
  const a = ctx.store.analytics;

  // The days, each [its midnight, the next one's), and the series' periods made of them.
  const days: Array<PeriodEdges & { date: string }> = [];
  for (let d = p.from, start = startOfLocalDay(d, p.timeZone); d <= p.to; ) {
    const next = nextDate(d);
    const end = startOfLocalDay(next, p.timeZone);
    days.push({ date: d, start, end });
    d = next;
    start = end;
  }
  const periods: Array<PeriodEdges & { from: string; to: string; days: number[] }> = [];
  for (let i = 0; i < days.length; i++) {
    const day = days[i]!;
    const last = periods[periods.length - 1];
    if (p.series === 'week' && last && weekdayOf(day.date) !== 0) {
      last.to = day.date;
      last.end = day.end;
      last.days.push(i);
    } else periods.push({ from: day.date, to: day.date, start: day.start, end: day.end, days: [i] });
  }
  const rangeStart = days[0]!.start;
  const rangeEnd = days[days.length - 1]!.end;
  const periodOfDay: number[] = [];
  periods.forEach((per, i) => per.days.forEach((d) => (periodOfDay[d] = i)));

  // Every day's start, and the last day's end.
  const edges = [...days.map((d) => d.start), rangeEnd];
  const [settings, watermark, totalsAt, durations, online, channels, users] = await Promise.all([
    loadSettings(ctx.store),
    a.watermark(),
    // A plain manager's own totals per channel; an admin's per channel, or per manager.
    a.totalsAt(edges, manager !== null ? 0 : p.groupBy === 'manager' ? 2 : 1, manager),
    a.durations(rangeStart, rangeEnd, manager),
    a.online(rangeStart, rangeEnd, manager),
    ctx.store.channels.list(),
    manager === null && p.groupBy === 'manager' ? ctx.store.users.list() : Promise.resolve([]),
  ]);

  const storeOf = (channelId: number): string | null => settings.widgets.storeByChannel[String(channelId)] ?? null;
  const groupOf = (k: AnalyticsKey): string | null =>
    p.groupBy === 'channel' ? String(k.channel_id) : p.groupBy === 'store' ? storeOf(Number(k.channel_id)) : k.manager_id === '' ? null : k.manager_id;

  const totals = new Cell();
  const series = periods.map(() => new Cell());
  const groups = new Map<string | null, Cell>();
  const group = (id: string | null) => {
    let g = groups.get(id);
    if (!g) groups.set(id, (g = new Cell()));
    return g;
  };

  // Each key's running totals at every edge (none yet: zero), then each day as their difference.
  const atEdges = new Map<string, AnalyticsKey & { at: Array<AnalyticsCounts | undefined> }>();
  for (const row of totalsAt) {
    const k = `${row.channel_id}|${row.manager_id}`;
    let e = atEdges.get(k);
    if (!e) atEdges.set(k, (e = { channel_id: row.channel_id, manager_id: row.manager_id, at: [] }));
    e.at[row.edge] = row;
  }
  const zero = new Cell().counts;
  for (const k of atEdges.values()) {
    const at = (i: number) => k.at[i] ?? zero;
    const g = group(groupOf(k));
    for (let d = 0; d < days.length; d++) {
      const diff = {} as Counts;
      for (const c of COUNT_COLUMNS) diff[c] = at(d + 1)[c] - at(d)[c];
      totals.addCounts(diff);
      series[periodOfDay[d]!]!.addCounts(diff);
      g.addCounts(diff);
    }
    const openAtEnd = at(days.length).open_delta;
    totals.openAtEnd += openAtEnd;
    g.openAtEnd += openAtEnd;
    periods.forEach((per, i) => (series[i]!.openAtEnd += at(per.days[per.days.length - 1]! + 1).open_delta));
  }

  for (const d of durations) {
    const list = (cell: Cell) => (d.kind === 'first' ? cell.first : cell.resolution);
    const ms = Number(d.ms);
    list(totals).push(ms);
    const i = periodOf(periods, Number(d.at));
    if (i >= 0) list(series[i]!).push(ms);
    list(group(groupOf(d))).push(ms);
  }

  // Time online: each user's runs (a run not heard of lately ended when last heard of).
  const runs = new Map<string, Array<readonly [number, number]>>();
  for (const r of online) {
    const end = r.closed || now - Number(r.seen_at) > ONLINE_STALE_MS ? Number(r.seen_at) : now;
    let list = runs.get(r.user_id);
    if (!list) runs.set(r.user_id, (list = []));
    list.push([Number(r.started_at), end]);
  }
  for (const [userId, list] of runs) {
    const inRange = unionMs(list, rangeStart, Math.min(rangeEnd, now));
    totals.onlineMs += inRange;
    // Time online belongs to a manager, not to a channel or a store.
    if (p.groupBy === 'manager') group(userId).onlineMs += inRange;
    periods.forEach((per, i) => (series[i]!.onlineMs += unionMs(list, per.start, Math.min(per.end, now))));
  }

  const channelName = new Map(channels.map((c) => [String(c.id), c.name]));
  const storeName = new Map((ctx.stores?.() ?? []).map((s) => [s.code, s.name]));
  const userName = new Map(users.map((u) => [u.id, u.name]));
  if (manager !== null && ctx.actor.kind === 'user') userName.set(ctx.actor.id, ctx.actor.name);
  const nameOf = (id: string | null): string => {
    if (id === null) return '';
    if (p.groupBy === 'channel') return channelName.get(id) ?? '';
    if (p.groupBy === 'store') return storeName.get(id) ?? id;
    return userName.get(id) ?? id;
  };
  const out: AnalyticsGroup[] = [...groups]
    .filter(([, cell]) => cell.any())
    .map(([id, cell]) => ({ id, name: nameOf(id), figures: cell.figures() }))
    .sort((x, y) => (x.id === null ? 1 : y.id === null ? -1 : x.name.localeCompare(y.name, 'ru') || x.id.localeCompare(y.id)));

  return {
    from: p.from,
    to: p.to,
    timeZone: p.timeZone,
    groupBy: p.groupBy,
    upTo: watermark.at,
    totals: totals.figures(),
    series: periods.map((per, i) => ({ from: per.from, to: per.to, figures: series[i]!.figures() })),
    groups: out,
  };
}
