import { html } from 'lit';
import { ChatElement } from '../lib/chat-element.js';
import { property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { ChatClient } from '@chatdesk/client';
import { clientContext } from '../lib/context.js';
import { terms } from '../i18n/index.js';
import { LocalizeController } from '../lib/localize.js';
import { PageClientLink } from '../lib/shared-client.js';
import { StoreController } from '../lib/store-controller.js';
import { tokens, type Theme } from '../lib/theme.js';
import styles from './unread-badge.styles.js';

/**
 * @summary The number of unread conversations (S-HOST-3), for a host page's header.
 *
 * Works anywhere on the page: inside a `<chat-panel>` it takes the panel's client from context;
 * elsewhere it uses the client the page's panel shares (`ChatPanel.clientFor(document)`), and
 * follows it when the panel reconnects as another user, is removed (then the page's other panel,
 * if any, takes over) or is added again. Hidden while the count is 0, and while the admin has
 * switched chats off (S-SET-1: `data-chats-off`, followed live).
 *
 * @csspart base - The visible number.
 *
 * @cssproperty --chat-badge-bg - Background of the badge (default: `--chat-danger`).
 * @cssproperty --chat-badge-text - Colour of the number (default: `--chat-danger-text`).
 * @cssproperty --chat-badge-size - Height (and minimum width) of the badge.
 */
export class ChatUnreadBadge extends ChatElement {
  static override styles = [tokens, styles];

  readonly #l10n = new LocalizeController(this, terms);

  /** The client to read; set by context, by the page's shared client, or by hand. */
  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  accessor client: ChatClient | undefined;

  /** The count on display, reflected so a host page can style `chat-unread-badge[count='0']`. */
  @property({ type: Number, reflect: true }) accessor count = 0;

  /** `light`, `dark` or `auto` (the system's); not set: the page's `color-scheme`. */
  @property({ reflect: true }) accessor theme: Theme | undefined;

  readonly #unread = new StoreController(this, (s) => s.unreadTotal);
  /** S-SET-1: false once the server says chats are off (unknown before the welcome: shown). */
  readonly #enabled = new StoreController(this, (s) => s.settings?.chatsEnabled !== false);

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

  protected override willUpdate(): void {
    this.count = this.#unread.value;
    this.toggleAttribute('data-chats-off', !this.#enabled.value);
  }

  override render() {
    const n = this.count;
    return html`<span part="base" aria-hidden="true">${n > 99 ? '99+' : n}</span
      ><span class="visually-hidden">${this.#l10n.term('unreadConversations', n)}</span>`;
  }
}
