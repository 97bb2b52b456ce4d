import { randomUUID } from 'node:crypto';
import { KeptConnection } from './kept-connection.js';
import type { CustomerReach, Presence, PresenceReports } from '../../ports/presence.js';
import { MemoryPresence } from '../memory/presence.js';

const CHANNEL = 'chatdesk_presence';
/** The database's clock in ms: leases are compared on one clock, not on each node's. */
const DB_NOW = `(extract(epoch from clock_timestamp()) * 1000)::bigint`;

export interface SharedPresenceOptions {
  url: string;
  schema?: string | undefined;
  /** S-DLG-13's grace for a customer whose last session closed. */
  graceMs: number;
  /** How long a node counts without renewing (a killed node's sessions end with it). */
  leaseMs?: number;
  onGone: (customerId: number) => void;
  onStartOver: () => void;
  log: { error(obj: object, msg: string): void };
}

/**
 * Presence across the nodes of one PostgreSQL database. This node's own sessions are kept as on
 * one node (MemoryPresence: counts, the S-DLG-13 grace and its timers); what it has is written to
 * `presence` under its lease, and what the other nodes have is read back into memory whenever one
 * of them announces a change (NOTIFY) and at every renewal, so the port's questions stay
 * synchronous reads. Someone online on another node is online; a customer is `gone` only when
 * they are on no node.
 */
export class SharedPresence implements Presence, PresenceReports {
  readonly #local: MemoryPresence;
  readonly #node = randomUUID();
  readonly #leaseMs: number;
  /** Who is on the other nodes: online, or (a customer) within the grace after leaving one. */
  #elsewhere = new Map<string, 'online' | 'leaving'>();
  /** The other nodes whose lease held at the last look, with the customers they had. */
  #nodes = new Map<string, Set<number>>();
  #client: KeptConnection | undefined;
  /** Writes and reads one after another, in the order the sessions came and went. */
  #queue: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  private constructor(private readonly opts: SharedPresenceOptions) {
    this.#leaseMs = opts.leaseMs ?? 15_000;
    this.#local = new MemoryPresence(
      opts.graceMs,
      // Gone from this node, but maybe online on another by now.
      (customerId) => {
        this.#run(() => this.#put(`c:${customerId}`, null));
        if (this.#elsewhere.get(`c:${customerId}`) !== 'online') opts.onGone(customerId);
      },
      opts.onStartOver,
    );
  }

  static async start(opts: SharedPresenceOptions): Promise<SharedPresence> {
    const p = new SharedPresence(opts);
    p.#client = new KeptConnection({
      url: opts.url,
      schema: opts.schema,
      what: 'shared presence',
      log: opts.log,
      onNotification: (n) => n.payload !== p.#node && p.#run(() => p.#refresh()),
      // After a lost connection this node's rows are written again from memory: comings and
      // goings meanwhile were not recorded, and its lease may have run out.
      onConnect: async (client) => {
        await client.query(`LISTEN ${CHANNEL}`);
        p.#run(() => p.#rewrite());
      },
    });
    await p.#client.start();
    await p.#queue;
    p.#timer = setInterval(() => p.#run(async () => (await p.#renew(), await p.#refresh())), Math.max(100, Math.floor(p.#leaseMs / 3)));
    p.#timer.unref();
    return p;
  }

  isOnline(userId: string): boolean {
    return this.#local.isOnline(userId) || this.#elsewhere.has(`u:${userId}`);
  }

  customerReach(customerId: number): CustomerReach {
    const here = this.#local.customerReach(customerId);
    const there = this.#elsewhere.get(`c:${customerId}`);
    if (here === 'online' || there === 'online') return 'online';
    return there === 'leaving' ? 'leaving' : here;
  }

  userArrived(userId: string): boolean {
    const first = this.#local.userArrived(userId);
    if (first) this.#run(() => this.#put(`u:${userId}`, 'online'));
    return first && !this.#elsewhere.has(`u:${userId}`);
  }

  userLeft(userId: string): void {
    this.#local.userLeft(userId);
    if (!this.#local.isOnline(userId)) this.#run(() => this.#put(`u:${userId}`, null));
  }

  customerArrived(customerId: number): boolean {
    const first = this.#local.customerArrived(customerId);
    if (first) this.#run(() => this.#put(`c:${customerId}`, 'online'));
    return first && this.#elsewhere.get(`c:${customerId}`) !== 'online';
  }

  customerLeft(customerId: number): void {
    this.#local.customerLeft(customerId);
    // Leaving for the grace, on every node (its end here removes the row: see the constructor).
    if (this.#local.customerReach(customerId) === 'leaving') this.#run(() => this.#put(`c:${customerId}`, 'leaving'));
  }

  /** Shutdown: this node's sessions end at once for the others (its rows go with its lease). */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#local.close();
    await this.#queue;
    const client = this.#client;
    if (!client) return;
    try {
      await client.query('DELETE FROM presence_nodes WHERE node = $1', [this.#node]);
      await client.query('SELECT pg_notify($1, $2)', [CHANNEL, this.#node]);
    } catch (err) {
      // Unreachable now: the lease ends this node's sessions for the others instead.
      this.opts.log.error({ err }, 'shared presence: leaving the cluster');
    } finally {
      await client.close();
    }
  }

  /** This node's entry for a subject: `null` when it has none. */
  async #put(subject: string, state: 'online' | 'leaving' | null): Promise<void> {
    const c = this.#client!;
    if (state) {
      await c.query(
        'INSERT INTO presence (node, subject, state) VALUES ($1, $2, $3) ON CONFLICT (node, subject) DO UPDATE SET state = excluded.state',
        [this.#node, subject, state],
      );
    } else await c.query('DELETE FROM presence WHERE node = $1 AND subject = $2', [this.#node, subject]);
    await c.query('SELECT pg_notify($1, $2)', [CHANNEL, this.#node]);
  }

  /** Renews this node's lease, and removes the nodes whose lease ended (their sessions with them). */
  async #renew(): Promise<void> {
    const c = this.#client!;
    await c.query(
      `INSERT INTO presence_nodes (node, expires_at) VALUES ($1, ${DB_NOW} + $2) ON CONFLICT (node) DO UPDATE SET expires_at = excluded.expires_at`,
      [this.#node, this.#leaseMs],
    );
    await c.query(`DELETE FROM presence_nodes WHERE expires_at < ${DB_NOW}`);
  }

  /** This node's lease and rows anew, from what it has in memory (the presence rows of a dead lease are gone). */
  async #rewrite(): Promise<void> {
    await this.#renew();
    const c = this.#client!;
    const rows = this.#local.snapshot();
    await c.query('DELETE FROM presence WHERE node = $1', [this.#node]);
    if (rows.length) {
      await c.query(
        `INSERT INTO presence (node, subject, state) SELECT $1, s, t FROM unnest($2::text[], $3::text[]) AS x(s, t)
         ON CONFLICT (node, subject) DO UPDATE SET state = excluded.state`,
        [this.#node, rows.map((r) => r[0]), rows.map((r) => r[1])],
      );
    }
    await c.query('SELECT pg_notify($1, $2)', [CHANNEL, this.#node]);
    await this.#refresh();
  }

  /**
   * Who is on the other nodes whose lease holds. A node whose lease ended died without saying so:
   * its customers who are now on no node are gone at once (their undelivered replies fail, S-DLG-13;
   * each node that notices runs it, and the guarded updates make the repeats change nothing).
   */
  async #refresh(): Promise<void> {
    const rows = await this.#client!.query<{ node: string; subject: string; state: 'online' | 'leaving' }>(
      `SELECT p.node, p.subject, p.state FROM presence p JOIN presence_nodes n ON n.node = p.node
       WHERE p.node <> $1 AND n.expires_at >= ${DB_NOW}`,
      [this.#node],
    );
    const elsewhere = new Map<string, 'online' | 'leaving'>();
    const nodes = new Map<string, Set<number>>();
    for (const r of rows.rows) {
      // Online on one node outweighs leaving another.
      if (elsewhere.get(r.subject) !== 'online') elsewhere.set(r.subject, r.state);
      let customers = nodes.get(r.node);
      if (!customers) nodes.set(r.node, (customers = new Set()));
      if (r.subject.startsWith('c:')) customers.add(Number(r.subject.slice(2)));
    }
    const before = this.#nodes;
    this.#elsewhere = elsewhere;
    this.#nodes = nodes;
    for (const [node, customers] of before) {
      if (nodes.has(node)) continue;
      for (const id of customers) if (this.customerReach(id) === 'gone') this.opts.onGone(id);
    }
  }

  #run(task: () => Promise<unknown>): void {
    // After close this node's rows are gone with its lease: sessions closing behind it change nothing.
    if (this.#closed) return;
    this.#queue = this.#queue.then(task).catch((err: unknown) => this.opts.log.error({ err }, 'shared presence'));
  }
}
