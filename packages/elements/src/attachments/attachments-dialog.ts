import { ChatAttachmentsDialog } from './attachments-dialog.component.js';

export * from './attachments-dialog.component.js';

customElements.define('chat-attachments-dialog', ChatAttachmentsDialog);

declare global {
  interface HTMLElementTagNameMap {
    'chat-attachments-dialog': ChatAttachmentsDialog;
  }
}
