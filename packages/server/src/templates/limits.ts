/**
 * The budgets of quick-reply templates (S-QR-4). A template is written by an admin but rendered
 * for every manager who inserts it, so each budget is checked while the template runs — a bomb is
 * stopped when it crosses one, never measured after the fact.
 */
export const TEMPLATE_LIMITS = {
  /** Wall time of one render, checked as it runs; the worker is killed `killGraceMs` later if it has not stopped. */
  timeoutMs: 200,
  /** Characters written in all (a `{% set %}` capture counts too), and the longest value any expression may make. */
  maxOutputChars: 10_000,
  /** `{% for %}` iterations summed over the whole render; also the longest `a..b` range. */
  maxLoopIterations: 10_000,
  /**
   * A guard on parse work for any caller: the protocol keeps a reply to 2000 characters (S-QR-3);
   * counted here in UTF-16 units, so a text of 2000 emoji still passes.
   */
  maxTemplateChars: 8_000,
  /** How long after its time budget a render worker that has not answered is terminated. */
  killGraceMs: 100,
  /** The render worker's V8 heap: a template that still allocates past this kills only its worker. */
  workerHeapMb: 64,
} as const;
