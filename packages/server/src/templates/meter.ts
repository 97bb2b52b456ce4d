import { createConstantNode, createOutputBuffer, createRangeNode, executeNodeSynchronously, type TwingBaseNode, type TwingOutputBuffer, type TwingSynchronousNodeExecutor } from 'twing';
import { SandboxRefusal } from './policy.js';
import type { RenderBudget } from './results.js';

/*
 * The meter: every node the engine executes passes through it, so the time, loop and size budgets
 * are checked as the template runs, and a bomb stops at the step that crosses a budget. The engine
 * is synchronous inside its worker (one render at a time per thread), so the budget of the render
 * in progress can live in this module for the filters to consult.
 */

export type LimitReason = 'timeout' | 'output' | 'loop';

/** A budget ran out. Thrown from inside the engine, which wraps it; `render-sync.ts` unwraps it. */
export class LimitExceeded extends Error {
  override readonly name = 'LimitExceeded';
  constructor(
    readonly reason: LimitReason,
    message: string,
  ) {
    super(message);
  }
}

interface Spent {
  budget: RenderBudget;
  deadline: number;
  steps: number;
  iterations: number;
  written: number;
}

let current: Spent | null = null;

/** How often (in executed nodes) the clock is read: cheap enough to be exact within a millisecond. */
const CLOCK_EVERY = 64;

/** Runs `render` with `budget` in force for the meter and the filters. */
export function withBudget<T>(budget: RenderBudget, render: (execute: TwingSynchronousNodeExecutor, output: TwingOutputBuffer) => T): T {
  const spent: Spent = { budget, deadline: performance.now() + budget.timeoutMs, steps: 0, iterations: 0, written: 0 };
  current = spent;
  try {
    return render(meteredExecutor(spent), meteredOutput(spent));
  } finally {
    current = null;
  }
}

/**
 * Refuses a value (or a value about to be built) longer than the output budget: nothing a template
 * makes may be longer than what it may write. Filters call it with their result's length before
 * building it, so `join` and `replace` never allocate a huge string first.
 */
export function assertFits(chars: number): void {
  const max = current?.budget.maxOutputChars;
  if (max !== undefined && !(chars <= max)) throw new LimitExceeded('output', `A value would be ${Number.isFinite(chars) ? chars.toLocaleString('en-US') : 'endlessly'} characters long, over the ${max.toLocaleString('en-US')}-character output limit.`);
}

function meteredExecutor(spent: Spent): TwingSynchronousNodeExecutor {
  const { budget } = spent;
  const execute: TwingSynchronousNodeExecutor = (node, context) => {
    if (++spent.steps % CLOCK_EVERY === 0 && performance.now() > spent.deadline) {
      throw new LimitExceeded('timeout', `The template ran longer than ${budget.timeoutMs} ms.`);
    }
    // `for_loop` is executed once at the end of every iteration of every loop.
    if (node.type === 'for_loop' && ++spent.iterations > budget.maxLoopIterations) {
      throw new LimitExceeded('loop', `The template's loops ran more than ${budget.maxLoopIterations.toLocaleString('en-US')} iterations in all.`);
    }
    const value = node.type === 'range' ? boundedRange(node, context, execute, budget) : executeNodeSynchronously(node, context);
    if (typeof value === 'string') assertFits(value.length);
    return value;
  };
  return execute;
}

/**
 * `a..b` builds the whole list before a loop takes its first step (`1..100000000` would be a
 * 100-million-element array). Its ends are evaluated here and the size checked first; they are
 * also normalised, because the engine's PHP-style `range` on numeric strings (`'1'..'9'`)
 * concatenates instead of adding and never ends.
 */
function boundedRange(node: TwingBaseNode, context: Parameters<TwingSynchronousNodeExecutor>[1], execute: TwingSynchronousNodeExecutor, budget: RenderBudget): unknown {
  const children = node.children as { left: TwingBaseNode; right: TwingBaseNode };
  let low = rangeEnd(execute(children.left, context));
  let high = rangeEnd(execute(children.right, context));
  // PHP's rule: a range of letters only when both ends are letters; otherwise a letter counts as 0.
  if (typeof low !== typeof high) {
    if (typeof low === 'string') low = 0;
    if (typeof high === 'string') high = 0;
  }
  const from = typeof low === 'string' ? low.charCodeAt(0) : low;
  const to = typeof high === 'string' ? high.charCodeAt(0) : high;
  const size = Math.floor(Math.abs(to - from)) + 1;
  if (!(size <= budget.maxLoopIterations)) {
    throw new LimitExceeded('loop', `The range ${String(low)}..${String(high)} has ${Number.isFinite(size) ? size.toLocaleString('en-US') : 'endless'} elements, over the ${budget.maxLoopIterations.toLocaleString('en-US')}-iteration loop limit.`);
  }
  const range = createRangeNode([createConstantNode(low, node.line, node.column), createConstantNode(high, node.line, node.column)], node.line, node.column);
  return executeNodeSynchronously(range, context);
}

/**
 * An end as the engine's `range` handles safely: a number, or a single character that is not a
 * number to JavaScript (a space or a digit string would reach its string-concatenating branch).
 */
function rangeEnd(value: unknown): number | string {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    if (value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
    const first = value.charAt(0);
    return first !== '' && Number.isNaN(Number(first)) ? first : 0;
  }
  return 0;
}

/** The engine's output buffer, counting every character echoed (a `{% set %}` capture included). */
function meteredOutput(spent: Spent): TwingOutputBuffer {
  const buffer = createOutputBuffer();
  const echo = buffer.echo.bind(buffer);
  buffer.echo = (value: unknown) => {
    // The sandbox refuses `{{ customer }}` (printing calls toString); a list printed straight from
    // an expression (`{{ 'a'..'e' }}`) never asks it, and would print "[object Map]".
    if (value !== null && typeof value === 'object') throw new SandboxRefusal('A list or an object cannot be printed whole: print one of its fields, or join a list (|join(\', \')).');
    const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : value === true ? '1' : '';
    spent.written += text.length;
    if (spent.written > spent.budget.maxOutputChars) {
      throw new LimitExceeded('output', `The template wrote more than ${spent.budget.maxOutputChars.toLocaleString('en-US')} characters.`);
    }
    return echo(value);
  };
  return buffer;
}
