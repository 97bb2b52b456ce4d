import { ChatComposer } from './composer.component.js';

export * from './composer.component.js';

customElements.define('chat-composer', ChatComposer);

declare global {
  interface HTMLElementTagNameMap {
    'chat-composer': ChatComposer;
  }
}
