import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { ChatClient } from '@chatdesk/client';
import { clientContext } from '../lib/context.js';
import { emit, type ChatOpenChangeDetail } from '../lib/events.js';
import { terms } from '../i18n/index.js';
import { LocalizeController } from '../lib/localize.js';
import { shareClient, sharedClient, unshareClient } from '../lib/shared-client.js';
import { StoreController } from '../lib/store-controller.js';
import { chatIcon } from '../lib/icons.js';
import { tokens } from '../lib/theme.js';
import { webSocketUrl } from '../lib/url.js';
import '../conversation-list/conversation-list.js';
import '../thread/thread.js';
import '../composer/composer.js';
import type { ChatConversationSelectDetail } from '../conversation-list/conversation-list.component.js';
import type { ChatSendDetail } from '../composer/composer.component.js';
import styles from './panel.styles.js';

export const panelModes = { popup: 'popup', section: 'section' } as const;
export type PanelMode = (typeof panelModes)[keyof typeof panelModes];


/** Asks the host backend for a token, with the user's cookies (`{ token }` in JSON). */
export async function fetchToken(tokenUrl: string): Promise<string> {
  const response = await fetch(new URL(tokenUrl, location.href), { credentials: 'include', cache: 'no-store' });
  if (!response.ok) throw new Error(`token-url answered HTTP ${response.status}`);
  const body = (await response.json()) as { token?: unknown };
  if (typeof body.token !== 'string') throw new Error('token-url answered without a token');
  return body.token;
}

/**
 * @summary The manager's chat (S-SET-2): conversation list, thread and composer, over one
 * connection that it provides to everything inside it and shares with the page.
 *
 * Give it a connection in one of these ways: `server` + `token-url` (a host-backend URL that
 * answers `{ token }`, fetched with credentials on every (re)connect), `server` + the `token` or
 * `tokenProvider` property, or an existing `ChatClient` in `client`. Changing any of them
 * reconnects (e.g. as another user). Elements outside the panel (`<chat-unread-badge>`) find the
 * connection through `ChatPanel.clientFor(document)` and the `chat-client-change` event on the
 * document.
 *
 * In `popup` mode (the default) a floating button with the unread count opens and closes the
 * panel; Escape closes it and returns focus to the button. In `section` mode it fills its
 * container.
 *
 * @csspart launcher - The floating button (popup mode).
 * @csspart launcher-badge - The unread count on the floating button.
 * @csspart panel - The panel (`dialog` in popup mode, `region` in section mode).
 * @csspart header - The panel's header with the title and the close button.
 * @csspart title - The panel's title.
 * @csspart close-button - Closes the panel (popup mode).
 * @csspart banner - The connection state ("Reconnecting…"), shown while not connected.
 * @csspart body - The list and the open conversation.
 * @csspart conversation-list - The `<chat-conversation-list>`.
 * @csspart conversation - The open conversation: its header, thread and composer.
 * @csspart conversation-header - The customer's name and channel of the open conversation.
 * @csspart conversation-title - The customer's name.
 * @csspart conversation-channel - The channel's name.
 * @csspart back-button - Back to the list (narrow panels only).
 * @csspart thread - The `<chat-thread>`.
 * @csspart composer - The `<chat-composer>`.
 *
 * @cssproperty --chat-panel-width - Width of the popup panel.
 * @cssproperty --chat-panel-height - Height of the popup panel.
 * @cssproperty --chat-panel-bg - Background of the panel.
 * @cssproperty --chat-panel-shadow - Shadow of the popup panel and the button.
 * @cssproperty --chat-panel-list-width - Width of the conversation list.
 * @cssproperty --chat-panel-z-index - Stacking order of the popup.
 * @cssproperty --chat-launcher-size - Size of the floating button.
 *
 * @event {{ open: boolean }} chat-open-change - The popup was opened or closed by the user.
 * @event {{ conversationId: number }} chat-conversation-select - Bubbles from the list; cancel
 * it to keep the current conversation.
 */
export class ChatPanel extends LitElement {
  static override styles = [tokens, styles];

  /** The connection a panel shares with the page (header badges and other standalone elements). */
  static clientFor(doc: Document = document): ChatClient | undefined {
    return sharedClient(doc);
  }

  readonly #l10n = new LocalizeController(this, terms);
  readonly #provider = new ContextProvider(this, { context: clientContext });

  /** Base http(s) URL of the chat server; the WebSocket is `<server>/ws`. Default: the page's origin. */
  @property() accessor server = '';

  /** A host-backend URL answering `{ token }` for the signed-in user; fetched on every (re)connect. */
  @property({ attribute: 'token-url' }) accessor tokenUrl = '';

  /** A fixed token (tests, demos); prefer `token-url` or `tokenProvider` for short-lived tokens. */
  @property({ attribute: false }) accessor token = '';

  /** Called on every (re)connect for a fresh token. */
  @property({ attribute: false }) accessor tokenProvider: (() => string | Promise<string>) | undefined;

  /** The connection in use. Set it to share an existing `ChatClient`; otherwise the panel makes one. */
  @property({ attribute: false }) accessor client: ChatClient | undefined;

  @property({ reflect: true }) accessor mode: PanelMode = 'popup';

  /** Whether the popup is open (always shown in section mode). */
  @property({ type: Boolean, reflect: true }) accessor open = false;

  /** The open conversation, 0 for none. */
  @property({ attribute: 'conversation-id', type: Number, reflect: true }) accessor conversationId = 0;

  /** On narrow panels, which half is on screen. */
  @state() private accessor view: 'list' | 'conversation' = 'list';

  readonly #unreadTotal = new StoreController(this, (s) => s.unreadTotal);
  readonly #connection = new StoreController(this, (s) => s.connection);
  readonly #connectionError = new StoreController(this, (s) => s.connectionError);
  readonly #conversations = new StoreController(this, (s) => s.conversations);

  /** The client this panel made (and so must close); undefined when `client` came from outside. */
  #own: ChatClient | undefined;
  #shared: ChatClient | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    // Back in the document after a disconnect closed our client: make a new one.
    if (!this.client) this.requestUpdate('server');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A move within the page disconnects and reconnects in one task: only a real removal closes.
    queueMicrotask(() => {
      if (this.isConnected) return;
      if (this.#own) {
        this.#own.close();
        if (this.client === this.#own) this.client = undefined;
        this.#own = undefined;
      }
      if (this.#shared) unshareClient(this.#shared, this.ownerDocument);
      this.#shared = undefined;
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('client') && this.#own && this.client !== this.#own) {
      // Someone handed us a client: ours is no longer needed.
      this.#own.close();
      this.#own = undefined;
    }
    const credentials = changed.has('server') || changed.has('tokenUrl') || changed.has('token') || changed.has('tokenProvider');
    if (credentials && this.isConnected && (!this.client || this.client === this.#own)) this.#connect();
    if (changed.has('client')) {
      this.#provider.setValue(this.client);
      this.#share();
    }
    if (changed.has('conversationId') && this.conversationId) this.view = 'conversation';
  }

  /** (Re)creates the panel's own connection from the current server and token settings. */
  #connect(): void {
    if (this.#own) {
      // Another user (or server): the open conversation was the previous connection's.
      this.#own.close();
      this.#own = undefined;
      this.conversationId = 0;
      this.view = 'list';
    }
    if (!this.token && !this.tokenProvider && !this.tokenUrl) {
      // Nothing to sign in with yet (e.g. the host page picks the user first).
      this.client = undefined;
      return;
    }
    const client = new ChatClient({ url: webSocketUrl(this.server || location.origin), token: () => this.#token() });
    this.#own = client;
    this.client = client;
    client.connect();
  }

  #token(): string | Promise<string> {
    if (this.tokenProvider) return this.tokenProvider();
    if (this.token) return this.token;
    return fetchToken(this.tokenUrl);
  }

  #share(): void {
    const doc = this.ownerDocument;
    if (this.#shared && this.#shared !== this.client) unshareClient(this.#shared, doc);
    this.#shared = this.client;
    if (this.client && this.isConnected) shareClient(this.client, doc);
  }

  /** Opens the popup and moves focus into it. */
  show(): void {
    this.#setOpen(true);
  }

  /** Closes the popup and returns focus to its button. */
  hide(): void {
    this.#setOpen(false);
  }

  /** Opens a conversation (e.g. from a customer card) and shows the panel. */
  openConversation(conversationId: number): void {
    this.conversationId = conversationId;
    this.view = 'conversation';
    this.show();
  }

  #setOpen(open: boolean): void {
    if (this.open === open) return;
    this.open = open;
    emit<ChatOpenChangeDetail>(this, 'chat-open-change', { open });
    void this.updateComplete.then(() => {
      if (open) this.#focusInside();
      else this.renderRoot.querySelector<HTMLElement>('[part~="launcher"]')?.focus();
    });
  }

  #focusInside(): void {
    const target =
      this.conversationId && this.view === 'conversation'
        ? this.renderRoot.querySelector<HTMLElement>('chat-composer')
        : this.renderRoot.querySelector<HTMLElement>('chat-conversation-list')?.shadowRoot?.querySelector<HTMLElement>('[tabindex="0"]');
    (target ?? this.renderRoot.querySelector<HTMLElement>('[part~="close-button"]'))?.focus();
  }

  #onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Escape' && this.mode === 'popup' && this.open) {
      e.preventDefault();
      e.stopPropagation();
      this.hide();
    }
  }

  #onSelect(e: CustomEvent<ChatConversationSelectDetail>): void {
    if (e.defaultPrevented) return;
    this.conversationId = e.detail.conversationId;
    this.view = 'conversation';
  }

  #onSend(e: CustomEvent<ChatSendDetail>): void {
    const client = this.client;
    if (!client || !this.conversationId) {
      e.preventDefault();
      return;
    }
    // A refused send stays in the outbox as `failed` and the thread offers Retry.
    client.send(e.detail.text, this.conversationId).catch(() => undefined);
  }

  #renderBanner() {
    const status = this.#connection.value;
    let text = '';
    if (status === 'connecting') text = this.#l10n.term('connecting');
    else if (status === 'reconnecting') text = this.#l10n.term('reconnecting');
    else if (status === 'closed' && this.#connectionError.value) text = `${this.#l10n.term('disconnected')}: ${this.#connectionError.value.message}`;
    return html`<div part="banner" role="status" ?hidden=${!text}>${text}</div>`;
  }

  #renderPanel() {
    const popup = this.mode === 'popup';
    const conversation = this.conversationId ? this.#conversations.value[this.conversationId] : undefined;
    return html`<section
      part="panel"
      id="panel"
      role=${popup ? 'dialog' : 'region'}
      aria-label=${this.#l10n.term('chat')}
      ?hidden=${popup && !this.open}
      @keydown=${this.#onKeydown}
    >
      ${popup
        ? html`<div part="header">
            <h2 part="title">${this.#l10n.term('chat')}</h2>
            <button part="close-button" type="button" aria-label=${this.#l10n.term('closeChat')} @click=${() => this.hide()}>✕</button>
          </div>`
        : nothing}
      ${this.#renderBanner()}
      <div part="body" data-view=${this.view}>
        <chat-conversation-list
          part="conversation-list"
          .selected=${this.conversationId}
          @chat-conversation-select=${this.#onSelect}
        ></chat-conversation-list>
        <div part="conversation">
          <div part="conversation-header">
            <button part="back-button" type="button" aria-label=${this.#l10n.term('conversations')} @click=${() => (this.view = 'list')}>←</button>
            ${conversation
              ? html`<h3 part="conversation-title">${conversation.customer.name}</h3>
                  <span part="conversation-channel">${conversation.channel.name}</span>`
              : nothing}
          </div>
          <chat-thread part="thread" .conversationId=${this.conversationId}></chat-thread>
          <chat-composer part="composer" ?disabled=${!this.conversationId} @chat-send=${this.#onSend}></chat-composer>
        </div>
      </div>
    </section>`;
  }

  override render() {
    if (this.mode !== 'popup') return this.#renderPanel();
    const unread = this.#unreadTotal.value;
    const label = this.open ? this.#l10n.term('closeChat') : this.#l10n.term('openChat');
    return html`${this.#renderPanel()}
      <button
        part="launcher"
        type="button"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="panel"
        aria-label=${unread ? `${label}. ${this.#l10n.term('unreadConversations', unread)}` : label}
        @click=${() => this.#setOpen(!this.open)}
      >
        ${chatIcon}
        ${unread ? html`<span part="launcher-badge" aria-hidden="true">${unread > 99 ? '99+' : unread}</span>` : nothing}
      </button>`;
  }
}
