import { html, LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { AuthorKind } from '@chatdesk/protocol';
import { emit } from '../lib/events.js';
import { terms } from '../i18n/index.js';
import { LocalizeController } from '../lib/localize.js';
import { tokens } from '../lib/theme.js';
import { formatClock, formatFull } from '../lib/time.js';
import styles from './message.styles.js';

/** `sent` is a stored message; the others are outbox states (S-DLG-13). */
export type MessageStatus = 'sent' | 'queued' | 'sending' | 'failed';

export interface ChatRetryDetail {
  clientMessageId: string;
}
export type ChatDiscardDetail = ChatRetryDetail;

/**
 * @summary One message bubble. A leaf: it takes plain properties and never reads the store.
 *
 * The text is always rendered as text (never parsed as HTML); newlines are kept by CSS.
 *
 * @csspart base - The bubble.
 * @csspart author - The author's name.
 * @csspart text - The message text.
 * @csspart meta - The line with the time and the delivery status.
 * @csspart time - The `<time>` element.
 * @csspart status - The delivery status of an outgoing message.
 * @csspart actions - The failure reason with Retry / Discard, shown when `status` is `failed`.
 * @csspart retry-button - Retry a failed send.
 * @csspart discard-button - Drop a failed send.
 *
 * @cssproperty --chat-message-bg - Background of incoming messages.
 * @cssproperty --chat-message-text - Text colour of incoming messages.
 * @cssproperty --chat-message-outgoing-bg - Background of outgoing messages.
 * @cssproperty --chat-message-outgoing-text - Text colour of outgoing messages.
 * @cssproperty --chat-message-max-width - Widest a bubble gets, relative to the thread.
 *
 * @event {{ clientMessageId: string }} chat-retry - Retry was pressed on a failed send.
 * @event {{ clientMessageId: string }} chat-discard - Discard was pressed on a failed send.
 */
export class ChatMessage extends LitElement {
  static override styles = [tokens, styles];

  readonly #l10n = new LocalizeController(this, terms);

  /** The message text, shown verbatim. */
  @property() accessor text = '';

  @property({ attribute: 'author-name' }) accessor authorName = '';

  @property({ attribute: 'author-kind', reflect: true }) accessor authorKind: AuthorKind = 'customer';

  /** Milliseconds since the epoch; 0 hides the time. */
  @property({ attribute: 'created-at', type: Number }) accessor createdAt = 0;

  /** Sent from this side of the conversation: aligned to the end, in the accent colour. */
  @property({ type: Boolean, reflect: true }) accessor outgoing = false;

  /** Hides the author line (e.g. for consecutive messages of one author). */
  @property({ attribute: 'hide-author', type: Boolean }) accessor hideAuthor = false;

  @property({ reflect: true }) accessor status: MessageStatus = 'sent';

  /** Why the send failed; shown next to Retry. */
  @property() accessor error = '';

  /** The outbox id that `chat-retry` / `chat-discard` carry. */
  @property({ attribute: 'client-message-id' }) accessor clientMessageId = '';

  #statusLabel(): string {
    const t = this.#l10n;
    switch (this.status) {
      case 'queued':
        return t.term('queued');
      case 'sending':
        return t.term('sending');
      case 'failed':
        return t.term('failed');
      case 'sent':
        return t.term('sent');
    }
  }

  override render() {
    const lang = this.#l10n.lang();
    const showStatus = this.outgoing && this.status !== 'sent';
    return html`
      <div part="base">
        ${this.hideAuthor || !this.authorName ? nothing : html`<span part="author">${this.authorName}</span>`}
        <p part="text">${this.text}</p>
        <div part="meta">
          ${this.createdAt
            ? html`<time part="time" datetime=${new Date(this.createdAt).toISOString()} title=${formatFull(this.createdAt, lang)}
                >${formatClock(this.createdAt)}</time
              >`
            : nothing}
          ${showStatus
            ? html`<span part="status" role="img" aria-label=${this.#statusLabel()}>${statusIcon[this.status]}</span>`
            : nothing}
        </div>
      </div>
      ${this.status === 'failed'
        ? html`<div part="actions">
            <span>${this.error || this.#l10n.term('failed')}</span>
            <button part="retry-button" type="button" @click=${() => emit(this, 'chat-retry', { clientMessageId: this.clientMessageId })}>
              ${this.#l10n.term('retry')}
            </button>
            <button part="discard-button" type="button" @click=${() => emit(this, 'chat-discard', { clientMessageId: this.clientMessageId })}>
              ${this.#l10n.term('discard')}
            </button>
          </div>`
        : nothing}
    `;
  }
}

/** S-DLG-13: a clock while queued or sending, an exclamation mark when failed. */
const statusIcon: Record<MessageStatus, string> = { queued: '🕓', sending: '🕓', failed: '❗', sent: '✓' };

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-retry': CustomEvent<ChatRetryDetail>;
    'chat-discard': CustomEvent<ChatDiscardDetail>;
  }
}
