import { ChatPanel } from './panel.component.js';

export * from './panel.component.js';

customElements.define('chat-panel', ChatPanel);

declare global {
  interface HTMLElementTagNameMap {
    'chat-panel': ChatPanel;
  }
}
