import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { ChatClient } from '@chatdesk/client';
import { connectAs, connectVisitor, demoTokenUrl, part, parts, chatServerUrl } from '../../test/helpers.js';
import type { ChatPanel } from '../panel/panel.component.js';
import type { ChatCustomerConversations } from './customer-conversations.component.js';
import type { ChatOrderConversations } from './order-conversations.component.js';
import '../panel/panel.js';
import './host-cards.js';

/*
 * The host CRM's cards against the real demo server: a customer saved in the built-in CRM from two
 * conversations, an order placed from one of them. The tests save customers and place orders in
 * the demo CRM only (never change the chat settings: the server is shared with other test files).
 */

const closeAfter: ChatClient[] = [];

async function conversationOf(text: string): Promise<number> {
  const visitor = await connectVisitor();
  closeAfter.push(visitor);
  const { conversationId } = await visitor.send(`${text} #${Date.now()}`);
  return conversationId;
}

/** A CRM customer with two conversations (the second newer), and an order placed from the first. */
async function customerWithOrder(olga: ChatClient) {
  const first = await conversationOf('Здравствуйте, есть кеды?');
  const { customer } = await olga.call('crm.saveCustomer', { conversationId: first, customer: { firstName: 'Карточка' } });
  const second = await conversationOf('И ещё вопрос');
  await olga.call('crm.linkCustomer', { conversationId: second, crmCustomerId: customer.id });
  const { order } = await olga.call('crm.placeOrder', { conversationId: first, items: [{ offerId: 'p5-2', quantity: 1 }], delivery: { type: 'pickup' } });
  return { first, second, customerId: customer.id, orderId: order.id };
}

describe('host cards: <chat-customer-conversations> and <chat-order-conversations> (S-HOST-1, S-HOST-2)', () => {
  let server = '';
  before(async () => {
    server = await chatServerUrl();
  });
  afterEach(() => {
    for (const c of closeAfter.splice(0)) c.close();
  });

  it('S-HOST-1: a customer card lists the customer’s conversations newest first with channel, start date, status and message count; a click opens one in the page’s panel', async () => {
    const olga = await connectAs('olga');
    closeAfter.push(olga);
    const { first, second, customerId } = await customerWithOrder(olga);
    const page = await fixture<HTMLDivElement>(html`<div lang="en">
      <chat-customer-conversations customer-id=${customerId}></chat-customer-conversations>
      <chat-panel mode="section" server=${server} token-url=${demoTokenUrl('olga')}></chat-panel>
    </div>`);
    const card = page.querySelector<ChatCustomerConversations>('chat-customer-conversations')!;
    const panel = page.querySelector<ChatPanel>('chat-panel')!;
    await waitUntil(() => parts(card, 'item').length === 2, 'both conversations listed', { timeout: 10_000 });
    const items = parts(card, 'item');
    expect(items.map((i) => Number(i.dataset['id']))).to.deep.equal([second, first]);
    const older = items[1]!;
    expect(older.querySelector('[part~="status"]')!.textContent).to.equal('Open');
    expect(older.querySelector('[part~="count"]')!.textContent).to.equal('1 message');
    expect(older.querySelector('[part~="channel-name"]')!.textContent).to.equal('Сайт магазина');
    expect(older.querySelector('[part~="date"]')!.textContent).to.match(/^Started /);
    expect(older.textContent!.replace(/\s+/g, ' ').trim()).to.match(/^Сайт магазина Started .+ Open 1 message$/);
    await expect(card).to.be.accessible();

    // A page may cancel the event and open it its own way; otherwise the panel opens it.
    const stop = (e: Event) => e.preventDefault();
    card.addEventListener('chat-conversation-open', stop, { once: true });
    older.click();
    await panel.updateComplete;
    expect(panel.conversationId).to.not.equal(first);
    older.click();
    await waitUntil(() => panel.conversationId === first, 'the panel shows the conversation');

    // Live: a new message in a listed conversation counts.
    await olga.call('messages.send', { conversationId: first, clientMessageId: `hc-${Date.now()}`, text: 'Ответ менеджера' });
    await waitUntil(() => parts(card, 'item').find((i) => i.dataset['id'] === String(first))?.querySelector('[part~="count"]')?.textContent === '2 messages', 'the count follows', { timeout: 5000 });

    page.setAttribute('lang', 'ru');
    await waitUntil(() => parts(card, 'item')[1]?.querySelector('[part~="status"]')?.textContent === 'Открыт', 'in Russian');
    expect(parts(card, 'item').find((i) => i.dataset['id'] === String(first))!.querySelector('[part~="count"]')!.textContent).to.equal('2 сообщения');
  });

  it('S-HOST-2: an order card names the conversation the order came from and a button per channel the customer used; each opens its conversation', async () => {
    const olga = await connectAs('olga');
    closeAfter.push(olga);
    const { first, second, orderId } = await customerWithOrder(olga);
    const page = await fixture<HTMLDivElement>(html`<div lang="en">
      <chat-order-conversations order-id=${orderId}></chat-order-conversations>
      <chat-panel mode="section" server=${server} token-url=${demoTokenUrl('olga')}></chat-panel>
    </div>`);
    const card = page.querySelector<ChatOrderConversations>('chat-order-conversations')!;
    const panel = page.querySelector<ChatPanel>('chat-panel')!;
    await waitUntil(() => part(card, 'item'), 'the order’s conversation shows', { timeout: 10_000 });
    expect(part(card, 'item')!.dataset['id']).to.equal(String(first));
    const channels = parts(card, 'channel');
    expect(channels.map((c) => c.getAttribute('aria-label'))).to.deep.equal(['Open the Сайт магазина conversation']);
    expect(channels[0]!.dataset['id']).to.equal(String(second), 'the newest conversation on that channel');
    await expect(card).to.be.accessible();
    channels[0]!.click();
    await waitUntil(() => panel.conversationId === second, 'the channel’s conversation opens');
    part(card, 'item')!.click();
    await waitUntil(() => panel.conversationId === first, 'the order’s conversation opens');
  });

  it('an order the CRM does not have says so in the card’s language, with a retry', async () => {
    const page = await fixture<HTMLDivElement>(html`<div lang="ru">
      <chat-order-conversations order-id="999999"></chat-order-conversations>
      <chat-panel mode="section" server=${server} token-url=${demoTokenUrl('anna')}></chat-panel>
    </div>`);
    const card = page.querySelector<ChatOrderConversations>('chat-order-conversations')!;
    await waitUntil(() => part(card, 'error'), 'the refusal shows', { timeout: 10_000 });
    expect(part(card, 'error')!.textContent).to.equal('Не удалось загрузить диалоги: в CRM нет такого заказа');
    expect(part(card, 'retry-button')!.textContent).to.equal('Повторить');
    await expect(card).to.be.accessible();
  });
});
