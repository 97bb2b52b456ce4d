import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { ChatClient } from '@chatdesk/client';
import type { Message, MessageRevision } from '@chatdesk/protocol';
import { clientContext } from '../lib/context.js';
import { errorTerms } from '../i18n/errors.js';
import { refusalOf } from '../lib/errors.js';
import { closePath, icon } from '../lib/icons.js';
import { LocalizeController } from '../lib/localize.js';
import { tokens } from '../lib/theme.js';
import { formatFull } from '../lib/time.js';
import { defineParts } from '../lib/parts.js';
import { historyTerms } from './message-history.i18n.js';
import styles from './message-history.styles.js';

// Its parts as the elements around it export them (lib/parts.ts): the `@csspart` tags below.
defineParts(
  'chat-message-history',
  'dialog header title close-button body status error revisions revision revision-edited revision-deleted meta action by time text current empty',
);

/** The element that had focus, looking through open shadow roots. */
function deepActiveElement(): HTMLElement | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el as HTMLElement | null;
}

/**
 * @summary The audit trail of one message (S-DLG-7): every edit and delete with the text before
 * it, who did it and when, oldest first, then the text as it is now. Chat admins and admins
 * only: anyone else sees the server's refusal.
 *
 * A modal `<dialog>` (the rest of the page is inert while it is open): `show()` loads the history
 * of `message-id` through the client and opens it; Escape or the ✕ closes it and focus goes back
 * to where it was. Every text is rendered as text, never HTML. `<chat-panel>` loads this element
 * on first use (its start-up bundle has a size budget).
 *
 * @csspart dialog - The `<dialog>`.
 * @csspart header - The title and the close button.
 * @csspart title - The dialog's title.
 * @csspart close-button - Closes the dialog.
 * @csspart body - The scrolling content.
 * @csspart status - "Loading…".
 * @csspart error - Why the history could not be shown (e.g. not a chat admin), in the user's
 * language by error code and `details.reason`; the server's own message is its `title`.
 * @csspart revisions - The list of revisions (`<ol>`, oldest first).
 * @csspart revision - One edit or delete.
 * @csspart revision-edited - Added to the `revision` of an edit.
 * @csspart revision-deleted - Added to the `revision` of a delete.
 * @csspart meta - The action, who and when.
 * @csspart action - "Edited" / "Deleted".
 * @csspart by - Who did it.
 * @csspart time - When (`<time>`).
 * @csspart text - A text: the one before a revision, or the current one.
 * @csspart current - The message as it is now.
 * @csspart empty - Shown when the message was never edited.
 *
 * @cssproperty --chat-history-bg - Background of the dialog.
 * @cssproperty --chat-history-width - Width of the dialog.
 * @cssproperty --chat-history-backdrop - The backdrop behind it (default: `--chat-overlay`).
 */
export class ChatMessageHistory extends LitElement {
  static override styles = [tokens, styles];

  readonly #l10n = new LocalizeController(this, historyTerms);

  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  accessor client: ChatClient | undefined;

  /** The message whose history `show()` loads. */
  @property({ attribute: 'message-id', type: Number }) accessor messageId = 0;

  /** Whether the dialog is open. */
  @property({ type: Boolean, reflect: true }) accessor open = false;

  @state() private accessor history: { message: Message; revisions: readonly MessageRevision[] } | null = null;
  @state() private accessor error = '';
  /** The server's own (English) message behind `error`: its title, not its text. */
  @state() private accessor errorDetail = '';

  #opener: HTMLElement | null = null;
  #seq = 0;

  /** Loads the history of `messageId` and opens the dialog. */
  async show(): Promise<void> {
    if (!this.open) this.#opener = deepActiveElement();
    this.open = true;
    this.history = null;
    this.error = this.errorDetail = '';
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector('dialog')!;
    if (!dialog.open) dialog.showModal();
    const seq = ++this.#seq;
    const t = this.#l10n;
    try {
      if (!this.client) throw new Error('no connection');
      const history = await this.client.messageHistory(this.messageId);
      if (seq === this.#seq) this.history = history;
    } catch (err) {
      const { code, reason, detail } = refusalOf(err);
      if (seq !== this.#seq) return;
      this.error = errorTerms[t.lang()].historyFailed(code, reason);
      this.errorDetail = code ? detail : '';
    }
  }

  /** Closes the dialog; focus goes back to where it was before `show()`. */
  hide(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  #onClose(): void {
    this.open = false;
    this.#seq++;
    const opener = this.#opener;
    this.#opener = null;
    if (opener?.isConnected) opener.focus();
  }

  #renderTime(ts: number) {
    return html`<time part="time" datetime=${new Date(ts).toISOString()}>${formatFull(ts, this.#l10n.lang())}</time>`;
  }

  #renderBody() {
    const t = this.#l10n;
    if (this.error) return html`<p part="error" role="alert" title=${this.errorDetail || nothing}>${this.error}</p>`;
    const history = this.history;
    if (!history) return html`<p part="status" role="status">${t.term('loading')}</p>`;
    const { message, revisions } = history;
    return html`${revisions.length === 0
        ? html`<p part="empty">${t.term('noRevisions')}</p>`
        : html`<ol part="revisions">
            ${revisions.map(
              (r) => html`<li part="revision revision-${r.action}">
                <div part="meta">
                  <span part="action">${t.term(r.action)}</span> · <span part="by"><bdi>${r.by.name}</bdi></span> · ${this.#renderTime(r.at)}
                </div>
                <p part="text"><span class="visually-hidden">${t.term('previousText')}: </span><bdi>${r.text}</bdi></p>
              </li>`,
            )}
          </ol>`}
      <section part="current" aria-labelledby="now">
        <h3 id="now">${t.term('now')}</h3>
        <p part="text" dir="auto">${message.deletedAt ? t.term('messageDeleted') : message.text}</p>
      </section>`;
  }

  override render() {
    const t = this.#l10n;
    return html`<dialog
      part="dialog"
      aria-labelledby="title"
      @close=${this.#onClose}
      @keydown=${(e: KeyboardEvent) => {
        // Escape closes this dialog only, not a popup around it (the dialog's own cancel still runs).
        if (e.key === 'Escape') e.stopPropagation();
      }}
    >
      <div part="header">
        <h2 part="title" id="title">${t.term('historyTitle')}</h2>
        <button part="close-button" type="button" autofocus aria-label=${t.term('closeHistory')} @click=${() => this.hide()}>${icon(closePath)}</button>
      </div>
      <div part="body">${this.open ? this.#renderBody() : nothing}</div>
    </dialog>`;
  }
}
