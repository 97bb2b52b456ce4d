/**
 * Figure 7: uploads (S-DLG-9). A 20 MB file (random bytes: no two alike, so no upload is spared
 * by dedupe) posted as multipart from this process to our server, timed from the request to the
 * 201; and a whole 20 MB send as a user makes it — four 5 MB files uploaded side by side, then
 * `messages.send` naming them, timed to the send's acknowledgement. Raw baseline: Fastify +
 * @fastify/multipart piping the part to a file (lib/raw-upload-child.ts), the same requests.
 * Ours and raw take turns, round by round; the medians are compared.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helloClient } from './lib/clients.js';
import { seedSmall } from './lib/dataset.js';
import { startRawUploadServer } from './lib/raw-upload-child.js';
import type { FigureResult } from './lib/row.js';
import { fmtStall } from './lib/row.js';
import { startOurServer } from './lib/server-child.js';
import { scale } from './lib/quick.js';
import { log, percentile, ratio } from './lib/stats.js';
import type { WebSocket } from './lib/ws.js';

const MB = 1024 * 1024;
const ROUNDS = scale(7, 3);

/** Posts one file; resolves to the file's id (ours) or 0 (raw). */
async function post(url: string, bytes: Uint8Array, token?: string): Promise<number> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), 'bench.bin');
  const res = await fetch(url, { method: 'POST', body: form, ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}) });
  const body = (await res.json()) as { file?: { id: number } };
  if (res.status !== 201) throw new Error(`upload: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body.file?.id ?? 0;
}

function call(ws: WebSocket, id: number, method: string, params: unknown): Promise<any> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: unknown) => {
      const f = JSON.parse(String(data)) as { type: string; id?: number; result?: unknown; error?: unknown };
      if (f.id !== id) return;
      ws.off('message', onMessage);
      if (f.type === 'result') resolve(f.result);
      else reject(new Error(`${method}: ${JSON.stringify(f.error)}`));
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'call', id, method, params }));
  });
}

const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
const mbps = (ms: number) => (20 * 1000) / ms;

export default async function run(): Promise<FigureResult> {
  const dir = mkdtempSync(join(tmpdir(), 'chatdesk-bench-upload-'));
  const ours = { one: [] as number[], send: [] as number[] };
  const raw = { one: [] as number[], send: [] as number[] };
  try {
    const dbFile = join(dir, 'chat.sqlite');
    seedSmall(dbFile, {});
    const server = await startOurServer({ dbFile }, 'upload-ours');
    const rawServer = await startRawUploadServer('upload-raw');
    try {
      const { url, wsUrl, origin } = server.info;
      const v = (await (await fetch(`${url}/api/visitor/token`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: '{}' })).json()) as { token: string };
      const { ws } = await helloClient(wsUrl, origin, v.token);
      let id = 1;
      const fileToken = ((await call(ws, id++, 'files.token', {})) as { token: string }).token;
      const rawUrl = `${rawServer.info.url}/upload`;
      for (let round = 0; round < ROUNDS + 1; round++) {
        const warm = round === 0;
        // After the warm-up round: the first upload loads the multipart parser and the type sniffer's modules.
        if (round === 1) await server.call('loopStart', null);
        // One 20 MB file.
        const big = randomBytes(20 * MB);
        let t = performance.now();
        const bigId = await post(`${url}/api/files`, big, fileToken);
        const o1 = performance.now() - t;
        // Sent, untimed: unsent uploads count against the sender's quota.
        await call(ws, id++, 'messages.send', { clientMessageId: `b${Date.now()}-${round}`, attachmentIds: [bigId] });
        t = performance.now();
        await post(rawUrl, big);
        const r1 = performance.now() - t;
        // A 20 MB send: four 5 MB files side by side, then the message.
        const parts = [0, 1, 2, 3].map(() => randomBytes(5 * MB));
        t = performance.now();
        const ids = await Promise.all(parts.map((p) => post(`${url}/api/files`, p, fileToken)));
        await call(ws, id++, 'messages.send', { clientMessageId: `u${Date.now()}-${round}`, attachmentIds: ids });
        const o4 = performance.now() - t;
        t = performance.now();
        await Promise.all(parts.map((p) => post(rawUrl, p)));
        const r4 = performance.now() - t;
        if (warm) continue;
        ours.one.push(o1);
        raw.one.push(r1);
        ours.send.push(o4);
        raw.send.push(r4);
      }
      await server.call('loopStop', null);
      const stall = await server.call<{ max: number; p99: number; mean: number; count: number }>('loopRead', null);
      ws.close();
      const [o1, r1, o4, r4] = [median(ours.one), median(raw.one), median(ours.send), median(raw.send)];
      log(`  upload: one 20 MB file ours ${o1.toFixed(0)} ms (${mbps(o1).toFixed(0)} MB/s), raw ${r1.toFixed(0)} ms; 20 MB send (4 × 5 MB + messages.send) ours ${o4.toFixed(0)} ms, raw 4 uploads ${r4.toFixed(0)} ms`);
      return {
        rows: [
          {
            figure: '7a. upload of one 20 MB file (request → 201, median)',
            ours: `${o1.toFixed(0)} ms (${mbps(o1).toFixed(0)} MB/s)`,
            baseline: `raw multipart→disk ${r1.toFixed(0)} ms (${mbps(r1).toFixed(0)} MB/s)`,
            ratio: ratio(r1, o1),
            goal: 'none set (printed)',
            met: 'n/a',
            stall: fmtStall(stall),
          },
          {
            figure: '7b. a 20 MB send: 4 × 5 MB side by side + messages.send (median)',
            ours: `${o4.toFixed(0)} ms (${mbps(o4).toFixed(0)} MB/s)`,
            baseline: `raw 4 uploads ${r4.toFixed(0)} ms (${mbps(r4).toFixed(0)} MB/s)`,
            ratio: ratio(r4, o4),
            goal: 'none set (printed)',
            met: 'n/a',
            stall: '— (in 7a\'s)',
          },
        ],
        notes: [
          `7: ${ROUNDS} rounds after a warm-up, ours and raw in turn, random bytes (no dedupe); ours streams to a temp file while hashing (SHA-256), sniffs the type, fsyncs and renames the blob into place and writes the row; raw pipes the part to a file. Ratio column: raw time / ours (1.0× = as fast as raw). Loop stall over ours's measured rounds (the warm-up round loads modules on first use: one stall of ~100 ms under tsx).`,
        ],
      };
    } finally {
      await server.stop();
      await rawServer.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
