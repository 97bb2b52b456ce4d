/**
 * The fan-out figures' closed loop: a sender keeps at most WINDOW messages that have not yet
 * reached every receiver, so no server is measured on a queue that grows without bound. Paused
 * (drained) and resumed in phases, so ours and raw take turns and background load on a shared
 * machine hits both alike. The servers are those whose CPU and event loop the figure reports
 * (one, or every node of a cluster).
 */
import { cpus } from 'node:os';
import { cpuSeconds, machineCores, machineTicks } from './clients.js';
import { readLoops, watchingLoop } from './phases.js';
import type { Child, LoopDelay } from './proc.js';
import { sleep } from './stats.js';
import type { WebSocket } from './ws.js';

export const WINDOW = Number(process.env.BENCH_FANOUT_WINDOW ?? 8);
const MAX_MESSAGES = 1_000_000;

export interface Measured {
  deliveriesPerSec: number;
  messagesPerSec: number;
  serverCpuUsPerDelivery: number;
  serverCores: number;
  generatorCores: number;
  machineCores: number;
  frameBytes: number;
  /** The servers' event-loop delay over the measured phases (the worst of them). */
  loop: LoopDelay;
}

interface Totals {
  deliveries: number;
  messages: number;
  seconds: number;
  serverCpu: number;
  generatorCpu: number;
  machineCoreSeconds: number;
}

/** `send(k)` while fewer than WINDOW messages are missing at some receiver. */
export class Loop {
  readonly totals: Totals = { deliveries: 0, messages: 0, seconds: 0, serverCpu: 0, generatorCpu: 0, machineCoreSeconds: 0 };
  frameBytes = 0;
  private readonly reached = new Int32Array(MAX_MESSAGES + 2);
  private sent = 0;
  private allReceived = 0;
  private deliveries = 0;
  private running = false;
  private drained: (() => void) | undefined;

  constructor(
    private readonly servers: readonly Child<unknown>[],
    private readonly receivers: WebSocket[],
    private readonly send: (k: number) => void,
  ) {
    const n = receivers.length;
    receivers.forEach((ws) => {
      let count = 0;
      ws.on('message', (data: Buffer) => {
        if (!data.includes('message.created')) return;
        this.frameBytes = data.length;
        this.deliveries++;
        const k = ++count;
        if (k > MAX_MESSAGES) return;
        this.reached[k] = (this.reached[k] as number) + 1;
        if (this.reached[k] === n && k === this.allReceived + 1) {
          this.allReceived = k;
          while (this.reached[this.allReceived + 1] === n) this.allReceived++;
          this.pump();
        }
      });
    });
  }

  private pump(): void {
    while (this.running && this.sent - this.allReceived < WINDOW && this.sent < MAX_MESSAGES) this.send(++this.sent);
    if (!this.running && this.sent === this.allReceived) this.drained?.();
  }

  /** Runs for `ms`, then drains; counts the phase into `totals` when `measure` is set. */
  async phase(ms: number, measure: boolean): Promise<void> {
    await watchingLoop(this.servers, measure, () => this.run(ms, measure));
  }

  private async run(ms: number, measure: boolean): Promise<void> {
    const d0 = this.deliveries;
    const m0 = this.allReceived;
    const s0 = await this.cpu();
    const c0 = process.cpuUsage();
    const k0 = machineTicks();
    const t0 = performance.now();
    this.running = true;
    this.pump();
    await sleep(ms);
    const d1 = this.deliveries;
    const m1 = this.allReceived;
    const s1 = await this.cpu();
    const c1 = process.cpuUsage();
    const k1 = machineTicks();
    const seconds = (performance.now() - t0) / 1000;
    this.running = false;
    await Promise.race([new Promise<void>((r) => { this.drained = r; this.pump(); }), sleep(10_000)]);
    this.drained = undefined;
    if (!measure) return;
    this.totals.deliveries += d1 - d0;
    this.totals.messages += m1 - m0;
    this.totals.seconds += seconds;
    this.totals.serverCpu += s0.reduce((sum, s, i) => sum + cpuSeconds(s, s1[i] as NodeJS.CpuUsage), 0);
    this.totals.generatorCpu += cpuSeconds(c0, c1);
    this.totals.machineCoreSeconds += machineCores(k0, k1, cpus().length) * seconds;
  }

  private cpu(): Promise<NodeJS.CpuUsage[]> {
    return Promise.all(this.servers.map((s) => s.call<NodeJS.CpuUsage>('cpu')));
  }

  async result(): Promise<Measured> {
    const t = this.totals;
    return {
      loop: await readLoops(this.servers),
      deliveriesPerSec: t.deliveries / t.seconds,
      messagesPerSec: t.messages / t.seconds,
      serverCpuUsPerDelivery: (t.serverCpu * 1e6) / Math.max(1, t.deliveries),
      serverCores: t.serverCpu / t.seconds,
      generatorCores: t.generatorCpu / t.seconds,
      machineCores: t.machineCoreSeconds / t.seconds,
      frameBytes: this.frameBytes,
    };
  }
}
