// The CRM-side bundle (dist/bundles/chat-panel.js): the panel and every element a CRM page uses.
export * from './panel/panel.js';
export * from './conversation-list/conversation-list.js';
// <chat-conversation-filters> loads on demand when the list's filter button is first pressed.
// <chat-internal-list> and its picker load on demand when the panel's «Colleagues» tab is first chosen.
// <chat-conversation-menu> loads with the first customer conversation the panel shows.
export * from './thread/thread.js';
export * from './message/message.js';
export * from './composer/composer.js';
export * from './unread-badge/unread-badge.js';
export { clientContext } from './lib/context.js';
export { ChatClient } from '@chatdesk/client';
