// The CRM-side bundle (dist/bundles/chat-panel.js): the panel and the elements a CRM page starts with.
import { loadConversationView, prefetchConversationView } from './lib/conversation-view.js';

export * from './panel/panel.js';
export * from './conversation-list/conversation-list.js';
// <chat-thread>, <chat-message>, <chat-composer> and <chat-emoji-button> are a chunk of their own
// (`loadConversationView`), fetched with a panel's first conversation. A page whose own markup has
// them gets them at once; one that renders them later calls `loadConversationView()`.
// <chat-conversation-filters> loads on demand when the list's filter button is first pressed.
// <chat-internal-list> and its picker load on demand when the panel's «Colleagues» tab is first chosen.
// <chat-conversation-menu> loads with the first customer conversation the panel shows.
export * from './unread-badge/unread-badge.js';
export { clientContext } from './lib/context.js';
export { loadConversationView };
export { ChatClient } from '@chatdesk/client';
// Their types (and their tags in HTMLElementTagNameMap) stay with this entry: erased at run time.
export type * from './thread/thread.js';
export type * from './message/message.js';
export type * from './composer/composer.js';

if (document.querySelector('chat-thread, chat-message, chat-composer, chat-emoji-button')) prefetchConversationView();
