import { ChatCustomerWidget, type ChatCustomerChangeDetail } from './customer-widget.component.js';

export * from './customer-widget.component.js';

// A lazy chunk that a page may load twice (the panel's and a card's): the first one registers it.
if (!customElements.get('chat-customer-widget')) customElements.define('chat-customer-widget', ChatCustomerWidget);

declare global {
  interface HTMLElementTagNameMap {
    'chat-customer-widget': ChatCustomerWidget;
  }
  interface GlobalEventHandlersEventMap {
    'chat-customer-change': CustomEvent<ChatCustomerChangeDetail>;
  }
}
