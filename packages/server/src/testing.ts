/**
 * Real servers for tests and benchmarks (`@chatdesk/server/testing`): a temporary SQLite file, a
 * random secret, port 0. Used by the server's own tests, the client's, the browser tests and bench.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildOptions } from './app.js';
import { applicationName, dropSchema } from './adapters/postgres/db.js';
import type { ChatServerConfigInput } from './config.js';
import { signUserToken, type UserRight } from './auth/host-token.js';

/** The Origin test clients send; allowed by default. */
export const TEST_ORIGIN = 'http://chatdesk.test';

export type TestServerOptions = Partial<ChatServerConfigInput> & {
  /** Listen host (default 127.0.0.1). */
  host?: string;
  port?: number;
  /** Wraps the storage adapter (e.g. to slow it down, as a remote database would be). */
  wrapStorage?: BuildOptions['wrapStorage'];
};

export interface TestServer {
  app: FastifyInstance;
  /** http://127.0.0.1:PORT */
  url: string;
  /** ws://127.0.0.1:PORT/ws */
  wsUrl: string;
  port: number;
  /** An allowed Origin to send. */
  origin: string;
  secret: string;
  dbFile: string;
  /** On PostgreSQL (CHATDESK_TEST_STORAGE=postgres): the database URL and this server's schema. */
  postgres?: { url: string; schema: string };
  /** A host-signed user token (default rights: chats). */
  userToken(user: { id: string; name?: string; rights?: UserRight[]; ttlSeconds?: number }): string;
  /** A visitor token from the real HTTP route (a new anonymous customer unless `token` is given). */
  visitorToken(body?: { name?: string; channelId?: number; token?: string }): Promise<{ token: string; customerId: number }>;
  /** Closes the server (1001 to sockets) but keeps the database file: restart on it with `dbFile`. */
  stop(): Promise<void>;
  /** Stops and deletes the temporary folder (if this server created it). */
  close(): Promise<void>;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const { host = '127.0.0.1', port = 0, wrapStorage, ...config } = options;
  const ownDir = config.dbFile === undefined ? mkdtempSync(join(tmpdir(), 'chatdesk-test-')) : null;
  const dbFile = config.dbFile ?? join(ownDir as string, 'chat.sqlite');
  // A server restarted on an earlier one's file works in that one's folder: the folder goes when
  // the last of them closes, never under a server still writing there.
  const folder = dirname(dbFile);
  const users = folders.get(folder);
  if (ownDir) folders.set(folder, { servers: 1, remove: false });
  else if (users) users.servers++;
  const secret = config.secret ?? randomBytes(24).toString('base64url');
  // CHATDESK_TEST_STORAGE=postgres: the same tests on PostgreSQL, the "file" standing for a schema
  // of its own (a restart on the same dbFile finds the same schema).
  const pgUrl = process.env['CHATDESK_TEST_STORAGE'] === 'postgres' && config.databaseUrl === undefined ? testDatabaseUrl() : undefined;
  const pgSchema = pgUrl && `test_${createHash('sha256').update(dbFile).digest('hex').slice(0, 16)}`;
  if (pgSchema) schemas.set(pgSchema, { servers: (schemas.get(pgSchema)?.servers ?? 0) + 1, drop: false });
  const app = await buildApp({
    logLevel: process.env.CHATDESK_TEST_LOG ? 'debug' : 'silent',
    allowedOrigins: [TEST_ORIGIN],
    // Tests and benchmarks create many visitors from 127.0.0.1.
    visitorCreateLimit: { perMinute: 1_000_000, burst: 1_000_000 },
    // Tests' webhook receivers listen on 127.0.0.1.
    webhooksAllowPrivate: true,
    ...config,
    ...(pgUrl && pgSchema ? { databaseUrl: pgUrl, databaseSchema: pgSchema } : {}),
    dbFile,
    secret,
  }, wrapStorage ? { wrapStorage } : {});
  await app.listen({ port, host });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('unexpected server address');
  const url = `http://${host}:${address.port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
    if (pgUrl && pgSchema) await leaveSchema(pgUrl, pgSchema);
  };
  return {
    app,
    url,
    wsUrl: `ws://${host}:${address.port}/ws`,
    port: address.port,
    origin: app.chat.config.allowedOrigins.find((o) => o !== '*') ?? TEST_ORIGIN,
    secret,
    dbFile,
    ...(pgUrl && pgSchema ? { postgres: { url: pgUrl, schema: pgSchema } } : {}),
    userToken: (u) =>
      signUserToken(secret, {
        id: u.id,
        name: u.name ?? u.id,
        rights: u.rights ?? ['chats'],
        ttlSeconds: u.ttlSeconds ?? 300,
        now: app.chat.clock.now(),
      }),
    async visitorToken(body = {}) {
      const res = await fetch(`${url}/api/visitor/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`visitor token: HTTP ${res.status} ${await res.text()}`);
      return (await res.json()) as { token: string; customerId: number };
    },
    stop,
    async close() {
      await stop();
      const users = folders.get(folder);
      if (users) {
        if (ownDir) users.remove = true;
        if (--users.servers === 0) {
          folders.delete(folder);
          if (users.remove) rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
        }
      }
      // The schema goes once the last server on it has closed (a restarted server is the one closed last).
      if (pgUrl && pgSchema) await dropWhenFree(pgUrl, pgSchema);
    },
  };
}

/** Drops a PostgreSQL schema (tests that start servers on a schema of their own); how a schema's servers show in pg_stat_activity. */
export { applicationName, dropSchema };

/** The PostgreSQL database tests use: CHATDESK_TEST_DATABASE_URL, else `test` on this machine. */
export function testDatabaseUrl(): string {
  return process.env['CHATDESK_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
}

/**
 * The PostgreSQL schemas of test servers (CHATDESK_TEST_STORAGE=postgres), by how many servers
 * run on each: a test that restarts on "the same file" has a second server on the first one's
 * schema, which is dropped only once no server uses it (a drop would wait on their connections).
 */
const schemas = new Map<string, { servers: number; drop: boolean }>();
/** Test folders and the servers open in each; `remove` once their owner has closed. */
const folders = new Map<string, { servers: number; remove: boolean }>();

async function leaveSchema(url: string, schema: string): Promise<void> {
  const entry = schemas.get(schema);
  if (!entry) return;
  entry.servers--;
  if (entry.servers <= 0 && entry.drop) {
    schemas.delete(schema);
    await dropSchema(url, schema);
  }
}

async function dropWhenFree(url: string, schema: string): Promise<void> {
  const entry = schemas.get(schema);
  if (!entry) return;
  entry.drop = true;
  if (entry.servers <= 0) {
    schemas.delete(schema);
    await dropSchema(url, schema);
  }
}
