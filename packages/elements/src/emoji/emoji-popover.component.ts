import { html, LitElement } from 'lit';
import { AnchoredPopover, anchoredPopoverStyles } from '../lib/anchored-popover.js';
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
  static override styles = [tokens, anchoredPopoverStyles, styles];

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

  readonly #popover = new AnchoredPopover(this, {
    anchor: () => this.anchor,
    align: 'start',
    close: (returnFocus) => this.dispatchEvent(new CustomEvent<EmojiPopoverCloseDetail>('close', { detail: { returnFocus } })),
  });

  constructor() {
    super();
    this.dataSource = this.user = '';
  }

  protected override firstUpdated(): void {
    // The picker draws its search field as it connects (in the render just done): focus it.
    this.#picker?.shadowRoot?.querySelector<HTMLElement>('input[type="search"]')?.focus();
    this.#popover.place();
  }

  /** The picker, made once the language is known (at the first render) and kept for this opening. */
  #pickerElement(): Picker {
    if (this.#picker) return this.#picker;
    const picker = createPicker({ lang: this.#l10n.lang(), dataSource: this.dataSource, user: this.user });
    // Our theme's colours (the page sets --chat-*, the styles map them onto the picker's), in our
    // colour scheme (the styles give it the popover's), not the picker's own by the system's.
    picker.classList.add('light');
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

  override render() {
    this.setAttribute('aria-label', this.#l10n.term('picker'));
    return html`${this.#pickerElement()}`;
  }
}

function stop(e: Event): void {
  e.stopPropagation();
}
