import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { consume } from '@lit/context';
import { isMe, type ChatClient, type OutboxItem } from '@chatdesk/client';
import type { Me, Message, SystemEvent } from '@chatdesk/protocol';
import { clientContext } from '../lib/context.js';
import { terms } from '../i18n/index.js';
import { LocalizeController } from '../lib/localize.js';
import { StoreController } from '../lib/store-controller.js';
import { VirtualWindow } from '../lib/virtual-window.js';
import { tokens } from '../lib/theme.js';
import '../message/message.js';
import styles from './thread.styles.js';

/** Close enough to the top to fetch the previous page. */
const LOAD_OLDER_PX = 48;
/** New messages kept for screen readers (the live region only needs the latest). */
const ANNOUNCED = 5;

/**
 * @summary The messages of one conversation, oldest at the top (S-DLG-5), with the sender's
 * pending sends from the outbox (queued, sending, failed with Retry — S-DLG-13).
 *
 * It opens the conversation through the client, loads older pages when scrolled to the top (or
 * with the "Load older" button) keeping the message being read where it is, follows new messages
 * while scrolled to the bottom, and marks the conversation read while it is visible on a visible
 * page. Only the messages near the viewport are in the DOM (`VirtualWindow`): a conversation of
 * 10,000 messages holds a few dozen `<chat-message>` elements. The log announces messages that
 * arrive from others, not rows that scroll in and out of the DOM (see `render`). Keyboard: the
 * log takes focus; arrows and Page Up/Down scroll; Home and End go to the oldest loaded and the
 * newest message.
 *
 * @csspart scroller - The scrolling `role="log"` container.
 * @csspart load-older - The button that loads the previous page.
 * @csspart empty - The text shown when there is nothing to show.
 * @csspart message - Each `<chat-message>` (stored or pending); style its inside via its parts.
 * @csspart system - Added to the `message` of a system event (S-DLG-5: opened, closed, reassigned…).
 * @csspart highlighted - Added to the `message` the thread was opened at from a search hit.
 *
 * @cssproperty --chat-thread-bg - Background of the thread.
 * @cssproperty --chat-thread-gap - Space between messages.
 * @cssproperty --chat-thread-highlight-bg - Background of the message opened from a search hit.
 */
export class ChatThread extends LitElement {
  static override styles = [tokens, styles];

  readonly #l10n = new LocalizeController(this, terms);

  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  accessor client: ChatClient | undefined;

  /** The conversation to show; 0 shows nothing. */
  @property({ attribute: 'conversation-id', type: Number, reflect: true }) accessor conversationId = 0;

  /** A message shown highlighted (the search hit it was opened at, S-DLG-3); 0 for none. */
  @property({ attribute: 'highlighted-id', type: Number }) accessor highlightedId = 0;

  /** Opening the conversation failed (it is gone, or no longer this user's to see). */
  @state() private accessor failed = false;

  readonly #threads = new StoreController(this, (s) => s.threads);
  readonly #outbox = new StoreController(this, (s) => s.outbox);
  readonly #me = new StoreController(this, (s) => s.me);
  readonly #unread = new StoreController(this, (s) => s.unread);
  readonly #connection = new StoreController(this, (s) => s.connection);

  /** The last conversation asked of which client (see `#open`). */
  #requested: { client: ChatClient; id: number } | undefined;
  #wasLive = false;
  /** `${conversationId}:${oldest message id}` of a failed automatic "load older", not retried. */
  #olderFailed: string | undefined;
  #markingRead = false;
  #intersecting = false;
  #observer: IntersectionObserver | undefined;
  /** The newest message id seen, to tell a new message (announced) from an older page or the first one. */
  #newestId: number | undefined;
  /** The latest messages from others, read out by screen readers. */
  #announcements: { id: number; text: string }[] = [];

  readonly #window = new VirtualWindow<Message>(this, {
    scroller: () => this.#scroller,
    rows: () => this.renderRoot.querySelector('.rows'),
    key: (m) => m.id,
    settled: () => this.#childrenRendered(),
    positioned: (s) => {
      // Too few messages to scroll means no scroll event to the top: fetch older ones right away
      // (only when shown: a hidden thread has no height and would page through everything).
      if (s.clientHeight > 0 && s.scrollHeight <= s.clientHeight) this.#loadOlder(true);
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
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#intersecting = false;
    document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  get #scroller(): HTMLElement | null {
    return this.renderRoot.querySelector('[part~="scroller"]');
  }

  /** Scrolls to the newest message (and follows new ones). */
  scrollToEnd(): void {
    this.#window.scrollToEnd();
  }

  /**
   * Opens the conversation at `messageId` (a search hit, S-DLG-3): loads older pages back to it
   * when it is not loaded yet, scrolls it into view and highlights it.
   */
  async revealMessage(messageId: number): Promise<void> {
    this.highlightedId = messageId;
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
    const messages = this.#threads.value[id]?.messages ?? [];
    if (changed.has('conversationId') && changed.get('conversationId') !== undefined && !changed.has('highlightedId')) this.highlightedId = 0;
    if (changed.has('conversationId')) {
      this.#window.reset();
      this.#newestId = undefined;
      this.#announcements = [];
    }
    this.#window.update(messages);
    this.#noteNewMessages(messages);
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
    for (let i = messages.length - 1; i >= 0 && messages[i]!.id > seen && fresh.length < ANNOUNCED; i--) {
      const m = messages[i]!;
      if (m.system) fresh.unshift({ id: m.id, text: this.#systemText(m.system) });
      else if (!isMe(me, m.author)) fresh.unshift({ id: m.id, text: `${this.#authorName(m, me)}: ${m.text}` });
    }
    if (fresh.length) this.#announcements = [...this.#announcements, ...fresh].slice(-ANNOUNCED);
  }

  protected override updated(): void {
    // Side effects that update the store (and so this element) run after this update, not inside it.
    queueMicrotask(() => {
      this.#open();
      this.#maybeMarkRead();
    });
  }

  #childrenRendered(): Promise<unknown> {
    return Promise.all([...this.renderRoot.querySelectorAll<LitElement>('chat-message')].map((m) => m.updateComplete));
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
    if (this.#threads.value[id]) return;
    client.openThread(id).catch(() => {
      if (this.#requested === request) this.failed = true;
    });
  }

  #maybeMarkRead(): void {
    const client = this.client;
    const id = this.conversationId;
    if (!client || !id || this.#markingRead) return;
    if (!this.#intersecting || document.visibilityState !== 'visible') return;
    if ((this.#unread.value[id] ?? 0) === 0 || this.#connection.value !== 'open' || !this.#threads.value[id]) return;
    this.#markingRead = true;
    client
      .markRead(id)
      .catch(() => undefined)
      .finally(() => {
        this.#markingRead = false;
      });
  }

  /**
   * Home and End go to the oldest and newest loaded message directly. Left to the browser, they
   * start a smooth scroll to the offset the content has at that moment, and rows measured on the
   * way (estimated until then) move the real end, so the scroll could stop short of it.
   */
  #onKeyDown(e: KeyboardEvent): void {
    if (e.target !== e.currentTarget || e.altKey || e.shiftKey || e.metaKey) return;
    if (e.key === 'End') this.#window.scrollToEnd();
    else if (e.key === 'Home') this.#window.scrollToStart();
    else return;
    e.preventDefault();
  }

  #onScroll(): void {
    this.#window.onScroll();
    const s = this.#scroller;
    if (s && s.scrollTop < LOAD_OLDER_PX) this.#loadOlder(true);
  }

  /** `auto` loads (scroll, short thread) skip a page that already failed; the button always tries. */
  #loadOlder(auto: boolean): void {
    const id = this.conversationId;
    const thread = this.#threads.value[id];
    const client = this.client;
    if (!client || !thread?.hasMore || thread.loading) return;
    const key = `${id}:${thread.messages[0]?.id ?? 0}`;
    if (auto && this.#olderFailed === key) return;
    client.loadOlder(id).catch(() => {
      this.#olderFailed = key;
    });
  }

  #systemText(e: SystemEvent): string {
    return this.#l10n.term('systemEvent', e.type, e.from?.name ?? '', e.to?.name ?? '', e.by?.name ?? '');
  }

  #authorName(m: Message, me: Me | null): string {
    if (m.author.kind === 'system') return this.#l10n.term('system');
    const name = m.author.name || (m.author.kind === 'customer' ? this.#l10n.term('customer') : '');
    return isMe(me, m.author) ? `${name} (${this.#l10n.term('you')})` : name;
  }

  /** Our side of the conversation sits on the right: the visitor's messages for a visitor, staff for staff. */
  #isOutgoing(m: Message, me: Me | null): boolean {
    if (me?.kind === 'visitor') return m.author.kind === 'customer';
    return m.author.kind === 'manager' || m.author.kind === 'bot';
  }

  override render() {
    const id = this.conversationId;
    const thread = id ? this.#threads.value[id] : undefined;
    const me = this.#me.value;
    const pending = id ? this.#outbox.value.filter((o) => o.conversationId === id) : [];
    const messages = thread?.messages ?? [];
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
    // The scroller is the polite log; the rows inside it are `aria-live=off`, because scrolling adds
    // and removes rows and a reader must not hear every one. New messages from others are read out
    // from the visually hidden `.announcements` instead; pending sends (not windowed) stay live.
    return html`<div
      part="scroller"
      role="log"
      aria-live="polite"
      aria-label=${this.#l10n.term('messages')}
      aria-busy=${thread?.loading ? 'true' : 'false'}
      tabindex="0"
      @scroll=${this.#onScroll}
      @keydown=${this.#onKeyDown}
      @chat-retry=${(e: CustomEvent<{ clientMessageId: string }>) => this.client?.retry(e.detail.clientMessageId).catch(() => undefined)}
      @chat-discard=${(e: CustomEvent<{ clientMessageId: string }>) => this.client?.discard(e.detail.clientMessageId)}
    >
      ${thread?.hasMore
        ? html`<button part="load-older" type="button" ?disabled=${thread.loading} @click=${() => this.#loadOlder(false)}>
            ${thread.loading ? this.#l10n.term('loading') : this.#l10n.term('loadOlder')}
          </button>`
        : nothing}
      ${empty ? html`<p part="empty">${empty}</p>` : nothing}
      <div class="rows" aria-live="off">
        ${repeat(
          this.#window.slice,
          (m) => m.id,
          (m, j) => {
            const i = start + j;
            if (m.system) {
              // A system event (S-DLG-5): a centred one-line notice in the reader's language.
              return html`<chat-message
                part="message system${m.id === this.highlightedId ? ' highlighted' : ''}"
                .text=${this.#systemText(m.system)}
                author-kind="system"
                .createdAt=${m.createdAt}
                hide-author
                data-message-id=${m.id}
              ></chat-message>`;
            }
            return html`<chat-message
              part="message${m.id === this.highlightedId ? ' highlighted' : ''}"
              .text=${m.text}
              .authorName=${this.#authorName(m, me)}
              .authorKind=${m.author.kind}
              .createdAt=${m.createdAt}
              .outgoing=${this.#isOutgoing(m, me)}
              ?hide-author=${i > 0 && sameAuthor(messages[i - 1]!, m)}
              data-message-id=${m.id}
            ></chat-message>`;
          },
        )}
      </div>
      ${repeat(
        pending,
        (o) => o.clientMessageId,
        (o: OutboxItem) => html`<chat-message
          part="message pending"
          .text=${o.text}
          .authorName=${me ? `${me.name} (${this.#l10n.term('you')})` : ''}
          .authorKind=${me?.kind === 'visitor' ? 'customer' : 'manager'}
          .createdAt=${o.createdAt}
          outgoing
          .status=${o.state}
          .error=${o.error?.message ?? ''}
          .clientMessageId=${o.clientMessageId}
        ></chat-message>`,
      )}
      <div class="announcements">${repeat(this.#announcements, (a) => a.id, (a) => html`<p>${a.text}</p>`)}</div>
    </div>`;
  }
}

function sameAuthor(a: Message, b: Message): boolean {
  return a.author.kind === b.author.kind && a.author.id === b.author.id;
}
