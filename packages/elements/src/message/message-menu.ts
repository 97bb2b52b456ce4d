import { ChatMessageMenu } from './message-menu.component.js';

export * from './message-menu.component.js';

// Loaded on demand, possibly by two bundles of these elements on one page: define once.
if (!customElements.get('chat-message-menu')) customElements.define('chat-message-menu', ChatMessageMenu);

declare global {
  interface HTMLElementTagNameMap {
    'chat-message-menu': ChatMessageMenu;
  }
}
