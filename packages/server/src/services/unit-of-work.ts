import { ChatError, errorCodes, type ErrorBody, type MethodName } from '@chatdesk/protocol';
import type { Clock } from '../config.js';
import type { EventBus } from '../ports/event-bus.js';
import { nobodyOnline, type Presence } from '../ports/presence.js';
import type { Storage } from '../ports/storage.js';
import type { ChannelRegistry } from '../ports/channel.js';
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

/** An action written as an `async function` (it awaits the storage port), told from a plain one. */
function isAsyncAction(fn: Function): boolean {
  return (fn as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === 'AsyncFunction';
}

/**
 * `runAction` for either kind of action: a plain one at once; an async one (`isAsync`: it awaits
 * the storage port) with its transaction open across its awaits.
 */
function transact<C extends SystemContext, T>(ctx: C, fn: (ctx: C) => T | Promise<T>, isAsync: boolean): T | Promise<T> {
  if (!isAsync) return runAction(ctx, fn as (ctx: C) => T);
  return ctx.store.transaction(async () => {
    const out = await fn(ctx);
    ctx.events.seal(ctx.policy);
    return out;
  });
}

/** What a call came to: its result and the signals to push, or the error to answer. */
export type Outcome = { ok: true; result: unknown; signals: readonly Signal[] } | { ok: false; error: ErrorBody };

export interface UnitOfWorkDeps {
  store: Storage;
  channels: ChannelRegistry;
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
  /** An async action's transaction is open: everything else waits for it (see `serial`). */
  private busy = false;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly deps: UnitOfWorkDeps) {
    this.delivery = deps.delivery ?? ((fn) => fn());
  }

  /** A context for an acting user or visitor: reads outside a transaction use it too. */
  context(actor: Actor): ServiceContext {
    return { ...this.systemContext(), actor, signals: [] };
  }

  systemContext(): SystemContext {
    const { store, repo, channels, clock, policy } = this.deps;
    return { store, repo, channels, clock, policy, events: new EventBuffer(repo, clock), presence: this.deps.presence ?? nobodyOnline };
  }

  /** Runs an action without an acting user (a job, the distribution bot, an HTTP route's). */
  system<T>(fn: (ctx: SystemContext) => T | Promise<T>): Promise<T> {
    return this.serial(() => {
      const ctx = this.systemContext();
      const publish = (out: T) => {
        this.delivery(() => this.deps.bus.publish(ctx.events.events));
        return out;
      };
      const out = transact(ctx, fn, isAsyncAction(fn));
      return out instanceof Promise ? out.then(publish) : publish(out);
    });
  }

  /** `system` for timers and hooks: a failure is logged, never thrown into the caller. */
  job(what: string, fn: (ctx: SystemContext) => unknown): void {
    this.system(fn).catch((err: unknown) => this.deps.log.error({ err }, `${what} failed`));
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
    this.serial(() => {
      const ctx = this.context(actor);
      const fail = (err: unknown) => reply({ ok: false, error: this.errorBody(err, method) });
      const done = (result: unknown) =>
        this.delivery(() => {
          this.deps.bus.publish(ctx.events.events);
          reply({ ok: true, result, signals: ctx.signals ?? [] });
        });
      let out: unknown;
      try {
        out = transact(ctx, (c) => runHandler(method, c, params), isAsyncAction(handlers[method]));
      } catch (err) {
        return fail(err);
      }
      if (out instanceof Promise) return out.then(done, fail);
      done(out);
    }).catch((err: unknown) => this.deps.log.error({ err, method }, 'answering a call failed'));
  }

  /** Group commit: each send in its own savepoint, one COMMIT, then the events, then the answers. */
  flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    // Taken when its turn comes: sends that arrive while an async action holds the store join it.
    this.serial(() => this.commitPending()).catch((err: unknown) => this.deps.log.error({ err }, 'group commit delivery failed'));
  }

  private commitPending(): void {
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

  /**
   * One action at a time holds the store. A plain action runs to its end at once (the fast path:
   * nothing can come between its statements); an async one keeps its transaction open across its
   * awaits, and whatever arrives meanwhile (other frames of the same socket read, a timer) waits
   * its turn instead of landing inside that transaction.
   */
  private serial<T>(task: () => T | Promise<T>): Promise<T> {
    if (this.busy || this.waiting.length > 0) {
      return new Promise<T>((resolve, reject) => this.waiting.push(() => this.start(task).then(resolve, reject)));
    }
    return this.start(task);
  }

  private start<T>(task: () => T | Promise<T>): Promise<T> {
    let out: T | Promise<T>;
    try {
      out = task();
    } catch (err) {
      return Promise.reject(err);
    }
    if (!(out instanceof Promise)) return Promise.resolve(out);
    this.busy = true;
    return out.finally(() => {
      this.busy = false;
      while (!this.busy && this.waiting.length > 0) this.waiting.shift()!();
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
