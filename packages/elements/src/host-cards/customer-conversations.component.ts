import { html } from 'lit';
import { property } from 'lit/decorators.js';
import type { ChatClient } from '@chatdesk/client';
import type { Result } from '@chatdesk/protocol';
import { channelIcon } from '../lib/channel-icon.js';
import { openInPanel } from '../lib/open-in-panel.js';
import { HostCard } from './host-card.js';

type Conversations = Result<'crm.customerConversations'>['conversations'];

/**
 * @summary The conversations of a CRM customer, for the customer's card in the host CRM (S-HOST-1).
 *
 * Lists every conversation of the customer named by `customer-id` (the CRM's id) that the signed-in
 * user may see, newest first: its channel, the date it started, whether it is open, and how many
 * messages it has (`crm.customerConversations`). A click (or Enter) opens it in the page's
 * `<chat-panel>` — after `chat-conversation-open`, which the page may cancel to open it its own
 * way. Follows changes live: a new message or a change of a listed conversation refreshes it.
 * Uses the page's connection like `<chat-unread-badge>`.
 *
 * @csspart list - The list of conversations.
 * @csspart item - One conversation (a button; its visible text is its name).
 * @csspart channel-icon - The channel's icon in an item.
 * @csspart channel-name - The channel's name.
 * @csspart date - When it started.
 * @csspart status - «Открыт» / «Закрыт» (`data-status` = `open` or `closed`).
 * @csspart count - How many messages.
 * @csspart empty - No conversations yet.
 * @csspart loading - Loading, or not connected (polite).
 * @csspart error - It could not load (`role=alert`), with `retry-button`.
 *
 * @cssproperty --chat-card-gap - Space between items.
 * @cssproperty --chat-card-item-bg - An item's background.
 * @cssproperty --chat-card-item-hover-bg - An item's background under the pointer.
 * @cssproperty --chat-card-open-color - The «Открыт» status (default: `--chat-success`).
 *
 * @event {{ conversationId: number }} chat-conversation-open - Before the panel opens a conversation; cancel it to open it yourself.
 */
export class ChatCustomerConversations extends HostCard<Conversations> {
  /** The customer's id in the CRM. */
  @property({ attribute: 'customer-id' }) accessor customerId = '';

  protected key(): string {
    return this.customerId;
  }

  protected async fetch(client: ChatClient, key: string): Promise<Conversations> {
    return (await client.call('crm.customerConversations', { crmCustomerId: key })).conversations;
  }

  protected shown(data: Conversations): readonly number[] {
    return data.map((c) => c.id);
  }

  protected renderData(data: Conversations) {
    const t = this.l10n;
    if (data.length === 0) return html`<p part="empty">${t.term('noConversations')}</p>`;
    return html`<ul part="list" aria-label=${t.term('customerConversations')}>
      ${data.map((c) => {
        const status = t.term(c.status === 'open' ? 'open' : 'closed');
        const date = this.date(c.createdAt);
        return html`<li>
          <button part="item" type="button" data-id=${c.id} @click=${() => openInPanel(this, c.id)}>
            <span>${channelIcon(c.channel.kind)}<span part="channel-name">${c.channel.name}</span></span>
            <span part="date">${t.term('started', date)}</span>
            <span part="status" data-status=${c.status}>${status}</span>
            <span part="count">${t.term('messages', c.messageCount)}</span>
          </button>
        </li>`;
      })}
    </ul>`;
  }
}
