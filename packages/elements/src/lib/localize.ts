import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { hasUpdateGates } from './chat-element.js';

export type Lang = 'en' | 'ru';

/** A table of terms: strings, or functions of the term's arguments (plurals, numbers). */
export type TermTable = { readonly [key: string]: string | ((...args: never[]) => string) };

type TermArgs<V> = V extends (...args: infer A) => string ? A : [];

/**
 * A language's terms, or a function that loads them (a chunk of their own): a page downloads
 * only the languages it shows.
 */
export type TableSource<T> = T | (() => Promise<T>);

/** Loaded tables by loader, shared by every element that uses the same one. */
const loadedTables = new WeakMap<() => Promise<unknown>, unknown>();
const pendingTables = new WeakMap<() => Promise<unknown>, Promise<unknown>>();

/** The table if it is at hand; otherwise starts loading it (once) and returns the promise. */
function tableOf<T>(source: TableSource<T>): T | Promise<unknown> {
  if (typeof source !== 'function') return source;
  const loader = source as () => Promise<T>;
  if (loadedTables.has(loader)) return loadedTables.get(loader) as T;
  let pending = pendingTables.get(loader);
  if (!pending) {
    pending = loader().then(
      (table) => void loadedTables.set(loader, table),
      // Asked again at the next update rather than never.
      (err: unknown) => {
        pendingTables.delete(loader);
        throw err;
      },
    );
    pendingTables.set(loader, pending);
  }
  return pending;
}

/** Every connected controller; a `lang` change anywhere in the page re-renders them all. */
const connected = new Set<LocalizeController<TermTable>>();
let observer: MutationObserver | undefined;

function watchLang(): void {
  if (observer || typeof MutationObserver === 'undefined') return;
  // One observer for the whole page: lang changes are rare, so re-rendering every element on one
  // is cheaper than an observer per element.
  observer = new MutationObserver(() => {
    for (const c of connected) c.host.requestUpdate();
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
}

/** Maps a BCP 47 tag to a supported language: `ru-RU` → `ru`; unknown → undefined. */
export function toLang(tag: string | null | undefined): Lang | undefined {
  if (!tag) return undefined;
  const base = tag.toLowerCase().split('-')[0];
  return base === 'ru' || base === 'en' ? base : undefined;
}

/** The signed-in user's language for pages that set none (personal preferences); undefined: the browser's. */
let preferred: Lang | undefined;

/** Sets the user's language for pages without a `lang` (every element re-renders when it changes). */
export function setPreferredLang(lang: Lang | null | undefined): void {
  if ((lang ?? undefined) === preferred) return;
  preferred = lang ?? undefined;
  for (const c of connected) c.host.requestUpdate();
}

/**
 * The element's own `lang`, else the closest `[lang]` ancestor (crossing shadow roots), else the
 * page's; on a page that sets none, the user's preferred language, else the browser's, else English.
 */
export function resolveLang(el: Element): Lang {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang')) {
      // An unsupported language stops the search: the author asked for it, English is the fallback.
      return toLang(node.getAttribute('lang')) ?? 'en';
    }
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  const page = document.documentElement.getAttribute('lang');
  if (page) return toLang(page) ?? 'en';
  return preferred ?? toLang(typeof navigator === 'undefined' ? undefined : navigator.language) ?? 'en';
}

/**
 * Gives an element its UI terms in the language of its `lang`, its closest `[lang]` ancestor, or
 * the page: `term('send')`, or `term('unreadConversations', 3)` for a term that is a function.
 * Each element passes its table, so a bundle carries only the terms of its own elements.
 */
export class LocalizeController<T extends TermTable> implements ReactiveController {
  readonly host: ReactiveControllerHost & HTMLElement;
  readonly #tables: Readonly<Record<Lang, TableSource<T>>>;

  constructor(host: ReactiveControllerHost & HTMLElement, tables: Readonly<Record<Lang, TableSource<T>>>) {
    this.host = host;
    this.#tables = tables;
    host.addController(this);
    // Our elements wait for their language's terms before they render (lib/chat-element.ts).
    if (hasUpdateGates(host)) host.addUpdateGate(() => this.ready());
  }

  /** Resolves once the terms of the element's language are loaded; undefined when they are. */
  ready(): Promise<unknown> | undefined {
    const table = tableOf(this.#tables[this.lang()]);
    return table instanceof Promise ? table : undefined;
  }

  hostConnected(): void {
    connected.add(this);
    watchLang();
  }

  hostDisconnected(): void {
    connected.delete(this);
  }

  /** The language in use, resolved at each call so a moved element follows its new place. */
  lang(): Lang {
    return resolveLang(this.host);
  }

  term<K extends keyof T & string>(key: K, ...args: TermArgs<T[K]>): string {
    const value = this.#table()?.[key] as string | ((...a: unknown[]) => string) | undefined;
    return typeof value === 'function' ? value(...args) : (value ?? '');
  }

  /** The loaded table of the element's language (for a view that takes the terms as one object). */
  table(): T | undefined {
    return this.#table();
  }

  /**
   * The loaded table of the element's language. Only a host that renders before its terms are in
   * (not one of our elements, which wait) gets another loaded language, or nothing, meanwhile.
   */
  #table(): T | undefined {
    const table = tableOf(this.#tables[this.lang()]);
    if (!(table instanceof Promise)) return table;
    void table.then(() => this.host.requestUpdate(), () => undefined);
    for (const source of Object.values(this.#tables) as TableSource<T>[]) {
      if (typeof source !== 'function') return source;
      if (loadedTables.has(source)) return loadedTables.get(source) as T;
    }
    return undefined;
  }
}
