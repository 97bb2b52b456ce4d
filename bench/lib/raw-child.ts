/**
 * The raw baselines' servers, each the best a plain `ws` server can do for the same job, in a
 * child process like ours:
 * - `broadcast`: a sender's frame is parsed and one event is serialised (once, into a Buffer, so
 *   ws does not encode it again per socket); the events of one event-loop turn are written
 *   together, each receiver's socket corked for the whole batch (one writev per socket per
 *   turn), then the senders get their results — our gateway's batching and corking, minus
 *   validation, storage and access checks.
 * - `echo`: every frame is sent straight back.
 * - `relay`: store and forward, the latency figure's job done plainly: a visitor's frame is
 *   parsed, its message inserted into SQLite (WAL, synchronous=NORMAL, the sends of one
 *   event-loop turn in one transaction, as our group commit; checkpoints left for later, so none
 *   runs while measured), the conversation's row touched, then one event goes to the paired
 *   manager and the result back to the visitor.
 * Clients connect to ws://127.0.0.1:PORT/ws?role=send|recv (relay: &pair=N, the conversation).
 */
import Database from 'better-sqlite3';
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

export type RawMode = 'broadcast' | 'echo' | 'relay';

/** `relay` takes the SQLite file to create as its `template`. */
export function startRawServer(mode: RawMode, label: string, template?: unknown): Promise<Child<RawInfo>> {
  return startChild<RawInfo>(fileURLToPath(import.meta.url), [mode, JSON.stringify(template ?? null)], label, ['--expose-gc']);
}

/** The relay's store: a message table as ours (its idempotency key included) and a conversation row to touch. */
function openRelayStore(file: string) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec(`CREATE TABLE IF NOT EXISTS conversations (id INTEGER PRIMARY KEY, message_count INTEGER NOT NULL, last_message_id INTEGER, last_activity_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, conversation_id INTEGER NOT NULL, author_id TEXT NOT NULL, text TEXT NOT NULL,
      client_message_id TEXT, created_at INTEGER NOT NULL, UNIQUE (author_id, client_message_id)) STRICT;
    CREATE INDEX IF NOT EXISTS messages_conversation ON messages (conversation_id, id);`);
  const insert = db.prepare('INSERT INTO messages (conversation_id, author_id, text, client_message_id, created_at) VALUES (?, ?, ?, ?, ?)');
  const touch = db.prepare('INSERT INTO conversations (id, message_count, last_message_id, last_activity_at) VALUES (?, 1, ?, ?) ON CONFLICT (id) DO UPDATE SET message_count = message_count + 1, last_message_id = excluded.last_message_id, last_activity_at = excluded.last_activity_at');
  interface Send { conversationId: number; author: string; text: string; clientMessageId: string; now: number }
  const store = db.transaction((sends: readonly Send[]) =>
    sends.map((m) => {
      const id = Number(insert.run(m.conversationId, m.author, m.text, m.clientMessageId, m.now).lastInsertRowid);
      touch.run(m.conversationId, id, m.now);
      return id;
    }),
  );
  return { store, close: () => db.close() };
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
  const relay = mode === 'relay' ? openRelayStore(template as unknown as string) : undefined;
  /** relay: conversation → its manager's socket. */
  const managerOf = new Map<number, WebSocket>();
  let sends: { ws: WebSocket; id: number; conversationId: number; author: string; text: string; clientMessageId: string; now: number }[] = [];
  const flushRelay = () => {
    flushScheduled = false;
    const batch = sends;
    sends = [];
    const ids = relay!.store(batch);
    const out = new Map<WebSocket, Buffer[]>();
    const add = (ws: WebSocket | undefined, frame: string) => {
      if (!ws) return;
      const list = out.get(ws);
      if (list) list.push(Buffer.from(frame));
      else out.set(ws, [Buffer.from(frame)]);
    };
    batch.forEach((m, i) => {
      const message = { id: ids[i], conversationId: m.conversationId, author: { kind: 'customer', id: m.author }, text: m.text, createdAt: m.now };
      add(managerOf.get(m.conversationId), JSON.stringify({ type: 'event', seq: ++seq, name: 'message.created', data: { message } }));
      add(m.ws, JSON.stringify({ type: 'result', id: m.id, result: { message } }));
    });
    for (const [ws, frames] of out) writeCorked(ws, frames);
  };
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
      if (mode === 'relay') {
        const pair = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('pair'));
        if (role === 'recv') return void managerOf.set(pair, ws);
        ws.on('message', (data) => {
          const f = JSON.parse(String(data)) as { id: number; params: { conversationId: number; clientMessageId: string; text: string } };
          sends.push({ ws, id: f.id, conversationId: f.params.conversationId, author: `c${pair}`, text: f.params.text, clientMessageId: f.params.clientMessageId, now: Date.now() });
          if (!flushScheduled) {
            flushScheduled = true;
            setImmediate(flushRelay);
          }
        });
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
        relay?.close();
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
