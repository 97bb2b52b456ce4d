import { parentPort } from 'node:worker_threads';
import type { PlainContext } from './context.js';
import { renderSynchronously } from './render-sync.js';
import type { RenderBudget } from './results.js';

/*
 * A render worker: renders one template at a time, synchronously, and answers. The pool
 * (worker-pool.ts) kills it when a render outlives its budget, and its heap is capped, so a
 * template can at worst lose this thread, never stall the server's.
 */

export interface RenderRequest {
  id: number;
  text: string;
  context: PlainContext;
  budget: RenderBudget;
}

if (!parentPort) throw new Error('render-worker.ts runs as a worker thread.');
const port = parentPort;
port.on('message', (request: RenderRequest) => {
  port.postMessage({ type: 'result', id: request.id, result: renderSynchronously(request.text, request.context, request.budget) });
});
// The engine made and warmed by one render (its environment, filters and compiler are built on
// first use, which would otherwise count against the first manager's time budget); then the pool
// may send work.
renderSynchronously("{% for k, v in customer %}{{ v|default('')|trim|upper }}{% endfor %}", { customer: { firstName: 'ready' } }, { timeoutMs: 10_000, maxOutputChars: 100, maxLoopIterations: 10 });
port.postMessage({ type: 'ready' });
