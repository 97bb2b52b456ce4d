import type * as v from 'valibot';
import type { ErrorCode } from './errors.js';

type Schema = v.GenericSchema;

/**
 * When a method answers one of its error codes; `commonErrors` holds the codes every method may
 * answer, so a method lists only its own. The README's reference is generated from these, and
 * the reliability suite fails when a method answers a code it does not declare.
 */
export type MethodErrors = Partial<Record<ErrorCode, string>>;

export interface MethodDef<P extends Schema = Schema, R extends Schema = Schema> {
  readonly params: P;
  readonly result: R;
  /** Who may call it and what it does: the README's reference shows it. */
  readonly doc: string;
  readonly errors: MethodErrors;
}

export interface EventDef<D extends Schema = Schema> {
  readonly data: D;
  /** Who receives it and when. */
  readonly doc: string;
}

/** Identity helpers: they only pin the types so the registries stay precise. */
export function defineMethod<P extends Schema, R extends Schema>(def: MethodDef<P, R>): MethodDef<P, R> {
  return def;
}

export function defineEvent<D extends Schema>(data: D, doc: string): EventDef<D> {
  return { data, doc };
}

/** Codes any call may be answered with, whatever its method. */
export const commonErrors = {
  INVALID_PARAMS: 'the params do not match the method\'s schema (`details`: the issues, `{root?, nested?}`)',
  RATE_LIMITED: 'this socket sent more frames than its rate limit (`details.retryAfterMs`: when the next one is taken)',
  UNAVAILABLE: 'the server could not store it now (a failed commit, a shutdown); the same call may succeed later',
  INTERNAL: 'a server fault (a bug or a database error), logged; asking again fails the same way until it is fixed',
} as const satisfies MethodErrors;

/** Codes that answer a call frame before any method runs (a broken envelope, a method name unknown). */
export const frameErrors = {
  INVALID_FRAME: 'the frame is not a valid call (a refused id included, see Call ids)',
  UNKNOWN_METHOD: 'no method of that name',
} as const satisfies MethodErrors;

/**
 * Whether `code` is an answer the reference allows for a call of `method`: one the method
 * declares, one any method may answer, or one that answers the frame itself. The reliability
 * suite checks every answer it records against this.
 */
export function isDeclaredError(def: MethodDef | undefined, code: string): boolean {
  return Object.hasOwn(frameErrors, code) || Object.hasOwn(commonErrors, code) || (def !== undefined && Object.hasOwn(def.errors, code));
}
