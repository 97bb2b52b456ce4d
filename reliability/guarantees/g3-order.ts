import type { ProbeClient } from '../lib/probe-client.js';
import { deploy, where, type Deployment } from '../lib/cluster.js';
import { userToken } from '../lib/server-process.js';
import { connected, cmid, fmt, openConversations, probe, sleep, until } from '../lib/world.js';

export interface G3Options {
  senders: number;
  messages: number;
  subscribers: number;
  /** Three nodes on PostgreSQL: connections spread over them. */
  cluster?: boolean;
}

export const g3Full: G3Options = { senders: 30, messages: 10_000, subscribers: 10 };
export const g3Quick: G3Options = { senders: 30, messages: 1_500, subscribers: 6 };
export const g3ClusterQuick: G3Options = { senders: 9, messages: 300, subscribers: 3, cluster: true };

/** G3: concurrent senders into one conversation; every subscriber sees the database's order, gap-free. */
export async function g3Order(opts: G3Options) {
  const server: Deployment = deploy(!!opts.cluster);
  await server.start();
  const all: ProbeClient[] = [];
  try {
    const [conv] = (await openConversations(server, 1, ['g3-m1'])).list;
    const open = async (token: string, keepEvents = true) => {
      const p = await connected(probe(server, token, { autoReconnect: false, keepEvents }));
      all.push(p);
      return p;
    };
    const subscribers: ProbeClient[] = [];
    for (let i = 0; i < opts.subscribers; i++) {
      const token = i % 3 === 0 ? conv!.visitorToken : i % 3 === 1 ? userToken('g3-m1') : userToken(`g3-admin-${i}`, ['chats', 'admin']);
      subscribers.push(await open(token));
    }
    const baselines = subscribers.map((s) => s.lastSeq!);
    const senders: Array<{ socket: ProbeClient; visitor: boolean }> = [];
    for (let i = 0; i < opts.senders; i++) {
      const kind = i % 3;
      const token = kind === 0 ? conv!.visitorToken : kind === 1 ? userToken('g3-m1') : userToken(`g3-writer-admin-${i}`, ['chats', 'chat_admin']);
      senders.push({ socket: await open(token, false), visitor: kind === 0 });
    }

    let acked = 0;
    let failed = 0;
    const perSender = Math.ceil(opts.messages / opts.senders);
    await Promise.all(
      senders.map(async ({ socket, visitor }, s) => {
        for (let k = 0; k < perSender && s * perSender + k < opts.messages; k++) {
          const params: Record<string, unknown> = { clientMessageId: cmid('g3'), text: `g3 ${s}/${k}` };
          if (!visitor) params['conversationId'] = conv!.id;
          // A few calls in flight per sender, like a busy client.
          await socket.call('messages.send', params).then(() => acked++, () => failed++);
          if (k % 20 === 0) await sleep(0);
        }
      }),
    );
    const sentTotal = acked + failed;
    await until(() => subscribers.every((s) => s.events.filter((e) => e.name === 'message.created' && e.data.message.text.startsWith('g3 ')).length >= acked), 30_000);

    // The database's order, through the protocol (paged backwards).
    const dbOrder: number[] = [];
    let before: number | undefined;
    const reader = subscribers[2] ?? subscribers[0]!;
    for (;;) {
      const page: any = await reader.call('messages.list', before ? { conversationId: conv!.id, before, limit: 100 } : { conversationId: conv!.id, limit: 100 });
      dbOrder.unshift(...page.messages.filter((m: any) => m.text.startsWith('g3 ')).map((m: any) => m.id));
      if (!page.hasMore || page.messages.length === 0) break;
      before = page.messages[0].id;
    }

    let mismatched = 0;
    let gaps = 0;
    subscribers.forEach((s, i) => {
      const seen = s.events
        .filter((e) => e.seq > baselines[i]! && e.name === 'message.created' && e.data.message.text.startsWith('g3 '))
        .map((e) => e.data.message.id as number);
      if (seen.length !== dbOrder.length) gaps += Math.abs(dbOrder.length - seen.length);
      if (seen.some((id, k) => id !== dbOrder[k])) mismatched++;
    });
    return {
      acked,
      failed,
      stored: dbOrder.length,
      mismatched,
      gaps,
      line: `G3 order${where(server)}: ${opts.senders} concurrent senders (visitor, manager, chat admins), ${fmt(sentTotal)} messages into one conversation, ${opts.subscribers} subscribers: ${fmt(dbOrder.length)} stored, ${failed} refused, ${mismatched} subscribers out of the database's order, ${gaps} gaps`,
    };
  } finally {
    for (const p of all) p.stop();
    await server.stop();
  }
}
