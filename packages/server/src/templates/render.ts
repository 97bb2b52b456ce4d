import { Worker } from 'node:worker_threads';
import { plainContext, type TemplateContext } from './context.js';
import { TEMPLATE_LIMITS } from './limits.js';
import type { RenderOptions, RenderResult } from './results.js';
import { RenderPool, type PoolStats } from './worker-pool.js';

/*
 * S-QR-4: a quick reply's template rendered for one conversation, off the event loop. Everything
 * — parsing, the allowlist checks, the render — happens in a render worker; this side only copies
 * the context and waits. A bomb ends within its time budget (plus the kill grace at worst) and
 * occupies one worker meanwhile; the other keeps serving.
 */

/**
 * The worker's entry. Built, it is render-worker.js. In source (this file is `.ts`, run through
 * tsx's `--import`), Node 20 does not carry the loader into worker threads (an `--import` in a
 * worker's execArgv does not reach its entry either), so a two-line bootstrap registers tsx in the
 * worker first and then imports the `.ts` entry.
 */
export function spawnRenderWorker(): Worker {
  const options = {
    // No flags of the process (inspector, test runner, heap sizes): the worker needs none.
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: TEMPLATE_LIMITS.workerHeapMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
  };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./render-worker.js', import.meta.url), options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./render-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

let pool: RenderPool | undefined;

function renderPool(): RenderPool {
  pool ??= new RenderPool({
    // Two even on one core: the second worker is there for isolation (one render stuck on a
    // bomb leaves the other serving), not for parallelism.
    size: 2,
    spawn: spawnRenderWorker,
    killGraceMs: TEMPLATE_LIMITS.killGraceMs,
    maxQueueMs: 2_000,
    heapMb: TEMPLATE_LIMITS.workerHeapMb,
  });
  return pool;
}

const budgetOf = (value: number | undefined, fallback: number): number => (value !== undefined && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback);

/**
 * Renders `text` for `context`. An unknown variable or field renders empty; a syntax error or a
 * disallowed construct answers `syntax` or `sandbox` (with its line in the message); a budget run
 * out answers `timeout`, `output`, `loop` or `memory`. Rejects only when the renderer itself
 * cannot run (its workers do not start), never for a template.
 */
export function renderTemplate(text: string, context: TemplateContext, opts: RenderOptions = {}): Promise<RenderResult> {
  const budget = {
    timeoutMs: budgetOf(opts.timeoutMs, TEMPLATE_LIMITS.timeoutMs),
    maxOutputChars: budgetOf(opts.maxOutputChars, TEMPLATE_LIMITS.maxOutputChars),
    maxLoopIterations: budgetOf(opts.maxLoopIterations, TEMPLATE_LIMITS.maxLoopIterations),
  };
  return renderPool().run(text, plainContext(context), budget);
}

/** The render workers' state, for tests and the reliability suite. */
export function templateWorkerStats(): PoolStats {
  return pool?.stats() ?? { workers: 0, busy: 0, queued: 0, killed: 0, outOfMemory: 0, started: 0 };
}

/** Ends the render workers; the next render starts new ones. */
export async function stopTemplateWorkers(): Promise<void> {
  const closing = pool;
  pool = undefined;
  await closing?.close();
}

let users = 0;

/**
 * A server holds the shared workers while it runs and gives them back when it closes; the last one
 * out ends them (a worker's thread would otherwise outlive every server of the process). With
 * `warm`, the workers start now rather than on the first render.
 */
export function holdTemplateWorkers(opts: { warm?: boolean } = {}): () => Promise<void> {
  users++;
  if (opts.warm) renderPool().warm();
  let held = true;
  return async () => {
    if (!held) return;
    held = false;
    if (--users === 0) await stopTemplateWorkers();
  };
}
