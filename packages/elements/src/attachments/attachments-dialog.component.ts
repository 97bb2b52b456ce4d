import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { ChatClient } from '@chatdesk/client';
import type { ConversationFile } from '@chatdesk/protocol';
import { ChatElement } from '../lib/chat-element.js';
import { clientContext } from '../lib/context.js';
import { refusalOf, type Refusal } from '../lib/errors.js';
import { emit } from '../lib/events.js';
import { closePath, icon } from '../lib/icons.js';
import { filePath } from './file-icons.js';
import { LocalizeController } from '../lib/localize.js';
import { StoreController } from '../lib/store-controller.js';
import { tokens } from '../lib/theme.js';
import { formatFull } from '../lib/time.js';
import { defineParts } from '../lib/parts.js';
import { fileTerms } from './files.i18n.js';

// Its parts as the elements around it export them (lib/parts.ts): the `@csspart` tags below.
defineParts(
  'chat-attachments-dialog',
  'dialog close-button tabs tab list empty item thumbnail file show-button more',
);

type Tab = 'image' | 'other';

/**
 * @summary "Show attachments" (S-DLG-7): a conversation's (or an internal chat's) images and
 * other files in two tabs, newest first, each opening its message in the thread or downloading.
 *
 * A modal `<dialog>` (Escape or Close ends it, focus goes back where it was). The tabs follow the
 * WAI-ARIA tabs pattern (arrow keys move between them). Pages of `files.list` load as the list is
 * scrolled to its end ("More").
 *
 * @csspart dialog - The `<dialog>`.
 * @csspart close-button - Closes the dialog.
 * @csspart tabs - The tab list.
 * @csspart tab - Each tab (`aria-selected` on the one shown).
 * @csspart list - The list of the current tab.
 * @csspart empty - Says the tab has no files («В этом диалоге нет изображений» / "No images in this
 * conversation").
 * @csspart item - Each file.
 * @csspart thumbnail - An image's preview.
 * @csspart file - A file's card (a download link).
 * @csspart show-button - "Show in conversation".
 * @csspart more - Loads the next page of the tab's files.
 *
 * @event {{ messageId: number }} chat-reveal - Show this message in the thread (the dialog closes).
 * @event chat-attachments-close - The dialog closed.
 */
export class ChatAttachmentsDialog extends ChatElement {
  static override styles = [
    tokens,
    css`
      dialog {
        width: min(560px, calc(100vw - 32px));
        max-height: min(640px, calc(100vh - 32px));
        padding: 0;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_surface);
        color: var(--_text);
        display: flex;
        flex-direction: column;
      }
      dialog:not([open]) {
        display: none;
      }
      .header {
        display: flex;
        align-items: center;
        justify-content: space-between;
        padding: 8px 12px;
        border-bottom: 1px solid var(--_border);
      }
      h2 {
        font-size: 1em;
        margin: 0;
      }
      [part~='tabs'] {
        display: flex;
        gap: 4px;
        padding: 8px 12px 0;
      }
      [part~='tab'] {
        font: inherit;
        padding: 6px 12px;
        border: 0;
        border-bottom: 2px solid transparent;
        background: none;
        color: var(--_muted);
        cursor: pointer;
      }
      [part~='tab'][aria-selected='true'] {
        color: var(--_text);
        border-bottom-color: var(--_accent);
      }
      /* The tab panel around the list takes the dialog's room left under the tabs; the list scrolls in it. */
      [role='tabpanel'] {
        display: flex;
        flex-direction: column;
        min-height: 0;
      }
      [part~='list'] {
        min-height: 0;
        list-style: none;
        margin: 0;
        padding: 12px;
        overflow: auto;
        display: grid;
        gap: 8px;
      }
      [part~='list'][data-tab='image'] {
        grid-template-columns: repeat(auto-fill, minmax(120px, 1fr));
      }
      [part~='item'] {
        display: grid;
        gap: 4px;
        font-size: 0.8125em;
        color: var(--_muted);
      }
      [part~='thumbnail'] {
        width: 100%;
        aspect-ratio: 1;
        object-fit: cover;
        border-radius: 4px;
        background: var(--_surface-alt);
        display: block;
      }
      [part~='file'] {
        display: flex;
        align-items: center;
        gap: 8px;
        color: var(--_text);
        text-decoration: none;
        overflow: hidden;
      }
      [part~='file'] bdi {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      button {
        font: inherit;
      }
      [part~='show-button'],
      [part~='more'] {
        justify-self: start;
        padding: 2px 0;
        border: 0;
        background: none;
        color: var(--_accent);
        cursor: pointer;
        text-decoration: underline;
      }
      [part~='close-button'] {
        display: inline-grid;
        place-items: center;
        padding: 4px;
        border: 0;
        background: none;
        color: inherit;
        cursor: pointer;
      }
      :focus-visible {
        outline: 2px solid var(--_accent);
        outline-offset: 1px;
      }
      [role='alert'] {
        color: var(--_danger);
        padding: 0 12px 12px;
      }
    `,
  ];

  readonly #l10n = new LocalizeController(this, fileTerms);

  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  accessor client: ChatClient | undefined;

  /** The conversation (or an internal chat's id) whose files to show. */
  @property({ attribute: 'conversation-id', type: Number }) accessor conversationId = 0;

  @state() private accessor tab: Tab = 'image';
  @state() private accessor pages: Record<Tab, { files: ConversationFile[]; hasMore: boolean; loading: boolean } | undefined> = { image: undefined, other: undefined };
  @state() private accessor error: Refusal | null = null;

  /** File URLs change with the file token. */
  readonly #token = new StoreController(this, (s) => s.fileToken);
  #returnFocus: HTMLElement | null = null;

  /** Opens the dialog on the images tab (remembering where focus was). */
  async show(): Promise<void> {
    this.#returnFocus = deepActive();
    await this.updateComplete;
    this.renderRoot.querySelector('dialog')?.showModal();
    void this.#load(this.tab);
  }

  close(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  async #load(tab: Tab): Promise<void> {
    const client = this.client;
    const page = this.pages[tab];
    if (!client || page?.loading || (page && !page.hasMore)) return;
    this.pages = { ...this.pages, [tab]: { files: page?.files ?? [], hasMore: page?.hasMore ?? true, loading: true } };
    try {
      const before = page?.files.at(-1)?.file.id;
      const r = await client.call('files.list', { conversationId: this.conversationId, kind: tab, ...(before ? { before } : {}) });
      this.pages = { ...this.pages, [tab]: { files: [...(page?.files ?? []), ...r.files], hasMore: r.hasMore, loading: false } };
    } catch (err) {
      this.error = refusalOf(err);
      this.pages = { ...this.pages, [tab]: { files: page?.files ?? [], hasMore: false, loading: false } };
    }
  }

  #select(tab: Tab, focus = false): void {
    this.tab = tab;
    void this.#load(tab);
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${tab}`)?.focus());
  }

  #onTabKey(e: KeyboardEvent): void {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) return;
    e.preventDefault();
    const next: Tab = e.key === 'Home' ? 'image' : e.key === 'End' ? 'other' : this.tab === 'image' ? 'other' : 'image';
    this.#select(next, true);
  }

  #onClosed(): void {
    this.#returnFocus?.focus();
    emit(this, 'chat-attachments-close', {});
  }

  #reveal(messageId: number): void {
    this.close();
    emit(this, 'chat-reveal', { messageId });
  }

  override render() {
    const t = this.#l10n.table();
    if (!t) return nothing;
    void this.#token.value;
    const url = (id: number, variant?: 'content' | 'thumb') => this.client?.files.url(id, variant);
    const page = this.pages[this.tab];
    const lang = this.#l10n.lang();
    return html`<dialog part="dialog" aria-labelledby="title" @close=${this.#onClosed}>
      <!-- Not a <header>: inside a dialog that would be a second banner landmark beside the page's. -->
      <div class="header">
        <h2 id="title">${t.showAttachments}</h2>
        <button part="close-button" type="button" aria-label=${t.close} title=${t.close} @click=${() => this.close()}>${icon(closePath)}</button>
      </div>
      <div part="tabs" role="tablist" @keydown=${this.#onTabKey}>
        ${(['image', 'other'] as const).map(
          (tab) => html`<button
            part="tab"
            id="tab-${tab}"
            role="tab"
            type="button"
            aria-selected=${this.tab === tab ? 'true' : 'false'}
            aria-controls="panel"
            tabindex=${this.tab === tab ? 0 : -1}
            @click=${() => this.#select(tab)}
          >
            ${tab === 'image' ? t.images : t.otherFiles}
          </button>`,
        )}
      </div>
      <!-- The tab panel holds the list (a list cannot be a tab panel and stay a list of items). -->
      <div id="panel" role="tabpanel" aria-labelledby="tab-${this.tab}">
      <ul part="list" data-tab=${this.tab} aria-busy=${page?.loading ? 'true' : 'false'}>
        ${page && !page.loading && page.files.length === 0 ? html`<li part="empty">${this.tab === 'image' ? t.noImages : t.noFiles}</li>` : nothing}
        ${(page?.files ?? []).map(
          (f) => html`<li part="item">
            ${f.file.kind === 'image'
              ? html`<a href=${url(f.file.id) ?? nothing} target="_blank" rel="noopener" aria-label=${t.openImage(f.file.name)}>
                  ${url(f.file.id, 'thumb') ? html`<img part="thumbnail" src=${url(f.file.id, 'thumb')!} alt="" loading="lazy" />` : html`<span part="thumbnail"></span>`}
                </a>`
              : html`<a part="file" href=${url(f.file.id) ?? nothing} download=${f.file.name} aria-label=${`${t.download(f.file.name)}, ${t.bytes(f.file.size)}`}>
                  ${icon(filePath)}<bdi>${f.file.name}</bdi><span>${t.bytes(f.file.size)}</span>
                </a>`}
            <span><bdi>${f.author.name}</bdi> · <time datetime=${new Date(f.createdAt).toISOString()}>${formatFull(f.createdAt, lang)}</time></span>
            <button part="show-button" type="button" @click=${() => this.#reveal(f.messageId)}>${t.showInThread}</button>
          </li>`,
        )}
        ${page?.hasMore && !page.loading ? html`<li><button part="more" type="button" @click=${() => this.#load(this.tab)}>${t.loadMore}</button></li>` : nothing}
      </ul>
      </div>
      ${this.error ? html`<p role="alert" title=${this.error.detail}>${t.refused(this.error.code)}</p>` : nothing}
    </dialog>`;
  }
}

/** The focused element, looking into shadow roots (the menu item that opened the dialog lives in one). */
function deepActive(): HTMLElement | null {
  let el = document.activeElement as HTMLElement | null;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement as HTMLElement;
  return el;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-attachments-close': CustomEvent<Record<string, never>>;
  }
}
