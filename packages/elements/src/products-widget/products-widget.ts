import { ChatProductsWidget, type ChatProductsPickDetail } from './products-widget.component.js';

export * from './products-widget.component.js';

if (!customElements.get('chat-products-widget')) customElements.define('chat-products-widget', ChatProductsWidget);

declare global {
  interface HTMLElementTagNameMap {
    'chat-products-widget': ChatProductsWidget;
  }
  interface GlobalEventHandlersEventMap {
    'chat-products-add': CustomEvent<ChatProductsPickDetail>;
    'chat-products-send': CustomEvent<ChatProductsPickDetail>;
  }
}
