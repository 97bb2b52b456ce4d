import type * as v from 'valibot';

type Schema = v.GenericSchema;

export interface MethodDef<P extends Schema = Schema, R extends Schema = Schema> {
  readonly params: P;
  readonly result: R;
}

export interface EventDef<D extends Schema = Schema> {
  readonly data: D;
}

/** Identity helpers: they only pin the types so the registries stay precise. */
export function defineMethod<P extends Schema, R extends Schema>(def: MethodDef<P, R>): MethodDef<P, R> {
  return def;
}

export function defineEvent<D extends Schema>(data: D): EventDef<D> {
  return { data };
}
