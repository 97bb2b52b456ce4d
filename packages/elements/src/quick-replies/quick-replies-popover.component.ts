import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { ChatClient } from '@chatdesk/client';
import type { QuickReply, QuickReplyCategory } from '@chatdesk/protocol';
import { AnchoredPopover, anchoredPopoverStyles } from '../lib/anchored-popover.js';
import { isolate } from '../lib/bidi.js';
import { ChatElement } from '../lib/chat-element.js';
import { plusPath } from '../lib/crm-icons.js';
import { refusalOf, type Refusal } from '../lib/errors.js';
import { emit } from '../lib/events.js';
import { icon } from '../lib/icons.js';
import { LocalizeController } from '../lib/localize.js';
import { defineParts, exportparts, PartsController } from '../lib/parts.js';
import { tokens } from '../lib/theme.js';
import type { ChatQuickReplies, ChatQuickReplyInsertDetail } from './quick-replies.component.js';
import type { QuickReplyDialogDoneDetail } from './quick-reply-dialog.component.js';
import { QuickRepliesController } from './quick-reply-cache.js';
import { failureOf, isTemplateError, type QuickReplyFailure } from './quick-reply-failure.js';
import { excerpt, searchReplies } from './quick-reply-match.js';
import { quickRepliesUiTerms } from './quick-replies-ui.i18n.js';
import { keepInView } from './keep-in-view.js';
import styles from './quick-replies-popover.styles.js';
import { replyRow, replyRowStyles } from './quick-reply-row.js';

// Its parts as the elements around it export them (lib/parts.ts): the `@csspart` tags below.
defineParts(
  'chat-quick-replies-popover',
  'header search edit-toggle body status error error-detail retry-button empty create-first-button list group category reply reply-active reply-body reply-command reply-title reply-text toolbar new-reply-button new-category-button manage-list category-row rename-category-button delete-category-button edit-button delete-button confirm confirm-delete-button confirm-cancel-button category-form label input save-button cancel-button field-error dialog',
  ['chat-quick-reply-dialog'],
);

/** A pencil (the edit mode's toggle, Edit) and a bin (Delete). */
const pencilPath = 'M4 20h4L19 9l-4-4L4 16v4Zm9-13 4 4';
const binPath = 'M4 7h16M10 11v6m4-6v6M6 7l1 13h10l1-13M9 7V4h6v3';

/** Admins and chat admins change quick replies (S-QR-2); the server checks it too. */
export function mayEditQuickReplies(client: ChatClient | undefined): boolean {
  const me = client?.state.me;
  return me?.kind === 'user' && me.rights.some((r) => r === 'admin' || r === 'chat_admin');
}

/** The replies in their order, cut into runs of one category (uncategorised last, as the server orders them). */
function groupsOf(replies: readonly QuickReply[], categories: readonly QuickReplyCategory[]): { category: QuickReplyCategory | null; replies: QuickReply[] }[] {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const groups: { category: QuickReplyCategory | null; replies: QuickReply[] }[] = [];
  for (const r of replies) {
    const category = (r.categoryId !== null && byId.get(r.categoryId)) || null;
    const last = groups.at(-1);
    if (last && last.category === category) last.replies.push(r);
    else groups.push({ category, replies: [r] });
  }
  return groups;
}

type Confirm = { kind: 'reply'; reply: QuickReply } | { kind: 'category'; category: QuickReplyCategory };

interface CategoryForm {
  /** The category renamed; null: a new one. */
  id: number | null;
  name: string;
  error: 'required' | 'taken' | 'limit' | '';
  busy: boolean;
}

/**
 * @summary The popover of `<chat-quick-replies>` (S-QR-1, S-QR-2), internal: the button renders it
 * while open, and it comes in the button's lazy chunk.
 *
 * A manual popover in the top layer (role `dialog`), placed against its `button`, whose client and
 * conversation it uses. A search field (an ARIA combobox over the list: the arrows move
 * `aria-activedescendant`, Enter chooses), the replies grouped by category, an empty state, and
 * for editors an edit mode and the edit dialog (`<chat-quick-reply-dialog>`, a lazy chunk of its
 * own). A rendered choice closes it and comes out of the button as `chat-quick-reply-insert`;
 * Escape, a press outside and focus leaving by Tab close it (the button's `hide()`). The button
 * keeps only that much code: the rest of the work is here, in the lazy chunk.
 *
 * @csspart header - The search field and the edit toggle.
 * @csspart search - The search field (an ARIA combobox over the list).
 * @csspart edit-toggle - Switches edit mode (`aria-pressed`; editors only).
 * @csspart body - What is shown under the header: the list, or a state.
 * @csspart status - «Загрузка…» / "Loading…".
 * @csspart error - Why the list could not be loaded, or why a choice or an edit failed (`role=alert`).
 * @csspart error-detail - The template engine's own message in `error` (English).
 * @csspart retry-button - Loads the list again.
 * @csspart empty - No replies yet, or none that match the search.
 * @csspart create-first-button - «Создать первый ответ» / "Create the first reply" (editors).
 * @csspart list - The replies (a `listbox` while choosing, a list in edit mode).
 * @csspart group - A category's replies.
 * @csspart category - A category's name.
 * @csspart reply - One reply.
 * @csspart reply-active - Added to the `reply` the arrows are on.
 * @csspart reply-body - A reply's command, title and text in edit mode.
 * @csspart reply-command - A reply's `/command`.
 * @csspart reply-title - Its title.
 * @csspart reply-text - The beginning of its text.
 * @csspart toolbar - New reply and New category (edit mode).
 * @csspart new-reply-button - Opens the dialog for a new reply.
 * @csspart new-category-button - Opens the form for a new category.
 * @csspart manage-list - A category's replies in edit mode.
 * @csspart category-row - A category's name with its buttons (edit mode).
 * @csspart rename-category-button - Renames the category.
 * @csspart delete-category-button - Deletes the category (its replies stay, uncategorised).
 * @csspart edit-button - Opens the dialog for the reply.
 * @csspart delete-button - Deletes the reply (after `confirm`).
 * @csspart confirm - The question before a delete.
 * @csspart confirm-delete-button - Deletes.
 * @csspart confirm-cancel-button - Keeps it.
 * @csspart category-form - The form that names a category.
 * @csspart label - Its label.
 * @csspart input - Its input.
 * @csspart save-button - Saves the category.
 * @csspart cancel-button - Closes the form.
 * @csspart field-error - Why the name was refused.
 * @csspart dialog - The `<chat-quick-reply-dialog>` while open.
 * @csspart quick-reply-dialog-base - `<chat-quick-reply-dialog>`'s `base`.
 * @csspart quick-reply-dialog-header - `<chat-quick-reply-dialog>`'s `header`.
 * @csspart quick-reply-dialog-title - `<chat-quick-reply-dialog>`'s `title`.
 * @csspart quick-reply-dialog-close-button - `<chat-quick-reply-dialog>`'s `close-button`.
 * @csspart quick-reply-dialog-field - `<chat-quick-reply-dialog>`'s `field`.
 * @csspart quick-reply-dialog-label - `<chat-quick-reply-dialog>`'s `label`.
 * @csspart quick-reply-dialog-command-box - `<chat-quick-reply-dialog>`'s `command-box`.
 * @csspart quick-reply-dialog-command-prefix - `<chat-quick-reply-dialog>`'s `command-prefix`.
 * @csspart quick-reply-dialog-input - `<chat-quick-reply-dialog>`'s `input`.
 * @csspart quick-reply-dialog-hint - `<chat-quick-reply-dialog>`'s `hint`.
 * @csspart quick-reply-dialog-select - `<chat-quick-reply-dialog>`'s `select`.
 * @csspart quick-reply-dialog-variables - `<chat-quick-reply-dialog>`'s `variables`.
 * @csspart quick-reply-dialog-variables-label - `<chat-quick-reply-dialog>`'s `variables-label`.
 * @csspart quick-reply-dialog-variable-button - `<chat-quick-reply-dialog>`'s `variable-button`.
 * @csspart quick-reply-dialog-textarea - `<chat-quick-reply-dialog>`'s `textarea`.
 * @csspart quick-reply-dialog-counter - `<chat-quick-reply-dialog>`'s `counter`.
 * @csspart quick-reply-dialog-preview-field - `<chat-quick-reply-dialog>`'s `preview-field`.
 * @csspart quick-reply-dialog-preview - `<chat-quick-reply-dialog>`'s `preview`.
 * @csspart quick-reply-dialog-preview-text - `<chat-quick-reply-dialog>`'s `preview-text`.
 * @csspart quick-reply-dialog-preview-placeholder - `<chat-quick-reply-dialog>`'s `preview-placeholder`.
 * @csspart quick-reply-dialog-preview-error - `<chat-quick-reply-dialog>`'s `preview-error`.
 * @csspart quick-reply-dialog-error-detail - `<chat-quick-reply-dialog>`'s `error-detail`.
 * @csspart quick-reply-dialog-field-error - `<chat-quick-reply-dialog>`'s `field-error`.
 * @csspart quick-reply-dialog-form-error - `<chat-quick-reply-dialog>`'s `form-error`.
 * @csspart quick-reply-dialog-actions - `<chat-quick-reply-dialog>`'s `actions`.
 * @csspart quick-reply-dialog-save-button - `<chat-quick-reply-dialog>`'s `save-button`.
 * @csspart quick-reply-dialog-cancel-button - `<chat-quick-reply-dialog>`'s `cancel-button`.
 */
export class ChatQuickRepliesPopover extends ChatElement {
  static override styles = [tokens, anchoredPopoverStyles, replyRowStyles, styles];

  readonly #l10n = new LocalizeController(this, quickRepliesUiTerms);
  // Renders again when an element inside it brings its parts with its code (lib/parts.ts).
  readonly #parts = new PartsController(this, 'chat-quick-replies-popover');
  readonly #data = new QuickRepliesController(this, () => this.client);

  /** The lightning button that shows it: placed against it, presses on it are not "outside". */
  @property({ attribute: false }) accessor button: ChatQuickReplies | undefined;

  get client(): ChatClient | undefined {
    return this.button?.client;
  }

  get conversationId(): number {
    return this.button?.conversationId ?? 0;
  }

  @state() private accessor query = '';
  /** The reply the arrows are on, by its index among those shown. */
  @state() private accessor active = 0;
  @state() private accessor editing = false;
  /** The reply being rendered for insertion. */
  @state() private accessor inserting: number | null = null;
  /** Why the last choice inserted nothing. */
  @state() private accessor failure: QuickReplyFailure | null = null;
  @state() private accessor confirm: Confirm | null = null;
  @state() private accessor categoryForm: CategoryForm | null = null;
  /** A delete or a category change that failed in edit mode. */
  @state() private accessor actionFailure: Refusal | null = null;
  /** The edit dialog: the reply edited (null: a new one). */
  @state() private accessor dialog: { reply: QuickReply | null } | null = null;
  @state() private accessor announcement = '';

  /** Who opened the dialog, the category form or a confirmation: focus goes back there. */
  #opener: HTMLElement | null = null;
  readonly #popover = new AnchoredPopover(this, {
    anchor: () => this.button,
    // The lightning button sits at the end of the composer: the popover ends where it ends.
    align: 'end',
    close: (returnFocus) => this.#close(returnFocus),
  });

  protected override firstUpdated(): void {
    this.#search()?.focus();
    this.#popover.place();
  }

  protected override willUpdate(): void {
    // The list changed under the arrows (a search, a reply deleted live): back to the first.
    if (this.active >= this.#shown().length) this.active = 0;
  }

  protected override updated(): void {
    keepInView(this.renderRoot.querySelector('[part~="reply-active"]'), this.renderRoot.querySelector('#list'));
  }

  get #editor(): boolean {
    return mayEditQuickReplies(this.client);
  }

  #search(): HTMLInputElement | null {
    return this.renderRoot.querySelector<HTMLInputElement>('#search');
  }

  /** The replies shown: the search's matches, in the server's order. */
  #shown(): readonly QuickReply[] {
    return searchReplies(this.#data.value.replies, this.query);
  }

  #close(returnFocus: boolean): void {
    this.button?.hide(returnFocus);
  }

  /** Focus back to who opened a form, a confirmation or the dialog; to the search field if it is gone. */
  async #refocus(): Promise<void> {
    await this.updateComplete;
    const to = this.#opener?.isConnected ? this.#opener : this.#search();
    this.#opener = null;
    to?.focus();
  }

  // ---- choosing ----------------------------------------------------------------------------

  #onSearchKey(e: KeyboardEvent): void {
    if (this.editing || e.isComposing) return;
    const n = this.#shown().length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (n === 0) return;
      this.active = e.key === 'ArrowDown' ? (this.active + 1) % n : (this.active + n - 1) % n;
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const reply = this.#shown()[this.active];
      if (reply) void this.#choose(reply);
    }
  }

  /** S-QR-4: renders the reply for the conversation's customer; a failure shows why and inserts nothing. */
  async #choose(reply: QuickReply): Promise<void> {
    const client = this.client;
    const conversationId = this.conversationId;
    if (!client || this.inserting !== null) return;
    if (!(conversationId > 0)) {
      this.failure = { code: '', reason: 'no-conversation', detail: '', line: 0, message: '', fields: {} };
      return;
    }
    this.inserting = reply.id;
    this.failure = null;
    try {
      const { text } = await client.call('quickReplies.render', { conversationId, replyId: reply.id });
      const button = this.button;
      if (!this.isConnected || !button) return;
      // Focus back on the button first, the event second: a composer that inserts the text then takes focus.
      button.hide();
      emit<ChatQuickReplyInsertDetail>(button, 'chat-quick-reply-insert', { text, replyId: reply.id });
    } catch (err) {
      this.failure = failureOf(err);
    } finally {
      this.inserting = null;
    }
  }

  // ---- edit mode (S-QR-2) --------------------------------------------------------------------

  #toggleEditing(): void {
    this.editing = !this.editing;
    this.confirm = this.categoryForm = this.actionFailure = null;
    this.active = 0;
  }

  /** Opens the edit dialog (its chunk the first time) for `reply`, or for a new one. */
  #openDialog(reply: QuickReply | null, opener: EventTarget | null): void {
    this.#opener = opener as HTMLElement | null;
    this.failure = null;
    import('./quick-reply-dialog.js').then(
      () => (this.dialog = { reply }),
      (err: unknown) => (this.actionFailure = refusalOf(err)),
    );
  }

  #onDialogDone(e: CustomEvent<QuickReplyDialogDoneDetail>): void {
    const saved = e.detail.saved;
    this.dialog = null;
    if (saved) {
      // The answer comes before the event: the list shows the reply at once.
      this.#data.cache?.apply({ kind: 'reply', reply: saved });
      this.announcement = this.#l10n.term('announceSaved');
    }
    void this.#refocus();
  }

  #askDelete(confirm: Confirm, opener: EventTarget | null): void {
    this.#opener = opener as HTMLElement | null;
    this.confirm = confirm;
    this.categoryForm = null;
    this.actionFailure = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part~="confirm-cancel-button"]')?.focus());
  }

  async #delete(confirm: Confirm): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      if (confirm.kind === 'reply') {
        await client.call('quickReplies.delete', { id: confirm.reply.id });
        this.#data.cache?.apply({ kind: 'replyDeleted', id: confirm.reply.id });
        this.announcement = this.#l10n.term('announceDeleted');
      } else {
        await client.call('quickReplies.deleteCategory', { id: confirm.category.id });
        this.#data.cache?.apply({ kind: 'categoryDeleted', id: confirm.category.id });
        this.announcement = this.#l10n.term('announceCategoryDeleted');
      }
      this.confirm = null;
      // The row is gone: focus goes to the search field.
      this.#opener = null;
      void this.#refocus();
    } catch (err) {
      this.actionFailure = refusalOf(err);
    }
  }

  #cancelConfirm(): void {
    this.confirm = null;
    void this.#refocus();
  }

  #openCategoryForm(category: QuickReplyCategory | null, opener: EventTarget | null): void {
    this.#opener = opener as HTMLElement | null;
    this.confirm = null;
    this.actionFailure = null;
    this.categoryForm = { id: category?.id ?? null, name: category?.name ?? '', error: '', busy: false };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#category-name')?.select());
  }

  #closeCategoryForm(): void {
    this.categoryForm = null;
    void this.#refocus();
  }

  async #saveCategory(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = this.categoryForm;
    const client = this.client;
    if (!form || form.busy || !client) return;
    const name = form.name.trim();
    if (!name) {
      this.categoryForm = { ...form, error: 'required' };
      return;
    }
    this.categoryForm = { ...form, busy: true, error: '' };
    this.actionFailure = null;
    try {
      const { category } = await client.call('quickReplies.saveCategory', form.id === null ? { name } : { id: form.id, name });
      this.#data.cache?.apply({ kind: 'category', category });
      this.announcement = this.#l10n.term('announceCategorySaved');
      this.#closeCategoryForm();
    } catch (err) {
      const refusal = refusalOf(err);
      const error = refusal.code === 'CONFLICT' ? 'taken' : refusal.code === 'LIMIT_EXCEEDED' ? 'limit' : '';
      if (!error) this.actionFailure = refusal;
      if (this.categoryForm) this.categoryForm = { ...this.categoryForm, busy: false, error };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#category-name')?.focus();
    }
  }

  /** Escape in a form or a confirmation leaves it, not the popover. */
  #onLocalEscape(e: KeyboardEvent, leave: () => void): void {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    leave();
  }

  // ---- rendering -----------------------------------------------------------------------------

  #renderFailure(): TemplateResult | typeof nothing {
    const f = this.failure;
    if (!f) return nothing;
    const t = this.#l10n;
    const text = f.reason === 'no-conversation' ? t.term('noConversation') : t.term('renderFailed', f.code, f.reason, f.line);
    return html`<p part="error" role="alert" title=${f.detail || nothing}>
      ${text} ${isTemplateError(f) && f.message ? html`<span part="error-detail" lang="en">${f.message}</span>` : nothing}
    </p>`;
  }

  #renderCategoryForm(): TemplateResult {
    const t = this.#l10n;
    const form = this.categoryForm!;
    const error = form.error === 'required' ? t.term('nameRequired') : form.error === 'taken' ? t.term('categoryTaken') : form.error === 'limit' ? t.term('tooManyCategories') : '';
    return html`<form part="category-form" novalidate @submit=${this.#saveCategory} @keydown=${(e: KeyboardEvent) => this.#onLocalEscape(e, () => this.#closeCategoryForm())}>
      <label part="label" for="category-name">${t.term('categoryName')}</label>
      <input
        part="input"
        id="category-name"
        maxlength="100"
        autocomplete="off"
        .value=${live(form.name)}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? 'category-name-error' : nothing}
        @input=${(e: Event) => (this.categoryForm = { ...form, name: (e.target as HTMLInputElement).value, error: '' })}
      />
      <button part="save-button" type="submit" aria-disabled=${form.busy ? 'true' : 'false'}>${form.busy ? t.term('saving') : t.term('save')}</button>
      <button part="cancel-button" type="button" @click=${() => this.#closeCategoryForm()}>${t.term('cancel')}</button>
      ${error ? html`<p part="field-error" id="category-name-error">${error}</p>` : nothing}
    </form>`;
  }

  #renderConfirm(confirm: Confirm): TemplateResult {
    const t = this.#l10n;
    const question = confirm.kind === 'reply' ? t.term('confirmDeleteReply', confirm.reply.command) : t.term('confirmDeleteCategory', isolate(confirm.category.name));
    return html`<div part="confirm" role="group" aria-labelledby="confirm-text" @keydown=${(e: KeyboardEvent) => this.#onLocalEscape(e, () => this.#cancelConfirm())}>
      <p id="confirm-text">${question}</p>
      <button part="confirm-delete-button" type="button" @click=${() => void this.#delete(confirm)}>${t.term('delete')}</button>
      <button part="confirm-cancel-button" type="button" @click=${() => this.#cancelConfirm()}>${t.term('cancel')}</button>
    </div>`;
  }

  /** Normal mode: the search field is a combobox over this listbox (S-QR-1). */
  #renderList(shown: readonly QuickReply[]): TemplateResult {
    const t = this.#l10n;
    const { categories } = this.#data.value;
    let index = 0;
    return html`<div part="list" id="list" role="listbox" aria-label=${t.term('quickReplies')} @mousedown=${(e: Event) => e.preventDefault()}>
      ${groupsOf(shown, categories).map(
        (g) => html`<div part="group" role="group" aria-label=${g.category?.name ?? t.term('uncategorised')}>
          <div part="category" aria-hidden="true"><bdi>${g.category?.name ?? t.term('uncategorised')}</bdi></div>
          ${g.replies.map((reply) => {
            const active = index++ === this.active;
            return html`<div
              part=${active ? 'reply reply-active' : 'reply'}
              class=${active ? 'qr-row qr-active' : 'qr-row'}
              id="reply-${reply.id}"
              role="option"
              aria-selected=${active ? 'true' : 'false'}
              aria-busy=${this.inserting === reply.id ? 'true' : 'false'}
              @click=${() => void this.#choose(reply)}
            >
              ${replyRow(reply, 'reply')}
            </div>`;
          })}
        </div>`,
      )}
    </div>`;
  }

  /** Edit mode: every category (empty ones too, to rename or delete them) and every reply shown, with their buttons. */
  #renderManage(shown: readonly QuickReply[]): TemplateResult {
    const t = this.#l10n;
    const { categories } = this.#data.value;
    const groups = groupsOf(shown, categories);
    // Without a search, categories with no reply are listed too (before the uncategorised).
    if (!this.query.trim()) {
      const listed = new Set(groups.map((g) => g.category));
      for (const c of categories) if (!listed.has(c)) groups.push({ category: c, replies: [] });
      const rank = (g: { category: QuickReplyCategory | null }) => (g.category ? categories.indexOf(g.category) : categories.length);
      groups.sort((a, b) => rank(a) - rank(b));
    }
    const form = this.categoryForm;
    const confirm = this.confirm;
    return html`<div part="toolbar">
        <button part="new-reply-button" type="button" @click=${(e: Event) => this.#openDialog(null, e.currentTarget)}>${icon(plusPath)} ${t.term('newReply')}</button>
        <button part="new-category-button" type="button" @click=${(e: Event) => this.#openCategoryForm(null, e.currentTarget)}>
          ${icon(plusPath)} ${t.term('newCategory')}
        </button>
      </div>
      ${form && form.id === null ? this.#renderCategoryForm() : nothing}
      <div part="list">
        ${groups.map((g, i) => {
          const c = g.category;
          const headingId = `group-${c?.id ?? 'none'}`;
          const name = c?.name ?? t.term('uncategorised');
          const quoted = isolate(name);
          return html`<section part="group" aria-labelledby=${headingId} data-index=${i}>
            ${c && form?.id === c.id
              ? this.#renderCategoryForm()
              : html`<div part="category-row">
                  <h3 part="category" id=${headingId}><bdi>${name}</bdi></h3>
                  ${c
                    ? html`<button
                          part="rename-category-button"
                          type="button"
                          aria-label=${t.term('renameCategory', quoted)}
                          title=${t.term('renameCategory', quoted)}
                          @click=${(e: Event) => this.#openCategoryForm(c, e.currentTarget)}
                        >
                          ${icon(pencilPath)}
                        </button>
                        <button
                          part="delete-category-button"
                          type="button"
                          aria-label=${t.term('deleteCategory', quoted)}
                          title=${t.term('deleteCategory', quoted)}
                          @click=${(e: Event) => this.#askDelete({ kind: 'category', category: c }, e.currentTarget)}
                        >
                          ${icon(binPath)}
                        </button>`
                    : nothing}
                </div>`}
            ${c && confirm?.kind === 'category' && confirm.category.id === c.id ? this.#renderConfirm(confirm) : nothing}
            ${g.replies.length
              ? html`<ul part="manage-list">
                  ${g.replies.map(
                    (reply) => html`<li part="reply" data-reply-id=${reply.id}>
                      <div part="reply-body">${replyRow(reply, 'reply')}</div>
                      <button
                        part="edit-button"
                        type="button"
                        aria-label=${t.term('editReply', reply.command)}
                        title=${t.term('editReply', reply.command)}
                        @click=${(e: Event) => this.#openDialog(reply, e.currentTarget)}
                      >
                        ${icon(pencilPath)}
                      </button>
                      <button
                        part="delete-button"
                        type="button"
                        aria-label=${t.term('deleteReply', reply.command)}
                        title=${t.term('deleteReply', reply.command)}
                        @click=${(e: Event) => this.#askDelete({ kind: 'reply', reply }, e.currentTarget)}
                      >
                        ${icon(binPath)}
                      </button>
                      ${confirm?.kind === 'reply' && confirm.reply.id === reply.id ? this.#renderConfirm(confirm) : nothing}
                    </li>`,
                  )}
                </ul>`
              : nothing}
          </section>`;
        })}
      </div>`;
  }

  #renderBody(): TemplateResult {
    const t = this.#l10n;
    const data = this.#data.value;
    if (data.status === 'loading') return html`<p part="status">${t.term('loading')}</p>`;
    if (data.status === 'failed') {
      return html`<p part="error" role="alert" title=${data.failure?.detail || nothing}>${t.term('loadFailed', data.failure?.code ?? '')}</p>
        <button part="retry-button" type="button" @click=${() => void this.#data.cache?.load()}>${t.term('retry')}</button>`;
    }
    const shown = this.#shown();
    if (this.editing) return this.#renderManage(shown);
    if (data.replies.length === 0) {
      return html`<div part="empty">
        <p>${t.term('empty')}</p>
        ${this.#editor
          ? html`<button part="create-first-button" type="button" @click=${(e: Event) => this.#openDialog(null, e.currentTarget)}>
              ${t.term('createFirst')}
            </button>`
          : nothing}
      </div>`;
    }
    if (shown.length === 0) return html`<p part="empty">${t.term('noMatches')}</p>`;
    return this.#renderList(shown);
  }

  override render() {
    const t = this.#l10n;
    this.setAttribute('aria-label', t.term('quickReplies'));
    const shown = this.#shown();
    const activeReply = this.editing ? undefined : shown[this.active];
    const listed = !this.editing && this.#data.value.status === 'ready' && shown.length > 0;
    const editor = this.#editor;
    return html`<div part="header">
        <label class="visually-hidden" for="search">${t.term('search')}</label>
        <input
          part="search"
          id="search"
          type="search"
          autocomplete="off"
          spellcheck="false"
          placeholder=${t.term('searchPlaceholder')}
          role=${this.editing ? nothing : 'combobox'}
          aria-autocomplete=${this.editing ? nothing : 'list'}
          aria-expanded=${this.editing ? nothing : listed ? 'true' : 'false'}
          aria-controls=${listed ? 'list' : nothing}
          aria-activedescendant=${activeReply ? `reply-${activeReply.id}` : nothing}
          .value=${live(this.query)}
          @input=${(e: Event) => {
            this.query = (e.target as HTMLInputElement).value;
            this.active = 0;
            this.failure = null;
          }}
          @keydown=${this.#onSearchKey}
        />
        ${editor
          ? html`<button
              part="edit-toggle"
              type="button"
              aria-pressed=${this.editing ? 'true' : 'false'}
              aria-label=${t.term('editMode')}
              title=${t.term('editMode')}
              @click=${() => this.#toggleEditing()}
            >
              ${icon(pencilPath)}
            </button>`
          : nothing}
      </div>
      ${this.#renderFailure()}
      ${this.actionFailure
        ? html`<p part="error" role="alert" title=${this.actionFailure.detail || nothing}>${t.term('actionFailed', this.actionFailure.code)}</p>`
        : nothing}
      <!-- While choosing, the listbox itself scrolls: the popup of the search field's combobox, whose
        arrows keep the active reply in view (a scrolling wrapper would be a region no key reaches). -->
      <div part="body" ?data-list=${listed} aria-busy=${this.inserting !== null ? 'true' : 'false'}>${this.#renderBody()}</div>
      <p class="visually-hidden" role="status">
        ${this.inserting !== null ? t.term('inserting') : this.announcement || (this.query.trim() && !this.editing ? t.term('found', shown.length) : '')}
      </p>
      ${this.dialog && editor
        ? html`<chat-quick-reply-dialog
            part="dialog"
            exportparts=${exportparts('chat-quick-reply-dialog')}
            .client=${this.client}
            .conversationId=${this.conversationId}
            .reply=${this.dialog.reply}
            .categories=${this.#data.value.categories}
            @done=${this.#onDialogDone}
          ></chat-quick-reply-dialog>`
        : nothing}`;
  }
}
