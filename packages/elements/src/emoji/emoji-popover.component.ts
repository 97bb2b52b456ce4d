import { html, LitElement } from 'lit';
import { LocalizeController } from '../lib/localize.js';
import { tokens } from '../lib/theme.js';
import { createPicker, type Picker } from './emoji-picker.js';
import { popoverTerms } from './emoji-popover.i18n.js';
import styles from './emoji-popover.styles.js';

/** Detail of the popover's `close` event. */
export interface EmojiPopoverCloseDetail {
  /** Whether focus should go back to the button (Escape), or stay where the user put it. */
  returnFocus: boolean;
}

/** Space between the anchor and the popover, and between the popover and the viewport's edges. */
const GAP = 4;
const MARGIN = 8;

/**
 * @summary The popover of `<chat-emoji-button>` (S-DLG-10), internal: the button renders it while
 * open, and it comes in the button's lazy chunk with the picker (emoji-picker-element).
 *
 * A manual popover in the top layer, placed against its `anchor` (the button): above it when there
 * is room, else below, kept inside the viewport, and placed again when the viewport scrolls or
 * resizes or the popover changes size. It holds a new `<emoji-picker>` at each opening (the picker
 * reads the recent emoji when it starts), in the language of the popover, and puts focus into its
 * search field. It decides nothing: it reports a choice (`pick`) and a wish to close (`close`:
 * Escape, a press outside, focus leaving by Tab) to the button, which closes it.
 *
 * @event {string} pick - An emoji was chosen (the detail), in the chosen skin tone. Not composed.
 * @event {{ returnFocus: boolean }} close - Escape (`returnFocus`), a press outside or focus leaving.
 */
export class ChatEmojiPopover extends LitElement {
  static override styles = [tokens, styles];

  static override properties = {
    anchor: { attribute: false },
    dataSource: { attribute: false },
    user: { attribute: false },
  };

  readonly #l10n = new LocalizeController(this, popoverTerms);

  /** The element to place the popover against; presses on it are not "outside". */
  declare anchor: HTMLElement | undefined;

  /** The data's URL; empty for the file shipped with the bundles. */
  declare dataSource: string;

  /** Whose recent emoji to show and keep; empty for one set per browser profile. */
  declare user: string;

  #picker: Picker | undefined;

  #resizeObserver: ResizeObserver | undefined;

  constructor() {
    super();
    this.dataSource = this.user = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute('role', 'dialog');
    if ('showPopover' in this) {
      this.popover = 'manual';
      this.showPopover();
    }
    this.addEventListener('keydown', this.#onKeydown);
    this.addEventListener('focusout', this.#onFocusOut);
    this.ownerDocument.addEventListener('pointerdown', this.#onOutsidePointer, true);
    addEventListener('resize', this.#place);
    addEventListener('scroll', this.#place, { capture: true, passive: true });
    this.#resizeObserver = new ResizeObserver(this.#place);
    this.#resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Out of the document, the popover is hidden and the picker closes its database.
    this.removeEventListener('keydown', this.#onKeydown);
    this.removeEventListener('focusout', this.#onFocusOut);
    this.ownerDocument.removeEventListener('pointerdown', this.#onOutsidePointer, true);
    removeEventListener('resize', this.#place);
    removeEventListener('scroll', this.#place, { capture: true });
    this.#resizeObserver?.disconnect();
  }

  protected override firstUpdated(): void {
    // The picker draws its search field as it connects (in the render just done): focus it.
    this.#picker?.shadowRoot?.querySelector<HTMLElement>('input[type="search"]')?.focus();
    this.#place();
  }

  /** The picker, made once the language is known (at the first render) and kept for this opening. */
  #pickerElement(): Picker {
    if (this.#picker) return this.#picker;
    const picker = createPicker({ lang: this.#l10n.lang(), dataSource: this.dataSource, user: this.user });
    picker.classList.add('light'); // our theme's colours (the page sets --chat-*), not the OS's dark mode
    picker.addEventListener('emoji-click', (e) => {
      e.stopPropagation(); // the picker's events are composed; the page hears chat-emoji-pick instead
      const { detail } = e;
      const emoji = detail.unicode ?? ('unicode' in detail.emoji ? detail.emoji.unicode : undefined);
      if (emoji) this.dispatchEvent(new CustomEvent('pick', { detail: emoji }));
    });
    picker.addEventListener('emoji-click-sync', stop);
    picker.addEventListener('skin-tone-change', stop);
    return (this.#picker = picker);
  }

  #close(returnFocus: boolean): void {
    this.dispatchEvent(new CustomEvent<EmojiPopoverCloseDetail>('close', { detail: { returnFocus } }));
  }

  readonly #onKeydown = (e: KeyboardEvent): void => {
    // The picker's skin tone list takes its own Escape (and prevents its default).
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    e.preventDefault();
    e.stopPropagation(); // a popup panel around the button closes on Escape too: one key, one thing
    this.#close(true);
  };

  readonly #onFocusOut = (e: FocusEvent): void => {
    // Focus went elsewhere (Tab out of the picker, Shift+Tab back to the button). A click on a spot
    // inside that takes no focus leaves relatedTarget null: that keeps it open.
    const to = e.relatedTarget as Node | null;
    if (to && !this.contains(to) && !this.renderRoot.contains(to)) this.#close(false);
  };

  /** A press outside the popover and its button closes it; focus stays where the press put it. */
  readonly #onOutsidePointer = (e: Event): void => {
    const path = e.composedPath();
    if (!path.includes(this) && !(this.anchor && path.includes(this.anchor))) this.#close(false);
  };

  /**
   * Against the viewport: above the anchor (a composer sits at the bottom), or below it when there
   * is no room above; aligned with its start edge; inside the viewport.
   */
  readonly #place = (): void => {
    const a = (this.anchor ?? this).getBoundingClientRect();
    const { width, height } = this.getBoundingClientRect();
    const vw = document.documentElement.clientWidth;
    const vh = innerHeight;
    let top = a.top - GAP - height;
    if (top < MARGIN && a.bottom + GAP + height <= vh - MARGIN) top = a.bottom + GAP;
    top = Math.max(MARGIN, Math.min(top, vh - MARGIN - height));
    const rtl = getComputedStyle(this).direction === 'rtl';
    const left = Math.max(MARGIN, Math.min(rtl ? a.right - width : a.left, vw - MARGIN - width));
    this.style.top = `${Math.round(top)}px`;
    this.style.left = `${Math.round(left)}px`;
  };

  override render() {
    this.setAttribute('aria-label', this.#l10n.term('picker'));
    return html`${this.#pickerElement()}`;
  }
}

function stop(e: Event): void {
  e.stopPropagation();
}
