import { ProbeClient, type ProbeOptions } from './probe-client.js';
import type { Deployment } from './cluster.js';
import { ORIGIN, userToken } from './server-process.js';

/** Asks the server's web channel for a visitor identity, as the shop widget does. */
export async function visitorToken(server: Deployment, name?: string): Promise<{ token: string; customerId: number }> {
  const res = await fetch(`${server.url}/api/visitor/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify(name ? { name } : {}),
  });
  if (!res.ok) throw new Error(`visitor token: ${res.status} ${await res.text()}`);
  return (await res.json()) as { token: string; customerId: number };
}

export function probe(server: Deployment, token: string | (() => string), extra: Partial<ProbeOptions> = {}): ProbeClient {
  // Asked on every attempt: on a cluster each (re)connect goes to the next node.
  return new ProbeClient({ url: () => server.wsUrl, origin: ORIGIN, token, ...extra });
}

export async function connected(client: ProbeClient): Promise<ProbeClient> {
  await client.connect();
  return client;
}

let counter = 0;
export function cmid(prefix = 'c'): string {
  return `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

export interface Conversations {
  /** conversation id → its visitor token, customer id, and the manager who took it */
  list: Array<{
    id: number;
    visitorToken: string;
    customerId: number;
    manager: string;
    /** The visitor's first message and the manager's answer. */
    customerMessageId: number;
    managerMessageId: number;
  }>;
}

/**
 * `count` visitors each open a conversation; manager `managers[i % n]` answers (and so takes) it.
 * This is the state every guarantee starts from.
 */
export async function openConversations(server: Deployment, count: number, managers: string[]): Promise<Conversations> {
  const list: Conversations['list'] = [];
  const sessions: ProbeClient[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const v = await visitorToken(server, `Visitor ${i + 1}`);
      const vc = await connected(probe(server, v.token, { autoReconnect: false }));
      sessions.push(vc);
      const sent = await vc.call('messages.send', { clientMessageId: cmid('open'), text: `Hello from visitor ${i + 1}` });
      const manager = managers[i % managers.length]!;
      const mc = await connected(probe(server, userToken(manager), { autoReconnect: false }));
      sessions.push(mc);
      const answer = await mc.call('messages.send', { conversationId: sent.conversation.id, clientMessageId: cmid('take'), text: `Hi, ${manager} here` });
      list.push({
        id: sent.conversation.id,
        visitorToken: v.token,
        customerId: v.customerId,
        manager,
        customerMessageId: sent.message.id,
        managerMessageId: answer.message.id,
      });
    }
  } finally {
    for (const s of sessions) s.stop();
  }
  return { list };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(cond: () => boolean, timeoutMs: number, stepMs = 20): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (cond()) return true;
    await sleep(stepMs);
  }
  return cond();
}

export const fmt = (n: number) => n.toLocaleString('en-US');
