import { Worker } from 'node:worker_threads';
import type { PlainContext } from './context.js';
import type { RenderRequest } from './render-worker.js';
import type { RenderBudget, RenderResult } from './results.js';

/*
 * A small pool of render workers. A template runs synchronously inside its worker (the meter
 * stops it at its budgets there); the pool adds what a thread cannot do for itself: a hard
 * deadline (a worker still busy `killGraceMs` after the render's time budget is terminated,
 * whatever it was doing, and replaced) and a heap cap (a worker out of memory dies alone). With two
 * workers, one render stuck on a bomb leaves the other serving everyone else.
 */

export interface PoolOptions {
  /** Workers kept. */
  size: number;
  /** Starts a worker that speaks render-worker.ts's messages. */
  spawn: () => Worker;
  /** How long past a render's time budget its worker is terminated. */
  killGraceMs: number;
  /** How long a render may wait for a free worker before it is answered "busy". */
  maxQueueMs: number;
  /** For the message when a worker dies of memory. */
  heapMb: number;
}

export interface PoolStats {
  workers: number;
  busy: number;
  queued: number;
  /** Workers terminated at their deadline. */
  killed: number;
  /** Workers that died of memory. */
  outOfMemory: number;
  /** Workers started in all (replacements included). */
  started: number;
}

interface Job {
  id: number;
  text: string;
  context: PlainContext;
  budget: RenderBudget;
  timer: NodeJS.Timeout;
  settle: (result: RenderResult | Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  killed: boolean;
  error: (Error & { code?: string }) | null;
}

/** Workers that exit before they are ready, in a row, before the pool stops trying. */
const START_ATTEMPTS = 3;
/** A worker not ready by then (loading the engine takes well under a second) is ended as failed. */
const START_TIMEOUT_MS = 15_000;

export class RenderPool {
  readonly #options: PoolOptions;
  readonly #slots = new Set<Slot>();
  readonly #queue: Job[] = [];
  #nextId = 1;
  #failedStarts = 0;
  #closed = false;
  #killed = 0;
  #outOfMemory = 0;
  #started = 0;

  constructor(options: PoolOptions) {
    this.#options = options;
  }

  /** Renders on the first free worker; never rejects for the template's sake, only for a pool that cannot run. */
  run(text: string, context: PlainContext, budget: RenderBudget): Promise<RenderResult> {
    if (this.#closed) return Promise.reject(new Error('The template renderer is closed.'));
    return new Promise<RenderResult>((resolve, reject) => {
      const job: Job = {
        id: this.#nextId++,
        text,
        context,
        budget,
        // Also what keeps the process alive while the job waits: the workers themselves are unref'd.
        timer: setTimeout(() => this.#waitedTooLong(job), this.#options.maxQueueMs),
        settle: (result) => {
          clearTimeout(job.timer);
          if (result instanceof Error) reject(result);
          else resolve(result);
        },
      };
      this.#queue.push(job);
      // A pool that gave up starting workers tries again for new work.
      if (this.#failedStarts >= START_ATTEMPTS) this.#failedStarts = 0;
      this.#fill();
      this.#dispatch();
    });
  }

  /**
   * A render that waited `maxQueueMs` for a worker busy with others is answered "busy" (so a queue
   * of bombs cannot hold every manager's render for long). Waiting for workers still starting
   * (the first render of a process, or right after a kill) is not the renderer being busy: it
   * waits on; workers that cannot start at all fail every waiting render in `#exited`.
   */
  #waitedTooLong(job: Job): void {
    if (![...this.#slots].some((slot) => slot.ready)) {
      job.timer = setTimeout(() => this.#waitedTooLong(job), this.#options.maxQueueMs);
      return;
    }
    const at = this.#queue.indexOf(job);
    if (at !== -1) this.#queue.splice(at, 1);
    job.settle({ ok: false, reason: 'timeout', message: `The template renderer was busy for ${this.#options.maxQueueMs} ms; try again.` });
  }

  stats(): PoolStats {
    const slots = [...this.#slots];
    return { workers: slots.length, busy: slots.filter((s) => s.job).length, queued: this.#queue.length, killed: this.#killed, outOfMemory: this.#outOfMemory, started: this.#started };
  }

  /** Starts the workers ahead of the first render (which otherwise waits for them). */
  warm(): void {
    this.#fill();
  }

  /** Ends every worker; renders waiting or running fail. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) job.settle(new Error('The template renderer was closed.'));
    await Promise.all([...this.#slots].map((slot) => slot.worker.terminate()));
  }

  #fill(): void {
    while (!this.#closed && this.#slots.size < this.#options.size && this.#failedStarts < START_ATTEMPTS) {
      try {
        this.#start();
      } catch (error) {
        this.#startFailed(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  /** Not the template's fault: after START_ATTEMPTS the renderer cannot run here at all; every waiting call hears why. */
  #startFailed(error: Error): void {
    this.#failedStarts++;
    if (this.#failedStarts < START_ATTEMPTS) return;
    const why = new Error(`The template workers do not start: ${error.message}`);
    for (const waiting of this.#queue.splice(0)) waiting.settle(why);
  }

  #start(): void {
    const worker = this.#options.spawn();
    this.#started++;
    // Idle workers must not keep a process alive; pending jobs hold it by their timers.
    worker.unref();
    const slot: Slot = { worker, ready: false, job: null, killed: false, error: null };
    this.#slots.add(slot);
    worker.on('message', (message: { type: 'ready' } | { type: 'result'; id: number; result: RenderResult }) => {
      if (message.type === 'ready') {
        slot.ready = true;
        this.#failedStarts = 0;
      } else if (slot.job?.id === message.id) {
        const job = slot.job;
        slot.job = null;
        job.settle(message.result);
      }
      this.#dispatch();
    });
    worker.on('error', (error) => (slot.error = error));
    worker.on('exit', (code) => this.#exited(slot, code));
    setTimeout(() => {
      if (slot.ready) return;
      slot.error = new Error(`not ready within ${START_TIMEOUT_MS / 1000} s`);
      void worker.terminate();
    }, START_TIMEOUT_MS).unref();
  }

  #exited(slot: Slot, code: number): void {
    this.#slots.delete(slot);
    const job = slot.job;
    slot.job = null;
    if (slot.error?.code === 'ERR_WORKER_OUT_OF_MEMORY') this.#outOfMemory++;
    if (job) {
      if (slot.killed) job.settle({ ok: false, reason: 'timeout', message: `The template ran longer than ${job.budget.timeoutMs} ms and was stopped.` });
      else if (slot.error?.code === 'ERR_WORKER_OUT_OF_MEMORY') job.settle({ ok: false, reason: 'memory', message: `The template needed more than ${this.#options.heapMb} MB of memory and was stopped.` });
      else job.settle(new Error(`The template worker stopped (exit code ${code}${slot.error ? `: ${slot.error.message}` : ''}).`));
    }
    if (!slot.ready && !slot.killed && !this.#closed) this.#startFailed(slot.error ?? new Error(`exit code ${code}`));
    this.#fill();
    this.#dispatch();
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (this.#queue.length === 0) return;
      if (!slot.ready || slot.job || slot.killed) continue;
      const job = this.#queue.shift()!;
      slot.job = job;
      clearTimeout(job.timer);
      job.timer = setTimeout(() => {
        slot.killed = true;
        this.#killed++;
        void slot.worker.terminate();
      }, job.budget.timeoutMs + this.#options.killGraceMs);
      const request: RenderRequest = { id: job.id, text: job.text, context: job.context, budget: job.budget };
      slot.worker.postMessage(request);
    }
  }
}
