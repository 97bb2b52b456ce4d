import { ChatUnreadBadge } from './unread-badge.component.js';

export * from './unread-badge.component.js';

customElements.define('chat-unread-badge', ChatUnreadBadge);

declare global {
  interface HTMLElementTagNameMap {
    'chat-unread-badge': ChatUnreadBadge;
  }
}
