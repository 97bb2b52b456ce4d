import { html, LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { countMessageChars, limits } from '@chatdesk/protocol/runtime';
import { emit } from '../lib/events.js';
import { terms } from '../i18n/index.js';
import { LocalizeController } from '../lib/localize.js';
import { tokens } from '../lib/theme.js';
import styles from './composer.styles.js';

export interface ChatSendDetail {
  text: string;
}

/**
 * @summary The message input: Enter sends, Shift+Enter starts a new line.
 *
 * It only emits `chat-send`; the container that knows the conversation sends through the client.
 * Near the S-DLG-12 limit (2000 characters, whitespace not counted) a counter appears; over it,
 * sending is disabled.
 *
 * @csspart base - The wrapper of the field, the button and the counter.
 * @csspart textarea - The `<textarea>`.
 * @csspart send-button - The send button.
 * @csspart counter - The characters-left counter (shown near the limit).
 *
 * @cssproperty --chat-composer-bg - Background of the composer.
 * @cssproperty --chat-composer-border - Border colour of the composer and its field.
 * @cssproperty --chat-composer-max-height - How tall the field grows before it scrolls.
 *
 * @event {{ text: string }} chat-send - The user sends `text`. Cancelable: when prevented, the
 * field keeps the text; otherwise it is cleared.
 */
export class ChatComposer extends LitElement {
  static override styles = [tokens, styles];
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  readonly #l10n = new LocalizeController(this, terms);

  /** The current text of the field. */
  @property() accessor value = '';

  @property({ type: Boolean, reflect: true }) accessor disabled = false;

  /** Overrides the default placeholder and accessible name ("Type a message"). */
  @property() accessor label = '';

  /** The S-DLG-12 limit of non-whitespace characters. */
  @property({ attribute: 'max-chars', type: Number }) accessor maxChars: number = limits.maxMessageChars;

  /** How many characters before the limit the counter appears. */
  @property({ attribute: 'counter-threshold', type: Number }) accessor counterThreshold = 200;

  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector('textarea')?.focus(options);
  }

  /** Whether the current text may be sent. */
  get canSend(): boolean {
    return !this.disabled && this.value.trim().length > 0 && countMessageChars(this.value) <= this.maxChars;
  }

  /** Emits `chat-send` for the current text and clears the field unless the event is prevented. */
  send(): void {
    if (!this.canSend) return;
    const event = emit<ChatSendDetail>(this, 'chat-send', { text: this.value }, { cancelable: true });
    if (!event.defaultPrevented) this.value = '';
  }

  #onInput(e: Event): void {
    this.value = (e.target as HTMLTextAreaElement).value;
  }

  #onKeydown(e: KeyboardEvent): void {
    // An IME composition uses Enter to confirm a word, not to send.
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.altKey) return;
    e.preventDefault();
    this.send();
  }

  override render() {
    const label = this.label || this.#l10n.term('typeMessage');
    const count = countMessageChars(this.value);
    const left = this.maxChars - count;
    const showCounter = left <= this.counterThreshold;
    return html`
      <div part="base">
        <textarea
          part="textarea"
          rows="1"
          aria-label=${label}
          placeholder=${label}
          .value=${this.value}
          ?disabled=${this.disabled}
          aria-describedby=${showCounter ? 'counter' : nothing}
          aria-invalid=${left < 0 ? 'true' : nothing}
          @input=${this.#onInput}
          @keydown=${this.#onKeydown}
        ></textarea>
        <button part="send-button" type="button" ?disabled=${!this.canSend} @click=${() => this.send()}>
          ${this.#l10n.term('send')}
        </button>
        ${showCounter
          ? html`<div part="counter" id="counter" ?data-over=${left < 0} aria-live="polite" title=${this.#l10n.term('charsLeft', left, this.maxChars)}>
              <span aria-hidden="true">${count} / ${this.maxChars}</span>
              <span class="visually-hidden">${this.#l10n.term('charsLeft', left, this.maxChars)}</span>
            </div>`
          : nothing}
      </div>
    `;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-send': CustomEvent<ChatSendDetail>;
  }
}
