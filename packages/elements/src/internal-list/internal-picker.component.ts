import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { ChatClient } from '@chatdesk/client';
import type { Colleague } from '@chatdesk/protocol';
import { clientContext } from '../lib/context.js';
import { errorTerms } from '../i18n/errors.js';
import { refusalOf } from '../lib/errors.js';
import { emit } from '../lib/events.js';
import { LocalizeController } from '../lib/localize.js';
import { tokens } from '../lib/theme.js';
import { defineParts } from '../lib/parts.js';
import { internalTerms } from './internal-list.i18n.js';
import styles from './internal-picker.styles.js';

// Its parts as the elements around it export them (lib/parts.ts): the `@csspart` tags below.
defineParts(
  'chat-internal-picker',
  'base title colleagues colleague online group-title error create-button cancel-button',
);

export interface ChatInternalCreateDetail {
  chatId: number;
}

/**
 * @summary Starts an internal chat (S-DLG-14): a checkbox per colleague (with who is online), an
 * optional group title, Create and Cancel. One colleague and no title opens the pair's direct
 * chat (the existing one if there is one); more colleagues, or a title, make a group.
 *
 * A non-modal `dialog` inside `<chat-internal-list>`; focus moves to the first colleague when it
 * opens. Escape or Cancel asks to close (`chat-request-close`); the list then returns focus to
 * its «New chat» button.
 *
 * @csspart base - The dialog.
 * @csspart title - Its heading.
 * @csspart colleagues - The fieldset of colleagues.
 * @csspart colleague - One colleague's label and checkbox.
 * @csspart online - «online» next to a colleague who is connected.
 * @csspart group-title - The group title input.
 * @csspart error - Why the colleagues could not be loaded or nothing was created (`role="alert"`),
 * in the user's language by error code and `details.reason`; the server's message is its `title`.
 * @csspart create-button - Creates the chat.
 * @csspart cancel-button - Closes without creating.
 *
 * @cssproperty --chat-picker-bg - Background of the picker.
 *
 * @event {{ chatId: number }} chat-internal-create - The chat was created (or the direct chat found).
 * @event chat-request-close - Escape or Cancel.
 */
export class ChatInternalPicker extends LitElement {
  static override styles = [tokens, styles];

  readonly #l10n = new LocalizeController(this, internalTerms);

  /** From the panel's context, or set by the list that opens it. */
  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  accessor client: ChatClient | undefined;

  @state() private accessor colleagues: readonly Colleague[] | null = null;
  @state() private accessor chosen: ReadonlySet<string> = new Set();
  @state() private accessor error = '';
  @state() private accessor errorDetail = '';
  @state() private accessor busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    await this.updateComplete;
    const client = this.client;
    if (!client) return;
    try {
      const list = await client.colleagues();
      this.colleagues = [...list].sort((a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name));
    } catch (err) {
      this.colleagues = [];
      this.#fail('colleaguesFailed', err);
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('input')?.focus();
  }

  /** The refusal in the user's language (by code and reason); the server's English goes to the title. */
  #fail(words: 'colleaguesFailed' | 'createFailed', err: unknown): void {
    const { code, reason, detail } = refusalOf(err);
    this.error = errorTerms[this.#l10n.lang()][words](code, reason);
    this.errorDetail = detail;
  }

  #toggle(id: string, on: boolean): void {
    const next = new Set(this.chosen);
    if (on) next.add(id);
    else next.delete(id);
    this.chosen = next;
    this.error = this.errorDetail = '';
  }

  async #submit(e: Event): Promise<void> {
    e.preventDefault();
    const client = this.client;
    if (!client || this.busy) return;
    if (this.chosen.size === 0) {
      this.error = this.#l10n.term('chooseSomeone');
      this.errorDetail = '';
      return;
    }
    const title = (this.renderRoot.querySelector<HTMLInputElement>('[part~="group-title"]')?.value ?? '').trim();
    this.busy = true;
    try {
      const chat = await client.createInternalChat([...this.chosen], title || undefined);
      emit<ChatInternalCreateDetail>(this, 'chat-internal-create', { chatId: chat.id });
    } catch (err) {
      this.#fail('createFailed', err);
    } finally {
      this.busy = false;
    }
  }

  #onKeydown(e: KeyboardEvent): void {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation(); // closes the picker only; a second Escape reaches the popup panel
    emit(this, 'chat-request-close', undefined);
  }

  #renderColleagues() {
    const list = this.colleagues;
    if (list === null) return html`<p role="status">${this.#l10n.term('loading')}</p>`;
    if (list.length === 0) return html`<p role="status">${this.#l10n.term('noColleagues')}</p>`;
    return list.map(
      (c) => html`<label part="colleague">
        <input
          type="checkbox"
          .checked=${this.chosen.has(c.id)}
          @change=${(e: Event) => this.#toggle(c.id, (e.target as HTMLInputElement).checked)}
        />
        <span><bdi>${c.name}</bdi></span>
        ${c.online ? html`<span part="online">${this.#l10n.term('online')}</span>` : nothing}
      </label>`,
    );
  }

  override render() {
    return html`<div part="base" role="dialog" aria-labelledby="title" @keydown=${this.#onKeydown}>
      <h3 part="title" id="title">${this.#l10n.term('pickerTitle')}</h3>
      <form @submit=${this.#submit}>
      <fieldset part="colleagues">
        <legend>${this.#l10n.term('colleagues')}</legend>
        ${this.#renderColleagues()}
      </fieldset>
      <label class="title-label"
        >${this.#l10n.term('groupTitle')}
        <input part="group-title" type="text" maxlength="100" autocomplete="off" />
      </label>
      <p part="error" role="alert" title=${this.errorDetail || nothing}>${this.error}</p>
      <div class="actions">
        <button part="create-button" type="submit" ?disabled=${this.busy}>${this.#l10n.term('create')}</button>
        <button part="cancel-button" type="button" @click=${() => emit(this, 'chat-request-close', undefined)}>
          ${this.#l10n.term('cancel')}
        </button>
      </div>
      </form>
    </div>`;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-internal-create': CustomEvent<ChatInternalCreateDetail>;
    'chat-request-close': CustomEvent<undefined>;
  }
}
