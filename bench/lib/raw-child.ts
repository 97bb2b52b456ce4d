/**
 * The raw baselines' servers, each the best a plain `ws` server can do for the same job, in a
 * child process like ours:
 * - `broadcast`: a sender's frame is parsed and one event is serialised (once, into a Buffer, so
 *   ws does not encode it again per socket); the events of one event-loop turn are written
 *   together, each receiver's socket corked for the whole batch (one writev per socket per
 *   turn), then the senders get their results — our gateway's batching and corking, minus
 *   validation, storage and access checks.
 * - `echo`: every frame is sent straight back.
 * Clients connect to ws://127.0.0.1:PORT/ws?role=send|recv.
 */
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from './ws.js';
import { commonHandlers, serveParent, startChild, type Child } from './proc.js';

export interface RawInfo {
  wsUrl: string;
  port: number;
  pid: number;
}

export type RawMode = 'broadcast' | 'echo';

export function startRawServer(mode: RawMode, label: string, template?: unknown): Promise<Child<RawInfo>> {
  return startChild<RawInfo>(fileURLToPath(import.meta.url), [mode, JSON.stringify(template ?? null)], label, ['--expose-gc']);
}

interface Template {
  message: Record<string, unknown>;
  conversation: Record<string, unknown>;
}

async function main(): Promise<void> {
  const mode = process.argv[2] as RawMode;
  const template = JSON.parse(process.argv[3] ?? 'null') as Template | null;
  const http = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, clientTracking: false });
  const receivers = new Set<WebSocket>();
  let connections = 0;
  let seq = 0;
  // One turn's events and results, written together by `flush` (as our gateway's group commit).
  let events: Buffer[] = [];
  let results = new Map<WebSocket, Buffer[]>();
  let flushScheduled = false;
  const flush = () => {
    flushScheduled = false;
    const batch = events;
    const answers = results;
    events = [];
    results = new Map();
    for (const r of receivers) writeCorked(r, batch);
    for (const [ws, frames] of answers) writeCorked(ws, frames);
  };
  http.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const role = new URL(req.url ?? '/', 'http://x').searchParams.get('role') ?? 'recv';
    wss.handleUpgrade(req, socket, head, (ws) => {
      connections++;
      ws.on('close', () => {
        connections--;
        receivers.delete(ws);
      });
      ws.on('error', () => undefined);
      if (mode === 'echo') {
        ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
        return;
      }
      if (role === 'recv') {
        receivers.add(ws);
        return;
      }
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { id: number; params: { text: string } };
        seq++;
        const now = Date.now();
        const message = { ...template?.message, id: seq, text: frame.params.text, createdAt: now };
        events.push(Buffer.from(JSON.stringify({
          type: 'event',
          seq,
          name: 'message.created',
          data: { message, conversation: { ...template?.conversation, lastActivityAt: now } },
        })));
        const answer = Buffer.from(JSON.stringify({ type: 'result', id: frame.id, result: { message } }));
        const mine = results.get(ws);
        if (mine) mine.push(answer);
        else results.set(ws, [answer]);
        if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(flush);
        }
      });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  serveParent(
    { wsUrl: `ws://127.0.0.1:${address.port}/ws`, port: address.port, pid: process.pid } satisfies RawInfo,
    { ...commonHandlers, sessions: () => connections },
    () =>
      new Promise<void>((resolve) => {
        for (const ws of receivers) ws.terminate();
        wss.close();
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  );
}

/** Sends `frames` as text frames in one write: the TCP socket under ws corked around them. */
function writeCorked(ws: WebSocket, frames: readonly Buffer[]): void {
  const socket = (ws as unknown as { _socket?: Socket })._socket;
  socket?.cork();
  for (const f of frames) ws.send(f, { binary: false });
  socket?.uncork();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
