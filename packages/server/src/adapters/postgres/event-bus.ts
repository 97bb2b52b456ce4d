import { randomUUID } from 'node:crypto';
import { KeptConnection } from './kept-connection.js';
import type { EventBus, LoggedEvent } from '../../ports/event-bus.js';
import type { Storage } from '../../ports/storage.js';

/** The channel a commit that appended events notifies (postgres-storage.ts, inside the transaction). */
export const EVENTS_CHANNEL = 'chatdesk_events';
/** Signals (typing) between nodes: `{node, signal}` as JSON, well under NOTIFY's 8,000 bytes. */
const SIGNALS_CHANNEL = 'chatdesk_signals';
const PAGE = 1_000;

/**
 * The bus of a node among several on one PostgreSQL database. Events committed here are handed on
 * at once, as on one node; events committed by other nodes are announced by NOTIFY (sent inside
 * each appending transaction, so it arrives when that transaction commits) and read from the log
 * through the port. Consumers get every event once, in seq order: seqs become visible in the
 * order they were drawn (the log's advisory lock), so reading after the last seq handed on, before
 * handing on a later local batch, leaves no gap behind. A gap in the numbers (a rolled-back
 * append) is just skipped: nothing below a committed seq can commit later.
 */
export class PostgresEventBus implements EventBus {
  readonly #consumers = new Set<(events: readonly LoggedEvent[]) => void>();
  readonly #signalConsumers = new Set<(signal: unknown) => void>();
  /** This node, so that it skips its own signals coming back. */
  readonly #node = randomUUID();
  #delivered: number;
  /** Catch-ups and the local batches behind them, one after another. */
  #queue: Promise<void> = Promise.resolve();
  #queued = 0;
  #listener: KeptConnection | undefined;
  #closed = false;
  /** The highest seq committed here; above what was handed on only when a catch-up failed. */
  #committed = 0;
  #retry: NodeJS.Timeout | undefined;
  /** A catch-up for announcements is queued and has not started yet. */
  #readAhead = false;

  private constructor(
    private readonly store: Storage,
    private readonly log: { error(obj: object, msg: string): void },
    head: number,
  ) {
    this.#delivered = head;
  }

  /**
   * Listens on a connection of its own (reopened when lost); every event after the log's current
   * head is handed on. After each (re)connect the log is read from the last seq handed on: what
   * committed before the LISTEN, or while the connection was down, is not announced again.
   */
  static async start(
    url: string,
    schema: string | undefined,
    store: Storage,
    log: { error(obj: object, msg: string): void },
    /** This node's name in its commits' announcements (PostgresStorage's `node`): its own commits come through `publish`. */
    node?: string,
  ): Promise<PostgresEventBus> {
    const bus = new PostgresEventBus(store, log, await store.events.head());
    bus.#listener = new KeptConnection({
      url,
      schema,
      what: 'event bus listener',
      log,
      onNotification: (n) => {
        if (n.channel === SIGNALS_CHANNEL) return bus.#heard(n.payload);
        if (node && n.payload === node) return;
        bus.#heardCommit();
      },
      onConnect: async (client) => {
        await client.query(`LISTEN ${EVENTS_CHANNEL}`);
        await client.query(`LISTEN ${SIGNALS_CHANNEL}`);
        bus.#heardCommit();
      },
    });
    await bus.#listener.start();
    // A catch-up that failed (the database away for a moment) is tried again, not left for the next commit.
    bus.#retry = setInterval(() => bus.#committed > bus.#delivered && bus.#queued === 0 && bus.#enqueue(() => bus.#catchUp()), 1_000);
    bus.#retry.unref();
    return bus;
  }

  publish(events: readonly LoggedEvent[]): void {
    if (events.length === 0) return;
    this.#committed = Math.max(this.#committed, events[events.length - 1]!.row.seq);
    // The usual case on a quiet cluster: nothing is queued and this batch follows what was handed
    // on, so it goes at once, in the committing turn (its writes batched with the answers).
    if (this.#queued === 0 && events[0]!.row.seq === this.#delivered + 1) return this.#hand(events);
    this.#enqueue(async () => {
      await this.#catchUp(events[0]!.row.seq - 1);
      this.#hand(events);
    });
  }

  subscribe(consumer: (events: readonly LoggedEvent[]) => void): () => void {
    this.#consumers.add(consumer);
    return () => this.#consumers.delete(consumer);
  }

  signal(signal: unknown): void {
    for (const consumer of this.#signalConsumers) consumer(signal);
    const payload = JSON.stringify({ node: this.#node, signal });
    // Typing is ephemeral: one lost while the connection is down is not worth a log line each.
    if (this.#listener?.connected) this.#listener.query('SELECT pg_notify($1, $2)', [SIGNALS_CHANNEL, payload]).catch((err: unknown) => this.log.error({ err }, 'signal to the other nodes'));
  }

  subscribeSignals(consumer: (signal: unknown) => void): () => void {
    this.#signalConsumers.add(consumer);
    return () => this.#signalConsumers.delete(consumer);
  }

  /** Another node committed: one read of the log covers every announcement that arrives before it starts. */
  #heardCommit(): void {
    if (this.#readAhead) return;
    this.#readAhead = true;
    this.#enqueue(() => {
      this.#readAhead = false;
      return this.#catchUp();
    });
  }

  #heard(payload: string | undefined): void {
    let message: { node?: unknown; signal?: unknown };
    try {
      message = JSON.parse(payload ?? '') as typeof message;
    } catch {
      return;
    }
    if (message.node === this.#node) return;
    for (const consumer of this.#signalConsumers) consumer(message.signal);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#retry);
    await this.#queue;
    await this.#listener?.close();
  }

  /** Hands on the events after the last seq handed on (up to `through` when given). */
  async #catchUp(through = Number.MAX_SAFE_INTEGER): Promise<void> {
    for (;;) {
      if (this.#closed) return;
      const rows = (await this.store.events.after(this.#delivered, PAGE)).filter((r) => r.seq <= through);
      if (rows.length === 0) return;
      this.#hand(rows.map((row) => ({ row, data: JSON.parse(row.data) as unknown })));
      if (rows.length < PAGE) return;
    }
  }

  #hand(events: readonly LoggedEvent[]): void {
    const fresh = events.filter((e) => e.row.seq > this.#delivered);
    if (fresh.length === 0) return;
    this.#delivered = fresh[fresh.length - 1]!.row.seq;
    for (const consumer of this.#consumers) consumer(fresh);
  }

  #enqueue(task: () => Promise<void>): void {
    this.#queued++;
    this.#queue = this.#queue
      .then(task)
      .catch((err: unknown) => this.log.error({ err }, 'event bus catch-up'))
      .finally(() => this.#queued--);
  }
}
