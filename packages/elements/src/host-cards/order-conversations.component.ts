import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { ChatClient } from '@chatdesk/client';
import type { Result } from '@chatdesk/protocol';
import { channelIcon } from '../lib/channel-icon.js';
import { openInPanel } from '../lib/open-in-panel.js';
import { HostCard } from './host-card.js';

type OrderConversations = Result<'crm.orderConversations'>;

/**
 * @summary The conversations of an order, for the order's card in the host CRM (S-HOST-2).
 *
 * For the order named by `order-id` (the CRM's id): the conversation it was placed from, when the
 * signed-in user may see it, and one button per channel the order's customer wrote from (its icon,
 * named by the channel), each opening the customer's newest conversation there
 * (`crm.orderConversations`). Opening works as in `<chat-customer-conversations>`:
 * `chat-conversation-open` first, then the page's `<chat-panel>`.
 *
 * @csspart heading - «Оформлен в диалоге», «Каналы, из которых писал клиент».
 * @csspart item - The conversation the order came from (a button).
 * @csspart channel-icon - A channel's icon.
 * @csspart channel-name - The channel's name in `item`.
 * @csspart date - When that conversation started.
 * @csspart hint - The order came from no conversation the user can see.
 * @csspart channels - The row of channel buttons.
 * @csspart channel - One channel's button (its accessible name says which).
 * @csspart loading - Loading, or not connected (polite).
 * @csspart error - It could not load (`role=alert`), with `retry-button`.
 *
 * @cssproperty --chat-card-item-bg - A button's background.
 * @cssproperty --chat-card-item-hover-bg - A button's background under the pointer.
 *
 * @event {{ conversationId: number }} chat-conversation-open - Before the panel opens a conversation; cancel it to open it yourself.
 */
export class ChatOrderConversations extends HostCard<OrderConversations> {
  /** The order's id in the CRM. */
  @property({ attribute: 'order-id' }) accessor orderId = '';

  protected key(): string {
    return this.orderId;
  }

  protected fetch(client: ChatClient, key: string): Promise<OrderConversations> {
    return client.call('crm.orderConversations', { orderId: key });
  }

  protected shown(data: OrderConversations): readonly number[] {
    return [...(data.origin ? [data.origin.id] : []), ...data.channels.map((c) => c.conversationId)];
  }

  protected renderData(data: OrderConversations) {
    const t = this.l10n;
    const o = data.origin;
    return html`<p part="heading">${t.term('origin')}</p>
      ${o
        ? html`<button part="item" type="button" data-id=${o.id} @click=${() => openInPanel(this, o.id)}>
            <span>${channelIcon(o.channel.kind)}<span part="channel-name">${o.channel.name}</span></span>
            <span part="date">${t.term('started', this.date(o.createdAt))}</span>
          </button>`
        : html`<p part="hint">${t.term('noOrigin')}</p>`}
      ${data.channels.length > 0
        ? html`<p part="heading" id="channels">${t.term('channels')}</p>
            <ul part="channels" aria-labelledby="channels">
              ${data.channels.map(
                (c) => html`<li>
                  <button part="channel" type="button" data-id=${c.conversationId} aria-label=${t.term('openChannel', c.name)} title=${t.term('openChannel', c.name)} @click=${() => openInPanel(this, c.conversationId)}>
                    ${channelIcon(c.kind)}
                  </button>
                </li>`,
              )}
            </ul>`
        : nothing}`;
  }
}
