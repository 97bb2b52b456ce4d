import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import * as v from 'valibot';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  CallFrame,
  ChatError,
  ClientFrame,
  HelloFrame,
  echoCallId,
  errorCodes,
  isMethodName,
  limits,
  methods,
  type CallId as CallIdT,
  type ErrorBody,
  type MethodName,
} from '@chatdesk/protocol';
import type { ChatServerConfig } from '../config.js';
import { staffAliasFor } from '../auth/staff-alias.js';
import { authenticate } from '../auth/tokens.js';
import {
  EventBuffer,
  type Actor,
  type LoggedEvent,
  type PolicyOptions,
  type Presence,
  type ServiceContext,
  type Signal,
  type SystemContext,
} from '../services/context.js';
import {
  drainBacklog,
  groupCommitted,
  handlers,
  sweepUndelivered,
  typingAllowed,
  unreadSnapshot,
  visitorArrived,
  visitorGone,
} from '../services/index.js';
import { meOf } from '../services/policy.js';
import { runAction } from '../services/unit-of-work.js';
import type { Repo } from '../storage/repo.js';
import { clientAddress, type TrustProxy } from '../trust-proxy.js';
import { Hub } from './hub.js';
import { Session, WriteBatch, type GatewayStats } from './session.js';
import { VisitorPresence } from './visitor-presence.js';

/** More missed events than this are cheaper to refetch than to replay. */
export const MAX_REPLAY = 10_000;
/** Invalid frames a session may send before it is closed with 4000. */
export const MAX_INVALID_FRAMES = 20;
/** `details` of INVALID_PARAMS stays small whatever the client sent. */
const MAX_ISSUE_DETAILS = 10;
/** setTimeout's longest wait (about 24.8 days); a later expiry is re-armed, or caught by a heartbeat. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface GatewayDeps {
  config: ChatServerConfig;
  repo: Repo;
  epoch: string;
  log: FastifyBaseLogger;
  /** The config's trustProxy, compiled (trust-proxy.ts): the session's remote address. */
  trustProxy?: TrustProxy | undefined;
}

interface PendingSend {
  session: Session;
  actor: Actor;
  id: CallIdT;
  method: MethodName;
  params: unknown;
}

/**
 * The WebSocket gateway: upgrade checks, hello/auth, frame validation, dispatch to services,
 * group commit of sends, fan-out, heartbeats, rate and size limits.
 */
export class Gateway {
  readonly hub: Hub;
  /** S-DLG-13: web customers' widgets, for the delivery of replies. */
  readonly visitors: VisitorPresence;
  readonly stats: GatewayStats = { commits: 0, committedSends: 0, slowConsumers: 0 };
  private readonly wss: WebSocketServer;
  private readonly policy: PolicyOptions;
  private readonly presence: Presence;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly sessions = new Set<Session>();
  private readonly writes = new WriteBatch();
  private pending: PendingSend[] = [];
  private flushScheduled = false;
  private closing = false;

  constructor(private readonly deps: GatewayDeps) {
    this.policy = { managersSeeUnassigned: deps.config.managersSeeUnassigned, staffAlias: staffAliasFor(deps.config.secret) };
    this.hub = new Hub(this.policy);
    this.visitors = new VisitorPresence(
      deps.config.visitorGraceMs,
      (customerId) => this.runJob('failing replies to a visitor who left', (ctx) => visitorGone(ctx, customerId)),
      () => this.runJob('failing replies undelivered before the start', sweepUndelivered),
    );
    this.presence = { isOnline: (id) => this.hub.isOnline(id), customerReach: (id) => this.visitors.reach(id) };
    // maxPayload: ws closes the socket with 1009 itself when a frame is larger.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes, clientTracking: false });
    this.heartbeat = setInterval(() => this.beat(), deps.config.heartbeatMs);
    this.heartbeat.unref();
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
    socket.on('error', () => socket.destroy());
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
    const session = new Session(ws, config.sendBufferCap, config.rateLimit, remote, this.stats, this.writes);
    this.sessions.add(session);
    session.helloTimer = setTimeout(() => session.close('HELLO_TIMEOUT'), config.helloTimeoutMs);
    ws.on('pong', () => {
      session.alive = true;
    });
    ws.on('message', (data, isBinary) => {
      try {
        this.onFrame(session, data, isBinary);
      } catch (err) {
        // A bug must cost one frame, never the process. Before welcome the client would wait
        // forever, so tell it to come back (1001: reconnect and resume).
        this.deps.log.error({ err }, 'gateway frame handling failed');
        if (!this.hub.sessions.has(session)) session.close('GOING_AWAY');
      }
    });
    ws.on('error', (err) => this.deps.log.debug({ err }, 'websocket error'));
    ws.on('close', () => {
      clearTimeout(session.helloTimer);
      clearTimeout(session.expiryTimer);
      this.sessions.delete(session);
      const welcomed = this.hub.sessions.has(session);
      this.hub.remove(session);
      if (welcomed && session.actor?.kind === 'visitor') this.visitors.left(session.actor.customerId);
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

  private onHello(session: Session, hello: v.InferOutput<typeof HelloFrame>): void {
    const { repo, config, epoch } = this.deps;
    clearTimeout(session.helloTimer);
    const now = config.clock.now();
    const auth = authenticate(repo, config.secret, hello.token, { now, maxUserTokenTtlMs: config.maxTokenTtlSeconds * 1000 });
    if (!auth.ok) return session.close(auth.close, auth.reason);
    const actor = auth.actor;
    session.expiresAt = auth.expiresAt;
    this.armExpiry(session);
    // The host CRM is the source of truth for a user's name and rights: refresh them.
    if (actor.kind === 'user') repo.transaction(() => repo.upsertUser(actor, now));
    session.actor = actor;

    // From here to hub.add everything is synchronous: no commit (so no event) can slip between
    // reading the head, replaying up to it and registering for live events.
    const head = repo.headSeq();
    let resumed = false;
    if (hello.resumeFrom !== undefined) {
      const from = hello.resumeFrom;
      resumed = hello.epoch === epoch && from <= head && from >= repo.prunedThrough() && head - from <= MAX_REPLAY;
      if (!resumed) session.sendError(undefined, body('RESYNC_REQUIRED'));
    }
    const ctx = this.context(actor);
    session.send({
      type: 'welcome',
      user: meOf(actor),
      seq: head,
      epoch,
      resumed,
      heartbeatMs: config.heartbeatMs,
      ...(resumed ? {} : { unread: unreadSnapshot(ctx) }),
    });
    if (resumed && hello.resumeFrom !== undefined && hello.resumeFrom < head) {
      this.hub.replay(session, repo.eventsAfter(hello.resumeFrom, head - hello.resumeFrom));
    }
    if (!session.open) return;
    const wasOnline = actor.kind === 'user' && this.hub.isOnline(actor.id);
    this.hub.add(session);
    // S-DLG-13: a widget came back: replies that waited for it are handed over now.
    if (actor.kind === 'visitor' && this.visitors.arrived(actor.customerId)) {
      this.runJob('handing over queued replies', (ctx) => visitorArrived(ctx, actor.customerId));
    }
    // S-CH-3: a manager coming online has capacity the distribution bot may hand the backlog to.
    if (actor.kind === 'user' && !wasOnline) {
      try {
        this.runSystem((sys) => drainBacklog(sys));
      } catch (err) {
        this.deps.log.error({ err }, 'distributing the backlog failed');
      }
    }
  }

  /**
   * Runs an action without an acting user (a job, the distribution bot) in one transaction and
   * publishes its events after the commit, as calls do.
   */
  runSystem<T>(fn: (ctx: SystemContext) => T): T {
    const { repo, config } = this.deps;
    const ctx: SystemContext = { repo, clock: config.clock, policy: this.policy, events: new EventBuffer(repo, config.clock), presence: this.presence };
    const out = runAction(ctx, fn);
    if (ctx.events.events.length > 0) this.writes.run(() => this.hub.publish(ctx.events.events));
    return out;
  }

  /** runSystem for timers and hooks: a failure is logged, never thrown into a socket handler. */
  private runJob(what: string, fn: (ctx: SystemContext) => unknown): void {
    if (this.closing) return;
    try {
      this.runSystem(fn);
    } catch (err) {
      this.deps.log.error({ err }, `${what} failed`);
    }
  }

  private onCall(session: Session, actor: Actor, frame: v.InferOutput<typeof CallFrame>): void {
    const { id, method } = frame;
    if (!isMethodName(method)) return session.sendError(id, body('UNKNOWN_METHOD', `There is no method "${method}".`));
    const p = v.safeParse(methods[method].params, frame.params ?? {});
    if (!p.success) return session.sendError(id, { ...body('INVALID_PARAMS'), details: shortIssues(p.issues) });
    if (groupCommitted.has(method)) {
      this.pending.push({ session, actor, id, method, params: p.output });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // Sends that arrive in the same event-loop turn share one transaction (one WAL sync).
        setImmediate(() => this.flush());
      }
      return;
    }
    const ctx = this.context(actor);
    let result: unknown;
    try {
      result = runAction(ctx, (c) => runHandler(method, c, p.output));
    } catch (err) {
      return session.sendError(id, this.errorBody(err, method));
    }
    this.writes.run(() => {
      this.hub.publish(ctx.events.events);
      if (ctx.signals !== undefined && ctx.signals.length > 0) this.pushSignals(session, ctx.signals);
      session.send({ type: 'result', id, result });
    });
  }

  /** Signals go right away, not through the log; typing is throttled per session and place. */
  private pushSignals(session: Session, signals: readonly Signal[]): void {
    const now = performance.now();
    for (const signal of signals) {
      if (signal.name === 'typing' && !typingAllowed(session.typing, signal.data, now)) continue;
      this.hub.signal(signal);
    }
  }

  /** Group commit: each send in its own savepoint, one COMMIT, then fan-out, then the results. */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const outcomes: ({ ok: true; result: unknown } | { ok: false; error: ErrorBody })[] = [];
    const published: LoggedEvent[] = [];
    const { repo } = this.deps;
    try {
      repo.transaction(() => {
        for (const item of batch) {
          const ctx = this.context(item.actor);
          try {
            const result = runAction(ctx, (c) => runHandler(item.method, c, item.params));
            outcomes.push({ ok: true, result });
            published.push(...ctx.events.events);
          } catch (err) {
            outcomes.push({ ok: false, error: this.errorBody(err, item.method) });
          }
        }
      });
    } catch (err) {
      // The COMMIT itself failed: nothing was stored, so nothing may be acknowledged.
      this.deps.log.error({ err }, 'group commit failed');
      for (const item of batch) item.session.sendError(item.id, body('UNAVAILABLE'));
      return;
    }
    this.stats.commits++;
    this.stats.committedSends += batch.length;
    // Every socket this touches is corked until the end: a sender's event and result (and the
    // events of the whole batch for one receiver) leave in one write.
    this.writes.run(() => {
      this.hub.publish(published);
      batch.forEach((item, i) => {
        const o = outcomes[i];
        if (!o) return;
        if (o.ok) item.session.send({ type: 'result', id: item.id, result: o.result });
        else item.session.sendError(item.id, o.error);
      });
    });
  }

  private context(actor: Actor): ServiceContext {
    const { repo, config } = this.deps;
    return {
      repo,
      clock: config.clock,
      actor,
      policy: this.policy,
      events: new EventBuffer(repo, config.clock),
      presence: this.presence,
      signals: [],
    };
  }

  private errorBody(err: unknown, method: string): ErrorBody {
    if (err instanceof ChatError) return err.toBody();
    this.deps.log.error({ err, method }, 'method failed');
    return body('INTERNAL');
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

  /** Pings every socket; one that has not answered the previous ping is gone; an expired token ends its session. */
  private beat(): void {
    for (const s of this.sessions) {
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
    this.visitors.close();
    if (this.pending.length > 0) this.flush();
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

function runHandler(method: MethodName, ctx: ServiceContext, params: unknown): unknown {
  // The params were validated against this method's schema just before.
  return (handlers[method] as (ctx: ServiceContext, p: unknown) => unknown)(ctx, params);
}

function body(code: keyof typeof errorCodes, message?: string): ErrorBody {
  return { code, message: message ?? errorCodes[code].message };
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
