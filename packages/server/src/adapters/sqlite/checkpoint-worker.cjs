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
 *
 * Writes that never pause that long would let the WAL grow without end, so past CAP_PAGES the
 * thread starts it over itself: `wal_checkpoint(RESTART)` takes the write lock (the server's
 * next transaction waits for it: Repo.transaction begins IMMEDIATE), copies the few frames the
 * passive rounds left, waits for readers and resets the WAL — a wait of a few ms for the server,
 * once per CAP_PAGES, instead of SQLite's own checkpoint of 1000 pages on the event loop.
 */
const { closeSync, openSync, readSync } = require('node:fs');
const { endianness } = require('node:os');
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');

/** SQLite's default `wal_autocheckpoint`. */
const PENDING_PAGES = 1000;
const POLL_MS = 50;
const FOLLOW_UPS = 5;
/** Past this many frames (16 MB of 4 KB pages) the WAL is started over with a RESTART checkpoint. */
const CAP_PAGES = 4000;
/** At most one RESTART attempt this often (one that found the lock busy waits for the next). */
const RESTART_EVERY_MS = 250;

const { file, intervalMs } = workerData;
const db = new Database(file);
// The same durability as the server's connection (storage/db.ts): with NORMAL a checkpoint
// syncs the WAL before copying and the database file after; a crash mid-way is recovered from
// the WAL, which stays authoritative until a commit starts it over.
db.pragma('synchronous = NORMAL');
// How long a RESTART may wait for the server's current transaction and readers to finish.
db.pragma('busy_timeout = 1000');

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
let lastRestart = 0;

function checkpoint(mode = 'PASSIVE') {
  const began = performance.now();
  lastCheckpoint = Date.now();
  // { busy, log: frames in the WAL, checkpointed: frames of it copied into the database }
  const [result] = db.pragma(`wal_checkpoint(${mode})`);
  const ms = performance.now() - began;
  parentPort.postMessage({ type: 'checkpoint', mode, walFrames: result.log, checkpointed: result.checkpointed, busy: result.busy, ms });
  return result;
}

function poll() {
  try {
    const state = walState();
    const pending = state === null ? 1 : Math.max(0, state.frames - state.copied);
    if (pending >= PENDING_PAGES || (pending > 0 && Date.now() - lastCheckpoint >= intervalMs)) {
      checkpoint();
      let after = walState();
      for (let i = 0; i < FOLLOW_UPS && after !== null && after.frames > after.copied; i++) {
        checkpoint();
        after = walState();
      }
      if (after !== null && after.frames > CAP_PAGES && Date.now() - lastRestart >= RESTART_EVERY_MS) {
        lastRestart = Date.now();
        checkpoint('RESTART');
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
