import { ChatQuickReplies } from './quick-replies.component.js';

export * from './quick-replies.component.js';

// Two bundles of these elements on one page (the panel's and the cards'): the first defines it.
if (!customElements.get('chat-quick-replies')) customElements.define('chat-quick-replies', ChatQuickReplies);

declare global {
  interface HTMLElementTagNameMap {
    'chat-quick-replies': ChatQuickReplies;
  }
}
