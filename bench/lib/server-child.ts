/**
 * Our server in a child process (started by `startOurServer`): a real `startTestServer` with the
 * config passed as JSON in argv[2], reporting CPU, memory, event-loop delay and its WAL on request.
 */
import { startTestServer, type TestServerOptions } from '@chatdesk/server/testing';
import { commonHandlers, PROF_DIR, serveParent, startChild, type Child } from './proc.js';
import { fileURLToPath } from 'node:url';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HeapProfiler } from 'node:inspector';

/** What the `wal` command answers. */
export interface WalInfo {
  maxWalFrames: number;
  walFrames: number;
  fellBack: boolean;
  restarts: number;
  maxRestartMs: number;
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

/**
 * BENCH_HEAP_SAMPLE=MS: samples the allocations that reach the old generation (V8's sampling heap
 * profiler, objects freed by scavenges dropped, those freed later by a full GC kept) for MS ms
 * from the start, into bench/.cache/prof/heap-<pid>.json (`bench/lib/heap-top.ts` reads it).
 */
async function sampleOldGeneration(ms: number): Promise<void> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  // The two `include…` flags are V8's; Node 20's typings do not list them yet.
  // BENCH_HEAP_ALL=1 keeps the scavenged ones too: every allocation, what makes scavenges frequent.
  const params = { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: Boolean(process.env.BENCH_HEAP_ALL) };
  await session.post('HeapProfiler.startSampling', params as unknown as HeapProfiler.StartSamplingParameterType);
  setTimeout(() => {
    void (async () => {
      const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: unknown };
      mkdirSync(PROF_DIR, { recursive: true });
      const file = join(PROF_DIR, `heap-${process.pid}.json`);
      writeFileSync(file, JSON.stringify(profile));
      process.stderr.write(`  heap sample of the old generation: ${file}\n`);
    })();
  }, ms).unref();
}

async function main(): Promise<void> {
  if (process.env.BENCH_HEAP_SAMPLE) await sampleOldGeneration(Number(process.env.BENCH_HEAP_SAMPLE));
  const options = JSON.parse(process.argv[2] ?? '{}') as TestServerOptions;
  // BENCH_SERVER_CONFIG: config of ours to try on a figure's server (JSON), e.g. a job's interval.
  const extra = process.env.BENCH_SERVER_CONFIG ? (JSON.parse(process.env.BENCH_SERVER_CONFIG) as TestServerOptions) : {};
  const server = await startTestServer({ logLevel: 'silent', ...options, ...extra });
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
      // Stored messages the analytics job has not folded yet (SQLite only).
      unfolded: async () => {
        const { id } = await server.app.chat.uow.system((ctx) => ctx.store.analytics.watermark(), 'read');
        return server.app.chat.sqlite!.db.prepare('SELECT count(*) FROM messages WHERE id > ?').pluck().get(id) as number;
      },
      headSeq: () => server.app.chat.headSeq(),
      // Group commits so far and the sends in them (sends per commit).
      commits: () => ({ ...server.app.chat.uow.stats }),
    },
    // close() deletes the temporary folder only when this server made it.
    () => server.close(),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
