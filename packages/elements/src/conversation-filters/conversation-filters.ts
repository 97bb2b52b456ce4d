import { ChatConversationFilters } from './conversation-filters.component.js';

export * from './conversation-filters.component.js';

customElements.define('chat-conversation-filters', ChatConversationFilters);

declare global {
  interface HTMLElementTagNameMap {
    'chat-conversation-filters': ChatConversationFilters;
  }
}
