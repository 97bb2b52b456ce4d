import { ChatInternalList } from './internal-list.component.js';

export * from './internal-list.component.js';

if (!customElements.get('chat-internal-list')) customElements.define('chat-internal-list', ChatInternalList);

declare global {
  interface HTMLElementTagNameMap {
    'chat-internal-list': ChatInternalList;
  }
}
