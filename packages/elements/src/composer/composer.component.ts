import { html, nothing, type PropertyValues } from 'lit';
import { ChatElement } from '../lib/chat-element.js';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { ChatClient } from '@chatdesk/client';
import type { Message } from '@chatdesk/protocol';
import { countMessageChars, limits } from '@chatdesk/protocol/runtime';
import { clientContext } from '../lib/context.js';
import { isolate } from '../lib/bidi.js';
import { errorWords, refusalOf, type Refusal } from '../lib/errors.js';
import { emit } from '../lib/events.js';
import { closePath, icon } from '../lib/icons.js';
import { terms } from '../i18n/index.js';
import { LocalizeController } from '../lib/localize.js';
import { StoreController } from '../lib/store-controller.js';
import { tokens } from '../lib/theme.js';
import styles from './composer.styles.js';

export interface ChatSendDetail {
  text: string;
  /** The quoted message (S-DLG-7), when the reply quotes one. */
  replyToId?: number;
}

/** Characters left at which the counter speaks up (S-DLG-12): not every keystroke, only these. */
const MILESTONES = [200, 100, 50, 20, 10, 0];

/**
 * @summary The message input: Enter sends, Shift+Enter starts a new line; a reply may quote a
 * message and the user's own message may be edited here (S-DLG-7); the unsent text is kept as a
 * draft (S-DLG-8).
 *
 * Inside `<chat-panel>` it takes the connection from context and, with a `conversation-id` (a
 * thread key: a customer conversation's id, or an internal chat's id negated), sends through it,
 * reports typing, and keeps the draft on the server (an internal chat's too, under the chat's
 * id): the field shows the saved draft when the conversation or chat opens, typing saves it (the client debounces), a send
 * clears it, and a draft saved on another device replaces the text only while nothing was typed
 * here since. Without a client it only emits `chat-send`.
 *
 * `quote(message)` shows the quoted author and text above the field (Escape or the ✕ cancels);
 * the send carries `replyToId`. `edit(message)` puts the message's text in the field under an
 * "Editing" bar; Enter or Save stores it (`messages.edit`), Escape or ✕ gives back what was typed
 * before. Near the S-DLG-12 limit (2000 characters, whitespace not counted) a counter appears
 * (screen readers hear it at 200, 100, 50, 20, 10 and 0 left); over it, sending is disabled.
 *
 * @csspart base - The wrapper of the bars, the field, the button and the counter.
 * @csspart quote - The bar with the quoted message (reply mode).
 * @csspart quote-author - The quoted author's name.
 * @csspart quote-text - The quoted text.
 * @csspart edit-bar - The "Editing" bar (edit mode).
 * @csspart cancel-button - Leaves reply or edit mode.
 * @csspart error - Why an edit was refused, in the user's language by error code and
 * `details.reason` (the server's own message is its `title`).
 * @csspart textarea - The `<textarea>`.
 * @csspart send-button - The send button (Save in edit mode).
 * @csspart counter - The characters-left counter (shown near the limit).
 *
 * @cssproperty --chat-composer-bg - Background of the composer.
 * @cssproperty --chat-composer-border - Border colour of the composer and its field.
 * @cssproperty --chat-composer-max-height - How tall the field grows before it scrolls.
 * @cssproperty --chat-composer-bar-bg - Background of the quote and edit bars.
 *
 * @event {{ text: string, replyToId?: number }} chat-send - The user sends `text`. Cancelable:
 * when prevented, the field keeps the text and nothing is sent; otherwise it is cleared and, with
 * a client and a conversation, sent.
 */
export class ChatComposer extends ChatElement {
  static override styles = [tokens, styles];
  static override shadowRootOptions = { ...ChatElement.shadowRootOptions, delegatesFocus: true };

  readonly #l10n = new LocalizeController(this, terms);

  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  accessor client: ChatClient | undefined;

  /** The thread the text goes to: a conversation id, an internal chat's negated id, or 0 (none). */
  @property({ attribute: 'conversation-id', type: Number }) accessor conversationId = 0;

  /** The current text of the field. */
  @property() accessor value = '';

  @property({ type: Boolean, reflect: true }) accessor disabled = false;

  /** Overrides the default placeholder and accessible name ("Type a message"). */
  @property() accessor label = '';

  /** The S-DLG-12 limit of non-whitespace characters. */
  @property({ attribute: 'max-chars', type: Number }) accessor maxChars: number = limits.maxMessageChars;

  /** How many characters before the limit the counter appears. */
  @property({ attribute: 'counter-threshold', type: Number }) accessor counterThreshold = 200;

  /** The message being quoted (reply mode). */
  @state() private accessor replyTo: Message | null = null;
  /** The message being edited (edit mode). */
  @state() private accessor editing: Message | null = null;
  /** Why the edit was refused; worded at render, in the user's language. */
  @state() private accessor error: Refusal | null = null;

  readonly #drafts = new StoreController(this, (s) => s.drafts);
  /** Typed here since the draft was last taken from the store: a draft from elsewhere waits. */
  #dirty = false;
  #seenDrafts: unknown;
  /** The text typed before edit mode, given back when it ends. */
  #beforeEdit = '';
  #milestone = Infinity;
  #spoken = '';

  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector('textarea')?.focus(options);
  }

  /** Whether the current text may be sent (or saved, in edit mode). */
  get canSend(): boolean {
    return !this.disabled && this.value.trim().length > 0 && countMessageChars(this.value) <= this.maxChars;
  }

  /** Reply mode: the next send quotes `message` (S-DLG-7). Ends edit mode. */
  quote(message: Message): void {
    this.#endEdit();
    this.replyTo = message;
    this.focus();
  }

  /** Edit mode: the field holds `message`'s text until it is saved or cancelled (S-DLG-7). */
  edit(message: Message): void {
    if (!this.editing) this.#beforeEdit = this.value;
    this.replyTo = null;
    this.error = null;
    this.editing = message;
    this.value = message.text;
    this.focus();
  }

  /** Leaves reply or edit mode (Escape). Returns whether there was one to leave. */
  cancel(): boolean {
    if (this.editing) this.#endEdit();
    else if (this.replyTo) this.replyTo = null;
    else return false;
    return true;
  }

  #endEdit(): void {
    if (!this.editing) return;
    this.editing = null;
    this.error = null;
    this.value = this.#beforeEdit;
  }

  /** Emits `chat-send` for the current text and clears the field unless the event is prevented. */
  send(): void {
    if (!this.canSend) return;
    if (this.editing) return void this.#save(this.editing);
    const detail: ChatSendDetail = { text: this.value };
    if (this.replyTo) detail.replyToId = this.replyTo.id;
    if (emit<ChatSendDetail>(this, 'chat-send', detail, { cancelable: true }).defaultPrevented) return;
    this.value = '';
    this.replyTo = null;
    this.#dirty = false;
    const client = this.client;
    const key = this.conversationId;
    if (!client || !key) return;
    // The client clears the draft and the typing signal. A refused send stays in the outbox as
    // failed, and the thread offers Retry.
    client.send(detail.text, key, detail.replyToId ? { replyToId: detail.replyToId } : undefined).catch(() => undefined);
  }

  async #save(message: Message): Promise<void> {
    const text = this.value;
    if (text === message.text) return this.#endEdit();
    if (!this.client) return;
    try {
      await this.client.editMessage(message.id, text);
      if (this.editing === message) this.#endEdit();
    } catch (err) {
      if (this.editing === message) this.error = refusalOf(err);
    }
  }

  /** Keeps the unsent text as a server draft (S-DLG-8), an internal chat's under its id (thread key -chatId). */
  #keep(client: ChatClient, key: number, text: string): void {
    client.setDraft(Math.abs(key), text);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const key = this.conversationId;
    const drafts = this.#drafts.value;
    const fresh = drafts !== this.#seenDrafts;
    this.#seenDrafts = drafts;
    if (changed.has('conversationId') && (key || changed.get('conversationId'))) {
      // Another thread: its own text, no mode carried over.
      this.editing = this.replyTo = null;
      this.error = null;
      this.#dirty = false;
      this.value = drafts[Math.abs(key)]?.text ?? '';
    } else if (fresh && key && !this.#dirty && !this.editing) {
      // Drafts arrived (reload) or changed on another device, and nothing was typed here since.
      this.value = drafts[Math.abs(key)]?.text ?? '';
    }
  }

  #onInput(e: Event): void {
    this.value = (e.target as HTMLTextAreaElement).value;
    this.error = null;
    const client = this.client;
    const key = this.conversationId;
    if (this.editing || !client || !key) return;
    this.#dirty = true;
    this.#keep(client, key, this.value);
    client.typing(key, this.value.trim() !== '');
  }

  #onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      // Only when there is a mode to leave: otherwise Escape is the panel's (it closes the popup).
      if (this.cancel()) {
        e.preventDefault();
        e.stopPropagation();
      }
      return;
    }
    // An IME composition uses Enter to confirm a word, not to send.
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.altKey) return;
    e.preventDefault();
    this.send();
  }

  /** The polite announcement changes only at a milestone (or crossing the limit), not per keystroke. */
  #announce(left: number): string {
    const milestone = left < 0 ? -1 : (MILESTONES.findLast((m) => left <= m) ?? Infinity);
    if (milestone !== this.#milestone) {
      this.#milestone = milestone;
      this.#spoken = milestone === Infinity ? '' : this.#l10n.term('charsLeft', left, this.maxChars);
    }
    return this.#spoken;
  }

  #renderBar() {
    const t = this.#l10n;
    const quoted = this.replyTo;
    if (!quoted && !this.editing) return nothing;
    const cancelLabel = t.term(quoted ? 'cancelReply' : 'cancelEdit');
    const cancel = html`<button
      part="cancel-button"
      type="button"
      aria-label=${cancelLabel}
      title=${cancelLabel}
      @click=${() => {
        this.cancel();
        this.focus();
      }}
    >
      ${icon(closePath)}
    </button>`;
    return quoted
      ? html`<div part="quote" role="group" aria-label=${t.term('replyingTo', isolate(quoted.author.name))}>
          <span part="quote-author"><bdi>${quoted.author.name}</bdi></span>
          <span part="quote-text"><bdi>${quoted.text}</bdi></span>
          ${cancel}
        </div>`
      : html`<div part="edit-bar" role="group" aria-label=${t.term('editing')}>
          <span>${t.term('editing')}</span>
          ${cancel}
        </div>`;
  }

  override render() {
    const t = this.#l10n;
    const label = this.label || t.term('typeMessage');
    const count = countMessageChars(this.value);
    const left = this.maxChars - count;
    const showCounter = left <= this.counterThreshold;
    // The refusal in the user's language (by code and reason); the server's English goes to the title.
    const e = this.error;
    const words = e && errorWords(this, t.lang());
    const describedBy = [showCounter ? 'counter' : '', words ? 'error' : ''].join(' ').trim();
    return html`
      <div part="base">
        ${this.#renderBar()}
        <textarea
          part="textarea"
          rows="1"
          aria-label=${label}
          placeholder=${label}
          .value=${this.value}
          ?disabled=${this.disabled}
          aria-describedby=${describedBy || nothing}
          aria-invalid=${left < 0 ? 'true' : nothing}
          @input=${this.#onInput}
          @keydown=${this.#onKeydown}
        ></textarea>
        <button part="send-button" type="button" ?disabled=${!this.canSend} @click=${() => this.send()}>
          ${t.term(this.editing ? 'save' : 'send')}
        </button>
        ${e && words
          ? html`<div part="error" id="error" role="alert" title=${e.detail || nothing}>${words.editFailed(e.code, e.reason)}</div>`
          : nothing}
        ${showCounter
          ? html`<div part="counter" id="counter" ?data-over=${left < 0} title=${t.term('charsLeft', left, this.maxChars)}>
              <span aria-hidden="true">${count} / ${this.maxChars}</span>
              <span class="visually-hidden">${t.term('charsLeft', left, this.maxChars)}</span>
            </div>`
          : nothing}
        <span class="visually-hidden" role="status">${this.#announce(left)}</span>
      </div>
    `;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-send': CustomEvent<ChatSendDetail>;
  }
}
