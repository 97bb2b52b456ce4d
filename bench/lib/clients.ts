/**
 * Load clients written with raw `ws` (no ChatClient, no validation) so the generator spends as
 * little CPU as possible per frame.
 */
import { readFileSync } from 'node:fs';
import { WebSocket, type RawData } from './ws.js';

const require_fs = () => ({ readFileSync });

export const CLIENT_OPTIONS = { perMessageDeflate: false, skipUTF8Validation: true } as const;

export function openSocket(url: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { ...CLIENT_OPTIONS, ...(origin ? { origin } : {}) });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`connect timeout ${url}`));
    }, 15_000);
    ws.once('open', () => {
      clearTimeout(timer);
      resolve(ws);
    });
    ws.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

export interface Welcomed {
  ws: WebSocket;
  welcome: { seq: number; user: { id: string; kind: string } };
}

/** Opens a socket, says hello and waits for welcome; later frames go to the caller's listeners. */
export async function helloClient(url: string, origin: string, token: string): Promise<Welcomed> {
  const ws = await openSocket(url, origin);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('welcome timeout'));
    }, 30_000);
    const onMessage = (data: RawData) => {
      const f = JSON.parse(String(data)) as { type: string; error?: { code: string } };
      if (f.type === 'welcome') {
        clearTimeout(timer);
        ws.off('message', onMessage);
        resolve({ ws, welcome: f as unknown as Welcomed['welcome'] });
      } else if (f.type === 'error' && f.error?.code !== 'RESYNC_REQUIRED') {
        clearTimeout(timer);
        reject(new Error(`hello refused: ${JSON.stringify(f)}`));
      }
    };
    ws.on('message', onMessage);
    ws.once('close', (code, reason) => {
      clearTimeout(timer);
      reject(new Error(`closed before welcome: ${code} ${String(reason)}`));
    });
    ws.send(JSON.stringify({ type: 'hello', token }));
  });
}

/** Runs `fn(i)` for i < n with at most `concurrency` at once; keeps the results in order. */
export async function inParallel<T>(n: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      out[i] = await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, concurrency) }, worker));
  return out;
}

/** Closes sockets and waits (bounded) for them to finish closing. */
export async function closeAll(sockets: readonly WebSocket[], timeoutMs = 5_000): Promise<void> {
  const done = sockets.map(
    (ws) =>
      new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once('close', () => resolve());
        try {
          ws.close();
        } catch {
          resolve();
        }
      }),
  );
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(done), new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
  clearTimeout(timer);
  for (const ws of sockets) if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
}

/** CPU seconds of this process between two `process.cpuUsage()` readings. */
export function cpuSeconds(a: NodeJS.CpuUsage, b: NodeJS.CpuUsage): number {
  return (b.user - a.user + b.system - a.system) / 1e6;
}

/** Busy and total jiffies of the whole machine (all processes, kernel included) from /proc/stat. */
export function machineTicks(): { busy: number; total: number } {
  try {
    const line = (require_fs().readFileSync('/proc/stat', 'utf8') as string).split('\n')[0] ?? '';
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (f[3] ?? 0) + (f[4] ?? 0);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** Cores busy on the whole machine between two readings. */
export function machineCores(a: { busy: number; total: number }, b: { busy: number; total: number }, ncpu: number): number {
  const total = b.total - a.total;
  return total > 0 ? ((b.busy - a.busy) / total) * ncpu : Number.NaN;
}
