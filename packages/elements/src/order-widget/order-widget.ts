import { ChatOrderWidget, type ChatOrderPlacedDetail } from './order-widget.component.js';

export * from './order-widget.component.js';

// A lazy chunk may be loaded by two bundles of these elements on one page: the first defines it.
if (!customElements.get('chat-order-widget')) customElements.define('chat-order-widget', ChatOrderWidget);

declare global {
  interface HTMLElementTagNameMap {
    'chat-order-widget': ChatOrderWidget;
  }
  interface GlobalEventHandlersEventMap {
    'chat-order-placed': CustomEvent<ChatOrderPlacedDetail>;
  }
}
