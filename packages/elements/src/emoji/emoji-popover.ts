import { ChatEmojiPopover } from './emoji-popover.component.js';

export * from './emoji-popover.component.js';

// Internal to <chat-emoji-button>, which loads this module on its first opening.
customElements.define('chat-emoji-popover', ChatEmojiPopover);

declare global {
  interface HTMLElementTagNameMap {
    'chat-emoji-popover': ChatEmojiPopover;
  }
}
