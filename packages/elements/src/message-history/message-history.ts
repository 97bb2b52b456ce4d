import { ChatMessageHistory } from './message-history.component.js';

export * from './message-history.component.js';

customElements.define('chat-message-history', ChatMessageHistory);

declare global {
  interface HTMLElementTagNameMap {
    'chat-message-history': ChatMessageHistory;
  }
}
