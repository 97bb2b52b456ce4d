import { ChatQuickReplyDialog } from './quick-reply-dialog.component.js';

export * from './quick-reply-dialog.component.js';

// Internal to <chat-quick-replies-popover>, which loads this module when an editor opens it. A
// lazy chunk may be loaded by two bundles of these elements on one page: the first defines it.
if (!customElements.get('chat-quick-reply-dialog')) customElements.define('chat-quick-reply-dialog', ChatQuickReplyDialog);

declare global {
  interface HTMLElementTagNameMap {
    'chat-quick-reply-dialog': ChatQuickReplyDialog;
  }
}
