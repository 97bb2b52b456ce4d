import { ChatError, errorCodes, type ErrorBody, type MethodName } from '@chatdesk/protocol';
import type { Clock } from '../config.js';
import type { EventBus } from '../ports/event-bus.js';
import { nobodyOnline, type Presence } from '../ports/presence.js';
import type { Storage, TransactionMode } from '../ports/storage.js';
import type { ChannelRegistry } from '../ports/channel.js';
import type { FileTokens } from '../auth/file-token.js';
import { EventBuffer, type Actor, type LoggedEvent, type PolicyOptions, type ServiceContext, type Signal, type SystemContext } from './context.js';
import { groupCommitted, handlers, readOnly, type ChatMethodName } from './handlers.js';
import type { CrmContext } from './crm.js';
import { isOutsideMethod, runOutsideHandler, type OutsideMethodName } from './outside-calls.js';
import type { CrmAdapter } from '../ports/crm.js';
import { userKey } from './policy.js';

/**
 * One action's do and notify: `fn`, then its event rows, their audiences resolved as the action
 * leaves the conversations (EventBuffer.seal). The caller holds the transaction (or savepoint)
 * around it; publishing is the caller's too (UnitOfWork does it after COMMIT).
 */
async function act<C extends SystemContext, T>(ctx: C, fn: (ctx: C) => T | Promise<T>): Promise<T> {
  const out = await sealed(ctx, fn);
  await ctx.events.write();
  return out;
}

/** `act` without appending the rows: the group commit appends all its sends' rows together. */
async function sealed<C extends SystemContext, T>(ctx: C, fn: (ctx: C) => T | Promise<T>): Promise<T> {
  const out = await fn(ctx);
  await ctx.events.seal(ctx.policy);
  return out;
}

/** Runs one action in a transaction of its own, without publishing (tools and tests that drive services directly). */
export function runAction<C extends SystemContext, T>(ctx: C, fn: (ctx: C) => T | Promise<T>): Promise<T> {
  return ctx.store.transaction(() => act(ctx, fn));
}

/** The most sends one group commit takes (see commitPending). */
export const MAX_GROUP = 64;

/** Thrown through a group commit's transaction (to roll it back) when a send must be undone alone. */
const SPOILED: unique symbol = Symbol('spoiled');

interface Committed {
  outcomes: Outcome[];
  published: LoggedEvent[];
}

/** What a call came to: its result and the signals to push, or the error to answer. */
export type Outcome = { ok: true; result: unknown; signals: readonly Signal[] } | { ok: false; error: ErrorBody };

export interface UnitOfWorkDeps {
  store: Storage;
  channels: ChannelRegistry;
  clock: Clock;
  policy: PolicyOptions;
  presence?: Presence;
  fileTokens?: FileTokens;
  bus: EventBus;
  log: { error(obj: object, msg: string): void };
  /**
   * Wraps the delivery of one commit (its events, then the answers): the gateway corks every
   * socket it touches there, so a sender's event and result leave in one write.
   */
  delivery?: <T>(fn: () => T) => T;
  /** Refuses a call before it runs (S-SET-1: chats switched off), or lets it through (undefined). */
  gate?: (actor: Actor, method: MethodName) => ErrorBody | undefined;
  /** S-SET-6: the stores channels map to. */
  stores?: () => readonly { code: string; name: string }[];
  /** The CRM the widgets' methods call (services/crm.ts); none: they answer UNAVAILABLE. */
  crm?: () => CrmAdapter | undefined;
}

interface Queued {
  actor: Actor;
  method: MethodName;
  params: unknown;
  reply: (outcome: Outcome) => void;
}

/**
 * The one runner of actions: a WebSocket call, an HTTP route, a job or the distribution bot runs
 * here as check → do → notify in one transaction of the storage port, and the events it
 * committed go to the bus after the commit, never before. Sends that arrive in the same
 * event-loop turn share one transaction (one WAL sync on SQLite, one round of COMMIT on a
 * server database), one after another; a failure stays the failing send's (see commitBatch).
 */
export class UnitOfWork {
  /** Group commits, the sends they carried, and those run again with savepoints (see commitBatch). */
  readonly stats = { commits: 0, committedSends: 0, savepointRetries: 0 };
  private pending: Queued[] = [];
  private flushScheduled = false;
  private readonly delivery: <T>(fn: () => T) => T;
  /** An action's transaction is open: everything else waits for it (see `serial`). */
  private busy = false;
  private readonly waiting: (() => void)[] = [];
  /** Per actor, the end of their last call (only where reads run beside writes). */
  private readonly actorTails = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: UnitOfWorkDeps) {
    this.delivery = deps.delivery ?? ((fn) => fn());
  }

  /** A context for an acting user or visitor: reads outside a transaction use it too. */
  context(actor: Actor): ServiceContext {
    return { ...this.systemContext(), actor, signals: [] };
  }

  systemContext(): SystemContext {
    const { store, channels, clock, policy } = this.deps;
    const ctx: SystemContext = { store, channels, clock, policy, events: new EventBuffer(store, clock), presence: this.deps.presence ?? nobodyOnline };
    if (this.deps.fileTokens) ctx.fileTokens = this.deps.fileTokens;
    if (this.deps.stores) ctx.stores = this.deps.stores;
    return ctx;
  }

  /** Runs an action without an acting user (a job, the distribution bot, an HTTP route's); `read` for one that only reads. */
  system<T>(fn: (ctx: SystemContext) => T | Promise<T>, mode: TransactionMode = 'write'): Promise<T> {
    return this.inTurn(mode, async () => {
      const ctx = this.systemContext();
      const out = await ctx.store.transaction(() => act(ctx, fn), mode);
      this.delivery(() => this.deps.bus.publish(ctx.events.events));
      return out;
    });
  }

  /** An HTTP route's action on behalf of a user or visitor (an upload, a download's check). */
  actAs<T>(actor: Actor, fn: (ctx: ServiceContext) => T | Promise<T>, mode: TransactionMode = 'write'): Promise<T> {
    return this.inActorsTurn(actor, mode, async () => {
      const ctx = this.context(actor);
      const out = await ctx.store.transaction(() => act(ctx, fn), mode);
      this.delivery(() => this.deps.bus.publish(ctx.events.events));
      return out;
    });
  }

  /** `system` for timers and hooks: a failure is logged, never thrown into the caller. */
  job(what: string, fn: (ctx: SystemContext) => unknown): void {
    this.system(fn).catch((err: unknown) => this.deps.log.error({ err }, `${what} failed`));
  }

  /** A protocol call whose params were validated against its method's schema. */
  call(actor: Actor, method: MethodName, params: unknown, reply: (outcome: Outcome) => void): void {
    const refused = this.deps.gate?.(actor, method);
    if (refused) return reply({ ok: false, error: refused });
    if (isOutsideMethod(method)) return this.outsideCall(actor, method, params, reply);
    if (groupCommitted.has(method)) {
      this.pending.push({ actor, method, params, reply });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
      return;
    }
    const mode: TransactionMode = readOnly.has(method) ? 'read' : 'write';
    this.inActorsTurn(actor, mode, async () => {
      const ctx = this.context(actor);
      let result: unknown;
      try {
        result = await ctx.store.transaction(() => act(ctx, (c) => runHandler(method, c, params)), mode);
      } catch (err) {
        return reply({ ok: false, error: this.errorBody(err, method) });
      }
      this.delivery(() => {
        this.deps.bus.publish(ctx.events.events);
        reply({ ok: true, result, signals: ctx.signals ?? [] });
      });
    }).catch((err: unknown) => this.deps.log.error({ err, method }, 'answering a call failed'));
  }

  /** Group commit: each send in its own savepoint, one COMMIT, then the events, then the answers. */
  flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    // Taken when its turn comes: sends that arrive while an async action holds the store join it.
    this.serial(() => this.commitPending()).catch((err: unknown) => this.deps.log.error({ err }, 'group commit delivery failed'));
  }

  private async commitPending(): Promise<void> {
    // At most MAX_GROUP sends a transaction: a turn that brought thousands (1,000 busy sockets)
    // would otherwise hold the event loop and the store for one long commit (a ~1 s stall in the
    // ingest figure). The rest wait in order for the next transaction, after a turn of I/O.
    const batch = this.pending.splice(0, MAX_GROUP);
    if (this.pending.length > 0 && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    if (batch.length === 0) return;
    let run: Committed | typeof SPOILED;
    try {
      run = await this.commitBatch(batch, false);
      if (run === SPOILED) {
        this.stats.savepointRetries++;
        run = await this.commitBatch(batch, true);
      }
    } catch (err) {
      // The COMMIT itself failed: nothing was stored, so nothing may be acknowledged.
      this.deps.log.error({ err }, 'group commit failed');
      for (const item of batch) item.reply({ ok: false, error: body('UNAVAILABLE') });
      return;
    }
    if (run === SPOILED) throw new Error('a group commit with savepoints cannot be spoiled');
    const { outcomes, published } = run;
    this.stats.commits++;
    this.stats.committedSends += batch.length;
    this.delivery(() => {
      this.deps.bus.publish(published);
      batch.forEach((item, i) => item.reply(outcomes[i]!));
    });
  }

  /**
   * One transaction over the batch. Without savepoints (the usual way): a savepoint a send cost
   * about 30 µs on SQLite (its page copies: 19,500 → 12,100 raw batched sends a second with one
   * each) and two round trips on PostgreSQL, and almost every failure is a check that threw before
   * anything was written, which needs no undoing. A send that failed after it wrote (or a failed
   * statement, which aborts a PostgreSQL transaction) spoils the transaction: it is rolled back and
   * the batch runs again, each send in a savepoint of its own, so the failure stays its alone.
   */
  private async commitBatch(batch: readonly Queued[], savepoints: boolean): Promise<Committed | typeof SPOILED> {
    const { store } = this.deps;
    const outcomes: Outcome[] = [];
    const published: LoggedEvent[] = [];
    try {
      await store.transaction(async () => {
        const done: ServiceContext[] = [];
        for (const item of batch) {
          const ctx = this.context(item.actor);
          const mark = savepoints ? 0 : store.writeMark();
          const run = () => sealed(ctx, (c) => runHandler(item.method, c, item.params));
          try {
            const result = await (savepoints ? store.savepoint(run) : run());
            outcomes.push({ ok: true, result, signals: ctx.signals ?? [] });
            done.push(ctx);
          } catch (err) {
            if (!savepoints && store.writeMark() !== mark) throw SPOILED;
            outcomes.push({ ok: false, error: this.errorBody(err, item.method) });
          }
        }
        // The event rows of every send that stood, in order, in one append (see EventBuffer.write).
        await EventBuffer.writeAll(store, done.map((ctx) => ctx.events));
        for (const ctx of done) published.push(...ctx.events.events);
      });
    } catch (err) {
      if (err === SPOILED) return SPOILED;
      throw err;
    }
    return { outcomes, published };
  }

  /** Reads go at once where the storage has a connection for each; everything else waits its turn. */
  private inTurn<T>(mode: TransactionMode, task: () => Promise<T>): Promise<T> {
    return mode === 'read' && this.deps.store.concurrentReads ? task() : this.serial(task);
  }

  /**
   * Where reads run beside writes, one actor's calls still run one after another, in the order
   * they came: a read sees the actor's earlier writes and answers come in order, as when every
   * call waits its turn. Other actors' reads do not wait.
   */
  private inActorsTurn<T>(actor: Actor, mode: TransactionMode, task: () => Promise<T>): Promise<T> {
    if (!this.deps.store.concurrentReads) return this.serial(task);
    const key = userKey(actor);
    const run = (this.actorTails.get(key) ?? Promise.resolve()).then(() => this.inTurn(mode, task));
    const tail = run.catch(() => undefined);
    this.actorTails.set(key, tail);
    void tail.then(() => this.actorTails.get(key) === tail && this.actorTails.delete(key));
    return run;
  }

  /**
   * One action at a time holds the store: its transaction stays open across its awaits, and
   * whatever arrives meanwhile (other frames of the same socket read, a timer) waits its turn
   * instead of landing inside that transaction.
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

  /** A call that waits on a CRM or the template engine: that wait is outside any transaction, the chat's parts run as actions of the caller. */
  private outsideCall(actor: Actor, method: OutsideMethodName, params: unknown, reply: (outcome: Outcome) => void): void {
    const crm = this.deps.crm?.();
    if (!crm) return reply({ ok: false, error: body('UNAVAILABLE', 'No CRM is connected.') });
    const ctx: CrmContext = { actor, crm, clock: this.deps.clock, act: (fn, mode) => this.actAs(actor, fn, mode) };
    runOutsideHandler(method, ctx, params).then(
      (result) => reply({ ok: true, result, signals: [] }),
      (err: unknown) => reply({ ok: false, error: this.errorBody(err, method) }),
    );
  }

  private errorBody(err: unknown, method: string): ErrorBody {
    if (err instanceof ChatError) return err.toBody();
    this.deps.log.error({ err, method }, 'method failed');
    return body('INTERNAL');
  }
}

function runHandler(method: MethodName, ctx: ServiceContext, params: unknown): unknown {
  // The params were validated against this method's schema by the caller.
  return (handlers[method as ChatMethodName] as (ctx: ServiceContext, p: unknown) => unknown)(ctx, params);
}

export function body(code: keyof typeof errorCodes, message?: string): ErrorBody {
  return { code, message: message ?? errorCodes[code].message };
}
