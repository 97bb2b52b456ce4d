import { Worker } from 'node:worker_threads';
import type { Db } from './db.js';

/**
 * WAL checkpoints off the event loop. SQLite's default (`wal_autocheckpoint = 1000` pages) runs a
 * checkpoint inside the commit that crosses the threshold: on our single thread that copies
 * megabytes and syncs the file while every socket waits (stalls of tens of ms after a burst of
 * sends). Here the server's connection never checkpoints; a worker thread with its own connection
 * does (checkpoint-worker.cjs). Durability is unchanged: a commit is durable once it is in the WAL
 * (WAL + synchronous=NORMAL, see db.ts), whoever copies it into the database file later.
 */
export interface CheckpointStats {
  /** The worker has opened its connection and watches the WAL. */
  ready: boolean;
  /** Checkpoints the worker ran. */
  checkpoints: number;
  /** Frames in the WAL at the last checkpoint, and how many of them it left copied. */
  walFrames: number;
  checkpointed: number;
  /** The most frames the WAL held at a checkpoint (it starts over once fully copied). */
  maxWalFrames: number;
  /** RESTART checkpoints the worker ran because writes never paused (see checkpoint-worker.cjs). */
  restarts: number;
  /** The longest RESTART, ms: the write lock is held that long, so the server's next transaction waits as long. */
  maxRestartMs: number;
  /** The worker is gone (failed): the server's connection checkpoints itself again. */
  fellBack: boolean;
}

export interface Checkpointer {
  stats(): CheckpointStats;
  /** The thread (absent for an in-memory database). */
  readonly worker: Worker | undefined;
  /** Stops the worker and waits for it to close its connection (before the server's closes). */
  stop(): Promise<void>;
}

/**
 * The longest a committed page waits in the WAL before the worker copies it (sooner once 1000
 * pages wait, as SQLite's own `wal_autocheckpoint` would).
 */
export const CHECKPOINT_INTERVAL_MS = 1_000;
/** SQLite's default, restored on the server's connection if the worker fails. */
const AUTOCHECKPOINT_PAGES = 1000;

const WORKER_URL = new URL('./checkpoint-worker.cjs', import.meta.url);

/**
 * Hands checkpointing of `file` (already open as `db`, in WAL mode) to a worker thread. In-memory
 * databases have no WAL: nothing to do. Errors go to `onError`; if the worker dies, SQLite's own
 * checkpoints come back on the server's connection (stalls rather than an ever-growing WAL).
 */
export function startCheckpointer(db: Db, file: string, onError: (err: Error) => void, intervalMs = CHECKPOINT_INTERVAL_MS): Checkpointer {
  const stats: CheckpointStats = { ready: false, checkpoints: 0, walFrames: 0, checkpointed: 0, maxWalFrames: 0, restarts: 0, maxRestartMs: 0, fellBack: false };
  if (file === ':memory:' || db.pragma('journal_mode', { simple: true }) !== 'wal') {
    return { stats: () => ({ ...stats }), worker: undefined, stop: async () => undefined };
  }
  db.pragma('wal_autocheckpoint = 0');
  let stopping = false;
  // No execArgv: the server's loader flags (tsx) would only slow the thread's start.
  const worker = new Worker(WORKER_URL, { workerData: { file, intervalMs }, execArgv: [] });
  // The timer keeps no process alive: a server that is not closed must not hang its process.
  worker.unref();
  type Report = { type: 'checkpoint'; mode: 'PASSIVE' | 'RESTART'; walFrames: number; checkpointed: number; busy: number; ms: number };
  worker.on('message', (m: { type: 'ready' } | Report | { type: 'error'; message: string }) => {
    if (m.type === 'error') return onError(new Error(`WAL checkpoint failed: ${m.message}`));
    if (m.type === 'ready') return void (stats.ready = true);
    stats.checkpoints++;
    if (m.mode === 'RESTART' && m.busy === 0) stats.restarts++;
    if (m.mode === 'RESTART') stats.maxRestartMs = Math.max(stats.maxRestartMs, m.ms);
    stats.walFrames = m.walFrames;
    stats.checkpointed = m.checkpointed;
    stats.maxWalFrames = Math.max(stats.maxWalFrames, m.walFrames);
  });
  worker.on('error', (err) => onError(err));
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      if (!stopping && db.open) {
        stats.fellBack = true;
        db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
        onError(new Error('the WAL checkpoint thread stopped; checkpointing on the main connection again'));
      }
      resolve();
    }),
  );
  return {
    stats: () => ({ ...stats }),
    worker,
    async stop() {
      if (stopping) return exited;
      stopping = true;
      worker.postMessage({ type: 'stop' });
      const timer = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
