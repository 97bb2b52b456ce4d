import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { filesOf, type ChatClientBase } from '@chatdesk/client';
import type { Attachment } from '@chatdesk/protocol';
import { ownChannelCapabilities } from '@chatdesk/protocol/runtime';
import type { TermsOf } from '../i18n/en.js';
import { icon } from '../lib/icons.js';
import { clipPath } from './file-icons.js';
import { LocalizeController } from '../lib/localize.js';
import { defineParts, exportparts, PartsController } from '../lib/parts.js';
import { StoreController } from '../lib/store-controller.js';
import type { FileTerms } from './files.en.js';
import { fileTerms } from './files.i18n.js';
import { adoptFileStyles } from './load.js';
import { lightboxImages, type LightboxImage } from './lightbox-images.js';
import { messageFilesStyles, renderAttachments } from './message-files.view.js';
import { PendingFiles } from './pending-files.js';
import { pendingStyles, renderPending } from './pending-files.view.js';
import '../emoji/emoji-button.js';

// The consultant's nested elements, which these files render (lib/parts.ts): its own parts the page
// reaches directly.
defineParts('chat-consultant', '', ['chat-emoji-button', 'chat-lightbox', 'chat-audio-player']);

interface Host extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** Made when the window opens: files come after that. */
  client: ChatClientBase | undefined;
}

/**
 * The shop consultant's files (S-DLG-9, S-DLG-5), made when its window first opens (a chunk the
 * launcher never downloads): the paperclip, drops and pastes, the files being sent, the files of
 * messages, and the lightbox for the conversation's images.
 */
export class ConsultantFiles implements ReactiveController {
  readonly pending: PendingFiles;
  readonly #l10n: LocalizeController<TermsOf<FileTerms>>;
  #lightbox: { images: LightboxImage[]; index: number } | null = null;

  constructor(private readonly host: Host) {
    host.addController(this);
    // The consultant renders again when an element these files show brings its parts (lib/parts.ts).
    new PartsController(host, 'chat-consultant');
    this.pending = new PendingFiles(host, () => host.client);
    this.#l10n = new LocalizeController(host, fileTerms);
    // File URLs carry the file token: a new one re-renders the messages.
    new StoreController(host, (s) => s.fileToken);
    adoptFileStyles(host.renderRoot as ShadowRoot, [pendingStyles, messageFilesStyles]);
    // Files dropped anywhere on the window, or pasted into its field (paste events cross the shadow root).
    host.addEventListener('dragover', this.onDragOver);
    host.addEventListener('drop', this.onDrop);
    host.addEventListener('paste', this.onPaste);
  }

  hostConnected(): void {}

  /** Whether the visitor's channel carries files (its capabilities in `welcome.channels`). */
  get accepts(): boolean {
    const caps = ownChannelCapabilities(this.host.client?.state.channels);
    return caps.connected && (caps.image || caps.file || caps.audio);
  }

  /** Attaches files (refused whole past 20 MB or 10 files); false when refused or not carried. */
  add(files: Iterable<Blob>): boolean {
    return this.accepts && this.pending.add(files);
  }

  #url = (id: number, variant?: 'content' | 'thumb') => (this.host.client && filesOf(this.host.client).url(id, variant));

  readonly onDragOver = (e: DragEvent): void => {
    if (this.accepts && e.dataTransfer?.types.includes('Files')) e.preventDefault();
  };

  readonly onDrop = (e: DragEvent): void => {
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length && this.add(files)) e.preventDefault();
  };

  readonly onPaste = (e: ClipboardEvent): void => {
    const files = [...(e.clipboardData?.files ?? [])];
    if (files.length && this.add(files)) e.preventDefault();
  };

  /** S-DLG-10: the chosen emoji goes into the field where its caret is. */
  readonly #onEmoji = (e: CustomEvent<{ emoji: string }>): void => {
    const field = this.host.renderRoot.querySelector<HTMLTextAreaElement>('textarea');
    if (!field) return;
    const start = field.selectionStart ?? field.value.length;
    field.setRangeText(e.detail.emoji, start, field.selectionEnd ?? start, 'end');
    // As if typed: the consultant keeps the draft from the field's input event.
    field.dispatchEvent(new Event('input', { bubbles: true }));
    field.focus();
  };

  /** The files being sent, the paperclip and the emoji button, for the form (and the lightbox, a modal in the top layer, while open). */
  renderForm() {
    const t = this.#l10n.table();
    if (!t) return nothing;
    return html`${this.renderLightbox()}${renderPending(this.pending, t)}
      ${this.accepts
        ? html`<button part="attach-button" type="button" aria-label=${t.attach} title=${t.attach} @click=${() => this.host.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click()}>
              ${icon(clipPath)}
            </button>
            <input
              type="file"
              multiple
              hidden
              tabindex="-1"
              aria-hidden="true"
              @change=${(e: Event) => {
                const input = e.target as HTMLInputElement;
                this.add([...(input.files ?? [])]);
                input.value = '';
              }}
            />`
        : nothing}
      <chat-emoji-button part="emoji-button" exportparts=${exportparts('chat-emoji-button')} .user=${this.host.client?.state.me?.id ?? ''} @chat-emoji-pick=${this.#onEmoji}></chat-emoji-button>`;
  }

  /** A message's files (or a pending send's); nothing for none. */
  renderFiles(files: readonly Attachment[] | undefined) {
    if (!files?.length) return nothing;
    return renderAttachments(files, this.#url, this.#l10n.table(), nothing, (id) => void this.#open(id));
  }

  renderLightbox() {
    const box = this.#lightbox;
    if (!box) return nothing;
    return html`<chat-lightbox
      part="lightbox"
      exportparts=${exportparts('chat-lightbox')}
      open
      .images=${box.images}
      .index=${box.index}
      @chat-lightbox-index=${(e: CustomEvent<{ index: number }>) => {
        this.#lightbox = { ...box, index: e.detail.index };
        this.host.requestUpdate();
      }}
      @chat-lightbox-close=${() => {
        this.#lightbox = null;
        this.host.requestUpdate();
      }}
    ></chat-lightbox>`;
  }

  /** S-DLG-5: the conversation's images in the lightbox (its own chunk), from the one activated. */
  async #open(fileId: number): Promise<void> {
    const state = this.host.client?.state;
    // The visitor's conversation: the most recently active one, as the consultant shows it.
    const id = state?.conversationOrder[0];
    const images = lightboxImages((id !== undefined && state?.threads[id]?.messages) || [], this.#url);
    const index = images.findIndex((i) => i.fileId === fileId);
    if (index < 0) return;
    await import('../lightbox/lightbox.js');
    this.#lightbox = { images, index };
    this.host.requestUpdate();
  }
}
