import { html, nothing, type PropertyValues } from 'lit';
import { ChatElement } from '../lib/chat-element.js';
import type { ChatClientBase } from '@chatdesk/client';
import { countMessageChars, limits } from '@chatdesk/protocol/runtime';
import { emit, type ChatOpenChangeDetail } from '../lib/events.js';
import { LocalizeController } from '../lib/localize.js';
import { StoreController } from '../lib/store-controller.js';
import { bidiText, isolate } from '../lib/bidi.js';
import { chatPath, closePath, icon } from '../lib/icons.js';
import type { ConsultantFiles } from '../attachments/consultant-files.js';
import { tokens, type Theme } from '../lib/theme.js';
import { raise } from '../lib/top-layer.js';
import { webSocketUrl } from '../lib/url.js';
import { consultantTerms } from './consultant.i18n.js';
import { VisitorTokens } from './visitor.js';
import launcherStyles from '../lib/launcher.styles.js';
import styles from './consultant.styles.js';


/**
 * The conversation's rendering (consultant-log.ts, with lib/links.ts), loaded when the window
 * first opens (the update waits for it, see the constructor): until then the hidden window holds
 * no messages, which nobody would see.
 */
let log: typeof import('./consultant-log.js') | undefined;
let logLoading: Promise<unknown> | undefined;
function loadLog(): Promise<unknown> {
  logLoading ??= import('./consultant-log.js').then(
    (m) => void (log = m),
    (err: unknown) => {
      logLoading = undefined;
      throw err;
    },
  );
  return logLoading;
}

/**
 * @summary The shop visitor's chat with the shop (S-CH-1): a floating button that opens a small
 * chat window.
 *
 * The visitor gets an anonymous identity from `POST {server}/api/visitor/token`, kept in
 * localStorage per server and channel (or under `storage-key`), so the history is back after a reload. A first-time visitor connects
 * only when they open the window; a returning one reconnects at once to see replies (the button
 * shows how many are unread). Removed and added back, it reconnects at once. The visitor's unsent
 * text is kept in localStorage beside the token and comes back after a reload. It lifts itself
 * into the top layer (a manual popover), so no transform, clipping or z-index of the host page
 * can trap or cover it. Self-contained: it imports none of the CRM elements. Names
 * and texts are bidi-isolated (`<bdi>`); the icons are inline SVG.
 *
 * @csspart launcher - The floating button.
 * @csspart launcher-badge - The count of unread replies on the button.
 * @csspart window - The chat window (`dialog`).
 * @csspart header - The window's header.
 * @csspart title - The window's title.
 * @csspart close-button - Closes the window.
 * @csspart banner - The connection state, shown while not connected (an outage, or a page whose
 *   origin the server refuses).
 * @csspart messages - The scrolling `role="log"` list of messages.
 * @csspart greeting - The greeting above the messages.
 * @csspart message - A message, with one of the modifiers below.
 * @csspart outgoing - Added to the visitor's own `message`.
 * @csspart incoming - Added to a `message` from the shop.
 * @csspart pending - Added to a `message` (and its `status`) still waiting to be sent.
 * @csspart failed - Added to a `message` that could not be sent.
 * @csspart deleted - Added to a deleted `message`.
 * @csspart notice - A conversation event in the visitor's language: closed, reopened, who answers.
 * @csspart author - The author of a reply.
 * @csspart quote - The message a reply quotes (S-DLG-7), above its text.
 * @csspart quote-author - The quoted message's author.
 * @csspart text - The text of a message («Сообщение удалено» / "Message deleted" once deleted),
 *   rendered as text: only `http(s)` URLs, e-mail addresses and phone numbers become links.
 * @csspart link - A link in a message's text (`https:`/`http:` in a new tab, `mailto:`, `tel:`).
 * @csspart cards - A manager's product and order cards (S-W-PROD, S-W-ORD), in place of the
 *   message's text (a chunk fetched with the first such message; the text until it is in).
 * @csspart card - A card (an `article` named «Товар: …» / «Заказ №…»).
 * @csspart card-product - Added to a product's `card`.
 * @csspart card-order - Added to an order's `card`.
 * @csspart card-image - A product's picture.
 * @csspart card-name - A product's name (a link to its `http(s)` page in a new tab), or «Заказ №…».
 * @csspart card-price - A product's price in its currency.
 * @csspart card-stock - «В наличии» / «Нет в наличии».
 * @csspart card-article - A product's article.
 * @csspart card-status - An order's status.
 * @csspart card-items - An order's items (a list).
 * @csspart card-item - An item: name × quantity — sum.
 * @csspart card-delivery - An order's delivery and address.
 * @csspart card-total - An order's total.
 * @csspart card-to-pay - What is left to pay, or «Оплачен».
 * @csspart meta - The time, «изменено» and the status of a message.
 * @csspart time - The time of a message.
 * @csspart edited - «изменено» / "edited" on an edited message.
 * @csspart status - The visitor's own message: a clock while it waits to be sent (`status
 *   pending`), a check once the server stored it (`status sent`).
 * @csspart sent - Added to the `status` of a message the server stored.
 * @csspart retry-button - Retries a failed send (shown after a neutral «Не отправлено» / "Not
 *   sent": the widget never shows the server's words, so a blocked visitor is not told why).
 * @csspart typing - The manager's typing indicator (`aria-live="polite"`).
 * @csspart form - The input row.
 * @csspart privacy - S-SET-5: the policy to agree to before the first message.
 * @csspart privacy-text - The admin's notice in it.
 * @csspart privacy-link - The link to the policy.
 * @csspart privacy-agree - The agree button.
 * @csspart textarea - The message field.
 * @csspart send-button - The send button.
 * @csspart attach-button - The paperclip (files, with the open window, where the channel takes them).
 * @csspart emoji-button - The `<chat-emoji-button>`.
 * @csspart attachments - The files being sent.
 * @csspart attachment - Each (`data-state`: `uploading`, `done`, `failed`).
 * @csspart attachment-name - Its name.
 * @csspart attachment-size - Its size.
 * @csspart attachment-progress - Its progress bar (`role=progressbar`).
 * @csspart attachment-error - Why it failed.
 * @csspart attachment-retry - Uploads it again.
 * @csspart attachment-remove - Takes it off the message.
 * @csspart attachment-notice - Why a choice of files was refused (`role=alert`).
 * @csspart images - A message's image previews.
 * @csspart image - Each preview (a button that opens the lightbox).
 * @csspart thumbnail - Its `<img>`.
 * @csspart audio - A voice message's `<chat-audio-player>`.
 * @csspart file - A file's card (a download link).
 * @csspart file-name - Its name.
 * @csspart file-meta - Its size and type.
 * @csspart lightbox - The `<chat-lightbox>` of the conversation's images, while open.
 * @csspart emoji-button-button - `<chat-emoji-button>`'s `button`.
 * @csspart emoji-button-popover - `<chat-emoji-button>`'s `popover`.
 * @csspart lightbox-dialog - `<chat-lightbox>`'s `dialog`.
 * @csspart lightbox-image - `<chat-lightbox>`'s `image`.
 * @csspart lightbox-caption - `<chat-lightbox>`'s `caption`.
 * @csspart lightbox-prev - `<chat-lightbox>`'s `prev`.
 * @csspart lightbox-next - `<chat-lightbox>`'s `next`.
 * @csspart lightbox-close - `<chat-lightbox>`'s `close`.
 * @csspart lightbox-download - `<chat-lightbox>`'s `download`.
 * @csspart audio-player-base - `<chat-audio-player>`'s `base`.
 * @csspart audio-player-button - `<chat-audio-player>`'s `button`.
 * @csspart audio-player-slider - `<chat-audio-player>`'s `slider`.
 * @csspart audio-player-time - `<chat-audio-player>`'s `time`.
 * @csspart audio-player-error - `<chat-audio-player>`'s `error`.
 *
 * @cssproperty --chat-consultant-width - Width of the window.
 * @cssproperty --chat-consultant-height - Height of the window.
 * @cssproperty --chat-consultant-bg - Background of the window.
 * @cssproperty --chat-consultant-shadow - Shadow of the window and the button.
 * @cssproperty --chat-consultant-z-index - Stacking order, in browsers without the popover API
 *   (elsewhere it is in the top layer).
 * @cssproperty --chat-launcher-size - Size of the floating button.
 * @cssproperty --chat-message-bg - Background of the shop's replies.
 * @cssproperty --chat-message-outgoing-bg - Background of the visitor's messages.
 * @cssproperty --chat-message-outgoing-text - Text colour of the visitor's messages.
 * @cssproperty --chat-card-background - Background of a card (default: `--chat-surface`).
 * @cssproperty --chat-card-border - Border colour of a card (default: `--chat-border`).
 * @cssproperty --chat-card-radius - Corner radius of a card (default: `--chat-radius`).
 *
 * @event {{ open: boolean }} chat-open-change - The window was opened or closed by the user.
 */
export class ChatConsultant extends ChatElement {
  static override styles = [tokens, launcherStyles, styles];

  // `static properties` rather than the decorators the other elements use: esbuild lowers standard
  // decorators (not in ES2022) into helpers that cost this bundle ~1.1 KB gzip of its 20 KB budget.
  static override properties = {
    server: {},
    channel: {},
    open: { type: Boolean, reflect: true },
    storageKey: { attribute: 'storage-key' },
    client: { attribute: false },
    theme: { reflect: true },
    draft: { state: true },
  };

  readonly #l10n = new LocalizeController(this, consultantTerms);

  /** Base http(s) URL of the chat server. Default: the page's origin. */
  declare server: string;

  /** The web channel's id, when the shop has more than one. */
  declare channel: string;

  declare open: boolean;

  /**
   * The localStorage key of the visitor's token. Default: one per server and channel. Set it when
   * one origin hosts several independent shops.
   */
  declare storageKey: string;

  /** The visitor's connection; made by the element (exposed for tests and advanced pages). */
  declare client: ChatClientBase | undefined;

  /** `light`, `dark` or `auto` (the system's); not set: the page's `color-scheme`. */
  declare theme: Theme | undefined;

  declare private draft: string;
  /** S-DLG-9, S-DLG-5: the files (attach, show, the lightbox): made when the window first opens, from a chunk of their own. */
  #files: ConsultantFiles | undefined;


  constructor() {
    super();
    this.server = this.channel = this.storageKey = this.draft = '';
    this.open = false;
    // The conversation's rendering comes with the open window: a first visit downloads only the launcher.
    this.addUpdateGate(() => (this.open && !log ? loadLog() : undefined));
    // So do the files' code and styles.
    this.addUpdateGate(() =>
      this.open && !this.#files ? import('../attachments/consultant-files.js').then((m) => void (this.#files ??= new m.ConsultantFiles(this))) : undefined,
    );
  }

  readonly #order = new StoreController(this, (s) => s.conversationOrder);
  readonly #threads = new StoreController(this, (s) => s.threads);
  readonly #outbox = new StoreController(this, (s) => s.outbox);
  readonly #unread = new StoreController(this, (s) => s.unread);
  readonly #connection = new StoreController(this, (s) => s.connection);
  readonly #listLoaded = new StoreController(this, (s) => s.listLoaded);
  readonly #typing = new StoreController(this, (s) => s.typing);

  #tokens: VisitorTokens | undefined;
  #loading = false;
  #attempted = new Set<string>();
  #wasLive = false;
  #markingRead = false;

  /** The visitor's current conversation: the most recently active one. */
  get conversationId(): number | undefined {
    return this.#order.value[0];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.#onVisibility);
    raise(this, true);
    // Back in the page after a removal closed the connection: reconnect now (willUpdate), not at
    // the visitor's next message, or the manager's replies meanwhile fail with "visitor left".
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.#onVisibility);
    queueMicrotask(() => {
      if (this.isConnected || !this.client) return;
      this.client.close();
      this.client = undefined;
    });
  }

  readonly #onVisibility = (): void => this.#markRead();

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('server') || changed.has('channel') || changed.has('storageKey')) {
      this.client?.close();
      this.client = undefined;
      this.#tokens = new VisitorTokens(this.server || location.origin, this.channel, this.storageKey);
      this.draft = this.#tokens.draft;
    }
    // Returning visitors reconnect at once (their replies count on the button); new ones on open.
    if (!this.client && this.isConnected && (this.open || this.#tokens?.hasStored())) this.#connect().catch(() => undefined);
    const log = this.renderRoot.querySelector<HTMLElement>('[part~="messages"]');
    if (log) this.#pinned = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  /** The client's code on its way (see #connect). */
  #connecting: Promise<ChatClientBase | undefined> | undefined;

  /**
   * Connects as the visitor. The client's code is a chunk of its own, fetched here: a shop page
   * whose visitor never opens the window downloads the button alone (5b, about half of it).
   * Resolves to the client, or to nothing when the element left the page meanwhile.
   */
  #connect(): Promise<ChatClientBase | undefined> {
    this.#connecting ??= import('./consultant-client.js').then(
      ({ ChatClientBase }) => {
        this.#connecting = undefined;
        if (this.client || !this.isConnected || !this.#tokens) return this.client;
        const tokens = this.#tokens;
        // A visitor keeps no drafts: the client without them (a smaller download for the shop's pages).
        const client = new ChatClientBase({ url: webSocketUrl(tokens.server), token: () => tokens.get() });
        this.client = client;
        client.connect();
        return client;
      },
      (err: unknown) => {
        // The next open or send tries again.
        this.#connecting = undefined;
        throw err;
      },
    );
    return this.#connecting;
  }

  /** The log was at its end before this update: measured before rendering, since a new message may be taller than any slack. */
  #pinned = true;

  protected override updated(changed: PropertyValues<this>): void {
    // Side effects that update the store (and so this element) run after this update, not inside it.
    queueMicrotask(() => {
      this.#sync();
      this.#markRead();
    });
    const log = this.renderRoot.querySelector<HTMLElement>('[part~="messages"]');
    if (log && (changed.has('open') || this.#pinned)) log.scrollTop = log.scrollHeight;
  }

  /**
   * Once live: fetch the visitor's conversations, then the newest one's messages. Each step is
   * tried once per live connection, so a refusal does not turn into a loop of requests.
   */
  #sync(): void {
    const client = this.client;
    const live = this.#connection.value === 'open';
    if (live && !this.#wasLive) this.#attempted.clear();
    this.#wasLive = live;
    if (!client || !live || this.#loading) return;
    const id = this.conversationId;
    const step = !this.#listLoaded.value ? 'list' : id !== undefined && !this.#threads.value[id] ? `thread:${id}` : undefined;
    if (!step || this.#attempted.has(step)) return;
    this.#attempted.add(step);
    this.#loading = true;
    (step === 'list' ? client.loadConversations() : client.openThread(id!))
      .catch(() => undefined)
      .finally(() => {
        this.#loading = false;
        this.requestUpdate();
      });
  }

  #markRead(): void {
    const id = this.conversationId;
    if (!this.client || !this.open || id === undefined || this.#markingRead || document.visibilityState !== 'visible') return;
    if ((this.#unread.value[id] ?? 0) === 0 || !this.#threads.value[id]) return;
    this.#markingRead = true;
    this.client
      .markRead(id)
      .catch(() => undefined)
      .finally(() => (this.#markingRead = false));
  }

  /** Opens the window and focuses the field. */
  show(): void {
    this.#setOpen(true);
  }

  /** Closes the window and returns focus to the button. */
  hide(): void {
    this.#setOpen(false);
  }

  #setOpen(open: boolean): void {
    if (this.open === open) return;
    this.open = open;
    emit<ChatOpenChangeDetail>(this, 'chat-open-change', { open });
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(open ? '[part~="textarea"]' : '[part~="launcher"]')?.focus(),
    );
  }

  /** S-SET-5: the policy the visitor must agree to before their first message, while they have not. */
  get #privacyAsked() {
    // Read, not subscribed: it comes with welcome (the connection's change renders) and goes with Agree (which renders).
    const p = this.client?.store.getState().privacy;
    return p && p.acceptedAt === null && this.conversationId === undefined ? p : null;
  }

  get #canSend(): boolean {
    if (this.#privacyAsked) return false;
    const files = this.#files?.pending;
    return countMessageChars(this.draft) <= limits.maxMessageChars && !files?.busy && (this.draft.trim().length > 0 || !!files?.ready.length);
  }

  /** Sends the field's text (and files) as the visitor; the server continues or opens their conversation. */
  send(): void {
    if (!this.#canSend) return;
    if (!this.client) {
      // Sent once the client's code is in (the draft stays in the field until then).
      this.#connect().then((client) => client && this.send(), () => undefined);
      return;
    }
    this.#typed(false);
    this.client.send(this.draft, undefined, { attachments: this.#files?.pending.ready ?? [] }).catch(() => undefined);
    this.#files?.pending.clear();
    this.#tokens!.draft = this.draft = '';
  }

  /**
   * S-DLG-9: attaches files to the visitor's next message (the paperclip, a drop on the window, a
   * paste): refused whole past 20 MB or 10 files together, each uploaded at once. False when
   * refused or when the shop's channel carries no files.
   */
  addFiles(files: Iterable<Blob>): boolean {
    // The window is open (its files' chunk in) before anything can be dropped, pasted or chosen.
    return this.#files?.add(files) ?? false;
  }

  /** The visitor's typing indicator for the manager (S-DLG-7); the client throttles it. */
  #typed(typing: boolean): void {
    const id = this.conversationId;
    if (id !== undefined) this.client?.typing(id, typing);
  }

  #onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      e.preventDefault();
      this.hide();
    } else if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && !e.altKey && e.target instanceof HTMLTextAreaElement) {
      e.preventDefault();
      this.send();
    }
  }

  /** S-SET-5: the notice (consultant-log.ts, in the chunk the open window loads). */
  #renderPrivacy() {
    const p = this.#privacyAsked;
    if (!p || !log) return nothing;
    return log.renderPrivacy(this.renderRoot as ShadowRoot, this.#l10n, this.client, p);
  }

  override render() {
    const t = this.#l10n;
    const lang = t.lang();
    const id = this.conversationId;
    const messages = id !== undefined ? (this.#threads.value[id]?.messages ?? []) : [];
    const pending = this.#outbox.value.filter((o) => o.conversationId === undefined || o.conversationId === id);
    const unread = id !== undefined ? (this.#unread.value[id] ?? 0) : 0;
    const status = this.#connection.value;
    const banner =
      status === 'origin_refused'
        ? t.term('originRefused')
        : status === 'reconnecting'
          ? t.term('reconnecting')
          : status === 'closed' && this.client
            ? t.term('disconnected')
            : '';
    const launcherLabel = unread ? `${t.term('open')}. ${t.term('unreadReplies', unread)}` : t.term('open');
    // The client drops expired entries and the visitor's own; anyone left is the shop typing.
    const typist = id !== undefined ? this.#typing.value[id]?.[0] : undefined;
    return html`
      <section part="window" id="window" role="dialog" aria-label=${t.term('title')} ?hidden=${!this.open} @keydown=${this.#onKeydown}>
        <div part="header">
          <h2 part="title">${t.term('title')}</h2>
          <button part="close-button" type="button" aria-label=${t.term('close')} @click=${() => this.hide()}>${icon(closePath)}</button>
        </div>
        <div part="banner" role="status" ?hidden=${!banner}>${banner}</div>
        <div part="messages" role="log" aria-live="polite" aria-label=${t.term('messages')} tabindex="0">
          <p part="greeting">${t.term('greeting')}</p>
          ${log?.renderLog({ t, lang, client: this.client, files: this.#files && ((a) => this.#files?.renderFiles(a)) }, messages, pending)}
        </div>
        ${this.#renderPrivacy()}
        <div part="typing" role="status" aria-live="polite">${typist ? bidiText(t.term('typing', typist.author.name && isolate(typist.author.name))) : nothing}</div>
        <div part="form">
          ${this.#files?.renderForm()}
          <textarea
            part="textarea"
            rows="1"
            aria-label=${t.term('typeMessage')}
            placeholder=${t.term('typeMessage')}
            .value=${this.draft}
            @input=${(e: Event) => {
              this.#tokens!.draft = this.draft = (e.target as HTMLTextAreaElement).value;
              this.#typed(this.draft.trim() !== '');
            }}
          ></textarea>
          <button part="send-button" type="button" ?disabled=${!this.#canSend} @click=${() => this.send()}>${t.term('send')}</button>
        </div>
      </section>
      <button
        part="launcher"
        type="button"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="window"
        aria-label=${launcherLabel}
        @click=${() => this.#setOpen(!this.open)}
      >
        ${icon(chatPath)}
        ${unread ? html`<span part="launcher-badge" aria-hidden="true">${unread}</span>` : nothing}
      </button>
    `;
  }
}
