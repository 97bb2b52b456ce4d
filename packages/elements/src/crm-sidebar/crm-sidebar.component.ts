import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { newClientMessageId, type ChatClient } from '@chatdesk/client';
import { MAX_CARDS } from '@chatdesk/protocol';
import type { TermsOf } from '../i18n/en.js';
import { ChatElement } from '../lib/chat-element.js';
import { clientContext } from '../lib/context.js';
import { refusalOf } from '../lib/errors.js';
import { LocalizeController } from '../lib/localize.js';
import { defineParts, exportparts, PartsController } from '../lib/parts.js';
import { tokens, type Theme } from '../lib/theme.js';
import type { CrmSidebarTerms } from './crm-sidebar.en.js';
import styles from './crm-sidebar.styles.js';

// Its parts as the elements around it export them (lib/parts.ts): the `@csspart` tags below.
defineParts(
  'chat-crm-sidebar',
  'base section summary notice error retry-button',
  ['chat-customer-widget', 'chat-products-widget', 'chat-order-widget', 'chat-tasks-widget'],
);

const terms = {
  en: (): Promise<TermsOf<CrmSidebarTerms>> => import('./crm-sidebar.en.js').then((m) => m.en),
  ru: (): Promise<TermsOf<CrmSidebarTerms>> => import('./crm-sidebar.ru.js').then((m) => m.ru),
};

export type CrmWidget = 'customer' | 'products' | 'order' | 'tasks';
const WIDGETS: readonly CrmWidget[] = ['customer', 'products', 'order', 'tasks'];

/** Each widget is a chunk of its own, loaded the first time its section opens. */
const load: Record<CrmWidget, () => Promise<unknown>> = {
  customer: () => import('../customer-widget/customer-widget.js'),
  products: () => import('../products-widget/products-widget.js'),
  order: () => import('../order-widget/order-widget.js'),
  tasks: () => import('../tasks-widget/tasks-widget.js'),
};

/** A picked offer, as the products widget hands it on. */
interface PickedOffer {
  offerId: string;
  name: string;
  price: number;
  currency: string;
}

/** What the sidebar asks of the widgets (their elements' public methods). */
interface CustomerWidget extends HTMLElement {
  fill(field: 'name' | 'phone' | 'email' | 'address', text: string): Promise<void>;
}
interface ProductsWidget extends HTMLElement {
  query: string;
}
interface OrderWidget extends HTMLElement {
  add(offers: readonly PickedOffer[]): void;
}

/**
 * @summary The CRM side of an open conversation (S-W-CUST, S-W-PROD, S-W-ORD, S-W-TASK): the
 * customer, products, order and tasks widgets, each in a section of its own.
 *
 * The panel shows it next to the thread (or instead of it on a narrow panel). Which sections show
 * follows the admin's widget switches (S-SET-7, from `crm.customer`); each widget's code loads the
 * first time its section opens (the customer's at once). It joins the widgets: «Добавить в заказ»
 * in the products widget adds the offers to the order being composed and opens the order; «Отправить
 * клиенту» sends them into the conversation (as a text message, the chat having no product cards
 * yet). `fill()` and `findProduct()` are what the thread's selection menu calls.
 *
 * @csspart base - The `<aside>`.
 * @csspart section - A widget's `<details>` (`data-widget` = customer, products, order, tasks).
 * @csspart summary - A section's heading (its `<summary>`).
 * @csspart notice - What the sidebar did (products sent), polite.
 * @csspart error - The CRM did not answer (`role=alert`), with `retry-button`.
 * @csspart retry-button - Asks the CRM again.
 * @csspart customer-widget-base - `<chat-customer-widget>`'s `base`.
 * @csspart customer-widget-title - `<chat-customer-widget>`'s `title`.
 * @csspart customer-widget-subtitle - `<chat-customer-widget>`'s `subtitle`.
 * @csspart customer-widget-chat - `<chat-customer-widget>`'s `chat`.
 * @csspart customer-widget-chat-name - `<chat-customer-widget>`'s `chat-name`.
 * @csspart customer-widget-chat-phone - `<chat-customer-widget>`'s `chat-phone`.
 * @csspart customer-widget-chat-email - `<chat-customer-widget>`'s `chat-email`.
 * @csspart customer-widget-chat-channel - `<chat-customer-widget>`'s `chat-channel`.
 * @csspart customer-widget-channel-icon - `<chat-customer-widget>`'s `channel-icon`.
 * @csspart customer-widget-note - `<chat-customer-widget>`'s `note`.
 * @csspart customer-widget-store - `<chat-customer-widget>`'s `store`.
 * @csspart customer-widget-save-form - `<chat-customer-widget>`'s `save-form`.
 * @csspart customer-widget-fields - `<chat-customer-widget>`'s `fields`.
 * @csspart customer-widget-field - `<chat-customer-widget>`'s `field`.
 * @csspart customer-widget-label - `<chat-customer-widget>`'s `label`.
 * @csspart customer-widget-value - `<chat-customer-widget>`'s `value`.
 * @csspart customer-widget-value-empty - `<chat-customer-widget>`'s `value-empty`.
 * @csspart customer-widget-edit-button - `<chat-customer-widget>`'s `edit-button`.
 * @csspart customer-widget-editor - `<chat-customer-widget>`'s `editor`.
 * @csspart customer-widget-input - `<chat-customer-widget>`'s `input`.
 * @csspart customer-widget-error - `<chat-customer-widget>`'s `error`.
 * @csspart customer-widget-save-button - `<chat-customer-widget>`'s `save-button`.
 * @csspart customer-widget-cancel-button - `<chat-customer-widget>`'s `cancel-button`.
 * @csspart customer-widget-save-error - `<chat-customer-widget>`'s `save-error`.
 * @csspart customer-widget-contacts - `<chat-customer-widget>`'s `contacts`.
 * @csspart customer-widget-contact - `<chat-customer-widget>`'s `contact`.
 * @csspart customer-widget-contact-channel - `<chat-customer-widget>`'s `contact-channel`.
 * @csspart customer-widget-contact-login - `<chat-customer-widget>`'s `contact-login`.
 * @csspart customer-widget-tags - `<chat-customer-widget>`'s `tags`.
 * @csspart customer-widget-tag - `<chat-customer-widget>`'s `tag`.
 * @csspart customer-widget-tag-on - `<chat-customer-widget>`'s `tag-on`.
 * @csspart customer-widget-tag-error - `<chat-customer-widget>`'s `tag-error`.
 * @csspart customer-widget-hint - `<chat-customer-widget>`'s `hint`.
 * @csspart customer-widget-hint-title - `<chat-customer-widget>`'s `hint-title`.
 * @csspart customer-widget-matches - `<chat-customer-widget>`'s `matches`.
 * @csspart customer-widget-match - `<chat-customer-widget>`'s `match`.
 * @csspart customer-widget-match-name - `<chat-customer-widget>`'s `match-name`.
 * @csspart customer-widget-match-phone - `<chat-customer-widget>`'s `match-phone`.
 * @csspart customer-widget-match-email - `<chat-customer-widget>`'s `match-email`.
 * @csspart customer-widget-link-button - `<chat-customer-widget>`'s `link-button`.
 * @csspart customer-widget-merge-button - `<chat-customer-widget>`'s `merge-button`.
 * @csspart customer-widget-hint-error - `<chat-customer-widget>`'s `hint-error`.
 * @csspart customer-widget-hint-status - `<chat-customer-widget>`'s `hint-status`.
 * @csspart customer-widget-status - `<chat-customer-widget>`'s `status`.
 * @csspart customer-widget-load-error - `<chat-customer-widget>`'s `load-error`.
 * @csspart customer-widget-retry-button - `<chat-customer-widget>`'s `retry-button`.
 * @csspart customer-widget-dialog - `<chat-customer-widget>`'s `dialog`.
 * @csspart customer-widget-dialog-title - `<chat-customer-widget>`'s `dialog-title`.
 * @csspart customer-widget-dialog-text - `<chat-customer-widget>`'s `dialog-text`.
 * @csspart customer-widget-confirm-button - `<chat-customer-widget>`'s `confirm-button`.
 * @csspart customer-widget-dialog-cancel-button - `<chat-customer-widget>`'s `dialog-cancel-button`.
 * @csspart products-widget-base - `<chat-products-widget>`'s `base`.
 * @csspart products-widget-filters - `<chat-products-widget>`'s `filters`.
 * @csspart products-widget-field - `<chat-products-widget>`'s `field`.
 * @csspart products-widget-label - `<chat-products-widget>`'s `label`.
 * @csspart products-widget-search - `<chat-products-widget>`'s `search`.
 * @csspart products-widget-select - `<chat-products-widget>`'s `select`.
 * @csspart products-widget-price - `<chat-products-widget>`'s `price`.
 * @csspart products-widget-price-input - `<chat-products-widget>`'s `price-input`.
 * @csspart products-widget-error - `<chat-products-widget>`'s `error`.
 * @csspart products-widget-checkbox - `<chat-products-widget>`'s `checkbox`.
 * @csspart products-widget-status - `<chat-products-widget>`'s `status`.
 * @csspart products-widget-empty - `<chat-products-widget>`'s `empty`.
 * @csspart products-widget-results - `<chat-products-widget>`'s `results`.
 * @csspart products-widget-product - `<chat-products-widget>`'s `product`.
 * @csspart products-widget-product-header - `<chat-products-widget>`'s `product-header`.
 * @csspart products-widget-product-image - `<chat-products-widget>`'s `product-image`.
 * @csspart products-widget-product-name - `<chat-products-widget>`'s `product-name`.
 * @csspart products-widget-product-category - `<chat-products-widget>`'s `product-category`.
 * @csspart products-widget-product-price - `<chat-products-widget>`'s `product-price`.
 * @csspart products-widget-offers - `<chat-products-widget>`'s `offers`.
 * @csspart products-widget-offer - `<chat-products-widget>`'s `offer`.
 * @csspart products-widget-offer-picked - `<chat-products-widget>`'s `offer-picked`.
 * @csspart products-widget-offer-checkbox - `<chat-products-widget>`'s `offer-checkbox`.
 * @csspart products-widget-offer-name - `<chat-products-widget>`'s `offer-name`.
 * @csspart products-widget-offer-article - `<chat-products-widget>`'s `offer-article`.
 * @csspart products-widget-offer-price - `<chat-products-widget>`'s `offer-price`.
 * @csspart products-widget-offer-stock - `<chat-products-widget>`'s `offer-stock`.
 * @csspart products-widget-out-of-stock - `<chat-products-widget>`'s `out-of-stock`.
 * @csspart products-widget-load-more-button - `<chat-products-widget>`'s `load-more-button`.
 * @csspart products-widget-notice - `<chat-products-widget>`'s `notice`.
 * @csspart products-widget-load-error - `<chat-products-widget>`'s `load-error`.
 * @csspart products-widget-retry-button - `<chat-products-widget>`'s `retry-button`.
 * @csspart products-widget-footer - `<chat-products-widget>`'s `footer`.
 * @csspart products-widget-picked-count - `<chat-products-widget>`'s `picked-count`.
 * @csspart products-widget-clear-button - `<chat-products-widget>`'s `clear-button`.
 * @csspart products-widget-add-button - `<chat-products-widget>`'s `add-button`.
 * @csspart products-widget-send-button - `<chat-products-widget>`'s `send-button`.
 * @csspart order-widget-base - `<chat-order-widget>`'s `base`.
 * @csspart order-widget-section - `<chat-order-widget>`'s `section`.
 * @csspart order-widget-title - `<chat-order-widget>`'s `title`.
 * @csspart order-widget-order - `<chat-order-widget>`'s `order`.
 * @csspart order-widget-order-number - `<chat-order-widget>`'s `order-number`.
 * @csspart order-widget-order-link - `<chat-order-widget>`'s `order-link`.
 * @csspart order-widget-order-status - `<chat-order-widget>`'s `order-status`.
 * @csspart order-widget-items - `<chat-order-widget>`'s `items`.
 * @csspart order-widget-item - `<chat-order-widget>`'s `item`.
 * @csspart order-widget-item-name - `<chat-order-widget>`'s `item-name`.
 * @csspart order-widget-item-quantity - `<chat-order-widget>`'s `item-quantity`.
 * @csspart order-widget-item-price - `<chat-order-widget>`'s `item-price`.
 * @csspart order-widget-summary - `<chat-order-widget>`'s `summary`.
 * @csspart order-widget-delivery - `<chat-order-widget>`'s `delivery`.
 * @csspart order-widget-address - `<chat-order-widget>`'s `address`.
 * @csspart order-widget-delivery-date - `<chat-order-widget>`'s `delivery-date`.
 * @csspart order-widget-to-pay - `<chat-order-widget>`'s `to-pay`.
 * @csspart order-widget-payment-status - `<chat-order-widget>`'s `payment-status`.
 * @csspart order-widget-payments - `<chat-order-widget>`'s `payments`.
 * @csspart order-widget-payment - `<chat-order-widget>`'s `payment`.
 * @csspart order-widget-payment-paid - `<chat-order-widget>`'s `payment-paid`.
 * @csspart order-widget-paid-mark - `<chat-order-widget>`'s `paid-mark`.
 * @csspart order-widget-actions - `<chat-order-widget>`'s `actions`.
 * @csspart order-widget-link-button - `<chat-order-widget>`'s `link-button`.
 * @csspart order-widget-send-button - `<chat-order-widget>`'s `send-button`.
 * @csspart order-widget-action-status - `<chat-order-widget>`'s `action-status`.
 * @csspart order-widget-action-error - `<chat-order-widget>`'s `action-error`.
 * @csspart order-widget-empty - `<chat-order-widget>`'s `empty`.
 * @csspart order-widget-hint - `<chat-order-widget>`'s `hint`.
 * @csspart order-widget-form - `<chat-order-widget>`'s `form`.
 * @csspart order-widget-lines - `<chat-order-widget>`'s `lines`.
 * @csspart order-widget-line - `<chat-order-widget>`'s `line`.
 * @csspart order-widget-line-name - `<chat-order-widget>`'s `line-name`.
 * @csspart order-widget-line-price - `<chat-order-widget>`'s `line-price`.
 * @csspart order-widget-quantity - `<chat-order-widget>`'s `quantity`.
 * @csspart order-widget-remove-button - `<chat-order-widget>`'s `remove-button`.
 * @csspart order-widget-field - `<chat-order-widget>`'s `field`.
 * @csspart order-widget-label - `<chat-order-widget>`'s `label`.
 * @csspart order-widget-input - `<chat-order-widget>`'s `input`.
 * @csspart order-widget-select - `<chat-order-widget>`'s `select`.
 * @csspart order-widget-error - `<chat-order-widget>`'s `error`.
 * @csspart order-widget-stock - `<chat-order-widget>`'s `stock`.
 * @csspart order-widget-total - `<chat-order-widget>`'s `total`.
 * @csspart order-widget-needs-customer - `<chat-order-widget>`'s `needs-customer`.
 * @csspart order-widget-form-error - `<chat-order-widget>`'s `form-error`.
 * @csspart order-widget-form-actions - `<chat-order-widget>`'s `form-actions`.
 * @csspart order-widget-place-button - `<chat-order-widget>`'s `place-button`.
 * @csspart order-widget-clear-button - `<chat-order-widget>`'s `clear-button`.
 * @csspart order-widget-draft-status - `<chat-order-widget>`'s `draft-status`.
 * @csspart order-widget-status - `<chat-order-widget>`'s `status`.
 * @csspart order-widget-notice - `<chat-order-widget>`'s `notice`.
 * @csspart order-widget-load-error - `<chat-order-widget>`'s `load-error`.
 * @csspart order-widget-retry-button - `<chat-order-widget>`'s `retry-button`.
 * @csspart tasks-widget-base - `<chat-tasks-widget>`'s `base`.
 * @csspart tasks-widget-header - `<chat-tasks-widget>`'s `header`.
 * @csspart tasks-widget-tabs - `<chat-tasks-widget>`'s `tabs`.
 * @csspart tasks-widget-tab - `<chat-tasks-widget>`'s `tab`.
 * @csspart tasks-widget-tab-selected - `<chat-tasks-widget>`'s `tab-selected`.
 * @csspart tasks-widget-add-button - `<chat-tasks-widget>`'s `add-button`.
 * @csspart tasks-widget-panel - `<chat-tasks-widget>`'s `panel`.
 * @csspart tasks-widget-list - `<chat-tasks-widget>`'s `list`.
 * @csspart tasks-widget-task - `<chat-tasks-widget>`'s `task`.
 * @csspart tasks-widget-task-completed - `<chat-tasks-widget>`'s `task-completed`.
 * @csspart tasks-widget-task-overdue - `<chat-tasks-widget>`'s `task-overdue`.
 * @csspart tasks-widget-checkbox - `<chat-tasks-widget>`'s `checkbox`.
 * @csspart tasks-widget-task-text - `<chat-tasks-widget>`'s `task-text`.
 * @csspart tasks-widget-task-meta - `<chat-tasks-widget>`'s `task-meta`.
 * @csspart tasks-widget-deadline - `<chat-tasks-widget>`'s `deadline`.
 * @csspart tasks-widget-overdue - `<chat-tasks-widget>`'s `overdue`.
 * @csspart tasks-widget-completed - `<chat-tasks-widget>`'s `completed`.
 * @csspart tasks-widget-performer - `<chat-tasks-widget>`'s `performer`.
 * @csspart tasks-widget-order - `<chat-tasks-widget>`'s `order`.
 * @csspart tasks-widget-task-error - `<chat-tasks-widget>`'s `task-error`.
 * @csspart tasks-widget-empty - `<chat-tasks-widget>`'s `empty`.
 * @csspart tasks-widget-form - `<chat-tasks-widget>`'s `form`.
 * @csspart tasks-widget-form-title - `<chat-tasks-widget>`'s `form-title`.
 * @csspart tasks-widget-field - `<chat-tasks-widget>`'s `field`.
 * @csspart tasks-widget-label - `<chat-tasks-widget>`'s `label`.
 * @csspart tasks-widget-input - `<chat-tasks-widget>`'s `input`.
 * @csspart tasks-widget-select - `<chat-tasks-widget>`'s `select`.
 * @csspart tasks-widget-quick-choices - `<chat-tasks-widget>`'s `quick-choices`.
 * @csspart tasks-widget-quick-button - `<chat-tasks-widget>`'s `quick-button`.
 * @csspart tasks-widget-hint - `<chat-tasks-widget>`'s `hint`.
 * @csspart tasks-widget-error - `<chat-tasks-widget>`'s `error`.
 * @csspart tasks-widget-order-checkbox - `<chat-tasks-widget>`'s `order-checkbox`.
 * @csspart tasks-widget-form-error - `<chat-tasks-widget>`'s `form-error`.
 * @csspart tasks-widget-form-actions - `<chat-tasks-widget>`'s `form-actions`.
 * @csspart tasks-widget-create-button - `<chat-tasks-widget>`'s `create-button`.
 * @csspart tasks-widget-cancel-button - `<chat-tasks-widget>`'s `cancel-button`.
 * @csspart tasks-widget-status - `<chat-tasks-widget>`'s `status`.
 * @csspart tasks-widget-notice - `<chat-tasks-widget>`'s `notice`.
 * @csspart tasks-widget-load-error - `<chat-tasks-widget>`'s `load-error`.
 * @csspart tasks-widget-retry-button - `<chat-tasks-widget>`'s `retry-button`.
 *
 * @cssproperty --chat-crm-bg - Background of the sidebar.
 */
export class ChatCrmSidebar extends ChatElement {
  static override styles = [tokens, styles];

  readonly #l10n = new LocalizeController(this, terms);
  // Renders again when an element inside it brings its parts with its code (lib/parts.ts).
  readonly #parts = new PartsController(this, 'chat-crm-sidebar');

  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  accessor client: ChatClient | undefined;

  /** The conversation whose customer the widgets show. */
  @property({ attribute: 'conversation-id', type: Number }) accessor conversationId = 0;

  /** `light`, `dark` or `auto` (the system's); not set: the page's `color-scheme`. */
  @property({ reflect: true }) accessor theme: Theme | undefined;

  /** The sections open now (the customer's at first). */
  @state() private accessor opened: ReadonlySet<CrmWidget> = new Set(['customer']);
  /** Widgets whose code has loaded (they render from then on). */
  @state() private accessor loaded: ReadonlySet<CrmWidget> = new Set();
  /** S-SET-7: the widgets switched on (all until the server says). */
  @state() private accessor enabled: Readonly<Record<CrmWidget, boolean>> = { customer: true, products: true, order: true, tasks: true };
  @state() private accessor failed = false;
  @state() private accessor notice = '';

  #askedFor = -1;

  protected override willUpdate(): void {
    if (this.client && this.conversationId && this.conversationId !== this.#askedFor) {
      this.#askedFor = this.conversationId;
      void this.#loadSwitches();
    }
    for (const w of this.opened) if (!this.loaded.has(w)) void this.#loadWidget(w);
  }

  async #loadSwitches(): Promise<void> {
    const client = this.client;
    const id = this.conversationId;
    if (!client || !id) return;
    try {
      const { widgets } = await client.call('crm.customer', { conversationId: id });
      if (id !== this.conversationId) return;
      this.enabled = { customer: true, ...widgets };
      this.failed = false;
    } catch (err) {
      // A conversation that left the user's sight is the panel's to handle; the CRM being down is ours.
      if (id === this.conversationId) this.failed = refusalOf(err).code === 'UNAVAILABLE';
    }
  }

  async #loadWidget(w: CrmWidget): Promise<void> {
    await load[w]();
    if (!this.loaded.has(w)) this.loaded = new Set([...this.loaded, w]);
  }

  /** Opens a widget's section and resolves to its element once it has rendered. */
  async open<T extends HTMLElement>(w: CrmWidget): Promise<T | null> {
    if (!this.opened.has(w)) this.opened = new Set([...this.opened, w]);
    await this.#loadWidget(w);
    await this.updateComplete;
    const el = this.renderRoot.querySelector<T>(`[data-widget="${w}"] > :not(summary)`);
    await (el as (T & { updateComplete?: Promise<unknown> }) | null)?.updateComplete;
    return el;
  }

  /** "Set as name / phone / email / address" on text selected in a customer's message (S-W-CUST). */
  async fill(field: 'name' | 'phone' | 'email' | 'address', text: string): Promise<void> {
    await (await this.open<CustomerWidget>('customer'))?.fill(field, text);
  }

  /** "Find product" on selected text (S-W-PROD): the products widget searches for it. */
  async findProduct(text: string): Promise<void> {
    const widget = await this.open<ProductsWidget>('products');
    if (widget) widget.query = text;
  }

  #onToggle(w: CrmWidget, e: Event): void {
    const open = (e.target as HTMLDetailsElement).open;
    const next = new Set(this.opened);
    if (open) next.add(w);
    else next.delete(w);
    this.opened = next;
  }

  async #onProductsAdd(e: CustomEvent<{ offers: readonly PickedOffer[] }>): Promise<void> {
    (await this.open<OrderWidget>('order'))?.add(e.detail.offers);
  }

  /** A send's client message id, kept until it succeeds: pressing again after a failure cannot send twice. */
  readonly #sendIds = new Map<string, string>();

  /**
   * Picked products to the customer as product cards (`crm.sendProducts`): a message per
   * `MAX_CARDS` offers, with a line each in the manager's language as the text fallback.
   */
  async #onProductsSend(e: CustomEvent<{ offers: readonly PickedOffer[] }>): Promise<void> {
    const client = this.client;
    const conversationId = this.conversationId;
    const offers = e.detail.offers;
    if (!client || offers.length === 0) return;
    const t = this.#l10n;
    const money = (o: PickedOffer) => new Intl.NumberFormat(t.lang(), { style: 'currency', currency: o.currency, maximumFractionDigits: 2 }).format(o.price);
    this.notice = '';
    try {
      for (let i = 0; i < offers.length; i += MAX_CARDS) {
        const batch = offers.slice(i, i + MAX_CARDS);
        const key = `${conversationId}:${batch.map((o) => o.offerId).join('\n')}`;
        const clientMessageId = this.#sendIds.get(key) ?? newClientMessageId();
        this.#sendIds.set(key, clientMessageId);
        const text = [t.term('productsMessage'), ...batch.map((o) => `• ${o.name} — ${money(o)}`)].join('\n');
        await client.call('crm.sendProducts', { conversationId, clientMessageId, offerIds: batch.map((o) => o.offerId), text });
        this.#sendIds.delete(key);
      }
      this.notice = t.term('productsSent', offers.length);
    } catch (err) {
      const { code, reason } = refusalOf(err);
      this.notice = code === 'NOT_FOUND' && reason === '' ? t.term('productGone') : t.term('sendFailed');
    }
  }

  #widget(w: CrmWidget) {
    const id = this.conversationId;
    switch (w) {
      case 'customer':
        return html`<chat-customer-widget exportparts=${exportparts('chat-customer-widget')} conversation-id=${id}></chat-customer-widget>`;
      case 'products':
        return html`<chat-products-widget
          exportparts=${exportparts('chat-products-widget')}
          conversation-id=${id}
          @chat-products-add=${(e: CustomEvent<{ offers: readonly PickedOffer[] }>) => void this.#onProductsAdd(e)}
          @chat-products-send=${(e: CustomEvent<{ offers: readonly PickedOffer[] }>) => void this.#onProductsSend(e)}
        ></chat-products-widget>`;
      case 'order':
        return html`<chat-order-widget exportparts=${exportparts('chat-order-widget')} conversation-id=${id}></chat-order-widget>`;
      case 'tasks':
        return html`<chat-tasks-widget exportparts=${exportparts('chat-tasks-widget')} conversation-id=${id}></chat-tasks-widget>`;
    }
  }

  /** A customer saved, linked or merged: the order and tasks widgets are about them now. */
  #onCustomerChange(): void {
    for (const w of ['order', 'tasks'] as const) {
      const el = this.renderRoot.querySelector<HTMLElement & { reload?: () => unknown }>(`[data-widget="${w}"] > :not(summary)`);
      void el?.reload?.();
    }
  }

  override render() {
    const t = this.#l10n;
    return html`<aside part="base" aria-label=${t.term('label')} @chat-customer-change=${() => this.#onCustomerChange()}>
      ${this.failed
        ? html`<p part="error" role="alert">${t.term('loadFailed')}</p>
            <button part="retry-button" type="button" @click=${() => void this.#loadSwitches()}>${t.term('retry')}</button>`
        : nothing}
      ${WIDGETS.map(
        (w) => html`<details part="section" data-widget=${w} ?open=${this.opened.has(w)} ?hidden=${!this.enabled[w]} @toggle=${(e: Event) => this.#onToggle(w, e)}>
          <summary part="summary">${t.term(w)}</summary>
          ${this.loaded.has(w) ? this.#widget(w) : nothing}
        </details>`,
      )}
      <p part="notice" role="status">${this.notice}</p>
    </aside>`;
  }
}
