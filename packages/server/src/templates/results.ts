/** What `checkTemplate` answers: a template the server will render, or where and why it will not. */
export type CheckResult = { ok: true } | { ok: false; line: number; message: string };

/**
 * Why a render failed. `syntax` and `sandbox` are the template's fault whatever the data
 * (`checkTemplate` refuses them when a reply is saved); the others are budgets it ran out of for
 * this conversation: `timeout` (time), `output` (characters), `loop` (iterations), `memory`.
 */
export type RenderFailureReason = 'timeout' | 'output' | 'loop' | 'syntax' | 'sandbox' | 'memory';

export type RenderResult = { ok: true; text: string } | { ok: false; reason: RenderFailureReason; message: string };

export interface RenderOptions {
  /** Wall time of the render (default `TEMPLATE_LIMITS.timeoutMs`). */
  timeoutMs?: number;
  /** Characters of output (default `TEMPLATE_LIMITS.maxOutputChars`). */
  maxOutputChars?: number;
  /** `{% for %}` iterations over the whole render (default `TEMPLATE_LIMITS.maxLoopIterations`). */
  maxLoopIterations?: number;
}

/** The budgets of one render, every one of them set. */
export type RenderBudget = Required<RenderOptions>;
