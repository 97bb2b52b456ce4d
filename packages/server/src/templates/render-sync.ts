import { isATwingError, type TwingSynchronousTemplate } from 'twing';
import { compileTemplate, type Compiled } from './compile.js';
import { toEngineContext, type PlainContext } from './context.js';
import { templateEnvironment } from './environment.js';
import { LimitExceeded, withBudget } from './meter.js';
import { SandboxRefusal } from './policy.js';
import type { RenderBudget, RenderResult } from './results.js';

/*
 * One render, synchronously, under the meter. Runs in a render worker only: a template that spends
 * its whole time budget blocks the thread it runs on for that long, and it must not be the
 * server's event loop.
 */

/** Compiled templates by text: a quick reply is inserted again and again, its text unchanged. */
const compiled = new Map<string, Compiled>();
const CACHED_TEMPLATES = 200;

function compile(text: string): Compiled {
  let entry = compiled.get(text);
  if (entry) {
    compiled.delete(text); // most recently used last
  } else {
    entry = compileTemplate(text);
    if (compiled.size >= CACHED_TEMPLATES) compiled.delete(compiled.keys().next().value!);
  }
  compiled.set(text, entry);
  return entry;
}

export function renderSynchronously(text: string, context: PlainContext, budget: RenderBudget): RenderResult {
  const entry = compile(text);
  if (!entry.ok) return { ok: false, reason: entry.kind, message: `line ${entry.line}: ${entry.message}` };
  return run(entry.template, context, budget);
}

function run(template: TwingSynchronousTemplate, context: PlainContext, budget: RenderBudget): RenderResult {
  try {
    const text = withBudget(budget, (nodeExecutor, outputBuffer) =>
      // strict: false — an unknown variable or a missing field renders empty (S-QR-4).
      template.render(templateEnvironment(), toEngineContext(context), { nodeExecutor, outputBuffer, sandboxed: true, strict: false }),
    );
    return { ok: true, text };
  } catch (error) {
    return failure(error);
  }
}

/** The engine wraps what a node throws in its own runtime error (with the line): find the cause. */
function failure(error: unknown): RenderResult {
  const engineError = error instanceof Error && isATwingError(error) ? error : undefined;
  const line = engineError?.location.line;
  const at = line !== undefined && line > 0 ? `line ${line}: ` : '';
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 10; e = (e as { previous?: unknown }).previous, depth++) {
    if (e instanceof LimitExceeded) return { ok: false, reason: e.reason, message: e.message };
    if (e instanceof SandboxRefusal) return { ok: false, reason: 'sandbox', message: at + e.message };
    if (e instanceof RangeError) {
      if (/string length/i.test(e.message)) return { ok: false, reason: 'output', message: 'A value grew past the longest string the engine can hold.' };
      if (/call stack/i.test(e.message)) return { ok: false, reason: 'memory', message: 'The template is nested too deeply to render.' };
    }
  }
  // Anything else the engine refused at run time (a filter given what it cannot use, a sandbox
  // check of its own): the template's fault for this data.
  const message = engineError ? engineError.rootMessage : error instanceof Error ? error.message : String(error);
  return { ok: false, reason: engineError && /not allowed/i.test(message) ? 'sandbox' : 'syntax', message: at + message };
}
