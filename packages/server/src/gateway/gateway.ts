import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import * as v from 'valibot';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  CallFrame,
  ClientFrame,
  HelloFrame,
  echoCallId,
  isMethodName,
  limits,
  methods,
  type CallId as CallIdT,
} from '@chatdesk/protocol';
import type { ChatServerConfig } from '../config.js';
import type { EventBus } from '../ports/event-bus.js';
import type { PresenceReports } from '../ports/presence.js';
import {
  checkHello,
  drainBacklog,
  startSession,
  typingAllowed,
  visitorArrived,
  type Actor,
  type PolicyOptions,
  type SessionStart,
  type Signal,
  type UnitOfWork,
} from '../services/index.js';
import { isBot, meOf } from '../services/policy.js';
import { body } from '../services/unit-of-work.js';
import { clientAddress, type TrustProxy } from '../trust-proxy.js';
import { Hub } from './hub.js';
import { Session, WriteBatch, type GatewayStats } from './session.js';
import { SlotRing } from './slot-ring.js';

/** Invalid frames a session may send before it is closed with 4000. */
export const MAX_INVALID_FRAMES = 20;
/** Frames a client may send after its hello before the welcome; more closes it (4029). */
export const MAX_INBOX = 100;
/** `details` of INVALID_PARAMS stays small whatever the client sent. */
const MAX_ISSUE_DETAILS = 10;
/**
 * How often an idle session (one that heard no event since its last turn) learns the log's head:
 * a client's resume point is then at most about twice this far behind the log, so after a restart it replays the seconds it missed, not the whole gap
 * since its last event (G11: at 5 s, the resumes of a storm read three times the rows and the
 * last client came back after 7 s instead of 1.4). The sessions take turns, a 25th of them
 * every 40 ms (HEAD_TURNS): each frame is a write of its own to its socket, and 400 of them in
 * one tick (a fifth of 2,000 sessions) held the event loop 5–11 ms, a latency spike for every
 * message in flight.
 */
export const HEAD_INTERVAL_MS = 1_000;
const HEAD_TURNS = 25;
/**
 * The heartbeat pings a slice of the sessions per tick, each session once per interval, ticks at
 * least this far apart: pinging 2,000 sockets in one turn held the event loop 44 ms.
 */
const BEAT_TICK_MS = 250;

/** setTimeout's longest wait (about 24.8 days); a later expiry is re-armed, or caught by a heartbeat. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface GatewayDeps {
  config: ChatServerConfig;
  /** Every call runs through it; the gateway only speaks the protocol. */
  uow: UnitOfWork;
  /** The hub consumes the committed events from it. */
  bus: EventBus;
  /** Told of every welcomed session that comes and goes. */
  presence: PresenceReports;
  /** S-AN-1: told of every welcomed session of a user on staff (bots not) that comes and goes: their time online. */
  online?: { arrived(userId: string): void; left(userId: string): void };
  policy: PolicyOptions;
  /** Socket writes corked per delivery (shared with the unit of work's delivery scope). */
  writes: WriteBatch;
  epoch: string;
  log: FastifyBaseLogger;
  /** The config's trustProxy, compiled (trust-proxy.ts): the session's remote address. */
  trustProxy?: TrustProxy | undefined;
}

/**
 * The WebSocket gateway speaks the protocol and nothing else: upgrade checks, hello, frame
 * validation, calls handed to the unit of work, answers written, the hub's fan-out of the bus's
 * committed events, heartbeats, rate and size limits.
 */
export class Gateway {
  readonly hub: Hub;
  /** Sessions cut as slow consumers (the group-commit counts are the unit of work's). */
  private readonly counters = { slowConsumers: 0 };
  private readonly wss: WebSocketServer;
  private readonly heartbeat: NodeJS.Timeout;
  /** `head` frames to sessions that heard nothing lately (Hub.announceHead). */
  private readonly headTicker: NodeJS.Timeout;
  private readonly sessions = new Set<Session>();
  /** The same sessions by heartbeat turn. */
  private readonly beatRing: SlotRing<Session>;
  private readonly writes: WriteBatch;
  private readonly unsubscribe: () => void;
  private readonly unsubscribeSignals: () => void;
  private closing = false;

  constructor(private readonly deps: GatewayDeps) {
    this.writes = deps.writes;
    this.hub = new Hub(deps.policy, HEAD_TURNS);
    this.unsubscribe = deps.bus.subscribe((events) => this.hub.publish(events));
    // Signals reach this node's sessions through the bus too: with several nodes, the others'.
    this.unsubscribeSignals = deps.bus.subscribeSignals((signal) => this.hub.signal(signal as Signal));
    // maxPayload: ws closes the socket with 1009 itself when a frame is larger.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes, clientTracking: false });
    const beatTurns = Math.max(1, Math.floor(deps.config.heartbeatMs / BEAT_TICK_MS));
    this.beatRing = new SlotRing(beatTurns);
    let beatTurn = 0;
    this.heartbeat = setInterval(() => this.beat((beatTurn = (beatTurn + 1) % beatTurns)), deps.config.heartbeatMs / beatTurns);
    this.heartbeat.unref();
    let turn = 0;
    this.headTicker = setInterval(() => this.hub.announceHead((turn = (turn + 1) % HEAD_TURNS)), HEAD_INTERVAL_MS / HEAD_TURNS);
    this.headTicker.unref();
  }

  /** Group commits and the sends they carried (the unit of work's), and sessions cut as slow consumers. */
  get stats(): GatewayStats {
    return { ...this.counters, ...this.deps.uow.stats };
  }

  /** Open sockets (welcomed or not); one being closed (e.g. a slow consumer) no longer counts. */
  get sessionCount(): number {
    let n = 0;
    for (const s of this.sessions) if (s.open) n++;
    return n;
  }

  originAllowed(origin: string | undefined): boolean {
    if (!origin) return false;
    const allowed = this.deps.config.allowedOrigins;
    return allowed.includes('*') || allowed.includes(origin);
  }

  /** The `upgrade` listener of the HTTP server. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.once('finish', () => socket.destroy());
    };
    // Not a closure: it stays on the socket for the session's life, and a closure here would keep
    // this call's whole scope (the upgrade request and its headers, ~1 KB) alive with it.
    socket.on('error', destroySocket);
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/ws') return refuse('404 Not Found');
    // Browsers always send Origin; a missing one means a non-browser client outside the allowlist.
    if (!this.originAllowed(req.headers.origin)) return refuse('403 Forbidden');
    if (this.closing) return refuse('503 Service Unavailable');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const { config } = this.deps;
    const remote = clientAddress(req, this.deps.trustProxy);
    const session = new Session(ws, config.sendBufferCap, config.rateLimit, remote, this.counters, this.writes);
    this.sessions.add(session);
    this.beatRing.add(session);
    session.helloTimer = setTimeout(() => session.close('HELLO_TIMEOUT'), config.helloTimeoutMs);
    ws.on('pong', () => {
      session.alive = true;
    });
    ws.on('message', (data, isBinary) => {
      if (session.inbox) {
        // The hello is still being answered: what follows it waits, in order.
        if (session.inbox.length >= MAX_INBOX) return session.close('RATE_LIMITED');
        session.inbox.push({ data, isBinary });
        return;
      }
      try {
        this.onFrame(session, data, isBinary);
      } catch (err) {
        // A bug must cost one frame, never the process. Before welcome the client would wait
        // forever, so tell it to come back (1001: reconnect and resume).
        this.deps.log.error({ err }, 'gateway frame handling failed');
        if (!session.actor) session.close('GOING_AWAY');
      }
    });
    ws.on('error', (err) => this.deps.log.debug({ err }, 'websocket error'));
    ws.on('close', () => {
      clearTimeout(session.helloTimer);
      clearTimeout(session.expiryTimer);
      this.sessions.delete(session);
      this.beatRing.delete(session);
      this.hub.remove(session);
      const actor = session.actor;
      if (session.present && actor?.kind === 'visitor') this.deps.presence.customerLeft(actor.customerId);
      if (session.present && actor?.kind === 'user') {
        this.deps.presence.userLeft(actor.id);
        if (!isBot(actor)) this.deps.online?.left(actor.id);
      }
    });
  }

  private onFrame(session: Session, data: RawData, isBinary: boolean): void {
    const { rateLimit } = this.deps.config;
    if (!session.open) return;
    // A session lives as long as its token: nothing more is answered once it has expired.
    if (this.expired(session)) return session.close('TOKEN_EXPIRED');
    const now = performance.now();
    if (!session.bucket.take(now)) {
      if (session.bucket.rejected > rateLimit.closeAfterRejected) return session.close('RATE_LIMITED');
      const id = isBinary ? undefined : callIdOf(safeJson(data));
      // The client may retry after this long (its outbox does): the bucket has a token again then.
      if (id !== undefined) session.sendError(id, { ...body('RATE_LIMITED'), details: { retryAfterMs: session.bucket.msUntilToken(now) } });
      return;
    }
    const raw = isBinary ? undefined : safeJson(data);
    const parsed = raw === undefined ? undefined : v.safeParse(ClientFrame, raw.value);
    if (!parsed || !parsed.success) {
      const type = raw && typeof raw.value === 'object' && raw.value !== null ? (raw.value as { type?: unknown }).type : undefined;
      if (type === 'hello' && raw) return this.onBadHello(session, raw.value);
      if (type === 'call' && raw && !session.actor) return session.close('PROTOCOL_VIOLATION');
      // A frame whose envelope is broken (a refused id included) still gets back what could be
      // read of its id, so the client can tell which call failed.
      const issues = type === 'call' && parsed && !parsed.success ? shortIssues(parsed.issues) : undefined;
      return this.invalidFrame(session, callIdOf(raw), issues);
    }
    const frame = parsed.output;
    if (frame.type === 'hello') {
      if (session.actor) return session.close('PROTOCOL_VIOLATION');
      return this.onHello(session, frame);
    }
    // Nothing but hello may come first.
    if (!session.actor) return session.close('PROTOCOL_VIOLATION');
    if (frame.type === 'ping') return session.send({ type: 'pong' });
    this.onCall(session, session.actor, frame);
  }

  private onBadHello(session: Session, value: unknown): void {
    if (session.actor) return session.close('PROTOCOL_VIOLATION');
    // A hello without a usable token is an authentication failure; anything else is malformed.
    const token = (value as { token?: unknown }).token;
    const tokenOk = v.safeParse(HelloFrame.entries.token, token).success;
    session.close(tokenOk ? 'PROTOCOL_VIOLATION' : 'UNAUTHENTICATED');
  }

  private invalidFrame(session: Session, id: CallIdT | undefined, details?: unknown): void {
    session.invalidFrames++;
    session.sendError(id, details === undefined ? body('INVALID_FRAME') : { ...body('INVALID_FRAME'), details });
    if (session.invalidFrames >= MAX_INVALID_FRAMES) session.close('PROTOCOL_VIOLATION');
  }

  /**
   * Subscribe first, then read: the session joins the hub with its live events held, the start
   * (head, resume, replay) is read through the unit of work, and the held events after the head
   * follow the replay. Frames the client sends meanwhile (from the hello on) wait in its inbox.
   */
  private onHello(session: Session, hello: v.InferOutput<typeof HelloFrame>): void {
    const { uow, config, epoch } = this.deps;
    clearTimeout(session.helloTimer);
    session.helloTimer = undefined;
    const opts = { secret: config.secret, epoch, maxUserTokenTtlMs: config.maxTokenTtlSeconds * 1000 };
    session.inbox = [];
    checkHello(uow, hello.token, opts)
      .then((auth) => {
        if (!session.open) return;
        if (!auth.ok) return session.close(auth.close, auth.reason);
        const { actor } = auth;
        session.expiresAt = auth.expiresAt;
        this.armExpiry(session);
        session.actor = actor;
        this.hub.hold(session);
        return startSession(uow, actor, hello, opts).then((start) => this.welcome(session, hello, start));
      })
      .catch((err: unknown) => {
        this.deps.log.error({ err }, 'hello failed');
        session.close('GOING_AWAY');
      });
  }

  private welcome(session: Session, hello: v.InferOutput<typeof HelloFrame>, start: SessionStart): void {
    const { uow, config, epoch, presence } = this.deps;
    const actor = session.actor;
    if (!actor || !session.open) return;
    const { head, resumed } = start;
    if (hello.resumeFrom !== undefined && !resumed) session.sendError(undefined, body('RESYNC_REQUIRED'));
    session.send({
      type: 'welcome',
      user: meOf(actor),
      seq: head,
      epoch,
      resumed,
      heartbeatMs: config.heartbeatMs,
      ...(start.unread ? { unread: start.unread } : {}),
      channels: start.channels,
      settings: start.settings,
      ...(start.privacy ? { privacy: start.privacy } : {}),
    });
    if (start.replay.length > 0) this.hub.replay(session, start.replay);
    this.hub.release(session, head);
    if (!session.open) return;
    session.present = true;
    // S-DLG-13: a widget came back: replies that waited for it are handed over now.
    if (actor.kind === 'visitor' && presence.customerArrived(actor.customerId)) {
      uow.job('handing over queued replies', (ctx) => visitorArrived(ctx, actor.customerId));
    }
    // S-CH-3: a manager coming online has capacity the distribution bot may hand the backlog to;
    // S-SET-4: or is one of the list, whom customers left waiting while nobody was online get now.
    if (actor.kind === 'user' && presence.userArrived(actor.id)) uow.job('distributing the backlog', (ctx) => drainBacklog(ctx, { list: true }));
    if (actor.kind === 'user' && !isBot(actor)) this.deps.online?.arrived(actor.id);
    const inbox = session.inbox ?? [];
    session.inbox = undefined;
    for (const { data, isBinary } of inbox) {
      if (!session.open) return;
      try {
        this.onFrame(session, data, isBinary);
      } catch (err) {
        this.deps.log.error({ err }, 'gateway frame handling failed');
      }
    }
  }

  private onCall(session: Session, actor: Actor, frame: v.InferOutput<typeof CallFrame>): void {
    const { id, method } = frame;
    if (!isMethodName(method)) return session.sendError(id, body('UNKNOWN_METHOD', `There is no method "${method}".`));
    const p = v.safeParse(methods[method].params, frame.params ?? {});
    if (!p.success) return session.sendError(id, { ...body('INVALID_PARAMS'), details: shortIssues(p.issues) });
    this.deps.uow.call(actor, method, p.output, (outcome) => {
      if (!outcome.ok) return session.sendError(id, outcome.error);
      if (outcome.signals.length > 0) this.pushSignals(session, outcome.signals);
      session.send({ type: 'result', id, result: outcome.result });
    });
  }

  /** Signals go right away, not through the log; typing is throttled per session and place. */
  private pushSignals(session: Session, signals: readonly Signal[]): void {
    const now = performance.now();
    for (const signal of signals) {
      if (signal.name === 'typing' && !typingAllowed(session.typing, signal.data, now)) continue;
      this.deps.bus.signal(signal);
    }
  }

  private expired(session: Session): boolean {
    return session.actor !== null && this.deps.config.clock.now() >= session.expiresAt;
  }

  /**
   * Closes the session with 4002 when its token expires: the client fetches a fresh token and
   * resumes, and rights the host has revoked since stop working then. The timer runs on real
   * time; frames and heartbeats also check the injected clock (tests move it).
   */
  private armExpiry(session: Session): void {
    clearTimeout(session.expiryTimer);
    const wait = session.expiresAt - this.deps.config.clock.now();
    if (wait <= 0) return session.close('TOKEN_EXPIRED');
    if (!Number.isFinite(wait)) return;
    session.expiryTimer = setTimeout(() => this.armExpiry(session), Math.min(wait, MAX_TIMER_MS));
    session.expiryTimer.unref();
  }

  /**
   * Pings the sockets of this turn's slot; one that has not answered its previous ping, an
   * interval ago, is gone; an expired token ends its session.
   */
  private beat(turn: number): void {
    for (const s of this.beatRing.at(turn)) {
      if (this.expired(s)) {
        s.close('TOKEN_EXPIRED');
        continue;
      }
      if (!s.alive) {
        s.ws.terminate();
        continue;
      }
      s.alive = false;
      try {
        s.ws.ping();
      } catch {
        s.ws.terminate();
      }
    }
  }

  /** Server shutdown: 1001 to everyone (clients resume elsewhere or later), then cut stragglers. */
  async close(graceMs = 1_000): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    clearInterval(this.headTicker);
    this.unsubscribe();
    this.unsubscribeSignals();
    // Sends already taken are committed and answered before the sockets close.
    this.deps.uow.flush();
    const open = [...this.sessions];
    const closed = open.map((s) => new Promise<void>((resolve) => {
      if (s.ws.readyState === s.ws.CLOSED) return resolve();
      s.ws.once('close', () => resolve());
    }));
    for (const s of open) s.close('GOING_AWAY');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(closed), new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    for (const s of this.sessions) s.ws.terminate();
    this.wss.close();
  }
}

function destroySocket(this: Duplex): void {
  this.destroy();
}

function safeJson(data: RawData): { value: unknown } | undefined {
  try {
    const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    const text = buf.toString('utf8');
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** The id to echo for a frame (see `echoCallId`); none for a frame that is not an object. */
function callIdOf(raw: { value: unknown } | undefined): CallIdT | undefined {
  if (!raw || typeof raw.value !== 'object' || raw.value === null || Array.isArray(raw.value)) return undefined;
  return echoCallId((raw.value as { id?: unknown }).id);
}

/** valibot issues, flattened to `{root?, nested?}` and cut short. */
function shortIssues(issues: readonly v.BaseIssue<unknown>[]): unknown {
  const flat = v.flatten(issues as [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]);
  const out: { root?: string[]; nested?: Record<string, string[]> } = {};
  if (flat.root) out.root = flat.root.slice(0, 3);
  if (flat.nested) {
    out.nested = {};
    for (const [k, msgs] of Object.entries(flat.nested).slice(0, MAX_ISSUE_DETAILS)) {
      if (msgs) out.nested[k] = msgs.slice(0, 3);
    }
  }
  return out;
}
