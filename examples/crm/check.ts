/**
 * Input checks of the reference CRM server, by hand: an integrator's server imports nothing of
 * ours (no valibot), so the limits of Chatdesk's CRM schemas are restated here. Every check takes
 * the value and where it is (`phones[1]`, `delivery.type`) and throws `Invalid` with both.
 */

export type Check<T> = (value: unknown, at: string) => T;

/** A request the contract refuses: answered 400 INVALID_PARAMS with this message. */
export class Invalid extends Error {}

function fail(at: string, what: string): never {
  throw new Invalid(at ? `${at}: ${what}` : what);
}

const join = (at: string, key: string | number) => (typeof key === 'number' ? `${at}[${key}]` : at ? `${at}.${key}` : key);

// Lone surrogates cannot be stored as UTF-8: a CRM would corrupt them.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A well-formed string of `min`–`max` UTF-16 units. */
export function text(max: number, min = 0): Check<string> {
  return (value, at) => {
    if (typeof value !== 'string') fail(at, 'must be a string');
    if (value.length < min || value.length > max) fail(at, min > 0 ? `must be ${min}–${max} characters` : `must be at most ${max} characters`);
    if (loneSurrogate.test(value)) fail(at, 'must be well-formed Unicode');
    return value;
  };
}

export function matching(check: Check<string>, pattern: RegExp, what: string): Check<string> {
  return (value, at) => {
    const s = check(value, at);
    if (!pattern.test(s)) fail(at, `must be ${what}`);
    return s;
  };
}

export function nonBlank(check: Check<string>): Check<string> {
  return (value, at) => {
    const s = check(value, at);
    if (!s.trim()) fail(at, 'must not be blank');
    return s;
  };
}

export function integer(min: number, max: number = Number.MAX_SAFE_INTEGER): Check<number> {
  return (value, at) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) fail(at, `must be an integer from ${min} to ${max}`);
    return value;
  };
}

/** Money in a major unit: 0 to 10¹², at most two decimals (199.9). */
export const money: Check<number> = (value, at) => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1e12) fail(at, 'must be an amount from 0 to 1000000000000');
  // Binary floats: 0.29 * 100 is 28.999…; a kopeck is what is meant.
  if (Math.abs(Math.round(value * 100) - value * 100) >= 1e-6) fail(at, 'must have at most two decimals');
  return value;
};

export const boolean: Check<boolean> = (value, at) => {
  if (typeof value !== 'boolean') fail(at, 'must be true or false');
  return value;
};

export function oneOf<const T extends readonly string[]>(values: T): Check<T[number]> {
  return (value, at) => {
    if (typeof value !== 'string' || !values.includes(value)) fail(at, `must be one of ${values.join(', ')}`);
    return value;
  };
}

export function nullable<T>(check: Check<T>): Check<T | null> {
  return (value, at) => (value === null ? null : check(value, at));
}

/** Absent (undefined) is `fallback`; `null` is not absent. */
export function optional<T, F extends T | undefined>(check: Check<T>, fallback: F): Check<T | F> {
  return (value, at) => (value === undefined ? fallback : check(value, at));
}

export function array<T>(check: Check<T>, max: number, min = 0): Check<T[]> {
  return (value, at) => {
    if (!Array.isArray(value)) fail(at, 'must be an array');
    if (value.length < min || value.length > max) fail(at, min > 0 ? `must have ${min}–${max} items` : `must have at most ${max} items`);
    return value.map((item, i) => check(item, join(at, i)));
  };
}

type Shape = Record<string, Check<unknown>>;
export type Checked<S extends Shape> = { [K in keyof S]: ReturnType<S[K]> };

/** A plain object with exactly these fields: a field we do not know is refused, not ignored, so a typo shows. */
export function object<S extends Shape>(shape: S): Check<Checked<S>> {
  return (value, at) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(at, 'must be an object');
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) if (!Object.hasOwn(shape, key)) fail(join(at, key), 'is not a field of this request');
    const out: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(shape)) {
      const checked = check(record[key], join(at, key));
      if (checked !== undefined) out[key] = checked;
    }
    return out as Checked<S>;
  };
}

/* The values of the query string, which are all strings: parsed first, then checked as above. */

/** A decimal number in the query (`12990`, `199.9`). */
export function numeric(check: Check<number>): Check<number> {
  return (value, at) => {
    if (typeof value !== 'string' || !/^\d{1,13}(?:\.\d+)?$/.test(value)) fail(at, 'must be a number');
    return check(Number(value), at);
  };
}

export const flag: Check<boolean> = (value, at) => {
  if (value !== 'true' && value !== 'false') fail(at, 'must be true or false');
  return value === 'true';
};

/** A comma-separated list in the query (`1,2,3`). */
export function list<T>(check: Check<T>, max: number): Check<T[]> {
  return (value, at) => {
    if (typeof value !== 'string' || value === '') fail(at, 'must be a comma-separated list');
    return array(check, max, 1)(value.split(','), at);
  };
}

/** The query string as one object: a parameter we do not know, or one given twice, is refused. */
export function query<S extends Shape>(params: URLSearchParams, shape: S): Checked<S> {
  const seen: Record<string, string> = {};
  for (const [key, value] of params) {
    if (Object.hasOwn(seen, key)) fail(key, 'is given twice');
    seen[key] = value;
  }
  return object(shape)(seen, '');
}

/* The CRM's own shapes, as Chatdesk's schemas bound them (packages/protocol/src/crm.ts). */

export const crmId = text(64, 1);
export const storeCode = text(128, 1);
export const userId = text(128, 1);
export const name = text(100);
export const phone = matching(text(32), /^[+\d][\d\s().-]{2,31}$/, 'a phone number: digits, spaces, + ( ) - .');
export const email = matching(text(254), /^$|^[\w+-]+(?:\.[\w+-]+)*@[\da-zA-Z]+(?:[.-][\da-zA-Z]+)*\.[a-zA-Z]{2,}$/u, 'an email address or empty');
export const timestamp = integer(0);
/** A Chatdesk conversation id. */
export const conversationId = integer(1);
export const isoDate = matching(text(10), /^\d{4}-(?:0[1-9]|1[0-2])-(?:[12]\d|0[1-9]|3[01])$/, 'a date YYYY-MM-DD');
export const tag = oneOf(['vip', 'bad']);
export const contact = object({ channel: text(64), login: text(200) });
