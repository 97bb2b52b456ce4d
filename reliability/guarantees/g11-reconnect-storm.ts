import http from 'node:http';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
// Not exported by @chatdesk/client: the very function ChatClient calls (client-base.ts, `#scheduleReconnect`).
import { reconnectDelay } from '../../packages/client/src/backoff.js';
import type { ProbeClient } from '../lib/probe-client.js';
import { ServerProcess, userToken } from '../lib/server-process.js';
import { cmid, connected, fmt, openConversations, percentile, probe, sleep, until } from '../lib/world.js';

export interface G11Options {
  /** Visitors, each with their own conversation (and connected as a client). */
  visitors: number;
  /** The first `senders` visitors carry the load, `rate / senders` messages per second each. */
  senders: number;
  /** Admins and chat admins (half each): they see every conversation. */
  admins: number;
  /** Plain managers sharing the even-numbered half of the conversations: each sees many. */
  heavyManagers: number;
  /** Plain managers sharing the odd-numbered half: each sees few. */
  lightManagers: number;
  /** Sends per second, all senders together. */
  rate: number;
  /** Load before the SIGKILL. */
  warmupMs: number;
  /** The window after the server answers over which the send round trips are taken. */
  recoveryWindowMs: number;
  /** The goal: every client welcomed again (resumed) within this long after the server answers. */
  backWithinMs: number;
  /** How long the harness waits for the last client (a bound, not the goal). */
  maxWaitMs: number;
  /** Conversations whose events are compared with a fresh `messages.list`. */
  sampleConversations: number;
}

// 200 visitors + 4 admins + 6 heavy + 50 light managers = 260 clients.
export const g11Full: G11Options = {
  visitors: 200, senders: 100, admins: 4, heavyManagers: 6, lightManagers: 50, rate: 1_000,
  warmupMs: 5_000, recoveryWindowMs: 5_000, backWithinMs: 3_000, maxWaitMs: 30_000, sampleConversations: 24,
};
// 30 visitors + 2 admins + 2 heavy + 6 light managers = 40 clients.
export const g11Quick: G11Options = {
  visitors: 30, senders: 20, admins: 2, heavyManagers: 2, lightManagers: 6, rate: 200,
  // npm test asserts no timing (a shared CI machine): the quick run prints it; the soak holds the 3 s goal.
  warmupMs: 2_000, recoveryWindowMs: 5_000, backWithinMs: Number.POSITIVE_INFINITY, maxWaitMs: 20_000, sampleConversations: 8,
};

/**
 * How the clients reconnect: as the product's ChatClient (packages/client/src/client-base.ts, was client.ts;
 * `#scheduleReconnect`) with its default options (`reconnectBaseMs` 300, `reconnectMaxMs` 15,000):
 * after a drop, and after every failed attempt, it waits `reconnectDelay(attempt++, 300, 15_000)`
 * (backoff.ts: exponential with full jitter in [ceiling/2, ceiling] — 150–300 ms, 300–600,
 * 500–1,000 … — capped at 1 s for the first 10 attempts, then up to 15 s), the count reset by a
 * welcome; an attempt that failed before the socket opened also asks `GET /api/origin-check`;
 * an attempt not welcomed within 5 s is dropped and tried again (connectTimeoutMs).
 * It resumes with `resumeFrom` + `epoch` of the last seq it applied, or of the last `head` frame.
 */
const CHAT_CLIENT_RECONNECT = {
  reconnectDelay: (attempt: number) => reconnectDelay(attempt, 300, 15_000),
  connectTimeoutMs: 5_000,
  originCheckOnFailedAttempt: true,
} as const;

type Who = { kind: 'visitor'; index: number } | { kind: 'manager'; id: string } | { kind: 'admin'; id: string };

interface Subject {
  who: Who;
  token: string;
  probe: ProbeClient;
  /** Conversations this client may see (admins: all). */
  sees: Set<number>;
  /** Welcomes after the kill: when (performance.now()), upgrade request → welcome, resumed. */
  after: Array<{ at: number; upgradeMs: number; tcpMs: number; helloMs: number; resumed: boolean; resumeFrom: number | undefined; head: number }>;
  resyncsBefore: number;
  /** message.created of the load's messages in the sampled conversations, by conversation: message ids as received. */
  created: Map<number, number[]>;
}

interface Send {
  startedAt: number;
  rttMs?: number;
  /** The error code, or 'closed' when the socket went away before the answer. */
  failed?: string;
}

export interface G11Result {
  clients: number;
  answeredAfterMs: number;
  back: number;
  notBack: number;
  resumed: number;
  resynced: number;
  allBackMs: number;
  backWithinMs: number;
  upgradeP50: number;
  upgradeP99: number;
  sendP99Recovery: number;
  acked: number;
  ackedLost: number;
  compared: number;
  missing: number;
  doubled: number;
  stale: number;
  line: string;
}

async function listAll(p: ProbeClient, conversationId: number): Promise<any[]> {
  const all: any[] = [];
  let before: number | undefined;
  for (let page = 0; page < 1_000; page++) {
    const params = before === undefined ? { conversationId, limit: 100 } : { conversationId, before, limit: 100 };
    const r = await withTimeout(p.call('messages.list', params), 10_000, `G11: messages.list of ${conversationId} not answered within 10 s`);
    all.unshift(...r.messages);
    if (!r.hasMore || r.messages.length === 0) return all;
    before = r.messages[0].id;
  }
  throw new Error(`G11: conversation ${conversationId} has more than 100,000 messages`);
}

async function inBatches<T>(items: readonly T[], size: number, run: (item: T, i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map((item, k) => run(item, i + k)));
}

/** Polls `GET /health` until the restarted server answers; returns performance.now() of the first answer. */
async function firstAnswer(server: ServerProcess, timeoutMs: number): Promise<number> {
  const end = performance.now() + timeoutMs;
  while (performance.now() < end) {
    try {
      const res = await fetch(`${server.url}/health`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) {
        await res.body?.cancel();
        return performance.now();
      }
      await res.body?.cancel();
    } catch {
      /* not up yet */
    }
    await sleep(10);
  }
  throw new Error(`G11: the restarted server did not answer /health within ${timeoutMs} ms`);
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), timeoutMs)))]).finally(() => clearTimeout(timer));
}

const ms = (n: number) => `${fmt(Math.round(n))} ms`;

/**
 * G11: a restart under load. `visitors + admins + managers` clients that reconnect as ChatClient
 * does, visitors sending `rate` messages/s; after a warm-up the server is SIGKILLed and restarted
 * on the same port and file. From the moment it answers `/health`: each client's time until it is
 * welcomed again, resumed or resynced, its upgrade → welcome time, the time until all are back and
 * the send round trips meanwhile. Then what must hold whatever the timing: every acknowledged send
 * is stored, and every resumed client got each message of a sample of conversations it may see
 * exactly once.
 */
export async function g11ReconnectStorm(opts: G11Options): Promise<G11Result> {
  const clients = opts.visitors + opts.admins + opts.heavyManagers + opts.lightManagers;
  const server = new ServerProcess({
    // The harness creates every visitor from one address.
    extraArgs: ['--visitor-token-burst', String(opts.visitors + 10), '--visitor-token-per-minute', '100000'],
  });
  await server.start();
  const subjects: Subject[] = [];
  const verifiers: ProbeClient[] = [];
  let loading = false;
  let loadLoop: Promise<void> | undefined;
  try {
    const setup = await withTimeout(connected(probe(server, userToken('g11-setup', ['chats', 'admin']), { autoReconnect: false })), 15_000, 'G11: setup not welcomed');
    verifiers.push(setup);
    await setup.call('settings.update', {
      assignmentManagerIds: [],
      autoCloseAssignedMs: null,
      distributionBot: { enabled: false, capacity: 10, managerIds: [] },
    });
    setup.stop();

    // Conversation i: even ones to the heavy managers, odd ones to the light ones.
    const heavy = Array.from({ length: opts.heavyManagers }, (_, k) => `g11-heavy-${k + 1}`);
    const light = Array.from({ length: opts.lightManagers }, (_, k) => `g11-light-${k + 1}`);
    const assignment = Array.from({ length: opts.visitors }, (_, i) => (i % 2 === 0 ? heavy[(i / 2) % heavy.length]! : light[((i - 1) / 2) % light.length]!));
    const { list } = await openConversations(server, opts.visitors, assignment);
    const everything = new Set(list.map((c) => c.id));
    const byManager = new Map<string, Set<number>>();
    for (const c of list) {
      if (!byManager.has(c.manager)) byManager.set(c.manager, new Set());
      byManager.get(c.manager)!.add(c.id);
    }

    // The sample: sender conversations spread over heavy and light managers.
    const sample = new Set<number>();
    const step = Math.max(1, Math.floor(opts.senders / opts.sampleConversations));
    for (let k = 0; sample.size < Math.min(opts.sampleConversations, opts.senders) && k < opts.senders; k++) {
      sample.add(list[Math.min(opts.senders - 1, k * step + (k % 2))]!.id); // odd and even: light and heavy managers'
    }

    let killedAt: number | undefined;
    const plan: Array<{ who: Who; token: string; sees: Set<number> }> = [
      ...list.map((c, index) => ({ who: { kind: 'visitor', index } as Who, token: c.visitorToken, sees: new Set([c.id]) })),
      ...Array.from({ length: opts.admins }, (_, k) => {
        const id = `g11-admin-${k + 1}`;
        return { who: { kind: 'admin', id } as Who, token: userToken(id, ['chats', k % 2 ? 'chat_admin' : 'admin']), sees: everything };
      }),
      ...[...heavy, ...light].map((id) => ({ who: { kind: 'manager', id } as Who, token: userToken(id), sees: byManager.get(id) ?? new Set<number>() })),
    ];
    await inBatches(plan, 20, async ({ who, token, sees }) => {
      const p = probe(server, token, { keepEvents: false, ...CHAT_CLIENT_RECONNECT });
      const subject: Subject = { who, token, probe: p, sees, after: [], resyncsBefore: 0, created: new Map() };
      p.onEvent = (e) => {
        if (e.name !== 'message.created') return;
        const conversationId = e.data?.conversation?.id;
        if (!sample.has(conversationId) || !/^g11 /.test(e.data.message?.text ?? '')) return;
        if (!subject.created.has(conversationId)) subject.created.set(conversationId, []);
        subject.created.get(conversationId)!.push(e.data.message.id);
      };
      p.onWelcome = (frame, upgradeMs) => {
        if (killedAt === undefined) return;
        const at = performance.now();
        const tcpMs = p.tcpConnectedAt ? p.tcpConnectedAt - p.attemptStartedAt : NaN;
        subject.after.push({ at, upgradeMs, tcpMs, helloMs: at - p.openedAt, resumed: frame.resumed === true, resumeFrom: p.helloResumeFrom, head: frame.seq });
        // A resynced ChatClient drops its state and refetches what it showed: the list and the open thread.
        if (!frame.resumed) {
          const swallow = () => undefined;
          p.call('conversations.list', {}).catch(swallow);
          const first = [...sees][0];
          if (first !== undefined) p.call('messages.list', { conversationId: first }).catch(swallow);
        }
      };
      subjects.push(subject);
      await withTimeout(connected(p), 15_000, `G11: a client was not welcomed within 15 s before the storm`);
    });
    if (subjects.length !== clients) throw new Error(`G11: ${subjects.length} clients connected of ${clients}`);

    // The load: a paced loop over the senders; a sender that is not connected skips its turn.
    const senders = subjects.filter((s) => s.who.kind === 'visitor' && s.who.index < opts.senders);
    const sends: Send[] = [];
    const acked = new Map<string, { sender: Subject; messageId: number }>();
    let skipped = 0;
    let pending = 0;
    loading = true;
    const loadStart = performance.now();
    loadLoop = (async () => {
      let issued = 0;
      while (loading) {
        const due = Math.floor(((performance.now() - loadStart) / 1000) * opts.rate);
        for (; issued < due; issued++) {
          const sender = senders[issued % senders.length]!;
          if (!sender.probe.open) {
            skipped++;
            continue;
          }
          const id = cmid('g11');
          const send: Send = { startedAt: performance.now() };
          sends.push(send);
          pending++;
          sender.probe.call('messages.send', { clientMessageId: id, text: `g11 ${id}` }).then(
            (r) => {
              send.rttMs = performance.now() - send.startedAt;
              acked.set(id, { sender, messageId: r.message.id });
            },
            (e) => (send.failed = e.code ?? 'closed'),
          ).finally(() => pending--);
        }
        await sleep(5);
      }
    })();

    await sleep(opts.warmupMs);
    const loadBefore = loadavg()[0]!;
    for (const s of subjects) s.resyncsBefore = s.probe.resyncs;
    const epochBefore = (await server.health()).epoch;
    killedAt = performance.now();
    await server.kill();
    const restarting = server.start(); // the same port and file
    restarting.catch(() => undefined); // awaited below; a failed start must not surface as unhandled first
    const answeredAt = await firstAnswer(server, 60_000);
    await restarting;
    const answeredAfterMs = answeredAt - killedAt;
    // The harness's own event-loop delay over the recovery window: what of the figures is the harness.
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    let lagP99 = 0;
    const lagTimer = setTimeout(() => {
      lagP99 = lag.percentile(99) / 1e6;
      lag.disable();
    }, Math.max(0, answeredAt + opts.recoveryWindowMs - performance.now()));

    // Meanwhile `GET /health` every 100 ms, each on a new connection as a reconnecting client's
    // upgrade is: whether the server is slow to take new connections at all, or only upgrades.
    const healthMs: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const t = performance.now();
        await new Promise<void>((resolve) => {
          const req = http.get(`${server.url}/health`, { agent: false, timeout: 10_000 }, (res) => {
            res.resume();
            res.on('end', resolve).on('error', resolve);
          });
          req.on('timeout', () => req.destroy());
          req.on('error', () => resolve());
        });
        healthMs.push(performance.now() - t);
        await sleep(100);
      }
    })();

    // Everyone back (bounded), and the recovery window over.
    await until(() => subjects.every((s) => s.after.length > 0), opts.maxWaitMs, 10);
    sampling = false;
    await sampler;
    healthMs.sort((a, b) => a - b);
    await sleep(Math.max(0, answeredAt + opts.recoveryWindowMs + 50 - performance.now()));
    clearTimeout(lagTimer);
    lag.disable();
    loading = false;
    await loadLoop;
    await until(() => pending === 0, 20_000);
    const epochAfter = (await server.health()).epoch;

    // The timing, per client.
    const backMs: number[] = [];
    const upgradeMs: number[] = [];
    const helloMs: number[] = [];
    const waitedMs: number[] = [];
    let resumed = 0;
    let resynced = 0;
    let attemptsAfterKill = 0;
    for (const s of subjects) {
      const first = s.after[0];
      if (!first) continue;
      backMs.push(first.at - answeredAt);
      upgradeMs.push(first.upgradeMs);
      helloMs.push(first.helloMs);
      waitedMs.push(first.at - first.upgradeMs - answeredAt);
      if (s.probe.resyncs > s.resyncsBefore || s.after.some((w) => !w.resumed)) resynced++;
      else resumed++;
    }
    let heads = 0;
    for (const s of subjects) {
      attemptsAfterKill += s.probe.attempts;
      heads += s.probe.heads;
    }
    attemptsAfterKill -= subjects.length;
    backMs.sort((a, b) => a - b);
    upgradeMs.sort((a, b) => a - b);
    helloMs.sort((a, b) => a - b);
    waitedMs.sort((a, b) => a - b);
    const notBack = subjects.length - backMs.length;
    // The three slowest, split: wait before the attempt, TCP connect, upgrade answer, hello → welcome.
    const label = (w: Who) => (w.kind === 'visitor' ? `visitor ${w.index + 1}` : w.id);
    const slowest = subjects
      .filter((s) => s.after.length > 0)
      .sort((a, b) => b.after[0]!.at - a.after[0]!.at)
      .slice(0, 3)
      .map((s) => {
        const w = s.after[0]!;
        const began = w.at - w.upgradeMs - answeredAt;
        const tcp = Number.isNaN(w.tcpMs) ? '?' : fmt(Math.round(w.tcpMs));
        const upgrade = Number.isNaN(w.tcpMs) ? '?' : fmt(Math.round(w.upgradeMs - w.helloMs - w.tcpMs));
        return `${label(s.who)} ${ms(w.at - answeredAt)} = attempt at ${ms(began)} + TCP ${tcp} + upgrade ${upgrade} + hello ${fmt(Math.round(w.helloMs))}`;
      });
    const resyncedWho = subjects
      .filter((s) => s.after.some((w) => !w.resumed))
      .slice(0, 3)
      .map((s) => {
        const w = s.after.find((x) => !x.resumed)!;
        return `${label(s.who)} from ${w.resumeFrom === undefined ? '—' : fmt(w.resumeFrom)}, head ${fmt(w.head)}`;
      });
    const now = performance.now();
    const stuck = subjects
      .filter((s) => s.after.length === 0)
      .slice(0, 3)
      .map((s) => {
        const p = s.probe;
        const state = !p.tcpConnectedAt ? 'TCP not connected' : !p.openedAt ? 'upgrade not answered' : 'no welcome';
        return `${label(s.who)}: attempt ${p.attempts - 1} since ${ms(now - p.attemptStartedAt)}, ${state}`;
      });
    const allBackMs = backMs.at(-1) ?? Infinity;
    const inWindow = sends.filter((s) => s.startedAt >= answeredAt && s.startedAt < answeredAt + opts.recoveryWindowMs);
    const windowRtt = inWindow.filter((s) => s.rttMs !== undefined).map((s) => s.rttMs!).sort((a, b) => a - b);
    const windowFailed = inWindow.filter((s) => s.failed !== undefined).length;
    const warm = sends.filter((s) => s.startedAt < killedAt! && s.rttMs !== undefined).map((s) => s.rttMs!).sort((a, b) => a - b);
    const refused = new Map<string, number>();
    for (const s of sends) if (s.failed && s.failed !== 'closed') refused.set(s.failed, (refused.get(s.failed) ?? 0) + 1);

    // What must hold: every acknowledged send stored (read back by its sender, who alone sees client message ids).
    const bySender = new Map<Subject, Set<string>>();
    for (const [id, a] of acked) {
      if (!bySender.has(a.sender)) bySender.set(a.sender, new Set());
      bySender.get(a.sender)!.add(id);
    }
    let ackedLost = 0;
    const stored = new Map<number, any[]>();
    await inBatches([...bySender], 10, async ([sender, ids]) => {
      let reader = sender.probe;
      if (!reader.open) {
        reader = await withTimeout(connected(probe(server, sender.token, { autoReconnect: false, keepEvents: false })), 15_000, 'G11: a verifier was not welcomed');
        verifiers.push(reader);
      }
      const conversationId = [...sender.sees][0]!;
      const messages = await listAll(reader, conversationId);
      stored.set(conversationId, messages);
      const found = new Set(messages.map((m) => m.clientMessageId));
      for (const id of ids) if (!found.has(id)) ackedLost++;
    });

    // Every resumed client got each message of the sampled conversations it may see, once: its
    // stream is complete once a later call is answered (events are pushed before the answers of later calls).
    const admin = await withTimeout(connected(probe(server, userToken('g11-verifier', ['chats', 'admin']), { autoReconnect: false, keepEvents: false })), 15_000, 'G11: the verifier was not welcomed');
    verifiers.push(admin);
    const truth = new Map<number, number[]>();
    for (const id of sample) truth.set(id, (await listAll(admin, id)).filter((m) => /^g11 /.test(m.text)).map((m) => m.id));
    const watching = subjects.filter((s) => s.probe.open && [...sample].some((id) => s.sees.has(id)));
    await inBatches(watching, 20, async (s) => {
      await withTimeout(s.probe.call('conversations.list', { limit: 1 }), 10_000, 'G11: a client got no answer within 10 s').catch(() => undefined);
    });
    let compared = 0;
    let missing = 0;
    let doubled = 0;
    let stale = 0;
    for (const s of subjects) {
      const wasResumed = s.after.length > 0 && s.after.every((w) => w.resumed) && s.probe.resyncs === s.resyncsBefore;
      if (!wasResumed) continue;
      // A seq at or below the resume point (the probe drops and counts it): replayed twice, or out of order.
      stale += s.probe.duplicates + s.probe.outOfOrder;
      for (const conversationId of sample) {
        if (!s.sees.has(conversationId)) continue;
        compared++;
        const got = s.created.get(conversationId) ?? [];
        const gotSet = new Set(got);
        doubled += got.length - gotSet.size;
        for (const id of truth.get(conversationId)!) if (!gotSet.has(id)) missing++;
      }
    }
    const sampledMessages = [...truth.values()].reduce((n, ids) => n + ids.length, 0);

    const line =
      `G11 reconnect storm: ${fmt(clients)} clients (${opts.visitors} visitors, ${opts.admins} admins, ${opts.heavyManagers} managers seeing ~${Math.ceil(opts.visitors / 2 / opts.heavyManagers)} conversations, ${opts.lightManagers} seeing ~${Math.ceil(opts.visitors / 2 / opts.lightManagers)}), ` +
      `${fmt(opts.rate)} msg/s from ${senders.length} visitors, SIGKILL after ${fmt(opts.warmupMs)} ms: ` +
      `server answered after ${ms(answeredAfterMs)}; ${backMs.length}/${subjects.length} back, all after ${notBack ? `— (${notBack} never, waited ${fmt(opts.maxWaitMs)} ms: ${stuck.join('; ')})` : ms(allBackMs)} ` +
      `(p50 ${ms(percentile(backMs, 50))}, p99 ${ms(percentile(backMs, 99))}; last attempt began ${ms(waitedMs.at(-1) ?? 0)} after the answer; ${fmt(attemptsAfterKill)} attempts); ` +
      `upgrade→welcome p50 ${ms(percentile(upgradeMs, 50))} / p99 ${ms(percentile(upgradeMs, 99))} (of which hello→welcome p50 ${ms(percentile(helloMs, 50))} / p99 ${ms(percentile(helloMs, 99))}; slowest: ${slowest.join('; ')}); resumed ${resumed} / resynced ${resynced}${resyncedWho.length ? ` (${resyncedWho.join('; ')})` : ''} (${fmt(heads)} head frames over the run); ` +
      `send p99 ${ms(percentile(windowRtt, 99))} over the ${fmt(opts.recoveryWindowMs / 1000)} s after the answer (p50 ${ms(percentile(windowRtt, 50))}, ${fmt(windowRtt.length)} answered, ${windowFailed} failed; before the kill p99 ${ms(percentile(warm, 99))}; ${fmt(skipped)} turns skipped while a sender was away${refused.size ? `; refused: ${[...refused].map(([c, n]) => `${c} ${n}`).join(', ')}` : ''}); ` +
      `/health on new connections meanwhile p99 ${ms(percentile(healthMs, 99))} (max ${ms(healthMs.at(-1) ?? 0)}); harness event-loop delay p99 ${ms(lagP99)} in that window (machine load average ${loadBefore.toFixed(1)} at the kill); ` +
      `${fmt(acked.size)} sends acknowledged: ${ackedLost} lost; ${sample.size} conversations (${fmt(sampledMessages)} messages) compared at ${compared} client views of resumed clients: ${missing} missing, ${doubled} doubled, ${stale} seqs repeated or out of order` +
      (epochAfter !== epochBefore ? '; the epoch changed across the restart' : '');
    return {
      clients,
      answeredAfterMs,
      back: backMs.length,
      notBack,
      resumed,
      resynced,
      allBackMs,
      backWithinMs: opts.backWithinMs,
      upgradeP50: percentile(upgradeMs, 50),
      upgradeP99: percentile(upgradeMs, 99),
      sendP99Recovery: percentile(windowRtt, 99),
      acked: acked.size,
      ackedLost,
      compared,
      missing,
      doubled,
      stale,
      line,
    };
  } finally {
    loading = false;
    await loadLoop?.catch(() => undefined);
    for (const s of subjects) s.probe.stop();
    for (const v of verifiers) v.stop();
    await server.stop();
  }
}
