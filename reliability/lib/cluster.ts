import pg from 'pg';
import { dropSchema, testDatabaseUrl } from '@chatdesk/server/testing';
import { ServerProcess, type ServerProcessOptions } from './server-process.js';

/** What the guarantees run against: one server process, or a cluster of them. */
export type Deployment = ServerProcess | Cluster;

export interface ClusterOptions extends Omit<ServerProcessOptions, 'dbFile' | 'databaseUrl' | 'databaseSchema'> {
  nodes?: number;
}

/**
 * Identical server processes on one PostgreSQL schema (the suite's own, dropped at the end), as
 * behind a load balancer without sticky sessions: `url` and `wsUrl` name the next live node on
 * every read, so each connection — and each reconnect — lands on another node than the last.
 */
export class Cluster {
  readonly databaseUrl = testDatabaseUrl();
  readonly schema = `rel_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  readonly nodes: ServerProcess[];
  #next = 0;
  #victim = 0;

  constructor(opts: ClusterOptions = {}) {
    const { nodes = 3, ...rest } = opts;
    this.nodes = Array.from({ length: nodes }, () => new ServerProcess({ ...rest, databaseUrl: this.databaseUrl, databaseSchema: this.schema }));
  }

  /** The next live node, round robin. */
  node(): ServerProcess {
    for (let i = 0; i < this.nodes.length; i++) {
      const n = this.nodes[this.#next++ % this.nodes.length]!;
      if (n.alive) return n;
    }
    throw new Error('no node of the cluster is alive');
  }

  get url(): string {
    return this.node().url;
  }

  get wsUrl(): string {
    return this.node().wsUrl;
  }

  /** Every node up. */
  get alive(): boolean {
    return this.nodes.every((n) => n.alive);
  }

  /** Starts every node that is not running (a killed one on its old port, so its clients' retries find it). */
  async start(): Promise<void> {
    // The first alone: it creates the schema; the others then start side by side.
    const down = this.nodes.filter((n) => !n.alive);
    if (down[0] && this.nodes.every((n) => n.starts === 0)) await down.shift()!.start();
    await Promise.all(down.map((n) => n.start()));
  }

  /** SIGKILLs one node, each call the next one in turn; the others keep serving. */
  async kill(): Promise<ServerProcess> {
    const victim = this.nodes[this.#victim++ % this.nodes.length]!;
    await victim.kill();
    return victim;
  }

  async health(): Promise<{ ok: boolean; epoch: string; seq: number; sessions: number }> {
    return this.node().health();
  }

  /** Sessions on all nodes. */
  async sessions(): Promise<number> {
    const all = await Promise.all(this.nodes.filter((n) => n.alive).map((n) => n.health()));
    return all.reduce((sum, h) => sum + h.sessions, 0);
  }

  /** One query in the cluster's schema, from outside the servers (the checks of G4). */
  async query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.databaseUrl, options: `-c search_path=${this.schema}` });
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
    await dropSchema(this.databaseUrl, this.schema);
  }
}

/** `--cluster` runs: three nodes on PostgreSQL; otherwise one process on a SQLite file. */
export function deploy(cluster: boolean, opts: ClusterOptions = {}): Deployment {
  return cluster ? new Cluster(opts) : new ServerProcess(opts);
}

/** How a result line names the deployment: nothing for the single process. */
export function where(d: Deployment): string {
  return d instanceof Cluster ? ` on ${d.nodes.length} nodes (PostgreSQL)` : '';
}

/**
 * On a cluster, waits until `client` has heard up to the event log's head as it stands now (its
 * `head` frames carry it past events it may not see); then every event committed before the call
 * has reached it, whichever node committed it.
 */
export async function caughtUpWithLog(d: Deployment, client: { lastSeq: number | undefined }, timeoutMs = 15_000): Promise<void> {
  if (!(d instanceof Cluster)) return;
  const [row] = await d.query<{ seq: number | null }>('SELECT max(seq)::int AS seq FROM events');
  const head = row?.seq ?? 0;
  const end = Date.now() + timeoutMs;
  while ((client.lastSeq ?? 0) < head) {
    if (Date.now() > end) throw new Error(`the client heard up to seq ${client.lastSeq}, the log's head is ${head}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function isCluster(d: Deployment): d is Cluster {
  return d instanceof Cluster;
}
