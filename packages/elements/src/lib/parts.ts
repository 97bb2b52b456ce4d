import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * `exportparts` (issue 20): the parts of the elements nested in another element's shadow root,
 * reachable from the page's `::part()` through every level. One rule names them: a nested
 * element's part `p` is exported as `<name>-p`, `<name>` being its tag without `chat-`
 * (`<chat-message>`'s `base` is `message-base`, `<chat-conversation-list>`'s `item` is
 * `conversation-list-item`), and what a nested element exports from the elements inside it passes
 * on unchanged. So a part has one name wherever it is styled from (`chat-thread::part(message-text)`
 * and `chat-panel::part(message-text)` are the same bubble text), and the parts many elements have
 * (`base`, `title`, `error`) stay apart. Every nested part is prefixed, not only those that clash
 * today: a name unique now would have to change, under the pages that style it, when another
 * element gains a part of that name. (Names could still meet where one tag begins another,
 * `message-` and `message-menu-`; test/parts.test.ts checks that none do.)
 *
 * Each element's module defines its parts (the `@csspart` tags of its JSDoc) and the elements with
 * parts that it renders; templates bind `exportparts=${exportparts('chat-message')}`. An element's
 * names come with its code, so the panel's start-up download (on a budget) carries those of the
 * elements it starts with, not the CRM side's or the dialogs'; an element whose code comes later
 * makes the elements around it render again (`PartsController`), and their `exportparts` hold its
 * names from then on. test/parts.test.ts holds the definitions, the JSDoc (through the manifest),
 * the templates and the README's generated lists in step.
 */

/** Each element's own parts, modifiers included (`item-selected`), by tag. */
const own = new Map<string, readonly string[]>();
/** The elements with parts that each element renders in its shadow root. */
const nesting = new Map<string, readonly string[]>();
/** `exportparts` values, made once per tag: a thread binds one to every message it renders. */
const values = new Map<string, string>();
const listeners = new Set<(tag: string) => void>();

/**
 * Defines an element's own parts (space-separated; empty for an element no other one renders:
 * the page reaches its parts directly) and the elements with parts it renders.
 */
export function defineParts(tag: string, parts: string, inner: readonly string[] = []): void {
  own.set(tag, parts ? parts.split(' ') : []);
  nesting.set(tag, inner);
  values.clear();
  for (const listener of listeners) listener(tag);
}

/** An element's own parts (empty: none, or its code is not in). */
export function ownParts(tag: string): readonly string[] {
  return own.get(tag) ?? [];
}

/** The elements with parts that an element renders. */
export function nestedIn(tag: string): readonly string[] {
  return nesting.get(tag) ?? [];
}

/** The names an element exports from the elements inside it, at every depth. */
export function exportedParts(tag: string): string[] {
  const names = nestedIn(tag).flatMap((inner) => [...ownParts(inner).map((p) => `${inner.slice(5)}-${p}`), ...exportedParts(inner)]);
  // An element reached by two routes is listed once.
  return [...new Set(names)];
}

/**
 * The `exportparts` of a nested element: its own parts under the rule's names, and what it
 * exports itself under the names it already gave them. Empty while its code is not in (it has no
 * shadow root yet either).
 */
export function exportparts(tag: string): string {
  let value = values.get(tag);
  if (value === undefined) {
    const name = tag.slice(5);
    value = [...ownParts(tag).map((p) => `${p}:${name}-${p}`), ...exportedParts(tag)].join(', ');
    values.set(tag, value);
  }
  return value;
}

/** Whether `tag` is rendered somewhere inside `outer`, at any depth. */
function inside(outer: string, tag: string): boolean {
  return nestedIn(outer).some((inner) => inner === tag || inside(inner, tag));
}

/** Calls `listener` with each tag defined from now on; returns what stops it. */
export function onPartsDefined(listener: (tag: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Renders its host again when an element inside it (`tag`: the host's) defines its parts, its code
 * having come in a lazy chunk: the `exportparts` the host binds then hold the new names.
 */
export class PartsController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #tag: string;
  #off: (() => void) | undefined;

  constructor(host: ReactiveControllerHost, tag: string) {
    this.#host = host;
    this.#tag = tag;
    host.addController(this);
  }

  hostConnected(): void {
    this.#off = onPartsDefined((defined) => {
      if (inside(this.#tag, defined)) this.#host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this.#off?.();
  }
}
