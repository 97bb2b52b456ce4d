// S-AN-1 against a real server: a month of conversations made through real calls on a moved clock,
// folded into the rollups by the analytics job, and every figure of `analytics.report` checked
// against an independent computation from the messages as the protocol lists them (local days by
// Intl, no rollups, no buckets), in three time zones; the rebuild comes to the same report; a plain
// manager sees their own figures only. On SQLite, and on PostgreSQL with CHATDESK_TEST_STORAGE.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { startOfLocalDay } from '../src/services/zoned-days.js';
import { cmid, code, connect, startServer, visitorConversation, type TestClient } from './helpers.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const WARNING = 30 * MIN;
const PROCESSING = 2 * HOUR;
/** 2027-03-15 08:00 UTC: the month crosses Europe/Berlin's change to summer time (2027-03-28). */
const T0 = Date.UTC(2027, 2, 15, 8);

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

async function world(t: TestContext) {
  let now = T0;
  // Every job is run by the test, not by its timer: the clock only moves when the test moves it.
  const server = await startServer(t, {
    clock: { now: () => now },
    slaIntervalMs: 3_600_000,
    autoCloseIntervalMs: 3_600_000,
    analyticsIntervalMs: 3_600_000,
    // Staff stay connected while the clock moves over the month.
    maxTokenTtlSeconds: 60 * 86_400,
    stores: [{ code: 'shoes', name: 'Обувь' }],
  });
  const token = (id: string, name: string, rights: string[]) => server.userToken({ id, name, rights: rights as never, ttlSeconds: 60 * 86_400 });
  const admin = await connect(t, server, token('olga', 'Ольга', ['chats', 'admin']));
  const anna = await connect(t, server, token('anna', 'Анна', ['chats']));
  const boris = await connect(t, server, token('boris', 'Борис', ['chats']));
  // The web channel comes with its first visitor.
  await server.visitorToken({});
  const settings = await admin.call('settings.get', {});
  const web = settings.channels[0].id;
  await admin.call('settings.update', {
    timeLimits: { default: { warningMs: WARNING, processingMs: PROCESSING }, perChannel: {} },
    widgets: { ...settings.settings.widgets, storeByChannel: { [String(web)]: 'shoes' } },
  });
  await new Promise((r) => setTimeout(r, 50));
  // `rewind`: another node's clock a little behind (a message stored after one of a later quarter).
  return { server, admin, anna, boris, web, setNow: (t: number) => (now = Math.max(now, t)), rewind: (t: number) => (now = t), now: () => now };
}

type World = Awaited<ReturnType<typeof world>>;

/** A month of conversations: every action at its own moment, the clock moved to each in turn. */
async function generateMonth(t: TestContext, w: World, conversations: number, seed: number): Promise<void> {
  const rand = rng(seed);
  const staff: Record<string, TestClient> = { olga: w.admin, anna: w.anna, boris: w.boris };
  type Action = { at: number; run: () => Promise<void> };
  const actions: Action[] = [];
  for (let i = 0; i < conversations; i++) {
    const start = T0 + i * 19 * HOUR + Math.floor(rand() * 6 * HOUR);
    const state: { visitor?: TestClient; id?: number; assignee: string | null } = { assignee: null };
    const later = (base: number, ms: number) => base + Math.max(1_000, Math.floor(ms));
    let at = start;
    actions.push({
      at,
      run: async () => {
        const { token } = await w.server.visitorToken({ name: `Клиент ${i}` });
        state.visitor = await connect(t, w.server, token);
        state.id = (await state.visitor.call('messages.send', { clientMessageId: cmid('c'), text: 'Здравствуйте' })).conversation.id;
      },
    });
    if (rand() < 0.6) {
      const to = rand() < 0.5 ? 'anna' : 'boris';
      at = later(at, rand() * 20 * MIN);
      actions.push({ at, run: async () => void (await w.admin.call('conversations.assign', { conversationId: state.id!, assigneeId: (state.assignee = to) })) });
    }
    if (rand() < 0.5) {
      at = later(at, rand() * 40 * MIN);
      actions.push({ at, run: async () => void (await state.visitor!.call('messages.send', { clientMessageId: cmid('c'), text: 'Ау?' })) });
    }
    if (rand() < 0.85) {
      // Replies from a minute to four hours: in time, past the warning, past the processing time.
      at = later(at, rand() * 4 * HOUR);
      actions.push({
        at,
        run: async () => {
          const who = state.assignee ?? (['olga', 'anna', 'boris'] as const)[Math.floor(rand() * 3)]!;
          state.assignee ??= who;
          await staff[who]!.call('messages.send', { conversationId: state.id!, clientMessageId: cmid('r'), text: 'Ответ' });
        },
      });
    }
    if (rand() < 0.3) {
      at = later(at, rand() * 3 * HOUR);
      actions.push({ at, run: async () => void (await w.admin.call('conversations.assign', { conversationId: state.id!, assigneeId: (state.assignee = state.assignee === 'anna' ? 'boris' : 'anna') })) });
    }
    if (rand() < 0.7) {
      at = later(at, rand() * 30 * HOUR);
      actions.push({ at, run: async () => void (await w.admin.call('conversations.close', { conversationId: state.id! })) });
      if (rand() < 0.4) {
        // The customer writes again: the conversation reopens; sometimes staff answer and close it again.
        at = later(at, rand() * 48 * HOUR);
        actions.push({ at, run: async () => void (await state.visitor!.call('messages.send', { clientMessageId: cmid('c'), text: 'Ещё вопрос' })) });
        if (rand() < 0.7) {
          at = later(at, rand() * 3 * HOUR);
          actions.push({ at, run: async () => void (await w.admin.call('messages.send', { conversationId: state.id!, clientMessageId: cmid('r'), text: 'Отвечаем' })) });
          at = later(at, rand() * 5 * HOUR);
          actions.push({ at, run: async () => void (await w.admin.call('conversations.close', { conversationId: state.id! })) });
        }
      }
    }
  }
  actions.sort((a, b) => a.at - b.at);
  for (const [n, a] of actions.entries()) {
    w.setNow(a.at);
    await a.run();
    // Fold now and then in the middle: the incremental result is what the rebuild must equal.
    if (n % 37 === 36) await w.server.app.chat.foldAnalytics();
  }
}

// ---- the independent computation -------------------------------------------------------------

interface Fig {
  conversations: { new: number; assigned: number; closed: number; reopened: number; openAtEnd: number };
  messages: { customer: number; manager: number; bot: number };
  first: number[];
  resolution: number[];
  sla: { waits: number; warning: number; breached: number; inTime: number };
  handled: number;
}
const emptyFig = (): Fig => ({
  conversations: { new: 0, assigned: 0, closed: 0, reopened: 0, openAtEnd: 0 },
  messages: { customer: 0, manager: 0, bot: 0 },
  first: [],
  resolution: [],
  sla: { waits: 0, warning: 0, breached: 0, inTime: 0 },
  handled: 0,
});

const localDay = (t: number, zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);

function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(q * sorted.length) - 1] ?? sorted[0]!;
}

function asReport(f: Fig) {
  return {
    conversations: f.conversations,
    messages: f.messages,
    firstResponse: { count: f.first.length, medianMs: quantile(f.first, 0.5), p90Ms: quantile(f.first, 0.9) },
    resolution: { count: f.resolution.length, medianMs: quantile(f.resolution, 0.5), p90Ms: quantile(f.resolution, 0.9) },
    sla: { ...f.sla, inTimeShare: f.sla.waits === 0 ? null : f.sla.inTime / f.sla.waits },
    handled: f.handled,
  };
}

/** Every message of every conversation, as an admin reads them through the protocol. */
async function rawThreads(admin: TestClient) {
  const list: any[] = [];
  let cursor: unknown;
  for (;;) {
    const page = await admin.call('conversations.list', { limit: 100, ...(cursor ? { cursor } : {}) });
    list.push(...page.conversations);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const threads: Array<{ id: number; createdAt: number; messages: any[] }> = [];
  for (const c of list) {
    const { messages } = await admin.call('messages.list', { conversationId: c.id, limit: 100 });
    threads.push({ id: c.id, createdAt: c.createdAt, messages });
  }
  return threads;
}

/**
 * The figures per local day, per manager ('' = none) and in all, straight from the threads: each
 * thread walked in order, each happening put on its local day by Intl.
 */
function independent(threads: Awaited<ReturnType<typeof rawThreads>>, zone: string, days: string[]) {
  const cell = new Map<string, Fig>();
  const at = (day: string, manager: string) => {
    const key = `${day}|${manager}`;
    let f = cell.get(key);
    if (!f) cell.set(key, (f = emptyFig()));
    return f;
  };
  // Who holds which conversation open at the end of each day.
  const openTimeline: Array<{ t: number; id: number; manager: string | null; open: boolean }> = [];
  for (const th of threads) {
    let open = true;
    let assignee: string | null = null;
    let openedAt = th.createdAt;
    let firstAt: number | null = null;
    let answered = false;
    let waitSince: number | null = null;
    let repliers = new Set<string>();
    at(localDay(th.createdAt, zone), '').conversations.new++;
    openTimeline.push({ t: th.createdAt, id: th.id, manager: null, open: true });
    for (const m of [...th.messages].sort((a, b) => a.id - b.id)) {
      const t = m.createdAt as number;
      const day = localDay(t, zone);
      const wait = (manager: string, ms: number) => {
        const s = at(day, manager).sla;
        s.waits++;
        if (ms >= WARNING) s.warning++;
        if (ms >= PROCESSING) s.breached++;
        if (ms < PROCESSING) s.inTime++;
      };
      if (m.author.kind === 'customer') {
        at(day, assignee ?? '').messages.customer++;
        if (firstAt === null && !answered) firstAt = t;
        waitSince = t;
      } else if (m.author.kind === 'manager') {
        const me = m.author.id as string;
        if (assignee === null) {
          assignee = me;
          at(day, me).conversations.assigned++;
          openTimeline.push({ t, id: th.id, manager: assignee, open });
        }
        const f = at(day, me);
        f.messages.manager++;
        // An opening counts once per manager who replied in it, on the day of their first reply.
        if (!repliers.has(me)) {
          repliers.add(me);
          f.handled++;
        }
        if (firstAt !== null && !answered) {
          f.first.push(t - firstAt);
          answered = true;
          firstAt = null;
        }
        if (waitSince !== null) {
          wait(me, t - waitSince);
          waitSince = null;
        }
      } else if (m.author.kind === 'bot') {
        at(day, assignee ?? '').messages.bot++;
      } else if (m.system) {
        const type = m.system.type as string;
        if ((type === 'closed' || type === 'autoClosed') && open) {
          const f = at(day, assignee ?? '');
          f.conversations.closed++;
          f.resolution.push(t - openedAt);
          if (waitSince !== null) wait(assignee ?? '', t - waitSince);
          waitSince = null;
          firstAt = null;
          open = false;
          openTimeline.push({ t, id: th.id, manager: assignee, open });
        } else if (type === 'reopened' && !open) {
          at(day, assignee ?? '').conversations.reopened++;
          open = true;
          openedAt = t;
          firstAt = null;
          answered = false;
          repliers = new Set();
          openTimeline.push({ t, id: th.id, manager: assignee, open });
        } else if (type === 'assigned' || type === 'reassigned' || type === 'unassigned') {
          const to = (m.system.to?.id as string | undefined) ?? null;
          if (to !== assignee) {
            if (to !== null) at(day, to).conversations.assigned++;
            assignee = to;
            openTimeline.push({ t, id: th.id, manager: assignee, open });
          }
        }
      }
    }
  }
  // Open at the end of each day: the last state of each conversation with a change on or before it.
  openTimeline.sort((a, b) => a.t - b.t);
  const lastDay = days[days.length - 1]!;
  for (const day of days) {
    const state = new Map<number, { manager: string | null; open: boolean }>();
    for (const e of openTimeline) if (localDay(e.t, zone) <= day) state.set(e.id, e);
    for (const s of state.values()) if (s.open) at(day, s.manager ?? '').conversations.openAtEnd++;
  }
  const sum = (figs: Fig[], openDay: string | null): Fig => {
    const out = emptyFig();
    for (const f of figs) {
      for (const k of ['new', 'assigned', 'closed', 'reopened'] as const) out.conversations[k] += f.conversations[k];
      for (const k of ['customer', 'manager', 'bot'] as const) out.messages[k] += f.messages[k];
      for (const k of ['waits', 'warning', 'breached', 'inTime'] as const) out.sla[k] += f.sla[k];
      out.first.push(...f.first);
      out.resolution.push(...f.resolution);
      out.handled += f.handled;
    }
    return out;
  };
  const dayFigs = (day: string) => [...cell].filter(([k]) => k.startsWith(`${day}|`)).map(([, f]) => f);
  const openAt = (day: string, manager?: string) =>
    [...cell].filter(([k]) => k.startsWith(`${day}|`) && (manager === undefined || k === `${day}|${manager}`)).reduce((n, [, f]) => n + f.conversations.openAtEnd, 0);
  const series = days.map((day) => {
    const f = sum(dayFigs(day), day);
    f.conversations.openAtEnd = openAt(day);
    return asReport(f);
  });
  const all = sum(days.flatMap(dayFigs), lastDay);
  all.conversations.openAtEnd = openAt(lastDay);
  const managers = new Set([...cell.keys()].map((k) => k.split('|')[1]!));
  const groups = new Map<string, ReturnType<typeof asReport>>();
  for (const m of managers) {
    const f = sum(
      days.map((d) => cell.get(`${d}|${m}`)).filter((x): x is Fig => x !== undefined),
      lastDay,
    );
    f.conversations.openAtEnd = openAt(lastDay, m);
    groups.set(m, asReport(f));
  }
  return { series, totals: asReport(all), groups };
}

const withoutOnline = (f: any) => {
  const { managers, ...rest } = f;
  return { ...rest, handled: managers.handled };
};
const isZero = (f: ReturnType<typeof asReport>) =>
  Object.values(f.conversations).every((x) => x === 0) && Object.values(f.messages).every((x) => x === 0) && f.firstResponse.count === 0 && f.resolution.count === 0 && f.sla.waits === 0 && f.handled === 0;

function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) out.push(d);
  return out;
}

test('S-AN-1: a month made through real calls: every figure per day, per manager and in all equals an independent computation from the messages, in UTC, Asia/Kolkata (+05:30) and Europe/Berlin (across its summer-time change); the rebuild equals the incremental fold', async (t) => {
  const w = await world(t);
  await generateMonth(t, w, 36, 7);
  await w.server.app.chat.foldAnalytics();
  const threads = await rawThreads(w.admin);
  assert.ok(threads.length >= 36);
  const reports: unknown[] = [];
  for (const zone of ['UTC', 'Asia/Kolkata', 'Europe/Berlin']) {
    const firstDay = localDay(T0, zone);
    const lastDay = localDay(w.now(), zone);
    const days = daysBetween(firstDay, lastDay);
    const expected = independent(threads, zone, days);
    const report = await w.admin.call('analytics.report', { from: firstDay, to: lastDay, timeZone: zone, groupBy: 'manager' });
    reports.push(report);
    assert.deepEqual(report.series.map((p: any) => p.from), days, `${zone}: a period a day`);
    report.series.forEach((p: any, i: number) => assert.deepEqual(withoutOnline(p.figures), expected.series[i], `${zone} ${days[i]}`));
    assert.deepEqual(withoutOnline(report.totals), expected.totals, `${zone}: totals`);
    // By channel the totals and days come from the per-channel running totals: the same figures.
    const byChannel = await w.admin.call('analytics.report', { from: firstDay, to: lastDay, timeZone: zone, groupBy: 'channel' });
    assert.deepEqual(withoutOnline(byChannel.totals), expected.totals, `${zone}: totals by channel`);
    byChannel.series.forEach((p: any, i: number) => assert.deepEqual(withoutOnline(p.figures), expected.series[i], `${zone} ${days[i]} by channel`));
    const groups = Object.fromEntries(report.groups.map((g: any) => [g.id ?? '', withoutOnline(g.figures)]));
    const expectedGroups = Object.fromEntries([...expected.groups].filter(([id, f]) => !isZero(f) || groups[id]).map(([id, f]) => [id, f]));
    assert.deepEqual(groups, expectedGroups, `${zone}: per manager`);
    assert.deepEqual(
      report.groups.map((g: any) => g.name),
      report.groups.map((g: any) => ({ olga: 'Ольга', anna: 'Анна', boris: 'Борис' })[g.id as string] ?? ''),
    );
    // The data makes every kind of figure happen.
    const tot = report.totals;
    for (const n of [tot.conversations.new, tot.conversations.closed, tot.conversations.reopened, tot.conversations.assigned, tot.firstResponse.count, tot.resolution.count, tot.sla.warning, tot.sla.breached, tot.sla.inTime]) {
      assert.ok(n > 0, `${zone}: ${JSON.stringify(tot)}`);
    }
  }
  // Europe/Berlin's 2027-03-28 has 23 hours: a day of its own in the series all the same.
  const berlin = reports[2] as any;
  assert.ok(berlin.series.some((p: any) => p.from === '2027-03-28'));

  // Weeks: Monday to Sunday, the sums of their days; the medians of the week's values.
  const week = await w.admin.call('analytics.report', { from: '2027-03-15', to: '2027-04-04', timeZone: 'Europe/Berlin', series: 'week' });
  assert.deepEqual(week.series.map((p: any) => [p.from, p.to]), [['2027-03-15', '2027-03-21'], ['2027-03-22', '2027-03-28'], ['2027-03-29', '2027-04-04']]);
  const days = await w.admin.call('analytics.report', { from: '2027-03-15', to: '2027-04-04', timeZone: 'Europe/Berlin' });
  assert.equal(week.series[1].figures.messages.customer, days.series.slice(7, 14).reduce((n: number, p: any) => n + p.figures.messages.customer, 0));
  assert.equal(week.series[2].figures.conversations.openAtEnd, days.series[20].figures.conversations.openAtEnd);
  // By channel and by store: one web channel, mapped to one store: one group, the totals.
  for (const groupBy of ['channel', 'store'] as const) {
    const r = await w.admin.call('analytics.report', { from: '2027-03-15', to: '2027-04-04', timeZone: 'Europe/Berlin', groupBy });
    assert.equal(r.groups.length, 1);
    assert.deepEqual([r.groups[0].id, r.groups[0].name], groupBy === 'channel' ? [String(w.web), r.groups[0].name] : ['shoes', 'Обувь']);
    assert.deepEqual(withoutOnline(r.groups[0].figures), withoutOnline(r.totals));
    assert.deepEqual(withoutOnline(r.totals), withoutOnline(days.totals));
  }

  // The rebuild: everything folded again from empty rollups comes to the same reports.
  const folded = await w.server.app.chat.rebuildAnalytics();
  assert.equal(folded, threads.reduce((n, th) => n + th.messages.length, 0));
  for (const [i, zone] of ['UTC', 'Asia/Kolkata', 'Europe/Berlin'].entries()) {
    const r = reports[i] as any;
    const again = await w.admin.call('analytics.report', { from: r.from, to: r.to, timeZone: zone, groupBy: 'manager' });
    assert.deepEqual(again, r, `${zone}: rebuilt`);
  }
});

test('S-AN-1: a plain manager sees their own figures only; a visitor may not ask; ranges, dates and zones are checked', async (t) => {
  const w = await world(t);
  await generateMonth(t, w, 12, 11);
  await w.server.app.chat.foldAnalytics();
  const range = { from: '2027-03-15', to: '2027-03-31', timeZone: 'Europe/Moscow' };
  const all = await w.admin.call('analytics.report', { ...range, groupBy: 'manager' });
  const annaRow = all.groups.find((g: any) => g.id === 'anna');
  assert.ok(annaRow, 'anna has figures');
  const own = await w.anna.call('analytics.report', { ...range, groupBy: 'manager' });
  assert.deepEqual(own.groups.map((g: any) => g.id), ['anna']);
  assert.deepEqual(withoutOnline(own.groups[0].figures), withoutOnline(annaRow.figures));
  assert.deepEqual(withoutOnline(own.totals), withoutOnline(annaRow.figures));
  // By channel too: her figures only.
  const ownByChannel = await w.anna.call('analytics.report', { ...range, groupBy: 'channel' });
  assert.equal(ownByChannel.totals.messages.manager, annaRow.figures.messages.manager);
  assert.ok(ownByChannel.totals.messages.manager < all.totals.messages.manager);

  const { token } = await w.server.visitorToken({});
  const visitor = await connect(t, w.server, token);
  assert.equal(await code(visitor.call('analytics.report', range)), 'FORBIDDEN');
  for (const bad of [
    { ...range, to: '2027-03-01' },
    { ...range, from: '2026-01-01', to: '2027-01-02' },
    { ...range, from: '2027-02-30' },
    { ...range, from: '15.03.2027' },
    { ...range, timeZone: 'Mars/Olympus' },
    { ...range, groupBy: 'customer' },
    { ...range, series: 'month' },
  ]) {
    assert.equal(await code(w.admin.call('analytics.report', bad)), 'INVALID_PARAMS', JSON.stringify(bad));
  }
});

test('S-AN-1: the fold steps over internal chats\' messages — a whole batch of them too — and counts the customer\'s message after them', async (t) => {
  const w = await world(t);
  const { chat } = await w.anna.call('internal.create', { memberIds: ['boris'] });
  // More than one fold batch (100) of staff talk, then a customer writes.
  for (let i = 0; i < 130; i++) await w.anna.call('internal.send', { chatId: chat.id, clientMessageId: cmid('i'), text: `заметка ${i}` });
  const { conversationId } = await visitorConversation(t, w.server, 'Здравствуйте');
  // The customer's conversation holds their message and the notices the send wrote.
  const { messages } = await w.admin.call('messages.list', { conversationId, limit: 50 });
  assert.equal(await w.server.app.chat.foldAnalytics(), 130 + messages.length, 'every message read once, the watermark past them all');
  assert.equal(await w.server.app.chat.foldAnalytics(), 0);
  const r = await w.admin.call('analytics.report', { from: '2027-03-15', to: '2027-03-15', timeZone: 'UTC', groupBy: 'channel' });
  assert.deepEqual([r.totals.messages.customer, r.totals.messages.manager, r.totals.conversations.new], [1, 0, 1]);
  assert.equal(r.upTo, T0);
});

test('S-AN-1: time online is the union of a manager\'s sessions within the range; a run its node stopped telling about ends where it was last heard of', async (t) => {
  const w = await world(t);
  const online = w.server.app.chat.online;
  const report = async () => {
    const r = await w.admin.call('analytics.report', { from: '2027-03-15', to: '2027-03-16', timeZone: 'UTC', groupBy: 'manager' });
    return Object.fromEntries(r.groups.map((g: any) => [g.id, g.figures.managers.onlineMs]));
  };
  // olga, anna and boris connected at T0 (08:00) and stay. A second tab of anna's is the same run.
  w.setNow(T0 + HOUR);
  online.arrived('anna');
  w.setNow(T0 + 2 * HOUR);
  online.left('anna');
  online.left('anna');
  w.setNow(T0 + 3 * HOUR);
  online.arrived('anna');
  w.setNow(T0 + 4 * HOUR);
  online.left('anna');
  await online.close();
  const r = await report();
  // anna: 08:00–10:00 (two sessions, one run), then 11:00–12:00.
  assert.equal(r['anna'], 3 * HOUR);
  // olga and boris: online from 08:00 until the log closed at 12:00.
  assert.equal(r['olga'], 4 * HOUR);
  assert.equal(r['boris'], 4 * HOUR);
  // A plain manager sees their own time.
  const own = await w.boris.call('analytics.report', { from: '2027-03-15', to: '2027-03-16', timeZone: 'UTC' });
  assert.equal(own.totals.managers.onlineMs, 4 * HOUR);
});

test('S-AN-1 demo: four weeks of history by channel, store and manager; an answer to a waiting customer shows in today\'s first responses once the job has folded it; the list still starts with the demo\'s own conversations', async (t) => {
  const server = await startServer(t, { demo: true, demoHistory: true, analyticsIntervalMs: 200 });
  const olga = await connect(t, server, server.userToken({ id: 'olga', name: 'Ольга Админова', rights: ['admin'] }));
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
  const range = { from: monthAgo, to: today, timeZone: 'UTC' };
  // The demo folds its history before it takes its first connection (app.ts).
  let report: any;
  const daysWithConversations = () => report.series.filter((p: any) => p.figures.conversations.new > 0).length;
  for (let i = 0; i < 100; i++) {
    report = await olga.call('analytics.report', { ...range, groupBy: 'channel' });
    if (report.totals.conversations.new >= 80 && report.upTo !== null && report.upTo >= Date.now() - 86_400_000 && daysWithConversations() >= 20) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(report.totals.conversations.new >= 80, JSON.stringify(report.totals));
  assert.deepEqual(report.groups.map((g: any) => g.name).sort(), ['Telegram', 'Сайт магазина']);
  assert.ok(report.totals.sla.breached > 0 && report.totals.sla.inTime > 0, JSON.stringify(report.totals.sla));
  assert.ok(daysWithConversations() >= 20, 'most days have conversations');
  const byStore = await olga.call('analytics.report', { ...range, groupBy: 'store' });
  assert.deepEqual(byStore.groups.map((g: any) => g.id), ['main']);
  const byManager = await olga.call('analytics.report', { ...range, groupBy: 'manager' });
  for (const id of ['anna', 'boris', 'vera']) assert.ok(byManager.groups.find((g: any) => g.id === id)?.figures.firstResponse.count > 5, id);
  // The demo's own five conversations are still the newest.
  const list = await olga.call('conversations.list', { limit: 5 });
  assert.deepEqual(list.conversations.map((c: any) => c.customer.name).sort(), ['Emily Clark', 'John Smith', 'Дмитрий Ковалёв', 'Мария Иванова', 'Пётр Сидоров'].sort());

  // Anna answers the customer waiting since the start: today's first responses grow by one.
  const todayBefore = report.series[report.series.length - 1].figures.firstResponse.count;
  const anna = await connect(t, server, server.userToken({ id: 'anna', name: 'Анна Менеджерова', rights: ['chats'] }));
  const waiting = list.conversations.find((c: any) => c.customer.name === 'Дмитрий Ковалёв');
  await anna.call('messages.send', { conversationId: waiting.id, clientMessageId: cmid('a'), text: 'Да, с 10 до 18.' });
  let after = todayBefore;
  for (let i = 0; i < 50 && after === todayBefore; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const r = await olga.call('analytics.report', range);
    after = r.series[r.series.length - 1].figures.firstResponse.count;
  }
  assert.equal(after, todayBefore + 1);
  // Anna sees her own row only.
  const own = await anna.call('analytics.report', { ...range, groupBy: 'manager' });
  assert.deepEqual(own.groups.map((g: any) => g.id), ['anna']);
});

test('S-AN-1: a message stored after others of a later quarter (a node whose clock is behind) counts on its own day, and the running totals after it move: the report still equals the independent computation', async (t) => {
  const w = await world(t);
  const zone = 'Europe/Berlin';
  // Day 1 evening: a conversation at 23:50 local (22:50 UTC), answered and closed by 23:58; the fold runs.
  const late = Date.UTC(2027, 2, 20, 22, 50);
  w.setNow(late);
  const { token: t1 } = await w.server.visitorToken({ name: 'Поздний' });
  const v1 = await connect(t, w.server, t1);
  const c1 = (await v1.call('messages.send', { clientMessageId: cmid('c'), text: 'Добрый вечер' })).conversation.id;
  w.setNow(late + 5 * MIN);
  await w.anna.call('messages.send', { conversationId: c1, clientMessageId: cmid('r'), text: 'Здравствуйте' });
  w.setNow(late + 8 * MIN);
  await w.admin.call('conversations.close', { conversationId: c1 });
  await w.server.app.chat.foldAnalytics();
  // Then a node behind by an hour stores a new customer's message at 22:58 local, and Anna's answer.
  w.rewind(late - 52 * MIN);
  const { token: t2 } = await w.server.visitorToken({ name: 'Ранний' });
  const v2 = await connect(t, w.server, t2);
  const c2 = (await v2.call('messages.send', { clientMessageId: cmid('c'), text: 'Здравствуйте' })).conversation.id;
  w.rewind(late - 40 * MIN);
  await w.anna.call('messages.send', { conversationId: c2, clientMessageId: cmid('r'), text: 'Добрый вечер' });
  await w.server.app.chat.foldAnalytics();

  const threads = await rawThreads(w.admin);
  const days = ['2027-03-20', '2027-03-21'];
  const expected = independent(threads, zone, days);
  const report = await w.admin.call('analytics.report', { from: days[0], to: days[1], timeZone: zone, groupBy: 'manager' });
  report.series.forEach((p: any, i: number) => assert.deepEqual(withoutOnline(p.figures), expected.series[i], days[i]));
  assert.deepEqual(withoutOnline(report.totals), expected.totals);
  assert.equal(report.series[0].figures.conversations.new, 2);
  assert.equal(report.series[0].figures.conversations.openAtEnd, 1, 'the earlier one is open at the end of the day; the later one was closed');
  // The rebuild, which meets them in id order too, agrees.
  await w.server.app.chat.rebuildAnalytics();
  assert.deepEqual(await w.admin.call('analytics.report', { from: days[0], to: days[1], timeZone: zone, groupBy: 'manager' }), report);
});

test('S-AN-1: a report\'s day starts at its local midnight — at +05:45 and +13:45 too, across a summer-time change, and when the clocks skip midnight itself, when that day first shows', () => {
  const start = (date: string, zone: string) => new Date(startOfLocalDay(date, zone)).toISOString();
  assert.equal(start('2026-12-05', 'Asia/Kathmandu'), '2026-12-04T18:15:00.000Z');
  assert.equal(start('2026-12-05', 'Pacific/Chatham'), '2026-12-04T10:15:00.000Z');
  assert.equal(start('2027-03-28', 'Europe/Berlin'), '2027-03-27T23:00:00.000Z');
  assert.equal(start('2027-03-29', 'Europe/Berlin'), '2027-03-28T22:00:00.000Z', 'the 28th had 23 hours');
  // Chile moved its clocks from 00:00 to 01:00 on 2022-09-11: that day began at 01:00 (-03).
  assert.equal(start('2022-09-10', 'America/Santiago'), '2022-09-10T04:00:00.000Z');
  assert.equal(start('2022-09-11', 'America/Santiago'), '2022-09-11T04:00:00.000Z');
});
