/**
 * `npm run bench [-- [--quick] names…]`: runs each figure in its own process (one after another,
 * so they do not steal each other's CPU), then prints one table: figure | ours | raw baseline |
 * ratio | goal | met? | server loop stall. Each raw baseline is measured in the same run, on the
 * same machine, because absolute times drift on shared machines and ratios hold.
 *
 * Between figures the file system is synced and the run waits a moment, so one figure's writes
 * (the ingest copies a 270 MB database twice and fills a WAL) are on disk before the next figure
 * starts, instead of being written back under it. The latency-sensitive figures run first and the
 * ingest last; the table keeps the figures' numbering.
 *
 * Figures: fanout, ingest, latency, queries, bundle, browser, memory, and on PostgreSQL
 * fanout-pg, ingest-pg, latency-pg, queries-pg (each listed next to its SQLite figure; run after
 * the SQLite ones; BENCH_PG_URL names the server, default postgres://postgres@127.0.0.1:5432/postgres,
 * and the cached dataset is the database chatdesk_bench_big_v<N>, see lib/pg-big.ts). BENCH_PROF=1
 * writes CPU profiles of the servers under test into bench/.cache/prof (see bench/lib/prof-top.ts).
 *
 * `--quick`: a regression guard CI can afford (under a minute on 2 cores): the same figures and
 * baselines on small data (30k messages, 200 connections, 1,000 for memory, phases of a few
 * hundred ms, few samples; each figure's sizes through lib/quick.ts, which reads BENCH_QUICK=1
 * set here). Without names it runs latency, fanout, bundle, memory, queries and ingest; browser
 * only when named (at its usual sizes); the PostgreSQL figures not at all (their dataset has no
 * small variant). Its figures show direction, not the table of record.
 */
import { execFileSync, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, freemem, totalmem } from 'node:os';
import { join } from 'node:path';
import { dropOrphans, withAdmin } from './lib/pg-admin.js';
import { BENCH_DIR } from './lib/proc.js';
import { QUICK_ENV } from './lib/quick.js';
import type { FigureResult, Row } from './lib/row.js';

/** In table order. */
const ALL = ['fanout', 'fanout-pg', 'ingest', 'ingest-pg', 'latency', 'latency-pg', 'queries', 'queries-pg', 'analytics', 'analytics-pg', 'bundle', 'browser', 'browser-images', 'memory', 'upload', 'outbox'] as const;
/** In run order: the figures a leftover disk write would skew first, the ingest (which writes most) last. */
const RUN_ORDER: readonly (typeof ALL)[number][] = [
  'latency', 'fanout', 'browser', 'browser-images', 'bundle', 'memory', 'queries', 'analytics', 'upload', 'outbox', 'ingest',
  // PostgreSQL after SQLite (the SQLite figures keep their quiet start); its ingest last too.
  'latency-pg', 'fanout-pg', 'queries-pg', 'analytics-pg', 'ingest-pg',
];
/** What --quick runs when no figure is named: the SQLite figures that take little time (no Chromium run of 5c/5d). */
const QUICK_DEFAULT: readonly (typeof ALL)[number][] = ['latency', 'fanout', 'bundle', 'memory', 'queries', 'analytics', 'upload', 'outbox', 'ingest'];
/** Other flags (starting with '-') are ignored, as before --quick existed. */
const quick = process.argv.includes('--quick');
/** The pause after each figure's sync: timers, sockets in TIME_WAIT and the CPU settle (quick figures write little). */
const SETTLE_MS = quick ? 500 : 2_000;
/** A figure that takes longer than this is stopped and reported as missing. */
const FIGURE_TIMEOUT_MS = 240_000;

const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = asked.filter((a) => !(ALL as readonly string[]).includes(a));
if (unknown.length) {
  console.error(`Unknown figure(s): ${unknown.join(', ')}. Known: ${ALL.join(', ')}`);
  process.exit(2);
}
const pgAsked = asked.filter((a) => a.endsWith('-pg'));
if (quick && pgAsked.length) {
  console.error(
    `--quick runs the SQLite figures only (${[...QUICK_DEFAULT, 'browser'].join(', ')}): the PostgreSQL dataset has no small variant. Run ${pgAsked.join(', ')} without --quick.`,
  );
  process.exit(2);
}
const names = RUN_ORDER.filter((n) => (asked.length === 0 ? !quick || QUICK_DEFAULT.includes(n) : asked.includes(n)));
// The figures' processes inherit it (lib/quick.ts); a stray one in the shell must not shrink a full run.
if (quick) process.env[QUICK_ENV] = '1';
else delete process.env[QUICK_ENV];

function runFigure(name: string): Promise<FigureResult> {
  return new Promise((resolve) => {
    const child = fork(join(BENCH_DIR, 'lib', 'figure-child.ts'), [name], {
      execArgv: ['--conditions=source', '--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled = false;
    const done = (r: FigureResult) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      resolve(r);
    };
    const missing = (why: string): FigureResult => ({
      rows: [{ figure: name, ours: `missing: ${why.split('\n')[0]}`, baseline: '—', ratio: '—', goal: '—', met: 'missing', stall: '—' }],
      notes: [`${name}: ${why}`],
    });
    // The time a figure has, counted while it is not preparing a cached dataset (lib/preparing.ts).
    let left = FIGURE_TIMEOUT_MS;
    let since = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      since = performance.now();
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        done(missing(`timed out after ${FIGURE_TIMEOUT_MS / 1000} s (dataset preparation not counted)`));
      }, left);
    };
    arm();
    type Message = { type: 'result'; result: FigureResult } | { type: 'error'; error: string } | { type: 'preparing'; on: boolean };
    child.on('message', (m: Message) => {
      if (m.type === 'preparing') {
        if (m.on && timer) {
          clearTimeout(timer);
          timer = undefined;
          left -= performance.now() - since;
        } else if (!m.on && !timer && !settled) arm();
      } else if (m.type === 'result') done(m.result);
      else done(missing(m.error));
    });
    child.on('exit', (code) => done(missing(`exited with code ${code} before reporting`)));
  });
}

function printTable(rows: Row[]): void {
  const head: Row = { figure: 'figure', ours: 'ours', baseline: 'raw baseline', ratio: 'ratio', goal: 'goal', met: 'met?', stall: 'server loop stall, max / p99' };
  const cols = Object.keys(head) as (keyof Row)[];
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(...[head, ...rows].map((r) => r[c].length))])) as Record<keyof Row, number>;
  const line = (r: Row) => `| ${cols.map((c) => r[c].padEnd(width[c])).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${cols.map((c) => '-'.repeat(width[c] + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

/** Dirty and under-writeback page cache, in MB (what a figure would otherwise write back under the next). */
function dirtyMb(): number {
  try {
    const info = readFileSync('/proc/meminfo', 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(info)?.[1] ?? 0);
    return (kb('Dirty') + kb('Writeback')) / 1024;
  } catch {
    return Number.NaN;
  }
}

async function dropPgOrphans(): Promise<void> {
  // Until the killed child is reaped, its pid still answers: it would look alive.
  await new Promise((r) => setTimeout(r, 1_000));
  try {
    await withAdmin(dropOrphans);
  } catch {
    // No PostgreSQL: nothing was left there.
  }
}

/** Flushes what the last figure wrote and lets the machine settle before the next one. */
async function settle(): Promise<void> {
  try {
    execFileSync('sync');
  } catch {
    // No sync(1): the pause alone.
  }
  await new Promise((r) => setTimeout(r, SETTLE_MS));
}

const started = performance.now();
const byFigure = new Map<string, FigureResult>();
for (const [i, name] of names.entries()) {
  if (i > 0) await settle();
  const t = performance.now();
  process.stderr.write(`▶ ${name} (dirty page cache ${dirtyMb().toFixed(0)} MB)\n`);
  const result = await runFigure(name);
  byFigure.set(name, result);
  // A PostgreSQL figure that was stopped (timeout) or died could not drop its database: drop it now.
  if (name.endsWith('-pg') && result.rows.some((r) => r.met === 'missing')) await dropPgOrphans();
  process.stderr.write(`  ${name} took ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
}
const rows: Row[] = [];
const notes: string[] = [];
for (const name of ALL) {
  const r = byFigure.get(name);
  if (!r) continue;
  rows.push(...r.rows);
  notes.push(...r.notes);
}
const seconds = (performance.now() - started) / 1000;

console.log('');
printTable(rows);
console.log('');
for (const n of notes) console.log(`- ${n}`);
console.log(
  `\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} free), Node ${process.version}, ${process.platform}. Run time ${seconds.toFixed(0)} s.`,
);
if (quick) console.log('Quick run (--quick): small data, few samples; a guard for direction, not the table of record (npm run bench).');
