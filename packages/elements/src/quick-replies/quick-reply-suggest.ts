import { css, html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { ChatClient } from '@chatdesk/client';
import type { QuickReply } from '@chatdesk/protocol';
import type { TermsOf } from '../i18n/en.js';
import type { ChatElement } from '../lib/chat-element.js';
import { LocalizeController } from '../lib/localize.js';
import { QuickRepliesController } from './quick-reply-cache.js';
import { failureOf, isTemplateError, type QuickReplyFailure } from './quick-reply-failure.js';
import { suggestReplies } from './quick-reply-match.js';
import { replyRow, replyRowStyles } from './quick-reply-row.js';
import type { QuickRepliesTerms } from './quick-replies-ui.en.js';
import { quickRepliesUiTerms } from './quick-replies-ui.i18n.js';
import { keepInView } from './keep-in-view.js';

/*
 * S-QR-1 inline: the composer's `/command` suggestions. The composer itself only spots the first
 * `/` token typed and loads this module then, as a chunk of its own (the panel's start-up download
 * has a budget); from then on everything is here: following the caret, the list of replies,
 * matching, the listbox, the keys, rendering the choice and putting it in the field. It listens on
 * the composer's shadow root, the keys in the capture phase, so the list's Enter, Tab and Escape
 * never reach the composer's own (send, leave a mode, close the panel).
 *
 * ARIA: the textarea keeps its textbox role (a `textarea` may take no other, and a textbox may not
 * carry `aria-expanded`), with `aria-autocomplete="list"`, and while the list is open
 * `aria-controls` naming the listbox and `aria-activedescendant` naming the option the arrows are
 * on; a polite status says how many replies are offered and which keys to use.
 */

/** A `/` at the start of the text or after whitespace, then command characters up to the caret (as the composer's). */
const SLASH = /(?:^|\s)\/([\p{L}\p{N}_-]*)$/u;

/** Where the `/` is, and what follows it up to the caret. */
interface SlashToken {
  /** The index of the `/` in the text. */
  start: number;
  /** What follows the `/` up to the caret (command characters only). */
  query: string;
}

/**
 * The composer: a ChatElement (its updates wait for these terms) with its client and thread key,
 * and a shadow root for the list's styles.
 */
type Host = ChatElement & { readonly client: ChatClient | undefined; readonly conversationId: number };

/** Staff in a customer conversation (an internal chat's key is negative), as the composer shows the lightning. */
const enabled = (host: Host): boolean => host.conversationId > 0 && host.client?.state.me?.kind === 'user';

const styles = css`
  [part~='base'] {
    position: relative;
  }
  [part~='suggestions'] {
    position: absolute;
    inset-inline: 8px;
    bottom: 100%;
    z-index: 1;
    margin-bottom: 4px;
    border: 1px solid var(--chat-quick-replies-border, var(--_border));
    border-radius: var(--_radius);
    background: var(--chat-quick-replies-bg, var(--_surface));
    box-shadow: 0 4px 16px color-mix(in srgb, var(--_shadow) 15%, transparent);
    font-size: 0.875rem;
    overflow: hidden;
  }
  [part~='suggestion-list'] {
    list-style: none;
    margin: 0;
    padding: 4px 0;
    max-height: 16rem;
    overflow-y: auto;
  }
  /* A row's own looks are quick-reply-row.ts's. */
  [part~='suggestion'] {
    padding: 4px 10px;
  }
  [part~='suggestions-error'] {
    margin: 0;
    padding: 6px 10px;
    color: var(--_danger);
  }
`;

const adopted = new WeakSet<ShadowRoot>();

/** Adds the list's styles to the composer's shadow root once (they come with this chunk). */
function adoptStyles(root: ShadowRoot): void {
  if (adopted.has(root) || !styles.styleSheet || !replyRowStyles.styleSheet) return;
  adopted.add(root);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, replyRowStyles.styleSheet, styles.styleSheet];
}

export const LISTBOX_ID = 'quick-reply-suggestions';

export class QuickReplySuggest implements ReactiveController {
  readonly #host: Host;
  readonly #root: ShadowRoot;
  readonly #l10n: LocalizeController<TermsOf<QuickRepliesTerms>>;
  readonly #data: QuickRepliesController;
  #token: SlashToken | null = null;
  /** The `/` whose list Escape closed: it stays closed until the caret leaves that token. */
  #dismissed: number | null = null;
  #active = 0;
  #busy = false;
  #failure: QuickReplyFailure | null = null;
  #conversationId = 0;

  constructor(host: Host) {
    this.#host = host;
    this.#root = host.renderRoot as ShadowRoot;
    this.#conversationId = host.conversationId;
    // Added to the composer as it runs: its next update waits for these terms (the field does not).
    this.#l10n = new LocalizeController(host, quickRepliesUiTerms);
    this.#data = new QuickRepliesController(host, () => host.client);
    adoptStyles(this.#root);
    this.#root.addEventListener('keydown', this.#onKeydown as EventListener, true);
    for (const type of ['input', 'keyup', 'click', 'focusin']) this.#root.addEventListener(type, this.#follow);
    this.#root.addEventListener('focusout', this.#onFocusOut);
    host.addController(this);
    this.#follow();
  }

  #field(): HTMLTextAreaElement | null {
    return this.#root.querySelector('textarea');
  }

  /** The `/token` at the caret (none with a selection, or when quick replies are not offered). */
  readonly #follow = (e?: Event): void => {
    const field = this.#field();
    if (e && e.composedPath()[0] !== field) return;
    const caret = field?.selectionEnd ?? 0;
    const m = field && enabled(this.#host) && field.selectionStart === caret ? SLASH.exec(field.value.slice(0, caret)) : null;
    this.#setToken(m ? { start: caret - m[1]!.length - 1, query: m[1]! } : null);
  };

  readonly #onFocusOut = (e: Event): void => {
    if (e.composedPath()[0] === this.#field()) this.#setToken(null);
  };

  #setToken(token: SlashToken | null): void {
    const before = this.#token;
    if (!token || token.start !== this.#dismissed) this.#dismissed = null;
    if (token?.start !== before?.start || token?.query !== before?.query) {
      this.#active = 0;
      this.#failure = null;
    }
    this.#token = token;
    this.#host.requestUpdate();
  }

  hostUpdate(): void {
    // Another conversation: its own text, no list carried over.
    const id = this.#host.conversationId;
    if (id !== this.#conversationId) {
      this.#conversationId = id;
      this.#token = null;
      this.#dismissed = null;
      this.#failure = null;
    }
  }

  /** The textarea's ARIA, set here so the composer's template carries none of it. */
  hostUpdated(): void {
    const field = this.#field();
    if (!field) return;
    const open = this.#offered().length > 0;
    const reply = this.#offered()[this.#active];
    const set = (name: string, value: string | null) => (value === null ? field.removeAttribute(name) : field.setAttribute(name, value));
    set('aria-autocomplete', enabled(this.#host) ? 'list' : null);
    set('aria-controls', open ? LISTBOX_ID : null);
    set('aria-activedescendant', open && reply ? `quick-reply-suggestion-${reply.id}` : null);
    keepInView(this.#root.querySelector('[part~="suggestion-active"]'), this.#root.querySelector('[part~="suggestion-list"]'));
  }

  /** The replies offered now (none while the list loads, or for a dismissed token). */
  #offered(): QuickReply[] {
    const token = this.#token;
    if (!token || token.start === this.#dismissed) return [];
    return suggestReplies(this.#data.value.replies, token.query);
  }

  /** The list's keys, before the composer's (capture phase); the rest go on to it. */
  readonly #onKeydown = (e: KeyboardEvent): void => {
    const token = this.#token;
    if (!token || e.isComposing || e.composedPath()[0] !== this.#field() || token.start === this.#dismissed) return;
    const offered = this.#offered();
    const n = offered.length;
    let taken = true;
    if (e.key === 'Escape' && (n > 0 || this.#failure)) {
      this.#dismissed = token.start;
      this.#failure = null;
      this.#host.requestUpdate();
    } else if (e.key === 'Enter' && !e.shiftKey && this.#data.value.status === 'loading') {
      // The list is still loading: Enter must not send the bare `/command` it is about to replace.
    } else if (n > 0 && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      this.#active = e.key === 'ArrowDown' ? (this.#active + 1) % n : (this.#active + n - 1) % n;
      this.#host.requestUpdate();
    } else if (n > 0 && (e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey) {
      void this.#choose(offered[Math.min(this.#active, n - 1)]!, token);
    } else taken = false;
    if (!taken) return;
    e.preventDefault();
    e.stopPropagation();
  };

  /** S-QR-4: renders the reply for this conversation and puts it over the `/token`, as typed text. */
  async #choose(reply: QuickReply, token: SlashToken): Promise<void> {
    const client = this.#host.client;
    const conversationId = this.#host.conversationId;
    if (!client || this.#busy || !(conversationId > 0)) return;
    this.#busy = true;
    this.#failure = null;
    this.#host.requestUpdate();
    try {
      const { text } = await client.call('quickReplies.render', { conversationId, replyId: reply.id });
      const field = this.#field();
      if (!field || conversationId !== this.#host.conversationId) return;
      const typed = `/${token.query}`;
      // The same token still there (typing may have gone on meanwhile): over it; else at the caret.
      if (field.value.startsWith(typed, token.start)) field.setSelectionRange(token.start, token.start + typed.length);
      field.focus();
      // As if typed: the composer hears `input` (its value, the draft, typing), and Ctrl+Z undoes it.
      if (!document.execCommand('insertText', false, text)) {
        field.setRangeText(text, field.selectionStart, field.selectionEnd, 'end');
        field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertReplacementText' }));
      }
      this.#setToken(null);
    } catch (err) {
      this.#failure = failureOf(err);
    } finally {
      this.#busy = false;
      this.#host.requestUpdate();
    }
  }

  /** The list above the field, for the composer's template (nothing while quick replies are not offered). */
  render(): TemplateResult | typeof nothing {
    if (!enabled(this.#host)) return nothing;
    const t = this.#l10n;
    const offered = this.#offered();
    const f = this.#token ? this.#failure : null;
    const status = offered.length > 0 ? t.term('suggestionsOpen', offered.length) : '';
    return html`${offered.length > 0 || f
        ? html`<div part="suggestions">
            ${f
              ? html`<p part="suggestions-error" role="alert" title=${f.detail || nothing}>
                  ${t.term('renderFailed', f.code, f.reason, f.line)}
                  ${isTemplateError(f) && f.message ? html`<span lang="en">${f.message}</span>` : nothing}
                </p>`
              : nothing}
            ${offered.length > 0
              ? html`<ul part="suggestion-list" id=${LISTBOX_ID} role="listbox" aria-label=${t.term('suggestions')} @mousedown=${(e: Event) => e.preventDefault()}>
                  ${offered.map((reply, i) => {
                    const active = i === this.#active;
                    return html`<li
                      part=${active ? 'suggestion suggestion-active' : 'suggestion'}
                      class=${active ? 'qr-row qr-active' : 'qr-row'}
                      id="quick-reply-suggestion-${reply.id}"
                      role="option"
                      aria-selected=${active ? 'true' : 'false'}
                      @click=${() => this.#token && void this.#choose(reply, this.#token)}
                    >
                      ${replyRow(reply, 'suggestion')}
                    </li>`;
                  })}
                </ul>`
              : nothing}
          </div>`
        : nothing}
      <span class="visually-hidden" role="status">${status}</span>`;
  }
}

