import { ChatSettingsElement, type ChatSettingsSavedDetail } from './settings.component.js';

export * from './settings.component.js';

customElements.define('chat-settings', ChatSettingsElement);

declare global {
  interface HTMLElementTagNameMap {
    'chat-settings': ChatSettingsElement;
  }
  interface GlobalEventHandlersEventMap {
    'chat-settings-saved': CustomEvent<ChatSettingsSavedDetail>;
  }
}
