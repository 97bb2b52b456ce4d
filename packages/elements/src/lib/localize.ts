import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { en, type TermKey, type Translation } from '../i18n/en.js';
import { ru } from '../i18n/ru.js';

export type Lang = 'en' | 'ru';

const translations: Record<Lang, Translation> = { en, ru };

type Term<K extends TermKey> = Translation[K];
type TermArgs<K extends TermKey> = Term<K> extends (...args: infer A) => string ? A : [];

/** Every connected controller; a `lang` change anywhere in the page re-renders them all. */
const connected = new Set<LocalizeController>();
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

/** Maps a BCP 47 tag to a supported language: `ru-RU` → `ru`, anything unknown → `en`. */
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
      const lang = toLang(node.getAttribute('lang'));
      if (lang) return lang;
      // An unsupported language stops the search: the author asked for it, English is the fallback.
      return 'en';
    }
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return toLang(document.documentElement.lang) ?? 'en';
}

/**
 * Gives an element its UI terms in the language of its `lang`, its closest `[lang]` ancestor, or
 * the page. `term('send')`, or `term('unreadConversations', 3)` for a term that is a function.
 */
export class LocalizeController implements ReactiveController {
  readonly host: ReactiveControllerHost & HTMLElement;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.host = host;
    host.addController(this);
  }

  hostConnected(): void {
    connected.add(this);
    watchLang();
  }

  hostDisconnected(): void {
    connected.delete(this);
  }

  /** The language code in use, resolved at each call so a moved element follows its new place. */
  lang(): Lang {
    return resolveLang(this.host);
  }

  term<K extends TermKey>(key: K, ...args: TermArgs<K>): string {
    const value = translations[this.lang()][key] as string | ((...a: unknown[]) => string);
    return typeof value === 'function' ? value(...args) : value;
  }
}
