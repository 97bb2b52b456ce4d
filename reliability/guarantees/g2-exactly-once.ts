import type { ProbeClient } from '../lib/probe-client.js';
import { deploy, where, type Deployment } from '../lib/cluster.js';
import { userToken } from '../lib/server-process.js';
import { connected, cmid, fmt, openConversations, probe, sleep, until } from '../lib/world.js';

export interface G2Options {
  sends: number;
  conversations: number;
  /** Share of sends resent 1–3 times. */
  resendShare: number;
  /** Share of sends sent at once on two sockets of the same sender. */
  twinShare: number;
  /** Sends in flight when the server is SIGKILLed, resent after the restart. */
  acrossKill: number;
  /** Three nodes on PostgreSQL: connections spread over them. */
  cluster?: boolean;
}

export const g2Full: G2Options = { sends: 3_000, conversations: 6, resendShare: 0.3, twinShare: 0.05, acrossKill: 50 };
export const g2Quick: G2Options = { sends: 400, conversations: 4, resendShare: 0.3, twinShare: 0.05, acrossKill: 20 };
/** On three nodes the twin sockets of a sender sit on two different nodes: the same id reaches two nodes at once. */
export const g2ClusterQuick: G2Options = { sends: 120, conversations: 3, resendShare: 0.3, twinShare: 0.2, acrossKill: 8, cluster: true };

interface Sender {
  label: string;
  author: { kind: string; id: string };
  sockets: [ProbeClient, ProbeClient];
  conversationId: number | undefined;
  token: string;
}

function sameResult(a: any, b: any): boolean {
  return a.message.id === b.message.id && a.message.createdAt === b.message.createdAt && a.message.text === b.message.text && a.message.clientMessageId === b.message.clientMessageId;
}

/** G2: one stored message per client message id, identical results for every attempt, no id leaks. */
export async function g2ExactlyOnce(opts: G2Options) {
  const server: Deployment = deploy(!!opts.cluster);
  await server.start();
  const all: ProbeClient[] = [];
  try {
    const { list } = await openConversations(server, opts.conversations, ['g2-m1', 'g2-m2']);
    const senders: Sender[] = [];
    const open = async (token: string) => {
      const p = await connected(probe(server, token, { reconnectDelayMs: 50 }));
      all.push(p);
      return p;
    };
    for (const conv of list) {
      senders.push({ label: `visitor ${conv.customerId}`, author: { kind: 'customer', id: String(conv.customerId) }, sockets: [await open(conv.visitorToken), await open(conv.visitorToken)], conversationId: undefined, token: conv.visitorToken });
      const mt = userToken(conv.manager);
      senders.push({ label: conv.manager, author: { kind: 'manager', id: conv.manager }, sockets: [await open(mt), await open(mt)], conversationId: conv.id, token: mt });
    }
    const watcher = await open(userToken('g2-watcher', ['chats', 'admin']));

    const results = new Map<string, any[]>();
    const planned = new Map<string, Sender>();
    let attempts = 0;
    let resent = 0;
    let twins = 0;
    let errors = 0;
    const record = (id: string, r: any) => {
      const list = results.get(id) ?? [];
      list.push(r);
      results.set(id, list);
    };
    const attempt = (s: Sender, socket: ProbeClient, id: string) => {
      attempts++;
      const params: Record<string, unknown> = { clientMessageId: id, text: `g2 ${id}` };
      if (s.conversationId) params['conversationId'] = s.conversationId;
      return socket.call('messages.send', params).then(
        (r) => record(id, r),
        () => {
          errors++; // a dropped socket; the id is resent below until it is acknowledged
        },
      );
    };

    const inflight: Promise<unknown>[] = [];
    for (let i = 0; i < opts.sends; i++) {
      const s = senders[i % senders.length]!;
      const id = cmid(`g2x${i}x`);
      planned.set(id, s);
      const roll = Math.random();
      if (roll < opts.twinShare) {
        twins++;
        inflight.push(attempt(s, s.sockets[0], id), attempt(s, s.sockets[1], id));
      } else if (roll < opts.twinShare + opts.resendShare) {
        const times = 1 + Math.floor(Math.random() * 3);
        resent++;
        inflight.push(attempt(s, s.sockets[0], id));
        for (let k = 0; k < times; k++) {
          // Some resends race the first attempt, some come after it: both must get the same answer.
          const later = Math.random() < 0.5 ? 0 : 1 + Math.floor(Math.random() * 20);
          inflight.push(sleep(later).then(() => attempt(s, s.sockets[k % 2] as ProbeClient, id)));
        }
      } else {
        inflight.push(attempt(s, s.sockets[i % 2] as ProbeClient, id));
      }
      if (i % 50 === 49) await sleep(1);
    }
    await Promise.all(inflight);

    // Sends in flight when the process dies: some were committed and maybe acknowledged, some not.
    const killed: string[] = [];
    for (let i = 0; i < opts.acrossKill; i++) {
      const s = senders[i % senders.length]!;
      const id = cmid(`g2k${i}x`);
      planned.set(id, s);
      killed.push(id);
      void attempt(s, s.sockets[0], id);
    }
    await sleep(Math.random() * 5);
    await server.kill();
    await server.start();
    await until(() => all.every((p) => p.open), 20_000);

    // Everything not acknowledged yet is resent (as an outbox does after a reconnect).
    let resentAfterKill = 0;
    for (let round = 0; round < 5; round++) {
      const missing = [...planned.keys()].filter((id) => !results.has(id));
      if (missing.length === 0) break;
      await Promise.all(
        missing.map((id) => {
          const s = planned.get(id)!;
          if (killed.includes(id)) resentAfterKill++;
          return attempt(s, s.sockets[1], id);
        }),
      );
    }
    // And the acknowledged ones from across the kill once more: the answer must not change.
    await Promise.all(killed.map((id) => attempt(planned.get(id)!, planned.get(id)!.sockets[0], id)));

    let notStored = 0;
    let differing = 0;
    for (const id of planned.keys()) {
      const rs = results.get(id);
      if (!rs?.length) {
        notStored++;
        continue;
      }
      if (!rs.every((r) => sameResult(r, rs[0]))) differing++;
    }

    // Count what the database holds, through the protocol: every stored text once.
    const stored = new Map<string, number>();
    for (const conv of list) {
      let before: number | undefined;
      for (;;) {
        const page: any = await watcher.call('messages.list', before ? { conversationId: conv.id, before, limit: 100 } : { conversationId: conv.id, limit: 100 });
        for (const m of page.messages) if (m.text.startsWith('g2 ')) stored.set(m.text, (stored.get(m.text) ?? 0) + 1);
        if (!page.hasMore || page.messages.length === 0) break;
        before = page.messages[0].id;
      }
    }
    let duplicatesStored = 0;
    for (const n of stored.values()) if (n > 1) duplicatesStored += n - 1;
    const storedDistinct = stored.size;

    // No recipient sees another sender's client message id.
    let leaks = 0;
    for (const p of all) {
      for (const e of p.events) {
        if (e.name !== 'message.created') continue;
        const m = e.data.message;
        if (m.clientMessageId === undefined) continue;
        const mine = p === watcher ? false : m.author.kind === (p.me.kind === 'visitor' ? 'customer' : 'manager') && m.author.id === p.me.id;
        if (!mine) leaks++;
      }
    }

    return {
      planned: planned.size,
      attempts,
      stored: storedDistinct,
      duplicatesStored,
      notStored,
      differing,
      leaks,
      line: `G2 exactly-once${where(server)}: ${fmt(planned.size)} messages, ${fmt(attempts)} attempts (${fmt(resent)} resent, ${fmt(twins)} on two sockets at once, ${fmt(opts.acrossKill)} across a SIGKILL, ${fmt(resentAfterKill)} resent after it): ${fmt(storedDistinct)} stored, ${duplicatesStored} duplicated, ${notStored} missing, ${differing} differing answers, ${leaks} client ids leaked`,
    };
  } finally {
    for (const p of all) p.stop();
    await server.stop();
  }
}
