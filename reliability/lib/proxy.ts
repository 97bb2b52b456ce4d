import net from 'node:net';

/**
 * A TCP proxy in front of the server that can cut connections the way a flaky network does:
 * the client's socket is destroyed without a close frame, the server sees the peer vanish.
 */
export class ChaosProxy {
  readonly #server: net.Server;
  readonly #pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  #target: { host: string; port: number };
  port = 0;
  cuts = 0;

  constructor(target: { host: string; port: number }) {
    this.#target = target;
    this.#server = net.createServer((client) => {
      const upstream = net.connect(this.#target.port, this.#target.host);
      const pair = { client, upstream };
      this.#pairs.add(pair);
      const drop = () => {
        this.#pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }

  /** Points new connections at a restarted server. */
  retarget(target: { host: string; port: number }): void {
    this.#target = target;
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.port = (this.#server.address() as net.AddressInfo).port;
    return this.port;
  }

  get connections(): number {
    return this.#pairs.size;
  }

  /** Destroys one random live connection; returns whether there was one. */
  cutRandom(random = Math.random): boolean {
    const all = [...this.#pairs];
    if (all.length === 0) return false;
    const pair = all[Math.floor(random() * all.length)]!;
    this.cuts++;
    pair.client.destroy();
    pair.upstream.destroy();
    this.#pairs.delete(pair);
    return true;
  }

  cutAll(): void {
    for (const pair of this.#pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    this.cuts += this.#pairs.size;
    this.#pairs.clear();
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
