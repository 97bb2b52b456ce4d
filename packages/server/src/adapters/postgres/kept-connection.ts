import pg from 'pg';
import { applicationName } from './db.js';

export interface KeptConnectionOptions {
  url: string;
  schema?: string | undefined;
  /** Names the connection in the log. */
  what: string;
  log: { error(obj: object, msg: string): void; warn?(obj: object, msg: string): void };
  /** Runs on every connect, before anything else uses it: LISTEN, and whatever missed notifications call for. */
  onConnect: (client: pg.Client) => Promise<void>;
  onNotification?: (n: pg.Notification) => void;
}

/**
 * A connection of its own that comes back. LISTEN needs one session for good, and a restart of
 * PostgreSQL or a cut network ends it; the pool's connections recover by themselves, this one is
 * reopened here with a growing, jittered delay (0.1 s to 5 s) so that the nodes of a cluster do
 * not all knock at the same instant. While it is down, `query` fails at once.
 */
export class KeptConnection {
  #client: pg.Client | undefined;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(private readonly opts: KeptConnectionOptions) {}

  /** The first connect must succeed: a node that cannot reach its database does not start. */
  async start(): Promise<void> {
    try {
      await this.#connect();
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  get connected(): boolean {
    return this.#client !== undefined;
  }

  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>> {
    if (!this.#client) return Promise.reject(new Error(`${this.opts.what}: not connected to PostgreSQL`));
    return this.#client.query<R>(sql, params);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    const { url, schema, onNotification } = this.opts;
    const client = new pg.Client({ connectionString: url, application_name: applicationName(schema), ...(schema ? { options: `-c search_path=${schema}` } : {}) });
    client.on('error', (err) => this.#lost(client, err));
    client.on('end', () => this.#lost(client));
    if (onNotification) client.on('notification', onNotification);
    try {
      await client.connect();
    } catch (err) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.#closed) return void client.end().catch(() => undefined);
    this.#client = client;
    this.#attempt = 0;
    try {
      await this.opts.onConnect(client);
    } catch (err) {
      // Half set up is no use: start over (or, on the first connect, fail the start).
      this.#lost(client, err);
      throw err;
    }
  }

  #lost(client: pg.Client, err?: unknown): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    client.end().catch(() => undefined);
    if (this.#closed) return;
    this.opts.log.error({ err }, `${this.opts.what}: connection lost, reconnecting`);
    this.#retry();
  }

  #retry(): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    const ceiling = Math.min(5_000, 100 * 2 ** this.#attempt++);
    this.#timer = setTimeout(() => {
      this.#connect().then(
        () => undefined,
        (err: unknown) => {
          this.opts.log.warn?.({ err }, `${this.opts.what}: reconnect failed`);
          this.#retry();
        },
      );
    }, ceiling / 2 + Math.random() * (ceiling / 2));
    this.#timer.unref();
  }
}
