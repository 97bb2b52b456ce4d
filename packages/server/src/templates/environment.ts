import { createSynchronousArrayLoader, createSynchronousEnvironment, createSynchronousFilter, type TwingSynchronousEnvironment, type TwingSynchronousFilter } from 'twing';
import { assertFits } from './meter.js';
import { sandboxPolicy } from './policy.js';

/*
 * The engine, configured once per thread: no auto-escaping (the output is plain text that clients
 * render as text, so `<` stays `<`), our sandbox policy, and four of the engine's filters wrapped
 * so that they answer empty instead of failing (`date`) or never build more than the output
 * budget allows (`join`, `replace`, `number_format`).
 */

let environment: TwingSynchronousEnvironment | undefined;

export function templateEnvironment(): TwingSynchronousEnvironment {
  environment ??= createEnvironment();
  return environment;
}

function createEnvironment(): TwingSynchronousEnvironment {
  // No `autoEscapingStrategy`: the engine then escapes nothing.
  const env = createSynchronousEnvironment(createSynchronousArrayLoader({}), { sandboxPolicy });
  const engine = (name: string): TwingSynchronousFilter => {
    const filter = env.filters.get(name);
    if (!filter) throw new Error(`The template engine has no "${name}" filter.`);
    return filter;
  };
  const date = engine('date');
  const join = engine('join');
  const replace = engine('replace');
  const numberFormat = engine('number_format');

  /*
   * Twig's `date` formats PHP-style (`d.m.Y H:i`), reads a number as a Unix time in seconds and
   * "now" as now, and takes a time zone as its second argument. Two of its ways do not suit a
   * reply: an absent value means *now* in Twig, and a string it cannot read fails the whole
   * render (or prints "Invalid DateTime"). Both render empty here.
   */
  env.addFilter(
    createSynchronousFilter(
      'date',
      (ctx, value: unknown, format: unknown, timezone: unknown) => {
        if (value === null || value === undefined || value === '' || (typeof value !== 'string' && typeof value !== 'number')) return '';
        if ((format !== null && typeof format !== 'string') || (timezone !== null && typeof timezone !== 'string')) return '';
        try {
          const formatted: unknown = date.callable(ctx, value, format, timezone);
          // Some dates it cannot read (or an unknown time zone) come back as "Invalid DateTime".
          return typeof formatted === 'string' && !formatted.includes('Invalid DateTime') ? formatted : '';
        } catch {
          return '';
        }
      },
      date.acceptedArguments,
    ),
  );

  env.addFilter(
    createSynchronousFilter(
      'join',
      (ctx, value: unknown, glue: unknown, and: unknown) => {
        const items = listOf(value);
        if (items) {
          const chars = items.reduce<number>((n, item) => n + printedLength(item), 0);
          assertFits(chars + printedLength(glue) * Math.max(0, items.length - 1) + printedLength(and));
        }
        return join.callable(ctx, value, glue, and);
      },
      join.acceptedArguments,
    ),
  );

  env.addFilter(
    createSynchronousFilter(
      'replace',
      (ctx, value: unknown, from: unknown) => {
        const pairs = listOf(from, true);
        if (typeof value === 'string' && pairs) assertFits(replacedLength(value, pairs as Array<[unknown, unknown]>));
        return replace.callable(ctx, value, from);
      },
      replace.acceptedArguments,
    ),
  );

  env.addFilter(
    createSynchronousFilter(
      'number_format',
      (ctx, value: unknown, decimals: unknown, point: unknown, separator: unknown) => {
        // PHP prints every digit (1e308 is 309 of them); beyond 20 decimals there is nothing to show.
        const asked = decimals === null || decimals === undefined ? NaN : Number(decimals);
        const places = Number.isFinite(asked) ? Math.min(20, Math.max(0, Math.trunc(asked))) : null;
        const magnitude = Math.abs(Number(value));
        const digits = Number.isFinite(magnitude) && magnitude >= 1 ? Math.floor(Math.log10(magnitude)) + 1 : 1;
        assertFits(digits + Math.ceil(digits / 3) * printedLength(separator) + (places ?? 0) + printedLength(point) + 1);
        return numberFormat.callable(ctx, value, places, point, separator);
      },
      numberFormat.acceptedArguments,
    ),
  );
  return env;
}

/** The elements of a list or hash (with `pairs`, its entries), or undefined for anything else. */
function listOf(value: unknown, pairs = false): unknown[] | undefined {
  if (value instanceof Map) return pairs ? [...value.entries()] : [...value.values()];
  if (Array.isArray(value)) return pairs ? value.map((v, i) => [i, v]) : value;
  if (pairs && value !== null && typeof value === 'object') return Object.entries(value);
  return undefined;
}

function printedLength(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (typeof value === 'number') return String(value).length;
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  return 16; // an object prints as "[object Map]" or "Array"
}

/** An upper bound of `strtr`'s result: every occurrence of every key replaced, overlaps counted twice. */
function replacedLength(value: string, pairs: Array<[unknown, unknown]>): number {
  let length = value.length;
  for (const [key, replacement] of pairs) {
    const k = String(key);
    const growth = printedLength(replacement) - k.length;
    if (k.length === 0 || growth <= 0) continue;
    for (let at = value.indexOf(k); at !== -1; at = value.indexOf(k, at + k.length)) length += growth;
  }
  return length;
}
