/**
 * Our server in a child process (started by `startOurServer`): a real `startTestServer` with the
 * config passed as JSON in argv[2], reporting CPU, memory, event-loop delay and its WAL on request.
 */
import { startTestServer, type TestServerOptions } from '@chatdesk/server/testing';
import { commonHandlers, serveParent, startChild, type Child } from './proc.js';
import { fileURLToPath } from 'node:url';
import { existsSync, statSync } from 'node:fs';

/** What the `wal` command answers. */
export interface WalInfo {
  maxWalFrames: number;
  walFrames: number;
  fellBack: boolean;
  fileBytes: number;
}

export interface ServerInfo {
  url: string;
  wsUrl: string;
  port: number;
  origin: string;
  secret: string;
  dbFile: string;
  pid: number;
}

/** Starts our server in a child process. `label` names its CPU profile under BENCH_PROF. */
export function startOurServer(options: TestServerOptions, label: string, execArgv: string[] = []): Promise<Child<ServerInfo>> {
  return startChild<ServerInfo>(fileURLToPath(import.meta.url), [JSON.stringify(options)], label, ['--expose-gc', ...execArgv]);
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as TestServerOptions;
  const server = await startTestServer({ logLevel: 'silent', ...options });
  const info: ServerInfo = {
    url: server.url,
    wsUrl: server.wsUrl,
    port: server.port,
    origin: server.origin,
    secret: server.secret,
    dbFile: server.dbFile,
    pid: process.pid,
  };
  serveParent(
    info,
    {
      ...commonHandlers,
      sessions: () => server.app.chat.sessionCount(),
      // The WAL checkpointer's view (storage/checkpointer.ts) and the WAL file's size on disk (SQLite only).
      wal: () => ({ ...server.app.chat.sqlite!.checkpointer.stats(), fileBytes: existsSync(`${server.dbFile}-wal`) ? statSync(`${server.dbFile}-wal`).size : 0 }),
      headSeq: () => server.app.chat.headSeq(),
      // Group commits so far and the sends in them (sends per commit).
      commits: () => ({ ...server.app.chat.uow.stats }),
    },
    // close() deletes the temporary folder only when this server made it.
    () => server.close(),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
