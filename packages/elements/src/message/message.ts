import { ChatMessage } from './message.component.js';

export * from './message.component.js';

customElements.define('chat-message', ChatMessage);

declare global {
  interface HTMLElementTagNameMap {
    'chat-message': ChatMessage;
  }
}
