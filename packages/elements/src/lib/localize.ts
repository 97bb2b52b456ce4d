import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type Lang = 'en' | 'ru';

/** A table of terms: strings, or functions of the term's arguments (plurals, numbers). */
export type TermTable = { readonly [key: string]: string | ((...args: never[]) => string) };

type TermArgs<V> = V extends (...args: infer A) => string ? A : [];

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

/** The element's own `lang`, else the closest `[lang]` ancestor (crossing shadow roots), else the page's. */
export function resolveLang(el: Element): Lang {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang')) {
      // An unsupported language stops the search: the author asked for it, English is the fallback.
      return toLang(node.getAttribute('lang')) ?? 'en';
    }
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return toLang(document.documentElement.lang) ?? 'en';
}

/**
 * Gives an element its UI terms in the language of its `lang`, its closest `[lang]` ancestor, or
 * the page: `term('send')`, or `term('unreadConversations', 3)` for a term that is a function.
 * Each element passes its table, so a bundle carries only the terms of its own elements.
 */
export class LocalizeController<T extends TermTable> implements ReactiveController {
  readonly host: ReactiveControllerHost & HTMLElement;
  readonly #tables: Readonly<Record<Lang, T>>;

  constructor(host: ReactiveControllerHost & HTMLElement, tables: Readonly<Record<Lang, T>>) {
    this.host = host;
    this.#tables = tables;
    host.addController(this);
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
    const value = this.#tables[this.lang()][key] as string | ((...a: unknown[]) => string);
    return typeof value === 'function' ? value(...args) : value;
  }
}
