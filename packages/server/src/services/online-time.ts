import { randomUUID } from 'node:crypto';
import type { Clock } from '../config.js';
import type { SystemContext } from './context.js';
import { ONLINE_HEARTBEAT_MS } from './analytics-report.js';

/**
 * S-AN-1: managers' time online. Each node writes a run per user from their first welcomed session
 * on it to their last one's end, and every `ONLINE_HEARTBEAT_MS` that its open runs go on; a node
 * that dies leaves runs the report ends where they were last heard of. A user on two nodes at once
 * has two runs; the report counts their union. The writes go one after another, after the socket
 * events that caused them, never on the send path.
 */
export class OnlineLog {
  readonly #node = randomUUID();
  readonly #open = new Map<string, { sessions: number; key: string }>();
  #seq = 0;
  #chain: Promise<void> = Promise.resolve();
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly run: (what: string, fn: (ctx: SystemContext) => Promise<void>) => Promise<void>,
    private readonly clock: Clock,
    private readonly log: { warn(obj: object, msg: string): void },
    heartbeatMs = ONLINE_HEARTBEAT_MS,
  ) {
    this.#timer = setInterval(() => this.#write('noting who is still online', (ctx, at) => ctx.store.analytics.onlineSeen(this.#node, at)), heartbeatMs);
    this.#timer.unref();
  }

  arrived(userId: string): void {
    const run = this.#open.get(userId);
    if (run) {
      run.sessions++;
      return;
    }
    const key = `${this.#node}:${++this.#seq}`;
    this.#open.set(userId, { sessions: 1, key });
    this.#write('noting a user online', (ctx, at) => ctx.store.analytics.onlineStart({ key, user_id: userId, node: this.#node, started_at: at }));
  }

  left(userId: string): void {
    const run = this.#open.get(userId);
    if (!run || --run.sessions > 0) return;
    this.#open.delete(userId);
    this.#write('noting a user offline', (ctx, at) => ctx.store.analytics.onlineEnd(run.key, at));
  }

  /** Shutdown: every open run ends now. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    for (const userId of [...this.#open.keys()]) {
      const run = this.#open.get(userId)!;
      run.sessions = 1;
      this.left(userId);
    }
    await this.#chain;
  }

  #write(what: string, fn: (ctx: SystemContext, at: number) => Promise<void>): void {
    const at = this.clock.now();
    this.#chain = this.#chain
      .then(() => this.run(what, (ctx) => fn(ctx, at)))
      .catch((err: unknown) => this.log.warn({ err }, `${what} failed`));
  }
}
