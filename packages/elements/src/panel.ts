// The CRM-side bundle (dist/bundles/chat-panel.js): the panel and every element a CRM page uses.
export * from './panel/panel.js';
export * from './conversation-list/conversation-list.js';
export * from './conversation-filters/conversation-filters.js';
export * from './conversation-menu/conversation-menu.js';
export * from './thread/thread.js';
export * from './message/message.js';
export * from './composer/composer.js';
export * from './unread-badge/unread-badge.js';
export { clientContext } from './lib/context.js';
export { ChatClient } from '@chatdesk/client';
