/**
 * Figure 6: memory per idle connection. Server RSS delta over 2,000 welcomed idle connections,
 * divided by 2,000, read in the server's own child process after forced GCs (before: after a
 * warm-up of 50 connections that came and went, so code and caches are already loaded).
 * Raw baseline: a raw `ws` server holding 2,000 idle sockets, measured the same way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signUserToken } from '@chatdesk/server';
import { closeAll, helloClient, inParallel, openSocket } from './lib/clients.js';
import { seedSmall } from './lib/dataset.js';
import type { Child } from './lib/proc.js';
import { startRawServer } from './lib/raw-child.js';
import type { FigureResult } from './lib/row.js';
import { yesNo } from './lib/row.js';
import { startOurServer } from './lib/server-child.js';
import { scale } from './lib/quick.js';
import { log, ratio, sleep } from './lib/stats.js';
import type { WebSocket } from './lib/ws.js';

// Not 200 under --quick: RSS grows in steps of megabytes (heap pages, allocator arenas), which
// over 200 connections swung the figure from 12 to 37 KB between two runs.
const CONNECTIONS = scale(2_000, 1_000);
const WARMUP_CONNECTIONS = 50;
/** Time for the server to settle (sockets closed, sessions set up) before RSS is read. */
const SETTLE_MS = scale({ warm: 500, held: 1_000 }, { warm: 200, held: 300 });

interface Delta {
  rssPerConn: number;
  heapPerConn: number;
  sessions: number;
}

async function measure(server: Child<unknown>, connect: (i: number) => Promise<WebSocket>): Promise<Delta> {
  const warm = await inParallel(WARMUP_CONNECTIONS, 25, (i) => connect(CONNECTIONS + i));
  await closeAll(warm);
  await sleep(SETTLE_MS.warm);
  const m0 = await server.call<NodeJS.MemoryUsage>('mem');
  const sockets = await inParallel(CONNECTIONS, 50, connect);
  try {
    await sleep(SETTLE_MS.held);
    const m1 = await server.call<NodeJS.MemoryUsage>('mem');
    const sessions = await server.call<number>('sessions');
    return { rssPerConn: (m1.rss - m0.rss) / CONNECTIONS, heapPerConn: (m1.heapUsed - m0.heapUsed) / CONNECTIONS, sessions };
  } finally {
    await closeAll(sockets);
  }
}

export default async function run(): Promise<FigureResult> {
  const dir = mkdtempSync(join(tmpdir(), 'chatdesk-bench-memory-'));
  let ours: Delta;
  let raw: Delta;
  try {
    const dbFile = join(dir, 'chat.sqlite');
    seedSmall(dbFile, {});
    const server = await startOurServer({ dbFile }, 'memory-ours');
    try {
      const { wsUrl, origin, secret } = server.info;
      const now = Date.now();
      ours = await measure(server, async (i) =>
        (await helloClient(wsUrl, origin, signUserToken(secret, { id: `m${i + 1}`, name: `Менеджер ${i + 1}`, rights: ['chats'], ttlSeconds: 3600, now }))).ws,
      );
    } finally {
      await server.stop();
    }
    const rawServer = await startRawServer('echo', 'memory-raw');
    try {
      raw = await measure(rawServer, () => openSocket(`${rawServer.info.wsUrl}?role=idle`));
    } finally {
      await rawServer.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
  log(`  memory: ours ${kb(ours.rssPerConn)} RSS/conn (heap ${kb(ours.heapPerConn)}, ${ours.sessions} sessions); raw ${kb(raw.rssPerConn)} RSS/conn (heap ${kb(raw.heapPerConn)}, ${raw.sessions} sockets)`);
  return {
    rows: [
      {
        figure: `6. memory per idle connection (RSS Δ / ${CONNECTIONS.toLocaleString('en-US')})`,
        ours: `${kb(ours.rssPerConn)} (JS heap ${kb(ours.heapPerConn)})`,
        baseline: `raw ws ${kb(raw.rssPerConn)} (heap ${kb(raw.heapPerConn)})`,
        ratio: ratio(ours.rssPerConn, raw.rssPerConn),
        goal: '≤ 2× raw',
        met: yesNo(ours.rssPerConn <= 2 * raw.rssPerConn && ours.sessions >= CONNECTIONS),
        stall: '— (idle sockets)',
      },
    ],
    notes: [
      `6: ${ours.sessions} welcomed manager sessions held open (server counted them); RSS and heap read in the server's process after two forced GCs, before/after; baseline after a warm-up of ${WARMUP_CONNECTIONS} connections.`,
    ],
  };
}
