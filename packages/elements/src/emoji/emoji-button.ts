import { ChatEmojiButton } from './emoji-button.component.js';

export * from './emoji-button.component.js';

customElements.define('chat-emoji-button', ChatEmojiButton);

declare global {
  interface HTMLElementTagNameMap {
    'chat-emoji-button': ChatEmojiButton;
  }
}
