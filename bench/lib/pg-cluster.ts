/**
 * Nodes of our server on one PostgreSQL database, each its own process (startOurServer): what a
 * deployment behind a load balancer runs. They share the data, the event log (announced between
 * them by NOTIFY) and presence.
 */
import { randomBytes } from 'node:crypto';
import type { TestServerOptions } from '@chatdesk/server/testing';
import { PG_SCHEMA } from './pg-admin.js';
import type { Child } from './proc.js';
import { startOurServer, type ServerInfo } from './server-child.js';

export interface Cluster {
  nodes: Child<ServerInfo>[];
  stop(): Promise<void>;
}

/**
 * `count` nodes on the database at `url`, with one secret (a token is good on any node), started
 * together (the migration lock takes them one at a time where it matters).
 */
export async function startCluster(url: string, count: number, label: string, options: TestServerOptions = {}): Promise<Cluster> {
  const secret = options.secret ?? randomBytes(24).toString('base64url');
  const started = await Promise.allSettled(
    Array.from({ length: count }, (_, i) => startOurServer({ ...options, secret, databaseUrl: url, databaseSchema: PG_SCHEMA }, `${label}-${i}`)),
  );
  const nodes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return { nodes, stop };
}
