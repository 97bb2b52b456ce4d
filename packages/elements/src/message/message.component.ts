import { html, nothing } from 'lit';
import { ChatElement } from '../lib/chat-element.js';
import { property, state } from 'lit/decorators.js';
import type { Attachment, AuthorKind, DeliveryStatus, FailReason, MessageCard, ReplyRef } from '@chatdesk/protocol';
import { fileTerms } from '../attachments/files.i18n.js';
import type { FileTerms } from '../attachments/files.en.js';
import type { TermsOf } from '../i18n/en.js';
import type { ChatImageOpenDetail } from '../attachments/message-files.view.js';
import { adoptFileStyles, filesUi, loadFilesUi } from '../attachments/load.js';
import { cardsUi, loadCardsUi } from '../message-cards/load.js';
import { bidiText } from '../lib/bidi.js';
import { errorWords } from '../lib/errors.js';
import { emit } from '../lib/events.js';
import { checksPath, failedPath, morePath } from '../lib/crm-icons.js';
import { checkPath, clockPath, icon } from '../lib/icons.js';
import { linked } from '../lib/links.js';
import { terms } from '../i18n/index.js';
import { LocalizeController } from '../lib/localize.js';
import { defineParts, exportparts, PartsController } from '../lib/parts.js';
import { tokens } from '../lib/theme.js';
import { formatAgo, formatClock, formatFull } from '../lib/time.js';
import type { ChatMenuChooseDetail, MessageMenuItem } from './message-menu.component.js';
import styles from './message.styles.js';

// Its parts as the elements around it export them (lib/parts.ts): the `@csspart` tags below.
defineParts(
  'chat-message',
  'base author quote quote-author quote-text text link meta time edited status tooltip actions retry-button discard-button menu-button notice images image thumbnail audio file file-name file-meta cards card card-product card-order card-image card-name card-price card-stock card-article card-status card-items card-item card-delivery card-total card-to-pay',
  ['chat-message-menu', 'chat-audio-player'],
);

/**
 * S-DLG-13: a stored message's delivery status, or an outbox state (`sending`); empty shows none.
 * `queued` is the server's queue for a stored message and "waiting for the connection" for a
 * pending one (no `message-id`).
 */
export type MessageStatus = DeliveryStatus | 'sending' | '';

/** `messageId` for a stored failed message (`messages.retry`), `clientMessageId` for a pending send. */
export interface ChatRetryDetail {
  messageId?: number;
  clientMessageId?: string;
}
export interface ChatDiscardDetail {
  clientMessageId: string;
}
/** The detail of `chat-reply`, `chat-edit`, `chat-delete`, `chat-history` and `chat-reveal`. */
export interface ChatMessageRefDetail {
  messageId: number;
}

/** Newer than this, the time reads "5 minutes ago" (when `now` is given); older, the clock time. */
const RELATIVE_MS = 60 * 60_000;

/**
 * @summary One message bubble. A leaf: it takes plain properties and never reads the store.
 *
 * The text is always rendered as text (never parsed as HTML); newlines are kept by CSS. Only
 * `http(s)` URLs, e-mail addresses and phone numbers in it become links (`<a>` elements built
 * around text slices, `https:`/`http:` in a new tab, `mailto:`, `tel:`; nothing else). User text
 * (the text, the author, the quote) is bidi-isolated: a right-to-left override in it cannot
 * reorder anything around it. An outgoing message shows its delivery status (S-DLG-13): a clock
 * while queued or sending, one check when sent, one accent check when delivered, two when read, a
 * red exclamation when failed (inline SVG icons, each mark with an accessible label); a failure's
 * reason shows on hover and on keyboard focus of the mark, next to Retry, in the reader's
 * language (a pending send refused by the server: by its error code and `details.reason`). A reply shows the quoted message above the text (activating the quote asks
 * the thread to show it), an edited message says so, a deleted one says "Message deleted".
 *
 * S-W-PROD, S-W-ORD: a message with product or order cards (`cards`) shows the cards instead of
 * its text (the text is their plain-text fallback). Their code, styles and terms are a chunk of
 * their own, fetched with the first such message; the message renders once they are in (its text
 * if the chunk cannot be had). A product card: its picture (lazy, no referrer), its name (a link to
 * its page in a new tab, only for an `http(s)` address), its price in the card's currency, in stock
 * or not, its article; an order card: its number, status, items, delivery, total and what is left
 * to pay. All of it is rendered as text and bidi-isolated.
 *
 * The "⋯" button (shown on hover and focus) opens the message menu (S-DLG-7), loaded on first
 * use: Reply and Copy, Edit and Delete when `can-edit` / `can-delete`, History when
 * `can-view-history`. Copy writes to the clipboard and announces it; the others are events.
 *
 * In a thread's roving tab stop (`tabStop` set) the message itself is what takes focus (an
 * `article` named by its author, text and time): Enter, the context-menu key or Shift+F10 on it
 * opens the menu, the "⋯" button is for the pointer only, and the quote and Retry / Discard
 * follow it in the Tab order only while it holds the stop.
 *
 * @csspart base - The bubble.
 * @csspart author - The author's name.
 * @csspart quote - The quoted message of a reply (a button).
 * @csspart quote-author - The quoted message's author.
 * @csspart quote-text - The quoted text (or "Message deleted").
 * @csspart text - The message text (or "Message deleted").
 * @csspart link - A link in the text: an `http(s)` URL, an e-mail address or a phone number.
 * @csspart meta - The line with the time, the edited mark and the delivery status.
 * @csspart time - The `<time>` element.
 * @csspart edited - The "edited" mark (its title says when).
 * @csspart status - The delivery status mark of an outgoing message (focusable when failed).
 * @csspart tooltip - The failure's reason, shown while the failed mark is hovered or focused (the
 * server's own message, if any, is its `title`).
 * @csspart actions - The failure reason with Retry (and Discard for a pending send).
 * @csspart retry-button - Retry a failed send.
 * @csspart discard-button - Drop a failed pending send.
 * @csspart menu-button - The "⋯" button that opens the message menu.
 * @csspart notice - The polite live region that says "Copied".
 * @csspart images - The row of image previews (S-DLG-5).
 * @csspart image - Each preview (a button sized from the image's dimensions before it loads).
 * @csspart thumbnail - Its `<img>`.
 * @csspart audio - A voice message's `<chat-audio-player>`.
 * @csspart file - A file's card (a download link).
 * @csspart file-name - Its name.
 * @csspart file-meta - Its size and type.
 * @csspart cards - The product and order cards (S-W-PROD, S-W-ORD), in place of the text.
 * @csspart card - A card (an `article` named «Товар: …» / «Заказ №…»).
 * @csspart card-product - Added to a product's `card`.
 * @csspart card-order - Added to an order's `card`.
 * @csspart card-image - A product's picture (64 × 64 CSS pixels).
 * @csspart card-name - A product's name (a link to its page when it has an `http(s)` one), or «Заказ №…» / "Order No. …".
 * @csspart card-price - A product's price.
 * @csspart card-stock - «В наличии» / "In stock" or «Нет в наличии» / "Out of stock" (`data-stock` `in` / `out`).
 * @csspart card-article - A product's article.
 * @csspart card-status - An order's status.
 * @csspart card-items - An order's items (a list).
 * @csspart card-item - An item: name × quantity — sum.
 * @csspart card-delivery - An order's delivery (name — cost or «бесплатно» / "free") and address.
 * @csspart card-total - An order's total.
 * @csspart card-to-pay - «К оплате: …» / "To pay: …", «Оплачен частично, к оплате …» / "Partly paid, … to pay", or «Оплачен» / "Paid" (`data-payment`).
 * @csspart message-menu-menu - `<chat-message-menu>`'s `menu`.
 * @csspart message-menu-item - `<chat-message-menu>`'s `item`.
 * @csspart message-menu-question - `<chat-message-menu>`'s `question`.
 * @csspart audio-player-base - `<chat-audio-player>`'s `base`.
 * @csspart audio-player-button - `<chat-audio-player>`'s `button`.
 * @csspart audio-player-slider - `<chat-audio-player>`'s `slider`.
 * @csspart audio-player-time - `<chat-audio-player>`'s `time`.
 * @csspart audio-player-error - `<chat-audio-player>`'s `error`.
 *
 * @cssproperty --chat-message-bg - Background of incoming messages.
 * @cssproperty --chat-message-text - Text colour of incoming messages.
 * @cssproperty --chat-message-outgoing-bg - Background of outgoing messages.
 * @cssproperty --chat-message-outgoing-text - Text colour of outgoing messages.
 * @cssproperty --chat-message-max-width - Widest a bubble gets, relative to the thread.
 * @cssproperty --chat-message-quote-border - The bar beside a quote.
 * @cssproperty --chat-message-read-color - Colour of the delivered and read checks.
 * @cssproperty --chat-card-background - Background of a card (default: `--chat-surface`).
 * @cssproperty --chat-card-border - Border colour of a card (default: `--chat-border`).
 * @cssproperty --chat-card-radius - Corner radius of a card (default: `--chat-radius`).
 *
 * @event {{ messageId?: number, clientMessageId?: string }} chat-retry - Retry was pressed on a failed message (stored: `messageId`) or send (pending: `clientMessageId`).
 * @event {{ clientMessageId: string }} chat-discard - Discard was pressed on a failed pending send.
 * @event {{ messageId: number }} chat-reply - Reply was chosen in the menu.
 * @event {{ messageId: number }} chat-edit - Edit was chosen in the menu.
 * @event {{ messageId: number }} chat-delete - Delete was chosen and confirmed in the menu.
 * @event {{ messageId: number }} chat-history - History was chosen in the menu.
 * @event {{ messageId: number }} chat-reveal - The quote was activated: show the quoted message.
 * @event {{ messageId: number, fileId: number }} chat-image-open - An image preview was activated (the thread opens the lightbox).
 */
export class ChatMessage extends ChatElement {
  static override styles = [tokens, styles];

  readonly #l10n = new LocalizeController(this, terms);
  // Renders again when an element inside it brings its parts with its code (lib/parts.ts).
  readonly #parts = new PartsController(this, 'chat-message');

  /** The message text, shown verbatim. */
  @property() accessor text = '';

  @property({ attribute: 'author-name' }) accessor authorName = '';

  @property({ attribute: 'author-kind', reflect: true }) accessor authorKind: AuthorKind = 'customer';

  /** Milliseconds since the epoch; 0 hides the time. */
  @property({ attribute: 'created-at', type: Number }) accessor createdAt = 0;

  /** "Now" for relative times ("5 minutes ago" within the hour); 0 always shows the clock time. */
  @property({ type: Number }) accessor now = 0;

  /** Sent from this side of the conversation: aligned to the end, in the accent colour. */
  @property({ type: Boolean, reflect: true }) accessor outgoing = false;

  /** Hides the author line (e.g. for consecutive messages of one author). */
  @property({ attribute: 'hide-author', type: Boolean }) accessor hideAuthor = false;

  /** Delivery status, shown on outgoing messages. */
  @property({ reflect: true }) accessor status: MessageStatus = '';

  /** Why a stored message failed (S-DLG-13). */
  @property({ attribute: 'fail-reason' }) accessor failReason: FailReason | '' = '';

  /** Why the server refused a pending send: its error code (`FORBIDDEN`…), when there is no `fail-reason`. */
  @property({ attribute: 'error-code' }) accessor errorCode = '';

  /** The refusal's `details.reason` (`blocked`…), translated with `error-code`. */
  @property({ attribute: 'error-reason' }) accessor errorReason = '';

  /** The server's own message of the refusal (English): the tooltip's title, never its text. */
  @property() accessor error = '';

  /** The stored message's id (0 for a pending send): events carry it; the menu needs it. */
  @property({ attribute: 'message-id', type: Number }) accessor messageId = 0;

  /** The outbox id that `chat-retry` / `chat-discard` carry for a pending send. */
  @property({ attribute: 'client-message-id' }) accessor clientMessageId = '';

  /** The message this one replies to (S-DLG-7). */
  @property({ attribute: false }) accessor replyTo: ReplyRef | undefined;

  /** S-DLG-9, S-DLG-5: the files it carries (images as previews, voice as a player, others as cards). */
  @property({ attribute: false }) accessor attachments: readonly Attachment[] = [];

  /** S-W-PROD, S-W-ORD: product and order cards, shown instead of the text (their plain-text fallback); none once deleted. */
  @property({ attribute: false }) accessor cards: readonly MessageCard[] = [];

  /**
   * Where a file (or an image's thumbnail) is fetched from, for this reader: the thread passes
   * `client.files.url`. Undefined while no URL is at hand: previews keep their size meanwhile.
   */
  @property({ attribute: false }) accessor fileUrl: ((id: number, variant?: 'content' | 'thumb') => string | undefined) | undefined;

  /** When the text was last edited; 0 if never. */
  @property({ attribute: 'edited-at', type: Number }) accessor editedAt = 0;

  @property({ type: Boolean, reflect: true }) accessor deleted = false;

  /** Reply (quote) is offered: false where the conversation's channel cannot carry a quote. */
  @property({ attribute: 'can-reply', type: Boolean }) accessor canReply = true;

  /** The menu offers Edit (the reader's own message). */
  @property({ attribute: 'can-edit', type: Boolean }) accessor canEdit = false;

  /** The menu offers Delete (the reader's own message). */
  @property({ attribute: 'can-delete', type: Boolean }) accessor canDelete = false;

  /** The menu offers History (an admin or chat admin, on an edited or deleted message). */
  @property({ attribute: 'can-view-history', type: Boolean }) accessor canViewHistory = false;

  /**
   * The thread's roving tab stop: true on the message that holds it, false on the others; null
   * (the default) for a message on its own, whose buttons are all in the Tab order.
   */
  @property({ attribute: false }) accessor tabStop: boolean | null = null;

  @state() private accessor menuOpen = false;
  @state() private accessor notice = '';

  #menuItems(): MessageMenuItem[] {
    const t = this.#l10n;
    const items: MessageMenuItem[] = [];
    if (!this.deleted) {
      if (this.canReply) items.push({ id: 'reply', label: t.term('menuReply') });
      items.push({ id: 'copy', label: t.term('menuCopy') });
      if (this.canEdit) items.push({ id: 'edit', label: t.term('menuEdit') });
      if (this.canDelete) {
        items.push({ id: 'delete', label: t.term('menuDelete'), confirm: { question: t.term('deleteConfirm'), yes: t.term('menuDelete'), no: t.term('cancel') } });
      }
    }
    if (this.canViewHistory) items.push({ id: 'history', label: t.term('menuHistory') });
    return items;
  }

  /** When the menu last closed: a press on "⋯" that closed it (focus left the menu) must not reopen it. */
  #closedAt = 0;

  constructor() {
    super();
    // A message with files renders once their code is in: a preview box that appeared later would move the rows around it.
    this.addUpdateGate(() => (this.attachments.length && !filesUi() ? loadFilesUi() : undefined));
    // So does one with cards (their code, then the terms of its language): its text first, then the taller cards, would too.
    this.addUpdateGate(() => {
      if (!this.cards.length || this.deleted) return undefined;
      const ui = cardsUi();
      return ui ? ui.cardsReady(this) : loadCardsUi();
    });
    // The message itself holds the thread's tab stop: its keys open the menu ("⋯" is out of the Tab order).
    const open = (e: Event) => {
      if (this.tabStop === null || e.composedPath()[0] !== this || !this.#hasMenu()) return;
      e.preventDefault();
      void this.openMenu();
    };
    this.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) open(e);
    });
    this.addEventListener('contextmenu', open);
  }

  #hasMenu(): boolean {
    return this.messageId > 0 && this.authorKind !== 'system' && (!this.deleted || this.canViewHistory);
  }

  /** Opens the message menu (S-DLG-7) with its first item focused. */
  async openMenu(): Promise<void> {
    // The menu is its own chunk: most messages never open it (S-DLG-7; the start-up bundle budget).
    await import('./message-menu.js');
    this.menuOpen = true;
  }

  async #toggleMenu(e: MouseEvent): Promise<void> {
    // (`detail` 0: Enter or Space, which cannot have closed it by moving focus.)
    if (this.menuOpen || (e.detail > 0 && performance.now() - this.#closedAt < 300)) {
      this.menuOpen = false;
      return;
    }
    await this.openMenu();
  }

  /** File terms: made on the first message with files (a message without any waits for nothing). */
  #fileL10n: LocalizeController<TermsOf<FileTerms>> | undefined;

  protected override willUpdate(): void {
    if (this.attachments.length && !this.#fileL10n) this.#fileL10n = new LocalizeController(this, fileTerms);
    if (this.tabStop === null) return;
    const t = this.#l10n;
    this.tabIndex = this.tabStop ? 0 : -1;
    this.setAttribute('role', 'article');
    this.setAttribute('aria-roledescription', t.term('message'));
    const names = this.deleted ? '' : this.attachments.map((a) => a.name).join(', ');
    const text = this.deleted ? t.term('messageDeleted') : [this.text, names].filter(Boolean).join(' · ');
    const status = this.outgoing && this.status ? `, ${this.#statusLabel()}` : '';
    this.setAttribute('aria-label', `${this.authorName ? `${this.authorName}: ` : ''}${text}${this.createdAt ? `, ${formatClock(this.createdAt, this.#l10n.lang())}` : ''}${status}`);
  }

  #onChoose(e: CustomEvent<ChatMenuChooseDetail>): void {
    e.stopPropagation();
    const { id, restoreFocus } = e.detail;
    this.menuOpen = false;
    if (!restoreFocus) this.#closedAt = performance.now();
    // At once, before the chosen action's event: whatever it opens (the history dialog) remembers this as where focus came from.
    if (restoreFocus) (this.tabStop === null ? this.renderRoot.querySelector<HTMLElement>('[part~="menu-button"]') : this)?.focus();
    if (id === 'copy') {
      // (No clipboard API outside a secure context: that is a failure to report, not an exception.)
      void Promise.resolve(this.text)
        .then((text) => navigator.clipboard.writeText(text))
        .then(
          () => this.#say(this.#l10n.term('copied')),
          () => this.#say(this.#l10n.term('copyFailed')),
        );
    } else if (id) {
      emit(this, `chat-${id}`, { messageId: this.messageId });
    }
  }

  /** S-DLG-5: the files, once their chunk is in (the first message with files fetches it). */
  #renderFiles(tabindex: number | typeof nothing) {
    const ui = filesUi();
    if (!ui) {
      void loadFilesUi().then(() => this.requestUpdate(), () => undefined);
      return nothing;
    }
    adoptFileStyles(this.renderRoot as ShadowRoot, [ui.messageFilesStyles]);
    return ui.renderAttachments(this.attachments, this.fileUrl, this.#fileL10n?.table(), tabindex, (fileId) =>
      emit<ChatImageOpenDetail>(this, 'chat-image-open', { messageId: this.messageId, fileId }),
    );
  }

  #say(text: string): void {
    this.notice = text;
    setTimeout(() => {
      if (this.notice === text) this.notice = '';
    }, 3000);
  }

  #statusLabel(): string {
    const t = this.#l10n;
    switch (this.status) {
      case 'queued':
        return this.messageId ? t.term('statusQueued') : t.term('queued');
      case 'sending':
        return t.term('sending');
      case 'sent':
        return t.term('sent');
      case 'delivered':
        return t.term('delivered');
      case 'read':
        return t.term('read');
      default:
        return t.term('failed');
    }
  }

  #time(lang: 'en' | 'ru') {
    const at = this.createdAt;
    if (!at) return nothing;
    const relative = this.now > 0 && this.now - at < RELATIVE_MS;
    return html`<time part="time" datetime=${new Date(at).toISOString()} title=${formatFull(at, lang)}
      >${relative ? formatAgo(at, lang, Math.max(this.now, at)) : formatClock(at, lang)}</time
    >`;
  }

  override render() {
    const t = this.#l10n;
    const lang = t.lang();
    const status = this.outgoing ? this.status : '';
    const failed = status === 'failed';
    const reason = !failed
      ? ''
      : this.failReason
        ? t.term('failReason', this.failReason)
        : (this.errorCode && errorWords(this, lang)?.sendFailed(this.errorCode, this.errorReason)) || t.term('failed');
    const reply = this.replyTo;
    const menu = this.#hasMenu();
    // Out of the Tab order in a thread's messages but the one holding its tab stop.
    const inner = this.tabStop === false ? -1 : nothing;
    // (Undefined while the cards' chunk or terms are not in, after a failed fetch: the text stands for them.)
    const cards = this.cards.length && !this.deleted ? cardsUi()?.renderCards(this, this.cards, inner) : undefined;
    return html`
      <div part="base">
        ${this.hideAuthor || !this.authorName ? nothing : html`<span part="author"><bdi>${bidiText(this.authorName)}</bdi></span>`}
        ${reply
          ? html`<button part="quote" type="button" tabindex=${inner} @click=${() => emit(this, 'chat-reveal', { messageId: reply.id })}>
              <span part="quote-author"><bdi>${reply.author.name || t.term('customer')}</bdi></span>
              <span part="quote-text"><bdi>${reply.deleted ? t.term('messageDeleted') : reply.text}</bdi></span>
            </button>`
          : nothing}
        ${cards ??
        (this.text || this.deleted || !this.attachments.length
          ? html`<p part="text" dir="auto">${this.deleted ? t.term('messageDeleted') : this.authorKind === 'system' ? bidiText(this.text) : linked(this.text)}</p>`
          : nothing)}
        ${this.deleted || !this.attachments.length ? nothing : this.#renderFiles(inner)}
        <div part="meta">
          ${this.editedAt && !this.deleted ? html`<span part="edited" title=${formatFull(this.editedAt, lang)}>${t.term('edited')}</span>` : nothing}
          ${this.#time(lang)}
          ${status
            ? html`<span part="status" role="img" aria-label=${this.#statusLabel()} tabindex=${failed ? (this.tabStop === false ? -1 : 0) : nothing} aria-describedby=${failed ? 'reason' : nothing}
                >${icon(statusIcon[status])}</span
              >${failed ? html`<span part="tooltip" id="reason" role="tooltip" title=${this.error || nothing}>${reason}</span>` : nothing}`
            : nothing}
        </div>
        ${menu
          ? html`<button part="menu-button" type="button" tabindex=${this.tabStop === null ? nothing : -1} aria-haspopup="menu" aria-expanded=${this.menuOpen ? 'true' : 'false'}
              aria-label=${t.term('messageActions')} @click=${this.#toggleMenu}>${icon(morePath)}</button>`
          : nothing}
        ${this.menuOpen
          ? html`<chat-message-menu exportparts=${exportparts('chat-message-menu')} .items=${this.#menuItems()} label=${t.term('messageActions')} @chat-menu-choose=${this.#onChoose}></chat-message-menu>`
          : nothing}
      </div>
      ${failed
        ? html`<div part="actions">
            <span>${reason}</span>
            <button part="retry-button" type="button" tabindex=${inner} @click=${() => emit(this, 'chat-retry', this.messageId ? { messageId: this.messageId } : { clientMessageId: this.clientMessageId })}>
              ${t.term('retry')}
            </button>
            ${this.messageId
              ? nothing
              : html`<button part="discard-button" type="button" tabindex=${inner} @click=${() => emit(this, 'chat-discard', { clientMessageId: this.clientMessageId })}>
                  ${t.term('discard')}
                </button>`}
          </div>`
        : nothing}
      <span part="notice" class="visually-hidden" role="status">${this.notice}</span>
    `;
  }
}

/** S-DLG-13: clock, one check, two checks, exclamation (delivered is one check in the accent colour, by CSS). */
const statusIcon: Record<Exclude<MessageStatus, ''>, string> = {
  queued: clockPath,
  sending: clockPath,
  sent: checkPath,
  delivered: checkPath,
  read: checksPath,
  failed: failedPath,
};

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-retry': CustomEvent<ChatRetryDetail>;
    'chat-discard': CustomEvent<ChatDiscardDetail>;
    'chat-reply': CustomEvent<ChatMessageRefDetail>;
    'chat-edit': CustomEvent<ChatMessageRefDetail>;
    'chat-delete': CustomEvent<ChatMessageRefDetail>;
    'chat-history': CustomEvent<ChatMessageRefDetail>;
    'chat-reveal': CustomEvent<ChatMessageRefDetail>;
  }
}
