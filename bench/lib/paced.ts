/**
 * The latency figures' paced load: `send(k)` at a fixed rate, each message's latency recorded
 * when `received(k)` is called. Run in phases, so ours and raw take turns and background load
 * on a shared machine hits both alike. The servers are those whose CPU and event loop the figure
 * reports (one, or every node of a cluster).
 */
import { cpus } from 'node:os';
import { closeAll, cpuSeconds, inParallel, machineCores, machineTicks, openSocket } from './clients.js';
import { startRawServer } from './raw-child.js';
import type { WebSocket } from './ws.js';
import { watchingLoop } from './phases.js';
import type { Child } from './proc.js';
import { sleep } from './stats.js';

/** The pacing timer's period. */
export const TICK_MS = 5;

export class Paced {
  readonly samples: number[] = [];
  /** [sent at, latency] of each measured message, for BENCH_DUMP. */
  readonly timeline: [number, number][] = [];
  private readonly sentAt = new Map<number, number>();
  private k = 0;
  lost = 0;
  serverCpu = 0;
  genCpu = 0;
  machineCoreSec = 0;
  seconds = 0;

  constructor(
    readonly servers: readonly Child<unknown>[],
    /** Messages per second. */
    private readonly rate: number,
    private readonly send: (k: number) => void,
  ) {}

  received(k: number): void {
    const t = this.sentAt.get(k);
    if (t === undefined) return;
    this.sentAt.delete(k);
    if (k > 0) {
      const now = performance.now();
      this.samples.push(now - t);
      this.timeline.push([performance.timeOrigin + t, now - t]);
    }
  }

  phase(ms: number, measure: boolean): Promise<void> {
    return watchingLoop(this.servers, measure, () => this.run(ms, measure));
  }

  private async run(ms: number, measure: boolean): Promise<void> {
    const s0 = await this.cpu();
    const c0 = process.cpuUsage();
    const k0 = machineTicks();
    const t0 = performance.now();
    let due = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const elapsed = performance.now() - t0;
        const target = Math.min(Math.floor((elapsed / 1000) * this.rate), Math.floor((ms / 1000) * this.rate));
        while (due < target) {
          due++;
          const k = ++this.k;
          // Negative keys: warm-up messages, not recorded.
          const key = measure ? k : -k;
          this.sentAt.set(key, performance.now());
          this.send(key);
        }
        if (elapsed >= ms) {
          clearInterval(timer);
          resolve();
        }
      }, TICK_MS);
    });
    const s1 = await this.cpu();
    const c1 = process.cpuUsage();
    const k1 = machineTicks();
    const seconds = (performance.now() - t0) / 1000;
    // Let the last ones arrive; whatever has not after 2 s is lost.
    for (let i = 0; i < 40 && this.sentAt.size > 0; i++) await sleep(50);
    if (measure) {
      this.lost += [...this.sentAt.keys()].filter((key) => key > 0).length;
      this.serverCpu += s0.reduce((sum, s, i) => sum + cpuSeconds(s, s1[i] as NodeJS.CpuUsage), 0);
      this.genCpu += cpuSeconds(c0, c1);
      this.machineCoreSec += machineCores(k0, k1, cpus().length) * seconds;
      this.seconds += seconds;
    }
    this.sentAt.clear();
  }

  private cpu(): Promise<NodeJS.CpuUsage[]> {
    return Promise.all(this.servers.map((s) => s.call<NodeJS.CpuUsage>('cpu')));
  }
}

/** The key a message carries in its text (`L<k>#`), found in whatever frame echoes it. */
export const keyOf = (data: Buffer): number | undefined => {
  const m = /L(-?\d+)#/.exec(data.toString());
  return m ? Number(m[1]) : undefined;
};

/**
 * Ours: visitor i sends into conversation i + 1 (its own, answered by manager i); a message is
 * seen when a manager's socket receives its `message.created`.
 */
export function pacedConversations(
  servers: readonly Child<unknown>[],
  rate: number,
  visitors: readonly { ws: WebSocket }[],
  managers: readonly { ws: WebSocket }[],
  text: string,
): Paced {
  const run = String(Date.now());
  const paced = new Paced(servers, rate, (k) => {
    const i = Math.abs(k) % visitors.length;
    const frame = { type: 'call', id: k, method: 'messages.send', params: { conversationId: i + 1, clientMessageId: `l${run}${k}`, text: `${text} L${k}#` } };
    visitors[i]?.ws.send(JSON.stringify(frame));
  });
  for (const m of managers) {
    m.ws.on('message', (data: Buffer) => {
      if (!data.includes('message.created')) return;
      const k = keyOf(data);
      if (k !== undefined) paced.received(k);
    });
  }
  return paced;
}

/** Raw: the echo server with `connections` sockets; each frame goes out on the next one and is seen when it comes back. */
export async function pacedRawEcho(label: string, connections: number, rate: number, text: string): Promise<{ paced: Paced; close(): Promise<void> }> {
  const server = await startRawServer('echo', label);
  const sockets: WebSocket[] = [];
  const close = async () => {
    await closeAll(sockets);
    await server.stop();
  };
  try {
    sockets.push(...(await inParallel(connections, 50, () => openSocket(`${server.info.wsUrl}?role=echo`))));
  } catch (err) {
    await close();
    throw err;
  }
  const paced = new Paced([server], rate, (k) => {
    const frame = { type: 'call', id: k, method: 'messages.send', params: { conversationId: 1, clientMessageId: `l${k}`, text: `${text} L${k}#` } };
    sockets[Math.abs(k) % sockets.length]?.send(JSON.stringify(frame));
  });
  for (const ws of sockets) {
    ws.on('message', (data: Buffer) => {
      const k = keyOf(data);
      if (k !== undefined) paced.received(k);
    });
  }
  return { paced, close };
}

/**
 * Raw store-and-forward (raw-child.ts `relay`): visitor i sends into conversation i + 1; seen
 * when its manager's socket receives the event. The same pairs and frames as ours.
 */
export async function pacedRawRelay(label: string, pairs: number, rate: number, text: string, dbFile: string): Promise<{ paced: Paced; close(): Promise<void> }> {
  const server = await startRawServer('relay', label, dbFile);
  const sockets: WebSocket[] = [];
  const close = async () => {
    await closeAll(sockets);
    await server.stop();
  };
  let visitors: WebSocket[] = [];
  try {
    const managers = await inParallel(pairs, 50, (i) => openSocket(`${server.info.wsUrl}?role=recv&pair=${i + 1}`));
    sockets.push(...managers);
    visitors = await inParallel(pairs, 50, (i) => openSocket(`${server.info.wsUrl}?role=send&pair=${i + 1}`));
    sockets.push(...visitors);
    const run = String(Date.now());
    const paced = new Paced([server], rate, (k) => {
      const i = Math.abs(k) % visitors.length;
      const frame = { type: 'call', id: k, method: 'messages.send', params: { conversationId: i + 1, clientMessageId: `l${run}${k}`, text: `${text} L${k}#` } };
      visitors[i]?.send(JSON.stringify(frame));
    });
    for (const m of managers) {
      m.on('message', (data: Buffer) => {
        if (!data.includes('message.created')) return;
        const k = keyOf(data);
        if (k !== undefined) paced.received(k);
      });
    }
    return { paced, close };
  } catch (err) {
    await close();
    throw err;
  }
}
