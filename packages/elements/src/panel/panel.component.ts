import { html, nothing, type PropertyValues } from 'lit';
import { ChatElement } from '../lib/chat-element.js';
import { property, state } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { ChatClient } from '@chatdesk/client';
import type { Conversation } from '@chatdesk/protocol';
import { capabilitiesOf, limits } from '@chatdesk/protocol/runtime';
import { clientContext } from '../lib/context.js';
import { emit, type ChatOpenChangeDetail } from '../lib/events.js';
import { terms } from '../i18n/index.js';
import { LocalizeController, setPreferredLang } from '../lib/localize.js';
import { shareClient, sharedClient, unshareClient } from '../lib/shared-client.js';
import { StoreController } from '../lib/store-controller.js';
import { backPath, bellPath, cardPath, gripPath, movePath } from '../lib/crm-icons.js';
import { chatPath, closePath, icon } from '../lib/icons.js';
import { channelIcon, channelIconStyles } from '../lib/channel-icon.js';
import { isolate } from '../lib/bidi.js';
import { errorWords } from '../lib/errors.js';
import { tokens, type Theme } from '../lib/theme.js';
import { defineParts, exportparts, PartsController } from '../lib/parts.js';
import { raise } from '../lib/top-layer.js';
import { webSocketUrl } from '../lib/url.js';
import { loadConversationView, prefetchConversationView, prefetchOnIntent } from '../lib/conversation-view.js';
import { loadTimeWords } from '../lib/time.js';
import '../conversation-list/conversation-list.js';
import type { ChatConversationActionDetail } from '../conversation-menu/conversation-menu.component.js';
import type { ChatThread } from '../thread/thread.component.js';
import type { ChatConversationSelectDetail } from '../conversation-list/conversation-list.component.js';
import type { ChatInternalSelectDetail } from '../internal-list/internal-list.component.js';
import type { ChatComposer } from '../composer/composer.component.js';
import type { PopupWindow } from './panel-window.js';
import { selectedCustomerText, type SelectionAction, type SelectionMenu } from './selection-text.js';
import type { renderSelectionMenu } from './selection-menu.js';
import launcherStyles from '../lib/launcher.styles.js';
import styles from './panel.styles.js';

// Where its nested elements' parts come from (lib/parts.ts): its own the page reaches directly.
defineParts(
  'chat-panel',
  '',
  [
    'chat-conversation-list',
    'chat-internal-list',
    'chat-conversation-menu',
    'chat-thread',
    'chat-composer',
    'chat-crm-sidebar',
    'chat-message-history',
    'chat-attachments-dialog',
  ],
);

export const panelModes = { popup: 'popup', section: 'section' } as const;
export type PanelMode = (typeof panelModes)[keyof typeof panelModes];

/** A panel this wide shows the CRM side next to the thread; a narrower one instead of it, on demand. */
const CRM_SIDE_BY_SIDE = 1000;

/** What the popup's handles answer to (S-SET-2): 16 px a press, 64 px with Shift. */
const HANDLE_KEYS = 'ArrowUp ArrowDown ArrowLeft ArrowRight Shift+ArrowUp Shift+ArrowDown Shift+ArrowLeft Shift+ArrowRight';

/** The popup's frame per signed-in user (S-SET-2): `chatdesk.window.<user id>`, see panel-window.ts. */
const FRAME_KEY = 'chatdesk.window.';

/** Whether `localStorage` holds something under `key` (blocked storage holds nothing). */
function hasStored(key: string): boolean {
  try {
    return localStorage.getItem(key) !== null;
  } catch {
    return false;
  }
}


/** Asks the host backend for a token, with the user's cookies (`{ token }` in JSON). */
export async function fetchToken(tokenUrl: string): Promise<string> {
  const response = await fetch(new URL(tokenUrl, location.href), { credentials: 'include', cache: 'no-store' });
  if (!response.ok) throw new Error(`token-url answered HTTP ${response.status}`);
  const body = (await response.json()) as { token?: unknown };
  if (typeof body.token !== 'string') throw new Error('token-url answered without a token');
  return body.token;
}

/**
 * @summary The manager's chat (S-SET-2): conversation list, thread and composer, over one
 * connection that it provides to everything inside it and shares with the page.
 *
 * Give it a connection in one of these ways: `server` + `token-url` (a host-backend URL that
 * answers `{ token }`, fetched with credentials on every (re)connect), `server` + the `token` or
 * `tokenProvider` property, or an existing `ChatClient` in `client`. Changing any of them
 * reconnects (e.g. as another user). Elements outside the panel (`<chat-unread-badge>`) find the
 * connection through `ChatPanel.clientFor(document)` and the `chat-client-change` event on the
 * document.
 *
 * The admin's setting decides how it shows (S-SET-2, `settings.displayMode`, followed live; popup
 * until the server has said): a host page that sets `mode` pins it instead. The mode in force is
 * `effectiveMode`, reflected as `data-mode`. Switching keeps everything else (the open
 * conversation, drafts, the thread's scroll). While chats are switched off (S-SET-1,
 * `settings.chatsEnabled`) the element shows nothing at all (`data-chats-off`, `display: none`)
 * and comes back as it was when they are on again.
 *
 * In `popup` mode a floating button with the unread count opens and closes the panel, a window
 * over the page: dragged by its header or moved with the arrow keys on its move handle, resized
 * by the grip in its lower right corner (pointer or arrow keys), always inside the viewport, and
 * left where the user put it: the frame is kept per signed-in user in `localStorage`. Escape
 * closes it and returns focus to the button, unless a layer inside took it (a menu, a dialog,
 * the filters, the search text, the composer's reply or edit mode): Escape closes the innermost
 * layer only. In `section` mode it fills its container. Choosing a conversation in a list (or a
 * search hit) moves focus to the thread; Shift+Tab (or ← when narrow) leads back.
 *
 * The open conversation's header holds its menu (`<chat-conversation-menu>`: close, reopen,
 * mark unread, block, unlink, reassign). A conversation that leaves the user's sight (reassigned
 * away) or is marked unread closes and the list shows again. While the customer is blocked the
 * composer is disabled and says why. With `title-count` the page title starts with the unread
 * count, «(3) …» (S-DLG-1, S-HOST-3). With `notifications` a bell button asks the browser's
 * permission (only on that click) and, once allowed and switched on, a desktop notification with
 * the text of each new customer message shows while the page is hidden; clicking it opens the
 * conversation.
 *
 * @csspart launcher - The floating button (popup mode).
 * @csspart launcher-badge - The unread count on the floating button.
 * @csspart panel - The panel (`dialog` in popup mode, `region` in section mode).
 * @csspart header - The panel's header with the title and the close button (popup mode, or
 * with `notifications` in section mode); in popup mode the popup is dragged by it.
 * @csspart move-handle - Moves the popup: drag it (or the header), or focus it and press the arrow
 * keys (16 px, 64 px with Shift; `aria-keyshortcuts`).
 * @csspart resize-handle - The popup's resize grip in its lower right corner: drag it, or focus it
 * and press the arrow keys (as the move handle).
 * @csspart notifications-button - Asks for and switches desktop notifications (`aria-pressed`).
 * @csspart title - The panel's title.
 * @csspart close-button - Closes the panel (popup mode).
 * @csspart banner - The connection state ("Reconnecting…", "Disconnected"; a page whose origin the
 * server refuses says so), shown while not connected; in the element's language, with the server's
 * own reason in its `title`.
 * @csspart no-access - Shown instead of the lists and the conversation when the server refused
 * this user the chats (close code 4003): why, and that an administrator gives the right.
 * @csspart body - The list and the open conversation.
 * @csspart lists - The tabs and the list they show.
 * @csspart tabs - The `tablist`: customers' conversations or chats with colleagues (S-DLG-14).
 * @csspart tab - A tab.
 * @csspart tab-selected - Added to the chosen `tab`.
 * @csspart tab-unread - The count of internal chats with unread messages, on the colleagues' tab.
 * @csspart conversation-list - The `<chat-conversation-list>`.
 * @csspart internal-list - The `<chat-internal-list>` (loaded when its tab is first chosen).
 * @csspart conversation - The open conversation: its header, thread and composer.
 * @csspart conversation-header - The customer's name and channel of the open conversation.
 * @csspart conversation-title - The customer's name.
 * @csspart conversation-channel - The channel's icon and name.
 * @csspart channel-icon - The channel's icon (decorative, `aria-hidden`) before its name in
 * `conversation-channel`; coloured by `--chat-channel-<icon>-color` (see the README).
 * @csspart conversation-status - «closed» next to the channel of a closed conversation.
 * @csspart crm-button - The conversation header's button that shows and hides the CRM side (`aria-expanded`).
 * @csspart conversation-menu - The `<chat-conversation-menu>` of the open conversation.
 * @csspart back-button - Back to the list (narrow panels only).
 * @csspart thread - The `<chat-thread>`.
 * @csspart composer - The `<chat-composer>`.
 * @csspart history - The `<chat-message-history>` audit dialog, rendered once first opened (S-DLG-7).
 * @csspart crm - The `<chat-crm-sidebar>`: the CRM side (S-W-*).
 * @csspart attachments-dialog - The `<chat-attachments-dialog>` ("Show attachments"), while open.
 * @csspart selection-menu - The menu of text selected in a customer's message (`role=menu`).
 * @csspart selection-menu-item - Each of its items.
 * @csspart conversation-list-header - `<chat-conversation-list>`'s `header`.
 * @csspart conversation-list-sla-count - `<chat-conversation-list>`'s `sla-count`.
 * @csspart conversation-list-search - `<chat-conversation-list>`'s `search`.
 * @csspart conversation-list-filter-button - `<chat-conversation-list>`'s `filter-button`.
 * @csspart conversation-list-filter-button-active - `<chat-conversation-list>`'s `filter-button-active`.
 * @csspart conversation-list-filters - `<chat-conversation-list>`'s `filters`.
 * @csspart conversation-list-base - `<chat-conversation-list>`'s `base`.
 * @csspart conversation-list-item - `<chat-conversation-list>`'s `item`.
 * @csspart conversation-list-item-selected - `<chat-conversation-list>`'s `item-selected`.
 * @csspart conversation-list-item-unread - `<chat-conversation-list>`'s `item-unread`.
 * @csspart conversation-list-item-closed - `<chat-conversation-list>`'s `item-closed`.
 * @csspart conversation-list-name - `<chat-conversation-list>`'s `name`.
 * @csspart conversation-list-blocked - `<chat-conversation-list>`'s `blocked`.
 * @csspart conversation-list-channel - `<chat-conversation-list>`'s `channel`.
 * @csspart conversation-list-channel-icon - `<chat-conversation-list>`'s `channel-icon`.
 * @csspart conversation-list-preview - `<chat-conversation-list>`'s `preview`.
 * @csspart conversation-list-draft - `<chat-conversation-list>`'s `draft`.
 * @csspart conversation-list-draft-label - `<chat-conversation-list>`'s `draft-label`.
 * @csspart conversation-list-time - `<chat-conversation-list>`'s `time`.
 * @csspart conversation-list-waiting - `<chat-conversation-list>`'s `waiting`.
 * @csspart conversation-list-unread - `<chat-conversation-list>`'s `unread`.
 * @csspart conversation-list-sla - `<chat-conversation-list>`'s `sla`.
 * @csspart conversation-list-sla-warning - `<chat-conversation-list>`'s `sla-warning`.
 * @csspart conversation-list-sla-breached - `<chat-conversation-list>`'s `sla-breached`.
 * @csspart conversation-list-empty - `<chat-conversation-list>`'s `empty`.
 * @csspart conversation-list-search-error - `<chat-conversation-list>`'s `search-error`.
 * @csspart conversation-list-load-more - `<chat-conversation-list>`'s `load-more`.
 * @csspart conversation-list-new-pill - `<chat-conversation-list>`'s `new-pill`.
 * @csspart conversation-list-results - `<chat-conversation-list>`'s `results`.
 * @csspart conversation-list-hit - `<chat-conversation-list>`'s `hit`.
 * @csspart conversation-list-search-more - `<chat-conversation-list>`'s `search-more`.
 * @csspart conversation-list-hit-field - `<chat-conversation-list>`'s `hit-field`.
 * @csspart conversation-list-hit-text - `<chat-conversation-list>`'s `hit-text`.
 * @csspart conversation-list-mark - `<chat-conversation-list>`'s `mark`.
 * @csspart conversation-filters-base - `<chat-conversation-filters>`'s `base`.
 * @csspart conversation-filters-sort - `<chat-conversation-filters>`'s `sort`.
 * @csspart conversation-filters-field - `<chat-conversation-filters>`'s `field`.
 * @csspart conversation-filters-select - `<chat-conversation-filters>`'s `select`.
 * @csspart conversation-filters-checkbox - `<chat-conversation-filters>`'s `checkbox`.
 * @csspart conversation-filters-reset-button - `<chat-conversation-filters>`'s `reset-button`.
 * @csspart internal-list-header - `<chat-internal-list>`'s `header`.
 * @csspart internal-list-new-chat-button - `<chat-internal-list>`'s `new-chat-button`.
 * @csspart internal-list-picker - `<chat-internal-list>`'s `picker`.
 * @csspart internal-list-base - `<chat-internal-list>`'s `base`.
 * @csspart internal-list-item - `<chat-internal-list>`'s `item`.
 * @csspart internal-list-item-selected - `<chat-internal-list>`'s `item-selected`.
 * @csspart internal-list-item-unread - `<chat-internal-list>`'s `item-unread`.
 * @csspart internal-list-name - `<chat-internal-list>`'s `name`.
 * @csspart internal-list-kind - `<chat-internal-list>`'s `kind`.
 * @csspart internal-list-preview - `<chat-internal-list>`'s `preview`.
 * @csspart internal-list-time - `<chat-internal-list>`'s `time`.
 * @csspart internal-list-unread - `<chat-internal-list>`'s `unread`.
 * @csspart internal-list-empty - `<chat-internal-list>`'s `empty`.
 * @csspart internal-picker-base - `<chat-internal-picker>`'s `base`.
 * @csspart internal-picker-title - `<chat-internal-picker>`'s `title`.
 * @csspart internal-picker-colleagues - `<chat-internal-picker>`'s `colleagues`.
 * @csspart internal-picker-colleague - `<chat-internal-picker>`'s `colleague`.
 * @csspart internal-picker-online - `<chat-internal-picker>`'s `online`.
 * @csspart internal-picker-group-title - `<chat-internal-picker>`'s `group-title`.
 * @csspart internal-picker-error - `<chat-internal-picker>`'s `error`.
 * @csspart internal-picker-create-button - `<chat-internal-picker>`'s `create-button`.
 * @csspart internal-picker-cancel-button - `<chat-internal-picker>`'s `cancel-button`.
 * @csspart conversation-menu-trigger - `<chat-conversation-menu>`'s `trigger`.
 * @csspart conversation-menu-menu - `<chat-conversation-menu>`'s `menu`.
 * @csspart conversation-menu-item - `<chat-conversation-menu>`'s `item`.
 * @csspart conversation-menu-dialog - `<chat-conversation-menu>`'s `dialog`.
 * @csspart conversation-menu-dialog-title - `<chat-conversation-menu>`'s `dialog-title`.
 * @csspart conversation-menu-dialog-text - `<chat-conversation-menu>`'s `dialog-text`.
 * @csspart conversation-menu-confirm-button - `<chat-conversation-menu>`'s `confirm-button`.
 * @csspart conversation-menu-cancel-button - `<chat-conversation-menu>`'s `cancel-button`.
 * @csspart conversation-menu-assignees - `<chat-conversation-menu>`'s `assignees`.
 * @csspart conversation-menu-assignee - `<chat-conversation-menu>`'s `assignee`.
 * @csspart conversation-menu-assignee-online - `<chat-conversation-menu>`'s `assignee-online`.
 * @csspart conversation-menu-assignee-current - `<chat-conversation-menu>`'s `assignee-current`.
 * @csspart conversation-menu-assignee-name - `<chat-conversation-menu>`'s `assignee-name`.
 * @csspart conversation-menu-assignee-state - `<chat-conversation-menu>`'s `assignee-state`.
 * @csspart conversation-menu-assignee-load - `<chat-conversation-menu>`'s `assignee-load`.
 * @csspart conversation-menu-error - `<chat-conversation-menu>`'s `error`.
 * @csspart thread-scroller - `<chat-thread>`'s `scroller`.
 * @csspart thread-load-older - `<chat-thread>`'s `load-older`.
 * @csspart thread-empty - `<chat-thread>`'s `empty`.
 * @csspart thread-day - `<chat-thread>`'s `day`.
 * @csspart thread-unread-divider - `<chat-thread>`'s `unread-divider`.
 * @csspart thread-message - `<chat-thread>`'s `message`.
 * @csspart thread-system - `<chat-thread>`'s `system`.
 * @csspart thread-grouped - `<chat-thread>`'s `grouped`.
 * @csspart thread-highlighted - `<chat-thread>`'s `highlighted`.
 * @csspart thread-pending - `<chat-thread>`'s `pending`.
 * @csspart thread-new-messages - `<chat-thread>`'s `new-messages`.
 * @csspart thread-typing - `<chat-thread>`'s `typing`.
 * @csspart thread-error - `<chat-thread>`'s `error`.
 * @csspart thread-lightbox - `<chat-thread>`'s `lightbox`.
 * @csspart message-base - `<chat-message>`'s `base`.
 * @csspart message-author - `<chat-message>`'s `author`.
 * @csspart message-quote - `<chat-message>`'s `quote`.
 * @csspart message-quote-author - `<chat-message>`'s `quote-author`.
 * @csspart message-quote-text - `<chat-message>`'s `quote-text`.
 * @csspart message-text - `<chat-message>`'s `text`.
 * @csspart message-link - `<chat-message>`'s `link`.
 * @csspart message-meta - `<chat-message>`'s `meta`.
 * @csspart message-time - `<chat-message>`'s `time`.
 * @csspart message-edited - `<chat-message>`'s `edited`.
 * @csspart message-status - `<chat-message>`'s `status`.
 * @csspart message-tooltip - `<chat-message>`'s `tooltip`.
 * @csspart message-actions - `<chat-message>`'s `actions`.
 * @csspart message-retry-button - `<chat-message>`'s `retry-button`.
 * @csspart message-discard-button - `<chat-message>`'s `discard-button`.
 * @csspart message-menu-button - `<chat-message>`'s `menu-button`.
 * @csspart message-notice - `<chat-message>`'s `notice`.
 * @csspart message-images - `<chat-message>`'s `images`.
 * @csspart message-image - `<chat-message>`'s `image`.
 * @csspart message-thumbnail - `<chat-message>`'s `thumbnail`.
 * @csspart message-audio - `<chat-message>`'s `audio`.
 * @csspart message-file - `<chat-message>`'s `file`.
 * @csspart message-file-name - `<chat-message>`'s `file-name`.
 * @csspart message-file-meta - `<chat-message>`'s `file-meta`.
 * @csspart message-cards - `<chat-message>`'s `cards`.
 * @csspart message-card - `<chat-message>`'s `card`.
 * @csspart message-card-product - `<chat-message>`'s `card-product`.
 * @csspart message-card-order - `<chat-message>`'s `card-order`.
 * @csspart message-card-image - `<chat-message>`'s `card-image`.
 * @csspart message-card-name - `<chat-message>`'s `card-name`.
 * @csspart message-card-price - `<chat-message>`'s `card-price`.
 * @csspart message-card-stock - `<chat-message>`'s `card-stock`.
 * @csspart message-card-article - `<chat-message>`'s `card-article`.
 * @csspart message-card-status - `<chat-message>`'s `card-status`.
 * @csspart message-card-items - `<chat-message>`'s `card-items`.
 * @csspart message-card-item - `<chat-message>`'s `card-item`.
 * @csspart message-card-delivery - `<chat-message>`'s `card-delivery`.
 * @csspart message-card-total - `<chat-message>`'s `card-total`.
 * @csspart message-card-to-pay - `<chat-message>`'s `card-to-pay`.
 * @csspart message-menu-menu - `<chat-message-menu>`'s `menu`.
 * @csspart message-menu-item - `<chat-message-menu>`'s `item`.
 * @csspart message-menu-question - `<chat-message-menu>`'s `question`.
 * @csspart audio-player-base - `<chat-audio-player>`'s `base`.
 * @csspart audio-player-button - `<chat-audio-player>`'s `button`.
 * @csspart audio-player-slider - `<chat-audio-player>`'s `slider`.
 * @csspart audio-player-time - `<chat-audio-player>`'s `time`.
 * @csspart audio-player-error - `<chat-audio-player>`'s `error`.
 * @csspart lightbox-dialog - `<chat-lightbox>`'s `dialog`.
 * @csspart lightbox-image - `<chat-lightbox>`'s `image`.
 * @csspart lightbox-caption - `<chat-lightbox>`'s `caption`.
 * @csspart lightbox-prev - `<chat-lightbox>`'s `prev`.
 * @csspart lightbox-next - `<chat-lightbox>`'s `next`.
 * @csspart lightbox-close - `<chat-lightbox>`'s `close`.
 * @csspart lightbox-download - `<chat-lightbox>`'s `download`.
 * @csspart composer-base - `<chat-composer>`'s `base`.
 * @csspart composer-quote - `<chat-composer>`'s `quote`.
 * @csspart composer-quote-author - `<chat-composer>`'s `quote-author`.
 * @csspart composer-quote-text - `<chat-composer>`'s `quote-text`.
 * @csspart composer-edit-bar - `<chat-composer>`'s `edit-bar`.
 * @csspart composer-cancel-button - `<chat-composer>`'s `cancel-button`.
 * @csspart composer-error - `<chat-composer>`'s `error`.
 * @csspart composer-attach-button - `<chat-composer>`'s `attach-button`.
 * @csspart composer-emoji-button - `<chat-composer>`'s `emoji-button`.
 * @csspart composer-quick-replies - `<chat-composer>`'s `quick-replies`.
 * @csspart composer-suggestions - `<chat-composer>`'s `suggestions`.
 * @csspart composer-suggestion-list - `<chat-composer>`'s `suggestion-list`.
 * @csspart composer-suggestion - `<chat-composer>`'s `suggestion`.
 * @csspart composer-suggestion-active - `<chat-composer>`'s `suggestion-active`.
 * @csspart composer-suggestion-command - `<chat-composer>`'s `suggestion-command`.
 * @csspart composer-suggestion-title - `<chat-composer>`'s `suggestion-title`.
 * @csspart composer-suggestion-text - `<chat-composer>`'s `suggestion-text`.
 * @csspart composer-suggestions-error - `<chat-composer>`'s `suggestions-error`.
 * @csspart composer-attachments - `<chat-composer>`'s `attachments`.
 * @csspart composer-attachment - `<chat-composer>`'s `attachment`.
 * @csspart composer-attachment-name - `<chat-composer>`'s `attachment-name`.
 * @csspart composer-attachment-size - `<chat-composer>`'s `attachment-size`.
 * @csspart composer-attachment-progress - `<chat-composer>`'s `attachment-progress`.
 * @csspart composer-attachment-error - `<chat-composer>`'s `attachment-error`.
 * @csspart composer-attachment-retry - `<chat-composer>`'s `attachment-retry`.
 * @csspart composer-attachment-remove - `<chat-composer>`'s `attachment-remove`.
 * @csspart composer-attachment-notice - `<chat-composer>`'s `attachment-notice`.
 * @csspart composer-textarea - `<chat-composer>`'s `textarea`.
 * @csspart composer-send-button - `<chat-composer>`'s `send-button`.
 * @csspart composer-counter - `<chat-composer>`'s `counter`.
 * @csspart quick-replies-button - `<chat-quick-replies>`'s `button`.
 * @csspart quick-replies-popover - `<chat-quick-replies>`'s `popover`.
 * @csspart quick-replies-popover-header - `<chat-quick-replies-popover>`'s `header`.
 * @csspart quick-replies-popover-search - `<chat-quick-replies-popover>`'s `search`.
 * @csspart quick-replies-popover-edit-toggle - `<chat-quick-replies-popover>`'s `edit-toggle`.
 * @csspart quick-replies-popover-body - `<chat-quick-replies-popover>`'s `body`.
 * @csspart quick-replies-popover-status - `<chat-quick-replies-popover>`'s `status`.
 * @csspart quick-replies-popover-error - `<chat-quick-replies-popover>`'s `error`.
 * @csspart quick-replies-popover-error-detail - `<chat-quick-replies-popover>`'s `error-detail`.
 * @csspart quick-replies-popover-retry-button - `<chat-quick-replies-popover>`'s `retry-button`.
 * @csspart quick-replies-popover-empty - `<chat-quick-replies-popover>`'s `empty`.
 * @csspart quick-replies-popover-create-first-button - `<chat-quick-replies-popover>`'s `create-first-button`.
 * @csspart quick-replies-popover-list - `<chat-quick-replies-popover>`'s `list`.
 * @csspart quick-replies-popover-group - `<chat-quick-replies-popover>`'s `group`.
 * @csspart quick-replies-popover-category - `<chat-quick-replies-popover>`'s `category`.
 * @csspart quick-replies-popover-reply - `<chat-quick-replies-popover>`'s `reply`.
 * @csspart quick-replies-popover-reply-active - `<chat-quick-replies-popover>`'s `reply-active`.
 * @csspart quick-replies-popover-reply-body - `<chat-quick-replies-popover>`'s `reply-body`.
 * @csspart quick-replies-popover-reply-command - `<chat-quick-replies-popover>`'s `reply-command`.
 * @csspart quick-replies-popover-reply-title - `<chat-quick-replies-popover>`'s `reply-title`.
 * @csspart quick-replies-popover-reply-text - `<chat-quick-replies-popover>`'s `reply-text`.
 * @csspart quick-replies-popover-toolbar - `<chat-quick-replies-popover>`'s `toolbar`.
 * @csspart quick-replies-popover-new-reply-button - `<chat-quick-replies-popover>`'s `new-reply-button`.
 * @csspart quick-replies-popover-new-category-button - `<chat-quick-replies-popover>`'s `new-category-button`.
 * @csspart quick-replies-popover-manage-list - `<chat-quick-replies-popover>`'s `manage-list`.
 * @csspart quick-replies-popover-category-row - `<chat-quick-replies-popover>`'s `category-row`.
 * @csspart quick-replies-popover-rename-category-button - `<chat-quick-replies-popover>`'s `rename-category-button`.
 * @csspart quick-replies-popover-delete-category-button - `<chat-quick-replies-popover>`'s `delete-category-button`.
 * @csspart quick-replies-popover-edit-button - `<chat-quick-replies-popover>`'s `edit-button`.
 * @csspart quick-replies-popover-delete-button - `<chat-quick-replies-popover>`'s `delete-button`.
 * @csspart quick-replies-popover-confirm - `<chat-quick-replies-popover>`'s `confirm`.
 * @csspart quick-replies-popover-confirm-delete-button - `<chat-quick-replies-popover>`'s `confirm-delete-button`.
 * @csspart quick-replies-popover-confirm-cancel-button - `<chat-quick-replies-popover>`'s `confirm-cancel-button`.
 * @csspart quick-replies-popover-category-form - `<chat-quick-replies-popover>`'s `category-form`.
 * @csspart quick-replies-popover-label - `<chat-quick-replies-popover>`'s `label`.
 * @csspart quick-replies-popover-input - `<chat-quick-replies-popover>`'s `input`.
 * @csspart quick-replies-popover-save-button - `<chat-quick-replies-popover>`'s `save-button`.
 * @csspart quick-replies-popover-cancel-button - `<chat-quick-replies-popover>`'s `cancel-button`.
 * @csspart quick-replies-popover-field-error - `<chat-quick-replies-popover>`'s `field-error`.
 * @csspart quick-replies-popover-dialog - `<chat-quick-replies-popover>`'s `dialog`.
 * @csspart quick-reply-dialog-base - `<chat-quick-reply-dialog>`'s `base`.
 * @csspart quick-reply-dialog-header - `<chat-quick-reply-dialog>`'s `header`.
 * @csspart quick-reply-dialog-title - `<chat-quick-reply-dialog>`'s `title`.
 * @csspart quick-reply-dialog-close-button - `<chat-quick-reply-dialog>`'s `close-button`.
 * @csspart quick-reply-dialog-field - `<chat-quick-reply-dialog>`'s `field`.
 * @csspart quick-reply-dialog-label - `<chat-quick-reply-dialog>`'s `label`.
 * @csspart quick-reply-dialog-command-box - `<chat-quick-reply-dialog>`'s `command-box`.
 * @csspart quick-reply-dialog-command-prefix - `<chat-quick-reply-dialog>`'s `command-prefix`.
 * @csspart quick-reply-dialog-input - `<chat-quick-reply-dialog>`'s `input`.
 * @csspart quick-reply-dialog-hint - `<chat-quick-reply-dialog>`'s `hint`.
 * @csspart quick-reply-dialog-select - `<chat-quick-reply-dialog>`'s `select`.
 * @csspart quick-reply-dialog-variables - `<chat-quick-reply-dialog>`'s `variables`.
 * @csspart quick-reply-dialog-variables-label - `<chat-quick-reply-dialog>`'s `variables-label`.
 * @csspart quick-reply-dialog-variable-button - `<chat-quick-reply-dialog>`'s `variable-button`.
 * @csspart quick-reply-dialog-textarea - `<chat-quick-reply-dialog>`'s `textarea`.
 * @csspart quick-reply-dialog-counter - `<chat-quick-reply-dialog>`'s `counter`.
 * @csspart quick-reply-dialog-preview-field - `<chat-quick-reply-dialog>`'s `preview-field`.
 * @csspart quick-reply-dialog-preview - `<chat-quick-reply-dialog>`'s `preview`.
 * @csspart quick-reply-dialog-preview-text - `<chat-quick-reply-dialog>`'s `preview-text`.
 * @csspart quick-reply-dialog-preview-placeholder - `<chat-quick-reply-dialog>`'s `preview-placeholder`.
 * @csspart quick-reply-dialog-preview-error - `<chat-quick-reply-dialog>`'s `preview-error`.
 * @csspart quick-reply-dialog-error-detail - `<chat-quick-reply-dialog>`'s `error-detail`.
 * @csspart quick-reply-dialog-field-error - `<chat-quick-reply-dialog>`'s `field-error`.
 * @csspart quick-reply-dialog-form-error - `<chat-quick-reply-dialog>`'s `form-error`.
 * @csspart quick-reply-dialog-actions - `<chat-quick-reply-dialog>`'s `actions`.
 * @csspart quick-reply-dialog-save-button - `<chat-quick-reply-dialog>`'s `save-button`.
 * @csspart quick-reply-dialog-cancel-button - `<chat-quick-reply-dialog>`'s `cancel-button`.
 * @csspart emoji-button-button - `<chat-emoji-button>`'s `button`.
 * @csspart emoji-button-popover - `<chat-emoji-button>`'s `popover`.
 * @csspart crm-sidebar-base - `<chat-crm-sidebar>`'s `base`.
 * @csspart crm-sidebar-section - `<chat-crm-sidebar>`'s `section`.
 * @csspart crm-sidebar-summary - `<chat-crm-sidebar>`'s `summary`.
 * @csspart crm-sidebar-notice - `<chat-crm-sidebar>`'s `notice`.
 * @csspart crm-sidebar-error - `<chat-crm-sidebar>`'s `error`.
 * @csspart crm-sidebar-retry-button - `<chat-crm-sidebar>`'s `retry-button`.
 * @csspart customer-widget-base - `<chat-customer-widget>`'s `base`.
 * @csspart customer-widget-title - `<chat-customer-widget>`'s `title`.
 * @csspart customer-widget-subtitle - `<chat-customer-widget>`'s `subtitle`.
 * @csspart customer-widget-chat - `<chat-customer-widget>`'s `chat`.
 * @csspart customer-widget-chat-name - `<chat-customer-widget>`'s `chat-name`.
 * @csspart customer-widget-chat-phone - `<chat-customer-widget>`'s `chat-phone`.
 * @csspart customer-widget-chat-email - `<chat-customer-widget>`'s `chat-email`.
 * @csspart customer-widget-chat-channel - `<chat-customer-widget>`'s `chat-channel`.
 * @csspart customer-widget-channel-icon - `<chat-customer-widget>`'s `channel-icon`.
 * @csspart customer-widget-note - `<chat-customer-widget>`'s `note`.
 * @csspart customer-widget-store - `<chat-customer-widget>`'s `store`.
 * @csspart customer-widget-save-form - `<chat-customer-widget>`'s `save-form`.
 * @csspart customer-widget-fields - `<chat-customer-widget>`'s `fields`.
 * @csspart customer-widget-field - `<chat-customer-widget>`'s `field`.
 * @csspart customer-widget-label - `<chat-customer-widget>`'s `label`.
 * @csspart customer-widget-value - `<chat-customer-widget>`'s `value`.
 * @csspart customer-widget-value-empty - `<chat-customer-widget>`'s `value-empty`.
 * @csspart customer-widget-edit-button - `<chat-customer-widget>`'s `edit-button`.
 * @csspart customer-widget-editor - `<chat-customer-widget>`'s `editor`.
 * @csspart customer-widget-input - `<chat-customer-widget>`'s `input`.
 * @csspart customer-widget-error - `<chat-customer-widget>`'s `error`.
 * @csspart customer-widget-save-button - `<chat-customer-widget>`'s `save-button`.
 * @csspart customer-widget-cancel-button - `<chat-customer-widget>`'s `cancel-button`.
 * @csspart customer-widget-save-error - `<chat-customer-widget>`'s `save-error`.
 * @csspart customer-widget-contacts - `<chat-customer-widget>`'s `contacts`.
 * @csspart customer-widget-contact - `<chat-customer-widget>`'s `contact`.
 * @csspart customer-widget-contact-channel - `<chat-customer-widget>`'s `contact-channel`.
 * @csspart customer-widget-contact-login - `<chat-customer-widget>`'s `contact-login`.
 * @csspart customer-widget-tags - `<chat-customer-widget>`'s `tags`.
 * @csspart customer-widget-tag - `<chat-customer-widget>`'s `tag`.
 * @csspart customer-widget-tag-on - `<chat-customer-widget>`'s `tag-on`.
 * @csspart customer-widget-tag-error - `<chat-customer-widget>`'s `tag-error`.
 * @csspart customer-widget-hint - `<chat-customer-widget>`'s `hint`.
 * @csspart customer-widget-hint-title - `<chat-customer-widget>`'s `hint-title`.
 * @csspart customer-widget-matches - `<chat-customer-widget>`'s `matches`.
 * @csspart customer-widget-match - `<chat-customer-widget>`'s `match`.
 * @csspart customer-widget-match-name - `<chat-customer-widget>`'s `match-name`.
 * @csspart customer-widget-match-phone - `<chat-customer-widget>`'s `match-phone`.
 * @csspart customer-widget-match-email - `<chat-customer-widget>`'s `match-email`.
 * @csspart customer-widget-link-button - `<chat-customer-widget>`'s `link-button`.
 * @csspart customer-widget-merge-button - `<chat-customer-widget>`'s `merge-button`.
 * @csspart customer-widget-hint-error - `<chat-customer-widget>`'s `hint-error`.
 * @csspart customer-widget-hint-status - `<chat-customer-widget>`'s `hint-status`.
 * @csspart customer-widget-status - `<chat-customer-widget>`'s `status`.
 * @csspart customer-widget-load-error - `<chat-customer-widget>`'s `load-error`.
 * @csspart customer-widget-retry-button - `<chat-customer-widget>`'s `retry-button`.
 * @csspart customer-widget-dialog - `<chat-customer-widget>`'s `dialog`.
 * @csspart customer-widget-dialog-title - `<chat-customer-widget>`'s `dialog-title`.
 * @csspart customer-widget-dialog-text - `<chat-customer-widget>`'s `dialog-text`.
 * @csspart customer-widget-confirm-button - `<chat-customer-widget>`'s `confirm-button`.
 * @csspart customer-widget-dialog-cancel-button - `<chat-customer-widget>`'s `dialog-cancel-button`.
 * @csspart products-widget-base - `<chat-products-widget>`'s `base`.
 * @csspart products-widget-filters - `<chat-products-widget>`'s `filters`.
 * @csspart products-widget-field - `<chat-products-widget>`'s `field`.
 * @csspart products-widget-label - `<chat-products-widget>`'s `label`.
 * @csspart products-widget-search - `<chat-products-widget>`'s `search`.
 * @csspart products-widget-select - `<chat-products-widget>`'s `select`.
 * @csspart products-widget-price - `<chat-products-widget>`'s `price`.
 * @csspart products-widget-price-input - `<chat-products-widget>`'s `price-input`.
 * @csspart products-widget-error - `<chat-products-widget>`'s `error`.
 * @csspart products-widget-checkbox - `<chat-products-widget>`'s `checkbox`.
 * @csspart products-widget-status - `<chat-products-widget>`'s `status`.
 * @csspart products-widget-empty - `<chat-products-widget>`'s `empty`.
 * @csspart products-widget-results - `<chat-products-widget>`'s `results`.
 * @csspart products-widget-product - `<chat-products-widget>`'s `product`.
 * @csspart products-widget-product-header - `<chat-products-widget>`'s `product-header`.
 * @csspart products-widget-product-image - `<chat-products-widget>`'s `product-image`.
 * @csspart products-widget-product-name - `<chat-products-widget>`'s `product-name`.
 * @csspart products-widget-product-category - `<chat-products-widget>`'s `product-category`.
 * @csspart products-widget-product-price - `<chat-products-widget>`'s `product-price`.
 * @csspart products-widget-offers - `<chat-products-widget>`'s `offers`.
 * @csspart products-widget-offer - `<chat-products-widget>`'s `offer`.
 * @csspart products-widget-offer-picked - `<chat-products-widget>`'s `offer-picked`.
 * @csspart products-widget-offer-checkbox - `<chat-products-widget>`'s `offer-checkbox`.
 * @csspart products-widget-offer-name - `<chat-products-widget>`'s `offer-name`.
 * @csspart products-widget-offer-article - `<chat-products-widget>`'s `offer-article`.
 * @csspart products-widget-offer-price - `<chat-products-widget>`'s `offer-price`.
 * @csspart products-widget-offer-stock - `<chat-products-widget>`'s `offer-stock`.
 * @csspart products-widget-out-of-stock - `<chat-products-widget>`'s `out-of-stock`.
 * @csspart products-widget-load-more-button - `<chat-products-widget>`'s `load-more-button`.
 * @csspart products-widget-notice - `<chat-products-widget>`'s `notice`.
 * @csspart products-widget-load-error - `<chat-products-widget>`'s `load-error`.
 * @csspart products-widget-retry-button - `<chat-products-widget>`'s `retry-button`.
 * @csspart products-widget-footer - `<chat-products-widget>`'s `footer`.
 * @csspart products-widget-picked-count - `<chat-products-widget>`'s `picked-count`.
 * @csspart products-widget-clear-button - `<chat-products-widget>`'s `clear-button`.
 * @csspart products-widget-add-button - `<chat-products-widget>`'s `add-button`.
 * @csspart products-widget-send-button - `<chat-products-widget>`'s `send-button`.
 * @csspart order-widget-base - `<chat-order-widget>`'s `base`.
 * @csspart order-widget-section - `<chat-order-widget>`'s `section`.
 * @csspart order-widget-title - `<chat-order-widget>`'s `title`.
 * @csspart order-widget-order - `<chat-order-widget>`'s `order`.
 * @csspart order-widget-order-number - `<chat-order-widget>`'s `order-number`.
 * @csspart order-widget-order-link - `<chat-order-widget>`'s `order-link`.
 * @csspart order-widget-order-status - `<chat-order-widget>`'s `order-status`.
 * @csspart order-widget-items - `<chat-order-widget>`'s `items`.
 * @csspart order-widget-item - `<chat-order-widget>`'s `item`.
 * @csspart order-widget-item-name - `<chat-order-widget>`'s `item-name`.
 * @csspart order-widget-item-quantity - `<chat-order-widget>`'s `item-quantity`.
 * @csspart order-widget-item-price - `<chat-order-widget>`'s `item-price`.
 * @csspart order-widget-summary - `<chat-order-widget>`'s `summary`.
 * @csspart order-widget-delivery - `<chat-order-widget>`'s `delivery`.
 * @csspart order-widget-address - `<chat-order-widget>`'s `address`.
 * @csspart order-widget-delivery-date - `<chat-order-widget>`'s `delivery-date`.
 * @csspart order-widget-to-pay - `<chat-order-widget>`'s `to-pay`.
 * @csspart order-widget-payment-status - `<chat-order-widget>`'s `payment-status`.
 * @csspart order-widget-payments - `<chat-order-widget>`'s `payments`.
 * @csspart order-widget-payment - `<chat-order-widget>`'s `payment`.
 * @csspart order-widget-payment-paid - `<chat-order-widget>`'s `payment-paid`.
 * @csspart order-widget-paid-mark - `<chat-order-widget>`'s `paid-mark`.
 * @csspart order-widget-actions - `<chat-order-widget>`'s `actions`.
 * @csspart order-widget-link-button - `<chat-order-widget>`'s `link-button`.
 * @csspart order-widget-send-button - `<chat-order-widget>`'s `send-button`.
 * @csspart order-widget-action-status - `<chat-order-widget>`'s `action-status`.
 * @csspart order-widget-action-error - `<chat-order-widget>`'s `action-error`.
 * @csspart order-widget-empty - `<chat-order-widget>`'s `empty`.
 * @csspart order-widget-hint - `<chat-order-widget>`'s `hint`.
 * @csspart order-widget-form - `<chat-order-widget>`'s `form`.
 * @csspart order-widget-lines - `<chat-order-widget>`'s `lines`.
 * @csspart order-widget-line - `<chat-order-widget>`'s `line`.
 * @csspart order-widget-line-name - `<chat-order-widget>`'s `line-name`.
 * @csspart order-widget-line-price - `<chat-order-widget>`'s `line-price`.
 * @csspart order-widget-quantity - `<chat-order-widget>`'s `quantity`.
 * @csspart order-widget-remove-button - `<chat-order-widget>`'s `remove-button`.
 * @csspart order-widget-field - `<chat-order-widget>`'s `field`.
 * @csspart order-widget-label - `<chat-order-widget>`'s `label`.
 * @csspart order-widget-input - `<chat-order-widget>`'s `input`.
 * @csspart order-widget-select - `<chat-order-widget>`'s `select`.
 * @csspart order-widget-error - `<chat-order-widget>`'s `error`.
 * @csspart order-widget-stock - `<chat-order-widget>`'s `stock`.
 * @csspart order-widget-total - `<chat-order-widget>`'s `total`.
 * @csspart order-widget-needs-customer - `<chat-order-widget>`'s `needs-customer`.
 * @csspart order-widget-form-error - `<chat-order-widget>`'s `form-error`.
 * @csspart order-widget-form-actions - `<chat-order-widget>`'s `form-actions`.
 * @csspart order-widget-place-button - `<chat-order-widget>`'s `place-button`.
 * @csspart order-widget-clear-button - `<chat-order-widget>`'s `clear-button`.
 * @csspart order-widget-draft-status - `<chat-order-widget>`'s `draft-status`.
 * @csspart order-widget-status - `<chat-order-widget>`'s `status`.
 * @csspart order-widget-notice - `<chat-order-widget>`'s `notice`.
 * @csspart order-widget-load-error - `<chat-order-widget>`'s `load-error`.
 * @csspart order-widget-retry-button - `<chat-order-widget>`'s `retry-button`.
 * @csspart tasks-widget-base - `<chat-tasks-widget>`'s `base`.
 * @csspart tasks-widget-header - `<chat-tasks-widget>`'s `header`.
 * @csspart tasks-widget-tabs - `<chat-tasks-widget>`'s `tabs`.
 * @csspart tasks-widget-tab - `<chat-tasks-widget>`'s `tab`.
 * @csspart tasks-widget-tab-selected - `<chat-tasks-widget>`'s `tab-selected`.
 * @csspart tasks-widget-add-button - `<chat-tasks-widget>`'s `add-button`.
 * @csspart tasks-widget-panel - `<chat-tasks-widget>`'s `panel`.
 * @csspart tasks-widget-list - `<chat-tasks-widget>`'s `list`.
 * @csspart tasks-widget-task - `<chat-tasks-widget>`'s `task`.
 * @csspart tasks-widget-task-completed - `<chat-tasks-widget>`'s `task-completed`.
 * @csspart tasks-widget-task-overdue - `<chat-tasks-widget>`'s `task-overdue`.
 * @csspart tasks-widget-checkbox - `<chat-tasks-widget>`'s `checkbox`.
 * @csspart tasks-widget-task-text - `<chat-tasks-widget>`'s `task-text`.
 * @csspart tasks-widget-task-meta - `<chat-tasks-widget>`'s `task-meta`.
 * @csspart tasks-widget-deadline - `<chat-tasks-widget>`'s `deadline`.
 * @csspart tasks-widget-overdue - `<chat-tasks-widget>`'s `overdue`.
 * @csspart tasks-widget-completed - `<chat-tasks-widget>`'s `completed`.
 * @csspart tasks-widget-performer - `<chat-tasks-widget>`'s `performer`.
 * @csspart tasks-widget-order - `<chat-tasks-widget>`'s `order`.
 * @csspart tasks-widget-task-error - `<chat-tasks-widget>`'s `task-error`.
 * @csspart tasks-widget-empty - `<chat-tasks-widget>`'s `empty`.
 * @csspart tasks-widget-form - `<chat-tasks-widget>`'s `form`.
 * @csspart tasks-widget-form-title - `<chat-tasks-widget>`'s `form-title`.
 * @csspart tasks-widget-field - `<chat-tasks-widget>`'s `field`.
 * @csspart tasks-widget-label - `<chat-tasks-widget>`'s `label`.
 * @csspart tasks-widget-input - `<chat-tasks-widget>`'s `input`.
 * @csspart tasks-widget-select - `<chat-tasks-widget>`'s `select`.
 * @csspart tasks-widget-quick-choices - `<chat-tasks-widget>`'s `quick-choices`.
 * @csspart tasks-widget-quick-button - `<chat-tasks-widget>`'s `quick-button`.
 * @csspart tasks-widget-hint - `<chat-tasks-widget>`'s `hint`.
 * @csspart tasks-widget-error - `<chat-tasks-widget>`'s `error`.
 * @csspart tasks-widget-order-checkbox - `<chat-tasks-widget>`'s `order-checkbox`.
 * @csspart tasks-widget-form-error - `<chat-tasks-widget>`'s `form-error`.
 * @csspart tasks-widget-form-actions - `<chat-tasks-widget>`'s `form-actions`.
 * @csspart tasks-widget-create-button - `<chat-tasks-widget>`'s `create-button`.
 * @csspart tasks-widget-cancel-button - `<chat-tasks-widget>`'s `cancel-button`.
 * @csspart tasks-widget-status - `<chat-tasks-widget>`'s `status`.
 * @csspart tasks-widget-notice - `<chat-tasks-widget>`'s `notice`.
 * @csspart tasks-widget-load-error - `<chat-tasks-widget>`'s `load-error`.
 * @csspart tasks-widget-retry-button - `<chat-tasks-widget>`'s `retry-button`.
 * @csspart message-history-dialog - `<chat-message-history>`'s `dialog`.
 * @csspart message-history-header - `<chat-message-history>`'s `header`.
 * @csspart message-history-title - `<chat-message-history>`'s `title`.
 * @csspart message-history-close-button - `<chat-message-history>`'s `close-button`.
 * @csspart message-history-body - `<chat-message-history>`'s `body`.
 * @csspart message-history-status - `<chat-message-history>`'s `status`.
 * @csspart message-history-error - `<chat-message-history>`'s `error`.
 * @csspart message-history-revisions - `<chat-message-history>`'s `revisions`.
 * @csspart message-history-revision - `<chat-message-history>`'s `revision`.
 * @csspart message-history-revision-edited - `<chat-message-history>`'s `revision-edited`.
 * @csspart message-history-revision-deleted - `<chat-message-history>`'s `revision-deleted`.
 * @csspart message-history-meta - `<chat-message-history>`'s `meta`.
 * @csspart message-history-action - `<chat-message-history>`'s `action`.
 * @csspart message-history-by - `<chat-message-history>`'s `by`.
 * @csspart message-history-time - `<chat-message-history>`'s `time`.
 * @csspart message-history-text - `<chat-message-history>`'s `text`.
 * @csspart message-history-current - `<chat-message-history>`'s `current`.
 * @csspart message-history-empty - `<chat-message-history>`'s `empty`.
 * @csspart attachments-dialog-dialog - `<chat-attachments-dialog>`'s `dialog`.
 * @csspart attachments-dialog-close-button - `<chat-attachments-dialog>`'s `close-button`.
 * @csspart attachments-dialog-tabs - `<chat-attachments-dialog>`'s `tabs`.
 * @csspart attachments-dialog-tab - `<chat-attachments-dialog>`'s `tab`.
 * @csspart attachments-dialog-list - `<chat-attachments-dialog>`'s `list`.
 * @csspart attachments-dialog-empty - `<chat-attachments-dialog>`'s `empty`.
 * @csspart attachments-dialog-item - `<chat-attachments-dialog>`'s `item`.
 * @csspart attachments-dialog-thumbnail - `<chat-attachments-dialog>`'s `thumbnail`.
 * @csspart attachments-dialog-file - `<chat-attachments-dialog>`'s `file`.
 * @csspart attachments-dialog-show-button - `<chat-attachments-dialog>`'s `show-button`.
 * @csspart attachments-dialog-more - `<chat-attachments-dialog>`'s `more`.
 *
 * @cssproperty --chat-panel-width - Width of the popup panel (until the user resizes it).
 * @cssproperty --chat-panel-height - Height of the popup panel (until the user resizes it).
 * @cssproperty --chat-panel-min-width - The narrowest the user can make the popup (320px).
 * @cssproperty --chat-panel-min-height - The lowest the user can make the popup (240px).
 * @cssproperty --chat-panel-bg - Background of the panel.
 * @cssproperty --chat-panel-shadow - Shadow of the popup panel and the button.
 * @cssproperty --chat-panel-list-width - Width of the conversation list.
 * @cssproperty --chat-panel-z-index - Stacking order of the popup, in browsers without the popover
 * API (elsewhere the popup is in the top layer).
 * @cssproperty --chat-launcher-size - Size of the floating button.
 *
 * @event {{ open: boolean }} chat-open-change - The popup was opened or closed by the user.
 * @event {{ conversationId: number, messageId?: number }} chat-conversation-select - Bubbles from
 * the list; cancel it to keep the current conversation.
 * @event {{ conversationId: number, action: string, assigneeId?: string }} chat-conversation-action -
 * Bubbles from the conversation menu before an action is sent; cancel it to stop the action.
 */
export class ChatPanel extends ChatElement {
  static override styles = [tokens, launcherStyles, channelIconStyles, styles];

  /** The connection a panel shares with the page (header badges and other standalone elements). */
  static clientFor(doc: Document = document): ChatClient | undefined {
    return sharedClient(doc);
  }

  readonly #l10n = new LocalizeController(this, terms);
  // Renders again when an element inside it brings its parts with its code (lib/parts.ts).
  readonly #parts = new PartsController(this, 'chat-panel');
  readonly #provider = new ContextProvider(this, { context: clientContext });

  /** Base http(s) URL of the chat server; the WebSocket is `<server>/ws`. Default: the page's origin. */
  @property() accessor server = '';

  /** A host-backend URL answering `{ token }` for the signed-in user; fetched on every (re)connect. */
  @property({ attribute: 'token-url' }) accessor tokenUrl = '';

  /** A fixed token (tests, demos); prefer `token-url` or `tokenProvider` for short-lived tokens. */
  @property({ attribute: false }) accessor token = '';

  /** Called on every (re)connect for a fresh token. */
  @property({ attribute: false }) accessor tokenProvider: (() => string | Promise<string>) | undefined;

  /** The connection in use. Set it to share an existing `ChatClient`; otherwise the panel makes one. */
  @property({ attribute: false }) accessor client: ChatClient | undefined;

  /**
   * `popup` or `section`, pinned by the host page. Unset (null, the default), the panel follows
   * the admin's setting (S-SET-2). Not defaulted to `popup`: reflected, a default would look like
   * the host's choice. What is in force is `effectiveMode`.
   */
  @property({ reflect: true }) accessor mode: PanelMode | null = null;

  /** The mode in force: the host's `mode`, else the admin's `displayMode`, else `popup`. Reflected as `data-mode`. */
  get effectiveMode(): PanelMode {
    const mode = this.mode === 'popup' || this.mode === 'section' ? this.mode : this.#settings.value?.displayMode;
    return mode === 'section' ? 'section' : 'popup';
  }

  /** Whether the popup is open (always shown in section mode). */
  @property({ type: Boolean, reflect: true }) accessor open = false;

  /** The open conversation, 0 for none. */
  @property({ attribute: 'conversation-id', type: Number, reflect: true }) accessor conversationId = 0;

  /** Puts the unread conversation count in front of the page title: «(3) CRM». */
  @property({ attribute: 'title-count', type: Boolean }) accessor titleCount = false;

  /**
   * Puts the bell in the header: it switches the user's desktop notifications (a personal
   * preference, also in `<chat-settings>`), asking the browser's permission on the first click.
   */
  @property({ type: Boolean }) accessor notifications = false;

  /** `light`, `dark` or `auto` (the system's); not set: the page's `color-scheme`. */
  @property({ reflect: true }) accessor theme: Theme | undefined;

  /** The browser's notification permission, as last seen. */
  @state() private accessor permission: NotificationPermission | 'unsupported' =
    typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;

  /** The history dialog's module was loaded (on first use): render it from now on. */
  @state() private accessor historyLoaded = false;
  /** S-DLG-7 "show attachments": the conversation whose files the dialog shows (0: closed). */
  @state() private accessor attachmentsOf = 0;

  /** Which list is shown: customers' conversations or internal chats with colleagues (S-DLG-14). */
  @state() private accessor listTab: 'customers' | 'colleagues' = 'customers';
  /** The open internal chat (its thread key is -id), 0 for none; it excludes `conversationId`. */
  @state() private accessor internalChatId = 0;
  @state() private accessor internalListLoaded = false;

  /** S-W-*: the CRM side of the open customer conversation is shown (next to the thread, or instead of it on a narrow panel). */
  @state() private accessor crmOpen = false;
  /** The user chose it themselves: the panel's width no longer decides. */
  #crmChosen = false;
  /** S-W-CUST: the menu over text selected in a customer's message. */
  @state() private accessor selectionMenu: SelectionMenu | null = null;
  /** Its renderer, a chunk loaded with the first selection. */
  #renderMenu: typeof renderSelectionMenu | undefined;

  /** On narrow panels, which half is on screen. */
  @state() private accessor view: 'list' | 'conversation' = 'list';

  readonly #unreadTotal = new StoreController(this, (s) => s.unreadTotal);
  readonly #connection = new StoreController(this, (s) => s.connection);
  readonly #connectionError = new StoreController(this, (s) => s.connectionError);
  // The open conversation only: the others' messages do not re-render the panel.
  readonly #conversation = new StoreController(this, (s) => (this.conversationId ? s.conversations[this.conversationId] : undefined));
  readonly #channels = new StoreController(this, (s) => s.channels);

  readonly #me = new StoreController(this, (s) => s.me);
  /** The user's personal preferences: notifications, sound, language (null until fetched). */
  readonly #prefs = new StoreController(this, (s) => s.prefs);
  /** S-SET-1 chats on/off and S-SET-2 the display mode (null before the first welcome). */
  readonly #settings = new StoreController(this, (s) => s.settings);
  /** The popup's window behaviour (a chunk): loaded on the first drag or arrow key on a handle, or for a user with a stored frame. */
  #window: Promise<PopupWindow> | undefined;
  /** The signed-in user last seen (to look for their stored frame once). */
  #user: string | undefined;
  /** The mode the host was last lifted into the top layer for (or taken out of it). */
  #raisedAs: PanelMode | undefined;
  readonly #internalUnread = new StoreController(this, (s) => s.internalUnread);
  /** The client whose internal chats were asked for (the tab shows their unread count). */
  #internalFor: ChatClient | undefined;
  #baseTitle: string | undefined;
  #ourTitle: string | undefined;
  #offEvents: (() => void) | undefined;
  /** The conversation header showed, to tell a conversation that left from one not loaded yet. */
  #shownConversation = 0;

  /** The client this panel made (and so must close); undefined when `client` came from outside. */
  #own: ChatClient | undefined;
  #shared: ChatClient | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    prefetchOnIntent(this);
    // Back in the document after a removal: make a new client if it closed ours, and share the
    // one in use with the page again (a header badge follows it).
    if (!this.client) this.requestUpdate('server');
    else this.#share();
    // Before the first render (which waits for the terms): the popover's look is undone by
    // `:host([data-mode='popup'])`, so an empty browser popover never shows meanwhile.
    this.#raisedAs = this.dataset['mode'] = this.effectiveMode;
    raise(this, this.#raisedAs === 'popup');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A move within the page disconnects and reconnects in one task: only a real removal closes.
    queueMicrotask(() => {
      if (this.isConnected) return;
      if (this.#own) {
        this.#own.close();
        if (this.client === this.#own) this.client = undefined;
        this.#own = undefined;
      }
      if (this.#shared) unshareClient(this.#shared, this.ownerDocument, this);
      this.#shared = undefined;
      this.#offEvents?.();
      this.#offEvents = undefined;
      this.#restoreTitle();
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // S-SET-2: the host's mode, else the admin's; switching keeps the rendered DOM (see render()).
    const mode = this.effectiveMode;
    if (this.dataset['mode'] !== mode) {
      // Focus in a section that turns into a closed popup would be lost: the button takes it.
      if (mode === 'popup' && !this.open && this.matches(':focus-within')) void this.updateComplete.then(() => this.#launcher()?.focus());
      this.dataset['mode'] = mode;
    }
    // S-SET-1: chats off hide the element, whatever the page's styles say (see the styles).
    const off = this.#chatsOff;
    if (off !== this.hasAttribute('data-chats-off')) {
      this.toggleAttribute('data-chats-off', off);
      // A modal left open in the hidden panel would keep the whole page inert.
      if (off) this.#closeDialogs();
    }
    // The user's language, for a page that sets none (every element on the page follows).
    const prefs = this.#prefs.value;
    if (prefs) setPreferredLang(prefs.language);
    // A user who moved or resized the popup finds it so again: the window module restores it.
    const user = this.#me.value?.id;
    if (user !== this.#user) {
      this.#user = user;
      if (user && !this.#window && hasStored(FRAME_KEY + user)) void this.#loadWindow();
    }
    // The conversation menu comes with the first customer conversation shown (a lazy chunk): a
    // panel starts with its list, and the menu's dialogs are not needed before.
    if (this.conversationId > 0) void import('../conversation-menu/conversation-menu.js');
    // The thread's code (a chunk, lib/conversation-view.ts) and the words of its bubbles' times:
    // fetched side by side rather than one after the other when a conversation is shown at once.
    if ((this.conversationId || this.internalChatId) && !customElements.get('chat-thread')) {
      prefetchConversationView();
      void loadTimeWords();
    }
    // S-W-*: a wide panel shows the CRM side with each customer conversation; a narrow one on demand.
    if (changed.has('conversationId') && this.conversationId > 0 && !this.#crmChosen) {
      this.crmOpen = (this.renderRoot.querySelector<HTMLElement>('[part~="panel"]')?.clientWidth ?? 0) >= CRM_SIDE_BY_SIDE;
    }
    // After the thread's code: the sidebar's would compete with it for the first frames.
    if (this.crmOpen && this.conversationId > 0) void loadConversationView().finally(() => import('../crm-sidebar/crm-sidebar.js'));
    if (changed.has('client') && this.#own && this.client !== this.#own) {
      // Someone handed us a client: ours is no longer needed.
      this.#own.close();
      this.#own = undefined;
    }
    const credentials = changed.has('server') || changed.has('tokenUrl') || changed.has('token') || changed.has('tokenProvider');
    if (credentials && this.isConnected && (!this.client || this.client === this.#own)) this.#connect();
    if (changed.has('client')) {
      this.#provider.setValue(this.client);
      this.#share();
      this.#offEvents?.();
      this.#offEvents = this.client?.on('event', (e) => {
        if (e.name === 'message.created') this.#announce(e.data.message.conversationId, e.data.message.author, e.data.message.text);
      });
    }
    if (changed.has('conversationId') && this.conversationId) {
      // A customer conversation (from the list, a notification, openConversation) shows with its list.
      this.view = 'conversation';
      this.internalChatId = 0;
      this.listTab = 'customers';
    }
    // The open conversation left (reassigned away, S-AUTH-3; removed): back to the list.
    const id = this.conversationId;
    if (id && this.#conversation.value) this.#shownConversation = id;
    else if (id && this.#shownConversation === id) {
      this.#shownConversation = 0;
      this.#leaveConversation();
    }
  }

  protected override updated(): void {
    const mode = this.effectiveMode;
    if (this.#raisedAs !== mode) raise(this, (this.#raisedAs = mode) === 'popup');
    this.#applyTitle();
    // S-DLG-14: the internal chats once per client, for the colleagues' tab count (the client
    // refetches them itself after a resync).
    const client = this.client;
    if (client && this.#connection.value === 'open' && !client.state.internalLoaded && this.#internalFor !== client) {
      this.#internalFor = client;
      client.loadInternalChats().catch(() => (this.#internalFor = undefined));
    }
  }

  // ---- unread in the title, desktop notifications (S-DLG-1) --------------------------------------

  #applyTitle(): void {
    const doc = this.ownerDocument;
    if (!this.titleCount || !this.isConnected || this.#chatsOff) return this.#restoreTitle();
    // The host may retitle its page: a title that is not ours is the new base.
    if (this.#baseTitle === undefined || doc.title !== this.#ourTitle) this.#baseTitle = doc.title;
    const n = this.#unreadTotal.value;
    const title = n > 0 ? `(${n}) ${this.#baseTitle}` : this.#baseTitle;
    if (doc.title !== title) doc.title = title;
    this.#ourTitle = title;
  }

  #restoreTitle(): void {
    if (this.#baseTitle === undefined) return;
    if (this.ownerDocument.title === this.#ourTitle) this.ownerDocument.title = this.#baseTitle;
    this.#baseTitle = this.#ourTitle = undefined;
  }

  /** Desktop notifications are on in the user's preferences. */
  get #notify(): boolean {
    return this.#prefs.value?.desktopNotifications === true;
  }

  /** The bell: the first click asks the browser (a user gesture, as browsers require), later ones switch. */
  async #toggleNotifications(): Promise<void> {
    if (typeof Notification === 'undefined') return;
    let on: boolean;
    if (Notification.permission === 'default') {
      this.permission = await Notification.requestPermission();
      on = this.permission === 'granted';
    } else {
      this.permission = Notification.permission;
      on = this.permission === 'granted' && !this.#notify;
    }
    await this.client?.setPrefs({ desktopNotifications: on }).catch(() => undefined);
  }

  /** A new customer message: the chime and the desktop notification, as the user's preferences say. */
  #announce(conversationId: number, author: { kind: string; name: string }, text: string): void {
    if (author.kind !== 'customer') return;
    const hidden = this.ownerDocument.visibilityState === 'hidden';
    // Not for the conversation the user is reading now.
    const reading = !hidden && this.conversationId === conversationId && (this.open || this.effectiveMode === 'section');
    if (this.#prefs.value?.sound && !reading) void import('../lib/chime.js').then((m) => m.playChime());
    if (!this.#notify || !hidden) return;
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    const n = new Notification(this.#l10n.term('newMessageFrom', isolate(author.name || this.#l10n.term('customer'))), {
      body: text,
      tag: `chatdesk-${conversationId}`,
      lang: this.#l10n.lang(),
    });
    n.onclick = () => {
      window.focus();
      this.openConversation(conversationId);
      n.close();
    };
  }

  /** (Re)creates the panel's own connection from the current server and token settings. */
  #connect(): void {
    if (this.#own) {
      // Another user (or server): the open conversation was the previous connection's.
      this.#own.close();
      this.#own = undefined;
      this.conversationId = 0;
      this.internalChatId = 0;
      this.view = 'list';
    }
    if (!this.token && !this.tokenProvider && !this.tokenUrl) {
      // Nothing to sign in with yet (e.g. the host page picks the user first).
      this.client = undefined;
      return;
    }
    const client = new ChatClient({ url: webSocketUrl(this.server || location.origin), token: () => this.#token() });
    this.#own = client;
    this.client = client;
    client.connect();
  }

  #token(): string | Promise<string> {
    if (this.tokenProvider) return this.tokenProvider();
    if (this.token) return this.token;
    return fetchToken(this.tokenUrl);
  }

  #share(): void {
    const doc = this.ownerDocument;
    if (this.#shared && this.#shared !== this.client) unshareClient(this.#shared, doc, this);
    this.#shared = this.client;
    if (this.client && this.isConnected) shareClient(this.client, doc, this);
  }

  /** Opens the popup and moves focus into it. */
  show(): void {
    this.#setOpen(true);
  }

  /** Closes the popup and returns focus to its button. */
  hide(): void {
    this.#setOpen(false);
  }

  /** Opens a conversation (e.g. from a customer card) and shows the panel. */
  openConversation(conversationId: number): void {
    this.conversationId = conversationId;
    this.view = 'conversation';
    this.show();
  }

  #setOpen(open: boolean): void {
    if (this.open === open) return;
    this.open = open;
    // A modal left open inside the hidden panel would keep the whole page inert.
    if (!open) this.#closeDialogs();
    emit<ChatOpenChangeDetail>(this, 'chat-open-change', { open });
    void this.updateComplete.then(() => {
      if (open) this.#focusInside();
      else this.#launcher()?.focus();
    });
  }

  #closeDialogs(): void {
    for (const el of this.renderRoot.querySelectorAll('chat-conversation-menu, chat-message-history')) el.shadowRoot?.querySelector('dialog')?.close();
  }

  #launcher(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('[part~="launcher"]');
  }

  /** S-SET-1: the admin switched chats off (unknown before the first welcome: on). */
  get #chatsOff(): boolean {
    return this.#settings.value?.chatsEnabled === false;
  }

  // ---- the popup as a window (S-SET-2): moved, resized, kept in view, remembered ---------------

  #loadWindow(): Promise<PopupWindow> {
    return (this.#window ??= import('./panel-window.js').then((m) => new m.PopupWindow(this, FRAME_KEY)));
  }

  /** A pointer down on the header (move) or the grip (resize); the code that follows it comes on first use. */
  #onPointerDown(e: PointerEvent): void {
    const handle = e.currentTarget as HTMLElement;
    const resize = handle.matches('[part~="resize-handle"]');
    // The header's buttons (close, the bell) are not handles; the move handle is.
    const button = (e.target as Element).closest('button');
    if (e.button !== 0 || (button && button !== handle && !button.matches('[part~="move-handle"]'))) return;
    // Captured now, so the gesture is the header's even while its module loads; where the pointer
    // went meanwhile is kept, so a gesture over before the module came still moves the popup.
    handle.setPointerCapture(e.pointerId);
    let last: PointerEvent | undefined;
    const note = (m: PointerEvent): void => {
      if (m.pointerId === e.pointerId) last = m;
    };
    handle.addEventListener('pointermove', note);
    handle.addEventListener('pointerup', note);
    void this.#loadWindow().then((w) => {
      handle.removeEventListener('pointermove', note);
      handle.removeEventListener('pointerup', note);
      w.drag(handle, e, resize, last);
    });
  }

  /** Arrow keys on a handle move or resize the popup (16 px, 64 px with Shift). */
  #onHandleKeydown(e: KeyboardEvent): void {
    if (!e.key.startsWith('Arrow') || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault(); // no page scrolling
    const resize = (e.currentTarget as Element).matches('[part~="resize-handle"]');
    void this.#loadWindow().then((w) => w.nudge(e.key, e.shiftKey, resize));
  }

  #focusInside(): void {
    if ((this.conversationId || this.internalChatId) && this.view === 'conversation') {
      // The composer's code may still be on its way (a panel opened on a conversation at start).
      const composer = () => this.renderRoot.querySelector<ChatComposer>('chat-composer');
      if (customElements.get('chat-composer')) composer()?.focus();
      else
        void this.#viewLoaded().then(async (moved) => {
          await composer()?.updateComplete;
          if (!moved) composer()?.focus();
        });
    } else this.#focusList();
  }

  /** Focus on the shown list's tab stop (the open conversation's row), else the close button. */
  #focusList(): void {
    const list = this.renderRoot.querySelector(this.listTab === 'customers' ? 'chat-conversation-list' : 'chat-internal-list')?.shadowRoot;
    const row = list?.querySelector<HTMLElement>('[role="option"][tabindex="0"]') ?? list?.querySelector<HTMLElement>('input, button');
    (row ?? this.renderRoot.querySelector<HTMLElement>('[part~="close-button"]'))?.focus();
  }

  /** The open conversation went (reassigned away, marked unread): focus that was in it goes to the list. */
  #leaveConversation(): void {
    const inside = this.renderRoot.querySelector('[part~="conversation"]')?.matches(':focus-within');
    this.conversationId = 0;
    this.view = 'list';
    if (inside) void this.updateComplete.then(() => this.#focusList());
  }

  /**
   * Escape belongs to the innermost layer. A layer that took it (a menu, the search box, the
   * composer's reply mode, the filters) marks it handled with `preventDefault`; a native modal
   * `<dialog>` closes itself as the key's default action, which preventing here would cancel,
   * leaving it open (and the page inert) inside the hidden panel. So the panel closes only on an
   * Escape that no layer took.
   */
  #onKeydown(e: KeyboardEvent): void {
    if (e.key !== 'Escape' || e.defaultPrevented || this.effectiveMode !== 'popup' || !this.open) return;
    if (e.composedPath().some((n) => n instanceof HTMLDialogElement && n.open)) return;
    e.preventDefault();
    this.hide();
  }

  #onSelect(e: CustomEvent<ChatConversationSelectDetail>): void {
    if (e.defaultPrevented) return;
    this.conversationId = e.detail.conversationId;
    this.view = 'conversation';
    // A search hit (S-DLG-3): the thread opens at the matched message.
    void this.#focusThread(e.detail.messageId);
  }

  /**
   * Chosen in a list: focus goes to the thread, on the message it opens at (the search hit, the
   * first unread, else the newest), so the reader hears it and Tab reaches the composer.
   */
  async #focusThread(messageId?: number): Promise<void> {
    const moved = await this.#viewLoaded();
    await this.updateComplete;
    const thread = this.renderRoot.querySelector<ChatThread>('chat-thread');
    if (!thread || !customElements.get('chat-thread')) return;
    await thread.updateComplete;
    if (messageId !== undefined) void thread.revealMessage(messageId);
    if (!moved) thread.focus();
  }

  /**
   * Waits for the conversation's elements (lib/conversation-view.ts); true when the user moved
   * focus to something else in the panel meanwhile (the conversation's menu, say): it then stays
   * there. Focus that fell out of the panel (the narrow panel hid the list it was on) did not move.
   */
  async #viewLoaded(): Promise<boolean> {
    if (customElements.get('chat-thread') && customElements.get('chat-composer')) return false;
    const before = this.shadowRoot?.activeElement ?? null;
    // Not fetched (the network): focus stays; the panel's next update asks again.
    const ok = await loadConversationView().then(() => true, () => false);
    const now = this.shadowRoot?.activeElement ?? null;
    return !ok || (now !== null && now !== before);
  }

  /** The narrow panel's ← : back to the list, focus on the row of the conversation it came from. */
  async #back(): Promise<void> {
    this.view = 'list';
    await this.updateComplete;
    this.#focusList();
  }

  // ---- internal chats (S-DLG-14) -----------------------------------------------------------------

  async #showTab(tab: 'customers' | 'colleagues', focus = false): Promise<void> {
    this.listTab = tab;
    if (tab === 'colleagues' && !this.internalListLoaded) {
      // Loaded on first use: the start-up bundle carries only the tabs.
      await import('../internal-list/internal-list.js');
      this.internalListLoaded = true;
    }
    if (!focus) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[part~="tab"][data-tab="${tab}"]`)?.focus();
  }

  /** The tablist pattern: with two tabs, either arrow moves to the other one. */
  #onTabKeydown(e: KeyboardEvent): void {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    void this.#showTab(this.listTab === 'customers' ? 'colleagues' : 'customers', true);
  }

  #onInternalSelect(e: CustomEvent<ChatInternalSelectDetail>): void {
    if (e.defaultPrevented) return;
    this.conversationId = 0;
    this.internalChatId = e.detail.chatId;
    this.view = 'conversation';
    void this.#focusThread();
  }

  #renderTabs() {
    const unread = Object.keys(this.#internalUnread.value).length;
    const tab = (id: 'customers' | 'colleagues', label: string, extra: unknown = nothing) =>
      html`<button
        part="tab${this.listTab === id ? ' tab-selected' : ''}"
        type="button"
        role="tab"
        id="tab-${id}"
        data-tab=${id}
        aria-selected=${this.listTab === id ? 'true' : 'false'}
        aria-controls="list-pane"
        tabindex=${this.listTab === id ? '0' : '-1'}
        @click=${() => void this.#showTab(id)}
      >
        ${label}${extra}
      </button>`;
    return html`<div part="tabs" role="tablist" aria-label=${this.#l10n.term('lists')} @keydown=${this.#onTabKeydown}>
      ${tab('customers', this.#l10n.term('customers'))}
      ${tab(
        'colleagues',
        this.#l10n.term('colleagues'),
        unread
          ? html` <span part="tab-unread"><span aria-hidden="true">${unread}</span><span class="visually-hidden">${this.#l10n.term('unreadChats', unread)}</span></span>`
          : nothing,
      )}
    </div>`;
  }

  #renderInternalHeader() {
    // Read, not subscribed: a chat is in the store before it can be chosen, and its name holds still.
    const chat = this.client?.state.internalChats[this.internalChatId];
    if (!chat) return nothing;
    const me = this.#me.value?.id;
    // A group by its title, a direct chat by the other member's name (as the list names them).
    return html`<h3 part="conversation-title"><bdi>${chat.kind === 'group' ? chat.title : chat.members.find((m) => m.id !== me)?.name}</bdi></h3>`;
  }

  #onAction(e: CustomEvent<ChatConversationActionDetail>): void {
    // Marked unread "for me": leave it, or the open thread would read it again at once.
    if (e.defaultPrevented || e.detail.action !== 'markUnread' || e.detail.conversationId !== this.conversationId) return;
    this.#leaveConversation();
  }

  #renderNotificationsButton() {
    if (!this.notifications || this.permission === 'unsupported' || this.#refused) return nothing;
    const denied = this.permission === 'denied';
    const on = this.#notify && this.permission === 'granted';
    const label = denied ? this.#l10n.term('notificationsDenied') : this.#l10n.term('enableNotifications');
    return html`<button
      part="notifications-button"
      type="button"
      aria-pressed=${on ? 'true' : 'false'}
      aria-label=${label}
      title=${on ? this.#l10n.term('notificationsOn') : label}
      ?disabled=${denied}
      @click=${() => void this.#toggleNotifications()}
    >
      ${icon(bellPath, on)}
    </button>`;
  }

  // ---- the message menu (S-DLG-7): quote and edit in the composer, the audit trail -------------

  /** Reply or Edit in a message's menu: the composer quotes or edits it (and takes focus). */
  #onMenu(e: CustomEvent<{ messageId: number }>): void {
    const composer = this.renderRoot.querySelector<ChatComposer>('chat-composer');
    const message = composer && this.client?.state.threads[composer.conversationId]?.messages.find((m) => m.id === e.detail.messageId);
    if (!composer || !message) return;
    // (Both take focus; the menu gave it back to its message before this event.)
    if (e.type === 'chat-reply') composer.quote(message);
    else composer.edit(message);
  }

  async #onHistory(e: CustomEvent<{ messageId: number }>): Promise<void> {
    // Loaded on first use: most sessions never open it (bundle budget).
    await import('../message-history/message-history.js');
    this.historyLoaded = true;
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector('chat-message-history')!;
    dialog.messageId = e.detail.messageId;
    void dialog.show();
  }

  /** Closed for good with 4003 (FORBIDDEN): this CRM user may not use chats. */
  get #refused(): boolean {
    return this.#connection.value === 'closed' && this.#connectionError.value?.code === 'FORBIDDEN';
  }

  #renderBanner() {
    const status = this.#connection.value;
    const error = this.#connectionError.value;
    let text = '';
    if (status === 'connecting') text = this.#l10n.term('connecting');
    else if (status === 'reconnecting') text = this.#l10n.term('reconnecting');
    else if (status === 'origin_refused') text = this.#l10n.term('originRefused');
    // The server's reason is English: a technical detail in the title, the words are ours.
    else if (status === 'closed' && error && !this.#refused) text = this.#l10n.term('disconnected');
    return html`<div part="banner" role="status" title=${(text && error?.message) || nothing} ?hidden=${!text}>${text}</div>`;
  }

  #renderPanel(popup: boolean) {
    const conversation = this.#conversation.value;
    // One thread and one composer serve both: an internal chat's thread key is -chatId (S-DLG-14).
    const key = this.internalChatId ? -this.internalChatId : this.conversationId;
    return html`<section
      part="panel"
      id="panel"
      role=${popup ? 'dialog' : 'region'}
      aria-label=${this.#l10n.term('chat')}
      ?hidden=${popup && !this.open}
      @keydown=${this.#onKeydown}
    >
      ${popup || this.notifications
        ? html`<div part="header" @pointerdown=${popup ? this.#onPointerDown : nothing}>
            ${popup
              ? html`<button
                  part="move-handle"
                  type="button"
                  aria-label=${this.#l10n.term('moveWindow')}
                  aria-keyshortcuts=${HANDLE_KEYS}
                  @keydown=${this.#onHandleKeydown}
                >
                  ${icon(movePath)}
                </button>`
              : nothing}
            <h2 part="title">${this.#l10n.term('chat')}</h2>
            ${this.#renderNotificationsButton()}
            ${popup
              ? html`<button part="close-button" type="button" aria-label=${this.#l10n.term('closeChat')} @click=${() => this.hide()}>${icon(closePath)}</button>`
              : nothing}
          </div>`
        : nothing}
      ${this.#renderBanner()}
      ${this.#refused
        ? html`<p part="no-access" role="alert" title=${this.#connectionError.value!.message}>${errorWords(this, this.#l10n.lang())?.noAccess}</p>`
        : this.#renderBody(conversation, key)}
      ${popup
        ? html`<button
            part="resize-handle"
            type="button"
            aria-label=${this.#l10n.term('resizeWindow')}
            aria-keyshortcuts=${HANDLE_KEYS}
            @pointerdown=${this.#onPointerDown}
            @keydown=${this.#onHandleKeydown}
          >
            ${icon(gripPath)}
          </button>`
        : nothing}
      ${this.historyLoaded ? html`<chat-message-history part="history" exportparts=${exportparts('chat-message-history')}></chat-message-history>` : nothing}
      ${this.attachmentsOf
        ? html`<chat-attachments-dialog
            part="attachments-dialog"
            exportparts=${exportparts('chat-attachments-dialog')}
            .conversationId=${this.attachmentsOf}
            @chat-reveal=${this.#onRevealFromDialog}
            @chat-attachments-close=${() => (this.attachmentsOf = 0)}
          ></chat-attachments-dialog>`
        : nothing}
    </section>`;
  }

  /** Text selected in a customer's message (the pointer let go, or a right click on it): the menu opens there. */
  #onSelectionEnd(e: MouseEvent): void {
    // A focused message's own menu (its context-menu key) took it.
    if (e.defaultPrevented) return;
    const text = selectedCustomerText(e);
    if (!text) return;
    if (e.type === 'contextmenu') e.preventDefault();
    const menu = { text, x: e.clientX, y: e.clientY };
    void import('./selection-menu.js').then(async (m) => {
      this.#renderMenu = m.renderSelectionMenu;
      this.selectionMenu = menu;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part~="selection-menu-item"]')?.focus();
    });
  }

  #closeSelectionMenu(): void {
    this.selectionMenu = null;
  }

  /** S-W-CUST / S-W-PROD: the chosen action goes to the CRM side, which opens for it. */
  async #onSelectionAction(action: SelectionAction): Promise<void> {
    const text = this.selectionMenu?.text;
    this.selectionMenu = null;
    if (!text) return;
    this.crmOpen = true;
    await import('../crm-sidebar/crm-sidebar.js');
    await this.updateComplete;
    const sidebar = this.renderRoot.querySelector('chat-crm-sidebar');
    if (!sidebar) return;
    await sidebar.updateComplete;
    if (action === 'product') await sidebar.findProduct(text);
    else await sidebar.fill(action, text);
  }

  /** The header's card button: the CRM side shown or hidden, as the user chose from now on. */
  #toggleCrm(): void {
    this.#crmChosen = true;
    this.crmOpen = !this.crmOpen;
  }

  /** S-DLG-7: the menu's "Show attachments" opens the dialog (its own chunk). */
  async #onShowAttachments(e: CustomEvent<{ conversationId: number }>): Promise<void> {
    await import('../attachments/attachments-dialog.js');
    this.attachmentsOf = e.detail.conversationId;
    await this.updateComplete;
    await this.renderRoot.querySelector('chat-attachments-dialog')?.show();
  }

  /** "Show in conversation" from the dialog: the thread scrolls to the message and focuses it. */
  async #onRevealFromDialog(e: CustomEvent<{ messageId: number }>): Promise<void> {
    e.stopPropagation();
    await this.renderRoot.querySelector('chat-thread')?.revealMessage(e.detail.messageId);
  }

  /** S-DLG-9: files dragged over the thread are offered to the composer (it knows whether the channel takes them). */
  #onDragOver(e: DragEvent): void {
    const composer = this.renderRoot.querySelector<ChatComposer>('chat-composer');
    if (e.defaultPrevented || !composer?.acceptFiles || composer.disabled || !e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }

  #onDrop(e: DragEvent): void {
    const composer = this.renderRoot.querySelector<ChatComposer>('chat-composer');
    const files = [...(e.dataTransfer?.files ?? [])];
    // A drop on the composer itself was taken there.
    if (e.defaultPrevented || !composer || files.length === 0) return;
    e.preventDefault();
    void composer.addFiles(files);
  }

  /** The lists and the open conversation (none of it for a user who may not use chats). */
  #renderBody(conversation: Conversation | undefined, key: number) {
    // The channel port's word (welcome.channels): no module delivers this channel, so nothing can be sent.
    const caps = conversation && capabilitiesOf(this.#channels.value, conversation.channel.id);
    const disconnected = !!caps && !caps.connected;
    // S-DLG-9: files where the channel carries any (an internal chat always does).
    const acceptFiles = this.internalChatId ? true : !!caps && caps.connected && (caps.image || caps.file || caps.audio);
    const crm = this.crmOpen && !this.internalChatId && !!conversation;
    return html`<div part="body" data-view=${this.view}>
        <div part="lists">
          ${this.#renderTabs()}
          <div id="list-pane" role="tabpanel" aria-labelledby="tab-${this.listTab}">
            <chat-conversation-list
              part="conversation-list"
              exportparts=${exportparts('chat-conversation-list')}
              ?hidden=${this.listTab !== 'customers'}
              .selected=${this.conversationId}
              @chat-conversation-select=${this.#onSelect}
            ></chat-conversation-list>
            ${this.internalListLoaded
              ? html`<chat-internal-list
                  part="internal-list"
                  exportparts=${exportparts('chat-internal-list')}
                  ?hidden=${this.listTab !== 'colleagues'}
                  .selected=${this.internalChatId}
                  @chat-internal-select=${this.#onInternalSelect}
                ></chat-internal-list>`
              : nothing}
          </div>
        </div>
        <div
          part="conversation"
          ?data-crm=${crm}
          @pointerup=${this.#onSelectionEnd}
          @contextmenu=${this.#onSelectionEnd}
          @dragover=${this.#onDragOver}
          @drop=${this.#onDrop}
          @chat-reply=${this.#onMenu}
          @chat-edit=${this.#onMenu}
          @chat-history=${this.#onHistory}
        >
          <div part="conversation-header">
            <button part="back-button" type="button" aria-label=${this.#l10n.term('conversations')} @click=${() => this.#back()}>${icon(backPath)}</button>
            ${this.internalChatId
              ? this.#renderInternalHeader()
              : conversation
              ? html`<h3 part="conversation-title"><bdi>${conversation.customer.name}</bdi></h3>
                  <span part="conversation-channel">${channelIcon(conversation.channel.kind)}<bdi>${conversation.channel.name}</bdi></span>
                  ${conversation.status === 'closed' ? html`<span part="conversation-status">${this.#l10n.term('closed')}</span>` : nothing}
                  <button
                    part="crm-button"
                    type="button"
                    aria-expanded=${this.crmOpen ? 'true' : 'false'}
                    aria-controls=${crm ? 'crm' : nothing}
                    aria-label=${this.#l10n.term('crmToggle')}
                    title=${this.#l10n.term('crmToggle')}
                    @click=${() => this.#toggleCrm()}
                  >
                    ${icon(cardPath)}
                  </button>
                  <chat-conversation-menu
                    part="conversation-menu"
                    exportparts=${exportparts('chat-conversation-menu')}
                    .conversationId=${conversation.id}
                    @chat-conversation-action=${this.#onAction}
                    @chat-show-attachments=${this.#onShowAttachments}
                  ></chat-conversation-menu>`
              : nothing}
          </div>
          <chat-thread part="thread" exportparts=${exportparts('chat-thread')} .conversationId=${key}></chat-thread>
          <chat-composer
            part="composer"
            exportparts=${exportparts('chat-composer')}
            ?disabled=${!key || !!conversation?.customer.blocked || disconnected}
            label=${conversation?.customer.blocked
              ? this.#l10n.term('customerBlocked')
              : disconnected
              ? this.#l10n.term('channelDisconnected', conversation?.channel.name ?? '')
              : ''}
            .conversationId=${key}
            .maxChars=${caps ? Math.min(limits.maxMessageChars, caps.maxTextChars || limits.maxMessageChars) : limits.maxMessageChars}
            ?accept-files=${acceptFiles}
            .fileRules=${this.internalChatId || !caps ? undefined : caps}
          ></chat-composer>
          ${crm ? html`<chat-crm-sidebar id="crm" part="crm" exportparts=${exportparts('chat-crm-sidebar')} .conversationId=${conversation!.id}></chat-crm-sidebar>` : nothing}
          ${this.selectionMenu && this.#renderMenu && !this.internalChatId
            ? this.#renderMenu(
                this.selectionMenu,
                {
                  label: this.#l10n.term('selectionMenu'),
                  actions: {
                    name: this.#l10n.term('setAsName'),
                    phone: this.#l10n.term('setAsPhone'),
                    email: this.#l10n.term('setAsEmail'),
                    address: this.#l10n.term('setAsAddress'),
                    product: this.#l10n.term('findProduct'),
                  },
                },
                (action) => void this.#onSelectionAction(action),
                () => this.#closeSelectionMenu(),
              )
            : nothing}
        </div>
      </div>`;
  }

  override render() {
    // One template for both modes: switching (S-SET-2) keeps the panel's DOM, and with it the
    // open conversation, the composer's text and the thread's scroll.
    const popup = this.effectiveMode === 'popup';
    return html`${this.#renderPanel(popup)}${popup ? this.#renderLauncher() : nothing}`;
  }

  #renderLauncher() {
    const unread = this.#unreadTotal.value;
    const label = this.open ? this.#l10n.term('closeChat') : this.#l10n.term('openChat');
    return html`<button
        part="launcher"
        type="button"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="panel"
        aria-label=${unread ? `${label}. ${this.#l10n.term('unreadConversations', unread)}` : label}
        @click=${() => this.#setOpen(!this.open)}
      >
        ${icon(chatPath)}
        ${unread ? html`<span part="launcher-badge" aria-hidden="true">${unread > 99 ? '99+' : unread}</span>` : nothing}
      </button>`;
  }
}
