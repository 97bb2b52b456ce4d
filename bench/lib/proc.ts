/**
 * Child processes with a tiny request/response protocol over IPC. Servers under test run in
 * their own process so their CPU time and RSS can be read apart from the load generator's.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHistogram, PerformanceObserver } from 'node:perf_hooks';

export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT_DIR = join(BENCH_DIR, '..');
export const CACHE_DIR = join(BENCH_DIR, '.cache');
export const PROF_DIR = join(CACHE_DIR, 'prof');

type Msg = { type: 'ready'; info: unknown } | { type: 'reply'; id: number; ok: boolean; value?: unknown; error?: string };

export interface Child<Info> {
  info: Info;
  proc: ChildProcess;
  call<T = unknown>(cmd: string, args?: unknown): Promise<T>;
  /** Asks the child to stop and waits for it (kills it after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `script` (a .ts file under bench/) with tsx and the `source` condition. With BENCH_PROF
 * set, the child writes CPU profiles into bench/.cache/prof/<label>/ on exit.
 */
export async function startChild<Info>(script: string, args: string[], label: string, extraExecArgv: string[] = []): Promise<Child<Info>> {
  const execArgv = ['--conditions=source', '--import', 'tsx', ...extraExecArgv];
  if (process.env.BENCH_PROF) {
    // One folder per child: each thread (tsx's loader runs in its own) writes its own profile.
    const dir = join(PROF_DIR, label);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${dir}`);
  }
  // BENCH_NODE_FLAGS: extra flags for the children (e.g. --trace-gc to see which pauses are GC's).
  if (process.env.BENCH_NODE_FLAGS) execArgv.push(...process.env.BENCH_NODE_FLAGS.split(/\s+/).filter(Boolean));
  const proc = fork(script, args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let exited = false;
  const exit = new Promise<void>((resolve) => proc.once('exit', () => { exited = true; resolve(); }));
  const info = await new Promise<Info>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label}: child did not start within 120 s`)), 120_000);
    proc.once('exit', (code) => reject(new Error(`${label}: child exited early with code ${code}`)));
    proc.on('message', (m: Msg) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m.info as Info);
      } else if (m.type === 'reply') {
        const w = waiting.get(m.id);
        waiting.delete(m.id);
        if (m.ok) w?.resolve(m.value);
        else w?.reject(new Error(m.error));
      }
    });
  });
  void exit.then(() => {
    for (const w of waiting.values()) w.reject(new Error(`${label}: child exited`));
    waiting.clear();
  });
  return {
    info,
    proc,
    call<T>(cmd: string, a?: unknown): Promise<T> {
      if (exited) return Promise.reject(new Error(`${label}: child exited`));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        proc.send({ id, cmd, args: a });
      });
    },
    async stop(graceMs = 10_000) {
      if (exited) return;
      proc.send({ id: 0, cmd: 'exit' });
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** The child side: announce `info`, then answer commands until `exit` (or the parent goes away). */
export function serveParent(
  info: unknown,
  handlers: Record<string, (args: unknown) => unknown>,
  onExit: () => Promise<void> | void = () => undefined,
): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('serveParent: not started with an IPC channel');
  startLoopMonitor();
  let exiting = false;
  const exit = async () => {
    if (exiting) return;
    exiting = true;
    try {
      await onExit();
    } finally {
      process.exit(0);
    }
  };
  process.on('disconnect', () => void exit());
  process.on('message', async (m: { id: number; cmd: string; args?: unknown }) => {
    if (m.cmd === 'exit') return void exit();
    const h = handlers[m.cmd];
    try {
      if (!h) throw new Error(`unknown command ${m.cmd}`);
      const value = await h(m.args);
      send({ type: 'reply', id: m.id, ok: true, value });
    } catch (err) {
      send({ type: 'reply', id: m.id, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  });
  send({ type: 'ready', info });
}

/** How often the event-loop monitor's timer asks to run: an idle loop reads about this much. */
export const LOOP_RESOLUTION_MS = 2;

/** The longest wait of the child's event loop (a stall) while it was measured, in ms. */
export interface LoopDelay {
  max: number;
  p99: number;
  mean: number;
  /** Timer samples behind these figures (0: never measured). */
  count: number;
}

// A timer asks to run every LOOP_RESOLUTION_MS; how long each wait really was is recorded while a
// measured phase runs (`loopStart` … `loopStop`). A turn that blocks the loop shows as one long
// wait. (perf_hooks' monitorEventLoopDelay, once disabled and enabled again, counts the pause.)
const measured = createHistogram();
let measuring = false;
let monitor: NodeJS.Timeout | undefined;

/** Started by `serveParent`: only the children under test pay for the timer. */
function startLoopMonitor(): void {
  if (monitor) return;
  let lastTick = performance.now();
  let lastCpu = process.cpuUsage();
  monitor = setInterval(() => {
    const now = performance.now();
    const cpu = timeline ? process.cpuUsage() : lastCpu;
    if (measuring) {
      measured.record(Math.max(1, Math.round((now - lastTick) * 1000)));
      if (timeline && now - lastTick > 3) timeline.push(['loop', performance.timeOrigin + lastTick, now - lastTick, (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000, (cpu.system - lastCpu.system) / 1000]);
    }
    lastCpu = cpu;
    lastTick = now;
  }, LOOP_RESOLUTION_MS).unref();
  if (timeline) {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (measuring) timeline?.push([`gc${((e as { detail?: { kind?: number } }).detail)?.kind ?? ''}`, performance.timeOrigin + e.startTime, e.duration]);
    }).observe({ entryTypes: ['gc'] });
  }
}

/** BENCH_DUMP: the measured phases' long loop turns and GC pauses, [kind, epoch ms, ms]. */
const timeline: [string, number, number, number?, number?][] | undefined = process.env.BENCH_DUMP ? [] : undefined;

/** Standard commands every server child answers: CPU time, memory, event-loop delay. */
export const commonHandlers = {
  loopStart: () => void (measuring = true),
  loopStop: () => void (measuring = false),
  loopRead: (): LoopDelay => ({
    max: measured.count ? measured.max / 1e3 : 0,
    p99: measured.count ? measured.percentile(99) / 1e3 : 0,
    mean: measured.count ? measured.mean / 1e3 : 0,
    count: measured.count,
  }),
  timeline: () => timeline ?? [],
  cpu: () => process.cpuUsage(),
  mem: () => {
    const g = (globalThis as { gc?: () => void }).gc;
    if (g) {
      g();
      g();
    }
    return process.memoryUsage();
  },
};
