import { nothing, type ReactiveControllerHost } from 'lit';
import type { MessageCard } from '@chatdesk/protocol';
import type { TermsOf } from '../i18n/en.js';
import { LocalizeController } from '../lib/localize.js';
import type { CardTerms } from './cards.en.js';
import { cardTerms } from './cards.i18n.js';
import { knownCards, messageCardsStyles, renderCardList } from './message-cards.view.js';

/**
 * What `<chat-message>` and `<chat-consultant>` need to draw product and order cards (S-W-PROD,
 * S-W-ORD): one chunk, fetched when the first message with cards is shown (load.ts), so neither
 * start-up download carries it. Each element gets its card terms and the styles here, on first
 * use, so the element's own code holds no more than the call.
 */

type Host = ReactiveControllerHost & HTMLElement;

const controllers = new WeakMap<Host, LocalizeController<TermsOf<CardTerms>>>();

/** The host's card terms: a controller made on its first message with cards (it then follows `lang`). */
function l10n(host: Host): LocalizeController<TermsOf<CardTerms>> {
  let c = controllers.get(host);
  if (!c) controllers.set(host, (c = new LocalizeController(host, cardTerms)));
  return c;
}

/** Undefined once the card terms of the host's language are in, else the promise of them (an update gate). */
export function cardsReady(host: Host): Promise<unknown> | undefined {
  return l10n(host).ready();
}

const adopted = new WeakSet<ShadowRoot>();

/**
 * The cards, or undefined while the terms of the host's language are still coming (the host then
 * shows the message's text, and re-renders when they are in) or when none of the cards is of a
 * known type.
 */
export function renderCards(host: Host, cards: readonly MessageCard[], tabindex: number | typeof nothing = nothing) {
  const known = knownCards(cards);
  if (!known.length) return undefined;
  const t = l10n(host);
  const wait = t.ready();
  if (wait) {
    void wait.then(() => host.requestUpdate(), () => undefined);
    return undefined;
  }
  const root = host.shadowRoot;
  if (root && !adopted.has(root) && messageCardsStyles.styleSheet) {
    adopted.add(root);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, messageCardsStyles.styleSheet];
  }
  return renderCardList(known, t.table()!, t.lang(), tabindex);
}
