import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ChatClient } from '@chatdesk/client';
import { ChatError, type CrmOrder, type Message } from '@chatdesk/protocol';
import { assignTo, connectAs, connectVisitor, part, parts } from '../../test/helpers.js';
import { formatDay, formatMoney, isHttpUrl, parseQuantity, type ChatOrderWidget, type OrderOffer } from './order-widget.component.js';
import './order-widget.js';

/*
 * Against the real demo server the runner starts, shared with the other test files: every test
 * makes its own visitor conversation (web channel → the store `main`), assigned to Anna, and saves
 * its own CRM customer for it. The settings are never changed here, so the widget switched off, a
 * channel without a store and a CRM that does not answer are shown through a client whose CRM call
 * is refused the way the server refuses it.
 */

const opened: ChatClient[] = [];
async function connect(user: string): Promise<ChatClient> {
  const client = await connectAs(user);
  opened.push(client);
  return client;
}

const ADDRESS = 'Москва, ул. Тверская, д. 7, кв. 12';

/** A new visitor conversation assigned to Anna; its customer saved in the CRM (with an address) unless `save` is false. */
async function annaConversation(anna: ChatClient, save = true): Promise<number> {
  const visitor = await connectVisitor();
  opened.push(visitor);
  const sent = await visitor.send('Здравствуйте! Хочу заказать кроссовки');
  await assignTo(sent.conversationId, 'anna');
  await waitUntil(
    () => anna.call('crm.customer', { conversationId: sent.conversationId }).then(() => true, () => false),
    'Anna sees the conversation',
    { timeout: 5000 },
  );
  if (save) {
    await anna.call('crm.saveCustomer', { conversationId: sent.conversationId, customer: { firstName: 'Ирина', lastName: 'Заказова', address: ADDRESS } });
  }
  return sent.conversationId;
}

async function widgetFor(client: ChatClient, id: number, lang = 'ru'): Promise<ChatOrderWidget> {
  const el = await fixture<ChatOrderWidget>(html`<chat-order-widget lang=${lang} .client=${client} conversation-id=${id}></chat-order-widget>`);
  await waitUntil(() => part(el, 'base') || part(el, 'notice'), 'the widget loads', { timeout: 5000 });
  return el;
}

const PEGASUS: OrderOffer = { offerId: 'p1-1', productId: 'p1', name: 'Кроссовки Nike Air Zoom Pegasus 40, 40', price: 12990, currency: 'RUB', stock: 3 };
const LACES: OrderOffer = { offerId: 'p21-1', name: 'Шнурки круглые, 120 см, чёрные', price: 290, currency: 'RUB' };
const SOCKS: OrderOffer = { offerId: 'p20-1', productId: 'p20', name: 'Носки спортивные Puma, 3 пары, 39–42', price: 990, currency: 'RUB', stock: 30 };

const focused = (el: ChatOrderWidget) => el.shadowRoot!.activeElement as HTMLElement | null;
/** Text as read, without the bidi isolates' marks and with spaces folded. */
const textOf = (node: Element | null) => (node?.textContent ?? '').replace(/[\u2068\u2069]/g, '').replace(/\s+/g, ' ').trim();
const byId = <T extends HTMLElement = HTMLElement>(el: ChatOrderWidget, id: string) => el.shadowRoot!.getElementById(id) as T | null;
const line = (el: ChatOrderWidget, offerId: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="line"][data-offer-id="${offerId}"]`);
/** Intl's spaces (no-break, narrow no-break) as plain ones, for comparing sentences. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

async function messagesOf(client: ChatClient, conversationId: number): Promise<Message[]> {
  return (await client.call('messages.list', { conversationId, limit: 50 })).messages;
}

/** A client whose `call` answers `method` with `answer(real)` and passes the rest through. */
function intercepting(real: ChatClient, method: string, answer: (passThrough: () => Promise<unknown>) => Promise<unknown>): ChatClient {
  return new Proxy(real, {
    get(target, prop) {
      if (prop === 'call') {
        return (m: string, params: unknown) => {
          const pass = () => (target.call as (m: string, p: unknown) => Promise<unknown>)(m, params);
          return m === method ? answer(pass) : pass();
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('<chat-order-widget> helpers', () => {
  it('quantities are whole numbers 1–10 000; links are http(s); money and days in the language', () => {
    expect(parseQuantity('3')).to.equal(3);
    expect(parseQuantity(' 10000 ')).to.equal(10000);
    expect(parseQuantity('0')).to.equal(null);
    expect(parseQuantity('10001')).to.equal(null);
    expect(parseQuantity('1.5')).to.equal(null);
    expect(parseQuantity('')).to.equal(null);
    expect(isHttpUrl('https://pay.example.com/1001A/x')).to.equal(true);
    expect(isHttpUrl('javascript:alert(1)')).to.equal(false);
    expect(isHttpUrl(null)).to.equal(false);
    expect(plain(formatMoney('ru', 'RUB', 14330))).to.equal('14 330 ₽');
    expect(formatMoney('en', 'RUB', 14330)).to.equal('₽14,330');
    expect(plain(formatMoney('ru', 'RUB', 0.1 + 0.2))).to.equal('0,30 ₽');
    expect(formatDay('2030-03-05', 'ru')).to.equal('5 марта 2030 г.');
    expect(formatDay('2030-03-05', 'en')).to.equal('March 5, 2030');
  });
});

describe('<chat-order-widget> with the real server (S-W-ORD)', function () {
  this.timeout(40_000);

  afterEach(() => {
    for (const c of opened.splice(0)) c.close();
  });

  it('in Russian: no order; add() two offers (p1-1 again: a notice, one line), a quantity by keyboard, courier — the total follows; Place order shows the order; the payment link and the order card with its text fallback reach the conversation; axe passes', async () => {
    const anna = await connect('anna');
    const olga = await connect('olga');
    const id = await annaConversation(anna);
    const el = await widgetFor(anna, id, 'ru');
    expect(textOf(part(el, 'empty'))).to.equal('Текущего заказа нет');
    expect(textOf(part(el, 'hint'))).to.contain('«Добавить в заказ»');
    await expect(el).to.be.accessible();

    el.add([PEGASUS, SOCKS]);
    await el.updateComplete;
    expect(parts(el, 'line').map((l) => l.dataset['offerId'])).to.deep.equal(['p1-1', 'p20-1']);
    expect(textOf(part(el, 'draft-status'))).to.contain('Добавлено в заказ');
    expect(part(el, 'draft-status')!.getAttribute('role')).to.equal('status');
    // The same offer again: one line still, and the polite notice says so.
    el.add([{ ...PEGASUS }]);
    await el.updateComplete;
    expect(el.lines.map((l) => l.offerId)).to.deep.equal(['p1-1', 'p20-1']);
    expect(parts(el, 'line').length).to.equal(2);
    expect(textOf(part(el, 'draft-status'))).to.equal(`Товар уже в заказе: ${PEGASUS.name}`);
    // The address comes from the saved customer.
    expect(byId<HTMLInputElement>(el, 'order-address')!.value).to.equal(ADDRESS);
    // Each line: its name, price, a labelled quantity and a remove button named after it.
    const socks = line(el, 'p20-1')!;
    expect(textOf(socks.querySelector('[part~="line-name"]'))).to.equal(SOCKS.name);
    expect(plain(textOf(socks.querySelector('[part~="line-price"]')))).to.equal('990 ₽');
    const qty = socks.querySelector<HTMLInputElement>('[part~="quantity"]')!;
    expect(textOf(el.shadowRoot!.querySelector(`label[for="${qty.id}"]`))).to.equal(`Количество: ${SOCKS.name}`);
    expect(socks.querySelector('[part~="remove-button"]')!.getAttribute('aria-label')!.replace(/[\u2068\u2069]/g, '')).to.equal(`Убрать из заказа: ${SOCKS.name}`);

    // The quantity by keyboard: ↑ twice makes 3.
    qty.focus();
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    expect(qty.value).to.equal('3');
    expect(el.lines.find((l) => l.offerId === 'p20-1')!.quantity).to.equal(3);
    const total = () => plain(textOf(part(el, 'total')));
    expect(total()).to.equal(`Итого: ${plain(formatMoney('ru', 'RUB', 12990 + 990 * 3))}`);

    // Delivery types show their cost; courier adds 350.
    const delivery = byId<HTMLSelectElement>(el, 'order-delivery')!;
    expect([...delivery.options].map((o) => plain(o.textContent!.trim()))).to.deep.equal([
      'Выберите доставку…',
      'Курьер — 350 ₽',
      'Самовывоз из магазина — бесплатно',
      'Почта России — 290 ₽',
    ]);
    choose(delivery, 'courier');
    await el.updateComplete;
    expect(total()).to.equal(`Итого: ${plain(formatMoney('ru', 'RUB', 12990 + 990 * 3 + 350))}`);
    choose(byId<HTMLSelectElement>(el, 'order-payment')!, 'card-online');
    await el.updateComplete;
    await expect(el).to.be.accessible();

    const placed = oneEvent(el, 'chat-order-placed');
    part(el, 'place-button')!.click();
    const { detail, bubbles, composed } = await placed;
    expect(bubbles).to.equal(true);
    expect(composed).to.equal(true);
    const order: CrmOrder = detail.order;
    expect(order.items.map((i) => [i.offerId, i.quantity])).to.deep.equal([
      ['p1-1', 1],
      ['p20-1', 3],
    ]);
    expect(order.delivery).to.include({ type: 'courier', address: ADDRESS, date: null });
    expect(order.total).to.equal(12990 + 990 * 3 + 350);
    // The CRM has it as the current order (asked through another client).
    const { order: stored } = await olga.call('crm.currentOrder', { conversationId: id });
    expect(stored!.id).to.equal(order.id);

    await waitUntil(() => part(el, 'order'), 'the current order shows');
    // The draft is cleared; focus goes to the current order.
    expect(el.lines).to.deep.equal([]);
    expect(part(el, 'form')).to.equal(null);
    await waitUntil(() => focused(el)?.id === 'current-title', 'focus on the current order');
    expect(textOf(part(el, 'status'))).to.equal(`Заказ №${order.number} оформлен.`);
    expect(textOf(part(el, 'order-number'))).to.equal(`Заказ №${order.number}`);
    // The built-in CRM gives no card URL: the number is plain text.
    expect(part(el, 'order-link')).to.equal(null);
    expect(textOf(part(el, 'order-status'))).to.equal('Статус: Новый');
    expect(parts(el, 'item').map((i) => plain(textOf(i)))).to.deep.equal([
      `${PEGASUS.name} × 1 12 990 ₽`,
      `${SOCKS.name} × 3 2 970 ₽ (990 ₽ за шт.)`,
    ]);
    expect(plain(textOf(part(el, 'delivery')))).to.equal('Доставка Курьер — 350 ₽');
    expect(textOf(part(el, 'address'))).to.equal(`Адрес ${ADDRESS}`);
    expect(plain(textOf(part(el, 'to-pay')))).to.equal('К оплате 16 310 ₽ · Не оплачен');
    expect(plain(textOf(part(el, 'payment')))).to.equal('Картой онлайн — 16 310 ₽');
    expect(part(el, 'paid-mark')).to.equal(null);
    await expect(el).to.be.accessible();

    // The payment link (card-online is online, nothing paid): the customer gets it as a message.
    const linkButton = part(el, 'link-button')!;
    expect(textOf(linkButton)).to.equal('Отправить ссылку на оплату');
    linkButton.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => textOf(part(el, 'action-status')) === 'Ссылка отправлена', 'the link is sent', { timeout: 8000 });
    expect(part(el, 'action-status')!.getAttribute('role')).to.equal('status');
    const { url } = await olga.call('crm.paymentLink', { conversationId: id, orderId: order.id });
    expect(url).to.match(/^https:\/\//);
    let messages = await messagesOf(olga, id);
    const linkMessage = messages.find((m) => m.text.includes(url));
    expect(linkMessage, 'a message with the link is stored').to.not.equal(undefined);
    expect(linkMessage!.text).to.equal(`Ссылка на оплату заказа №${order.number}: ${url}`);
    expect(linkMessage!.author).to.include({ kind: 'manager', id: 'anna' });

    // Send to customer: the order as an order card, its text fallback in the manager's language.
    part(el, 'send-button')!.click();
    await waitUntil(() => textOf(part(el, 'action-status')) === 'Заказ отправлен клиенту', 'the summary is sent', { timeout: 8000 });
    messages = await messagesOf(olga, id);
    const summary = messages.find((m) => m.text.startsWith(`Ваш заказ №${order.number}`));
    expect(summary, 'the summary is stored').to.not.equal(undefined);
    expect(plain(summary!.text).split('\n')).to.deep.equal([
      `Ваш заказ №${order.number}`,
      `• ${PEGASUS.name} × 1 — 12 990 ₽`,
      `• ${SOCKS.name} × 3 — 2 970 ₽`,
      'Доставка: Курьер — 350 ₽',
      `Адрес: ${ADDRESS}`,
      'К оплате: 16 310 ₽',
    ]);
    expect(summary!.cards?.map((c) => c.type === 'order' && [c.orderId, c.number, c.items.length, c.total, c.toPay])).to.deep.equal([[order.id, order.number, 2, 16310, 16310]]);
    await expect(el).to.be.accessible();
  });

  it('in English: pickup, a date and cash; a bad quantity blocks placing; remove by keyboard moves focus; no payment link for cash; axe passes', async () => {
    const anna = await connect('anna');
    const olga = await connect('olga');
    const id = await annaConversation(anna);
    const el = await widgetFor(anna, id, 'en');
    expect(textOf(part(el, 'empty'))).to.equal('No current order');
    el.add([PEGASUS, SOCKS, LACES]);
    el.add([SOCKS]);
    await el.updateComplete;
    expect(textOf(part(el, 'draft-status'))).to.equal(`Already in the order: ${SOCKS.name}`);
    expect(el.lines.map((l) => l.offerId)).to.deep.equal(['p1-1', 'p20-1', 'p21-1']);

    // Remove the middle line by keyboard: focus moves to the next line's remove button.
    const remove = line(el, 'p20-1')!.querySelector<HTMLElement>('[part~="remove-button"]')!;
    expect(remove.getAttribute('aria-label')!.replace(/[\u2068\u2069]/g, '')).to.equal(`Remove from the order: ${SOCKS.name}`);
    remove.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.lines.length === 2, 'the line goes');
    await el.updateComplete;
    expect(focused(el)).to.equal(line(el, 'p21-1')!.querySelector('[part~="remove-button"]'));
    expect(textOf(part(el, 'draft-status'))).to.equal(`Removed from the order: ${SOCKS.name}`);

    // A quantity of 0: marked at the input, the total waits, and Place order goes to it instead.
    const qty = line(el, 'p1-1')!.querySelector<HTMLInputElement>('[part~="quantity"]')!;
    qty.focus();
    qty.select();
    await sendKeys({ type: '0' });
    await el.updateComplete;
    expect(qty.getAttribute('aria-invalid')).to.equal('true');
    expect(textOf(byId(el, qty.getAttribute('aria-describedby')!.split(' ')[0]!))).to.equal('A whole number from 1 to 10,000');
    expect(textOf(part(el, 'total'))).to.equal('Total: Fix the quantities to see the total');
    // Enter in a field never places the order.
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(part(el, 'error')).to.not.equal(null);
    expect(byId(el, 'delivery-error')).to.equal(null);
    part(el, 'place-button')!.click();
    await el.updateComplete;
    await waitUntil(() => focused(el) === qty, 'focus goes to the bad quantity');
    // No delivery chosen either: said at the select.
    expect(textOf(byId(el, 'delivery-error'))).to.equal('Choose how the order is delivered');
    expect(byId(el, 'order-delivery')!.getAttribute('aria-invalid')).to.equal('true');
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ type: '2' });
    await el.updateComplete;
    expect(qty.getAttribute('aria-invalid')).to.equal('false');
    expect(el.lines[0]!.quantity).to.equal(2);
    expect(textOf(part(el, 'total'))).to.equal(`Total: ${formatMoney('en', 'RUB', 12990 * 2 + 290)}`);
    await expect(el).to.be.accessible();

    choose(byId<HTMLSelectElement>(el, 'order-delivery')!, 'pickup');
    const dateInput = byId<HTMLInputElement>(el, 'order-date')!;
    dateInput.value = '2030-03-05';
    dateInput.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    const payment = byId<HTMLSelectElement>(el, 'order-payment')!;
    expect([...payment.options].map((o) => o.textContent!.trim())).to.deep.equal(['Not chosen', 'Картой онлайн (online)', 'СБП (online)', 'Наличными курьеру']);
    choose(payment, 'cash');
    await el.updateComplete;
    expect(textOf(part(el, 'total'))).to.equal(`Total: ${formatMoney('en', 'RUB', 12990 * 2 + 290)}`);
    const placed = oneEvent(el, 'chat-order-placed');
    part(el, 'place-button')!.click();
    const { order } = (await placed).detail as { order: CrmOrder };
    expect(order.delivery).to.include({ type: 'pickup', date: '2030-03-05', address: ADDRESS });
    expect(order.payments.map((p) => [p.type, p.paid])).to.deep.equal([['cash', false]]);
    await waitUntil(() => part(el, 'order'), 'the order shows');
    expect(textOf(part(el, 'order-number'))).to.equal(`Order ${order.number}`);
    expect(textOf(part(el, 'to-pay'))).to.equal(`To pay ${formatMoney('en', 'RUB', 12990 * 2 + 290)} · Unpaid`);
    expect(textOf(part(el, 'delivery'))).to.equal('Delivery Самовывоз из магазина — free');
    expect(textOf(part(el, 'delivery-date'))).to.equal('Delivery date March 5, 2030');
    // Cash is not paid online: no link to send.
    expect(part(el, 'link-button')).to.equal(null);
    expect(textOf(part(el, 'send-button'))).to.equal('Send to customer');
    part(el, 'send-button')!.click();
    await waitUntil(() => textOf(part(el, 'action-status')) === 'The order was sent to the customer', 'the summary is sent', { timeout: 8000 });
    const summary = (await messagesOf(olga, id)).find((m) => m.text.startsWith(`Your order ${order.number}`));
    expect(summary!.text.split('\n')).to.deep.equal([
      `Your order ${order.number}`,
      `• ${PEGASUS.name} × 2 — ${formatMoney('en', 'RUB', 25980)}`,
      `• ${LACES.name} × 1 — ${formatMoney('en', 'RUB', 290)}`,
      'Delivery: Самовывоз из магазина — free',
      `Address: ${ADDRESS}`,
      'Delivery date: March 5, 2030',
      `To pay: ${formatMoney('en', 'RUB', 26270)}`,
    ]);
    expect(summary!.cards?.[0]?.type).to.equal('order');
    await expect(el).to.be.accessible();
  });

  it('a customer not saved in the CRM: the form says the order needs a saved customer, and Place order (CONFLICT) says it again; nothing is placed', async () => {
    const anna = await connect('anna');
    const id = await annaConversation(anna, false);
    const el = await widgetFor(anna, id, 'ru');
    expect(textOf(part(el, 'empty'))).to.equal('Текущего заказа нет');
    el.add([SOCKS]);
    await el.updateComplete;
    expect(byId<HTMLInputElement>(el, 'order-address')!.value).to.equal('');
    expect(textOf(part(el, 'needs-customer'))).to.contain('Заказ оформляется на клиента, сохранённого в CRM');
    choose(byId<HTMLSelectElement>(el, 'order-delivery')!, 'post');
    await el.updateComplete;
    part(el, 'place-button')!.click();
    await waitUntil(() => part(el, 'needs-customer')?.getAttribute('role') === 'alert', 'the refusal is said');
    expect(focused(el)).to.equal(part(el, 'needs-customer'));
    expect(part(el, 'form-error')).to.equal(null);
    // The draft stays for when the customer is saved.
    expect(el.lines.map((l) => l.offerId)).to.deep.equal(['p20-1']);
    await expect(el).to.be.accessible();

    // Saved meanwhile (the customer widget): reload() prefills the address, and the order goes through.
    await anna.call('crm.saveCustomer', { conversationId: id, customer: { firstName: 'Пётр', address: 'Казань, ул. Баумана, 1' } });
    await el.reload();
    await el.updateComplete;
    expect(part(el, 'needs-customer')).to.equal(null);
    expect(byId<HTMLInputElement>(el, 'order-address')!.value).to.equal('Казань, ул. Баумана, 1');
    const placed = oneEvent(el, 'chat-order-placed');
    part(el, 'place-button')!.click();
    const { order } = (await placed).detail as { order: CrmOrder };
    expect(order.delivery).to.include({ type: 'post', address: 'Казань, ул. Баумана, 1' });
    await waitUntil(() => textOf(part(el, 'order-number')) === `Заказ №${order.number}`, 'the order shows');
  });

  it('add() before the widget has loaded keeps the lines (the panel adds as it opens it); an offer the store does not have is refused in words (INVALID_PARAMS)', async () => {
    const anna = await connect('anna');
    const id = await annaConversation(anna);
    const el = document.createElement('chat-order-widget');
    el.lang = 'ru';
    el.client = anna;
    el.conversationId = id;
    el.add([SOCKS, { offerId: 'w1-1', name: 'Оптовая коробка', price: 5000, currency: 'RUB' }]);
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    host.append(el);
    await waitUntil(() => part(el, 'form'), 'the widget loads with the lines');
    expect(el.lines.map((l) => l.offerId)).to.deep.equal(['p20-1', 'w1-1']);
    expect(textOf(part(el, 'draft-status'))).to.equal(`Добавлено в заказ: ${SOCKS.name}, Оптовая коробка`);
    choose(byId<HTMLSelectElement>(el, 'order-delivery')!, 'pickup');
    await el.updateComplete;
    part(el, 'place-button')!.click();
    await waitUntil(() => part(el, 'form-error'), 'the refusal shows');
    expect(part(el, 'form-error')!.getAttribute('role')).to.equal('alert');
    expect(textOf(part(el, 'form-error'))).to.equal('CRM не приняла заказ: проверьте товары, доставку и оплату.');
    expect(part(el, 'form-error')!.getAttribute('title')).to.contain('w1-1');
    // Nothing was placed; the draft stays to be fixed.
    expect((await anna.call('crm.currentOrder', { conversationId: id })).order).to.equal(null);
    expect(el.lines.length).to.equal(2);
    const removeWholesale = line(el, 'w1-1')!.querySelector<HTMLElement>('[part~="remove-button"]')!;
    removeWholesale.focus();
    await sendKeys({ press: 'Space' });
    await waitUntil(() => el.lines.length === 1, 'the line goes');
    // The last line removed: focus to the previous line's remove button.
    expect(focused(el)).to.equal(line(el, 'p20-1')!.querySelector('[part~="remove-button"]'));
    await sendKeys({ press: 'Space' });
    await waitUntil(() => el.lines.length === 0, 'the draft is empty');
    expect(focused(el)?.id).to.equal('compose-title');
    expect(textOf(part(el, 'hint'))).to.contain('«Добавить в заказ»');
    await expect(el).to.be.accessible();
  });

  it('a partly paid order with a CRM card: the link opens a new tab, the paid payment says «оплачено» in green, «Оплачен частично»; a javascript: URL stays text', async () => {
    const anna = await connect('anna');
    const id = await annaConversation(anna);
    await anna.call('crm.placeOrder', { conversationId: id, items: [{ offerId: 'p20-1', quantity: 2 }], delivery: { type: 'courier' }, paymentType: 'card-online' });
    // The built-in CRM has no payments API: the server's answer is given a paid part and a card
    // URL, as a host CRM would answer (shapes checked by the protocol's schema there).
    let url = 'https://crm.example.com/orders/1?a=1&b=2';
    const paidPart = intercepting(anna, 'crm.currentOrder', async (pass) => {
      const { order } = (await pass()) as { order: CrmOrder };
      return {
        order: {
          ...order,
          url,
          payments: [
            { type: 'card-online', name: 'Картой онлайн', amount: 1000, paid: true },
            { type: 'sbp', name: 'СБП', amount: order.total - 1000, paid: false },
          ],
          paid: 1000,
          paymentStatus: 'partial',
        },
      };
    });
    const el = await widgetFor(paidPart, id, 'ru');
    const link = part<HTMLAnchorElement>(el, 'order-link')!;
    expect(link.getAttribute('href')).to.equal(url);
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.equal('noopener noreferrer');
    expect(textOf(link)).to.match(/^Заказ №\d+A \(откроется в новой вкладке\)$/);
    const [paid, unpaid] = parts(el, 'payment');
    expect(paid!.getAttribute('part')).to.contain('payment-paid');
    expect(plain(textOf(paid!))).to.equal('Картой онлайн — 1 000 ₽ · оплачено');
    expect(getComputedStyle(paid!).color).to.equal('rgb(21, 128, 61)');
    expect(unpaid!.getAttribute('part')).to.not.contain('payment-paid');
    expect(plain(textOf(part(el, 'to-pay')))).to.equal('К оплате 1 330 ₽ · Оплачен частично');
    // SBP is online and unpaid: a link can be sent.
    expect(part(el, 'link-button')).to.not.equal(null);
    await expect(el).to.be.accessible();

    url = 'javascript:alert(1)';
    await el.reload();
    await el.updateComplete;
    expect(part(el, 'order-link')).to.equal(null);
    expect(el.shadowRoot!.querySelector('a')).to.equal(null);
    expect(textOf(part(el, 'order-number'))).to.match(/^Заказ №\d+A$/);
  });

  it('states: the CRM not answering (message, Retry loads), the widget switched off, a channel without a store; a refused payment link says why', async () => {
    const anna = await connect('anna');
    const id = await annaConversation(anna);
    // The server's answer when the host CRM times out, once.
    let refusals = 1;
    const flaky = intercepting(anna, 'crm.orderOptions', (pass) =>
      refusals-- > 0 ? Promise.reject(new ChatError('UNAVAILABLE', 'The CRM did not answer in time.')) : pass(),
    );
    const el = await widgetFor(flaky, id, 'ru');
    expect(part(el, 'load-error')!.getAttribute('role')).to.equal('alert');
    expect(textOf(part(el, 'load-error'))).to.equal('CRM не отвечает: заказ не загрузился.');
    await expect(el).to.be.accessible();
    part(el, 'retry-button')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => part(el, 'empty'), 'Retry loads the widget');
    expect(textOf(part(el, 'empty'))).to.equal('Текущего заказа нет');
    expect(focused(el)?.id).to.equal('current-title');

    // The server's answer while the order widget is off in the settings (S-SET-7).
    const off = intercepting(anna, 'crm.currentOrder', () => Promise.reject(new ChatError('FORBIDDEN', 'The order widget is switched off in the settings.', { reason: 'widget-off' })));
    const offEl = await widgetFor(off, id, 'en');
    expect(textOf(part(offEl, 'notice'))).to.equal('The order widget is switched off in the chat settings.');
    expect(part(offEl, 'form')).to.equal(null);
    await expect(offEl).to.be.accessible();

    // A channel mapped to no store (S-SET-6).
    const noStore = intercepting(anna, 'crm.orderOptions', () => Promise.reject(new ChatError('CONFLICT', 'The conversation\'s channel has no store (S-SET-6).')));
    const noStoreEl = await widgetFor(noStore, id, 'ru');
    expect(textOf(part(noStoreEl, 'notice'))).to.equal('У канала этого диалога нет магазина: администратор выбирает его в настройках чатов (Виджеты).');

    // A payment link the CRM refuses (nothing due online any more): said, nothing sent.
    await anna.call('crm.placeOrder', { conversationId: id, items: [{ offerId: 'p20-1', quantity: 1 }], delivery: { type: 'pickup' }, paymentType: 'sbp' });
    const refusedLink = intercepting(anna, 'crm.paymentLink', () => Promise.reject(new ChatError('CONFLICT', 'Nothing of this order is due online.')));
    const linkEl = await widgetFor(refusedLink, id, 'en');
    const before = (await messagesOf(anna, id)).length;
    part(linkEl, 'link-button')!.click();
    await waitUntil(() => part(linkEl, 'action-error'), 'the refusal shows');
    expect(part(linkEl, 'action-error')!.getAttribute('role')).to.equal('alert');
    expect(textOf(part(linkEl, 'action-error'))).to.equal('Nothing of this order is due online: no link was sent.');
    expect(part(linkEl, 'action-error')!.getAttribute('title')).to.equal('Nothing of this order is due online.');
    expect((await messagesOf(anna, id)).length).to.equal(before);
    await expect(linkEl).to.be.accessible();
  });
});
