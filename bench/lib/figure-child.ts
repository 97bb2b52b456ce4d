/** Runs one figure (argv[2]) in its own process and hands its rows to the runner over IPC. */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { BENCH_DIR } from './proc.js';
import type { Figure, FigureResult } from './row.js';

const name = process.argv[2] ?? '';
const send = process.send?.bind(process);
try {
  const mod = (await import(pathToFileURL(join(BENCH_DIR, `${name}.ts`)).href)) as { default: Figure };
  const result: FigureResult = await mod.default();
  send?.({ type: 'result', result });
} catch (err) {
  send?.({ type: 'error', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}
// Whatever a figure left open (sockets, timers) must not keep the run alive.
setTimeout(() => process.exit(0), 100).unref();
process.disconnect?.();
