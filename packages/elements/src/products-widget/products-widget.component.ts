import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { consume } from '@lit/context';
import type { ChatClient } from '@chatdesk/client';
import type { CrmOffer, CrmProduct, ParamsIn } from '@chatdesk/protocol';
import type { TermsOf } from '../i18n/en.js';
import { ChatElement } from '../lib/chat-element.js';
import { clientContext } from '../lib/context.js';
import { refusalOf, type Refusal } from '../lib/errors.js';
import { emit } from '../lib/events.js';
import { LocalizeController, type Lang } from '../lib/localize.js';
import { tokens, type Theme } from '../lib/theme.js';
import { defineParts } from '../lib/parts.js';
import type { ProductsTerms } from './products-widget.en.js';
import styles from './products-widget.styles.js';

// Its parts as the elements around it export them (lib/parts.ts): the `@csspart` tags below.
defineParts(
  'chat-products-widget',
  'base filters field label search select price price-input error checkbox status empty results product product-header product-image product-name product-category product-price offers offer offer-picked offer-checkbox offer-name offer-article offer-price offer-stock out-of-stock load-more-button notice load-error retry-button footer picked-count clear-button add-button send-button',
);

/** Each language's terms, a chunk of their own (lib/localize.ts). */
const terms = {
  en: (): Promise<TermsOf<ProductsTerms>> => import('./products-widget.en.js').then((m) => m.en),
  ru: (): Promise<TermsOf<ProductsTerms>> => import('./products-widget.ru.js').then((m) => m.ru),
};

/** One picked offer, as `chat-products-add` and `chat-products-send` carry it. */
export interface ProductPick {
  offerId: string;
  productId: string;
  /** The offer as a customer reads it: the product's name and its variant. */
  name: string;
  price: number;
  /** ISO 4217, e.g. `RUB`. */
  currency: string;
  /** Units in stock; null when the CRM does not count them. */
  stock: number | null;
}

/** Detail of `chat-products-add` and `chat-products-send`. */
export interface ChatProductsPickDetail {
  offers: ProductPick[];
}

/** The orders the sort select offers: the field and its direction. */
export const productSorts = ['name-asc', 'name-desc', 'price-asc', 'price-desc'] as const;
export type ProductSort = (typeof productSorts)[number];

type ProductQuery = ParamsIn<'crm.products'>['query'];

/**
 * Why the list cannot show: `noStore` (CONFLICT) and `widgetOff` leave nothing to search, so the
 * filters go too; `failed` keeps them, with Retry.
 */
type Blocked = 'noStore' | 'widgetOff';

/** What a typed search waits for before it asks the CRM (each keystroke restarts it). */
const DEBOUNCE_MS = 250;
/** The highest price the protocol's `Money` takes. */
const MAX_PRICE = 1e12;

/** A price filter as typed: '' is no bound; anything else must be a whole number of the currency, 0 or more. */
function parsePrice(raw: string): number | undefined | null {
  const s = raw.trim();
  if (s === '') return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) && n >= 0 && n <= MAX_PRICE ? n : null;
}

/** The variant of an offer without the product's name it repeats («…Pegasus 40, 42» → «42»). */
function variantOf(offer: CrmOffer, product: CrmProduct): string {
  const prefix = `${product.name}, `;
  return offer.name.startsWith(prefix) && offer.name.length > prefix.length ? offer.name.slice(prefix.length) : offer.name;
}

const formats = new Map<string, Intl.NumberFormat>();

/** Money in the element's language and the offer's currency: «12 990 ₽», "₽12,990", kopecks only when there are some. */
function money(lang: Lang, currency: string, amount: number): string {
  const whole = Number.isInteger(amount);
  const key = `${lang}|${currency}|${whole}`;
  let format = formats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(lang, { style: 'currency', currency, currencyDisplay: 'narrowSymbol', minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 });
    } catch {
      // A code Intl does not know: the number, then the code.
      format = new Intl.NumberFormat(lang, { minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 });
      const plain = format;
      format = { format: (n: number) => `${plain.format(n)} ${currency}` } as Intl.NumberFormat;
    }
    formats.set(key, format);
  }
  return format.format(amount);
}

/** The currency's sign in the language («₽»), for the price filter's legend. */
function currencySign(lang: Lang, currency: string): string {
  try {
    const parts = new Intl.NumberFormat(lang, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(0);
    return parts.find((p) => p.type === 'currency')?.value ?? currency;
  } catch {
    return currency;
  }
}

/** A product's prices: one price, or the range of its offers', per currency. */
function priceRange(lang: Lang, offers: readonly CrmOffer[]): string {
  const byCurrency = new Map<string, number[]>();
  for (const o of offers) byCurrency.set(o.currency, [...(byCurrency.get(o.currency) ?? []), o.price]);
  return [...byCurrency]
    .map(([currency, prices]) => {
      const min = Math.min(...prices);
      const max = Math.max(...prices);
      return min === max ? money(lang, currency, min) : `${money(lang, currency, min)} – ${money(lang, currency, max)}`;
    })
    .join(' · ');
}

/**
 * @summary The products widget of a conversation (S-W-PROD): searches the catalogue of the
 * conversation's store, filters and sorts it, and lets the manager pick offers to add to the
 * order or send to the customer.
 *
 * Calls `crm.products` for the conversation named by `conversation-id`. The search box (`query`,
 * which the panel may prefill, e.g. from "find product" on selected message text) searches 250 ms
 * after the last keystroke, and so do the price bounds; the category (from the answer's
 * `categories`), "in stock only" and the sort search at once. Each product shows its name,
 * category and the range of its offers' prices (`Intl.NumberFormat` in the element's language and
 * the offer's currency), and its offers: the variant, the article, the price and the stock («нет в
 * наличии» / "out of stock" at 0; nothing when the CRM does not count it). «Показать ещё» / "Load
 * more" fetches the next page (`nextCursor`) and moves focus to its first offer.
 *
 * Picking: a checkbox per offer. The picks stay while the search changes (they are dropped when
 * the conversation does); the footer counts them and offers **Добавить в заказ / Add to order**
 * (`chat-products-add`) and **Отправить клиенту / Send to customer** (`chat-products-send`), both
 * with the picked offers; the picks are cleared after either, unless a listener cancelled it.
 *
 * States: loading, «Ничего не найдено» / "Nothing found", a channel without a store (`CONFLICT`),
 * the widget switched off (`FORBIDDEN` `widget-off`), and a failure (the CRM not answering,
 * `UNAVAILABLE`, or another refusal, worded by its code) with Retry. Everything the CRM returns
 * is rendered as text.
 *
 * Keyboard: the filters are native controls. The offers are one tab stop: ↑/↓ move between them
 * (across products), Home/End to the first and the last, Space picks or unpicks; Tab goes on to
 * "Load more" and the footer.
 *
 * @csspart base - The whole widget (a `region` named «Товары» / "Products").
 * @csspart filters - The `search` landmark with the search box and the filters.
 * @csspart field - One labelled filter (`data-field`: `query`, `category`, `price`, `sort`).
 * @csspart label - A filter's label.
 * @csspart search - The search box.
 * @csspart select - The category and the sort selects.
 * @csspart price - The price `fieldset` (from, to).
 * @csspart price-input - Each price bound.
 * @csspart error - Why a price bound is not used (`id` named by the input's `aria-describedby`).
 * @csspart checkbox - The "in stock only" label with its checkbox.
 * @csspart status - Loading, the count shown, or «Ничего не найдено» (polite).
 * @csspart empty - Added to `status` when nothing was found.
 * @csspart results - The list of products.
 * @csspart product - One product (`data-product-id`).
 * @csspart product-header - Its name, category and price range (the legend of its offers).
 * @csspart product-image - Its picture, when the CRM has one (decorative).
 * @csspart product-name - The product's name.
 * @csspart product-category - Its category.
 * @csspart product-price - The range of its offers' prices.
 * @csspart offers - The list of a product's offers.
 * @csspart offer - One offer (`data-offer-id`).
 * @csspart offer-picked - Added to `offer` while it is picked.
 * @csspart offer-checkbox - The offer's checkbox.
 * @csspart offer-name - Its variant (size, colour).
 * @csspart offer-article - Its article.
 * @csspart offer-price - Its price.
 * @csspart offer-stock - Its stock.
 * @csspart out-of-stock - Added to `offer-stock` at 0.
 * @csspart load-more-button - Fetches the next page.
 * @csspart notice - No store for the channel, or the widget switched off.
 * @csspart load-error - A search or a page that failed (`role=alert`); the server's message is its `title`.
 * @csspart retry-button - Asks again.
 * @csspart footer - The picked count and the actions.
 * @csspart picked-count - How many offers are picked (polite).
 * @csspart clear-button - Drops the picks.
 * @csspart add-button - Add to order.
 * @csspart send-button - Send to customer.
 *
 * @cssproperty --chat-products-bg - Background of the widget.
 * @cssproperty --chat-products-gap - Space between the filters and between products.
 * @cssproperty --chat-products-list-max-height - The list's height before it scrolls (24rem).
 * @cssproperty --chat-products-picked-bg - Background of a picked offer.
 * @cssproperty --chat-products-out-of-stock-color - Colour of «нет в наличии» (`--chat-danger`).
 *
 * @event {{ offers: ProductPick[] }} chat-products-add - Add to order was pressed with these
 * offers. Cancelable: when prevented, the picks stay.
 * @event {{ offers: ProductPick[] }} chat-products-send - Send to customer was pressed with these
 * offers. Cancelable: when prevented, the picks stay.
 */
export class ChatProductsWidget extends ChatElement {
  static override styles = [tokens, styles];

  readonly #l10n = new LocalizeController(this, terms);

  /** The client to use; set by context (a surrounding `<chat-panel>`) or by hand. */
  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  accessor client: ChatClient | undefined;

  /** The conversation whose store is searched; 0 for none. */
  @property({ attribute: 'conversation-id', type: Number, reflect: true }) accessor conversationId = 0;

  /** `light`, `dark` or `auto` (the system's); not set: the page's `color-scheme`. */
  @property({ reflect: true }) accessor theme: Theme | undefined;

  /** What is searched (name or article words); setting it searches. */
  @property() accessor query = '';

  /** Products per page (1–100). */
  @property({ type: Number }) accessor limit = 20;

  @state() private accessor category = '';
  @state() private accessor priceMinText = '';
  @state() private accessor priceMaxText = '';
  @state() private accessor inStock = false;
  @state() private accessor sort: ProductSort = 'name-asc';

  @state() private accessor products: readonly CrmProduct[] = [];
  @state() private accessor categories: readonly string[] = [];
  @state() private accessor nextCursor: string | null = null;
  /** Whether an answer for the current filters has come (the list shows what it says). */
  @state() private accessor loaded = false;
  /** A search waiting for its debounce or its answer ('first'), or a next page on the way ('more'). */
  @state() private accessor busy: 'first' | 'more' | null = null;
  @state() private accessor blocked: Blocked | null = null;
  @state() private accessor failure: Refusal | null = null;
  @state() private accessor moreFailure: Refusal | null = null;
  /** Picked offers by id, in the order they were picked. */
  @state() private accessor picks: ReadonlyMap<string, ProductPick> = new Map();
  /** The offer that holds the list's one tab stop. */
  @state() private accessor activeOffer = '';

  /** The search the list shows or is loading, as a key: a change starts a new one. */
  #key = '';
  #searchedWith: ChatClient | undefined;
  /** Set by the search box and the price inputs: their change waits for the debounce. */
  #typed = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #seq = 0;
  /** After "Load more": focus goes to this offer once it is rendered. */
  #focusAfterMore = '';

  /** The picked offers, in the order they were picked. */
  get picked(): readonly ProductPick[] {
    return [...this.picks.values()];
  }

  /** Drops every pick. */
  clear(): void {
    this.picks = new Map();
  }

  /** Searches again from the first page, with the filters as they are. */
  reload(): Promise<void> {
    clearTimeout(this.#timer);
    return this.#search(false);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Put back in the page: search again (removal dropped the search on the way).
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
    // An answer that lands after removal is not shown; a new connection searches again.
    this.#seq++;
    this.#key = '';
    this.busy = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('conversationId') && changed.get('conversationId') !== undefined) {
      // Picks and results belong to a conversation (its store).
      this.picks = new Map();
      this.#reset();
    }
    // Out of the page nothing is searched; connectedCallback asks again.
    if (!this.isConnected) return;
    const query = this.#query();
    const key = query && this.client && this.conversationId ? JSON.stringify([this.conversationId, query]) : '';
    const typed = this.#typed && this.client === this.#searchedWith;
    this.#typed = false;
    if (key === this.#key && this.client === this.#searchedWith) return;
    this.#key = key;
    this.#searchedWith = this.client;
    clearTimeout(this.#timer);
    // An answer to the search before is not shown.
    this.#seq++;
    if (!key) {
      this.busy = null;
      // Invalid price bounds keep what is shown; no client or no conversation shows nothing.
      if (!this.client || !this.conversationId) this.#reset();
      return;
    }
    this.busy = 'first';
    this.#timer = setTimeout(() => void this.#search(false), typed ? DEBOUNCE_MS : 0);
  }

  protected override updated(): void {
    if (this.#focusAfterMore) {
      const box = this.#checkbox(this.#focusAfterMore);
      this.#focusAfterMore = '';
      box?.focus();
    }
  }

  #reset(): void {
    this.products = [];
    this.nextCursor = null;
    this.loaded = false;
    this.busy = null;
    this.blocked = null;
    this.failure = null;
    this.moreFailure = null;
  }

  /** The query the filters make, or null while a price bound is not a valid one. */
  #query(): ProductQuery | null {
    const min = parsePrice(this.priceMinText);
    const max = parsePrice(this.priceMaxText);
    if (min === null || max === null || (min !== undefined && max !== undefined && max < min)) return null;
    const [sort, order] = this.sort.split('-') as ['name' | 'price', 'asc' | 'desc'];
    const limit = Math.min(100, Math.max(1, Math.trunc(Number(this.limit)) || 20));
    return {
      query: this.query.trim().slice(0, 200),
      ...(this.category ? { category: this.category } : {}),
      ...(min !== undefined ? { priceMin: min } : {}),
      ...(max !== undefined ? { priceMax: max } : {}),
      inStock: this.inStock,
      sort,
      order,
      limit,
    };
  }

  async #search(more: boolean): Promise<void> {
    const client = this.client;
    const conversationId = this.conversationId;
    const query = this.#query();
    if (!client || !conversationId || !query) return;
    const cursor = more ? this.nextCursor : null;
    if (more && !cursor) return;
    const seq = ++this.#seq;
    this.busy = more ? 'more' : 'first';
    this.moreFailure = null;
    try {
      const page = await client.call('crm.products', { conversationId, query: cursor ? { ...query, cursor } : query });
      if (seq !== this.#seq) return;
      if (more) {
        // The cursor is the CRM's: a catalogue changed meanwhile may repeat a product; show it once.
        const seen = new Set(this.products.map((p) => p.id));
        const fresh = page.products.filter((p) => !seen.has(p.id));
        this.products = [...this.products, ...fresh];
        this.#focusAfterMore = fresh[0]?.offers[0]?.id ?? '';
        if (this.#focusAfterMore) this.activeOffer = this.#focusAfterMore;
      } else {
        this.products = page.products;
      }
      this.categories = page.categories;
      this.nextCursor = page.nextCursor;
      this.loaded = true;
      this.blocked = null;
      this.failure = null;
    } catch (err) {
      if (seq !== this.#seq) return;
      const refusal = refusalOf(err);
      if (refusal.code === 'CONFLICT') this.blocked = 'noStore';
      else if (refusal.code === 'FORBIDDEN' && refusal.reason === 'widget-off') this.blocked = 'widgetOff';
      else if (more) this.moreFailure = refusal;
      else this.failure = refusal;
      if (this.blocked || !more) {
        this.products = [];
        this.nextCursor = null;
        this.loaded = false;
      }
    } finally {
      if (seq === this.#seq) this.busy = null;
    }
  }

  // ---- picking -------------------------------------------------------------------------------

  #toggle(offer: CrmOffer, on: boolean): void {
    const picks = new Map(this.picks);
    if (on) picks.set(offer.id, { offerId: offer.id, productId: offer.productId, name: offer.name, price: offer.price, currency: offer.currency, stock: offer.stock });
    else picks.delete(offer.id);
    this.picks = picks;
    this.activeOffer = offer.id;
  }

  #dispatch(name: 'chat-products-add' | 'chat-products-send'): void {
    const offers = this.picked;
    if (offers.length === 0) return;
    const event = emit<ChatProductsPickDetail>(this, name, { offers: offers.map((o) => ({ ...o })) }, { cancelable: true });
    if (!event.defaultPrevented) this.clear();
  }

  // ---- keyboard ------------------------------------------------------------------------------

  #checkbox(offerId: string): HTMLInputElement | null {
    return this.renderRoot.querySelector<HTMLInputElement>(`input[data-offer-id="${CSS.escape(offerId)}"]`);
  }

  /** The offer that holds the tab stop: the one last focused while it is shown, else the first. */
  get #tabStop(): string {
    const ids = this.products.flatMap((p) => p.offers.map((o) => o.id));
    return ids.includes(this.activeOffer) ? this.activeOffer : (ids[0] ?? '');
  }

  #onListKey(e: KeyboardEvent): void {
    const target = e.target as HTMLElement;
    if (!(target instanceof HTMLInputElement) || !target.dataset['offerId']) return;
    const boxes = [...this.renderRoot.querySelectorAll<HTMLInputElement>('input[data-offer-id]')];
    const i = boxes.indexOf(target);
    const next =
      e.key === 'ArrowDown' ? boxes[Math.min(i + 1, boxes.length - 1)]
      : e.key === 'ArrowUp' ? boxes[Math.max(i - 1, 0)]
      : e.key === 'Home' ? boxes[0]
      : e.key === 'End' ? boxes[boxes.length - 1]
      : undefined;
    if (!next) return;
    e.preventDefault();
    this.activeOffer = next.dataset['offerId']!;
    next.focus();
  }

  // ---- rendering -----------------------------------------------------------------------------

  #onTyped(e: Event, set: (value: string) => void): void {
    this.#typed = true;
    set((e.target as HTMLInputElement).value);
  }

  #renderFilters(): TemplateResult {
    const t = this.#l10n;
    const lang = t.lang();
    const min = parsePrice(this.priceMinText);
    const max = parsePrice(this.priceMaxText);
    const minError = min === null ? t.term('priceInvalid') : '';
    const maxError = max === null ? t.term('priceInvalid') : min !== undefined && min !== null && max !== undefined && max < min ? t.term('priceOrder') : '';
    const currency = this.products[0]?.offers[0]?.currency ?? 'RUB';
    const categories = this.category && !this.categories.includes(this.category) ? [this.category, ...this.categories] : this.categories;
    return html`<div part="filters" role="search" aria-label=${t.term('filters')}>
      <div part="field" data-field="query">
        <label part="label" for="query">${t.term('search')}</label>
        <input
          part="search"
          id="query"
          type="search"
          maxlength="200"
          autocomplete="off"
          placeholder=${t.term('searchPlaceholder')}
          .value=${this.query}
          @input=${(e: Event) => this.#onTyped(e, (v) => (this.query = v))}
        />
      </div>
      <div part="field" data-field="category">
        <label part="label" for="category">${t.term('category')}</label>
        <select part="select" id="category" @change=${(e: Event) => (this.category = (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${this.category === ''}>${t.term('allCategories')}</option>
          ${categories.map((c) => html`<option .value=${c} ?selected=${c === this.category}>${c}</option>`)}
        </select>
      </div>
      <fieldset part="price field" data-field="price">
        <legend part="label">${t.term('price', currencySign(lang, currency))}</legend>
        ${this.#priceInput('price-min', t.term('priceFrom'), this.priceMinText, minError, (v) => (this.priceMinText = v))}
        ${this.#priceInput('price-max', t.term('priceTo'), this.priceMaxText, maxError, (v) => (this.priceMaxText = v))}
      </fieldset>
      <label part="checkbox"
        ><input type="checkbox" id="in-stock" .checked=${live(this.inStock)} @change=${(e: Event) => (this.inStock = (e.target as HTMLInputElement).checked)} />
        ${t.term('inStock')}</label
      >
      <div part="field" data-field="sort">
        <label part="label" for="sort">${t.term('sort')}</label>
        <select part="select" id="sort" @change=${(e: Event) => (this.sort = (e.target as HTMLSelectElement).value as ProductSort)}>
          ${productSorts.map((s) => html`<option value=${s} ?selected=${s === this.sort}>${t.term(sortTerm[s])}</option>`)}
        </select>
      </div>
    </div>`;
  }

  #priceInput(id: string, label: string, value: string, error: string, set: (v: string) => void): TemplateResult {
    return html`<span class="bound">
      <label for=${id}>${label}</label>
      <input
        part="price-input"
        id=${id}
        type="number"
        inputmode="numeric"
        min="0"
        step="1"
        .value=${value}
        aria-invalid=${error ? 'true' : nothing}
        aria-describedby=${error ? `${id}-error` : nothing}
        @input=${(e: Event) => this.#onTyped(e, set)}
      />
      ${error ? html`<span part="error" id="${id}-error">${error}</span>` : nothing}
    </span>`;
  }

  #renderProduct(product: CrmProduct, tabStop: string): TemplateResult {
    const t = this.#l10n;
    const lang = t.lang();
    return html`<li part="product" data-product-id=${product.id}>
      <fieldset>
        <legend part="product-header">
          ${product.image ? html`<img part="product-image" src=${product.image} alt="" loading="lazy" />` : nothing}
          <span part="product-name">${product.name}</span>
          <span part="product-category">${product.category}</span>
          <span part="product-price">${priceRange(lang, product.offers)}</span>
        </legend>
        <ul part="offers">
          ${product.offers.map((offer) => {
            const picked = this.picks.has(offer.id);
            return html`<li part="offer${picked ? ' offer-picked' : ''}" data-offer-id=${offer.id}>
              <label>
                <input
                  part="offer-checkbox"
                  type="checkbox"
                  data-offer-id=${offer.id}
                  tabindex=${offer.id === tabStop ? 0 : -1}
                  .checked=${live(picked)}
                  @focus=${() => (this.activeOffer = offer.id)}
                  @change=${(e: Event) => this.#toggle(offer, (e.target as HTMLInputElement).checked)}
                />
                <span part="offer-name">${variantOf(offer, product)}</span>
                <span part="offer-article">${t.term('article', offer.article)}</span>
                <span part="offer-price">${money(lang, offer.currency, offer.price)}</span>
                ${offer.stock === null
                  ? nothing
                  : html`<span part="offer-stock${offer.stock === 0 ? ' out-of-stock' : ''}"
                      >${offer.stock === 0 ? t.term('outOfStock') : t.term('inStockCount', offer.stock)}</span
                    >`}
              </label>
            </li>`;
          })}
        </ul>
      </fieldset>
    </li>`;
  }

  #renderFailure(f: Refusal, retry: () => void): TemplateResult {
    const t = this.#l10n;
    return html`<div class="failure">
      <p part="load-error" role="alert" title=${f.detail || nothing}>${f.code === 'UNAVAILABLE' ? t.term('unavailable') : t.term('loadFailed', f.code)}</p>
      <button part="retry-button" type="button" @click=${retry}>${t.term('retry')}</button>
    </div>`;
  }

  #renderFooter(): TemplateResult {
    const t = this.#l10n;
    const n = this.picks.size;
    return html`<div part="footer">
      <p part="picked-count" role="status">${t.term('picked', n)}</p>
      <div class="actions">
        <button part="clear-button" type="button" ?disabled=${n === 0} @click=${() => this.clear()}>${t.term('clearPicks')}</button>
        <button part="add-button" type="button" ?disabled=${n === 0} @click=${() => this.#dispatch('chat-products-add')}>${t.term('addToOrder')}</button>
        <button part="send-button" type="button" ?disabled=${n === 0} @click=${() => this.#dispatch('chat-products-send')}>${t.term('sendToCustomer')}</button>
      </div>
    </div>`;
  }

  override render() {
    const t = this.#l10n;
    const title = t.term('title');
    if (!this.client) return html`<p part="status" role="status">${t.term('noClient')}</p>`;
    if (!this.conversationId) return html`<p part="status" role="status">${t.term('noConversation')}</p>`;
    if (this.blocked) {
      return html`<section part="base" aria-label=${title}>
        <p part="notice" role="status">${t.term(this.blocked)}</p>
      </section>`;
    }
    const loading = this.busy === 'first';
    const empty = this.loaded && !loading && this.products.length === 0;
    const n = this.products.length;
    const status = loading && n === 0 ? t.term('loading') : !this.loaded ? '' : n === 0 ? t.term('nothingFound') : t.term('shown', n);
    const tabStop = this.#tabStop;
    return html`<section part="base" aria-label=${title}>
      ${this.#renderFilters()}
      <p part="status${empty ? ' empty' : ''}" role="status">${status}</p>
      ${this.failure
        ? this.#renderFailure(this.failure, () => void this.reload())
        : html`${this.products.length > 0
              ? html`<ul part="results" aria-label=${t.term('results')} aria-busy=${loading ? 'true' : 'false'} @keydown=${(e: KeyboardEvent) => this.#onListKey(e)}>
                  ${this.products.map((p) => this.#renderProduct(p, tabStop))}
                </ul>`
              : nothing}
            ${this.moreFailure ? this.#renderFailure(this.moreFailure, () => void this.#search(true)) : nothing}
            ${this.nextCursor && !this.moreFailure
              ? html`<button
                  part="load-more-button"
                  type="button"
                  aria-disabled=${this.busy ? 'true' : 'false'}
                  @click=${() => {
                    if (!this.busy) void this.#search(true);
                  }}
                >
                  ${this.busy === 'more' ? t.term('loadingMore') : t.term('loadMore')}
                </button>`
              : nothing}`}
      ${this.#renderFooter()}
    </section>`;
  }
}

const sortTerm = {
  'name-asc': 'sortNameAsc',
  'name-desc': 'sortNameDesc',
  'price-asc': 'sortPriceAsc',
  'price-desc': 'sortPriceDesc',
} as const satisfies Record<ProductSort, keyof ProductsTerms>;
