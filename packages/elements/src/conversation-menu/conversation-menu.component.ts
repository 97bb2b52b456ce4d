import { html, nothing } from 'lit';
import { ChatElement } from '../lib/chat-element.js';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { applyEvent, type ChatClient } from '@chatdesk/client';
import type { Assignee, Conversation } from '@chatdesk/protocol';
import { clientContext } from '../lib/context.js';
import { bidiText, isolate } from '../lib/bidi.js';
import { errorWords, refusalOf, type Refusal } from '../lib/errors.js';
import { emit } from '../lib/events.js';
import { morePath } from '../lib/crm-icons.js';
import { icon } from '../lib/icons.js';
import { terms } from '../i18n/index.js';
import { LocalizeController } from '../lib/localize.js';
import { StoreController } from '../lib/store-controller.js';
import { tokens } from '../lib/theme.js';
import { defineParts } from '../lib/parts.js';
import styles from './conversation-menu.styles.js';

// Its parts as the elements around it export them (lib/parts.ts): the `@csspart` tags below.
defineParts(
  'chat-conversation-menu',
  'trigger menu item dialog dialog-title dialog-text confirm-button cancel-button assignees assignee assignee-online assignee-current assignee-name assignee-state assignee-load error',
);

/** What the menu can do to a conversation (S-DLG-6, S-DLG-7). */
export const conversationActions = {
  close: 'close',
  reopen: 'reopen',
  markUnread: 'markUnread',
  block: 'block',
  unblock: 'unblock',
  unlink: 'unlink',
  assign: 'assign',
} as const;
export type ConversationAction = (typeof conversationActions)[keyof typeof conversationActions];

export interface ChatConversationActionDetail {
  conversationId: number;
  action: ConversationAction;
  /** For `assign`: the manager chosen in the picker. */
  assigneeId?: string;
}

/**
 * @summary The three-dots menu of an open conversation (S-DLG-7): close or reopen, mark as unread
 * (for me only), block or unblock the customer, unlink the customer (after a confirmation), and
 * reassign (S-DLG-6) through a picker of the managers who can take it, with their online state
 * and load. Reassign is offered to admins, chat admins and the conversation's manager only (the
 * server enforces it anyway).
 *
 * A `menu` button: Enter, Space or ↓ opens the menu on its first item, ↑ on its last; ↑/↓,
 * Home/End move; Enter or Space runs an item; Escape or Tab closes it and focus returns to the
 * button. The confirmation and the picker are native modal dialogs: Escape closes the dialog
 * only (nothing around it hears the key) and focus returns to the button; the picker moves focus
 * to the first manager who can take it once the list is in.
 *
 * @csspart trigger - The three-dots button.
 * @csspart menu - The `menu`.
 * @csspart item - Each `menuitem`.
 * @csspart dialog - The modal `<dialog>` of the confirmation and of the picker.
 * @csspart dialog-title - The dialog's heading.
 * @csspart dialog-text - The confirmation's question.
 * @csspart confirm-button - Confirms the unlink.
 * @csspart cancel-button - Closes the dialog without doing anything.
 * @csspart assignees - The picker's list of managers.
 * @csspart assignee - One manager's button.
 * @csspart assignee-online - Added to `assignee` when the manager is online.
 * @csspart assignee-current - Added to `assignee` of the manager the conversation is assigned to.
 * @csspart assignee-name - The manager's name.
 * @csspart assignee-state - Online or offline.
 * @csspart assignee-load - How many open conversations they carry.
 * @csspart error - Why the last action failed (`role=alert`), in the user's language by error code
 * and `details.reason`; the server's own message is its `title`.
 *
 * @cssproperty --chat-menu-bg - Background of the menu and the dialog.
 * @cssproperty --chat-menu-shadow - Shadow of the menu and the dialog.
 * @cssproperty --chat-menu-item-hover-bg - Background of the hovered or focused item.
 * @cssproperty --chat-menu-online - Colour of the online marker (default: `--chat-success`).
 *
 * @event {{ conversationId: number }} chat-show-attachments - "Show attachments" was chosen (S-DLG-7): the
 * panel opens the conversation's images and files.
 * @event {{ conversationId: number, action: ConversationAction, assigneeId?: string }} chat-conversation-action -
 * An action is about to be sent to the server. Cancelable: when prevented, nothing is done.
 */
export class ChatConversationMenu extends ChatElement {
  static override styles = [tokens, styles];

  readonly #l10n = new LocalizeController(this, terms);

  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  accessor client: ChatClient | undefined;

  /** The conversation the menu acts on. */
  @property({ attribute: 'conversation-id', type: Number, reflect: true }) accessor conversationId = 0;

  @state() private accessor open = false;
  @state() private accessor dialog: 'unlink' | 'assign' | null = null;
  @state() private accessor assignees: readonly Assignee[] | null = null;
  /** Why the last action failed; worded at render, in the user's language. */
  @state() private accessor error: Refusal | null = null;
  @state() private accessor busy = false;

  readonly #shown = new StoreController(this, (s) => s.conversations[this.conversationId]);

  get #conversation(): Conversation | undefined {
    return this.#shown.value;
  }


  #items(): { action: ConversationAction | 'pick' | 'attachments'; label: string }[] {
    const c = this.#conversation;
    if (!c) return [];
    const t = (k: 'closeConversation' | 'reopenConversation' | 'markUnread' | 'reassign' | 'blockCustomer' | 'unblockCustomer' | 'unlinkCustomer' | 'showAttachments') =>
      this.#l10n.term(k);
    // What the server says this reader may do (Conversation.can: S-DLG-6 reassign, S-DLG-7 the rest).
    const can = c.can;
    const items: { action: ConversationAction | 'pick' | 'attachments'; label: string }[] = [];
    if (can?.close) items.push(c.status === 'open' ? { action: 'close', label: t('closeConversation') } : { action: 'reopen', label: t('reopenConversation') });
    items.push({ action: 'markUnread', label: t('markUnread') });
    if (can?.assign) items.push({ action: 'pick', label: t('reassign') });
    if (can?.block) items.push(c.customer.blocked ? { action: 'unblock', label: t('unblockCustomer') } : { action: 'block', label: t('blockCustomer') });
    if (can?.unlink) items.push({ action: 'unlink', label: t('unlinkCustomer') });
    // S-DLG-7: images and files in two tabs (a dialog of the panel's).
    items.push({ action: 'attachments', label: t('showAttachments') });
    return items;
  }

  /** Opens the menu and focuses its first (or last) item. */
  show(focus: 'first' | 'last' = 'first'): void {
    // While an action runs the button stays focusable (`aria-disabled`, not `disabled`): a disabled
    // button would drop the focus it got back from the dialog to the page.
    if (!this.#conversation || this.busy) return;
    this.open = true;
    this.error = null;
    void this.updateComplete.then(() => {
      const items = this.#menuItems();
      (focus === 'first' ? items[0] : items[items.length - 1])?.focus();
    });
  }

  /** Closes the menu; focus goes back to the button unless `restoreFocus` is false. */
  hide(restoreFocus = true): void {
    if (!this.open) return;
    this.open = false;
    if (restoreFocus) void this.updateComplete.then(() => this.#trigger()?.focus());
  }

  #trigger(): HTMLElement | null {
    return this.renderRoot.querySelector('[part~="trigger"]');
  }

  #menuItems(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('[role="menuitem"]')];
  }

  #onTriggerKeydown(e: KeyboardEvent): void {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      this.show(e.key === 'ArrowDown' ? 'first' : 'last');
    }
  }

  #onMenuKeydown(e: KeyboardEvent): void {
    const items = this.#menuItems();
    const i = items.indexOf((this.renderRoot as ShadowRoot).activeElement as HTMLElement);
    let next: HTMLElement | undefined;
    switch (e.key) {
      case 'ArrowDown':
        next = items[(i + 1) % items.length];
        break;
      case 'ArrowUp':
        next = items[(i - 1 + items.length) % items.length];
        break;
      case 'Home':
        next = items[0];
        break;
      case 'End':
        next = items[items.length - 1];
        break;
      case 'Escape':
        e.preventDefault();
        e.stopPropagation(); // the popup panel closes on Escape too: one key, one thing
        this.hide();
        return;
      case 'Tab':
        this.hide(false);
        return;
      default:
        return;
    }
    e.preventDefault();
    next?.focus();
  }

  #onFocusOut(e: FocusEvent): void {
    // Focus left the element altogether (a click elsewhere): the menu closes.
    if (this.open && !this.contains(e.relatedTarget as Node) && !this.renderRoot.contains(e.relatedTarget as Node)) this.hide(false);
  }

  #choose(action: ConversationAction | 'pick' | 'attachments'): void {
    this.hide(false);
    if (action === 'attachments') return void emit(this, 'chat-show-attachments', { conversationId: this.conversationId });
    if (action === 'pick') return void this.#openDialog('assign');
    if (action === 'unlink') return void this.#openDialog('unlink');
    void this.#run(action);
  }

  async #openDialog(kind: 'unlink' | 'assign'): Promise<void> {
    this.dialog = kind;
    this.assignees = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLDialogElement>('dialog')?.showModal();
    if (kind !== 'assign' || !this.client) return;
    try {
      const { assignees } = await this.client.call('conversations.assignees', { conversationId: this.conversationId });
      if (this.dialog !== 'assign') return;
      this.assignees = assignees;
      await this.updateComplete;
      // Focus waited on Cancel while the list loaded: on to the first manager who can take it.
      const cancel = this.renderRoot.querySelector('[part~="cancel-button"]');
      if ((this.renderRoot as ShadowRoot).activeElement === cancel) this.renderRoot.querySelector<HTMLElement>('[part~="assignee"]:not([disabled])')?.focus();
    } catch (error) {
      this.#closeDialog();
      this.error = refusalOf(error);
    }
  }

  #closeDialog(): void {
    this.renderRoot.querySelector<HTMLDialogElement>('dialog')?.close();
  }

  #onDialogClose(): void {
    // The close event is queued: a dialog opened again since then stays.
    if (this.renderRoot.querySelector('dialog')?.open) return;
    this.dialog = null;
    this.assignees = null;
    this.#trigger()?.focus();
  }

  /** Sends the action, applies its result to the store at once (the event that follows changes nothing). */
  async #run(action: ConversationAction, assigneeId?: string): Promise<void> {
    const client = this.client;
    const c = this.#conversation;
    if (!client || !c) return;
    const detail: ChatConversationActionDetail = { conversationId: c.id, action };
    if (assigneeId !== undefined) detail.assigneeId = assigneeId;
    if (emit(this, 'chat-conversation-action', detail, { cancelable: true }).defaultPrevented) return;
    const conversationId = c.id;
    const updated = (conversation: Conversation) =>
      client.store.update((s) => applyEvent(s, { seq: 0, name: 'conversation.updated', data: { conversation } }));
    this.busy = true;
    this.error = null;
    try {
      switch (action) {
        case 'close':
        case 'reopen':
          updated((await client.call(action === 'close' ? 'conversations.close' : 'conversations.reopen', { conversationId })).conversation);
          break;
        case 'unlink':
          updated((await client.call('conversations.unlinkCustomer', { conversationId })).conversation);
          break;
        case 'assign':
          updated((await client.call('conversations.assign', { conversationId, assigneeId: assigneeId! })).conversation);
          break;
        case 'markUnread': {
          const { unread, unreadTotal } = await client.call('conversations.markUnread', { conversationId });
          client.store.update((s) => applyEvent(s, { seq: 0, name: 'unread.changed', data: { conversationId, unread, unreadTotal } }));
          break;
        }
        case 'block':
        case 'unblock': {
          const { customer } = await client.call('customers.setBlocked', { customerId: c.customer.id, blocked: action === 'block' });
          // Every loaded conversation of this customer shows the new state.
          for (const other of Object.values(client.state.conversations)) {
            if (other.customer.id === customer.id) updated({ ...other, customer: { ...other.customer, ...customer } });
          }
          break;
        }
      }
    } catch (error) {
      this.error = refusalOf(error);
    } finally {
      this.busy = false;
    }
  }

  #renderDialog(c: Conversation) {
    if (this.dialog === 'unlink') {
      return html`<h2 part="dialog-title" id="dialog-title">${this.#l10n.term('unlinkCustomer')}</h2>
        <p part="dialog-text">${bidiText(this.#l10n.term('unlinkConfirm', isolate(c.customer.name)))}</p>
        <div class="buttons">
          <button part="cancel-button" type="button" autofocus @click=${() => this.#closeDialog()}>${this.#l10n.term('cancel')}</button>
          <button
            part="confirm-button"
            type="button"
            @click=${() => {
              this.#closeDialog();
              void this.#run('unlink');
            }}
          >
            ${this.#l10n.term('confirm')}
          </button>
        </div>`;
    }
    const list = this.assignees;
    return html`<h2 part="dialog-title" id="dialog-title">${this.#l10n.term('chooseManager')}</h2>
      ${list === null
        ? html`<p role="status">${this.#l10n.term('loading')}</p>`
        : list.length === 0
          ? html`<p role="status">${this.#l10n.term('noAssignees')}</p>`
          : html`<ul part="assignees" aria-labelledby="dialog-title">
              ${list.map((a) => {
                const current = a.id === c.assigneeId;
                return html`<li>
                  <button
                    part="assignee${a.online ? ' assignee-online' : ''}${current ? ' assignee-current' : ''}"
                    type="button"
                    ?disabled=${current}
                    @click=${() => {
                      this.#closeDialog();
                      void this.#run('assign', a.id);
                    }}
                  >
                    <span part="assignee-name"><bdi>${a.name}</bdi></span>
                    <span part="assignee-state">${this.#l10n.term(a.online ? 'online' : 'offline')}</span>
                    <span part="assignee-load">${this.#l10n.term('load', a.load)}</span>
                  </button>
                </li>`;
              })}
            </ul>`}
      <div class="buttons">
        <button part="cancel-button" type="button" @click=${() => this.#closeDialog()}>${this.#l10n.term('cancel')}</button>
      </div>`;
  }

  /** The refusal in the user's language (by code and reason); the server's English goes to the title. */
  #renderError() {
    const e = this.error;
    const words = e && errorWords(this, this.#l10n.lang());
    return e && words ? html`<p part="error" role="alert" title=${e.detail || nothing}>${words.actionFailed(e.code, e.reason)}</p>` : nothing;
  }

  override render() {
    const c = this.#conversation;
    if (!c) return nothing;
    return html`<button
        part="trigger"
        type="button"
        aria-haspopup="menu"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="menu"
        aria-label=${this.#l10n.term('conversationActions')}
        aria-disabled=${this.busy ? 'true' : 'false'}
        @click=${() => (this.open ? this.hide() : this.show())}
        @keydown=${this.#onTriggerKeydown}
      >
        ${icon(morePath)}
      </button>
      <div
        part="menu"
        id="menu"
        role="menu"
        aria-label=${this.#l10n.term('conversationActions')}
        ?hidden=${!this.open}
        @keydown=${this.#onMenuKeydown}
        @focusout=${this.#onFocusOut}
      >
        ${this.open
          ? this.#items().map(
              (item) =>
                html`<button part="item" type="button" role="menuitem" tabindex="-1" data-action=${item.action} @click=${() => this.#choose(item.action)}>
                  ${item.label}
                </button>`,
            )
          : nothing}
      </div>
      ${this.#renderError()}
      <dialog
        part="dialog"
        aria-labelledby="dialog-title"
        @close=${this.#onDialogClose}
        @keydown=${(e: KeyboardEvent) => {
          // The dialog's own Escape (its default action) closes it; nothing around it hears the key.
          if (e.key === 'Escape') e.stopPropagation();
        }}
      >${this.dialog ? this.#renderDialog(c) : nothing}</dialog>`;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-conversation-action': CustomEvent<ChatConversationActionDetail>;
    'chat-show-attachments': CustomEvent<{ conversationId: number }>;
  }
}
