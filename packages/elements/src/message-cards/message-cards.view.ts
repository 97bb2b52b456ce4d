import { css, html, nothing } from 'lit';
import type { MessageCard, OrderCard, ProductCard } from '@chatdesk/protocol';
import type { TermsOf } from '../i18n/en.js';
import { bidiText, isolate } from '../lib/bidi.js';
import type { CardTerms } from './cards.en.js';

type Terms = TermsOf<CardTerms>;
type TabIndex = number | typeof nothing;

/**
 * Only an http(s) address becomes a link or a picture. The protocol checks it already, but a
 * property can be set by anyone: a `javascript:` page would run in the CRM's or the shop's page.
 */
const isHttp = (url: unknown): url is string => typeof url === 'string' && /^https?:\/\//i.test(url);

/** One formatter per language and currency (a thread shows many prices in one or two currencies). */
const formats = new Map<string, Intl.NumberFormat | null>();

/** An amount in the card's currency, in the reader's language («6 490 ₽», "RUB 6,490.50"): kopecks only when there are some. */
export function money(amount: number, currency: string, lang: string): string {
  const key = `${lang} ${currency}`;
  let f = formats.get(key);
  if (f === undefined) {
    try {
      // `trailingZeroDisplay` is newer than TypeScript's lib here; browsers without it show «,00».
      f = new Intl.NumberFormat(lang, { style: 'currency', currency, trailingZeroDisplay: 'stripIfInteger' } as Intl.NumberFormatOptions);
    } catch {
      // Not a currency code Intl takes (a property set by hand): the bare amount and the code.
      f = null;
    }
    formats.set(key, f);
  }
  return f ? f.format(amount) : `${amount} ${currency}`;
}

/** A line's sum in kopecks first: 0.1 × 3 in binary floats is 0.30000000000000004. */
const sum = (price: number, quantity: number): number => Math.round(price * 100 * quantity) / 100;

/** The cards this view draws; any other `type` (a newer server's) is left to the text fallback. */
export function knownCards(cards: readonly MessageCard[]): MessageCard[] {
  return cards.filter((c) => c?.type === 'product' || c?.type === 'order');
}

/**
 * A message's product and order cards (S-W-PROD, S-W-ORD), each an `article` named «Товар: …» /
 * «Заказ №…». Everything from the CRM is rendered as text and bidi-isolated (`<bdi>`, and
 * U+2068…U+2069 inside our sentences and labels). `tabindex` keeps the links out of the Tab order
 * in a thread's messages but the one holding its tab stop.
 */
export function renderCardList(cards: readonly MessageCard[], t: Terms, lang: string, tabindex: TabIndex = nothing) {
  return html`<div part="cards">${cards.map((c) => (c.type === 'product' ? product(c, t, lang, tabindex) : order(c, t, lang)))}</div>`;
}

function product(c: ProductCard, t: Terms, lang: string, tabindex: TabIndex) {
  const name = html`<bdi>${c.name}</bdi>`;
  return html`<article part="card card-product" aria-label=${t.product(isolate(c.name))}>
    ${isHttp(c.image)
      ? html`<img part="card-image" src=${c.image} alt=${c.name} width="64" height="64" loading="lazy" decoding="async" referrerpolicy="no-referrer" />`
      : nothing}
    <div class="card-body">
      ${isHttp(c.url)
        ? html`<a part="card-name" href=${c.url} target="_blank" rel="noopener noreferrer" tabindex=${tabindex}>${name}</a>`
        : html`<span part="card-name">${name}</span>`}
      <span part="card-price">${money(c.price, c.currency, lang)}</span>
      ${typeof c.inStock === 'boolean'
        ? html`<span part="card-stock" data-stock=${c.inStock ? 'in' : 'out'}>${c.inStock ? t.inStock : t.outOfStock}</span>`
        : nothing}
      ${c.article ? html`<span part="card-article">${bidiText(t.article(isolate(c.article)))}</span>` : nothing}
    </div>
  </article>`;
}

function order(c: OrderCard, t: Terms, lang: string) {
  const m = (n: number) => money(n, c.currency, lang);
  const items = c.items ?? [];
  const d = c.delivery;
  const pay = c.paymentStatus === 'paid' ? t.paid : c.paymentStatus === 'partial' ? t.partlyPaid(m(c.toPay)) : t.toPay(m(c.toPay));
  return html`<article part="card card-order" aria-label=${t.order(isolate(c.number))}>
    <span part="card-name">${bidiText(t.order(isolate(c.number)))}</span>
    ${c.status ? html`<span part="card-status"><bdi>${c.status}</bdi></span>` : nothing}
    ${items.length
      ? html`<ul part="card-items" aria-label=${t.items}>
          ${items.map((i) => html`<li part="card-item">${bidiText(t.item(isolate(i.name), i.quantity, m(sum(i.price, i.quantity))))}</li>`)}
        </ul>`
      : nothing}
    ${d && (d.name || d.cost || d.address)
      ? html`<span part="card-delivery"
          >${bidiText(t.delivery(d.name ? isolate(d.name) : '', d.cost ? m(d.cost) : t.free))}${d.address
            ? html`<bdi class="address">${d.address}</bdi>`
            : nothing}</span
        >`
      : nothing}
    <span part="card-total">${t.total(m(c.total))}</span>
    <span part="card-to-pay" data-payment=${c.paymentStatus}>${pay}</span>
  </article>`;
}

/**
 * Adopted into the shadow root of the element that shows cards (cards-ui.ts), after its own
 * styles. The card is a light box of its own inside the bubble, so its text keeps its contrast on
 * the accent colour of one's own messages.
 */
export const messageCardsStyles = css`
  [part~='cards'] {
    display: flex;
    flex-direction: column;
    gap: 6px;
    margin: 2px 0;
  }
  [part~='card'] {
    /* A definite width: the bubble sizes to it, and a picture arriving later moves nothing. */
    width: 17rem;
    max-width: 100%;
    padding: 8px 10px;
    border: 1px solid var(--chat-card-border, var(--_border));
    border-radius: var(--chat-card-radius, var(--_radius));
    background: var(--chat-card-background, var(--_surface));
    color: var(--_text);
    font-size: 0.95em;
    line-height: 1.35;
    text-align: start;
    white-space: normal;
    overflow-wrap: anywhere;
  }
  [part~='card-product'] {
    display: flex;
    gap: 10px;
    align-items: flex-start;
  }
  [part~='card-image'] {
    flex: none;
    width: 64px;
    height: 64px;
    object-fit: cover;
    border-radius: calc(var(--chat-card-radius, var(--_radius)) / 2);
    background: var(--_surface-alt);
  }
  .card-body {
    display: flex;
    flex-direction: column;
    gap: 2px;
    min-width: 0;
  }
  [part~='card-name'] {
    display: block;
    font-weight: 600;
  }
  a[part~='card-name'] {
    color: var(--_accent);
    text-decoration: underline;
  }
  [part~='card-price'],
  [part~='card-total'] {
    display: block;
    font-weight: 600;
  }
  [part~='card-stock'],
  [part~='card-article'],
  [part~='card-status'] {
    display: block;
    color: var(--_muted);
    font-size: 0.9em;
  }
  [part~='card-stock'][data-stock='out'] {
    color: var(--_danger);
  }
  [part~='card-items'] {
    margin: 6px 0;
    padding-inline-start: 1.2em;
  }
  [part~='card-delivery'] {
    display: block;
    margin-bottom: 6px;
  }
  [part~='card-delivery'] .address {
    display: block;
    color: var(--_muted);
  }
  [part~='card-to-pay'] {
    display: block;
  }
  [part~='card-to-pay'][data-payment='paid'] {
    font-weight: 600;
  }
`;
