import { ChatConversationList } from './conversation-list.component.js';

export * from './conversation-list.component.js';

customElements.define('chat-conversation-list', ChatConversationList);

declare global {
  interface HTMLElementTagNameMap {
    'chat-conversation-list': ChatConversationList;
  }
}
