/**
 * Figure 8: webhooks out (S-CH-2). A manager's replies into messenger conversations go through
 * the outbox to the module's webhook: how many a second reach a local receiver, from the first
 * `messages.send` to the receiver having taken the last (each conversation's webhooks in order,
 * 32 conversations side by side, one manager's socket each). Raw baseline in the same run: a plain HTTP client (keep-alive,
 * 32 requests in flight) posting the same signed bodies to the same receiver. Ours and raw take
 * turns; the medians are compared.
 */
import { randomUUID } from 'node:crypto';
import { createServer, request, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signUserToken } from '@chatdesk/server';
import { webhookHeaders } from '../packages/server/src/channels/integration/standard-webhooks.js';
import { helloClient } from './lib/clients.js';
import type { FigureResult } from './lib/row.js';
import { fmtStall } from './lib/row.js';
import { startOurServer } from './lib/server-child.js';
import { scale } from './lib/quick.js';
import { log, percentile, ratio, sleep } from './lib/stats.js';
import type { WebSocket } from './lib/ws.js';

const CONVERSATIONS = 32;
const REPLIES = scale(2_000, 300);
const ROUNDS = scale(3, 2);

/** The module's side: takes every webhook (signature checked, as a module does), counts them. */
async function receiver(): Promise<{ url: string; taken: () => number; secret: (s: string) => void; close(): Promise<void> }> {
  let taken = 0;
  let secret = '';
  const { verifyWebhook } = await import('../packages/server/src/channels/integration/standard-webhooks.js');
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const ok = !secret || verifyWebhook(secret, req.headers, Buffer.concat(chunks), Date.now()).ok;
      if (ok) taken++;
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    taken: () => taken,
    secret: (s) => void (secret = s),
    close: () => new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

/** Calls over one socket, answered by id: one listener per socket, and event frames (every manager hears every reply) never parsed. */
const pendingOf = new WeakMap<WebSocket, Map<number, { resolve: (v: any) => void; reject: (e: Error) => void; method: string }>>();
function call(ws: WebSocket, id: number, method: string, params: unknown): Promise<any> {
  let pending = pendingOf.get(ws);
  if (!pending) {
    const map = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void; method: string }>();
    pendingOf.set(ws, (pending = map));
    ws.on('message', (data: Buffer) => {
      if (data.subarray(0, 16).toString() === '{"type":"event",') return;
      const f = JSON.parse(String(data)) as { type: string; id?: number; result?: unknown; error?: unknown };
      const p = f.id === undefined ? undefined : map.get(f.id);
      if (!p) return;
      map.delete(f.id!);
      if (f.type === 'result') p.resolve(f.result);
      else p.reject(new Error(`${p.method}: ${JSON.stringify(f.error)}`));
    });
  }
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, method });
    ws.send(JSON.stringify({ type: 'call', id, method, params }));
  });
}

async function signed(base: string, token: string, secret: string, method: string, path: string, body: unknown): Promise<any> {
  const text = JSON.stringify(body);
  const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...webhookHeaders(secret, `msg_${randomUUID()}`, text, Date.now()) }, body: text });
  if (res.status !== 200) throw new Error(`${method} ${path}: HTTP ${res.status}`);
  return res.json();
}

/** Raw: the same bodies, signed, posted with keep-alive, `inFlight` at a time. */
async function rawPost(url: string, secret: string, bodies: readonly string[], inFlight: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const u = new URL(url);
  let next = 0;
  const one = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...webhookHeaders(secret, `msg_${randomUUID()}`, body, Date.now()) };
      const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent, headers }, (res) => {
        res.resume().on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`raw: HTTP ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(body);
    });
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < bodies.length) await one(bodies[next++]!);
  }));
  agent.destroy();
}

const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);

export default async function run(): Promise<FigureResult> {
  const sink = await receiver();
  const server = await startOurServer({}, 'outbox-ours');
  const ours: number[] = [];
  const raw: number[] = [];
  try {
    const { url, wsUrl, origin, secret } = server.info;
    const adminToken = signUserToken(secret, { id: 'bench-admin', name: 'Bench Admin', rights: ['chats', 'admin'], ttlSeconds: 3600 });
    const { ws } = await helloClient(wsUrl, origin, adminToken);
    // One manager's socket per conversation (a socket's own rate limit is 100 frames/s).
    const managers = await Promise.all(Array.from({ length: CONVERSATIONS }, async () => (await helloClient(wsUrl, origin, adminToken)).ws));
    let id = 1;
    const made = await call(ws, id++, 'modules.create', { code: 'bench', name: 'Bench', webhookUrl: sink.url });
    sink.secret(made.webhookSecret);
    await signed(url, made.token, made.webhookSecret, 'PUT', '/api/v1/channels/bench', { kind: 'telegram', name: 'Bench' });
    const conversations: number[] = [];
    for (let i = 0; i < CONVERSATIONS; i++) {
      const r = await signed(url, made.token, made.webhookSecret, 'POST', '/api/v1/messages', { channel: 'bench', customer: { externalId: `c${i}` }, messageId: `m${i}`, text: 'Здравствуйте' });
      conversations.push(r.message.conversationId);
    }
    // The bodies the raw client posts: what ours posts for a reply (its size and shape).
    const sample = (i: number) =>
      JSON.stringify({ type: 'message.created', timestamp: new Date().toISOString(), data: { channel: 'bench', conversationId: conversations[i % CONVERSATIONS], customer: { id: i, externalId: `c${i % CONVERSATIONS}` }, message: { id: 100_000 + i, text: `Ответ номер ${i}: ваш заказ уже в пути`, author: { kind: 'manager', name: 'Bench Admin' }, createdAt: Date.now() } } });
    const bodies = Array.from({ length: REPLIES }, (_, i) => sample(i));
    for (let round = 0; round <= ROUNDS; round++) {
      if (round === 1) await server.call('loopStart', null);
      // Ours: every reply sent at once (the gateway's group commit batches them), timed to the last webhook taken.
      const before = sink.taken();
      let t = performance.now();
      await Promise.all(Array.from({ length: REPLIES }, (_, i) => call(managers[i % CONVERSATIONS]!, id++, 'messages.send', { conversationId: conversations[i % CONVERSATIONS], clientMessageId: `r${round}-${i}`, text: `Ответ номер ${i}: ваш заказ уже в пути` })));
      while (sink.taken() - before < REPLIES) await sleep(2);
      const o = performance.now() - t;
      t = performance.now();
      await rawPost(sink.url, made.webhookSecret, bodies, CONVERSATIONS);
      const r = performance.now() - t;
      if (round === 0) continue;
      ours.push(o);
      raw.push(r);
    }
    await server.call('loopStop', null);
    const stall = await server.call<{ max: number; p99: number; mean: number; count: number }>('loopRead', null);
    ws.close();
    for (const m of managers) m.close();
    const [o, r] = [median(ours), median(raw)];
    const rate = (ms: number) => Math.round((REPLIES * 1000) / ms);
    log(`  outbox: ${REPLIES} replies into ${CONVERSATIONS} messenger conversations → webhooks taken: ours ${o.toFixed(0)} ms (${rate(o)}/s), raw keep-alive client ${r.toFixed(0)} ms (${rate(r)}/s)`);
    return {
      rows: [
        {
          figure: `8. webhooks out: ${REPLIES.toLocaleString('en-US')} replies → module (taken/s)`,
          ours: `${rate(o).toLocaleString('en-US')}/s (send → taken, ${o.toFixed(0)} ms)`,
          baseline: `raw HTTP client ${rate(r).toLocaleString('en-US')}/s (${r.toFixed(0)} ms)`,
          ratio: ratio(r, o),
          goal: 'none set (printed)',
          met: 'n/a',
          stall: fmtStall(stall),
        },
      ],
      notes: [
        `8: ${ROUNDS} rounds after a warm-up, ours and raw in turn; ${CONVERSATIONS} conversations, each one's webhooks in order (ours posts each conversation's oldest waiting webhook, up to 32 at once, a new connection per webhook so every post goes to the address just checked against SSRF); raw posts the same number of signed bodies over keep-alive connections, 32 in flight, with no storage, ordering or retry state. Ours includes the sends themselves (stored, acknowledged, the outbox rows written in their transactions). Ratio column: raw time / ours.`,
      ],
    };
  } finally {
    await server.stop();
    await sink.close();
  }
}
