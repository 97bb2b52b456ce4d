import { ChatThread } from './thread.component.js';

export * from './thread.component.js';

customElements.define('chat-thread', ChatThread);

declare global {
  interface HTMLElementTagNameMap {
    'chat-thread': ChatThread;
  }
}
