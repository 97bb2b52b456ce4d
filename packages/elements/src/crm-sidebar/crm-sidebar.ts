import { ChatCrmSidebar } from './crm-sidebar.component.js';

export * from './crm-sidebar.component.js';

if (!customElements.get('chat-crm-sidebar')) customElements.define('chat-crm-sidebar', ChatCrmSidebar);

declare global {
  interface HTMLElementTagNameMap {
    'chat-crm-sidebar': ChatCrmSidebar;
  }
}
