import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { consume } from '@lit/context';
import type { ChatClient } from '@chatdesk/client';
import type { InternalChat } from '@chatdesk/protocol';
import { clientContext } from '../lib/context.js';
import { bidiText, isolate } from '../lib/bidi.js';
import { emit } from '../lib/events.js';
import { groupPath, plusPath } from '../lib/crm-icons.js';
import { icon } from '../lib/icons.js';
import { LocalizeController } from '../lib/localize.js';
import { StoreController } from '../lib/store-controller.js';
import { defineParts, exportparts, PartsController } from '../lib/parts.js';
import { tokens } from '../lib/theme.js';
import { formatAgo, formatListTime } from '../lib/time.js';
import { internalTerms } from './internal-list.i18n.js';
import type { ChatInternalCreateDetail } from './internal-picker.component.js';
import styles from './internal-list.styles.js';
import listRows from '../lib/list-rows.styles.js';

// Its parts as the elements around it export them (lib/parts.ts): the `@csspart` tags below.
defineParts(
  'chat-internal-list',
  'header new-chat-button picker base item item-selected item-unread name kind preview time unread empty',
  ['chat-internal-picker'],
);

export interface ChatInternalSelectDetail {
  chatId: number;
}

/** What the list shows as a chat's name: its title, or for a direct chat the other member's name. */
export function internalChatName(chat: InternalChat, meId: string | undefined): string {
  if (chat.kind === 'group') return chat.title;
  return chat.members.find((m) => m.id !== meId)?.name ?? chat.title;
}

/**
 * @summary The user's internal chats with colleagues (S-DLG-14): name, last message, time and
 * unread count, last activity first, and a «New chat» button that opens `<chat-internal-picker>`
 * (loaded on first use).
 *
 * A chat's name is its title; a direct chat shows the other member's name. The preview is the
 * last message as plain text, prefixed by its author in groups and by «You» for one's own.
 *
 * A `listbox`: Arrow keys, Home and End move between chats, Enter or Space opens one. In the
 * picker, Escape (or Cancel) closes it and focus returns to the «New chat» button; a created chat
 * is selected at once (a direct chat that already exists is selected instead).
 *
 * @csspart header - The «New chat» button's row.
 * @csspart new-chat-button - Opens and closes the picker (`aria-expanded`).
 * @csspart picker - The `<chat-internal-picker>`.
 * @csspart base - The `listbox` of chats.
 * @csspart item - One chat (`option`).
 * @csspart item-selected - Added to the selected chat's `item`.
 * @csspart item-unread - Added to the `item` of a chat with unread messages.
 * @csspart name - The chat's name.
 * @csspart kind - A group chat's marker: an icon and the member count (screen readers hear
 * «Группа, 3 участника» / "Group, 3 members").
 * @csspart preview - The last message.
 * @csspart time - The time of the last activity.
 * @csspart unread - The unread message count.
 * @csspart empty - The text shown while loading or when there are no chats.
 * @csspart internal-picker-base - `<chat-internal-picker>`'s `base`.
 * @csspart internal-picker-title - `<chat-internal-picker>`'s `title`.
 * @csspart internal-picker-colleagues - `<chat-internal-picker>`'s `colleagues`.
 * @csspart internal-picker-colleague - `<chat-internal-picker>`'s `colleague`.
 * @csspart internal-picker-online - `<chat-internal-picker>`'s `online`.
 * @csspart internal-picker-group-title - `<chat-internal-picker>`'s `group-title`.
 * @csspart internal-picker-error - `<chat-internal-picker>`'s `error`.
 * @csspart internal-picker-create-button - `<chat-internal-picker>`'s `create-button`.
 * @csspart internal-picker-cancel-button - `<chat-internal-picker>`'s `cancel-button`.
 *
 * @cssproperty --chat-internal-bg - Background of the list.
 * @cssproperty --chat-internal-item-hover-bg - Background of a hovered chat.
 * @cssproperty --chat-internal-item-selected-bg - Background of the selected chat.
 * @cssproperty --chat-internal-unread-bg - Background of the unread count.
 * @cssproperty --chat-internal-unread-text - Colour of the unread count.
 *
 * @event {{ chatId: number }} chat-internal-select - A chat was chosen (click, Enter, Space, or
 * just created in the picker). Cancelable: when prevented, `selected` does not change.
 */
export class ChatInternalList extends LitElement {
  static override styles = [tokens, listRows, styles];

  readonly #l10n = new LocalizeController(this, internalTerms);
  // Renders again when an element inside it brings its parts with its code (lib/parts.ts).
  readonly #parts = new PartsController(this, 'chat-internal-list');

  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  accessor client: ChatClient | undefined;

  /** The id of the selected (open) chat, or 0 for none. */
  @property({ type: Number, reflect: true }) accessor selected = 0;

  /** The chat that holds the roving tab stop. */
  @state() private accessor activeId = 0;
  @state() private accessor pickerOpen = false;

  readonly #order = new StoreController(this, (s) => s.internalOrder);
  readonly #chats = new StoreController(this, (s) => s.internalChats);
  readonly #unread = new StoreController(this, (s) => s.internalUnread);
  readonly #loaded = new StoreController(this, (s) => s.internalLoaded);
  readonly #connection = new StoreController(this, (s) => s.connection);
  readonly #me = new StoreController(this, (s) => s.me);
  #attempted = false;
  #wasLive = false;

  protected override updated(): void {
    // Once per live connection (a refused fetch is not retried in a loop); the client refetches
    // by itself after a resync.
    const live = this.#connection.value === 'open';
    if (live && !this.#wasLive) this.#attempted = false;
    this.#wasLive = live;
    const client = this.client;
    if (client && live && !this.#loaded.value && !this.#attempted) {
      this.#attempted = true;
      queueMicrotask(() => void client.loadInternalChats().catch(() => undefined));
    }
  }

  #select(chatId: number): void {
    const event = emit<ChatInternalSelectDetail>(this, 'chat-internal-select', { chatId }, { cancelable: true });
    if (!event.defaultPrevented) this.selected = chatId;
  }

  async #togglePicker(): Promise<void> {
    if (this.pickerOpen) return this.#closePicker();
    // The picker loads on first use: most sessions never start a chat (bundle budget).
    await import('./internal-picker.js');
    this.pickerOpen = true;
  }

  async #closePicker(): Promise<void> {
    this.pickerOpen = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="new-chat-button"]')?.focus();
  }

  #onCreate(e: CustomEvent<ChatInternalCreateDetail>): void {
    this.pickerOpen = false;
    this.#select(e.detail.chatId);
    void this.#focusItem(e.detail.chatId);
  }

  async #focusItem(id: number): Promise<void> {
    this.activeId = id;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-id="${id}"]`)?.focus();
  }

  #onKeydown(e: KeyboardEvent, ids: readonly number[]): void {
    if (ids.length === 0) return;
    const current = Math.max(0, ids.indexOf(this.#tabStop(ids)));
    let next: number | undefined;
    switch (e.key) {
      case 'ArrowDown':
        next = ids[Math.min(ids.length - 1, current + 1)];
        break;
      case 'ArrowUp':
        next = ids[Math.max(0, current - 1)];
        break;
      case 'Home':
        next = ids[0];
        break;
      case 'End':
        next = ids[ids.length - 1];
        break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        this.#select(ids[current]!);
        return;
      default:
        return;
    }
    e.preventDefault();
    if (next !== undefined) void this.#focusItem(next);
  }

  /** The item that takes Tab: the active one, else the selected one, else the first. */
  #tabStop(ids: readonly number[]): number {
    if (ids.includes(this.activeId)) return this.activeId;
    if (ids.includes(this.selected)) return this.selected;
    return ids[0] ?? 0;
  }

  #renderItem(chat: InternalChat, tabStop: number, position: number, size: number) {
    const lang = this.#l10n.lang();
    const meId = this.#me.value?.id;
    const unread = this.#unread.value[chat.id] ?? 0;
    const selected = chat.id === this.selected;
    const last = chat.lastMessage;
    const who = !last ? '' : last.author.id === meId ? this.#l10n.term('you') : chat.kind === 'group' ? last.author.name : '';
    const text = last?.deleted ? '' : (last?.text ?? '');
    return html`<li
      part="item${selected ? ' item-selected' : ''}${unread ? ' item-unread' : ''}"
      role="option"
      data-id=${chat.id}
      aria-selected=${selected ? 'true' : 'false'}
      aria-posinset=${position}
      aria-setsize=${size}
      tabindex=${chat.id === tabStop ? '0' : '-1'}
      @click=${() => this.#select(chat.id)}
      @focus=${() => (this.activeId = chat.id)}
    >
      <span part="name"><bdi>${internalChatName(chat, meId)}</bdi></span>
      <time part="time" datetime=${new Date(chat.lastActivityAt).toISOString()} aria-label=${formatAgo(chat.lastActivityAt, lang)}
        >${formatListTime(chat.lastActivityAt, lang)}</time
      >
      <span part="preview">${bidiText(who ? `${isolate(who)}: ${isolate(text)}` : isolate(text))}</span>
      ${chat.kind === 'group'
        ? html`<span part="kind"
            >${icon(groupPath)}<span aria-hidden="true"> ${chat.members.length}</span
            ><span class="visually-hidden">${this.#l10n.term('groupOf', chat.members.length)}</span></span
          >`
        : nothing}
      ${unread
        ? html`<span part="unread"><span aria-hidden="true">${unread}</span><span class="visually-hidden">${this.#l10n.term('unreadMessages', unread)}</span></span>`
        : nothing}
    </li>`;
  }

  #renderList() {
    const chats = this.#chats.value;
    const ids = this.#order.value.filter((id) => chats[id]);
    if (ids.length === 0) {
      return html`<p part="empty" role="status">${this.#loaded.value ? this.#l10n.term('noChats') : this.#l10n.term('loading')}</p>`;
    }
    const tabStop = this.#tabStop(ids);
    return html`<ul part="base" role="listbox" aria-label=${this.#l10n.term('chats')} @keydown=${(e: KeyboardEvent) => this.#onKeydown(e, ids)}>
      ${repeat(
        ids,
        (id) => id,
        (id, i) => this.#renderItem(chats[id]!, tabStop, i + 1, ids.length),
      )}
    </ul>`;
  }

  override render() {
    return html`<div part="header">
        <button
          part="new-chat-button"
          type="button"
          aria-expanded=${this.pickerOpen ? 'true' : 'false'}
          aria-controls="picker"
          @click=${() => void this.#togglePicker()}
        >
          ${icon(plusPath)} ${this.#l10n.term('newChat')}
        </button>
      </div>
      ${this.pickerOpen
        ? html`<chat-internal-picker
            part="picker"
            exportparts=${exportparts('chat-internal-picker')}
            id="picker"
            .client=${this.client}
            @chat-internal-create=${this.#onCreate}
            @chat-request-close=${() => void this.#closePicker()}
          ></chat-internal-picker>`
        : nothing}
      <div class="scroll">${this.#renderList()}</div>`;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-internal-select': CustomEvent<ChatInternalSelectDetail>;
  }
}
