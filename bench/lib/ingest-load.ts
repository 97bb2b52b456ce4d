/**
 * The ingest figures' load: one visitor socket per sender, each keeping PER_CONNECTION sends in
 * flight (or, with a `window`, that many in flight in all, each socket one at most, the sockets
 * taking turns); counted are the sends acknowledged (the gateway acks only after the commit).
 * Sockets are spread over the servers given (one, or the nodes of a cluster) in turn. Runs in
 * phases, so ours and the raw baseline can take turns; each phase drains what is in flight
 * before it ends.
 */
import { cpus } from 'node:os';
import { signVisitorToken } from '@chatdesk/server';
import { closeAll, cpuSeconds, helloClient, inParallel, machineCores, machineTicks } from './clients.js';
import { readLoops, watchingLoop } from './phases.js';
import type { Child, LoopDelay } from './proc.js';
import type { ServerInfo } from './server-child.js';
import { sleep } from './stats.js';
import type { WebSocket } from './ws.js';

/** Sends each connection keeps in flight. */
export const PER_CONNECTION = 2;
export const INGEST_TEXT = 'Добрый день! Хочу уточнить статус заказа и время доставки курьером, спасибо.';

export interface Sender {
  customerId: number;
  channelId: number;
  conversationId: number;
}

export interface PhaseResult {
  /** Acknowledged within the phase's `ms`. */
  acks: number;
  seconds: number;
  /** Acknowledged after it, while draining what was in flight, and how long that took. */
  drainedAcks: number;
  drainSeconds: number;
  /** Still unanswered when the drain gave up (the next phase then overlaps them). */
  undrained: number;
  /** CPU seconds of all the servers together. */
  serverCpu: number;
  genCpu: number;
  machineCoreSec: number;
}

export interface IngestLoad {
  phase(ms: number, measure: boolean): Promise<PhaseResult>;
  errors: Map<string, number>;
  totalAcked(): number;
  /** The servers' event-loop delay over the measured phases (the worst of them). */
  loop(): Promise<LoopDelay>;
  /** Closes the sockets (the servers are the caller's). */
  close(): Promise<void>;
}

/** Connects one visitor per sender; client message ids are `<idPrefix><socket>-<n>`. */
export async function connectIngest(
  servers: readonly Child<ServerInfo>[],
  senders: readonly Sender[],
  idPrefix: string,
  opts: { window?: number; drainTimeoutMs?: number } = {},
): Promise<IngestLoad> {
  const { window, drainTimeoutMs = 10_000 } = opts;
  const perConnection = window === undefined ? PER_CONNECTION : 1;
  const now = Date.now();
  const sockets: WebSocket[] = [];
  const errors = new Map<string, number>();
  let acked = 0;
  let running = false;
  let inflight = 0;
  let drained: (() => void) | undefined;
  const close = () => closeAll(sockets);
  try {
    const clients = await inParallel(senders.length, 50, (i) => {
      const s = senders[i] as Sender;
      const { wsUrl, origin, secret } = (servers[i % servers.length] as Child<ServerInfo>).info;
      return helloClient(wsUrl, origin, signVisitorToken(secret, { customerId: s.customerId, channelId: s.channelId, ttlSeconds: 3600, now }));
    });
    const pumps: (() => void)[] = [];
    // With a window: the sockets take turns, each sending when the window has room.
    let turn = 0;
    const pumpWindow = () => {
      for (let tried = 0; running && inflight < (window as number) && tried < pumps.length; tried++) {
        pumps[turn]?.();
        turn = (turn + 1) % pumps.length;
      }
    };
    clients.forEach(({ ws }, i) => {
      sockets.push(ws);
      const conversationId = (senders[i] as Sender).conversationId;
      let k = 0;
      let mine = 0;
      const pump = () => {
        while (running && mine < perConnection && (window === undefined || inflight < window)) {
          mine++;
          inflight++;
          ws.send(JSON.stringify({ type: 'call', id: ++k, method: 'messages.send', params: { conversationId, clientMessageId: `${idPrefix}${i}-${k}`, text: INGEST_TEXT } }));
        }
      };
      pumps.push(pump);
      ws.on('message', (data: Buffer) => {
        const head = data.subarray(0, 16).toString();
        if (head === '{"type":"result"') acked++;
        else if (head.startsWith('{"type":"error"')) {
          const code = /"code":"([A-Z_]+)"/.exec(String(data))?.[1] ?? 'unknown';
          errors.set(code, (errors.get(code) ?? 0) + 1);
        } else return;
        mine--;
        inflight--;
        if (window === undefined) pump();
        else pumpWindow();
        if (!running && inflight === 0) drained?.();
      });
    });
    const cpu = () => Promise.all(servers.map((s) => s.call<NodeJS.CpuUsage>('cpu')));
    const phase = async (ms: number): Promise<PhaseResult> => {
      const a0 = acked;
      const s0 = await cpu();
      const c0 = process.cpuUsage();
      const k0 = machineTicks();
      const t0 = performance.now();
      running = true;
      if (window === undefined) for (const p of pumps) p();
      else pumpWindow();
      await sleep(ms);
      const a1 = acked;
      const s1 = await cpu();
      const c1 = process.cpuUsage();
      const k1 = machineTicks();
      const t1 = performance.now();
      const seconds = (t1 - t0) / 1000;
      running = false;
      if (inflight > 0) await Promise.race([new Promise<void>((r) => (drained = r)), sleep(drainTimeoutMs)]);
      drained = undefined;
      return {
        acks: a1 - a0,
        seconds,
        drainedAcks: acked - a1,
        drainSeconds: (performance.now() - t1) / 1000,
        undrained: inflight,
        serverCpu: s0.reduce((sum, s, i) => sum + cpuSeconds(s, s1[i] as NodeJS.CpuUsage), 0),
        genCpu: cpuSeconds(c0, c1),
        machineCoreSec: machineCores(k0, k1, cpus().length) * seconds,
      };
    };
    return {
      errors,
      totalAcked: () => acked,
      close,
      phase: (ms, measure) => watchingLoop(servers, measure, () => phase(ms)),
      loop: () => readLoops(servers),
    };
  } catch (err) {
    await close();
    throw err;
  }
}
