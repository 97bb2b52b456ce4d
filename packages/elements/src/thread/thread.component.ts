import { html, nothing, type PropertyValues } from 'lit';
import { ChatElement } from '../lib/chat-element.js';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { consume } from '@lit/context';
import { channelOf, isMe, type ChatClient, type OutboxItem, type TypingEntry } from '@chatdesk/client';
import type { Attachment, ChannelCapabilities, Me, Message, MessageCard, ReplyRef, SystemEvent } from '@chatdesk/protocol';
import { DISTRIBUTION_BOT_ID } from '@chatdesk/protocol/runtime';
import type { ChatImageOpenDetail } from '../attachments/message-files.view.js';
import { allLightboxImages, lightboxImages, type LightboxImage } from '../attachments/lightbox-images.js';
import { clientContext } from '../lib/context.js';
import { terms } from '../i18n/index.js';
import { LocalizeController } from '../lib/localize.js';
import { StoreController } from '../lib/store-controller.js';
import { VirtualWindow } from '../lib/virtual-window.js';
import { bidiText, isolate } from '../lib/bidi.js';
import { errorWords, refusalOf, type Refusal } from '../lib/errors.js';
import { downPath } from '../lib/crm-icons.js';
import { icon } from '../lib/icons.js';
import { defineParts, exportparts, PartsController } from '../lib/parts.js';
import { tokens } from '../lib/theme.js';
import { daysAgo, formatDay, loadTimeWords } from '../lib/time.js';
import '../message/message.js';
import type { ChatMessage, ChatMessageRefDetail, ChatRetryDetail } from '../message/message.component.js';
import styles from './thread.styles.js';

// Its parts as the elements around it export them (lib/parts.ts): the `@csspart` tags below.
defineParts(
  'chat-thread',
  'scroller load-older empty day unread-divider message system grouped highlighted pending new-messages typing error lightbox',
  ['chat-message', 'chat-lightbox'],
);

/** Close enough to the top to fetch the previous page. */
const LOAD_OLDER_PX = 48;
/** New messages kept for screen readers (the live region only needs the latest). */
const ANNOUNCED = 5;
/** Consecutive messages of one author this close together (on one day) form a group. */
const GROUP_MS = 5 * 60_000;
/** Older pages loaded at most to reach the first unread message on open. */
const UNREAD_PAGES = 10;
/** Tries again of a failed "mark read", 1, 2 and 4 s apart. */
const READ_RETRIES = 3;

/**
 * @summary The messages of one conversation or internal chat, oldest at the top (S-DLG-5,
 * S-DLG-14), with the sender's pending sends from the outbox (queued, sending, failed — S-DLG-13).
 *
 * Messages are grouped by day (a "Today" / "Yesterday" / date line) and by author: consecutive
 * messages of one author within a few minutes show the author once and sit closer. Each shows its
 * author (the customer, which manager, which bot); system events are centred notices in the
 * reader's language. Times within the last hour read "5 minutes ago" (refreshed by one timer a
 * minute), older ones the clock time; the full date is in the title.
 *
 * It opens the thread through the client at the first unread message (under a "New messages"
 * divider), loading older pages back to it (ten at most); otherwise at the newest. It loads older
 * pages when scrolled to the top (or with the "Load older" button) keeping the message being read
 * where it is, follows new messages while at the bottom, and when scrolled up counts them on a
 * "↓ 3 new messages" button that goes down. Who is typing shows below the log. It marks the
 * thread read while it is visible on a visible page. Only the messages near the viewport are in
 * the DOM (`VirtualWindow`): a thread of 10,000 messages holds a few dozen `<chat-message>`
 * elements. The log announces messages that arrive from others, not rows that scroll in and out
 * of the DOM (see `render`).
 *
 * Keyboard: the messages share one tab stop (roving tabindex), so Tab crosses the thread in one
 * step. ↑/↓ move between messages (↑ on the oldest loaded one loads the page before it), Home
 * and End go to the oldest loaded and the newest; Page Up/Down scroll. On a message, Enter, the
 * context-menu key or Shift+F10 opens its menu; Tab goes on to the message's own buttons (a
 * quote, Retry) if it has any, then out of the thread. `focus()` lands on the message last
 * focused (or revealed), else the one the thread opened at (the first unread, else the newest).
 * A focused message that scrolls
 * out of the rendered window hands focus to the log itself, and an arrow key comes back to a
 * message.
 *
 * Messages get their menu flags here (S-DLG-7) from what the server says the reader may do
 * (`message.can`): Edit and Delete on one's own messages where the channel allows, History for
 * admins and chat admins on edited or deleted ones. The thread itself deletes
 * (`chat-delete`), retries (`chat-retry`: a stored failed message or a pending send), discards
 * and shows a quoted message (`chat-reveal`); `chat-reply`, `chat-edit` and `chat-history` bubble
 * out for the host (the panel: the composer's quote and edit modes, the history dialog).
 *
 * @csspart scroller - The scrolling `role="log"` container.
 * @csspart load-older - The button that loads the previous page.
 * @csspart empty - The text shown when there is nothing to show.
 * @csspart day - The day line above the first message of a day ("Today", "Yesterday", a date).
 * @csspart unread-divider - The "New messages" line above the first unread message.
 * @csspart message - Each `<chat-message>` (stored or pending); style its inside via its parts.
 * @csspart system - Added to the `message` of a system event (S-DLG-5: opened, closed, reassigned…).
 * @csspart grouped - Added to the `message` that continues its author's group (no author line).
 * @csspart highlighted - Added to the `message` the thread was opened at from a search hit or a quote.
 * @csspart pending - Added to the `message` of a send the server has not stored yet.
 * @csspart new-messages - The "↓ 3 new messages" button shown while scrolled up.
 * @csspart typing - The polite line saying who is typing.
 * @csspart lightbox - The `<chat-lightbox>` of the conversation's images (S-DLG-5), while open.
 * @csspart error - Why a delete or a retry of a stored message failed (`role=alert`), in the
 * reader's language by error code and `details.reason`; the server's own message is its `title`.
 * @csspart message-base - `<chat-message>`'s `base`.
 * @csspart message-author - `<chat-message>`'s `author`.
 * @csspart message-quote - `<chat-message>`'s `quote`.
 * @csspart message-quote-author - `<chat-message>`'s `quote-author`.
 * @csspart message-quote-text - `<chat-message>`'s `quote-text`.
 * @csspart message-text - `<chat-message>`'s `text`.
 * @csspart message-link - `<chat-message>`'s `link`.
 * @csspart message-meta - `<chat-message>`'s `meta`.
 * @csspart message-time - `<chat-message>`'s `time`.
 * @csspart message-edited - `<chat-message>`'s `edited`.
 * @csspart message-status - `<chat-message>`'s `status`.
 * @csspart message-tooltip - `<chat-message>`'s `tooltip`.
 * @csspart message-actions - `<chat-message>`'s `actions`.
 * @csspart message-retry-button - `<chat-message>`'s `retry-button`.
 * @csspart message-discard-button - `<chat-message>`'s `discard-button`.
 * @csspart message-menu-button - `<chat-message>`'s `menu-button`.
 * @csspart message-notice - `<chat-message>`'s `notice`.
 * @csspart message-images - `<chat-message>`'s `images`.
 * @csspart message-image - `<chat-message>`'s `image`.
 * @csspart message-thumbnail - `<chat-message>`'s `thumbnail`.
 * @csspart message-audio - `<chat-message>`'s `audio`.
 * @csspart message-file - `<chat-message>`'s `file`.
 * @csspart message-file-name - `<chat-message>`'s `file-name`.
 * @csspart message-file-meta - `<chat-message>`'s `file-meta`.
 * @csspart message-cards - `<chat-message>`'s `cards`.
 * @csspart message-card - `<chat-message>`'s `card`.
 * @csspart message-card-product - `<chat-message>`'s `card-product`.
 * @csspart message-card-order - `<chat-message>`'s `card-order`.
 * @csspart message-card-image - `<chat-message>`'s `card-image`.
 * @csspart message-card-name - `<chat-message>`'s `card-name`.
 * @csspart message-card-price - `<chat-message>`'s `card-price`.
 * @csspart message-card-stock - `<chat-message>`'s `card-stock`.
 * @csspart message-card-article - `<chat-message>`'s `card-article`.
 * @csspart message-card-status - `<chat-message>`'s `card-status`.
 * @csspart message-card-items - `<chat-message>`'s `card-items`.
 * @csspart message-card-item - `<chat-message>`'s `card-item`.
 * @csspart message-card-delivery - `<chat-message>`'s `card-delivery`.
 * @csspart message-card-total - `<chat-message>`'s `card-total`.
 * @csspart message-card-to-pay - `<chat-message>`'s `card-to-pay`.
 * @csspart message-menu-menu - `<chat-message-menu>`'s `menu`.
 * @csspart message-menu-item - `<chat-message-menu>`'s `item`.
 * @csspart message-menu-question - `<chat-message-menu>`'s `question`.
 * @csspart audio-player-base - `<chat-audio-player>`'s `base`.
 * @csspart audio-player-button - `<chat-audio-player>`'s `button`.
 * @csspart audio-player-slider - `<chat-audio-player>`'s `slider`.
 * @csspart audio-player-time - `<chat-audio-player>`'s `time`.
 * @csspart audio-player-error - `<chat-audio-player>`'s `error`.
 * @csspart lightbox-dialog - `<chat-lightbox>`'s `dialog`.
 * @csspart lightbox-image - `<chat-lightbox>`'s `image`.
 * @csspart lightbox-caption - `<chat-lightbox>`'s `caption`.
 * @csspart lightbox-prev - `<chat-lightbox>`'s `prev`.
 * @csspart lightbox-next - `<chat-lightbox>`'s `next`.
 * @csspart lightbox-close - `<chat-lightbox>`'s `close`.
 * @csspart lightbox-download - `<chat-lightbox>`'s `download`.
 *
 * @cssproperty --chat-thread-bg - Background of the thread.
 * @cssproperty --chat-thread-gap - Space between messages (a quarter of it inside an author's group).
 * @cssproperty --chat-thread-highlight-bg - Background of the message opened from a search hit (default: `--chat-highlight`, 35 %).
 * @cssproperty --chat-thread-divider-color - Colour of the "New messages" divider.
 *
 * @event {{ messageId: number }} chat-reply - From a message's menu: reply to it (quote).
 * @event {{ messageId: number }} chat-edit - From a message's menu: edit it.
 * @event {{ messageId: number }} chat-history - From a message's menu: show its edit history.
 */
export class ChatThread extends ChatElement {
  static override styles = [tokens, styles];

  readonly #l10n = new LocalizeController(this, terms);
  // Renders again when an element inside it brings its parts with its code (lib/parts.ts).
  readonly #parts = new PartsController(this, 'chat-thread');

  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  accessor client: ChatClient | undefined;

  /**
   * The thread to show: a conversation's id, or an internal chat's id negated (its thread key,
   * S-DLG-14); 0 shows nothing.
   */
  @property({ attribute: 'conversation-id', type: Number, reflect: true }) accessor conversationId = 0;

  /** A message shown highlighted (the search hit it was opened at, S-DLG-3); 0 for none. */
  @property({ attribute: 'highlighted-id', type: Number }) accessor highlightedId = 0;

  /** Opening the conversation failed (it is gone, or no longer this user's to see). */
  @state() private accessor failed = false;

  /** New messages that arrived while scrolled up (the "↓ N new messages" button). */
  @state() private accessor below = 0;

  /** Why the last delete or retry from a message failed; worded at render, in the reader's language. */
  @state() private accessor actionError: (Refusal & { action: 'deleteFailed' | 'retryFailed' }) | null = null;

  // This conversation's slices only: a message in another conversation re-renders nothing here.
  readonly #thread = new StoreController(this, (s) => s.threads[this.conversationId]);
  readonly #outbox = new StoreController(this, (s) => s.outbox);
  readonly #me = new StoreController(this, (s) => s.me);
  /** What the shown conversation's channel can carry (`channelOf`: the same object while it holds): edit, delete, quote. */
  readonly #caps = new StoreController(this, (s) => channelOf(s, this.conversationId));
  /** Unread messages of this thread for this user (S-DLG-14: an internal chat's under its chat id). */
  readonly #unread = new StoreController(this, (s) => {
    const id = this.conversationId;
    return (id > 0 ? s.unread[id] : s.internalUnread?.[-id]) ?? 0;
  });
  readonly #typing = new StoreController(this, (s) => s.typing?.[this.conversationId]);
  readonly #connection = new StoreController(this, (s) => s.connection);
  /** S-DLG-9: file URLs carry the file token: a new token gives the messages new URLs. */
  readonly #fileToken = new StoreController(this, (s) => s.fileToken);
  #fileUrlOf: { token: string | null; client: ChatClient | undefined; url: (id: number, variant?: 'content' | 'thumb') => string | undefined } | undefined;

  /** The lightbox's images and the one shown (S-DLG-5), while it is open. */
  @state() private accessor lightbox: { images: LightboxImage[]; index: number } | null = null;

  /** A function of the file token in use (a new one when it changes, so the messages re-render). */
  #fileUrl(): (id: number, variant?: 'content' | 'thumb') => string | undefined {
    const token = this.#fileToken.value;
    const client = this.client;
    if (this.#fileUrlOf?.token !== token || this.#fileUrlOf.client !== client) {
      this.#fileUrlOf = { token, client, url: (id, variant) => client?.files.url(id, variant) };
    }
    return this.#fileUrlOf.url;
  }

  /** S-DLG-5: the conversation's loaded images in the lightbox, from the one clicked; keyboard moves between them. */
  async #openImage(e: CustomEvent<ChatImageOpenDetail>): Promise<void> {
    const id = this.conversationId;
    const thread = this.#thread.value;
    const url = this.#fileUrl();
    // The whole conversation's images when older pages are not loaded yet (the server lists them).
    const listed = thread?.hasMore && this.client ? await allLightboxImages(this.client, Math.abs(id), url) : undefined;
    const images = listed ?? lightboxImages(thread?.messages ?? [], url);
    const index = images.findIndex((i) => i.fileId === e.detail.fileId);
    if (index < 0) return;
    await import('../lightbox/lightbox.js');
    this.lightbox = { images, index };
  }

  /** The last conversation asked of which client (see `#open`). */
  #requested: { client: ChatClient; id: number } | undefined;
  #wasLive = false;
  /** `${conversationId}:${oldest message id}` of a failed automatic "load older", not retried. */
  #olderFailed: string | undefined;
  #markingRead = false;
  /** Consecutive failed reads and the timer of the next try (see `#maybeMarkRead`). */
  #readFailures = 0;
  #readRetry: ReturnType<typeof setTimeout> | undefined;
  /** The newest message id when this thread last marked read: a count that rises with no newer message is "mark as unread", not to be read again. */
  #readThrough: number | undefined;
  #intersecting = false;
  #observer: IntersectionObserver | undefined;
  #clock: ReturnType<typeof setInterval> | undefined;
  /** The newest message id seen, to tell a new message (announced) from an older page or the first one. */
  #newestId: number | undefined;
  /** The latest messages from others, read out by screen readers. */
  #announcements: { id: number; text: string }[] = [];
  /** Unread messages when the thread was opened (undefined until the thread is in the store). */
  #unreadAtOpen: number | undefined;
  /** The first of them, under the "New messages" divider, once loaded (or given up on: 0). */
  #firstUnreadId: number | undefined;
  #unreadPages = 0;
  /** The message holding the tab stop: a stored message's id or a pending send's client id (undefined: where it opened). */
  #stop: number | string | undefined;
  /** `focus()` came before the message to start at was rendered: it takes focus once it is. */
  #focusWanted = false;

  readonly #window = new VirtualWindow<Message>(this, {
    scroller: () => this.#scroller,
    rows: () => this.renderRoot.querySelector('.rows'),
    key: (m) => m.id,
    // The message keeps its place, not its row: the day and author lines above it change when a page arrives.
    anchor: (row) => row.lastElementChild ?? row,
    settled: () => this.#childrenRendered(),
    positioned: (s) => {
      this.#takeFocus();
      // Too few messages to scroll means no scroll event to the top: fetch older ones right away
      // (only when shown: a hidden thread has no height and would page through everything).
      if (s.clientHeight > 0 && s.scrollHeight <= s.clientHeight) this.#loadOlder(true);
      // Opened at the first unread, which turned out to be in the last screenful: follow from here.
      if (!this.#window.stuck && s.clientHeight > 0 && s.scrollHeight - s.scrollTop - s.clientHeight < 2) this.#window.scrollToEnd();
    },
  });

  readonly #onVisibility = (): void => this.#maybeMarkRead();

  override connectedCallback(): void {
    super.connectedCallback();
    this.#observer = new IntersectionObserver((entries) => {
      this.#intersecting = entries.some((e) => e.isIntersecting);
      this.#maybeMarkRead();
    });
    this.#observer.observe(this);
    document.addEventListener('visibilitychange', this.#onVisibility);
    // "5 minutes ago" moves on: one timer re-renders the few dozen rendered rows once a minute.
    this.#clock = setInterval(() => this.requestUpdate(), 60_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#intersecting = false;
    clearInterval(this.#clock);
    clearTimeout(this.#readRetry);
    document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  get #scroller(): HTMLElement | null {
    return this.renderRoot.querySelector('[part~="scroller"]');
  }

  /** Scrolls to the newest message (and follows new ones). */
  scrollToEnd(): void {
    this.below = 0;
    this.#window.scrollToEnd();
  }

  /**
   * Opens the conversation at `messageId` (a search hit, S-DLG-3; a quote, S-DLG-7): loads older
   * pages back to it when it is not loaded yet, scrolls it into view and highlights it.
   */
  async revealMessage(messageId: number): Promise<void> {
    this.highlightedId = messageId;
    this.#stop = messageId; // the tab stop goes with the view
    await this.updateComplete;
    const client = this.client;
    const id = this.conversationId;
    if (!client || !id) return;
    // The thread opens itself (`#open`); older pages are loaded back to the message, for 20 s at most.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && this.conversationId === id && this.client === client) {
      const thread = client.state.threads[id];
      if (thread?.messages.some((m) => m.id === messageId)) break;
      if (!thread || thread.loading) {
        await new Promise((r) => setTimeout(r, 30));
        continue;
      }
      if (!thread.hasMore) break;
      await client.loadOlder(id);
    }
    if (this.conversationId === id && this.highlightedId === messageId) this.#window.scrollToKey(messageId);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const id = this.conversationId;
    const thread = this.#thread.value;
    const messages = thread?.messages ?? [];
    if (changed.has('conversationId') && changed.get('conversationId') !== undefined && !changed.has('highlightedId')) this.highlightedId = 0;
    if (changed.has('conversationId')) {
      this.#stop = undefined;
      // The bubbles' "5 minutes ago" wants date-fns' words: fetched when a conversation is shown,
      // not when the panel starts with an empty thread (lib/time.ts).
      if (id) void loadTimeWords().then(() => this.requestUpdate());
      this.#window.reset();
      this.#newestId = undefined;
      this.#announcements = [];
      this.#unreadAtOpen = this.#firstUnreadId = this.#readThrough = undefined;
      this.#readFailures = 0;
      this.#unreadPages = 0;
      this.below = 0;
      this.actionError = null;
    }
    this.#window.update(messages);
    // Before anything marks it read (`updated`): how much was unread when it opened.
    if (thread && this.#unreadAtOpen === undefined) this.#unreadAtOpen = this.#unread.value;
    if (thread && this.#firstUnreadId === undefined && !thread.loading) this.#findFirstUnread(messages, !thread.hasMore || this.#unreadPages >= UNREAD_PAGES);
    this.#noteNewMessages(messages);
  }

  /**
   * The first unread message is the `#unreadAtOpen`-th written one from the end (the server
   * counts the messages after the reader's cursor; system notices never count). Found (or given up on: the oldest
   * loaded), the view opens there, unless it was opened at a search hit.
   */
  #findFirstUnread(messages: readonly Message[], last: boolean): void {
    const n = this.#unreadAtOpen ?? 0;
    if (n === 0) {
      this.#firstUnreadId = 0;
      return;
    }
    let left = n;
    let i = messages.length - 1;
    for (; i >= 0; i--) if (messages[i]!.system === undefined && --left === 0) break;
    if (i < 0 && !last) return; // `updated` loads an older page
    const first = messages[Math.max(0, i)];
    this.#firstUnreadId = first?.id ?? 0;
    if (first && !this.highlightedId) this.#window.scrollToKey(first.id, 64);
  }

  /** Messages from others newer than the newest seen go to the live region; the first page and older pages do not. */
  #noteNewMessages(messages: readonly Message[]): void {
    const newest = messages[messages.length - 1]?.id;
    if (newest === undefined) return;
    const seen = this.#newestId;
    this.#newestId = seen === undefined ? newest : Math.max(seen, newest);
    if (seen === undefined || newest <= seen) return;
    const me = this.#me.value;
    const fresh: { id: number; text: string }[] = [];
    let mine = false;
    let count = 0;
    for (let i = messages.length - 1; i >= 0 && messages[i]!.id > seen; i--) {
      const m = messages[i]!;
      if (isMe(me, m.author)) mine = true;
      else count++;
      if (fresh.length >= ANNOUNCED) continue;
      if (m.system) fresh.unshift({ id: m.id, text: this.#systemText(m.system) });
      else if (!isMe(me, m.author)) fresh.unshift({ id: m.id, text: `${isolate(this.#authorName(m, me))}: ${isolate(m.text)}` });
    }
    if (fresh.length) this.#announcements = [...this.#announcements, ...fresh].slice(-ANNOUNCED);
    // One's own message (sent from here or another tab) brings the view down; others' are counted
    // on the "new messages" button while the reader is scrolled up.
    if (mine) this.scrollToEnd();
    else if (!this.#window.stuck) this.below += count;
  }

  protected override updated(): void {
    // Side effects that update the store (and so this element) run after this update, not inside it.
    queueMicrotask(() => {
      this.#open();
      this.#seekUnread();
      this.#maybeMarkRead();
    });
  }

  /**
   * The focused message is about to leave the DOM (scrolled out of the window, a pending send
   * stored, another thread): focus holds on the log instead of falling to the page.
   */
  protected override update(changed: PropertyValues<this>): void {
    const focused = this.shadowRoot?.activeElement as HTMLElement | null;
    if (focused?.localName === 'chat-message' && !this.#rendered(keyOf(focused))) this.#scroller?.focus({ preventScroll: true });
    super.update(changed);
  }

  /** This thread's pending sends (always rendered, after the stored messages). */
  #pending(): OutboxItem[] {
    return this.#outbox.value.filter((o) => o.conversationId === this.conversationId);
  }

  /** Whether the message of `key` is in the rows this update renders. */
  #rendered(key: number | string | undefined): boolean {
    return typeof key === 'number' ? this.#window.slice.some((m) => m.id === key) : this.#pending().some((o) => o.clientMessageId === key);
  }

  /**
   * Focuses the message last focused, else the one the thread opened at (until it is rendered:
   * the log, and that message once it is).
   */
  override focus(): void {
    this.#focusWanted = true;
    this.#scroller?.focus({ preventScroll: true });
    this.#takeFocus();
  }

  /** Where a reader starts: the revealed message, else the first unread, else the newest (undefined: not known yet). */
  #entry(): number | undefined {
    if (this.highlightedId) return this.highlightedId;
    if (this.#firstUnreadId === undefined) return undefined;
    return this.#firstUnreadId || this.#thread.value?.messages.at(-1)?.id;
  }

  #takeFocus(): void {
    if (!this.#focusWanted) return;
    // The reader went elsewhere meanwhile: leave them there.
    if (this.shadowRoot?.activeElement !== this.#scroller) return void (this.#focusWanted = false);
    const key = this.#stop ?? this.#entry();
    const el = key === undefined ? null : this.#messageEl(key);
    if (!el) return;
    this.#focusWanted = false;
    el.focus({ preventScroll: true });
  }

  #messageEl(key: number | string): ChatMessage | null {
    return this.renderRoot.querySelector<ChatMessage>(
      typeof key === 'number' ? `chat-message[data-message-id="${key}"]` : `chat-message[data-client-id="${CSS.escape(key)}"]`,
    );
  }

  /**
   * The message that takes Tab: the one last focused, else where the thread opened; when that one
   * is outside the rendered window, the rendered message on its side.
   */
  #tabStop(): number | string | undefined {
    const slice = this.#window.slice;
    const want = this.#stop ?? this.#entry();
    if (this.#rendered(want)) return want;
    return (typeof want === 'number' && slice.length && want < slice[0]!.id ? slice[0] : slice.at(-1))?.id ?? this.#pending().at(-1)?.clientMessageId;
  }

  /** Moves the tab stop and focus to a message, bringing it into the rendered window first if need be. */
  async #focusMessage(key: number | string, end?: 'start' | 'end'): Promise<void> {
    this.#stop = key;
    if (end === 'end') this.scrollToEnd();
    else if (end === 'start') this.#window.scrollToStart();
    else if (!this.#messageEl(key) && typeof key === 'number') this.#window.scrollToKey(key);
    this.requestUpdate();
    await this.updateComplete;
    for (let i = 0; i < 60 && !this.#messageEl(key); i++) await new Promise((r) => requestAnimationFrame(r));
    const el = this.#messageEl(key);
    await el?.updateComplete; // a row just rendered takes its tabindex in its own first update
    if (this.#stop === key) el?.focus();
  }

  /** Loads an older page while the first unread message is not loaded yet (bounded). */
  #seekUnread(): void {
    const id = this.conversationId;
    const thread = this.#thread.value;
    if (!this.client || this.#firstUnreadId !== undefined || !thread || thread.loading || !thread.hasMore) return;
    this.#unreadPages++;
    this.client.loadOlder(id).catch(() => {
      this.#unreadPages = UNREAD_PAGES;
      this.requestUpdate();
    });
  }

  #childrenRendered(): Promise<unknown> {
    return Promise.all([...this.renderRoot.querySelectorAll<ChatElement>('chat-message')].map((m) => m.updateComplete));
  }

  /**
   * Asks the client for the conversation once per (client, conversation): a new client after a
   * user switch asks again, and so does a connection that comes back after an outage. A refusal
   * (not found, forbidden) is shown, not retried in a loop.
   */
  #open(): void {
    const client = this.client;
    const id = this.conversationId;
    const live = this.#connection.value === 'open';
    if (live && !this.#wasLive) this.#requested = undefined;
    this.#wasLive = live;
    if (!client || !id || !live) return;
    if (this.#requested?.client === client && this.#requested.id === id) return;
    const request = { client, id };
    this.#requested = request;
    this.failed = false;
    if (this.#thread.value) return;
    client.openThread(id).catch(() => {
      if (this.#requested === request) this.failed = true;
    });
  }

  #maybeMarkRead(): void {
    const client = this.client;
    const id = this.conversationId;
    if (!client || !id || this.#markingRead) return;
    // Nothing is read before it was shown: the first render (which may wait for the terms'
    // chunk) notes where the unread messages begin, then `updated` asks again.
    if (this.#unreadAtOpen === undefined) return;
    if (!this.#intersecting || document.visibilityState !== 'visible') return;
    const thread = this.#thread.value;
    // A page still loading is not shown yet: reading then would leave no newer message to tell a later "mark as unread" by.
    if (this.#unread.value === 0 || this.#connection.value !== 'open' || !thread || thread.loading) return;
    const newest = thread.messages[thread.messages.length - 1]?.id ?? 0;
    if (this.#readThrough !== undefined && newest <= this.#readThrough) return;
    this.#markingRead = true;
    this.#readThrough = newest;
    client
      .markRead(id)
      .then(() => {
        this.#readFailures = 0;
      })
      .catch(() => {
        if (this.conversationId !== id) return;
        this.#readThrough = undefined;
        // Nothing else may re-render a quiet thread: a failed read (the connection dropped, the
        // server busy) is tried again a few times rather than left unread while it is shown.
        if (++this.#readFailures <= READ_RETRIES) {
          clearTimeout(this.#readRetry);
          this.#readRetry = setTimeout(() => this.#maybeMarkRead(), 1000 * 2 ** (this.#readFailures - 1));
        }
      })
      .finally(() => {
        this.#markingRead = false;
      });
  }

  /**
   * The roving tab stop: ↑/↓ between messages (from the log itself: back to the last focused one), Home
   * and End to the oldest loaded and the newest. Home and End scroll there directly: left to the
   * browser, they start a smooth scroll to the offset the content has at that moment, and rows
   * measured on the way (estimated until then) move the real end, so the scroll could stop short.
   */
  async #onKeyDown(e: KeyboardEvent): Promise<void> {
    if (e.altKey || e.shiftKey || e.metaKey || e.ctrlKey) return;
    const target = e.target as HTMLElement;
    const on = target.localName === 'chat-message' ? keyOf(target) : undefined;
    if (on === undefined && target !== e.currentTarget) return; // a button of the log (Load older)
    const keys: (number | string)[] = [
      ...(this.#thread.value?.messages ?? []).map((m) => m.id),
      ...this.#pending().map((o) => o.clientMessageId),
    ];
    const at = on === undefined ? -1 : keys.indexOf(on);
    let end: 'start' | 'end' | undefined;
    let next: number | string | undefined;
    if (e.key === 'Home') [next, end] = [keys[0], 'start'];
    else if (e.key === 'End') [next, end] = [keys.at(-1), 'end'];
    else if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    // From the log itself (its focused message scrolled away): back to that message.
    else if (at < 0) next = keys.includes(this.#stop!) ? this.#stop : this.#tabStop();
    else next = keys[e.key === 'ArrowDown' ? Math.min(at + 1, keys.length - 1) : at - 1];
    e.preventDefault();
    // ↑ on the oldest loaded message: the page before it comes in (the next ↑ goes there).
    if (next === undefined) this.#loadOlder(false);
    else await this.#focusMessage(next, end);
  }

  /** The "↓ 3 new messages" button goes (and its focus with it) to the newest message. */
  #toNewest(): void {
    const last = this.#thread.value?.messages.at(-1);
    if (last) void this.#focusMessage(last.id, 'end');
    else this.scrollToEnd();
  }

  #onFocusIn(e: FocusEvent): void {
    const target = e.target as HTMLElement;
    if (target.localName !== 'chat-message') return;
    this.#focusWanted = false;
    const key = keyOf(target);
    if (key !== this.#stop) {
      this.#stop = key;
      this.requestUpdate();
    }
  }

  #onScroll(): void {
    this.#window.onScroll();
    if (this.#window.stuck) this.below = 0;
    const s = this.#scroller;
    if (s && s.scrollTop < LOAD_OLDER_PX) this.#loadOlder(true);
  }

  /** `auto` loads (scroll, short thread) skip a page that already failed; the button always tries. */
  #loadOlder(auto: boolean): void {
    const id = this.conversationId;
    const thread = this.#thread.value;
    const client = this.client;
    if (!client || !thread?.hasMore || thread.loading) return;
    const key = `${id}:${thread.messages[0]?.id ?? 0}`;
    if (auto && this.#olderFailed === key) return;
    client.loadOlder(id).catch(() => {
      this.#olderFailed = key;
    });
  }

  /** A system notice in the reader's language; the names in it are isolated (see `bidiText`). */
  #systemText(e: SystemEvent): string {
    const name = (u: { name: string } | null | undefined) => (u ? isolate(u.name) : '');
    // S-CH-3: the built-in distribution bot is named in the reader's language.
    const by = e.by?.id === DISTRIBUTION_BOT_ID ? this.#l10n.term('distributionBot') : name(e.by);
    return this.#l10n.term('systemEvent', e.type, name(e.from), name(e.to), by);
  }

  /** The author line: the name isolated, so that «(you)» after it stays where it belongs. */
  #authorName(m: Message, me: Me | null): string {
    if (m.author.kind === 'system') return this.#l10n.term('system');
    const name = m.author.name || (m.author.kind === 'customer' ? this.#l10n.term('customer') : '');
    return isMe(me, m.author) ? `${isolate(name)} (${this.#l10n.term('you')})` : name;
  }

  /** A refused delete or retry: said in the reader's language under the log (`role=alert`). */
  #failed(action: 'deleteFailed' | 'retryFailed'): (err: unknown) => void {
    return (err) => (this.actionError = { ...refusalOf(err), action });
  }

  #renderError() {
    const e = this.actionError;
    const words = e && errorWords(this, this.#l10n.lang());
    return e && words ? html`<p part="error" role="alert" title=${e.detail || nothing}>${words[e.action](e.code, e.reason)}</p>` : nothing;
  }

  /**
   * Our side of the thread sits on the right: the visitor's messages for a visitor, staff for
   * staff; in an internal chat (S-DLG-14) everyone is staff, so only one's own.
   */
  #isOutgoing(m: Message, me: Me | null): boolean {
    if (me?.kind === 'visitor') return m.author.kind === 'customer';
    if (this.conversationId < 0) return isMe(me, m.author);
    return m.author.kind === 'manager' || m.author.kind === 'bot';
  }

  #dayLabel(at: number, now: number): string {
    const days = daysAgo(at, now);
    return days === 0 ? this.#l10n.term('today') : days === 1 ? this.#l10n.term('yesterday') : formatDay(at, this.#l10n.lang(), now);
  }

  #typingText(entries: readonly TypingEntry[] | undefined): string {
    const me = this.#me.value;
    const names = (entries ?? [])
      .filter((e) => !isMe(me, e.author))
      .map((e) => isolate(e.author.kind === 'customer' ? this.#l10n.term('customer') : e.author.name));
    return names.length ? this.#l10n.term('isTyping', names.join(', '), names.length) : '';
  }

  #row(m: Message, prev: Message | undefined, me: Me | null, now: number, stop: number | string | undefined, caps: ChannelCapabilities | undefined) {
    const highlighted = m.id === this.highlightedId ? ' highlighted' : '';
    const day = !prev || daysAgo(prev.createdAt, m.createdAt) !== 0 ? this.#dayLabel(m.createdAt, now) : '';
    const unread = m.id === this.#firstUnreadId;
    const grouped =
      !day && !unread && !m.system && !prev!.system && sameAuthor(prev!, m) && m.createdAt - prev!.createdAt < GROUP_MS;
    const head = html`${day ? html`<p part="day">${day}</p>` : nothing}${unread
      ? html`<p part="unread-divider">${this.#l10n.term('unreadDivider')}</p>`
      : nothing}`;
    if (m.system) {
      // A system event (S-DLG-5): a centred one-line notice in the reader's language.
      return html`<div class="row">
        ${head}<chat-message
          part="message system${highlighted}"
          exportparts=${exportparts('chat-message')}
          .text=${this.#systemText(m.system)}
          author-kind="system"
          .createdAt=${m.createdAt}
          .now=${now}
          hide-author
          .tabStop=${m.id === stop}
          data-message-id=${m.id}
        ></chat-message>
      </div>`;
    }
    const outgoing = this.#isOutgoing(m, me);
    const deleted = m.deletedAt !== undefined;
    // What the server says this reader may do with it (Message.can: the author, the channel's
    // capabilities, blocking, admins for the history; in an internal chat, the author).
    return html`<div class="row" ?data-grouped=${grouped}>
      ${head}<chat-message
        part="message${grouped ? ' grouped' : ''}${highlighted}"
        exportparts=${exportparts('chat-message')}
        .text=${m.text}
        .authorName=${this.#authorName(m, me)}
        .authorKind=${m.author.kind}
        .createdAt=${m.createdAt}
        .now=${now}
        .outgoing=${outgoing}
        .hideAuthor=${grouped}
        .status=${outgoing ? (m.status ?? '') : ''}
        .failReason=${m.failReason ?? ''}
        .messageId=${m.id}
        .replyTo=${m.replyTo}
        .editedAt=${m.editedAt ?? 0}
        .deleted=${deleted}
        .canEdit=${m.can?.edit ?? false}
        .canDelete=${m.can?.delete ?? false}
        .canReply=${caps?.quote ?? true}
        .canViewHistory=${m.can?.history ?? false}
        .attachments=${m.attachments ?? NO_FILES}
        .cards=${m.cards ?? NO_CARDS}
        .fileUrl=${this.#fileUrl()}
        .tabStop=${m.id === stop}
        data-message-id=${m.id}
      ></chat-message>
    </div>`;
  }

  override render() {
    const id = this.conversationId;
    const thread = this.#thread.value;
    const me = this.#me.value;
    const pending = id ? this.#pending() : [];
    const messages = thread?.messages ?? [];
    const now = Date.now();
    const empty = !id
      ? this.#l10n.term('selectConversation')
      : this.failed && !thread?.messages.length
        ? this.#l10n.term('conversationUnavailable')
        : !thread || (thread.loading && messages.length === 0)
        ? this.#l10n.term('loading')
        : messages.length === 0 && pending.length === 0
          ? this.#l10n.term('noMessages')
          : '';
    const start = this.#window.start;
    const client = this.client;
    const stop = this.#tabStop();
    const caps = this.#caps.value;
    // The scroller is the polite log; the rows inside it are `aria-live=off`, because scrolling adds
    // and removes rows and a reader must not hear every one. New messages from others are read out
    // from the visually hidden `.announcements` instead; pending sends (not windowed) stay live.
    return html`<div
        part="scroller"
        role="log"
        aria-live="polite"
        aria-label=${this.#l10n.term('messages')}
        aria-busy=${thread?.loading ? 'true' : 'false'}
        tabindex="-1"
        @scroll=${this.#onScroll}
        @keydown=${this.#onKeyDown}
        @focusin=${this.#onFocusIn}
        @chat-retry=${(e: CustomEvent<ChatRetryDetail>) => {
          const { messageId, clientMessageId } = e.detail;
          this.actionError = null;
          // A pending send that fails again shows on its own bubble; a stored message's retry call here.
          if (messageId) client?.retryMessage(messageId).catch(this.#failed('retryFailed'));
          else client?.retry(clientMessageId!).catch(() => undefined);
        }}
        @chat-discard=${(e: CustomEvent<{ clientMessageId: string }>) => client?.discard(e.detail.clientMessageId)}
        @chat-delete=${(e: CustomEvent<ChatMessageRefDetail>) => {
          this.actionError = null;
          client?.deleteMessage(e.detail.messageId).catch(this.#failed('deleteFailed'));
        }}
        @chat-image-open=${this.#openImage}
        @chat-reveal=${async (e: CustomEvent<ChatMessageRefDetail>) => {
          // The quote's message scrolls away: focus goes with the view to the quoted one.
          await this.revealMessage(e.detail.messageId);
          await this.#focusMessage(e.detail.messageId);
        }}
      >
        ${thread?.hasMore
          ? html`<button part="load-older" type="button" tabindex="-1" ?disabled=${thread.loading} @click=${() => this.#loadOlder(false)}>
              ${thread.loading ? this.#l10n.term('loading') : this.#l10n.term('loadOlder')}
            </button>`
          : nothing}
        ${empty ? html`<p part="empty">${empty}</p>` : nothing}
        <div class="rows" aria-live="off">
          ${repeat(
            this.#window.slice,
            (m) => m.id,
            (m, j) => this.#row(m, messages[start + j - 1], me, now, stop, caps),
          )}
        </div>
        ${repeat(
          pending,
          (o) => o.clientMessageId,
          (o: OutboxItem) => html`<chat-message
            part="message pending"
            exportparts=${exportparts('chat-message')}
            .text=${o.text}
            .authorName=${me ? `${me.name} (${this.#l10n.term('you')})` : ''}
            .authorKind=${me?.kind === 'visitor' ? 'customer' : 'manager'}
            .createdAt=${o.createdAt}
            outgoing
            .status=${o.state}
            .failReason=${o.error?.reason ?? ''}
            .errorCode=${o.error?.code ?? ''}
            .errorReason=${o.error?.detailsReason ?? ''}
            .error=${o.error?.message ?? ''}
            .clientMessageId=${o.clientMessageId}
            .replyTo=${o.replyToId ? quoteOf(messages.find((m) => m.id === o.replyToId)) : undefined}
            .attachments=${o.attachments ?? NO_FILES}
            .fileUrl=${this.#fileUrl()}
            .tabStop=${o.clientMessageId === stop}
            data-client-id=${o.clientMessageId}
          ></chat-message>`,
        )}
        <div class="announcements">${repeat(this.#announcements, (a) => a.id, (a) => html`<p>${bidiText(a.text)}</p>`)}</div>
      </div>
      ${this.below
        ? html`<button part="new-messages" type="button" @click=${() => this.#toNewest()}>
            ${icon(downPath)} ${this.#l10n.term('newMessagesPill', this.below)}
          </button>`
        : nothing}
      ${this.#renderError()}
      ${this.lightbox
        ? html`<chat-lightbox
            part="lightbox"
            exportparts=${exportparts('chat-lightbox')}
            open
            .images=${this.lightbox.images}
            .index=${this.lightbox.index}
            @chat-lightbox-index=${(e: CustomEvent<{ index: number }>) => (this.lightbox = this.lightbox && { ...this.lightbox, index: e.detail.index })}
            @chat-lightbox-close=${() => (this.lightbox = null)}
          ></chat-lightbox>`
        : nothing}
      <p part="typing" aria-live="polite">${bidiText(this.#typingText(this.#typing.value))}</p>`;
  }
}

/** A row's key, from what the thread wrote on it: a stored message's id, or a pending send's client id. */
function keyOf(m: HTMLElement): number | string {
  const id = m.dataset['messageId'];
  return id ? Number(id) : (m.dataset['clientId'] ?? '');
}

/** A pending reply's quote, from the quoted message when it is loaded (the server sends its own once stored). */
function quoteOf(m: Message | undefined): ReplyRef | undefined {
  return m && { id: m.id, author: m.author, text: m.text, ...(m.deletedAt === undefined ? {} : { deleted: true as const }) };
}

const NO_FILES: readonly Attachment[] = [];
const NO_CARDS: readonly MessageCard[] = [];


function sameAuthor(a: Message, b: Message): boolean {
  return a.author.kind === b.author.kind && a.author.id === b.author.id;
}
