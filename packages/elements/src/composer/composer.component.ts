import { html, nothing, type PropertyValues } from 'lit';
import { ChatElement } from '../lib/chat-element.js';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { ChatClient } from '@chatdesk/client';
import type { Attachment, Message } from '@chatdesk/protocol';
import { countMessageChars, limits } from '@chatdesk/protocol/runtime';
import { clientContext } from '../lib/context.js';
import { isolate } from '../lib/bidi.js';
import { errorWords, refusalOf, type Refusal } from '../lib/errors.js';
import { emit } from '../lib/events.js';
import { closePath, icon } from '../lib/icons.js';
import { clipPath } from '../attachments/file-icons.js';
import { fileTerms } from '../attachments/files.i18n.js';
import type { FileTerms } from '../attachments/files.en.js';
import type { FileRules, PendingFiles } from '../attachments/pending-files.js';
import { adoptFileStyles, filesUi, loadFilesUi } from '../attachments/load.js';
import '../emoji/emoji-button.js';
import '../quick-replies/quick-replies.js';
import type { QuickReplySuggest } from '../quick-replies/quick-reply-suggest.js';
import type { TermsOf } from '../i18n/en.js';
import { terms } from '../i18n/index.js';
import { LocalizeController } from '../lib/localize.js';
import { StoreController } from '../lib/store-controller.js';
import { defineParts, exportparts, PartsController } from '../lib/parts.js';
import { tokens } from '../lib/theme.js';
import styles from './composer.styles.js';

// Its parts as the elements around it export them (lib/parts.ts): the `@csspart` tags below.
defineParts(
  'chat-composer',
  'base quote quote-author quote-text edit-bar cancel-button error attach-button emoji-button quick-replies suggestions suggestion-list suggestion suggestion-active suggestion-command suggestion-title suggestion-text suggestions-error attachments attachment attachment-name attachment-size attachment-progress attachment-error attachment-retry attachment-remove attachment-notice textarea send-button counter',
  ['chat-quick-replies', 'chat-emoji-button'],
);

export interface ChatSendDetail {
  text: string;
  /** The quoted message (S-DLG-7), when the reply quotes one. */
  replyToId?: number;
  /** S-DLG-9: the uploaded files the message carries. */
  attachments?: Attachment[];
}

/**
 * S-QR-1: a `/` at the start of the text or after whitespace, then command characters up to the
 * caret. Spotting it is all the composer does itself; the suggestions are a chunk of their own.
 */
const SLASH = /(^|\s)\/[\p{L}\p{N}_-]*$/u;

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
 * S-DLG-9: with `accept-files` (the panel sets it from the conversation's channel), a paperclip
 * opens the file chooser (one or many), and files dropped on the composer or the thread or pasted
 * into the field attach too (`addFiles()`): a choice that would pass 20 MB or 10 files together is
 * refused whole before anything uploads, with the reason in an alert; each file then uploads at
 * once with its progress bar, Remove, and Retry (with the reason) when it failed. The message goes
 * with its text (which may be empty) and its uploaded files; Send waits for uploads still running.
 * S-DLG-10: the emoji button (`<chat-emoji-button>`) puts the chosen emoji at the caret.
 * S-QR-1: for staff in a customer conversation (`conversation-id` > 0: not an internal chat), the
 * lightning button (`<chat-quick-replies>`) puts a quick reply rendered for the customer at the
 * caret, and typing `/` (at the start or after a space) and a command offers matching replies in
 * a listbox above the field: ArrowUp/ArrowDown move, Enter or Tab puts the chosen one over the
 * `/command` (Enter does not send while the list is open), Escape closes it for that `/`. The
 * textarea then has `aria-autocomplete="list"`, and while the list is open `aria-controls` and
 * `aria-activedescendant`. The list's code, words and the replies load at the first `/`.
 *
 * @csspart attach-button - The paperclip.
 * @csspart emoji-button - The `<chat-emoji-button>`.
 * @csspart quick-replies - The `<chat-quick-replies>` lightning button (staff, customer conversations).
 * @csspart suggestions - The box of `/command` suggestions above the field.
 * @csspart suggestion-list - Its listbox.
 * @csspart suggestion - Each reply offered.
 * @csspart suggestion-active - Added to the `suggestion` the arrows are on.
 * @csspart suggestion-command - A suggestion's `/command`.
 * @csspart suggestion-title - Its title.
 * @csspart suggestion-text - The beginning of its text.
 * @csspart suggestions-error - Why the chosen reply was not inserted (`role=alert`).
 * @csspart attachments - The list of files being sent.
 * @csspart attachment - Each (`data-state`: `uploading`, `done`, `failed`).
 * @csspart attachment-name - Its name.
 * @csspart attachment-size - Its size.
 * @csspart attachment-progress - Its progress bar (`role=progressbar`).
 * @csspart attachment-error - Why it failed.
 * @csspart attachment-retry - Uploads it again.
 * @csspart attachment-remove - Takes it off the message.
 * @csspart attachment-notice - Why a choice of files was refused (`role=alert`).
 * @csspart textarea - The `<textarea>`.
 * @csspart send-button - The send button (Save in edit mode).
 * @csspart counter - The characters-left counter (shown near the limit).
 * @csspart quick-replies-button - `<chat-quick-replies>`'s `button`.
 * @csspart quick-replies-popover - `<chat-quick-replies>`'s `popover`.
 * @csspart quick-replies-popover-header - `<chat-quick-replies-popover>`'s `header`.
 * @csspart quick-replies-popover-search - `<chat-quick-replies-popover>`'s `search`.
 * @csspart quick-replies-popover-edit-toggle - `<chat-quick-replies-popover>`'s `edit-toggle`.
 * @csspart quick-replies-popover-body - `<chat-quick-replies-popover>`'s `body`.
 * @csspart quick-replies-popover-status - `<chat-quick-replies-popover>`'s `status`.
 * @csspart quick-replies-popover-error - `<chat-quick-replies-popover>`'s `error`.
 * @csspart quick-replies-popover-error-detail - `<chat-quick-replies-popover>`'s `error-detail`.
 * @csspart quick-replies-popover-retry-button - `<chat-quick-replies-popover>`'s `retry-button`.
 * @csspart quick-replies-popover-empty - `<chat-quick-replies-popover>`'s `empty`.
 * @csspart quick-replies-popover-create-first-button - `<chat-quick-replies-popover>`'s `create-first-button`.
 * @csspart quick-replies-popover-list - `<chat-quick-replies-popover>`'s `list`.
 * @csspart quick-replies-popover-group - `<chat-quick-replies-popover>`'s `group`.
 * @csspart quick-replies-popover-category - `<chat-quick-replies-popover>`'s `category`.
 * @csspart quick-replies-popover-reply - `<chat-quick-replies-popover>`'s `reply`.
 * @csspart quick-replies-popover-reply-active - `<chat-quick-replies-popover>`'s `reply-active`.
 * @csspart quick-replies-popover-reply-body - `<chat-quick-replies-popover>`'s `reply-body`.
 * @csspart quick-replies-popover-reply-command - `<chat-quick-replies-popover>`'s `reply-command`.
 * @csspart quick-replies-popover-reply-title - `<chat-quick-replies-popover>`'s `reply-title`.
 * @csspart quick-replies-popover-reply-text - `<chat-quick-replies-popover>`'s `reply-text`.
 * @csspart quick-replies-popover-toolbar - `<chat-quick-replies-popover>`'s `toolbar`.
 * @csspart quick-replies-popover-new-reply-button - `<chat-quick-replies-popover>`'s `new-reply-button`.
 * @csspart quick-replies-popover-new-category-button - `<chat-quick-replies-popover>`'s `new-category-button`.
 * @csspart quick-replies-popover-manage-list - `<chat-quick-replies-popover>`'s `manage-list`.
 * @csspart quick-replies-popover-category-row - `<chat-quick-replies-popover>`'s `category-row`.
 * @csspart quick-replies-popover-rename-category-button - `<chat-quick-replies-popover>`'s `rename-category-button`.
 * @csspart quick-replies-popover-delete-category-button - `<chat-quick-replies-popover>`'s `delete-category-button`.
 * @csspart quick-replies-popover-edit-button - `<chat-quick-replies-popover>`'s `edit-button`.
 * @csspart quick-replies-popover-delete-button - `<chat-quick-replies-popover>`'s `delete-button`.
 * @csspart quick-replies-popover-confirm - `<chat-quick-replies-popover>`'s `confirm`.
 * @csspart quick-replies-popover-confirm-delete-button - `<chat-quick-replies-popover>`'s `confirm-delete-button`.
 * @csspart quick-replies-popover-confirm-cancel-button - `<chat-quick-replies-popover>`'s `confirm-cancel-button`.
 * @csspart quick-replies-popover-category-form - `<chat-quick-replies-popover>`'s `category-form`.
 * @csspart quick-replies-popover-label - `<chat-quick-replies-popover>`'s `label`.
 * @csspart quick-replies-popover-input - `<chat-quick-replies-popover>`'s `input`.
 * @csspart quick-replies-popover-save-button - `<chat-quick-replies-popover>`'s `save-button`.
 * @csspart quick-replies-popover-cancel-button - `<chat-quick-replies-popover>`'s `cancel-button`.
 * @csspart quick-replies-popover-field-error - `<chat-quick-replies-popover>`'s `field-error`.
 * @csspart quick-replies-popover-dialog - `<chat-quick-replies-popover>`'s `dialog`.
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
 * @csspart emoji-button-button - `<chat-emoji-button>`'s `button`.
 * @csspart emoji-button-popover - `<chat-emoji-button>`'s `popover`.
 *
 * @cssproperty --chat-composer-bg - Background of the composer.
 * @cssproperty --chat-composer-border - Border colour of the composer and its field.
 * @cssproperty --chat-composer-max-height - How tall the field grows before it scrolls.
 * @cssproperty --chat-composer-bar-bg - Background of the quote and edit bars.
 *
 * @event {{ text: string, replyToId?: number, attachments?: Attachment[] }} chat-send - The user sends `text` (and files). Cancelable:
 * when prevented, the field keeps the text and nothing is sent; otherwise it is cleared and, with
 * a client and a conversation, sent.
 */
export class ChatComposer extends ChatElement {
  static override styles = [tokens, styles];
  static override shadowRootOptions: ShadowRootInit = { ...ChatElement.shadowRootOptions, delegatesFocus: true };

  readonly #l10n = new LocalizeController(this, terms);
  // Renders again when an element inside it brings its parts with its code (lib/parts.ts).
  readonly #parts = new PartsController(this, 'chat-composer');
  /** S-DLG-9: the files of the message being written, and their terms: made with the first file attached. */
  #files: PendingFiles | undefined;
  #fileL10n: LocalizeController<TermsOf<FileTerms>> | undefined;

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

  /**
   * S-DLG-9: the conversation's channel carries files (the panel sets it from the channel's
   * capabilities; an internal chat always does): shows the paperclip and takes drops and pastes.
   */
  @property({ type: Boolean, attribute: 'accept-files' }) accessor acceptFiles = false;

  /**
   * S-CH-2: the kinds and the size of one file the conversation's channel carries (the panel sets
   * it from the channel's capabilities; unset: the message's own limits alone). A choice with a
   * file it cannot carry is refused whole, before any upload, saying why.
   */
  @property({ attribute: false }) accessor fileRules: FileRules | undefined = undefined;

  /** How many characters before the limit the counter appears. */
  @property({ attribute: 'counter-threshold', type: Number }) accessor counterThreshold = 200;

  /** The message being quoted (reply mode). */
  @state() private accessor replyTo: Message | null = null;
  /** The message being edited (edit mode). */
  @state() private accessor editing: Message | null = null;
  /** Why the edit was refused; worded at render, in the user's language. */
  @state() private accessor error: Refusal | null = null;

  readonly #drafts = new StoreController(this, (s) => s.drafts);
  /** The signed-in user: their recent emoji are their own (S-DLG-10). */
  readonly #me = new StoreController(this, (s) => s.me);
  /** Typed here since the draft was last taken from the store: a draft from elsewhere waits. */
  #dirty = false;
  #seenDrafts: unknown;
  /** The text typed before edit mode, given back when it ends. */
  #beforeEdit = '';
  #milestone = Infinity;
  #spoken = '';
  /** S-QR-1: the `/command` suggestions once the first `/` brought their chunk; the promise while it comes. */
  #suggest: QuickReplySuggest | Promise<unknown> | undefined;

  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector('textarea')?.focus(options);
  }

  /** Whether the current text (and files) may be sent, or the edit saved: no upload still on its way. */
  get canSend(): boolean {
    if (this.disabled || countMessageChars(this.value) > this.maxChars) return false;
    if (this.editing) return this.value.trim().length > 0;
    return !this.#files?.busy && (this.value.trim().length > 0 || (this.#files?.ready.length ?? 0) > 0);
  }

  /**
   * S-DLG-9: attaches files to the message being written (the paperclip, a drop on the thread, a
   * paste): refused whole, with the reason shown, past 20 MB or 10 files together; each uploads
   * at once. Resolves to false when refused or when the channel carries no files.
   */
  async addFiles(files: Iterable<Blob>): Promise<boolean> {
    const chosen = [...files];
    if (!this.acceptFiles || this.disabled || this.editing || chosen.length === 0) return false;
    if (!this.#files) {
      const ui = await loadFilesUi();
      if (!this.#files) {
        this.#files = new ui.PendingFiles(this, () => this.client, () => this.fileRules);
        this.#fileL10n = new LocalizeController(this, fileTerms);
        adoptFileStyles(this.renderRoot as ShadowRoot, [ui.pendingStyles]);
      }
    }
    return this.#files.add(chosen);
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
    const attachments = this.#files?.ready ?? [];
    if (attachments.length) detail.attachments = attachments;
    if (emit<ChatSendDetail>(this, 'chat-send', detail, { cancelable: true }).defaultPrevented) return;
    this.value = '';
    this.replyTo = null;
    this.#dirty = false;
    this.#files?.clear();
    const client = this.client;
    const key = this.conversationId;
    if (!client || !key) return;
    // The client clears the draft and the typing signal. A refused send stays in the outbox as
    // failed, and the thread offers Retry.
    const opts: { replyToId?: number; attachments?: Attachment[] } = {};
    if (detail.replyToId) opts.replyToId = detail.replyToId;
    if (detail.attachments) opts.attachments = detail.attachments;
    client.send(detail.text, key, opts).catch(() => undefined);
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
      // Another thread: its own text, no mode or files carried over.
      this.editing = this.replyTo = null;
      if (changed.get('conversationId') !== undefined) this.#files?.clear();
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
    this.#slash(e.target as HTMLTextAreaElement);
  }

  /** Staff in a customer conversation (an internal chat's key is negative) get quick replies (S-QR-1). */
  get #quickReplies(): boolean {
    return this.conversationId > 0 && this.#me.value?.kind === 'user';
  }

  /**
   * S-QR-1: the first `/command` typed loads the suggestions' chunk, which follows the caret and
   * takes the list's keys from then on (quick-reply-suggest.ts).
   */
  #slash(field: HTMLTextAreaElement): void {
    if (this.#suggest || !this.#quickReplies || !SLASH.test(field.value.slice(0, field.selectionEnd))) return;
    this.#suggest = import('../quick-replies/quick-reply-suggest.js').then(
      (m) => (this.#suggest = new m.QuickReplySuggest(this)),
      // Asked again at the next `/`.
      () => (this.#suggest = undefined),
    );
  }

  /** The chosen emoji (S-DLG-10) or quick reply (S-QR-1) goes where the caret is (or replaces the selection), as if typed. */
  async #insert(text: string): Promise<void> {
    const field = this.renderRoot.querySelector('textarea');
    if (!field) return;
    const start = field.selectionStart ?? this.value.length;
    const end = field.selectionEnd ?? start;
    field.value = this.value.slice(0, start) + text + this.value.slice(end);
    this.#onInput({ target: field } as unknown as Event);
    await this.updateComplete;
    field.focus();
    const caret = start + text.length;
    field.setSelectionRange(caret, caret);
  }

  /** S-DLG-9: images (or files) pasted from the clipboard are attached; text pastes as text. */
  #onPaste(e: ClipboardEvent): void {
    const files = [...(e.clipboardData?.files ?? [])];
    if (files.length === 0 || !this.acceptFiles) return;
    e.preventDefault();
    void this.addFiles(files);
  }

  #onDragOver(e: DragEvent): void {
    if (!this.acceptFiles || !e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }

  #onDrop(e: DragEvent): void {
    const files = [...(e.dataTransfer?.files ?? [])];
    if (!this.acceptFiles || files.length === 0) return;
    e.preventDefault();
    void this.addFiles(files);
  }

  #onChosen(e: Event): void {
    const input = e.target as HTMLInputElement;
    void this.addFiles([...(input.files ?? [])]);
    // The same file may be chosen again after it is removed.
    input.value = '';
  }

  #renderClip() {
    if (!this.acceptFiles || this.editing) return nothing;
    const label = this.#l10n.term('attachFiles');
    return html`<button
        part="attach-button"
        type="button"
        aria-label=${label}
        title=${label}
        ?disabled=${this.disabled}
        @click=${() => this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click()}
      >
        ${icon(clipPath)}
      </button>
      <input type="file" multiple hidden tabindex="-1" aria-hidden="true" accept=${acceptOf(this.fileRules) ?? nothing} @change=${this.#onChosen} />`;
  }

  #onKeydown(e: KeyboardEvent): void {
    // S-QR-1: while the `/command` suggestions' chunk loads, Enter waits rather than send the
    // `/command` about to be replaced (once in, the suggestions take their keys before this).
    if (e.key === 'Enter' && this.#suggest instanceof Promise) return e.preventDefault();
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
      <div part="base" @dragover=${this.#onDragOver} @drop=${this.#onDrop}>
        ${this.#renderBar()}
        ${this.editing || !this.#files ? nothing : filesUi()?.renderPending(this.#files, this.#fileL10n?.table()) ?? nothing}
        ${this.#renderClip()}
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
          @paste=${this.#onPaste}
        ></textarea>
        ${this.#suggest instanceof Promise ? nothing : this.#suggest?.render()}
        <div class="tools">
          ${this.#quickReplies
            ? html`<chat-quick-replies
                part="quick-replies"
                exportparts=${exportparts('chat-quick-replies')}
                .client=${this.client}
                .conversationId=${this.conversationId}
                ?disabled=${this.disabled}
                @chat-quick-reply-insert=${(e: CustomEvent<{ text: string }>) => void this.#insert(e.detail.text)}
              ></chat-quick-replies>`
            : nothing}
          <chat-emoji-button
            part="emoji-button"
            exportparts=${exportparts('chat-emoji-button')}
            .user=${this.#me.value?.id ?? ''}
            ?disabled=${this.disabled}
            @chat-emoji-pick=${(e: CustomEvent<{ emoji: string }>) => void this.#insert(e.detail.emoji)}
          ></chat-emoji-button>
        </div>
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

/** The file dialog's filter for a channel that carries images or audio but not any file. */
function acceptOf(rules: FileRules | undefined): string | undefined {
  if (!rules || rules.file) return undefined;
  return [rules.image ? 'image/*' : '', rules.audio ? 'audio/*' : ''].filter(Boolean).join(',') || undefined;
}
