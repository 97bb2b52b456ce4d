import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { consume } from '@lit/context';
import type { ChatClient } from '@chatdesk/client';
import type { Conversation } from '@chatdesk/protocol';
import { clientContext } from '../lib/context.js';
import { emit } from '../lib/events.js';
import { terms } from '../i18n/index.js';
import { LocalizeController } from '../lib/localize.js';
import { StoreController } from '../lib/store-controller.js';
import { tokens } from '../lib/theme.js';
import { formatAgo, formatListTime } from '../lib/time.js';
import styles from './conversation-list.styles.js';

export interface ChatConversationSelectDetail {
  conversationId: number;
}

/**
 * @summary The manager's conversations, last activity first (S-DLG-2): customer, channel, last
 * message, time and unread count.
 *
 * A `listbox`: Arrow keys, Home and End move between conversations, Enter or Space opens one.
 * It loads the first page itself once the client is connected, and the next on "Load more".
 *
 * @csspart base - The `listbox`.
 * @csspart item - One conversation (`option`).
 * @csspart item-selected - Added to the selected conversation's `item`.
 * @csspart item-unread - Added to the `item` of a conversation with unread messages.
 * @csspart name - The customer's name.
 * @csspart channel - The channel's name.
 * @csspart preview - The last message.
 * @csspart time - The time of the last activity.
 * @csspart unread - The unread message count.
 * @csspart empty - The text shown while loading or when there are no conversations.
 * @csspart load-more - The button that loads the next page.
 *
 * @cssproperty --chat-list-bg - Background of the list.
 * @cssproperty --chat-list-item-hover-bg - Background of a hovered conversation.
 * @cssproperty --chat-list-item-selected-bg - Background of the selected conversation.
 * @cssproperty --chat-list-unread-bg - Background of the unread count.
 * @cssproperty --chat-list-unread-text - Colour of the unread count.
 *
 * @event {{ conversationId: number }} chat-conversation-select - A conversation was chosen
 * (click, Enter or Space). Cancelable: when prevented, `selected` does not change.
 */
export class ChatConversationList extends LitElement {
  static override styles = [tokens, styles];

  readonly #l10n = new LocalizeController(this, terms);

  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  accessor client: ChatClient | undefined;

  /** The id of the selected (open) conversation, or 0 for none. */
  @property({ type: Number, reflect: true }) accessor selected = 0;

  /** The conversation that holds the roving tab stop. */
  @state() private accessor activeId = 0;

  readonly #order = new StoreController(this, (s) => s.conversationOrder);
  readonly #conversations = new StoreController(this, (s) => s.conversations);
  readonly #unread = new StoreController(this, (s) => s.unread);
  readonly #loaded = new StoreController(this, (s) => s.listLoaded);
  readonly #cursor = new StoreController(this, (s) => s.listCursor);
  readonly #connection = new StoreController(this, (s) => s.connection);
  #loading = false;
  #attempted = false;
  #wasLive = false;

  protected override updated(): void {
    // Once per live connection: a refused or failed fetch is not retried in a loop, a connection
    // that comes back tries again (and the client itself refetches after a resync).
    const live = this.#connection.value === 'open';
    if (live && !this.#wasLive) this.#attempted = false;
    this.#wasLive = live;
    if (this.client && live && !this.#loaded.value && !this.#loading && !this.#attempted) {
      this.#attempted = true;
      const client = this.client;
      queueMicrotask(() => void this.#load(() => client.loadConversations()));
    }
  }

  async #load(fetch: () => Promise<void>): Promise<void> {
    this.#loading = true;
    try {
      await fetch();
    } catch {
      // The list stays as it was; the connection banner explains an outage, the next welcome refetches.
    } finally {
      this.#loading = false;
      this.requestUpdate();
    }
  }

  #select(id: number): void {
    this.activeId = id;
    const event = emit<ChatConversationSelectDetail>(this, 'chat-conversation-select', { conversationId: id }, { cancelable: true });
    if (!event.defaultPrevented) this.selected = id;
  }

  #focusItem(id: number): void {
    this.activeId = id;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[data-id="${id}"]`)?.focus());
  }

  #onKeydown(e: KeyboardEvent): void {
    const order = this.#order.value;
    if (order.length === 0) return;
    const current = Math.max(0, order.indexOf(this.#tabStop(order)));
    let next: number | undefined;
    switch (e.key) {
      case 'ArrowDown':
        next = order[Math.min(order.length - 1, current + 1)];
        break;
      case 'ArrowUp':
        next = order[Math.max(0, current - 1)];
        break;
      case 'Home':
        next = order[0];
        break;
      case 'End':
        next = order[order.length - 1];
        break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        this.#select(order[current]!);
        return;
      default:
        return;
    }
    e.preventDefault();
    if (next !== undefined) this.#focusItem(next);
  }

  /** The item that takes Tab: the active one, else the selected one, else the first. */
  #tabStop(order: readonly number[]): number {
    if (order.includes(this.activeId)) return this.activeId;
    if (order.includes(this.selected)) return this.selected;
    return order[0] ?? 0;
  }

  #renderItem(c: Conversation, tabStop: number) {
    const lang = this.#l10n.lang();
    const unread = this.#unread.value[c.id] ?? 0;
    const selected = c.id === this.selected;
    const last = c.lastMessage;
    const preview = last ? (last.author.kind === 'manager' ? `${last.author.name}: ${last.text}` : last.text) : '';
    return html`<li
      part="item${selected ? ' item-selected' : ''}${unread ? ' item-unread' : ''}"
      role="option"
      data-id=${c.id}
      ?data-unread=${unread > 0}
      aria-selected=${selected ? 'true' : 'false'}
      tabindex=${c.id === tabStop ? '0' : '-1'}
      @click=${() => this.#select(c.id)}
      @focus=${() => (this.activeId = c.id)}
    >
      <span part="name">${c.customer.name}</span>
      <time part="time" datetime=${new Date(c.lastActivityAt).toISOString()} aria-label=${formatAgo(c.lastActivityAt, lang)}
        >${formatListTime(c.lastActivityAt, lang)}</time
      >
      <span part="channel">${c.channel.name}</span>
      <span part="preview">${preview}</span>
      ${unread
        ? html`<span part="unread"><span aria-hidden="true">${unread}</span><span class="visually-hidden">${this.#l10n.term('unreadMessages', unread)}</span></span>`
        : nothing}
    </li>`;
  }

  override render() {
    const order = this.#order.value;
    const conversations = this.#conversations.value;
    const tabStop = this.#tabStop(order);
    return html`
      ${order.length === 0
        ? html`<p part="empty" role="status">${this.#loaded.value ? this.#l10n.term('noConversations') : this.#l10n.term('loading')}</p>`
        : html`<ul part="base" role="listbox" aria-label=${this.#l10n.term('conversations')} @keydown=${this.#onKeydown}>
            ${repeat(
              order,
              (id) => id,
              (id) => {
                const c = conversations[id];
                return c ? this.#renderItem(c, tabStop) : nothing;
              },
            )}
          </ul>`}
      ${this.#cursor.value
        ? html`<button part="load-more" type="button" @click=${() => this.#load(() => this.client!.loadMoreConversations())}>
            ${this.#l10n.term('loadMore')}
          </button>`
        : nothing}
    `;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-conversation-select': CustomEvent<ChatConversationSelectDetail>;
  }
}
