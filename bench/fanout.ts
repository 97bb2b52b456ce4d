/**
 * Figure 1: fan-out. One visitor sends into a conversation whose audience is N connected users;
 * every message reaches all N. Deliveries per second counted at the receivers, through our
 * gateway (validation, group commit, access filter, projection, fan-out) vs a raw `ws` broadcast
 * server that does the same job as well as plain `ws` can (parse, serialise once, write each
 * turn's events corked per socket, answer the sender; lib/raw-child.ts).
 *
 * Two audiences of ours, each on its own server: N plain managers and an unassigned conversation
 * (the goal's row: the access filter's real path — each plain manager is checked against the
 * conversation, S-AUTH-3), and N chat admins (who see everything, the filter's short path).
 *
 * Closed loop: the sender keeps at most WINDOW messages that have not yet reached every
 * receiver, so neither server is measured on a queue that grows without bound. The sender's
 * rate limit is raised (passed through the server config) since one socket drives the load.
 */
import { alternate } from './lib/phases.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebSocket } from './lib/ws.js';
import { signUserToken, signVisitorToken } from '@chatdesk/server';
import { cpus } from 'node:os';
import { closeAll, helloClient, inParallel, openSocket } from './lib/clients.js';
import { Loop, WINDOW, type Measured } from './lib/closed-loop.js';
import { seedSmall } from './lib/dataset.js';
import { startRawServer } from './lib/raw-child.js';
import type { FigureResult, Row } from './lib/row.js';
import { fmtStall, yesNo } from './lib/row.js';
import { startOurServer } from './lib/server-child.js';
import { scale } from './lib/quick.js';
import { fmtNum, log, ratio } from './lib/stats.js';

// --quick keeps the 100 row (comparable by title with the full table's) and drops the 1,000 one.
const SIZES = scale([100, 1_000], [100]);
const WARMUP_MS = scale(1_000, 300);
const PHASE_MS = scale(1_000, 300);
const ROUNDS = scale(5, 3);
const TEXT = 'Здравствуйте! Подскажите, пожалуйста, когда будет доставка заказа 12345? Спасибо.';

const callFrame = (k: number, run: string) =>
  JSON.stringify({ type: 'call', id: k, method: 'messages.send', params: { conversationId: 1, clientMessageId: `f${run}-${k}`, text: TEXT } });

interface Side {
  loop: Loop;
  close(): Promise<void>;
}

type Audience = 'managers' | 'admins';

/**
 * Our server with N receivers of `audience`: plain managers and conversation 1 unassigned (each
 * of them may see it), or chat admins and conversation 1 assigned to m1 (who is not connected).
 */
async function ours(n: number, audience: Audience): Promise<Side & { template: Promise<unknown> }> {
  const dir = mkdtempSync(join(tmpdir(), 'chatdesk-bench-fanout-'));
  const dbFile = join(dir, 'chat.sqlite');
  seedSmall(dbFile, audience === 'managers' ? { unassigned: 1, plainManagers: n } : { pairs: 1, admins: n });
  const big = 1_000_000;
  const server = await startOurServer({ dbFile, rateLimit: { perSecond: big, burst: big, closeAfterRejected: big } }, `fanout-ours-${audience}-${n}`);
  const { wsUrl, origin, secret } = server.info;
  const now = Date.now();
  const sockets: WebSocket[] = [];
  const close = async () => {
    await closeAll(sockets);
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const rs = await inParallel(n, 50, (i) =>
      helloClient(
        wsUrl,
        origin,
        audience === 'managers'
          ? signUserToken(secret, { id: `manager${i + 1}`, name: `Менеджер ${i + 1}`, rights: ['chats'], ttlSeconds: 3600, now })
          : signUserToken(secret, { id: `admin${i + 1}`, name: `Админ ${i + 1}`, rights: ['chats', 'chat_admin'], ttlSeconds: 3600, now }),
      ),
    );
    const receivers = rs.map((r) => r.ws);
    sockets.push(...receivers);
    const template = new Promise<unknown>((resolve) =>
      receivers[0]?.once('message', (data) => resolve((JSON.parse(String(data)) as { data: unknown }).data)),
    );
    const sender = await helloClient(wsUrl, origin, signVisitorToken(secret, { customerId: 1, channelId: 1, ttlSeconds: 3600, now }));
    sockets.push(sender.ws);
    const run = String(now);
    const loop = new Loop([server], receivers, (k) => sender.ws.send(callFrame(k, run)));
    return { loop, close, template };
  } catch (err) {
    await close();
    throw err;
  }
}

async function raw(n: number, template: unknown): Promise<Side> {
  const server = await startRawServer('broadcast', `fanout-raw-${n}`, template);
  const sockets: WebSocket[] = [];
  const close = async () => {
    await closeAll(sockets);
    await server.stop();
  };
  try {
    const rs = await inParallel(n, 50, () => openSocket(`${server.info.wsUrl}?role=recv`));
    sockets.push(...rs);
    const sender = await openSocket(`${server.info.wsUrl}?role=send`);
    sockets.push(sender);
    return { loop: new Loop([server], rs, (k) => sender.send(callFrame(k, 'raw'))), close };
  } catch (err) {
    await close();
    throw err;
  }
}

const describe = (label: string, m: Measured) =>
  `${label} ${fmtNum(m.deliveriesPerSec)} deliveries/s (${fmtNum(m.messagesPerSec)} msg/s, ${m.serverCpuUsPerDelivery.toFixed(2)} µs server CPU each, server ${m.serverCores.toFixed(2)} cores, generator ${m.generatorCores.toFixed(2)} cores, machine ${m.machineCores.toFixed(2)} cores, ${m.frameBytes} B frames, loop delay max ${m.loop.max.toFixed(1)} ms p99 ${m.loop.p99.toFixed(1)} ms)`;

export default async function run(): Promise<FigureResult> {
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const n of SIZES) {
    const sides: Side[] = [];
    let m: Measured;
    let a: Measured;
    let r: Measured;
    try {
      const managers = await ours(n, 'managers');
      sides.push(managers);
      const admins = await ours(n, 'admins');
      sides.push(admins);
      // One message first: its event is the raw server's payload template (same shape and size).
      await managers.loop.phase(300, false);
      await admins.loop.phase(300, false);
      const rs = await raw(n, await managers.template);
      sides.push(rs);
      await alternate([managers.loop, admins.loop, rs.loop], { warmupMs: WARMUP_MS, phaseMs: PHASE_MS, rounds: ROUNDS });
      [m, a, r] = [await managers.loop.result(), await admins.loop.result(), await rs.loop.result()];
    } finally {
      for (const side of sides) await side.close();
    }
    log(`  fanout ${n}: ${describe('ours, plain managers', m)}`);
    log(`  fanout ${n}: ${describe('ours, chat admins', a)}`);
    log(`  fanout ${n}: ${describe('raw', r)}`);
    const size = n.toLocaleString('en-US');
    rows.push({
      figure: `1. fan-out to ${size} plain managers (deliveries/s)`,
      ours: `${fmtNum(m.deliveriesPerSec)}/s (${m.serverCpuUsPerDelivery.toFixed(1)} µs CPU each)`,
      baseline: `raw ws ${fmtNum(r.deliveriesPerSec)}/s (${r.serverCpuUsPerDelivery.toFixed(1)} µs each)`,
      ratio: ratio(m.deliveriesPerSec, r.deliveriesPerSec),
      goal: '≥ 70 % of raw',
      met: yesNo(m.deliveriesPerSec / r.deliveriesPerSec >= 0.7),
      stall: fmtStall(m.loop, r.loop),
    });
    rows.push({
      figure: `1. (info) fan-out to ${size} chat admins`,
      ours: `${fmtNum(a.deliveriesPerSec)}/s (${a.serverCpuUsPerDelivery.toFixed(1)} µs CPU each)`,
      baseline: `raw ws ${fmtNum(r.deliveriesPerSec)}/s (same run)`,
      ratio: ratio(a.deliveriesPerSec, r.deliveriesPerSec),
      goal: '(no goal: the filter\'s short path)',
      met: 'n/a',
      stall: fmtStall(a.loop),
    });
    notes.push(
      `1 (${n}): ours (plain managers) ${fmtNum(m.messagesPerSec)} msg/s, server ${m.serverCores.toFixed(2)} cores, load generator ${m.generatorCores.toFixed(2)} cores, whole machine ${m.machineCores.toFixed(2)} of ${cpus().length} cores busy; chat admins ${fmtNum(a.messagesPerSec)} msg/s, server ${a.serverCores.toFixed(2)} cores; raw ${fmtNum(r.messagesPerSec)} msg/s, server ${r.serverCores.toFixed(2)}, generator ${r.generatorCores.toFixed(2)}, machine ${r.machineCores.toFixed(2)} cores; ${m.frameBytes} B event frames (raw ${r.frameBytes} B). Busy cores beyond server + generator are the kernel's loopback TCP work and other processes on the machine.`,
    );
  }
  notes.push(`1: closed loop, ≤ ${WINDOW} messages in flight until every receiver has them; the three servers (ours with plain managers, ours with chat admins, raw) run side by side and take turns: ${ROUNDS} measured phases of ${PHASE_MS / 1000} s each after a ${WARMUP_MS / 1000} s warm-up; the sender's rate limit raised to 1M frames/s via config; receivers are raw ws clients that only count frames. Raw = parse, one serialised Buffer per message, each turn's events written corked per receiver socket (one writev per socket per turn, like our group commit), results corked per sender.`);
  return { rows, notes };
}
