// Everything, registered: for apps that bundle the elements themselves.
export * from './panel/panel.js';
export * from './conversation-list/conversation-list.js';
export * from './conversation-filters/conversation-filters.js';
export * from './conversation-menu/conversation-menu.js';
export * from './internal-list/internal-list.js';
export * from './internal-list/internal-picker.js';
export * from './thread/thread.js';
export * from './message/message.js';
export * from './composer/composer.js';
export * from './unread-badge/unread-badge.js';
export * from './consultant/consultant.js';
export { clientContext } from './lib/context.js';
export { StoreController, type ClientHost } from './lib/store-controller.js';
export { LocalizeController, resolveLang, type Lang } from './lib/localize.js';
export { sharedClient, shareClient, unshareClient, type ChatClientChangeDetail } from './lib/shared-client.js';
export type { ChatOpenChangeDetail } from './lib/events.js';
export { webSocketUrl } from './lib/url.js';
export { ChatClient } from '@chatdesk/client';
