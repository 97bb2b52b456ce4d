import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { emit } from '../lib/events.js';
import { tokens } from '../lib/theme.js';
import { defineParts } from '../lib/parts.js';
import styles from './message-menu.styles.js';

// Its parts as the elements around it export them (lib/parts.ts): the `@csspart` tags below.
defineParts('chat-message-menu', 'menu item question');

/** One item of the message menu; `confirm` asks that question inside the menu before choosing. */
export interface MessageMenuItem {
  id: string;
  label: string;
  confirm?: { question: string; yes: string; no: string };
}

export interface ChatMenuChooseDetail {
  /** The chosen item's id; empty when the menu was dismissed (Escape, focus left). */
  id: string;
  /** Escape: focus goes back to the button that opened the menu. */
  restoreFocus: boolean;
}

/**
 * @summary The menu of one message (S-DLG-7): a `role="menu"` the message opens from its "⋯"
 * button. It is loaded on first use, so the panel's start-up bundle does not carry it.
 *
 * Keyboard: it opens with its first item focused; Up/Down (wrapping), Home and End move; Enter or
 * Space chooses; Escape closes it and focus returns to the button; Tab leaves it (and closes it).
 * An item with a `confirm` question (Delete) turns the menu into that question with two items.
 *
 * @csspart menu - The `role="menu"` list.
 * @csspart item - Each `role="menuitem"` button.
 * @csspart question - The confirmation question.
 *
 * @event {{ id: string, restoreFocus: boolean }} chat-menu-choose - An item was chosen (or the menu dismissed: `id` empty).
 */
export class ChatMessageMenu extends LitElement {
  static override styles = [tokens, styles];

  @property({ attribute: false }) accessor items: readonly MessageMenuItem[] = [];

  @property() accessor label = '';

  /** The item whose question is shown. */
  @state() private accessor asking: MessageMenuItem | undefined;

  #done = false;

  #buttons(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('[role="menuitem"]')];
  }

  override firstUpdated(): void {
    this.#buttons()[0]?.focus();
  }

  #finish(id: string, restoreFocus: boolean): void {
    if (this.#done) return;
    this.#done = true;
    emit(this, 'chat-menu-choose', { id, restoreFocus });
  }

  async #choose(item: MessageMenuItem): Promise<void> {
    if (!item.confirm) return this.#finish(item.id, true);
    // Focus moves to the first button before the others go, so no focus is lost on the way (which
    // would read as focus leaving the menu), then to the safe answer: Enter twice does not delete.
    this.#buttons()[0]?.focus();
    this.asking = item;
    await this.updateComplete;
    this.#buttons()[1]?.focus();
  }

  #onKeydown(e: KeyboardEvent): void {
    const buttons = this.#buttons();
    const at = buttons.indexOf(this.shadowRoot!.activeElement as HTMLElement);
    const n = buttons.length;
    const to =
      e.key === 'ArrowDown' ? (at + 1) % n
      : e.key === 'ArrowUp' ? (at - 1 + n) % n
      : e.key === 'Home' ? 0
      : e.key === 'End' ? n - 1
      : -1;
    if (to >= 0) buttons[to]!.focus();
    else if (e.key === 'Escape') this.#finish('', true);
    else return;
    e.preventDefault();
    e.stopPropagation();
  }

  override render() {
    const asking = this.asking;
    const items: MessageMenuItem[] = asking
      ? [{ id: asking.id, label: asking.confirm!.yes }, { id: '', label: asking.confirm!.no }]
      : [...this.items];
    return html`<div
      part="menu"
      role="menu"
      aria-label=${asking ? asking.confirm!.question : this.label}
      @keydown=${this.#onKeydown}
      @focusout=${(e: FocusEvent) => {
        if (!this.shadowRoot!.contains(e.relatedTarget as Node | null)) this.#finish('', false);
      }}
    >
      ${asking ? html`<p part="question">${asking.confirm!.question}</p>` : nothing}
      ${items.map(
        (item) => html`<button part="item" type="button" role="menuitem" tabindex="-1" data-id=${item.id}
          @click=${() => (asking ? this.#finish(item.id, true) : this.#choose(item))}>${item.label}</button>`,
      )}
    </div>`;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-menu-choose': CustomEvent<ChatMenuChooseDetail>;
  }
}
