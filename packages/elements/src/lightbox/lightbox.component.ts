import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ChatElement } from '../lib/chat-element.js';
import { emit } from '../lib/events.js';
import { closePath, icon } from '../lib/icons.js';
import { LocalizeController } from '../lib/localize.js';
import { tokens } from '../lib/theme.js';
import { defineParts } from '../lib/parts.js';
import { lightboxTerms } from './lightbox.i18n.js';
import styles from './lightbox.styles.js';

// Its parts as the elements around it export them (lib/parts.ts): the `@csspart` tags below.
defineParts('chat-lightbox', 'dialog image caption prev next close download');

/** Chevrons (mirrored in right-to-left text) and an arrow into a tray; the viewer's alone. */
const previousPath = 'm15 18-6-6 6-6';
const nextPath = 'm9 6 6 6-6 6';
const downloadPath = 'M12 4v11m-5-5 5 5 5-5M5 20h14';

/** One image of the viewer. */
export interface LightboxImage {
  /** The full image (`<server>/api/files/{id}?t=<file token>`). */
  src: string;
  /** Its thumbnail (`…/{id}/thumb?t=…`), shown scaled up while the full image loads. */
  thumb?: string;
  /** The file's name: the image's `alt`, the caption, the download's suggested name. */
  name: string;
  /** Pixels: with `height`, the image's box is reserved (and its aspect ratio kept) before it loads. */
  width?: number;
  height?: number;
  /** Where Download points (default `src`): a URL that makes the server say "attachment" (`…&download=1`), since `download` does nothing across origins. */
  download?: string;
}

/** Detail of `chat-lightbox-index` and `chat-lightbox-close`. */
export interface ChatLightboxIndexDetail {
  /** The image shown (0-based). */
  index: number;
}

/** The focused element, looking into (open) shadow roots: what focus goes back to on close. */
function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
}

const positive = (n: number | undefined): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0;

/**
 * @summary A modal viewer of a conversation's images (S-DLG-5). A leaf: it takes plain
 * properties and never reads the store.
 *
 * A native `<dialog>` shown with `showModal()` over the whole viewport: the browser keeps focus
 * inside it and makes the page behind it inert; Escape closes it (and only it: the key goes no
 * further), as do the Close button and a click beside the image. Focus starts on Close and goes
 * back, on close, to the element that had it when the viewer opened (inside shadow roots too).
 *
 * The image fits the viewport keeping its aspect ratio; with `width` and `height` its box is
 * sized before it loads (no jump), and the thumbnail, if any, fills it meanwhile. Below it: the
 * file's name (rendered as text, bidi-isolated) and "2 / 5" («2 из 5»), a polite live region, so
 * moving on is announced. Previous / Next (disabled at the ends), ← / → (mirrored in right-to-left
 * text), Home / End move between the images; a Download link (`<a href download>`) saves the one
 * shown. An `index` outside `images` shows the nearest end.
 *
 * @attr index - The image shown (0-based); Previous / Next / the keys change it.
 * @attr open - Present while the viewer is open: set it to open the viewer, remove it to close it.
 *
 * @csspart dialog - The `<dialog>`, covering the viewport (its background is the backdrop).
 * @csspart image - The `<img>`.
 * @csspart caption - The name and the position ("2 / 5").
 * @csspart prev - The Previous button.
 * @csspart next - The Next button.
 * @csspart close - The Close button.
 * @csspart download - The Download link.
 *
 * @cssproperty --chat-lightbox-backdrop - What covers the page behind the image (dark in either theme).
 * @cssproperty --chat-lightbox-text - Colour of the caption and the buttons.
 * @cssproperty --chat-lightbox-button-bg - Background of the buttons and the link.
 * @cssproperty --chat-lightbox-button-hover-bg - Background of a hovered button.
 *
 * @event {{ index: number }} chat-lightbox-index - Previous, Next or a key showed another image.
 * @event {{ index: number }} chat-lightbox-close - The user closed the viewer (Close, Escape, a
 * click beside the image); `open` is already false. Not sent when `open` is set to false or the
 * element leaves the document (which closes it too).
 */
export class ChatLightbox extends ChatElement {
  static override styles = [tokens, styles];

  readonly #l10n = new LocalizeController(this, lightboxTerms);

  /** The images to page through, in order. */
  @property({ attribute: false }) accessor images: readonly LightboxImage[] = [];

  /** The image shown (0-based). */
  @property({ type: Number }) accessor index = 0;

  /** Whether the viewer is open. */
  @property({ type: Boolean, reflect: true }) accessor open = false;

  /** The full image that has loaded, so the thumbnail behind it goes (a transparent PNG shows it). */
  @state() private accessor loaded = '';

  #returnFocus: HTMLElement | null = null;

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  /** `index`, within `images`. */
  get #at(): number {
    const last = this.images.length - 1;
    return Math.max(0, Math.min(Number.isFinite(this.index) ? Math.trunc(this.index) : 0, last));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A modal dialog taken out of the document leaves the top layer without a close event, and
    // would come back non-modal: the viewer closes instead (the host did it, so no event).
    if (this.#dialog?.open) {
      this.open = false;
      this.#dialog.close();
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    const dialog = this.#dialog;
    if (!dialog) return;
    if (this.open && !dialog.matches(':modal')) {
      this.#returnFocus = deepActiveElement();
      dialog.showModal();
    } else if (!this.open && dialog.open) {
      dialog.close();
    }
  }

  /** Shows image `to` (clamped), as Previous / Next / the keys do. */
  #go(to: number): void {
    const index = Math.max(0, Math.min(to, this.images.length - 1));
    if (index === this.#at) return;
    this.index = index;
    emit<ChatLightboxIndexDetail>(this, 'chat-lightbox-index', { index });
    void this.updateComplete.then(() => {
      // At an end the button just pressed is disabled, and a disabled button drops focus: on to
      // the other one.
      const root = this.renderRoot as ShadowRoot;
      const focused = root.activeElement as HTMLButtonElement | null;
      if (focused?.disabled) root.querySelector<HTMLElement>(`[part~="${focused.getAttribute('part') === 'prev' ? 'next' : 'prev'}"]`)?.focus();
    });
  }

  #onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      // The dialog's own Escape (its default action) closes it; nothing around it hears the key.
      e.stopPropagation();
      return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const rtl = getComputedStyle(e.currentTarget as Element).direction === 'rtl';
    const at = this.#at;
    let to: number;
    if (e.key === 'ArrowLeft') to = rtl ? at + 1 : at - 1;
    else if (e.key === 'ArrowRight') to = rtl ? at - 1 : at + 1;
    else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = this.images.length - 1;
    else return;
    e.preventDefault();
    e.stopPropagation();
    this.#go(to);
  }

  #onClick(e: MouseEvent): void {
    // Beside the image: the dialog (it covers the viewport) or the stage around the image.
    const target = e.target as Element;
    if (target === e.currentTarget || target.classList.contains('stage')) this.#dialog?.close();
  }

  #onClose(): void {
    // The close event is queued: a viewer opened again since then stays.
    if (this.#dialog?.open) return;
    const byUser = this.open;
    this.open = false;
    const back = this.#returnFocus;
    this.#returnFocus = null;
    if (back?.isConnected) back.focus();
    if (byUser) emit<ChatLightboxIndexDetail>(this, 'chat-lightbox-close', { index: this.#at });
  }

  #renderImage(image: LightboxImage) {
    const sized = positive(image.width) && positive(image.height);
    const style: Record<string, string> = sized ? { '--w': String(image.width), '--h': String(image.height) } : {};
    // The thumbnail as a placeholder; escaped, so no URL can end the CSS string.
    if (image.thumb && this.loaded !== image.src) style['background-image'] = `url("${CSS.escape(image.thumb)}")`;
    // `.style` (the CSSOM), not a style attribute, which a page's CSP without 'unsafe-inline' refuses.
    return html`<img
      part="image"
      class=${sized ? 'sized' : ''}
      src=${image.src}
      alt=${image.name}
      width=${sized ? image.width! : nothing}
      height=${sized ? image.height! : nothing}
      .style=${Object.entries(style).map(([k, v]) => `${k}: ${v}`).join('; ')}
      @load=${() => (this.loaded = image.src)}
    />`;
  }

  override render() {
    const t = this.#l10n;
    const n = this.images.length;
    const at = this.#at;
    const image = this.images[at];
    return html`<dialog
      part="dialog"
      aria-label=${t.term('title')}
      @keydown=${this.#onKeydown}
      @click=${this.#onClick}
      @close=${this.#onClose}
    >
      ${image
        ? html`<div class="stage">${this.#renderImage(image)}</div>
            <button part="prev" class="nav" type="button" aria-label=${t.term('previous')} title=${t.term('previous')} ?disabled=${at === 0} @click=${() => this.#go(at - 1)}>
              ${icon(previousPath)}
            </button>
            <button part="next" class="nav" type="button" aria-label=${t.term('next')} title=${t.term('next')} ?disabled=${at >= n - 1} @click=${() => this.#go(at + 1)}>
              ${icon(nextPath)}
            </button>
            <div class="bar">
              <p part="caption" aria-live="polite"><bdi class="name">${image.name}</bdi> <span class="count">${t.term('position', at + 1, n)}</span></p>
              <a part="download" href=${image.download ?? image.src} download=${image.name} aria-label=${t.term('download')} title=${t.term('download')}>${icon(downloadPath)}</a>
              <button part="close" type="button" autofocus aria-label=${t.term('close')} title=${t.term('close')} @click=${() => this.#dialog?.close()}>
                ${icon(closePath)}
              </button>
            </div>`
        : html`<div class="bar">
            <button part="close" type="button" autofocus aria-label=${t.term('close')} title=${t.term('close')} @click=${() => this.#dialog?.close()}>
              ${icon(closePath)}
            </button>
          </div>`}
    </dialog>`;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-lightbox-index': CustomEvent<ChatLightboxIndexDetail>;
    'chat-lightbox-close': CustomEvent<ChatLightboxIndexDetail>;
  }
}
