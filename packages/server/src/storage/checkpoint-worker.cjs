'use strict';
/**
 * The WAL checkpointer's thread, started by checkpointer.ts. Plain CommonJS on purpose: Node 20
 * starts worker threads without the TypeScript loader the server itself runs under.
 *
 * With its own connection it copies committed pages from the WAL into the database file
 * (`PRAGMA wal_checkpoint(PASSIVE)`: it never waits for a lock and never blocks a writer), so the
 * server's thread, whose connection has `wal_autocheckpoint = 0`, never spends a turn on it.
 * The WAL can start over from its beginning only when a commit finds it entirely copied: while
 * commits keep coming the checkpoint runs every 10 ms (each copies little, so one soon ends
 * between two commits), otherwise every `intervalMs`.
 */
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');

const { file, intervalMs } = workerData;
const db = new Database(file);
// The same durability as the server's connection (storage/db.ts): with NORMAL a checkpoint
// syncs the WAL before copying and the database file after; a crash mid-way is recovered from
// the WAL, which stays authoritative until the next commit starts it over.
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');

let timer;
let last = { log: -1, checkpointed: -1 };
let runs = 0;

function tick() {
  let result;
  try {
    // { busy, log: frames in the WAL, checkpointed: frames of it copied into the database }
    [result] = db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    timer = setTimeout(tick, intervalMs);
    return;
  }
  if (result.log !== last.log || result.checkpointed !== last.checkpointed) {
    parentPort.postMessage({ type: 'checkpoint', walFrames: result.log, checkpointed: result.checkpointed });
  }
  // Copied something (or could not copy all): the WAL is likely still growing, so go again soon.
  // Each run then copies only the last few commits, short enough to end between two of them;
  // the first commit after a run that left nothing behind starts the WAL over.
  const busy = result.checkpointed !== last.checkpointed || result.checkpointed < result.log;
  last = result;
  runs = busy ? runs + 1 : 0;
  timer = setTimeout(tick, busy && runs < 50 ? 10 : intervalMs);
}

parentPort.on('message', (m) => {
  if (m && m.type === 'stop') {
    clearTimeout(timer);
    db.close();
    parentPort.close();
  }
});

timer = setTimeout(tick, intervalMs);
