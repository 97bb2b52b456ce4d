// What a host framework may bind on each element a page uses: the properties it may set and the
// `chat-*` events it may listen to. The React and Vue declarations (react.d.ts, vue.d.ts) are
// built from this one table; test/manifest.test.ts holds it equal to custom-elements.json, so an
// element that gains a property or an event fails there until it is written here. Declarations
// only, copied into dist/ as they are: compiled from a .ts file, the module list below would not
// survive into the .d.ts a host reads.
/**
 * The modules that declare our tags (`HTMLElementTagNameMap`) and events
 * (`GlobalEventHandlersEventMap`), named so that every TypeScript version loads their declarations
 * with this file (a side-effect import in a .d.ts does not load them in TypeScript 5).
 */
export type ChatDeclaringModules = [
  typeof import('../analytics/analytics.js'),
  typeof import('../attachments/attachments-dialog.component.js'),
  typeof import('../attachments/attachments-dialog.js'),
  typeof import('../attachments/message-files.view.js'),
  typeof import('../audio-player/audio-player.component.js'),
  typeof import('../audio-player/audio-player.js'),
  typeof import('../composer/composer.component.js'),
  typeof import('../composer/composer.js'),
  typeof import('../consultant/consultant.js'),
  typeof import('../conversation-filters/conversation-filters.component.js'),
  typeof import('../conversation-filters/conversation-filters.js'),
  typeof import('../conversation-list/conversation-list.component.js'),
  typeof import('../conversation-list/conversation-list.js'),
  typeof import('../conversation-menu/conversation-menu.component.js'),
  typeof import('../conversation-menu/conversation-menu.js'),
  typeof import('../crm-sidebar/crm-sidebar.js'),
  typeof import('../customer-widget/customer-widget.js'),
  typeof import('../emoji/emoji-button.component.js'),
  typeof import('../emoji/emoji-button.js'),
  typeof import('../emoji/emoji-popover.js'),
  typeof import('../host-cards/host-cards.js'),
  typeof import('../internal-list/internal-list.component.js'),
  typeof import('../internal-list/internal-list.js'),
  typeof import('../internal-list/internal-picker.component.js'),
  typeof import('../internal-list/internal-picker.js'),
  typeof import('../lib/events.js'),
  typeof import('../lib/open-in-panel.js'),
  typeof import('../lightbox/lightbox.component.js'),
  typeof import('../lightbox/lightbox.js'),
  typeof import('../message-history/message-history.js'),
  typeof import('../message/message-menu.component.js'),
  typeof import('../message/message-menu.js'),
  typeof import('../message/message.component.js'),
  typeof import('../message/message.js'),
  typeof import('../order-widget/order-widget.js'),
  typeof import('../panel/panel.js'),
  typeof import('../products-widget/products-widget.js'),
  typeof import('../quick-replies/quick-replies-popover.js'),
  typeof import('../quick-replies/quick-replies.component.js'),
  typeof import('../quick-replies/quick-replies.js'),
  typeof import('../quick-replies/quick-reply-dialog.js'),
  typeof import('../settings/settings.js'),
  typeof import('../tasks-widget/tasks-widget.js'),
  typeof import('../thread/thread.js'),
  typeof import('../unread-badge/unread-badge.js'),];

declare interface Binding<T extends keyof HTMLElementTagNameMap, P extends keyof HTMLElementTagNameMap[T], E extends keyof GlobalEventHandlersEventMap> {
  element: HTMLElementTagNameMap[T];
  properties: P;
  events: E;
}

/** A tag of ours that a host page may use. */
export type ChatTag = keyof ChatElementBindings;

/** The properties of `<T>` a framework may set, with their types. */
export type ChatProperties<T extends ChatTag> = {
  [K in ChatElementBindings[T]['properties'] & keyof HTMLElementTagNameMap[T]]?: HTMLElementTagNameMap[T][K];
};

/** The events of `<T>`, by name, with their types. */
export type ChatEvents<T extends ChatTag> = {
  [E in ChatElementBindings[T]['events'] & keyof GlobalEventHandlersEventMap]: GlobalEventHandlersEventMap[E];
};

export interface ChatElementBindings {
  'chat-analytics': Binding<'chat-analytics', 'client' | 'range' | 'from' | 'to' | 'groupBy' | 'series' | 'timeZone' | 'theme', 'chat-analytics-report'>;
  'chat-attachments-dialog': Binding<'chat-attachments-dialog', 'client' | 'conversationId', 'chat-reveal' | 'chat-attachments-close'>;
  'chat-audio-player': Binding<'chat-audio-player', 'src' | 'name' | 'duration', 'chat-play'>;
  'chat-composer': Binding<'chat-composer', 'client' | 'conversationId' | 'value' | 'disabled' | 'label' | 'maxChars' | 'acceptFiles' | 'fileRules' | 'counterThreshold', 'chat-send'>;
  'chat-consultant': Binding<'chat-consultant', 'server' | 'channel' | 'open' | 'storageKey' | 'client' | 'theme', 'chat-open-change'>;
  'chat-conversation-filters': Binding<'chat-conversation-filters', 'sort' | 'filter' | 'channels' | 'managers' | 'meId', 'chat-filters-change'>;
  'chat-conversation-list': Binding<'chat-conversation-list', 'client' | 'selected' | 'sort' | 'filter', 'chat-conversation-select'>;
  'chat-conversation-menu': Binding<'chat-conversation-menu', 'client' | 'conversationId', 'chat-show-attachments' | 'chat-conversation-action'>;
  'chat-crm-sidebar': Binding<'chat-crm-sidebar', 'client' | 'conversationId' | 'theme', never>;
  'chat-customer-conversations': Binding<'chat-customer-conversations', 'customerId' | 'client' | 'theme', 'chat-conversation-open'>;
  'chat-customer-widget': Binding<'chat-customer-widget', 'client' | 'conversationId' | 'theme', 'chat-customer-change'>;
  'chat-emoji-button': Binding<'chat-emoji-button', 'dataSource' | 'user' | 'open' | 'disabled', 'chat-emoji-pick'>;
  'chat-internal-list': Binding<'chat-internal-list', 'client' | 'selected', 'chat-internal-select'>;
  'chat-internal-picker': Binding<'chat-internal-picker', 'client', 'chat-internal-create' | 'chat-request-close'>;
  'chat-lightbox': Binding<'chat-lightbox', 'images' | 'index' | 'open', 'chat-lightbox-index' | 'chat-lightbox-close'>;
  'chat-message': Binding<'chat-message', 'text' | 'authorName' | 'authorKind' | 'createdAt' | 'now' | 'outgoing' | 'hideAuthor' | 'status' | 'failReason' | 'errorCode' | 'errorReason' | 'error' | 'messageId' | 'clientMessageId' | 'replyTo' | 'attachments' | 'cards' | 'fileUrl' | 'editedAt' | 'deleted' | 'canReply' | 'canEdit' | 'canDelete' | 'canViewHistory' | 'tabStop', 'chat-retry' | 'chat-discard' | 'chat-reply' | 'chat-edit' | 'chat-delete' | 'chat-history' | 'chat-reveal' | 'chat-image-open'>;
  'chat-message-history': Binding<'chat-message-history', 'client' | 'messageId' | 'open', never>;
  'chat-order-conversations': Binding<'chat-order-conversations', 'orderId' | 'client' | 'theme', 'chat-conversation-open'>;
  'chat-order-widget': Binding<'chat-order-widget', 'client' | 'conversationId' | 'theme', 'chat-order-placed'>;
  'chat-panel': Binding<'chat-panel', 'server' | 'tokenUrl' | 'token' | 'tokenProvider' | 'client' | 'mode' | 'open' | 'conversationId' | 'titleCount' | 'notifications' | 'theme', 'chat-open-change' | 'chat-conversation-select' | 'chat-conversation-action'>;
  'chat-products-widget': Binding<'chat-products-widget', 'client' | 'conversationId' | 'query' | 'limit' | 'theme', 'chat-products-add' | 'chat-products-send'>;
  'chat-quick-replies': Binding<'chat-quick-replies', 'client' | 'conversationId' | 'open' | 'disabled', 'chat-quick-reply-insert'>;
  'chat-settings': Binding<'chat-settings', 'client' | 'tab' | 'theme', 'chat-settings-saved'>;
  'chat-tasks-widget': Binding<'chat-tasks-widget', 'client' | 'conversationId' | 'tab' | 'theme', 'chat-task-change'>;
  'chat-thread': Binding<'chat-thread', 'client' | 'conversationId' | 'highlightedId', 'chat-reply' | 'chat-edit' | 'chat-history'>;
  'chat-unread-badge': Binding<'chat-unread-badge', 'client' | 'count' | 'theme', never>;
}
