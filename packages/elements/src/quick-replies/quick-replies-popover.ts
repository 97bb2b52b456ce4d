import { ChatQuickRepliesPopover } from './quick-replies-popover.component.js';

export * from './quick-replies-popover.component.js';

// Internal to <chat-quick-replies>, which loads this module on its first opening. A lazy chunk may
// be loaded by two bundles of these elements on one page: the first defines it.
if (!customElements.get('chat-quick-replies-popover')) customElements.define('chat-quick-replies-popover', ChatQuickRepliesPopover);

declare global {
  interface HTMLElementTagNameMap {
    'chat-quick-replies-popover': ChatQuickRepliesPopover;
  }
}
