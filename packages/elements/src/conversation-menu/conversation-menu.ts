import { ChatConversationMenu } from './conversation-menu.component.js';

export * from './conversation-menu.component.js';

customElements.define('chat-conversation-menu', ChatConversationMenu);

declare global {
  interface HTMLElementTagNameMap {
    'chat-conversation-menu': ChatConversationMenu;
  }
}
