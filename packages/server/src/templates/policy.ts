import type { TwingSandboxSecurityPolicy } from 'twing';

/*
 * The allowlists of quick-reply templates (S-QR-4): what `checkTemplate` accepts, and what the
 * engine's sandbox enforces again at render time. Output is plain text (clients render it as
 * text), so there is no escaping and no `escape`/`raw`.
 */

/** The tags a template may use: conditions, loops and variables; nothing that loads or defines templates. */
export const ALLOWED_TAGS: readonly string[] = ['if', 'for', 'set'];
/** The closing and middle words of the allowed tags, as they appear between `{%` and `%}`. */
export const TAG_WORDS: ReadonlySet<string> = new Set([...ALLOWED_TAGS, 'elseif', 'else', 'endif', 'endfor', 'endset']);

export const ALLOWED_FILTERS: readonly string[] = ['default', 'upper', 'lower', 'capitalize', 'title', 'trim', 'date', 'length', 'first', 'last', 'join', 'replace', 'number_format'];

/** `is …` tests: `defined` is also what `|default` compiles to. */
export const ALLOWED_TESTS: readonly string[] = ['defined', 'empty', 'null', 'none', 'even', 'odd', 'divisible by', 'same as'];

/**
 * Expression and statement nodes of the engine's syntax tree a template may contain. Everything
 * else is refused with its line: function calls (`range()`, `include()`, `template_from_string()`,
 * `dump()`, `constant()` …), method calls, `matches` (a regular expression from the template could
 * backtrack for minutes in one step no budget can interrupt), arrow functions, spreads, blocks,
 * macros, `extends`/`include`/`import`.
 */
export const ALLOWED_NODES: ReadonlySet<string | null> = new Set([
  // statements
  null, 'template', 'text', 'print', 'comment', 'set', 'assignment', 'if', 'for', 'for_loop', 'check_security', 'check_to_string',
  // values
  'constant', 'name', 'attribute_accessor', 'filter', 'test', 'array', 'hash', 'range',
  // operators
  'conditional', 'nullish_coalescing', 'concatenate', 'add', 'subtract', 'multiply', 'divide', 'divide_and_floor', 'modulo',
  'and', 'or', 'not', 'negative', 'positive', 'is_equal_to', 'is_not_equal_to', 'is_less_than', 'is_less_than_or_equal_to',
  'is_greater_than', 'is_greater_than_or_equal_to', 'is_in', 'is_not_in', 'starts_with', 'ends_with',
]);

/** How an operator the allowlist leaves out is written, for the refusal's message. */
export const OPERATOR_SPELLING: Readonly<Record<string, string>> = {
  matches: 'matches', power: '**', spaceship: '<=>', bitwise_and: 'b-and', bitwise_or: 'b-or', bitwise_xor: 'b-xor',
  arrow_function: '=>', spread: '...', has_some: 'has some', has_every: 'has every',
};

/**
 * Names a template may not read: the engine's own (`_self` is the template, `_context` the whole
 * context, `_parent` and `_seq` a loop's state).
 */
export const unreadable = (name: string): boolean => name.startsWith('_');

/**
 * Names a template may not assign: the engine's own, and `loop`, which it writes to on every
 * iteration. `_key` is the name the engine itself gives a `for` without a key variable.
 */
export const unassignable = (name: string): boolean => (name.startsWith('_') && name !== '_key') || name === 'loop';

/** A refusal by the sandbox at render time: the template's fault, whatever the data. */
export class SandboxRefusal extends Error {
  override readonly name = 'SandboxRefusal';
}

/**
 * The engine's sandbox, our own implementation of its policy interface. Properties are read only
 * from the `Map`s we build (own keys, no prototype) and arrays by index; no method is ever called,
 * which also means an object cannot be printed whole (`{{ customer }}`: printing calls `toString`).
 * `range` stands for the `..` operator (the engine reports it so); `checkTemplate` refuses the
 * `range()` function itself, and the meter bounds every `..`.
 */
export const sandboxPolicy: TwingSandboxSecurityPolicy = {
  checkSecurity(tags, filters, functions) {
    const tag = tags.find((t) => !ALLOWED_TAGS.includes(t));
    if (tag !== undefined) return { type: 'tag', token: tag, message: `The tag "${tag}" is not allowed.` };
    const filter = filters.find((f) => !ALLOWED_FILTERS.includes(f));
    if (filter !== undefined) return { type: 'filter', token: filter, message: `The filter "${filter}" is not allowed.` };
    const fn = functions.find((f) => f !== 'range');
    if (fn !== undefined) return { type: 'function', token: fn, message: `The function "${fn}" is not allowed.` };
    return null;
  },
  checkPropertyAllowed(candidate: unknown, property: unknown) {
    if (candidate instanceof Map && (typeof property === 'number' || (typeof property === 'string' && !property.startsWith('_')))) return;
    if (Array.isArray(candidate) && typeof property === 'number') return;
    throw new SandboxRefusal(`The property "${String(property)}" cannot be read.`);
  },
  checkMethodAllowed(_candidate: unknown, method: string) {
    if (method === 'toString') throw new SandboxRefusal('A whole object cannot be printed: print one of its fields (customer.firstName, not customer).');
    throw new SandboxRefusal(`Methods cannot be called ("${method}").`);
  },
};
