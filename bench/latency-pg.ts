/**
 * Figure 3 on PostgreSQL, across nodes: send → seen. Three nodes of our server on one database;
 * 1,000 visitors on node A, their 1,000 managers (visitor i's conversation assigned to manager
 * i) on nodes B and C, half each. Visitors send RATE msg/s in all, round robin; measured is the
 * visitor's send → the manager's socket receives `message.created`, which takes A's commit,
 * NOTIFY to B or C, their read of the log, and the push (both ends in this process, one clock).
 *
 * RATE is a steady load well under what one node ingests on PostgreSQL (ingest-pg), so the
 * figure is the hop, not a queue. Raw baseline, as in figure 3: a raw `ws` echo server with the
 * same 2,000 connections at the same rate, round-trip time. The two take turns in short phases.
 */
import { signUserToken, signVisitorToken } from '@chatdesk/server';
import { closeAll, helloClient, inParallel } from './lib/clients.js';
import { pacedConversations, pacedRawEcho, type Paced, TICK_MS } from './lib/paced.js';
import { pgMissing, runDatabase } from './lib/pg-admin.js';
import { startCluster, type Cluster } from './lib/pg-cluster.js';
import { seedSmallPg } from './lib/pg-small.js';
import { alternate, readLoops } from './lib/phases.js';
import type { Child, LoopDelay } from './lib/proc.js';
import type { FigureResult } from './lib/row.js';
import { fmtStall } from './lib/row.js';
import type { ServerInfo } from './lib/server-child.js';
import { fmtMs, log, ratio, summarize } from './lib/stats.js';
import type { WebSocket } from './lib/ws.js';

const PAIRS = 1_000;
const RATE = 50;
const WARMUP_MS = 1_000;
const PHASE_MS = 3_000;
const ROUNDS = 3;
const TEXT = 'Здравствуйте, подскажите, пожалуйста, статус заказа';

async function startOurs(cluster: Cluster): Promise<{ paced: Paced; close(): Promise<void> }> {
  const [a, ...others] = cluster.nodes as [Child<ServerInfo>, ...Child<ServerInfo>[]];
  const sockets: WebSocket[] = [];
  const close = () => closeAll(sockets);
  try {
    const now = Date.now();
    const t0 = performance.now();
    const managers = await inParallel(PAIRS, 50, (i) => {
      const { wsUrl, origin, secret } = (others[i % others.length] as Child<ServerInfo>).info;
      return helloClient(wsUrl, origin, signUserToken(secret, { id: `m${i + 1}`, name: `Менеджер ${i + 1}`, rights: ['chats'], ttlSeconds: 3600, now }));
    });
    sockets.push(...managers.map((m) => m.ws));
    const t1 = performance.now();
    const visitors = await inParallel(PAIRS, 50, (i) =>
      helloClient(a.info.wsUrl, a.info.origin, signVisitorToken(a.info.secret, { customerId: i + 1, channelId: 1, ttlSeconds: 3600, now })),
    );
    sockets.push(...visitors.map((v) => v.ws));
    log(`  latency-pg: ${PAIRS} managers on B and C, then ${PAIRS} visitors on A, welcomed in ${((t1 - t0) / 1000).toFixed(1)} s and ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    const paced = pacedConversations(cluster.nodes, RATE, visitors, managers, TEXT);
    return { paced, close };
  } catch (err) {
    await close();
    throw err;
  }
}

function startRaw(): Promise<{ paced: Paced; close(): Promise<void> }> {
  return pacedRawEcho('latency-pg-raw', 2 * PAIRS, RATE, TEXT);
}

export default async function run(): Promise<FigureResult> {
  const missing = await pgMissing();
  if (missing) throw new Error(missing);
  const db = await runDatabase('latency');
  try {
    await seedSmallPg(db.url, { pairs: PAIRS });
    const cluster = await startCluster(db.url, 3, 'latency-pg');
    let ours: Awaited<ReturnType<typeof startOurs>> | undefined;
    let raw: Awaited<ReturnType<typeof startRaw>> | undefined;
    let oursLoop: LoopDelay;
    let rawLoop: LoopDelay;
    try {
      ours = await startOurs(cluster);
      raw = await startRaw();
      await alternate([ours.paced, raw.paced], { warmupMs: WARMUP_MS, phaseMs: PHASE_MS, rounds: ROUNDS });
      oursLoop = await readLoops(ours.paced.servers);
      rawLoop = await readLoops(raw.paced.servers);
    } finally {
      await ours?.close();
      await raw?.close();
      await cluster.stop();
    }
    const o = summarize(ours.paced.samples);
    const r = summarize(raw.paced.samples);
    const op = ours.paced;
    log(`  latency-pg: ours p50 ${fmtMs(o.p50)} p99 ${fmtMs(o.p99)} max ${fmtMs(o.max)} (n=${o.n}, lost ${op.lost}); raw echo p50 ${fmtMs(r.p50)} p99 ${fmtMs(r.p99)} (n=${r.n}, lost ${raw.paced.lost}); nodes ${(op.serverCpu / op.seconds).toFixed(2)} cores, machine ${(op.machineCoreSec / op.seconds).toFixed(2)}; loop ${fmtStall(oursLoop, rawLoop)}`);
    return {
      rows: [
        {
          figure: `3. send→seen p99 across nodes (PostgreSQL), ${RATE} msg/s, 2k conns`,
          ours: `p99 ${fmtMs(o.p99)} (p50 ${fmtMs(o.p50)})`,
          baseline: `raw ws echo p99 ${fmtMs(r.p99)} (p50 ${fmtMs(r.p50)})`,
          ratio: ratio(o.p99, r.p99),
          goal: '(report)',
          met: op.lost === 0 ? 'n/a' : `NO (${op.lost} lost)`,
          stall: `${fmtStall(oursLoop, rawLoop)} (worst node)`,
        },
      ],
      notes: [
        `3 (PostgreSQL): three nodes on a fresh database (dropped after), visitors on node A, managers alternately on B and C; ${o.n} samples ours (lost ${op.lost}, max ${fmtMs(o.max)}), ${r.n} raw (lost ${raw.paced.lost}); ${ROUNDS} phases of ${PHASE_MS / 1000} s each, alternating, paced by a ${TICK_MS} ms timer. Ours: the three nodes ${(op.serverCpu / op.seconds).toFixed(2)} cores together, load generator ${(op.genCpu / op.seconds).toFixed(2)} cores, whole machine ${(op.machineCoreSec / op.seconds).toFixed(2)} cores busy. Default server config.`,
      ],
    };
  } finally {
    await db.drop();
  }
}
