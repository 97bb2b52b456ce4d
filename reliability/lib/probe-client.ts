import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

export interface ProbeEvent {
  seq: number;
  name: string;
  data: any;
}

export interface ProbeOptions {
  /** A function is asked on every attempt: the cluster runs move a client to another node on each reconnect. */
  url: string | (() => string);
  origin: string;
  token: string | (() => string);
  /** Reconnect by itself after any drop, resuming from the last seq. */
  autoReconnect?: boolean;
  reconnectDelayMs?: number;
  /**
   * A reconnect policy instead of the fixed `reconnectDelayMs`: the wait before the next attempt,
   * given how many attempts failed since the last welcome (0 after a drop); a welcome resets the
   * count. G11 passes the product's own, as ChatClient calls it.
   */
  reconnectDelay?: (attempt: number) => number;
  /**
   * As ChatClient does after an attempt that failed before the socket opened: ask
   * `GET /api/origin-check` (without waiting for it) whether the origin is refused (G11).
   */
  originCheckOnFailedAttempt?: boolean;
  /** Drop an attempt not welcomed within this long and try again (ChatClient's `connectTimeoutMs`). */
  connectTimeoutMs?: number;
  /** Keep every event (G1 compares them); otherwise only counts are kept. */
  keepEvents?: boolean;
}

/**
 * A raw protocol client for the reliability suite. Unlike ChatClient it hides nothing: every
 * event frame is recorded as it arrived, so duplicates or reordering by the server show up.
 */
const live = new Set<ProbeClient>();

export class ProbeClient {
  readonly opts: ProbeOptions;
  ws: WebSocket | null = null;
  events: ProbeEvent[] = [];
  eventCount = 0;
  bytesReceived = 0;
  lastSeq: number | undefined;
  epoch: string | undefined;
  me: any;
  welcomes = 0;
  resumed = 0;
  resyncs = 0;
  duplicates = 0;
  outOfOrder = 0;
  closes: number[] = [];
  /** Connection attempts (each `new WebSocket`, the first included) and when the last one began (performance.now()). */
  attempts = 0;
  attemptStartedAt = 0;
  /** When the last attempt's TCP connection was established (before its upgrade was answered); 0 before. */
  tcpConnectedAt = 0;
  /** When the last attempt's upgrade was answered (the socket opened, the hello went out); 0 before. */
  openedAt = 0;
  /** Called on every welcome with the time from its attempt's upgrade request to the welcome. */
  onWelcome: ((frame: any, upgradeToWelcomeMs: number) => void) | undefined;
  /** The `resumeFrom` of the last hello sent (undefined: a fresh start). */
  helloResumeFrom: number | undefined;
  /** `head` frames received. */
  heads = 0;
  #reconnectAttempt = 0;
  errors: any[] = [];
  #stopped = false;
  #nextId = 1;
  #calls = new Map<number | string, { resolve: (v: any) => void; reject: (e: any) => void }>();
  #welcomeWaiters: Array<() => void> = [];
  #eventWaiters: Array<{ test: (e: ProbeEvent) => boolean; resolve: (e: ProbeEvent) => void }> = [];
  onEvent: ((e: ProbeEvent) => void) | undefined;

  constructor(opts: ProbeOptions) {
    this.opts = { autoReconnect: true, reconnectDelayMs: 20, keepEvents: true, ...opts };
    live.add(this);
  }

  /** Stops every probe not yet stopped (a guarantee cut short leaves them reconnecting). */
  static stopLeftovers(): number {
    const n = live.size;
    for (const p of live) p.stop();
    return n;
  }

  get open(): boolean {
    return this.ws?.readyState === WebSocket.OPEN && this.#welcomed;
  }
  #welcomed = false;

  connect(): Promise<void> {
    this.#stopped = false;
    this.attempts++;
    this.attemptStartedAt = performance.now();
    this.openedAt = 0;
    this.tcpConnectedAt = 0;
    const url = typeof this.opts.url === 'function' ? this.opts.url() : this.opts.url;
    const ws = new WebSocket(url, { origin: this.opts.origin });
    this.ws = ws;
    // ws's upgrade request (internal): when TCP connected, to tell a slow connect from a slow upgrade (G11).
    (ws as any)._req?.once('socket', (socket: import('node:net').Socket) => socket.once('connect', () => (this.tcpConnectedAt = performance.now())));
    this.#welcomed = false;
    let opened = false;
    const giveUp =
      this.opts.connectTimeoutMs === undefined ? undefined : setTimeout(() => this.ws === ws && !this.#welcomed && ws.terminate(), this.opts.connectTimeoutMs);
    ws.on('open', () => {
      opened = true;
      this.openedAt = performance.now();
      const token = typeof this.opts.token === 'function' ? this.opts.token() : this.opts.token;
      const hello: any = { type: 'hello', token };
      if (this.lastSeq !== undefined && this.epoch) Object.assign(hello, { resumeFrom: this.lastSeq, epoch: this.epoch });
      this.helloResumeFrom = hello.resumeFrom;
      ws.send(JSON.stringify(hello));
    });
    ws.on('message', (raw: Buffer) => {
      this.bytesReceived += raw.length;
      this.#onFrame(JSON.parse(raw.toString()));
    });
    ws.on('error', () => undefined);
    ws.on('close', (code) => {
      clearTimeout(giveUp);
      if (this.ws !== ws) return;
      this.closes.push(code);
      this.#welcomed = false;
      for (const [, c] of this.#calls) c.reject(new Error(`closed ${code}`));
      this.#calls.clear();
      if (!this.#stopped && this.opts.autoReconnect) {
        const delay = this.opts.reconnectDelay ? this.opts.reconnectDelay(this.#reconnectAttempt++) : this.opts.reconnectDelayMs;
        setTimeout(() => {
          if (!this.#stopped) void this.connect().catch(() => undefined);
        }, delay);
        if (!opened && this.opts.originCheckOnFailedAttempt) {
          const check = url.replace(/^ws/, 'http').replace(/ws$/, 'api/origin-check');
          fetch(check, { headers: { origin: this.opts.origin }, signal: AbortSignal.timeout(5_000) }).then((r) => r.body?.cancel(), () => undefined);
        }
      }
    });
    return new Promise<void>((resolve) => this.#welcomeWaiters.push(resolve));
  }

  #onFrame(frame: any): void {
    switch (frame.type) {
      case 'welcome':
        this.welcomes++;
        if (frame.resumed) this.resumed++;
        else this.lastSeq = frame.seq;
        this.epoch = frame.epoch;
        this.me = frame.user;
        this.#welcomed = true;
        this.#reconnectAttempt = 0;
        this.onWelcome?.(frame, performance.now() - this.attemptStartedAt);
        for (const w of this.#welcomeWaiters.splice(0)) w();
        return;
      case 'head':
        this.heads++;
        // The log's head: nothing up to `seq` concerns this client beyond what it got, so a
        // resume may start there. Only moves the resume point forward; absent on older servers.
        if (typeof frame.seq === 'number' && (this.lastSeq === undefined || frame.seq > this.lastSeq)) this.lastSeq = frame.seq;
        return;
      case 'event': {
        if (this.lastSeq !== undefined && frame.seq <= this.lastSeq) {
          if (this.events.some((e) => e.seq === frame.seq)) this.duplicates++;
          else this.outOfOrder++;
          return;
        }
        this.lastSeq = frame.seq;
        const event = { seq: frame.seq, name: frame.name, data: frame.data };
        this.eventCount++;
        if (this.opts.keepEvents) this.events.push(event);
        this.onEvent?.(event);
        for (const w of [...this.#eventWaiters]) {
          if (w.test(event)) {
            this.#eventWaiters.splice(this.#eventWaiters.indexOf(w), 1);
            w.resolve(event);
          }
        }
        return;
      }
      case 'result':
      case 'error': {
        if (frame.id === undefined) {
          if (frame.error?.code === 'RESYNC_REQUIRED') this.resyncs++;
          this.errors.push(frame.error);
          return;
        }
        const call = this.#calls.get(frame.id);
        this.#calls.delete(frame.id);
        if (!call) return;
        if (frame.type === 'result') call.resolve(frame.result);
        else call.reject(Object.assign(new Error(frame.error.message), { code: frame.error.code, frame }));
        return;
      }
    }
  }

  call(method: string, params: unknown, id: number | string = this.#nextId++): Promise<any> {
    return new Promise((resolve, reject) => {
      if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return reject(new Error('not connected'));
      this.#calls.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ type: 'call', id, method, params }));
    });
  }

  waitForEvent(test: (e: ProbeEvent) => boolean, timeoutMs = 5_000): Promise<ProbeEvent> {
    const found = this.events.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { test, resolve };
      this.#eventWaiters.push(waiter);
      setTimeout(() => {
        const i = this.#eventWaiters.indexOf(waiter);
        if (i >= 0) {
          this.#eventWaiters.splice(i, 1);
          reject(new Error('timed out waiting for an event'));
        }
      }, timeoutMs).unref();
    });
  }

  /** Stops reading from the socket: the kernel buffers fill and pongs stop (G5, G6). */
  stopReading(): void {
    (this.ws as any)?._socket?.pause();
  }

  resumeReading(): void {
    (this.ws as any)?._socket?.resume();
  }

  stop(): void {
    live.delete(this);
    this.#stopped = true;
    this.ws?.terminate();
  }
}
