import { html } from 'lit';
import { ContextConsumer } from '@lit/context';
import type { ChatClient } from '@chatdesk/client';
import { clientContext } from '../lib/context.js';
import { LocalizeController } from '../lib/localize.js';
import { PopoverButton, popoverButtonStyles } from '../lib/popover-button.js';
import { defineParts, exportparts, PartsController } from '../lib/parts.js';
import { tokens } from '../lib/theme.js';
import { quickRepliesTerms } from './quick-replies.i18n.js';
import styles from './quick-replies.styles.js';

// Its parts as the elements around it export them (lib/parts.ts): the `@csspart` tags below.
defineParts('chat-quick-replies', 'button popover', ['chat-quick-replies-popover']);

/** Detail of `chat-quick-reply-insert`. */
export interface ChatQuickReplyInsertDetail {
  /** The reply rendered for the conversation's customer (S-QR-4): the manager may edit it before sending. */
  text: string;
  /** The reply chosen. */
  replyId: number;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-quick-reply-insert': CustomEvent<ChatQuickReplyInsertDetail>;
  }
}

/** A lightning bolt (here rather than in lib/icons.ts: only this button draws it). */
const boltPath = 'M13 2 4 14h7l-1 8 9-12h-7Z';

/**
 * @summary The quick replies' lightning button (S-QR-1, S-QR-2, S-DLG-10): it opens a searchable
 * list of the replies grouped by category; choosing one renders it for the conversation's
 * customer and reports the text for a composer to insert, where the manager may still edit it.
 *
 * Only the button is in the bundle that uses it. The popover (`<chat-quick-replies-popover>`), its
 * words, the list of replies and, for editors, the edit dialog load on the first opening, as lazy
 * chunks. The list is loaded once per connection (`quickReplies.list`) and kept current by the
 * server's `quickReplies.changed` events; the search filters it here, in any case, «ё» = «е».
 *
 * Choosing a reply calls `quickReplies.render {conversationId, replyId}`; the rendered text comes
 * in `chat-quick-reply-insert`. A reply that cannot be rendered (a template error, with its line;
 * `LIMIT_EXCEEDED`: too long or too heavy) shows why in the popover and inserts nothing.
 *
 * With no replies the popover says «Быстрых ответов пока нет» / "No quick replies yet". Admins and
 * chat admins (token rights `admin` or `chat_admin`) also get «Создать первый ответ» / "Create the
 * first reply" there, and a pencil toggle (`aria-pressed`) for an edit mode: New reply, New
 * category, Edit and Delete per reply (Delete asks first), Rename and Delete per category (its
 * replies stay, uncategorised). New and Edit open the «Новый быстрый ответ» / "New quick reply"
 * dialog: command (after `/`), title, category, text (2000 characters, whitespace counted, with a
 * counter), buttons that insert variables at the caret (`{{ customer.firstName }}` …) and a live
 * preview rendered for this conversation's customer. Other users never see these controls (and
 * the server refuses them anyway).
 *
 * Keyboard: Enter or Space on the button opens the popover with focus in its search field; type to
 * filter, ArrowUp/ArrowDown move through the replies, Enter chooses; Escape closes (focus returns
 * to the button, before `chat-quick-reply-insert`, so a composer may take it back). A press
 * outside and Tab out of it close it too. In edit mode Tab moves through the controls; Escape in
 * the dialog closes the dialog only, and focus returns to the control that opened it.
 *
 * @csspart button - The lightning button.
 * @csspart popover - The popover (`<chat-quick-replies-popover>`, role `dialog`); its parts, and its
 *   edit dialog's (`<chat-quick-reply-dialog>`), as `quick-replies-popover-…` and `quick-reply-dialog-…`.
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
 *
 * @cssproperty --chat-quick-replies-button-color - Colour of the button's icon (default: `--chat-muted`).
 * @cssproperty --chat-quick-replies-button-size - Width and height of the button (default 2.4em).
 * @cssproperty --chat-quick-replies-bg - Background of the popover and the dialog (default: `--chat-surface`).
 * @cssproperty --chat-quick-replies-border - Colour of their borders (default: `--chat-border`).
 * @cssproperty --chat-quick-replies-active-bg - Background of the reply the arrows are on (default: `--chat-surface-alt`).
 * @cssproperty --chat-quick-replies-command-color - Colour of `/command` (default: `--chat-accent`).
 * @cssproperty --chat-quick-replies-width - Width of the popover (default 22rem).
 * @cssproperty --chat-quick-replies-max-height - Height the list grows to before it scrolls (default 20rem).
 * @cssproperty --chat-quick-replies-z-index - Stacking order of the popover, in browsers without
 *   the popover API (elsewhere it is in the top layer).
 *
 * @event {{ text: string, replyId: number }} chat-quick-reply-insert - A reply was chosen and rendered for the conversation.
 */
export class ChatQuickReplies extends PopoverButton {
  static override styles = [tokens, popoverButtonStyles, styles];

  // `static properties` and a ContextConsumer rather than decorators (lib/popover-button.ts says
  // why); open and disabled are the base's.
  static override properties = {
    client: { attribute: false },
    conversationId: { attribute: 'conversation-id', type: Number },
  };

  readonly #l10n = new LocalizeController(this, quickRepliesTerms);
  // Renders again when an element inside it brings its parts with its code (lib/parts.ts).
  readonly #parts = new PartsController(this, 'chat-quick-replies');

  /** The connection; from a surrounding `<chat-panel>` (context) unless set. */
  declare client: ChatClient | undefined;

  /** The customer conversation the replies are rendered for (S-QR-4); 0: none (nothing can be inserted). */
  declare conversationId: number;

  constructor() {
    super();
    this.conversationId = 0;
    new ContextConsumer(this, { context: clientContext, subscribe: true, callback: (client) => (this.client = client) });
  }

  protected label(): string {
    return this.#l10n.term('quickReplies');
  }

  protected iconPath(): string {
    return boltPath;
  }

  protected loadPopover(): Promise<unknown> {
    return import('./quick-replies-popover.js');
  }

  protected renderPopover() {
    return html`<chat-quick-replies-popover part="popover" exportparts=${exportparts('chat-quick-replies-popover')} .button=${this}></chat-quick-replies-popover>`;
  }
}
