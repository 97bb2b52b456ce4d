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
import { tokens } from '../lib/theme.js';
import type { CrmSidebarTerms } from './crm-sidebar.en.js';
import styles from './crm-sidebar.styles.js';

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
 *
 * @cssproperty --chat-crm-bg - Background of the sidebar.
 */
export class ChatCrmSidebar extends ChatElement {
  static override styles = [tokens, styles];

  readonly #l10n = new LocalizeController(this, terms);

  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  accessor client: ChatClient | undefined;

  /** The conversation whose customer the widgets show. */
  @property({ attribute: 'conversation-id', type: Number }) accessor conversationId = 0;

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
        return html`<chat-customer-widget conversation-id=${id}></chat-customer-widget>`;
      case 'products':
        return html`<chat-products-widget
          conversation-id=${id}
          @chat-products-add=${(e: CustomEvent<{ offers: readonly PickedOffer[] }>) => void this.#onProductsAdd(e)}
          @chat-products-send=${(e: CustomEvent<{ offers: readonly PickedOffer[] }>) => void this.#onProductsSend(e)}
        ></chat-products-widget>`;
      case 'order':
        return html`<chat-order-widget conversation-id=${id}></chat-order-widget>`;
      case 'tasks':
        return html`<chat-tasks-widget conversation-id=${id}></chat-tasks-widget>`;
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
