import type { TestContext } from 'node:test';
import WebSocket from 'ws';
import type { ServerFrame, WelcomeFrame } from '@chatdesk/protocol';
import { startTestServer, type TestServer, type TestServerOptions } from '../src/testing.js';

export { startTestServer, type TestServer };

/**
 * `npm test` runs this suite on SQLite, then on PostgreSQL (CHATDESK_TEST_STORAGE=postgres): a
 * test, or a part of one, that looks at the SQLite file itself runs only on the first.
 */
export const onPostgres = process.env['CHATDESK_TEST_STORAGE'] === 'postgres';
export const sqliteOnly = onPostgres ? 'looks at the SQLite file itself' : false;

/** A server closed (and its temp folder removed) when the test ends. */
export async function startServer(t: TestContext, options: TestServerOptions = {}): Promise<TestServer> {
  const server = await startTestServer(options);
  t.after(() => server.close());
  return server;
}

export type Frame = ServerFrame & Record<string, unknown>;
export type EventFrame = { type: 'event'; seq: number; name: string; data: any };

/** Thrown by `TestClient.call` for an error frame. */
export class CallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: unknown,
    readonly id: unknown,
  ) {
    super(`${code}: ${message}`);
  }
}

export interface ConnectOptions {
  origin?: string | null;
  /** Answer server pings (ws does by default). */
  autoPong?: boolean;
}

const DEFAULT_TIMEOUT = 3_000;

/**
 * A small WebSocket test client: frames are buffered, `waitFor` takes the first buffered or
 * future frame that matches, so nothing is lost between awaits.
 */
export class TestClient {
  readonly ws: WebSocket;
  private readonly buffer: Frame[] = [];
  private waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  private nextId = 1;
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;
  welcome: WelcomeFrame | undefined;

  constructor(url: string, opts: ConnectOptions = {}) {
    const wsOpts: WebSocket.ClientOptions = { autoPong: opts.autoPong ?? true };
    if (opts.origin !== null) wsOpts.origin = opts.origin;
    this.ws = new WebSocket(url, wsOpts);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    this.opened.catch(() => {});
    this.closed = new Promise((resolve) => {
      this.ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    this.ws.on('error', () => {});
    this.ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      const i = this.waiters.findIndex((w) => w.pred(frame));
      if (i >= 0) {
        const [w] = this.waiters.splice(i, 1);
        w?.resolve(frame);
      } else this.buffer.push(frame);
    });
  }

  static async open(server: TestServer, opts: ConnectOptions = {}): Promise<TestClient> {
    const c = new TestClient(server.wsUrl, { origin: server.origin, ...opts });
    await c.opened;
    return c;
  }

  /** Opens a socket and says hello; resolves with the welcome (after any RESYNC error frame). */
  static async connect(
    server: TestServer,
    token: string,
    hello: { resumeFrom?: number; epoch?: string } = {},
    opts: ConnectOptions = {},
  ): Promise<TestClient> {
    const c = await TestClient.open(server, opts);
    c.send({ type: 'hello', token, ...hello });
    c.welcome = (await c.waitFor((f) => f.type === 'welcome')) as WelcomeFrame;
    return c;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first buffered or future frame matching `pred`, removed from the buffer. */
  waitFor(pred: (f: Frame) => boolean, timeoutMs = DEFAULT_TIMEOUT): Promise<Frame> {
    const i = this.buffer.findIndex(pred);
    if (i >= 0) return Promise.resolve(this.buffer.splice(i, 1)[0] as Frame);
    return new Promise((resolve, reject) => {
      const waiter = {
        pred,
        resolve: (f: Frame) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching frame within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** The next event (optionally of one name), in arrival order. */
  nextEvent(name?: string, timeoutMs?: number): Promise<EventFrame> {
    return this.waitFor((f) => f.type === 'event' && (name === undefined || f.name === name), timeoutMs) as Promise<
      unknown
    > as Promise<EventFrame>;
  }

  /** Events already received and not yet taken. */
  takeEvents(): EventFrame[] {
    const events = this.buffer.filter((f) => f.type === 'event') as unknown as EventFrame[];
    for (const e of events) this.buffer.splice(this.buffer.indexOf(e as unknown as Frame), 1);
    return events;
  }

  /** Resolves false if no matching frame arrives within `ms` (for "never receives" checks). */
  async receivesWithin(pred: (f: Frame) => boolean, ms: number): Promise<boolean> {
    try {
      await this.waitFor(pred, ms);
      return true;
    } catch {
      return false;
    }
  }

  /** Sends a call and resolves with the raw result or error frame. */
  async callRaw(method: string, params?: unknown, id: string | number = this.nextId++): Promise<Frame> {
    this.send({ type: 'call', id, method, params });
    return this.waitFor((f) => (f.type === 'result' || f.type === 'error') && f.id === id);
  }

  async call<T = any>(method: string, params?: unknown): Promise<T> {
    const f = await this.callRaw(method, params);
    if (f.type === 'error') {
      const e = f.error as { code: string; message: string; details?: unknown };
      throw new CallError(e.code, e.message, e.details, f.id);
    }
    return f.result as T;
  }

  close(): Promise<{ code: number; reason: string }> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
    return this.closed;
  }
}

/** Connects, and closes the client when the test ends. */
export async function connect(
  t: TestContext,
  server: TestServer,
  token: string,
  hello: { resumeFrom?: number; epoch?: string } = {},
  opts: ConnectOptions = {},
): Promise<TestClient> {
  const c = await TestClient.connect(server, token, hello, opts);
  t.after(() => c.ws.terminate());
  return c;
}

/** Opens a socket without hello, closed when the test ends. */
export async function open(t: TestContext, server: TestServer, opts: ConnectOptions = {}): Promise<TestClient> {
  const c = await TestClient.open(server, opts);
  t.after(() => c.ws.terminate());
  return c;
}

/** Seeds a conversation the way production does: a visitor writes. Returns ids and the token. */
export async function visitorConversation(
  t: TestContext,
  server: TestServer,
  text = 'Hello from the shop',
  name?: string,
): Promise<{ visitor: TestClient; token: string; customerId: number; conversationId: number; messageId: number }> {
  const { token, customerId } = await server.visitorToken(name === undefined ? {} : { name });
  const visitor = await connect(t, server, token);
  const r = await visitor.call('messages.send', { clientMessageId: `v-${Math.random().toString(36).slice(2)}`, text });
  return { visitor, token, customerId, conversationId: r.conversation.id, messageId: r.message.id };
}

let cmidCounter = 0;
/** A fresh client message id. */
export function cmid(prefix = 'm'): string {
  return `${prefix}-${Date.now().toString(36)}-${(cmidCounter++).toString(36)}`;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a call came to: 'ok', or its error code. */
export async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return (e as CallError).code;
  }
}
