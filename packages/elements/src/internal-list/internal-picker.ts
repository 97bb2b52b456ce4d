import { ChatInternalPicker } from './internal-picker.component.js';

export * from './internal-picker.component.js';

if (!customElements.get('chat-internal-picker')) customElements.define('chat-internal-picker', ChatInternalPicker);

declare global {
  interface HTMLElementTagNameMap {
    'chat-internal-picker': ChatInternalPicker;
  }
}
