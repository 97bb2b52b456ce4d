import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { consume } from '@lit/context';
import { isMe, type ChatClient, type OutboxItem } from '@chatdesk/client';
import type { Me, Message } from '@chatdesk/protocol';
import { clientContext } from '../lib/context.js';
import { terms } from '../i18n/index.js';
import { LocalizeController } from '../lib/localize.js';
import { StoreController } from '../lib/store-controller.js';
import { tokens } from '../lib/theme.js';
import '../message/message.js';
import styles from './thread.styles.js';

/** Close enough to the bottom to keep following new messages. */
const STICK_PX = 48;
/** Close enough to the top to fetch the previous page. */
const LOAD_OLDER_PX = 48;

/**
 * @summary The messages of one conversation, oldest at the top (S-DLG-5), with the sender's
 * pending sends from the outbox (queued, sending, failed with Retry — S-DLG-13).
 *
 * It opens the conversation through the client, loads older pages when scrolled to the top (or
 * with the "Load older" button), follows new messages while scrolled to the bottom, and marks the
 * conversation read while it is visible on a visible page.
 *
 * @csspart scroller - The scrolling `role="log"` container.
 * @csspart load-older - The button that loads the previous page.
 * @csspart empty - The text shown when there is nothing to show.
 * @csspart message - Each `<chat-message>` (stored or pending); style its inside via its parts.
 *
 * @cssproperty --chat-thread-bg - Background of the thread.
 * @cssproperty --chat-thread-gap - Space between messages.
 */
export class ChatThread extends LitElement {
  static override styles = [tokens, styles];

  readonly #l10n = new LocalizeController(this, terms);

  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  accessor client: ChatClient | undefined;

  /** The conversation to show; 0 shows nothing. */
  @property({ attribute: 'conversation-id', type: Number, reflect: true }) accessor conversationId = 0;

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
  /** Scroll facts taken before an update, to restore the position after it. */
  #before: { stuck: boolean; height: number; top: number } | undefined;
  /** The oldest message id on screen, to tell an older page from a new message. */
  #renderedFirstId: number | undefined;

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

  /** Scrolls to the newest message. */
  scrollToEnd(): void {
    const s = this.#scroller;
    if (s) s.scrollTop = s.scrollHeight;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const s = this.#scroller;
    this.#before = s
      ? {
          stuck: changed.has('conversationId') || s.scrollHeight - s.scrollTop - s.clientHeight < STICK_PX,
          height: s.scrollHeight,
          top: s.scrollTop,
        }
      : undefined;
  }

  protected override updated(): void {
    const before = this.#before;
    const firstId = this.#threads.value[this.conversationId]?.messages[0]?.id;
    const renderedFirstId = this.#renderedFirstId;
    this.#renderedFirstId = firstId;
    // Heights are known only once the <chat-message> children have rendered their text.
    void this.#childrenRendered().then(() => {
      const s = this.#scroller;
      if (!s) return;
      if (before && renderedFirstId !== undefined && firstId !== undefined && firstId < renderedFirstId) {
        // An older page went in above: keep the messages the user was reading where they were.
        s.scrollTop = before.top + (s.scrollHeight - before.height);
      } else if (!before || before.stuck) {
        s.scrollTop = s.scrollHeight;
      }
      // Too few messages to scroll means no scroll event to the top: fetch older ones right away
      // (only when shown: a hidden thread has no height and would page through everything).
      if (s.clientHeight > 0 && s.scrollHeight <= s.clientHeight) this.#loadOlder(true);
    });
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

  #onScroll(): void {
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
    return html`<div
      part="scroller"
      role="log"
      aria-live="polite"
      aria-label=${this.#l10n.term('messages')}
      aria-busy=${thread?.loading ? 'true' : 'false'}
      tabindex="0"
      @scroll=${this.#onScroll}
      @chat-retry=${(e: CustomEvent<{ clientMessageId: string }>) => this.client?.retry(e.detail.clientMessageId).catch(() => undefined)}
      @chat-discard=${(e: CustomEvent<{ clientMessageId: string }>) => this.client?.discard(e.detail.clientMessageId)}
    >
      ${thread?.hasMore
        ? html`<button part="load-older" type="button" ?disabled=${thread.loading} @click=${() => this.#loadOlder(false)}>
            ${thread.loading ? this.#l10n.term('loading') : this.#l10n.term('loadOlder')}
          </button>`
        : nothing}
      ${empty ? html`<p part="empty">${empty}</p>` : nothing}
      ${repeat(
        messages,
        (m) => m.id,
        (m, i) => html`<chat-message
          part="message"
          .text=${m.text}
          .authorName=${this.#authorName(m, me)}
          .authorKind=${m.author.kind}
          .createdAt=${m.createdAt}
          .outgoing=${this.#isOutgoing(m, me)}
          .hideAuthor=${i > 0 && sameAuthor(messages[i - 1]!, m)}
          data-message-id=${m.id}
        ></chat-message>`,
      )}
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
    </div>`;
  }
}

function sameAuthor(a: Message, b: Message): boolean {
  return a.author.kind === b.author.kind && a.author.id === b.author.id;
}
