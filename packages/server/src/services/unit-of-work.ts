import { ChatError, errorCodes, type ErrorBody, type MethodName } from '@chatdesk/protocol';
import type { Clock } from '../config.js';
import type { EventBus } from '../ports/event-bus.js';
import { nobodyOnline, type Presence } from '../ports/presence.js';
import type { Repo } from '../storage/repo.js';
import { EventBuffer, type Actor, type LoggedEvent, type PolicyOptions, type ServiceContext, type Signal, type SystemContext } from './context.js';
import { groupCommitted, handlers } from './handlers.js';

/**
 * Runs one action in one transaction: its state change and its event rows commit together, the
 * rows' audiences resolved as the action leaves the conversations (EventBuffer.seal). Inside a
 * group commit this is a savepoint. Publishing is the caller's (UnitOfWork does it after COMMIT).
 */
export function runAction<C extends SystemContext, T>(ctx: C, fn: (ctx: C) => T): T {
  return ctx.repo.transaction(() => {
    const out = fn(ctx);
    ctx.events.seal(ctx.policy);
    return out;
  });
}

/** What a call came to: its result and the signals to push, or the error to answer. */
export type Outcome = { ok: true; result: unknown; signals: readonly Signal[] } | { ok: false; error: ErrorBody };

export interface UnitOfWorkDeps {
  repo: Repo;
  clock: Clock;
  policy: PolicyOptions;
  presence?: Presence;
  bus: EventBus;
  log: { error(obj: object, msg: string): void };
  /**
   * Wraps the delivery of one commit (its events, then the answers): the gateway corks every
   * socket it touches there, so a sender's event and result leave in one write.
   */
  delivery?: <T>(fn: () => T) => T;
}

interface Queued {
  actor: Actor;
  method: MethodName;
  params: unknown;
  reply: (outcome: Outcome) => void;
}

/**
 * The one runner of actions: a WebSocket call, an HTTP route, a job or the distribution bot runs
 * here as check → do → notify in one transaction, and the events it committed go to the bus
 * after the commit, never before. Sends that arrive in the same event-loop turn share one
 * transaction (one WAL sync), each in its own savepoint, one after another.
 */
export class UnitOfWork {
  readonly stats = { commits: 0, committedSends: 0 };
  private pending: Queued[] = [];
  private flushScheduled = false;
  private readonly delivery: <T>(fn: () => T) => T;

  constructor(private readonly deps: UnitOfWorkDeps) {
    this.delivery = deps.delivery ?? ((fn) => fn());
  }

  /** A context for an acting user or visitor: reads outside a transaction use it too. */
  context(actor: Actor): ServiceContext {
    return { ...this.systemContext(), actor, signals: [] };
  }

  systemContext(): SystemContext {
    const { repo, clock, policy } = this.deps;
    return { repo, clock, policy, events: new EventBuffer(repo, clock), presence: this.deps.presence ?? nobodyOnline };
  }

  /** Runs an action without an acting user (a job, the distribution bot); throws what it throws. */
  system<T>(fn: (ctx: SystemContext) => T): T {
    const ctx = this.systemContext();
    const out = runAction(ctx, fn);
    this.delivery(() => this.deps.bus.publish(ctx.events.events));
    return out;
  }

  /** Runs an action of `actor` (an HTTP route's); throws what it throws. */
  act<T>(actor: Actor, fn: (ctx: ServiceContext) => T): T {
    const ctx = this.context(actor);
    const out = runAction(ctx, fn);
    this.delivery(() => this.deps.bus.publish(ctx.events.events));
    return out;
  }

  /** `system` for timers and hooks: a failure is logged, never thrown into the caller. */
  job(what: string, fn: (ctx: SystemContext) => unknown): void {
    try {
      this.system(fn);
    } catch (err) {
      this.deps.log.error({ err }, `${what} failed`);
    }
  }

  /** A protocol call whose params were validated against its method's schema. */
  call(actor: Actor, method: MethodName, params: unknown, reply: (outcome: Outcome) => void): void {
    if (groupCommitted.has(method)) {
      this.pending.push({ actor, method, params, reply });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
      return;
    }
    const ctx = this.context(actor);
    let result: unknown;
    try {
      result = runAction(ctx, (c) => runHandler(method, c, params));
    } catch (err) {
      return reply({ ok: false, error: this.errorBody(err, method) });
    }
    this.delivery(() => {
      this.deps.bus.publish(ctx.events.events);
      reply({ ok: true, result, signals: ctx.signals ?? [] });
    });
  }

  /** Group commit: each send in its own savepoint, one COMMIT, then the events, then the answers. */
  flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const outcomes: Outcome[] = [];
    const published: LoggedEvent[] = [];
    try {
      this.deps.repo.transaction(() => {
        for (const item of batch) {
          const ctx = this.context(item.actor);
          try {
            const result = runAction(ctx, (c) => runHandler(item.method, c, item.params));
            outcomes.push({ ok: true, result, signals: ctx.signals ?? [] });
            published.push(...ctx.events.events);
          } catch (err) {
            outcomes.push({ ok: false, error: this.errorBody(err, item.method) });
          }
        }
      });
    } catch (err) {
      // The COMMIT itself failed: nothing was stored, so nothing may be acknowledged.
      this.deps.log.error({ err }, 'group commit failed');
      for (const item of batch) item.reply({ ok: false, error: body('UNAVAILABLE') });
      return;
    }
    this.stats.commits++;
    this.stats.committedSends += batch.length;
    this.delivery(() => {
      this.deps.bus.publish(published);
      batch.forEach((item, i) => item.reply(outcomes[i]!));
    });
  }

  private errorBody(err: unknown, method: string): ErrorBody {
    if (err instanceof ChatError) return err.toBody();
    this.deps.log.error({ err, method }, 'method failed');
    return body('INTERNAL');
  }
}

function runHandler(method: MethodName, ctx: ServiceContext, params: unknown): unknown {
  // The params were validated against this method's schema by the caller.
  return (handlers[method] as (ctx: ServiceContext, p: unknown) => unknown)(ctx, params);
}

export function body(code: keyof typeof errorCodes, message?: string): ErrorBody {
  return { code, message: message ?? errorCodes[code].message };
}
