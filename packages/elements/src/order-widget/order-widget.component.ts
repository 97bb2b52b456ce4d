import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { consume } from '@lit/context';
import { newClientMessageId, type ChatClient } from '@chatdesk/client';
import type { CrmCustomer, CrmOrder, DeliveryType, PaymentType } from '@chatdesk/protocol';
import type { TermsOf } from '../i18n/en.js';
import { bidiText, isolate } from '../lib/bidi.js';
import { ChatElement } from '../lib/chat-element.js';
import { clientContext } from '../lib/context.js';
import { refusalOf, type Refusal } from '../lib/errors.js';
import { emit } from '../lib/events.js';
import { closePath, icon } from '../lib/icons.js';
import { LocalizeController, type Lang } from '../lib/localize.js';
import { PageClientLink } from '../lib/shared-client.js';
import { tokens, type Theme } from '../lib/theme.js';
import { defineParts } from '../lib/parts.js';
import type { OrderTerms } from './order-widget.en.js';
import styles from './order-widget.styles.js';

// Its parts as the elements around it export them (lib/parts.ts): the `@csspart` tags below.
defineParts(
  'chat-order-widget',
  'base section title order order-number order-link order-status items item item-name item-quantity item-price summary delivery address delivery-date to-pay payment-status payments payment payment-paid paid-mark actions link-button send-button action-status action-error empty hint form lines line line-name line-price quantity remove-button field label input select error stock total needs-customer form-error form-actions place-button clear-button draft-status status notice load-error retry-button',
);

/** Each language's terms, a chunk of their own (lib/localize.ts). */
const terms = {
  en: (): Promise<TermsOf<OrderTerms>> => import('./order-widget.en.js').then((m) => m.en),
  ru: (): Promise<TermsOf<OrderTerms>> => import('./order-widget.ru.js').then((m) => m.ru),
};

/** An offer to add to the order being composed (what the products widget's «Добавить в заказ» carries). */
export interface OrderOffer {
  offerId: string;
  productId?: string;
  name: string;
  price: number;
  /** ISO 4217, e.g. `RUB`. */
  currency: string;
  /** Units in stock; null or absent when the CRM does not count them. */
  stock?: number | null;
}

/** One line of the order being composed. */
export interface OrderLine {
  offerId: string;
  productId: string | null;
  name: string;
  price: number;
  currency: string;
  stock: number | null;
  /** The last valid quantity typed (1–10 000). */
  quantity: number;
}

interface DraftLine extends OrderLine {
  /** What the quantity input holds, valid or not. */
  input: string;
  /** A stable id for the shadow root: a CRM's offer ids may be any text. */
  domId: string;
}

/** What the draft's notice says: the names added, removed and already there, and whether it is full. */
interface DraftNotice {
  added: string[];
  removed: string[];
  already: string[];
  full: boolean;
}

export interface ChatOrderPlacedDetail {
  /** The order as the CRM answered it. */
  order: CrmOrder;
}

/**
 * `idle`: no client or conversation; `off`: the widget is switched off in the settings (S-SET-7);
 * `noStore`: the conversation's channel has no store (S-SET-6), so there is no catalogue to order from.
 */
type Phase = 'idle' | 'loading' | 'ready' | 'off' | 'noStore' | 'failed';

/** The protocol's bounds of a line's quantity and of an order's lines (`OrderDraft`). */
const MIN_QTY = 1;
const MAX_QTY = 10_000;
const MAX_LINES = 100;

/** A quantity as typed: a whole number within the bounds, or null. */
export function parseQuantity(raw: string): number | null {
  const s = raw.trim();
  if (!/^\d{1,6}$/.test(s)) return null;
  const n = Number(s);
  return n >= MIN_QTY && n <= MAX_QTY ? n : null;
}

/** An http(s) address; anything else (a `javascript:` one) is never a link or a message. */
export function isHttpUrl(url: string | null | undefined): boolean {
  if (!url || !/^https?:\/\//i.test(url)) return false;
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Money in the element's language and a currency: «12 990 ₽», "₽12,990"; kopecks only when there are some. */
export function formatMoney(lang: Lang, currency: string | null, amount: number): string {
  // Sums of two-decimal amounts in binary floats: 0.1 + 0.2 is 0.30000000000000004.
  const value = Math.round(amount * 100) / 100;
  const whole = Number.isInteger(value);
  const key = `${lang}|${currency ?? ''}|${whole}`;
  let format = moneyFormats.get(key);
  if (!format) {
    const digits = { minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 };
    try {
      format = currency ? new Intl.NumberFormat(lang, { style: 'currency', currency, currencyDisplay: 'narrowSymbol', ...digits }) : new Intl.NumberFormat(lang, digits);
    } catch {
      // A code Intl does not know: the number, then the code.
      const plain = new Intl.NumberFormat(lang, digits);
      format = { format: (n: number) => `${plain.format(n)} ${currency}` } as Intl.NumberFormat;
    }
    moneyFormats.set(key, format);
  }
  return format.format(value);
}

/** A delivery date (`YYYY-MM-DD`, a calendar day with no time zone) in the element's language. */
export function formatDay(date: string, lang: Lang): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** Today (local) as a date input's value. */
function todayInput(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * @summary The order widget of a conversation (S-W-ORD): the customer's current order, with a
 * payment link and a summary to send them, and a new order composed from picked offers.
 *
 * Loads with `crm.orderOptions` (the store's delivery and payment types), `crm.currentOrder` and
 * `crm.customer` (the saved customer's address, to prefill the delivery address).
 *
 * **Current order** («Текущий заказ»: the customer's newest order that is not completed or
 * cancelled): its number (a link to the CRM's card in a new tab when the CRM gives an http(s)
 * `url`; plain text otherwise), its status, the items (name × quantity and their sum), the amount
 * to pay (`total − paid`) with the payment status in words («Не оплачен», «Оплачен частично»,
 * «Оплачен»), the delivery (name, cost, address, date) and the payments (name and amount; a paid
 * one in green and marked «оплачено» in words). Money is `Intl.NumberFormat` in the element's
 * language and the order's currency. None: «Текущего заказа нет» / "No current order".
 * **Отправить ссылку на оплату / Send payment link** shows for an order not fully paid with an
 * unpaid payment of an online type (`crm.orderOptions`' `paymentTypes[].online`): it asks
 * `crm.paymentLink` and sends the customer «Ссылка на оплату заказа №…: <url>» through the client's
 * outbox (`client.send`), then says «Ссылка отправлена» or why not. **Отправить клиенту / Send to
 * customer** sends the order as an order card (`crm.sendOrder`; the server takes the order from the
 * CRM), with a plain-text summary in the manager's language as its fallback.
 *
 * **New order** («Новый заказ»): `add(offers)` (the panel calls it for the products widget's «Добавить
 * в заказ») makes each offer a line — name, price, a quantity (1–10 000) and a remove button; an
 * offer already there is not added again, and a polite notice says «Товар уже в заказе». Then the
 * delivery (a select of the store's types with their costs; required), the address (prefilled
 * from the saved customer's), an optional date and an optional payment type. The total (items and
 * the delivery's cost) follows every change. **Оформить заказ / Place order** sends
 * `crm.placeOrder`; on success the draft clears, the current order reloads, focus goes to it and
 * `chat-order-placed` fires. A customer not saved in the CRM (`CONFLICT`) is told the order needs
 * a saved customer; other refusals are worded in the user's language, the server's message being
 * the `title`.
 *
 * States: loading; the widget switched off in the settings (`FORBIDDEN`, `details.reason:
 * 'widget-off'`); a channel without a store (`CONFLICT` from `crm.orderOptions`); the CRM not
 * answering (`UNAVAILABLE`: a message and Retry). Everything the CRM returned or the user typed is
 * rendered as text. The client comes from the `client` property, a surrounding `<chat-panel>`
 * (context), or the page's panel (`ChatPanel.clientFor(document)`).
 *
 * Keyboard: every control is native and in the Tab order. Enter in a field does not place the
 * order (an order is never placed by a stray Enter): **Оформить заказ** is pressed. Removing a line
 * moves focus to the next line's remove button (or the previous one, or the section's heading);
 * after an order is placed focus goes to the current order's heading.
 *
 * @csspart base - The whole widget once it has loaded.
 * @csspart section - The current order's and the new order's sections.
 * @csspart title - Their headings.
 * @csspart order - The current order.
 * @csspart order-number - «Заказ №1001A»: a link (`order-link`) when the CRM gives one.
 * @csspart order-link - The link to the order in the CRM (a new tab).
 * @csspart order-status - The order's status.
 * @csspart items - The current order's items.
 * @csspart item - One item: `item-name`, `item-quantity`, `item-price`.
 * @csspart item-name - An item's name.
 * @csspart item-quantity - «× 2».
 * @csspart item-price - The item's sum (and the price each when more than one).
 * @csspart summary - The facts under the items (delivery, address, date, to pay).
 * @csspart delivery - The delivery's name and cost.
 * @csspart address - The delivery address.
 * @csspart delivery-date - The delivery date.
 * @csspart to-pay - The amount to pay and the payment status (`payment-status`).
 * @csspart payment-status - «Не оплачен», «Оплачен частично», «Оплачен».
 * @csspart payments - The payments.
 * @csspart payment - One payment.
 * @csspart payment-paid - Added to the `payment` that is paid.
 * @csspart paid-mark - «оплачено» / "paid" on a paid payment.
 * @csspart actions - The current order's buttons.
 * @csspart link-button - «Отправить ссылку на оплату».
 * @csspart send-button - «Отправить клиенту».
 * @csspart action-status - What a button just did (polite).
 * @csspart action-error - Why it failed (`role=alert`).
 * @csspart empty - «Текущего заказа нет».
 * @csspart hint - The new order's hint (how to add products) and a field's hint.
 * @csspart form - The new order's form.
 * @csspart lines - The new order's lines.
 * @csspart line - One line (`data-offer-id`).
 * @csspart line-name - A line's name.
 * @csspart line-price - A line's price.
 * @csspart quantity - A line's quantity input.
 * @csspart remove-button - Removes a line (named after it).
 * @csspart field - A field of the form: its label, control and message (`data-field`).
 * @csspart label - A field's label.
 * @csspart input - The address, date and quantity inputs.
 * @csspart select - The delivery and payment selects.
 * @csspart error - A field's message (`id` named by the control's `aria-describedby`).
 * @csspart stock - A line's stock warning.
 * @csspart total - The new order's total.
 * @csspart needs-customer - The customer is not saved in the CRM: the order needs them saved.
 * @csspart form-error - Why placing failed (`role=alert`).
 * @csspart form-actions - Place order and Clear.
 * @csspart place-button - «Оформить заказ».
 * @csspart clear-button - Drops the new order's lines.
 * @csspart draft-status - Added, removed, «Товар уже в заказе» (polite).
 * @csspart status - "Loading…", and what was just done, for screen readers (polite).
 * @csspart notice - The widget is switched off, or the channel has no store.
 * @csspart load-error - The order could not be loaded (`role=alert`).
 * @csspart retry-button - Loads again.
 *
 * @cssproperty --chat-order-bg - Background of the widget.
 * @cssproperty --chat-order-gap - Space between the widget's blocks.
 * @cssproperty --chat-order-paid-color - Colour of paid payments, they also say so in words (default: `--chat-success`).
 * @cssproperty --chat-order-error-color - Colour of messages and invalid fields.
 *
 * @event {{ order: CrmOrder }} chat-order-placed - An order was placed here (bubbles, composed).
 */
export class ChatOrderWidget extends ChatElement {
  static override styles = [tokens, styles];

  readonly #l10n = new LocalizeController(this, terms);

  /** The client to use; set by context, by the page's shared client, or by hand. */
  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  accessor client: ChatClient | undefined;

  /** The conversation whose customer's orders are shown and placed. */
  @property({ attribute: 'conversation-id', type: Number, reflect: true }) accessor conversationId = 0;

  /** `light`, `dark` or `auto` (the system's); not set: the page's `color-scheme`. */
  @property({ reflect: true }) accessor theme: Theme | undefined;

  @state() private accessor phase: Phase = 'idle';
  @state() private accessor failure: Refusal | null = null;
  /** A reload is on its way while the widget shows what it has. */
  @state() private accessor busy = false;
  @state() private accessor deliveryTypes: readonly DeliveryType[] = [];
  @state() private accessor paymentTypes: readonly PaymentType[] = [];
  @state() private accessor order: CrmOrder | null = null;
  /** The CRM customer; null: not saved; undefined: unknown (`crm.customer` failed). */
  @state() private accessor customer: CrmCustomer | null | undefined = undefined;

  /** The current order's buttons: what is on its way, and what it did. */
  @state() private accessor sending: 'link' | 'summary' | null = null;
  @state() private accessor actionDone = '';
  /** `crm`: the payment link was refused (or was no web address); `send`: the message was not sent. */
  @state() private accessor actionFailure: { kind: 'crm' | 'send'; refusal: Refusal } | null = null;

  @state() private accessor draft: readonly DraftLine[] = [];
  @state() private accessor delivery = '';
  @state() private accessor address = '';
  /** The user typed an address: a reload no longer prefills it. */
  #addressTouched = false;
  @state() private accessor date = '';
  @state() private accessor payment = '';
  @state() private accessor deliveryMissing = false;
  @state() private accessor dateBad = false;
  @state() private accessor itemsMissing = false;
  @state() private accessor placing = false;
  @state() private accessor placeFailure: Refusal | null = null;
  /** `crm.placeOrder` answered that the customer is not saved in the CRM. */
  @state() private accessor unsavedRefusal: Refusal | null = null;
  /** Added, removed, already there: the draft's polite notice (worded at render: add() may come before the terms). */
  @state() private accessor draftNotice: DraftNotice | null = null;
  /** What was just done, for the polite status. */
  @state() private accessor announcement = '';

  #loadedWith: ChatClient | undefined;
  #loadedFor = 0;
  #seq = 0;
  #orderSeq = 0;
  #lineIds = 0;
  readonly #page = new PageClientLink(this);

  override connectedCallback(): void {
    const before = this.client;
    // The context request is answered synchronously inside super.connectedCallback().
    super.connectedCallback();
    this.#page.connected(before);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#page.disconnected();
  }

  /** The lines of the order being composed, in the order added. */
  get lines(): readonly Readonly<OrderLine>[] {
    return this.draft.map(({ offerId, productId, name, price, currency, stock, quantity }) => ({ offerId, productId, name, price, currency, stock, quantity }));
  }

  /**
   * Adds offers to the order being composed, each as a line of quantity 1; an offer already there
   * stays as it is and the notice says so. Works while the widget loads (the panel calls it the
   * moment it opens the widget).
   */
  add(offers: readonly OrderOffer[]): void {
    const lines = [...this.draft];
    const notice: DraftNotice = { added: [], already: [], removed: [], full: false };
    for (const o of offers) {
      if (lines.some((l) => l.offerId === o.offerId)) {
        notice.already.push(o.name);
        continue;
      }
      if (lines.length >= MAX_LINES) {
        notice.full = true;
        break;
      }
      lines.push({
        offerId: o.offerId,
        productId: o.productId ?? null,
        name: o.name,
        price: o.price,
        currency: o.currency,
        stock: o.stock ?? null,
        quantity: 1,
        input: '1',
        domId: `line-${++this.#lineIds}`,
      });
      notice.added.push(o.name);
    }
    this.draft = lines;
    if (notice.added.length > 0) this.itemsMissing = false;
    this.draftNotice = notice;
  }

  /** Loads the options, the current order and the customer again; the draft stays. */
  reload(): Promise<void> {
    return this.#fetch();
  }

  protected override willUpdate(): void {
    if (this.client !== this.#loadedWith || this.conversationId !== this.#loadedFor) {
      // Another conversation: its draft is not this one's. (The first one keeps what add() put in
      // before the widget knew its conversation: the panel adds as it opens the widget.)
      if (this.conversationId !== this.#loadedFor && this.#loadedFor !== 0) this.#clearDraft(true);
      this.#loadedWith = this.client;
      this.#loadedFor = this.conversationId;
      this.phase = 'idle';
      this.order = null;
      this.customer = undefined;
      this.failure = null;
      this.actionDone = '';
      this.actionFailure = null;
      this.placeFailure = null;
      this.unsavedRefusal = null;
      void this.#fetch();
    }
  }

  async #fetch(): Promise<void> {
    const client = this.client;
    const conversationId = this.conversationId;
    const seq = ++this.#seq;
    this.#orderSeq++;
    if (!client || !(conversationId > 0)) {
      this.phase = 'idle';
      return;
    }
    if (this.phase !== 'ready') this.phase = 'loading';
    this.busy = true;
    const [options, current, customer] = await Promise.allSettled([
      client.call('crm.orderOptions', { conversationId }),
      client.call('crm.currentOrder', { conversationId }),
      client.call('crm.customer', { conversationId }),
    ]);
    if (seq !== this.#seq) return;
    this.busy = false;
    for (const r of [options, current]) {
      if (r.status !== 'rejected') continue;
      const refusal = refusalOf(r.reason);
      if (refusal.code === 'FORBIDDEN' && refusal.reason === 'widget-off') this.phase = 'off';
      // Only crm.orderOptions answers CONFLICT: the channel has no store.
      else if (refusal.code === 'CONFLICT' && r === options) this.phase = 'noStore';
      else {
        this.phase = 'failed';
        this.failure = refusal;
      }
      return;
    }
    if (options.status === 'rejected' || current.status === 'rejected') return;
    this.deliveryTypes = options.value.deliveryTypes;
    this.paymentTypes = options.value.paymentTypes;
    // A choice the store no longer offers is no choice.
    if (this.delivery && !this.deliveryTypes.some((d) => d.code === this.delivery)) this.delivery = '';
    if (this.payment && !this.paymentTypes.some((p) => p.code === this.payment)) this.payment = '';
    this.#setOrder(current.value.order);
    // The customer is an aid (the address, the saved-customer note): without it the widget works.
    this.customer = customer.status === 'fulfilled' ? customer.value.customer : undefined;
    if (this.customer) this.unsavedRefusal = null;
    if (!this.#addressTouched) this.address = this.customer?.address ?? '';
    this.failure = null;
    this.phase = 'ready';
  }

  #setOrder(order: CrmOrder | null): void {
    if (order?.id !== this.order?.id) {
      this.actionDone = '';
      this.actionFailure = null;
    }
    this.order = order;
  }

  /** The current order again (after placing one). */
  async #loadOrder(): Promise<void> {
    const client = this.client;
    const conversationId = this.conversationId;
    if (!client || !(conversationId > 0)) return;
    const seq = ++this.#orderSeq;
    try {
      const { order } = await client.call('crm.currentOrder', { conversationId });
      if (seq === this.#orderSeq && client === this.client && conversationId === this.conversationId) this.#setOrder(order);
    } catch {
      // The order just placed is shown meanwhile; the next reload asks again.
    }
  }

  /** Retry: when the widget is in, the focus that was on the button goes to the current order's heading. */
  async #retry(): Promise<void> {
    await this.reload();
    await this.updateComplete;
    const retry = this.renderRoot.querySelector<HTMLElement>('[part~="retry-button"]');
    if (retry) retry.focus();
    else this.renderRoot.querySelector<HTMLElement>('#current-title')?.focus();
  }

  // ---- the current order ---------------------------------------------------------------------

  /** An unpaid payment of a type the store takes online: a payment link can be sent. */
  #linkable(order: CrmOrder): boolean {
    if (order.paymentStatus === 'paid') return false;
    return order.payments.some((p) => !p.paid && this.paymentTypes.some((t) => t.code === p.type && t.online));
  }

  async #sendLink(order: CrmOrder): Promise<void> {
    const client = this.client;
    const conversationId = this.conversationId;
    if (!client || this.sending) return;
    const t = this.#l10n;
    this.sending = 'link';
    this.actionDone = '';
    this.actionFailure = null;
    let url: string;
    try {
      ({ url } = await client.call('crm.paymentLink', { conversationId, orderId: order.id }));
    } catch (err) {
      this.#actionFailed(client, conversationId, 'crm', refusalOf(err));
      return;
    }
    // The protocol takes any string here; the customer gets a link only when it is a web address.
    if (!isHttpUrl(url)) {
      this.#actionFailed(client, conversationId, 'crm', { code: 'BAD_URL', reason: '', detail: url.slice(0, 200) });
      return;
    }
    await this.#send(client, conversationId, t.term('linkMessage', order.number, url), t.term('linkSent'));
  }

  /**
   * The order card's text fallback (for messengers that show no order cards): the number, the
   * items, the delivery and the amount to pay as lines, in the manager's language.
   */
  orderSummary(order: CrmOrder): string {
    const t = this.#l10n;
    const lang = t.lang();
    const money = (n: number) => formatMoney(lang, order.currency, n);
    const due = Math.max(0, order.total - order.paid);
    const lines = [t.term('summaryMessage', order.number)];
    for (const i of order.items) lines.push(`• ${i.name} × ${i.quantity} — ${money(i.price * i.quantity)}`);
    lines.push(t.term('summaryDelivery', order.delivery.name, order.delivery.cost > 0 ? money(order.delivery.cost) : t.term('free')));
    if (order.delivery.address.trim()) lines.push(t.term('summaryAddress', order.delivery.address.trim()));
    if (order.delivery.date) lines.push(t.term('summaryDate', formatDay(order.delivery.date, lang)));
    lines.push(order.paymentStatus === 'paid' ? t.term('summaryPaid') : t.term('summaryToPay', money(due)));
    return lines.join('\n');
  }

  async #sendSummary(order: CrmOrder): Promise<void> {
    const client = this.client;
    if (!client || this.sending) return;
    this.sending = 'summary';
    this.actionDone = '';
    this.actionFailure = null;
    const conversationId = this.conversationId;
    // Kept until it succeeds: pressing again after a failure cannot send the card twice.
    const key = `${conversationId}:${order.id}`;
    const clientMessageId = this.#cardIds.get(key) ?? newClientMessageId();
    this.#cardIds.set(key, clientMessageId);
    try {
      await client.call('crm.sendOrder', { conversationId, orderId: order.id, clientMessageId, text: this.orderSummary(order) });
    } catch (err) {
      this.#actionFailed(client, conversationId, 'send', refusalOf(err));
      return;
    }
    this.#cardIds.delete(key);
    if (client !== this.client || conversationId !== this.conversationId) return;
    this.sending = null;
    this.actionDone = this.#l10n.term('summarySent');
  }

  readonly #cardIds = new Map<string, string>();

  /** Sends through the outbox: it shows in the thread at once and is resent after a reconnect. */
  async #send(client: ChatClient, conversationId: number, text: string, done: string): Promise<void> {
    try {
      await client.send(text, conversationId);
    } catch (err) {
      this.#actionFailed(client, conversationId, 'send', refusalOf(err));
      return;
    }
    if (client !== this.client || conversationId !== this.conversationId) return;
    this.sending = null;
    this.actionDone = done;
  }

  #actionFailed(client: ChatClient, conversationId: number, kind: 'crm' | 'send', refusal: Refusal): void {
    if (client !== this.client || conversationId !== this.conversationId) return;
    this.sending = null;
    if (kind === 'crm' && refusal.code === 'FORBIDDEN' && refusal.reason === 'widget-off') {
      this.phase = 'off';
      return;
    }
    // A failed send stays in the thread's outbox (with its Retry there): worded as the message's.
    this.actionFailure = { kind, refusal };
  }

  #renderOrder(order: CrmOrder): TemplateResult {
    const t = this.#l10n;
    const lang = t.lang();
    const money = (n: number) => formatMoney(lang, order.currency, n);
    const due = Math.max(0, order.total - order.paid);
    const number = bidiText(t.term('orderNumber', isolate(order.number)));
    const failure = this.actionFailure;
    return html`<div part="order">
      <p part="order-number">
        ${order.url && isHttpUrl(order.url)
          ? html`<a part="order-link" href=${order.url} target="_blank" rel="noopener noreferrer">${number}<span class="visually-hidden"> ${t.term('newTab')}</span></a>`
          : number}
      </p>
      <p part="order-status">${t.term('status')}: <bdi>${order.status.name}</bdi></p>
      <ul part="items" aria-label=${t.term('items')}>
        ${order.items.map(
          (i) => html`<li part="item">
            <span part="item-name">${i.name}</span>
            <span part="item-quantity">× ${i.quantity}</span>
            <span part="item-price"
              >${money(i.price * i.quantity)}${i.quantity > 1 ? html` <span class="each">(${t.term('each', money(i.price))})</span>` : nothing}</span
            >
          </li>`,
        )}
      </ul>
      <dl part="summary">
        <div part="delivery">
          <dt>${t.term('delivery')}</dt>
          <dd><bdi>${order.delivery.name}</bdi> — ${order.delivery.cost > 0 ? money(order.delivery.cost) : t.term('free')}</dd>
        </div>
        ${order.delivery.address.trim()
          ? html`<div part="address">
              <dt>${t.term('address')}</dt>
              <dd>${order.delivery.address}</dd>
            </div>`
          : nothing}
        ${order.delivery.date
          ? html`<div part="delivery-date">
              <dt>${t.term('deliveryDate')}</dt>
              <dd><time datetime=${order.delivery.date}>${formatDay(order.delivery.date, lang)}</time></dd>
            </div>`
          : nothing}
        ${order.payments.length > 0
          ? html`<div part="payments">
              <dt>${t.term('payments')}</dt>
              ${order.payments.map(
                (p) => html`<dd part=${p.paid ? 'payment payment-paid' : 'payment'}>
                  <bdi>${p.name}</bdi> — ${money(p.amount)}${p.paid ? html` · <span part="paid-mark">${t.term('paidMark')}</span>` : nothing}
                </dd>`,
              )}
            </div>`
          : nothing}
        <div part="to-pay">
          <dt>${t.term('toPay')}</dt>
          <dd><strong>${money(due)}</strong> · <span part="payment-status" data-status=${order.paymentStatus}>${t.term('paymentStatus', order.paymentStatus)}</span></dd>
        </div>
      </dl>
      <div part="actions">
        ${this.#linkable(order)
          ? html`<button part="link-button" type="button" aria-disabled=${this.sending ? 'true' : 'false'} @click=${() => void this.#sendLink(order)}>
              ${this.sending === 'link' ? t.term('sending') : t.term('sendLink')}
            </button>`
          : nothing}
        <button part="send-button" type="button" aria-disabled=${this.sending ? 'true' : 'false'} @click=${() => void this.#sendSummary(order)}>
          ${this.sending === 'summary' ? t.term('sending') : t.term('sendSummary')}
        </button>
      </div>
      <p part="action-status" role="status">${this.actionDone}</p>
      ${failure
        ? html`<p part="action-error" role="alert" title=${failure.refusal.detail || nothing}>
            ${failure.kind === 'send' ? t.term('sendFailed', failure.refusal.code) : t.term('linkFailed', failure.refusal.code)}
          </p>`
        : nothing}
    </div>`;
  }

  // ---- the new order -------------------------------------------------------------------------

  #clearDraft(all: boolean): void {
    this.draft = [];
    this.delivery = '';
    this.date = '';
    this.payment = '';
    this.deliveryMissing = false;
    this.dateBad = false;
    this.itemsMissing = false;
    this.placeFailure = null;
    this.#addressTouched = false;
    // Another conversation's customer is not known yet: its load fills the address in.
    this.address = all ? '' : (this.customer?.address ?? '');
    if (all) this.draftNotice = null;
  }

  #setQuantity(line: DraftLine, input: HTMLInputElement): void {
    // A number input that holds something other than a number reads as '' with `badInput`.
    const raw = input.validity.badInput ? 'x' : input.value;
    const quantity = parseQuantity(raw);
    this.draft = this.draft.map((l) => (l.offerId === line.offerId ? { ...l, input: raw, quantity: quantity ?? l.quantity } : l));
  }

  async #remove(line: DraftLine): Promise<void> {
    const i = this.draft.findIndex((l) => l.offerId === line.offerId);
    if (i < 0) return;
    this.draft = this.draft.filter((l) => l.offerId !== line.offerId);
    this.draftNotice = { added: [], already: [], removed: [line.name], full: false };
    await this.updateComplete;
    const next = this.draft[i] ?? this.draft[i - 1];
    const target = next
      ? this.renderRoot.querySelector<HTMLElement>(`#${next.domId}-remove`)
      : this.renderRoot.querySelector<HTMLElement>('#compose-title');
    target?.focus();
  }

  #deliveryCost(): number {
    return this.deliveryTypes.find((d) => d.code === this.delivery)?.cost ?? 0;
  }

  /** The draft's total, or null while a quantity is not a valid one. */
  #total(): number | null {
    if (this.draft.some((l) => parseQuantity(l.input) === null)) return null;
    return this.draft.reduce((sum, l) => sum + l.price * l.quantity, 0) + this.#deliveryCost();
  }

  #onFormKey(e: KeyboardEvent): void {
    // An order is not placed by a stray Enter in a field: Place order is pressed.
    const target = e.composedPath()[0];
    if (e.key === 'Enter' && target instanceof HTMLInputElement) e.preventDefault();
  }

  async #place(e: Event): Promise<void> {
    e.preventDefault();
    const client = this.client;
    if (!client || this.placing) return;
    const dateInput = this.renderRoot.querySelector<HTMLInputElement>('#order-date');
    this.dateBad = dateInput ? dateInput.validity.badInput || dateInput.validity.rangeUnderflow : false;
    this.deliveryMissing = this.delivery === '';
    this.itemsMissing = this.draft.length === 0;
    const badLine = this.draft.find((l) => parseQuantity(l.input) === null);
    if (this.itemsMissing || badLine || this.deliveryMissing || this.dateBad) {
      await this.updateComplete;
      const first = badLine ? `#${badLine.domId}-qty` : this.deliveryMissing ? '#order-delivery' : this.dateBad ? '#order-date' : '#compose-title';
      this.renderRoot.querySelector<HTMLElement>(first)?.focus();
      return;
    }
    const conversationId = this.conversationId;
    const lines = this.draft;
    this.placing = true;
    this.placeFailure = null;
    this.unsavedRefusal = null;
    try {
      const { order } = await client.call('crm.placeOrder', {
        conversationId,
        items: lines.map((l) => ({ offerId: l.offerId, quantity: l.quantity })),
        delivery: { type: this.delivery, address: this.address.trim(), date: this.date || null },
        ...(this.payment ? { paymentType: this.payment } : {}),
      });
      if (client !== this.client || conversationId !== this.conversationId) return;
      this.placing = false;
      this.#clearDraft(false);
      this.draftNotice = null;
      this.#setOrder(order);
      this.announcement = this.#l10n.term('placed', isolate(order.number));
      emit<ChatOrderPlacedDetail>(this, 'chat-order-placed', { order });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#current-title')?.focus();
      // The CRM's word on which order is current (the one just placed, unless it says otherwise).
      await this.#loadOrder();
    } catch (err) {
      if (client !== this.client || conversationId !== this.conversationId) return;
      this.placing = false;
      await this.#placeRefused(client, conversationId, refusalOf(err));
    }
  }

  /**
   * `CONFLICT` from `crm.placeOrder` is either a customer not saved in the CRM or a channel without
   * a store (the protocol gives no reason to tell them apart): `crm.customer` says which.
   */
  async #placeRefused(client: ChatClient, conversationId: number, refusal: Refusal): Promise<void> {
    if (refusal.code === 'FORBIDDEN' && refusal.reason === 'widget-off') {
      this.phase = 'off';
      return;
    }
    if (refusal.code === 'CONFLICT') {
      const answer = await client.call('crm.customer', { conversationId }).catch(() => null);
      if (client !== this.client || conversationId !== this.conversationId) return;
      if (answer) this.customer = answer.customer;
      if (answer && answer.customer !== null && answer.store === null) {
        this.phase = 'noStore';
        return;
      }
      if (!answer || answer.customer === null) {
        this.unsavedRefusal = refusal;
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('[part~="needs-customer"]')?.focus();
        return;
      }
    }
    this.placeFailure = refusal;
  }

  #renderLine(line: DraftLine): TemplateResult {
    const t = this.#l10n;
    const lang = t.lang();
    const invalid = parseQuantity(line.input) === null;
    const over = !invalid && line.stock !== null && line.quantity > line.stock;
    const describedBy = [invalid ? `${line.domId}-error` : '', over || line.stock === 0 ? `${line.domId}-stock` : ''].filter(Boolean).join(' ');
    return html`<li part="line" data-offer-id=${line.offerId}>
      <span part="line-name" id="${line.domId}-name">${line.name}</span>
      <span part="line-price">${formatMoney(lang, line.currency, line.price)}</span>
      <span class="qty">
        <label class="visually-hidden" for="${line.domId}-qty">${t.term('quantity', line.name)}</label>
        <input
          part="input quantity"
          id="${line.domId}-qty"
          type="number"
          inputmode="numeric"
          min=${MIN_QTY}
          max=${MAX_QTY}
          step="1"
          .value=${live(line.input === 'x' ? '' : line.input)}
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby=${describedBy || nothing}
          @input=${(e: Event) => this.#setQuantity(line, e.target as HTMLInputElement)}
        />
      </span>
      <button
        part="remove-button"
        id="${line.domId}-remove"
        type="button"
        aria-label=${t.term('remove', isolate(line.name))}
        title=${t.term('remove', line.name)}
        @click=${() => void this.#remove(line)}
      >
        ${icon(closePath)}
      </button>
      ${invalid ? html`<p part="error" id="${line.domId}-error">${t.term('quantityInvalid')}</p>` : nothing}
      ${line.stock === 0
        ? html`<p part="stock" id="${line.domId}-stock">${t.term('outOfStock')}</p>`
        : over
          ? html`<p part="stock" id="${line.domId}-stock">${t.term('overStock', line.stock!)}</p>`
          : nothing}
    </li>`;
  }

  #renderForm(): TemplateResult {
    const t = this.#l10n;
    const lang = t.lang();
    // One store, one currency: the first line's names the delivery's too.
    const currency = this.draft[0]?.currency ?? this.order?.currency ?? null;
    const money = (n: number) => formatMoney(lang, currency, n);
    const total = this.#total();
    const unsaved = this.unsavedRefusal ?? (this.customer === null ? true : null);
    return html`<form part="form" novalidate aria-labelledby="compose-title" @submit=${this.#place} @keydown=${this.#onFormKey}>
      <ul part="lines" aria-label=${t.term('draftItems')}>
        ${repeat(
          this.draft,
          (l) => l.offerId,
          (l) => this.#renderLine(l),
        )}
      </ul>
      ${this.itemsMissing ? html`<p part="error" id="items-error">${t.term('itemsMissing')}</p>` : nothing}
      <div part="field" data-field="delivery">
        <label part="label" for="order-delivery">${t.term('deliveryType')}</label>
        <select
          part="select"
          id="order-delivery"
          aria-required="true"
          aria-invalid=${this.deliveryMissing ? 'true' : 'false'}
          aria-describedby=${this.deliveryMissing ? 'delivery-error' : nothing}
          @change=${(e: Event) => {
            this.delivery = (e.target as HTMLSelectElement).value;
            if (this.delivery) this.deliveryMissing = false;
          }}
        >
          <option value="" .selected=${this.delivery === ''}>${t.term('chooseDelivery')}</option>
          ${this.deliveryTypes.map(
            (d) => html`<option value=${d.code} .selected=${d.code === this.delivery}>${t.term('deliveryOption', d.name, d.cost > 0 ? money(d.cost) : t.term('free'))}</option>`,
          )}
        </select>
        ${this.deliveryMissing ? html`<p part="error" id="delivery-error">${t.term('deliveryMissing')}</p>` : nothing}
      </div>
      <div part="field" data-field="address">
        <label part="label" for="order-address">${t.term('addressLabel')}</label>
        <input
          part="input"
          id="order-address"
          type="text"
          maxlength="500"
          autocomplete="off"
          .value=${live(this.address)}
          @input=${(e: Event) => {
            this.address = (e.target as HTMLInputElement).value;
            this.#addressTouched = true;
          }}
        />
      </div>
      <div part="field" data-field="date">
        <label part="label" for="order-date">${t.term('dateLabel')}</label>
        <input
          part="input"
          id="order-date"
          type="date"
          min=${todayInput()}
          .value=${live(this.date)}
          aria-invalid=${this.dateBad ? 'true' : 'false'}
          aria-describedby=${this.dateBad ? 'date-error' : nothing}
          @input=${(e: Event) => {
            this.date = (e.target as HTMLInputElement).value;
            this.dateBad = false;
          }}
        />
        ${this.dateBad ? html`<p part="error" id="date-error">${t.term('dateInvalid')}</p>` : nothing}
      </div>
      <div part="field" data-field="payment">
        <label part="label" for="order-payment">${t.term('paymentType')}</label>
        <select part="select" id="order-payment" @change=${(e: Event) => (this.payment = (e.target as HTMLSelectElement).value)}>
          <option value="" .selected=${this.payment === ''}>${t.term('noPayment')}</option>
          ${this.paymentTypes.map((p) => html`<option value=${p.code} .selected=${p.code === this.payment}>${p.online ? t.term('onlineMark', p.name) : p.name}</option>`)}
        </select>
      </div>
      <p part="total">
        ${t.term('total')}: <output for="order-delivery">${total === null ? t.term('totalInvalid') : money(total)}</output>
      </p>
      ${unsaved
        ? html`<p
            part="needs-customer"
            tabindex="-1"
            role=${this.unsavedRefusal ? 'alert' : nothing}
            title=${this.unsavedRefusal?.detail || nothing}
          >
            ${t.term('needsCustomer')}
          </p>`
        : nothing}
      ${this.placeFailure
        ? html`<p part="form-error" role="alert" title=${this.placeFailure.detail || nothing}>${t.term('placeFailed', this.placeFailure.code)}</p>`
        : nothing}
      <div part="form-actions">
        <button part="place-button" type="submit" aria-disabled=${this.placing ? 'true' : 'false'}>${this.placing ? t.term('placing') : t.term('place')}</button>
        <button
          part="clear-button"
          type="button"
          @click=${async () => {
            this.#clearDraft(false);
            await this.updateComplete;
            this.renderRoot.querySelector<HTMLElement>('#compose-title')?.focus();
          }}
        >
          ${t.term('clear')}
        </button>
      </div>
    </form>`;
  }

  // ---- render --------------------------------------------------------------------------------

  #renderNotice(): unknown {
    const n = this.draftNotice;
    if (!n) return nothing;
    const t = this.#l10n;
    const names = (list: readonly string[]) => list.map(isolate).join(', ');
    const sentences = [
      ...(n.added.length > 0 ? [t.term('added', names(n.added))] : []),
      ...(n.removed.length > 0 ? [t.term('removed', names(n.removed))] : []),
      ...(n.already.length > 0 ? [t.term('already', names(n.already))] : []),
      ...(n.full ? [t.term('tooMany')] : []),
    ];
    return bidiText(sentences.join(' '));
  }

  #renderReady(): TemplateResult {
    const t = this.#l10n;
    const order = this.order;
    return html`<div part="base" aria-busy=${this.busy ? 'true' : 'false'}>
      <section part="section" aria-labelledby="current-title">
        <h3 part="title" id="current-title" tabindex="-1">${t.term('current')}</h3>
        ${order ? this.#renderOrder(order) : html`<p part="empty">${t.term('noCurrent')}</p>`}
      </section>
      <section part="section" aria-labelledby="compose-title">
        <h3 part="title" id="compose-title" tabindex="-1">${t.term('compose')}</h3>
        ${this.draft.length === 0 ? html`<p part="hint">${t.term('composeHint')}</p>` : this.#renderForm()}
        <p part="draft-status" role="status">${this.#renderNotice()}</p>
      </section>
      <p part="status" class="visually-hidden" role="status">${this.busy ? t.term('updating') : bidiText(this.announcement)}</p>
    </div>`;
  }

  override render() {
    const t = this.#l10n;
    switch (this.phase) {
      case 'idle':
        return html`<p part="status" role="status">${this.client ? t.term('noConversation') : t.term('noClient')}</p>`;
      case 'loading':
        return html`<p part="status" role="status">${t.term('loading')}</p>`;
      case 'off':
        return html`<p part="notice" tabindex="-1">${t.term('widgetOff')}</p>`;
      case 'noStore':
        return html`<p part="notice" tabindex="-1">${t.term('noStore')}</p>`;
      case 'failed': {
        const f = this.failure;
        return html`<div part="base">
          <p part="load-error" role="alert" title=${f?.detail || nothing}>${t.term('loadFailed', f?.code ?? '')}</p>
          <button part="retry-button" type="button" @click=${() => void this.#retry()}>${t.term('retry')}</button>
        </div>`;
      }
      case 'ready':
        return this.#renderReady();
    }
  }
}
