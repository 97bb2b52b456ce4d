import type { ProbeClient, ProbeEvent } from '../lib/probe-client.js';
import { ServerProcess, userToken } from '../lib/server-process.js';
import { connected, cmid, fmt, openConversations, probe, sleep, until } from '../lib/world.js';

export interface G1Options {
  clients: number;
  conversations: number;
  events: number;
  /** Sends per second across all writers. */
  rate: number;
  cutMinMs: number;
  cutMaxMs: number;
}

export const g1Full: G1Options = { clients: 60, conversations: 6, events: 20_000, rate: 300, cutMinMs: 1_000, cutMaxMs: 5_000 };
export const g1Quick: G1Options = { clients: 24, conversations: 6, events: 1_200, rate: 300, cutMinMs: 200, cutMaxMs: 900 };

type Identity = { kind: 'manager'; id: string } | { kind: 'admin'; id: string } | { kind: 'visitor'; customerId: number };

/** Who may see an event, written independently of the server's policy: the oracle of this test. */
function visibleTo(who: Identity, e: ProbeEvent, managerOf: ReadonlyMap<number, string>): boolean {
  // S-DLG-13: delivery statuses go to the staff who see the conversation (assignees stay put here).
  if (e.name === 'message.status') {
    if (who.kind === 'visitor') return false;
    return who.kind === 'admin' || managerOf.get(e.data.conversationId) === who.id;
  }
  const conversation = e.data?.conversation;
  if (!conversation) return false;
  if (who.kind === 'admin') return true;
  if (who.kind === 'visitor') return conversation.customer.id === who.customerId;
  return conversation.assigneeId === who.id;
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
  const server = new ServerProcess();
  await server.start();
  const clients: Array<{ who: Identity; probe: ProbeClient; baseline: number }> = [];
  const writers: ProbeClient[] = [];
  let observer: ProbeClient | undefined;
  try {
    const managers = ['g1-m1', 'g1-m2', 'g1-m3'];
    const { list } = await openConversations(server, opts.conversations, managers);
    observer = await connected(probe(server, userToken('g1-observer', ['chats', 'admin']), { autoReconnect: false }));
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
    await until(() => acked + failures.length >= opts.events, 30_000);
    writing = false;
    await Promise.all(chaos);
    if (failures.length) throw new Error(`G1: ${failures.length} sends failed: ${failures.slice(0, 3).join(', ')}`);

    // The observer's stream is the truth to compare against; first check it against the count sent.
    await until(() => observer!.eventCount >= opts.events, 30_000);
    const truth = observer.events.filter((e) => e.seq > observerBaseline);
    const head = truth[truth.length - 1]?.seq ?? observerBaseline;
    const managerOf = new Map(list.map((c) => [c.id, c.manager]));
    const expected = clients.map(({ who, baseline }) => truth.filter((e) => e.seq > baseline && visibleTo(who, e, managerOf)));
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
      for (const e of got) if (!want.has(e.seq)) leaked++;
      const gotSeqs = new Set(got.map((e) => e.seq));
      for (const s of want) if (!gotSeqs.has(s)) lost++;
      delivered += got.length;
      duplicated += p.duplicates;
      outOfOrder += p.outOfOrder;
      reconnects += p.resumed;
      resyncs += p.resyncs;
    });
    const messagesInTruth = truth.filter((e) => e.name === 'message.created').length;
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
      line: `G1 resume: ${fmt(opts.clients)} clients, ${fmt(cuts)} sockets destroyed, ${fmt(reconnects)} resumes, ${fmt(truth.length)} events (${fmt(delivered)} deliveries): ${lost} lost, ${duplicated} duplicated, ${outOfOrder} out of order, ${leaked} leaked, ${resyncs} resyncs`,
    };
  } finally {
    for (const c of clients) c.probe.stop();
    for (const w of writers) w.stop();
    observer?.stop();
    await server.stop();
  }
}
