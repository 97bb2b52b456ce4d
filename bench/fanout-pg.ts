/**
 * Figure 1 on PostgreSQL, across nodes: three nodes of our server on one database; a visitor on
 * node A sends into an unassigned conversation, N plain managers receive it, half on node B and
 * half on node C. Nothing reaches them from A directly: A commits, NOTIFY wakes B and C, each
 * reads the new events from the log and fans them out. Deliveries per second counted at the
 * receivers, in the closed loop of lib/closed-loop.ts.
 *
 * Raw baseline, as in figure 1: a raw `ws` broadcast server (lib/raw-child.ts) with the same N
 * receivers, which has no database and no second hop. Ours and raw take turns in short phases.
 */
import { signUserToken, signVisitorToken } from '@chatdesk/server';
import { closeAll, helloClient, inParallel, openSocket } from './lib/clients.js';
import { Loop, WINDOW, type Measured } from './lib/closed-loop.js';
import { pgMissing, runDatabase } from './lib/pg-admin.js';
import { startCluster, type Cluster } from './lib/pg-cluster.js';
import { seedSmallPg } from './lib/pg-small.js';
import { alternate } from './lib/phases.js';
import type { Child } from './lib/proc.js';
import { startRawServer } from './lib/raw-child.js';
import type { FigureResult, Row } from './lib/row.js';
import { fmtStall } from './lib/row.js';
import type { ServerInfo } from './lib/server-child.js';
import { fmtNum, log, ratio } from './lib/stats.js';
import type { WebSocket } from './lib/ws.js';

const SIZES = [100, 1_000];
const WARMUP_MS = 1_000;
const PHASE_MS = 1_000;
const ROUNDS = 5;
const TEXT = 'Здравствуйте! Подскажите, пожалуйста, когда будет доставка заказа 12345? Спасибо.';
/** Conversation 1, unassigned: every plain manager sees it. */
const CONVERSATION = 1;

interface Side {
  loop: Loop;
  close(): Promise<void>;
}

const callFrame = (k: number, run: string) =>
  JSON.stringify({ type: 'call', id: k, method: 'messages.send', params: { conversationId: CONVERSATION, clientMessageId: `f${run}-${k}`, text: TEXT } });

/** The sender on node A, receivers manager1..N alternately on B and C. */
async function ours(cluster: Cluster, n: number): Promise<Side & { template: Promise<unknown> }> {
  const [a, ...others] = cluster.nodes as [Child<ServerInfo>, ...Child<ServerInfo>[]];
  const sockets: WebSocket[] = [];
  const close = () => closeAll(sockets);
  try {
    const now = Date.now();
    const rs = await inParallel(n, 50, (i) => {
      const { wsUrl, origin, secret } = (others[i % others.length] as Child<ServerInfo>).info;
      return helloClient(wsUrl, origin, signUserToken(secret, { id: `manager${i + 1}`, name: `Менеджер ${i + 1}`, rights: ['chats'], ttlSeconds: 3600, now }));
    });
    const receivers = rs.map((r) => r.ws);
    sockets.push(...receivers);
    const template = new Promise<unknown>((resolve) =>
      receivers[0]?.once('message', (data) => resolve((JSON.parse(String(data)) as { data: unknown }).data)),
    );
    const sender = await helloClient(a.info.wsUrl, a.info.origin, signVisitorToken(a.info.secret, { customerId: 1, channelId: 1, ttlSeconds: 3600, now }));
    sockets.push(sender.ws);
    const run = `${now}n${n}`;
    return { loop: new Loop(cluster.nodes, receivers, (k) => sender.ws.send(callFrame(k, run))), close, template };
  } catch (err) {
    await close();
    throw err;
  }
}

async function raw(n: number, template: unknown): Promise<Side> {
  const server = await startRawServer('broadcast', `fanout-pg-raw-${n}`, template);
  const sockets: WebSocket[] = [];
  const close = async () => {
    await closeAll(sockets);
    await server.stop();
  };
  try {
    sockets.push(...(await inParallel(n, 50, () => openSocket(`${server.info.wsUrl}?role=recv`))));
    const sender = await openSocket(`${server.info.wsUrl}?role=send`);
    sockets.push(sender);
    return { loop: new Loop([server], sockets.slice(0, n), (k) => sender.send(callFrame(k, 'raw'))), close };
  } catch (err) {
    await close();
    throw err;
  }
}

export default async function run(): Promise<FigureResult> {
  const missing = await pgMissing();
  if (missing) throw new Error(missing);
  const db = await runDatabase('fanout');
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    await seedSmallPg(db.url, { unassigned: 1, plainManagers: Math.max(...SIZES) });
    const big = 1_000_000;
    const cluster = await startCluster(db.url, 3, 'fanout-pg', { rateLimit: { perSecond: big, burst: big, closeAfterRejected: big } });
    try {
      for (const n of SIZES) {
        const sides: Side[] = [];
        let m: Measured;
        let r: Measured;
        try {
          const o = await ours(cluster, n);
          sides.push(o);
          // One message first: its event is the raw server's payload template (same shape and size).
          await o.loop.phase(300, false);
          const rs = await raw(n, await o.template);
          sides.push(rs);
          await alternate([o.loop, rs.loop], { warmupMs: WARMUP_MS, phaseMs: PHASE_MS, rounds: ROUNDS });
          [m, r] = [await o.loop.result(), await rs.loop.result()];
        } finally {
          for (const side of sides) await side.close();
        }
        const size = n.toLocaleString('en-US');
        log(`  fanout-pg ${n}: ours ${fmtNum(m.deliveriesPerSec)} deliveries/s (${fmtNum(m.messagesPerSec)} msg/s, nodes ${m.serverCores.toFixed(2)} cores, machine ${m.machineCores.toFixed(2)}); raw ${fmtNum(r.deliveriesPerSec)}/s (${fmtNum(r.messagesPerSec)} msg/s)`);
        rows.push({
          figure: `1. fan-out across nodes to ${size} plain managers (PostgreSQL)`,
          ours: `${fmtNum(m.deliveriesPerSec)}/s (${fmtNum(m.messagesPerSec)} msg/s)`,
          baseline: `raw ws ${fmtNum(r.deliveriesPerSec)}/s (${fmtNum(r.messagesPerSec)} msg/s)`,
          ratio: ratio(m.deliveriesPerSec, r.deliveriesPerSec),
          goal: '(report)',
          met: 'n/a',
          stall: `${fmtStall(m.loop, r.loop)} (worst node)`,
        });
        notes.push(
          `1 (PostgreSQL, ${n}): ours ${fmtNum(m.messagesPerSec)} msg/s, the three nodes ${m.serverCores.toFixed(2)} cores together (${m.serverCpuUsPerDelivery.toFixed(1)} µs per delivery), load generator ${m.generatorCores.toFixed(2)}, whole machine ${m.machineCores.toFixed(2)} cores (PostgreSQL's backends among the rest); raw ${fmtNum(r.messagesPerSec)} msg/s, ${r.serverCores.toFixed(2)} cores; ${m.frameBytes} B event frames (raw ${r.frameBytes} B).`,
        );
      }
    } finally {
      await cluster.stop();
    }
  } finally {
    await db.drop();
  }
  notes.push(
    `1 (PostgreSQL): three nodes on a fresh database (dropped after); the sender on node A, the managers alternately on B and C; closed loop, ≤ ${WINDOW} messages in flight until every receiver has them; ${ROUNDS} phases of ${PHASE_MS / 1000} s each after a ${WARMUP_MS / 1000} s warm-up, alternating with the raw broadcast server (one process, no database); the sender's rate limit raised to 1M frames/s via config.`,
  );
  return { rows, notes };
}
