import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { ChatClient } from '@chatdesk/client';
import type { QuickReply, QuickReplyCategory } from '@chatdesk/protocol';
import { ChatElement } from '../lib/chat-element.js';
import { closePath, icon } from '../lib/icons.js';
import { LocalizeController } from '../lib/localize.js';
import { tokens } from '../lib/theme.js';
import { defineParts } from '../lib/parts.js';
import { failureOf, isTemplateError, type QuickReplyFailure } from './quick-reply-failure.js';
import { quickRepliesUiTerms } from './quick-replies-ui.i18n.js';
import { placeholderOf, templateVariables } from './template-variables.js';
import styles from './quick-reply-dialog.styles.js';

// Its parts as the elements around it export them (lib/parts.ts): the `@csspart` tags below.
defineParts(
  'chat-quick-reply-dialog',
  'base header title close-button field label command-box command-prefix input hint select variables variables-label variable-button textarea counter preview-field preview preview-text preview-placeholder preview-error error-detail field-error form-error actions save-button cancel-button',
);

/** Detail of the dialog's `done` event. */
export interface QuickReplyDialogDoneDetail {
  /** The reply as the server saved it; absent when the dialog was cancelled. */
  saved?: QuickReply;
}

/**
 * S-QR-3: at most 2000 characters, whitespace counted (the protocol's QUICK_REPLY_LIMITS.textChars;
 * repeated here because that module carries valibot, which the elements' bundles leave out).
 */
export const TEXT_MAX = 2000;

/** The protocol's QuickReplyCommand: what follows `/`, once a leading `/` is dropped. */
const COMMAND = /^[\p{L}\p{N}_-]{1,32}$/u;

/** The preview waits for a pause in typing: one render per pause, not per keystroke. */
const PREVIEW_DELAY_MS = 350;

type FieldError = '' | 'required' | 'invalid' | 'taken' | 'long' | 'template';

type Preview =
  | { state: 'empty' }
  | { state: 'none' }
  | { state: 'ok'; text: string; busy: boolean }
  | { state: 'failed'; failure: QuickReplyFailure; busy: boolean };

const commandOf = (value: string): string => value.trim().replace(/^\//, '');

/**
 * @summary The «Новый быстрый ответ» / "New quick reply" dialog (S-QR-2..4), internal to
 * `<chat-quick-replies-popover>`: a lazy chunk of its own that only editors ever load.
 *
 * A modal `<dialog>` (the page behind is inert, Tab stays inside; Escape or Cancel closes it and
 * the popover puts focus back on the control that opened it). Fields: the command (shown after a
 * `/`), the title, the category («Без категории» / "No category" or one of `categories`) and the
 * text, with a counter of its 2000 characters (whitespace counted). Buttons insert variables at
 * the text's caret (`{{ customer.firstName }}` …), and a preview renders the text for the
 * conversation's customer (`quickReplies.render {conversationId, text}`, after a pause in typing),
 * with a template error and its line in its place. Save calls `quickReplies.save`; a refusal shows
 * at its field (the command taken, a template error with its line, a text too long) or, when it
 * concerns no field, under them.
 *
 * @csspart base - The `<dialog>`.
 * @csspart header - The title and the close button.
 * @csspart title - «Новый быстрый ответ» / "New quick reply", or the edit's title.
 * @csspart close-button - Closes it without saving.
 * @csspart field - One field: its label, control and message.
 * @csspart label - A field's label (and the preview's heading).
 * @csspart command-box - The command's `/` and input.
 * @csspart command-prefix - The `/` before the command.
 * @csspart input - The command and the title inputs.
 * @csspart hint - The command's hint.
 * @csspart select - The category's `<select>`.
 * @csspart variables - The buttons that insert variables.
 * @csspart variables-label - «Переменные» / "Variables".
 * @csspart variable-button - One variable's button.
 * @csspart textarea - The text.
 * @csspart counter - The text's characters, of 2000.
 * @csspart preview-field - The preview with its heading.
 * @csspart preview - The text rendered for the conversation's customer.
 * @csspart preview-text - That text.
 * @csspart preview-placeholder - Why there is no preview (no text, no conversation).
 * @csspart preview-error - Why the text cannot be rendered (a template error with its line).
 * @csspart error-detail - The template engine's own message (English).
 * @csspart field-error - Why a field's value was refused.
 * @csspart form-error - Why saving failed, when no field is to blame (`role=alert`).
 * @csspart actions - Save and Cancel.
 * @csspart save-button - Saves the reply.
 * @csspart cancel-button - Closes it without saving.
 *
 * @event {{ saved?: QuickReply }} done - Saved (with the reply) or cancelled. Not composed.
 */
export class ChatQuickReplyDialog extends ChatElement {
  static override styles = [tokens, styles];

  readonly #l10n = new LocalizeController(this, quickRepliesUiTerms);

  @property({ attribute: false }) accessor client: ChatClient | undefined;
  /** The conversation whose customer the preview is rendered for; 0: no preview. */
  @property({ attribute: false }) accessor conversationId = 0;
  /** The reply to edit; null: a new one. */
  @property({ attribute: false }) accessor reply: QuickReply | null = null;
  @property({ attribute: false }) accessor categories: readonly QuickReplyCategory[] = [];

  @state() private accessor command = '';
  @state() private accessor replyTitle = '';
  @state() private accessor categoryId: number | null = null;
  @state() private accessor text = '';
  @state() private accessor commandError: FieldError = '';
  @state() private accessor titleError: FieldError = '';
  @state() private accessor textError: FieldError = '';
  /** The template error of the last save, shown at the text (its line, the engine's message). */
  @state() private accessor templateFailure: QuickReplyFailure | null = null;
  /** A refusal that concerns no one field. */
  @state() private accessor formFailure: QuickReplyFailure | null = null;
  @state() private accessor saving = false;
  @state() private accessor preview: Preview = { state: 'empty' };

  #timer: ReturnType<typeof setTimeout> | undefined;
  #previewSeq = 0;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
    this.#previewSeq++;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('reply') || !this.hasUpdated) {
      const r = this.reply;
      this.command = r?.command ?? '';
      this.replyTitle = r?.title ?? '';
      this.text = r?.text ?? '';
      this.categoryId = r?.categoryId ?? null;
      this.#schedulePreview(0);
    }
    // A category deleted meanwhile (an event) leaves the reply uncategorised, as the server does.
    if (this.categoryId !== null && !this.categories.some((c) => c.id === this.categoryId)) this.categoryId = null;
  }

  protected override firstUpdated(): void {
    this.#dialog()?.showModal();
    this.renderRoot.querySelector<HTMLElement>('#qr-command')?.focus();
  }

  #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  #textarea(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector<HTMLTextAreaElement>('#qr-text');
  }

  #done(saved?: QuickReply): void {
    clearTimeout(this.#timer);
    this.#previewSeq++;
    this.#dialog()?.close();
    this.dispatchEvent(new CustomEvent<QuickReplyDialogDoneDetail>('done', { detail: saved ? { saved } : {} }));
  }

  #onKeydown(e: KeyboardEvent): void {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    // The dialog's own: the popover around it stays open (and so does a panel around that).
    e.preventDefault();
    e.stopPropagation();
    this.#done();
  }

  // ---- the preview (S-QR-4) ------------------------------------------------------------------

  #schedulePreview(delay = PREVIEW_DELAY_MS): void {
    clearTimeout(this.#timer);
    const seq = ++this.#previewSeq;
    const text = this.text;
    if (!text.trim() || text.length > TEXT_MAX) {
      this.preview = { state: 'empty' };
      return;
    }
    if (!(this.conversationId > 0) || !this.client) {
      this.preview = { state: 'none' };
      return;
    }
    const client = this.client;
    const conversationId = this.conversationId;
    this.#timer = setTimeout(() => {
      const p = this.preview;
      if (p.state === 'ok' || p.state === 'failed') this.preview = { ...p, busy: true };
      client.call('quickReplies.render', { conversationId, text }).then(
        (r) => {
          if (seq === this.#previewSeq) this.preview = { state: 'ok', text: r.text, busy: false };
        },
        (err: unknown) => {
          if (seq === this.#previewSeq) this.preview = { state: 'failed', failure: failureOf(err), busy: false };
        },
      );
    }, delay);
  }

  #setText(text: string): void {
    this.text = text;
    if (this.textError) this.textError = '';
    this.templateFailure = null;
    this.#schedulePreview();
  }

  /** A picker button: the variable goes where the caret is (or over the selection), and the caret after it. */
  async #insertVariable(expression: string): Promise<void> {
    const field = this.#textarea();
    const snippet = placeholderOf(expression);
    const start = field?.selectionStart ?? this.text.length;
    const end = field?.selectionEnd ?? start;
    this.#setText(this.text.slice(0, start) + snippet + this.text.slice(end));
    await this.updateComplete;
    field?.focus();
    field?.setSelectionRange(start + snippet.length, start + snippet.length);
  }

  // ---- saving --------------------------------------------------------------------------------

  /** Checks the fields as the server would; returns whether they may be sent. */
  #validate(): boolean {
    const command = commandOf(this.command);
    this.commandError = !command ? 'required' : COMMAND.test(command) ? '' : 'invalid';
    this.titleError = this.replyTitle.trim() ? '' : 'required';
    this.textError = !this.text.trim() ? 'required' : this.text.length > TEXT_MAX ? 'long' : '';
    return !this.commandError && !this.titleError && !this.textError;
  }

  async #focusFirstError(): Promise<void> {
    await this.updateComplete;
    const id = this.commandError ? 'qr-command' : this.titleError ? 'qr-title' : this.textError ? 'qr-text' : '';
    if (id) this.renderRoot.querySelector<HTMLElement>(`#${id}`)?.focus();
  }

  async #submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const client = this.client;
    if (this.saving || !client) return;
    this.formFailure = this.templateFailure = null;
    if (!this.#validate()) return void this.#focusFirstError();
    this.saving = true;
    try {
      const { reply } = await client.call('quickReplies.save', {
        ...(this.reply ? { id: this.reply.id } : {}),
        command: commandOf(this.command),
        title: this.replyTitle.trim(),
        text: this.text,
        categoryId: this.categoryId,
      });
      this.#done(reply);
    } catch (err) {
      const f = failureOf(err);
      if (f.code === 'CONFLICT' && f.reason === 'command') this.commandError = 'taken';
      else if (isTemplateError(f)) {
        this.textError = 'template';
        this.templateFailure = f;
      } else if (f.code === 'INVALID_PARAMS' && (f.fields['command'] || f.fields['title'] || f.fields['text'])) {
        // The schema's refusal of a field this form checked differently (it should not happen).
        if (f.fields['command']) this.commandError = 'invalid';
        if (f.fields['title']) this.titleError = 'required';
        if (f.fields['text']) this.textError = this.text.length > TEXT_MAX ? 'long' : 'required';
      } else this.formFailure = f;
      void this.#focusFirstError();
    } finally {
      this.saving = false;
    }
  }

  // ---- rendering -----------------------------------------------------------------------------

  #errorOf(field: 'command' | 'title' | 'text'): TemplateResult | typeof nothing {
    const t = this.#l10n;
    const kind = field === 'command' ? this.commandError : field === 'title' ? this.titleError : this.textError;
    if (!kind) return nothing;
    let body: TemplateResult | string;
    if (kind === 'template') {
      const f = this.templateFailure;
      body = html`${t.term('templateError', f?.line ?? 0)} ${f?.message ? html`<span part="error-detail" lang="en">${f.message}</span>` : nothing}`;
    } else {
      body =
        kind === 'taken' ? t.term('commandTaken', commandOf(this.command).toLowerCase())
        : kind === 'long' ? t.term('textTooLong', TEXT_MAX)
        : kind === 'invalid' ? t.term('commandInvalid')
        : field === 'command' ? t.term('commandRequired')
        : field === 'title' ? t.term('titleRequired')
        : t.term('textRequired');
    }
    return html`<p part="field-error" id="qr-${field}-error">${body}</p>`;
  }

  #renderPreview(): TemplateResult {
    const t = this.#l10n;
    const p = this.preview;
    let body: TemplateResult;
    if (p.state === 'empty') body = html`<p part="preview-placeholder">${t.term('previewEmpty')}</p>`;
    else if (p.state === 'none') body = html`<p part="preview-placeholder">${t.term('previewNoConversation')}</p>`;
    else if (p.state === 'ok') body = p.text.trim() ? html`<div part="preview-text">${p.text}</div>` : html`<p part="preview-placeholder">${t.term('previewBlank')}</p>`;
    else {
      const f = p.failure;
      body = isTemplateError(f)
        ? html`<p part="preview-error">${t.term('templateError', f.line)} ${f.message ? html`<span part="error-detail" lang="en">${f.message}</span>` : nothing}</p>`
        : html`<p part="preview-error" title=${f.detail || nothing}>${t.term('previewFailed', f.code)}</p>`;
    }
    const busy = (p.state === 'ok' || p.state === 'failed') && p.busy;
    return html`<section part="preview-field" aria-labelledby="qr-preview-label">
      <h3 part="label" id="qr-preview-label">${t.term('preview')}</h3>
      <div part="preview" aria-busy=${busy ? 'true' : 'false'}>${body}</div>
    </section>`;
  }

  override render() {
    const t = this.#l10n;
    const count = this.text.length;
    const heading = this.reply ? t.term('dialogEdit') : t.term('dialogNew');
    const describe = (field: 'command' | 'title' | 'text', extra = '') =>
      [extra, (field === 'command' ? this.commandError : field === 'title' ? this.titleError : this.textError) ? `qr-${field}-error` : ''].filter(Boolean).join(' ') || nothing;
    const f = this.formFailure;
    return html`<dialog part="base" aria-labelledby="qr-dialog-title" @keydown=${this.#onKeydown} @cancel=${(e: Event) => (e.preventDefault(), this.#done())}>
      <form novalidate @submit=${this.#submit}>
        <div part="header">
          <h2 part="title" id="qr-dialog-title">${heading}</h2>
          <button part="close-button" type="button" aria-label=${t.term('close')} title=${t.term('close')} @click=${() => this.#done()}>${icon(closePath)}</button>
        </div>
        <div part="field">
          <label part="label" for="qr-command">${t.term('command')}</label>
          <div part="command-box">
            <span part="command-prefix" aria-hidden="true">/</span>
            <input
              part="input"
              id="qr-command"
              autocomplete="off"
              spellcheck="false"
              maxlength="33"
              aria-required="true"
              aria-invalid=${this.commandError ? 'true' : 'false'}
              aria-describedby=${describe('command', 'qr-command-hint')}
              .value=${live(this.command)}
              @input=${(e: Event) => {
                // The `/` is drawn before the field: one typed or pasted there is dropped.
                const input = e.target as HTMLInputElement;
                if (input.value.startsWith('/')) input.value = input.value.slice(1);
                this.command = input.value;
                this.commandError = '';
              }}
            />
          </div>
          <p part="hint" id="qr-command-hint">${t.term('commandHint')}</p>
          ${this.#errorOf('command')}
        </div>
        <div part="field">
          <label part="label" for="qr-title">${t.term('title')}</label>
          <input
            part="input"
            id="qr-title"
            maxlength="100"
            autocomplete="off"
            aria-required="true"
            aria-invalid=${this.titleError ? 'true' : 'false'}
            aria-describedby=${describe('title')}
            .value=${live(this.replyTitle)}
            @input=${(e: Event) => {
              this.replyTitle = (e.target as HTMLInputElement).value;
              this.titleError = '';
            }}
          />
          ${this.#errorOf('title')}
        </div>
        <div part="field">
          <label part="label" for="qr-category">${t.term('category')}</label>
          <select
            part="select"
            id="qr-category"
            @change=${(e: Event) => {
              const v = (e.target as HTMLSelectElement).value;
              this.categoryId = v ? Number(v) : null;
            }}
          >
            <option value="" .selected=${this.categoryId === null}>${t.term('noCategory')}</option>
            ${this.categories.map((c) => html`<option value=${c.id} .selected=${c.id === this.categoryId}>${c.name}</option>`)}
          </select>
        </div>
        <div part="field">
          <label part="label" for="qr-text">${t.term('text')}</label>
          <div part="variables" role="group" aria-labelledby="qr-variables-label">
            <span part="variables-label" id="qr-variables-label">${t.term('variables')}:</span>
            ${templateVariables.map(([term, expression]) => {
              const name = t.term(term);
              return html`<button
                part="variable-button"
                type="button"
                data-variable=${expression}
                title=${placeholderOf(expression)}
                aria-label=${t.term('insertVariable', name, placeholderOf(expression))}
                @click=${() => void this.#insertVariable(expression)}
              >
                ${name}
              </button>`;
            })}
          </div>
          <textarea
            part="textarea"
            id="qr-text"
            rows="5"
            aria-required="true"
            aria-invalid=${this.textError || count > TEXT_MAX ? 'true' : 'false'}
            aria-describedby=${describe('text', 'qr-counter')}
            .value=${live(this.text)}
            @input=${(e: Event) => this.#setText((e.target as HTMLTextAreaElement).value)}
          ></textarea>
          <p part="counter" id="qr-counter" ?data-over=${count > TEXT_MAX}>
            <span aria-hidden="true">${count} / ${TEXT_MAX}</span><span class="visually-hidden">${t.term('counter', count, TEXT_MAX)}</span>
          </p>
          ${this.#errorOf('text')}
        </div>
        ${this.#renderPreview()}
        ${f ? html`<p part="form-error" role="alert" title=${f.detail || nothing}>${t.term('saveFailed', f.code)}</p>` : nothing}
        <div part="actions">
          <button part="save-button" type="submit" aria-disabled=${this.saving ? 'true' : 'false'}>${this.saving ? t.term('saving') : t.term('save')}</button>
          <button part="cancel-button" type="button" @click=${() => this.#done()}>${t.term('cancel')}</button>
        </div>
      </form>
    </dialog>`;
  }
}
