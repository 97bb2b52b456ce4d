'use strict';
/**
 * The WAL checkpointer's thread, started by checkpointer.ts. Plain CommonJS on purpose: Node 20
 * starts worker threads without the TypeScript loader the server itself runs under.
 *
 * With its own connection it copies committed pages from the WAL into the database file
 * (`PRAGMA wal_checkpoint(PASSIVE)`: it never waits for a lock and never blocks a writer), so the
 * server's thread, whose connection has `wal_autocheckpoint = 0`, never spends a turn on it.
 *
 * When: as SQLite itself would, once 1000 pages wait in the WAL (read from the WAL-index in the
 * -shm file, https://www.sqlite.org/walformat.html: mxFrame at byte 16, nBackfill at byte 96),
 * and at least every second while anything waits. After a checkpoint, the frames committed
 * while it copied are copied too (a few quick rounds), so that one round ends between two
 * commits: only a commit that finds the WAL entirely copied starts it over from its beginning.
 */
const { closeSync, openSync, readSync } = require('node:fs');
const { endianness } = require('node:os');
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');

/** SQLite's default `wal_autocheckpoint`. */
const PENDING_PAGES = 1000;
const POLL_MS = 50;
const FOLLOW_UPS = 5;

const { file, intervalMs } = workerData;
const db = new Database(file);
// The same durability as the server's connection (storage/db.ts): with NORMAL a checkpoint
// syncs the WAL before copying and the database file after; a crash mid-way is recovered from
// the WAL, which stays authoritative until a commit starts it over.
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');

const header = Buffer.alloc(100);
const le = endianness() === 'LE';

/** Frames in the WAL and frames already copied, from the WAL-index; null if it cannot be read. */
function walState() {
  let fd;
  try {
    fd = openSync(`${file}-shm`, 'r');
    if (readSync(fd, header, 0, 100, 0) < 100) return null;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return le
    ? { frames: header.readUInt32LE(16), copied: header.readUInt32LE(96) }
    : { frames: header.readUInt32BE(16), copied: header.readUInt32BE(96) };
}

let timer;
let lastCheckpoint = Date.now();

function checkpoint() {
  lastCheckpoint = Date.now();
  // { busy, log: frames in the WAL, checkpointed: frames of it copied into the database }
  const [result] = db.pragma('wal_checkpoint(PASSIVE)');
  parentPort.postMessage({ type: 'checkpoint', walFrames: result.log, checkpointed: result.checkpointed });
  return result;
}

function poll() {
  try {
    const state = walState();
    const pending = state === null ? 1 : Math.max(0, state.frames - state.copied);
    if (pending >= PENDING_PAGES || (pending > 0 && Date.now() - lastCheckpoint >= intervalMs)) {
      checkpoint();
      for (let i = 0; i < FOLLOW_UPS; i++) {
        const after = walState();
        if (after === null || after.frames <= after.copied) break;
        checkpoint();
      }
    }
  } catch (err) {
    parentPort.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
  timer = setTimeout(poll, POLL_MS);
}

parentPort.on('message', (m) => {
  if (m && m.type === 'stop') {
    clearTimeout(timer);
    db.close();
    parentPort.close();
  }
});

parentPort.postMessage({ type: 'ready' });
timer = setTimeout(poll, POLL_MS);
