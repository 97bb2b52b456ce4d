import type { ProbeClient, ProbeEvent } from '../lib/probe-client.js';
import { caughtUpWithLog, deploy, where, type Deployment } from '../lib/cluster.js';
import { userToken } from '../lib/server-process.js';
import { connected, cmid, fmt, openConversations, probe, sleep, until, visitorToken } from '../lib/world.js';

export interface G1Options {
  clients: number;
  conversations: number;
  events: number;
  /** Sends per second across all writers. */
  rate: number;
  cutMinMs: number;
  cutMaxMs: number;
  /**
   * New visitors who write during the run: the assignment list gives each new conversation to
   * one manager while the other plain managers are online, then an admin reassigns it and the
   * visitor writes again (S-AUTH-3, S-SET-4).
   */
  newcomers: number;
  /** Three nodes on PostgreSQL: every (re)connect lands on another node. */
  cluster?: boolean;
}

export const g1Full: G1Options = { clients: 60, conversations: 6, events: 20_000, rate: 300, cutMinMs: 1_000, cutMaxMs: 5_000, newcomers: 20 };
export const g1Quick: G1Options = { clients: 24, conversations: 6, events: 1_200, rate: 300, cutMinMs: 200, cutMaxMs: 900, newcomers: 4 };
/** Inside npm test, on three nodes: fewer of everything (the PostgreSQL pass already costs minutes). */
export const g1ClusterQuick: G1Options = { clients: 9, conversations: 3, events: 300, rate: 200, cutMinMs: 200, cutMaxMs: 900, newcomers: 1, cluster: true };

type Identity = { kind: 'manager'; id: string } | { kind: 'admin'; id: string } | { kind: 'visitor'; customerId: number };

interface ConversationAt {
  conversationId: number;
  assigneeId: string | null;
  customerId: number;
  /** On the `conversation.updated` of a change of assignee: who had it before (they get this last notice). */
  lostBy?: string | null;
}

/**
 * The oracle of this test, written independently of the server's policy: for each event of the
 * observer's stream (an admin sees every conversation event), its conversation as it stood when
 * the event's action committed. That is the `conversation` the event carries, except that a new
 * conversation's first events (the "opened" notice) belong to the action of the customer's first
 * message and take the state that message carries (the README: one transaction); an event without
 * a conversation (message.status) takes the last state known. The `conversation.updated` that
 * follows a change of assignee is the one last notice of whoever lost sight of it.
 */
function conversationsAt(truth: readonly ProbeEvent[]): Map<number, ConversationAt> {
  const at = new Map<number, ConversationAt>();
  const current = new Map<number, { assigneeId: string | null; customerId: number }>();
  const changedFrom = new Map<number, string | null>();
  const firstCustomerMessage = new Map<number, { assigneeId: string | null; customerId: number }>();
  for (const e of truth) {
    const c = e.data?.conversation;
    if (c && e.name === 'message.created' && e.data.message.author.kind === 'customer' && !firstCustomerMessage.has(c.id)) {
      firstCustomerMessage.set(c.id, { assigneeId: c.assigneeId, customerId: c.customer.id });
    }
  }
  for (const e of truth) {
    const id: number | undefined = e.data?.conversation?.id ?? e.data?.conversationId;
    if (id === undefined) continue;
    const c = e.data?.conversation;
    const before = current.get(id);
    let state = c ? { assigneeId: c.assigneeId as string | null, customerId: c.customer.id as number } : before;
    if (!before && firstCustomerMessage.has(id)) state = firstCustomerMessage.get(id);
    if (!state) continue;
    if (before && before.assigneeId !== state.assigneeId && !changedFrom.has(id)) changedFrom.set(id, before.assigneeId);
    const entry: ConversationAt = { conversationId: id, ...state };
    if (e.name === 'conversation.updated' && changedFrom.has(id)) {
      entry.lostBy = changedFrom.get(id)!;
      changedFrom.delete(id);
    }
    current.set(id, state);
    at.set(e.seq, entry);
  }
  return at;
}

/** Who may see an event: whoever sees its conversation as committed (plain managers: their own), and the one who lost it. */
function visibleTo(who: Identity, e: ProbeEvent, at: ReadonlyMap<number, ConversationAt>): boolean {
  const c = at.get(e.seq);
  if (!c) return false;
  // S-DLG-13: delivery statuses are staff business.
  if (who.kind === 'visitor') return e.name !== 'message.status' && c.customerId === who.customerId;
  if (who.kind === 'admin') return true;
  return c.assigneeId === who.id || c.lostBy === who.id;
}

export interface G1Result {
  clients: number;
  events: number;
  reconnects: number;
  cuts: number;
  delivered: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  leaked: number;
  resyncs: number;
  line: string;
}

/**
 * G1: every client receives exactly the events it may see, each once, in order, while its socket
 * is destroyed at random and it resumes from its last seq.
 */
export async function g1Resume(opts: G1Options): Promise<G1Result> {
  const server: Deployment = deploy(!!opts.cluster);
  await server.start();
  const clients: Array<{ who: Identity; probe: ProbeClient; baseline: number }> = [];
  const writers: ProbeClient[] = [];
  const newcomerSessions: ProbeClient[] = [];
  let observer: ProbeClient | undefined;
  try {
    const managers = ['g1-m1', 'g1-m2', 'g1-m3'];
    const { list } = await openConversations(server, opts.conversations, managers);
    observer = await connected(probe(server, userToken('g1-observer', ['chats', 'admin']), { autoReconnect: false }));
    // S-SET-4: new conversations go to g1-m1 (online all along through its writer) while g1-m2 and g1-m3 watch.
    await observer.call('settings.update', {
      assignmentManagerIds: [managers[0]],
      autoCloseAssignedMs: null,
      distributionBot: { enabled: false, capacity: 10, managerIds: [] },
    });
    const observerBaseline = observer.lastSeq!;

    for (let i = 0; i < opts.clients; i++) {
      const slot = i % 10;
      let who: Identity;
      let token: string;
      if (slot < 6) {
        const id = managers[i % managers.length]!;
        who = { kind: 'manager', id };
        token = userToken(id);
      } else if (slot < 8) {
        who = { kind: 'admin', id: `g1-admin-${i}` };
        token = userToken(who.id, ['chats', i % 2 ? 'admin' : 'chat_admin']);
      } else {
        const conv = list[i % list.length]!;
        who = { kind: 'visitor', customerId: conv.customerId };
        token = conv.visitorToken;
      }
      const p = await connected(probe(server, token, { reconnectDelayMs: 10 + Math.floor(Math.random() * 40) }));
      clients.push({ who, probe: p, baseline: p.lastSeq! });
    }

    // Writers stay connected: they are the source, not the subject.
    for (const conv of list) {
      writers.push(await connected(probe(server, conv.visitorToken, { autoReconnect: false, keepEvents: false })));
      writers.push(await connected(probe(server, userToken(conv.manager), { autoReconnect: false, keepEvents: false })));
    }

    let writing = true;
    let cuts = 0;
    const chaos = clients.map(async ({ probe: p }) => {
      while (writing) {
        await sleep(opts.cutMinMs + Math.random() * (opts.cutMaxMs - opts.cutMinMs));
        if (!writing) break;
        const socket = (p.ws as any)?._socket;
        if (socket && !socket.destroyed) {
          socket.destroy();
          cuts++;
        }
      }
    });

    let sent = 0;
    let acked = 0;
    const failures: string[] = [];
    const started = Date.now();
    // Newcomers, spread over the run: born assigned to g1-m1, reassigned by the observer, written to again.
    const reassignedTo = new Map<number, string>();
    const spanMs = (opts.events / opts.rate) * 1000;
    const newcomers = (async () => {
      for (let k = 0; k < opts.newcomers; k++) {
        await sleep(Math.max(0, started + ((k + 0.5) * spanMs) / opts.newcomers - Date.now()));
        const v = await visitorToken(server, `Newcomer ${k + 1}`);
        const nc = await connected(probe(server, v.token, { autoReconnect: false, keepEvents: false }));
        newcomerSessions.push(nc);
        const first = await nc.call('messages.send', { clientMessageId: cmid('g1n'), text: `newcomer ${k} first` });
        const id = first.conversation.id as number;
        await sleep(100);
        const to = managers[1 + (k % 2)]!;
        await observer!.call('conversations.assign', { conversationId: id, assigneeId: to });
        reassignedTo.set(id, to);
        await sleep(100);
        await nc.call('messages.send', { clientMessageId: cmid('g1n'), text: `newcomer ${k} again` });
      }
    })();
    while (sent < opts.events) {
      const due = Math.min(opts.events, Math.floor(((Date.now() - started) / 1000) * opts.rate));
      for (; sent < due; sent++) {
        const w = sent % writers.length;
        const conv = list[Math.floor(w / 2)]!;
        const params: Record<string, unknown> = { clientMessageId: cmid('g1'), text: `g1 #${sent}` };
        if (w % 2 === 1) params['conversationId'] = conv.id;
        writers[w]!.call('messages.send', params).then(
          () => acked++,
          (e) => failures.push(String(e.code ?? e.message)),
        );
      }
      await sleep(5);
    }
    // Each wait says what it waited for when it gives up, so a stall is named, not a test timeout.
    if (!(await until(() => acked + failures.length >= opts.events, 30_000))) throw new Error(`G1: ${acked + failures.length} of ${opts.events} sends answered within 30 s`);
    await newcomers;
    writing = false;
    await Promise.all(chaos);
    if (failures.length) throw new Error(`G1: ${failures.length} sends failed: ${failures.slice(0, 3).join(', ')}`);

    // The observer's stream is the truth to compare against; first check it against the count sent.
    if (!(await until(() => observer!.eventCount >= opts.events, 30_000))) throw new Error(`G1: the observer heard ${observer.eventCount} of at least ${opts.events} events within 30 s`);
    // Events are pushed before the answers of later calls: after this answer the stream is complete.
    await observer.call('prefs.get', {});
    // On a cluster the others' events reach the observer's node a moment later: wait for the log's head.
    await caughtUpWithLog(server, observer);
    const truth = observer.events.filter((e) => e.seq > observerBaseline);
    const head = truth[truth.length - 1]?.seq ?? observerBaseline;
    const at = conversationsAt(truth);
    const expected = clients.map(({ who, baseline }) => truth.filter((e) => e.seq > baseline && visibleTo(who, e, at)));
    const inTruth = new Set(truth.map((e) => e.seq));
    // Events the observer cannot see (addressed to one user) may reach a subject only as the
    // reassignments explain them: conversation.removed to the manager who lost a newcomer's
    // conversation (g1-m1), its unread count to the one who gained it.
    const mayBeTargeted = (who: Identity, e: ProbeEvent) =>
      who.kind === 'manager' &&
      ((e.name === 'conversation.removed' && who.id === managers[0] && reassignedTo.has(e.data.conversationId)) ||
        (e.name === 'unread.changed' && reassignedTo.get(e.data.conversationId) === who.id));
    await until(
      () => clients.every(({ probe: p }, i) => p.open && (p.lastSeq ?? 0) >= (expected[i]!.at(-1)?.seq ?? 0)),
      60_000,
    );

    let lost = 0;
    let leaked = 0;
    let delivered = 0;
    let duplicated = 0;
    let outOfOrder = 0;
    let reconnects = 0;
    let resyncs = 0;
    clients.forEach(({ probe: p }, i) => {
      const want = new Set(expected[i]!.map((e) => e.seq));
      const got = p.events.filter((e) => e.seq > clients[i]!.baseline && e.seq <= head);
      for (const e of got) if (!want.has(e.seq) && (inTruth.has(e.seq) || !mayBeTargeted(clients[i]!.who, e))) leaked++;
      const gotSeqs = new Set(got.map((e) => e.seq));
      for (const s of want) if (!gotSeqs.has(s)) lost++;
      delivered += got.length;
      duplicated += p.duplicates;
      outOfOrder += p.outOfOrder;
      reconnects += p.resumed;
      resyncs += p.resyncs;
    });
    const messagesInTruth = truth.filter((e) => e.name === 'message.created' && /^g1 #/.test(e.data.message.text)).length;
    if (messagesInTruth !== opts.events) lost += Math.abs(opts.events - messagesInTruth);
    return {
      clients: opts.clients,
      events: truth.length,
      reconnects,
      cuts,
      delivered,
      lost,
      duplicated,
      outOfOrder,
      leaked,
      resyncs,
      line: `G1 resume${where(server)}: ${fmt(opts.clients)} clients, ${fmt(cuts)} sockets destroyed, ${fmt(reconnects)} resumes, ${fmt(truth.length)} events (${fmt(delivered)} deliveries; ${reassignedTo.size} new conversations born assigned, then reassigned): ${lost} lost, ${duplicated} duplicated, ${outOfOrder} out of order, ${leaked} leaked, ${resyncs} resyncs`,
    };
  } finally {
    for (const c of clients) c.probe.stop();
    for (const w of writers) w.stop();
    for (const n of newcomerSessions) n.stop();
    observer?.stop();
    await server.stop();
  }
}
