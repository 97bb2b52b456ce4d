import { html } from 'lit';
import { emit } from '../lib/events.js';
import { LocalizeController } from '../lib/localize.js';
import { PopoverButton, popoverButtonStyles } from '../lib/popover-button.js';
import { tokens } from '../lib/theme.js';
import { defineParts } from '../lib/parts.js';
import { emojiTerms } from './emoji-button.i18n.js';
import type { EmojiPopoverCloseDetail } from './emoji-popover.component.js';
import styles from './emoji-button.styles.js';

// Its parts as the elements around it export them (lib/parts.ts): the `@csspart` tags below.
defineParts('chat-emoji-button', 'button popover');

/** Detail of `chat-emoji-pick`. */
export interface ChatEmojiPickDetail {
  /** The chosen emoji, in the chosen skin tone. */
  emoji: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-emoji-pick': CustomEvent<ChatEmojiPickDetail>;
  }
}

/** A smiling face (here rather than in lib/icons.ts: only this button draws it). */
const smilePath = 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18ZM8 14a5 5 0 0 0 8 0M9 9.5h0m6 0h0';

/**
 * @summary An emoji button for a composer (S-DLG-10): it opens a popover with an emoji picker, and
 * choosing an emoji reports it for the composer to insert.
 *
 * Only the button is in the bundle that uses it. The popover (`<chat-emoji-popover>`), the picker
 * (emoji-picker-element, a kept web component) and its words load on the first opening, as a lazy
 * chunk; the picker's data is a file beside the bundles (`/bundles/emoji/data.json`, built from
 * emoji-picker-element-data), fetched from the bundles' own origin, never from a CDN. Every emoji
 * carries its Russian and English names, so a search in either language finds it. The picker's
 * words follow the element's language.
 *
 * The picker keeps the most used emoji (its first row), the skin tone and the data in IndexedDB,
 * per browser profile; set `user` to keep the recent emoji per user on a shared profile.
 *
 * Keyboard: Enter or Space on the button opens the picker with focus in its search field; type to
 * search (the arrows pick a result, Enter chooses it), Tab reaches the categories and the grid
 * (the arrows move, Enter chooses). Choosing closes the picker, and so does Escape; focus returns
 * to the button either way (before `chat-emoji-pick`, so a composer may then take it back). A
 * click outside closes it too, and so does Tab out of it. Escape stops at the picker: a popup
 * around the button stays open.
 *
 * The popover is a manual popover (the browser's top layer): no transform, clipping or z-index of
 * the host page hides it. It is placed above the button when there is room, else below.
 *
 * @csspart button - The button.
 * @csspart popover - The popover around the picker (`<chat-emoji-popover>`).
 *
 * @cssproperty --chat-emoji-button-color - Colour of the button's icon.
 * @cssproperty --chat-emoji-button-size - Width and height of the button.
 * @cssproperty --chat-emoji-picker-bg - Background of the picker (default: `--chat-surface`).
 * @cssproperty --chat-emoji-picker-border - Colour of the picker's borders (default: `--chat-border`).
 * @cssproperty --chat-emoji-picker-height - Height of the picker (default 22rem).
 * @cssproperty --chat-emoji-picker-columns - Emoji per row of the picker's grid (default 8).
 * @cssproperty --chat-emoji-size - Size of each emoji in the picker (default 1.375rem).
 * @cssproperty --chat-emoji-z-index - Stacking order of the popover, in browsers without the
 *   popover API (elsewhere it is in the top layer).
 *
 * @event {{ emoji: string }} chat-emoji-pick - The user chose an emoji (in the chosen skin tone).
 */
export class ChatEmojiButton extends PopoverButton {
  static override styles = [tokens, popoverButtonStyles, styles];

  // `static properties` rather than decorators (lib/popover-button.ts says why); open and disabled are the base's.
  static override properties = {
    dataSource: { attribute: 'data-source' },
    user: {},
  };

  readonly #l10n = new LocalizeController(this, emojiTerms);

  /**
   * The URL of the emoji data. Empty: the file shipped with the bundles, next to the bundle that
   * loaded this element. Set it when the elements are bundled by the app itself or run from
   * source (tests), e.g. to the chat server's `…/bundles/emoji/data.json`.
   */
  declare dataSource: string;

  /**
   * Whose recent emoji to remember and show (any stable id, such as the user's id). Empty: one
   * set for everyone on this browser profile.
   */
  declare user: string;

  constructor() {
    super();
    this.dataSource = this.user = '';
  }

  protected label(): string {
    return this.#l10n.term('emoji');
  }

  protected iconPath(): string {
    return smilePath;
  }

  protected loadPopover(): Promise<unknown> {
    return import('./emoji-popover.js');
  }

  #onPick(e: CustomEvent<string>): void {
    // Focus first, the event second: a composer that inserts the emoji may then take focus back.
    this.hide();
    emit<ChatEmojiPickDetail>(this, 'chat-emoji-pick', { emoji: e.detail });
  }

  protected renderPopover() {
    return html`<chat-emoji-popover
      part="popover"
      .anchor=${this}
      .dataSource=${this.dataSource}
      .user=${this.user}
      @pick=${this.#onPick}
      @close=${(e: CustomEvent<EmojiPopoverCloseDetail>) => this.hide(e.detail.returnFocus)}
    ></chat-emoji-popover>`;
  }
}
