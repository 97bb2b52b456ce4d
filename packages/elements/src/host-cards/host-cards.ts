import { ChatCustomerConversations } from './customer-conversations.component.js';
import { ChatOrderConversations } from './order-conversations.component.js';

export * from './customer-conversations.component.js';
export * from './order-conversations.component.js';
export type { ChatConversationOpenDetail } from '../lib/open-in-panel.js';

if (!customElements.get('chat-customer-conversations')) customElements.define('chat-customer-conversations', ChatCustomerConversations);
if (!customElements.get('chat-order-conversations')) customElements.define('chat-order-conversations', ChatOrderConversations);

declare global {
  interface HTMLElementTagNameMap {
    'chat-customer-conversations': ChatCustomerConversations;
    'chat-order-conversations': ChatOrderConversations;
  }
}
