import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ChatClient } from '@chatdesk/client';
import { assignTo, chatServerUrl, connectVisitor, demoTokenUrl, part, parts } from '../../test/helpers.js';
import type { ChatPanel } from '../panel/panel.component.js';
import type { ChatCrmSidebar } from './crm-sidebar.component.js';
import '../panel/panel.js';

/*
 * The panel's CRM side against the real demo server, as a manager meets it: a wide panel shows it
 * beside the thread, a narrow one behind the header's card button; text selected in the
 * customer's message goes to the customer widget; picked products go to the order being composed.
 * Nothing here changes the chat settings (the server is shared with other test files).
 */

const closeAfter: ChatClient[] = [];

async function annasConversation(text: string): Promise<number> {
  const visitor = await connectVisitor();
  closeAfter.push(visitor);
  const { conversationId } = await visitor.send(text);
  await assignTo(conversationId, 'anna');
  return conversationId;
}

const inner = <T extends Element>(root: Element | ShadowRoot | null | undefined, selector: string): T | null =>
  ((root as Element)?.shadowRoot ?? (root as ShadowRoot | null))?.querySelector<T>(selector) ?? null;

async function panelOf(width: number): Promise<ChatPanel> {
  const server = await chatServerUrl();
  const box = await fixture<HTMLDivElement>(html`<div lang="ru" style="width:${width}px;height:700px">
    <chat-panel mode="section" server=${server} token-url=${demoTokenUrl('anna')}></chat-panel>
  </div>`);
  const panel = box.querySelector<ChatPanel>('chat-panel')!;
  await waitUntil(() => panel.client?.state.connection === 'open', 'anna connects', { timeout: 5000 });
  return panel;
}

/** Anna's new conversation open in a wide panel, with the first Converse offer picked in the products widget. */
async function pickedConverse(text: string) {
  const id = await annasConversation(text);
  const panel = await panelOf(1200);
  panel.openConversation(id);
  await waitUntil(() => part(panel, 'crm'), 'the CRM side', { timeout: 10_000 });
  const sidebar = part<ChatCrmSidebar>(panel, 'crm')!;
  const products = (await sidebar.open<HTMLElement & { query: string; updateComplete: Promise<unknown> }>('products'))!;
  products.query = 'Converse';
  await waitUntil(() => inner(products, '[part~="offer-checkbox"]'), 'offers listed', { timeout: 10_000 });
  inner<HTMLInputElement>(products, '[part~="offer-checkbox"]')!.click();
  await products.updateComplete;
  /** Presses one of the products widget's footer buttons by its words. */
  const press = (words: string) => [...products.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === words)!.click();
  return { id, panel, sidebar, press };
}

describe('<chat-crm-sidebar> in the panel (issue 17: S-W-CUST, S-W-PROD, S-W-ORD)', () => {
  afterEach(() => {
    for (const c of closeAfter.splice(0)) c.close();
  });

  it('a wide panel shows the CRM side beside the thread; a narrow one behind the card button, instead of the thread', async () => {
    const id = await annasConversation(`Здравствуйте! #${Date.now()}`);
    const wide = await panelOf(1200);
    wide.openConversation(id);
    await waitUntil(() => part(wide, 'crm'), 'the CRM side shows', { timeout: 10_000 });
    const button = part(wide, 'crm-button')!;
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    expect(button.getAttribute('aria-label')).to.equal('Клиент, товары, заказ и задачи');
    const sidebar = part<ChatCrmSidebar>(wide, 'crm')!;
    await waitUntil(() => inner(sidebar, 'chat-customer-widget'), 'the customer widget loads with it', { timeout: 10_000 });
    expect(parts(sidebar, 'summary').map((s) => s.textContent)).to.deep.equal(['Клиент', 'Товары', 'Заказ', 'Задачи']);
    expect(part(wide, 'thread')!.getBoundingClientRect().width).to.be.greaterThan(0, 'the thread stays');
    await expect(sidebar).to.be.accessible();
    wide.remove();

    const narrow = await panelOf(700);
    narrow.openConversation(id);
    await waitUntil(() => part(narrow, 'crm-button'), 'the conversation shows', { timeout: 10_000 });
    expect(part(narrow, 'crm'), 'not at first').to.equal(null);
    part(narrow, 'crm-button')!.click();
    await waitUntil(() => part(narrow, 'crm'), 'shown on demand');
    expect(part(narrow, 'crm-button')!.getAttribute('aria-expanded')).to.equal('true');
    expect(part(narrow, 'thread')!.getBoundingClientRect().width, 'instead of the thread').to.equal(0);
    part(narrow, 'crm-button')!.click();
    await waitUntil(() => !part(narrow, 'crm'), 'hidden again');
  });

  it('S-W-CUST: text selected in the customer’s message opens a menu; «Указать как телефон» puts it into the customer’s form', async () => {
    const phone = '+7 999 555-44-33';
    const id = await annasConversation(`Перезвоните мне: ${phone}`);
    const panel = await panelOf(1200);
    panel.openConversation(id);
    const thread = await waitUntil(() => part(panel, 'thread'), 'the thread', { timeout: 10_000 }).then(() => part(panel, 'thread')!);
    const message = await (async () => {
      await waitUntil(() => thread.shadowRoot?.querySelector('chat-message[author-kind="customer"]'), 'the customer’s message', { timeout: 10_000 });
      return [...thread.shadowRoot!.querySelectorAll<HTMLElement>('chat-message[author-kind="customer"]')].pop()!;
    })();
    const textEl = message.shadowRoot!.querySelector<HTMLElement>('[part~="text"]')!;
    // The phone may be a link of its own (tel:): the text node holding it, wherever it is.
    const walker = document.createTreeWalker(textEl, NodeFilter.SHOW_TEXT);
    let node: Node | null = walker.nextNode();
    while (node && !node.textContent!.includes(phone)) node = walker.nextNode();
    if (!node) throw new Error(`no text node holds ${phone}: ${textEl.textContent}`);
    const start = node.textContent!.indexOf(phone);
    const selection = (message.shadowRoot as ShadowRoot & { getSelection(): Selection }).getSelection?.() ?? document.getSelection()!;
    selection.setBaseAndExtent(node, start, node, start + phone.length);
    textEl.dispatchEvent(new PointerEvent('pointerup', { bubbles: true, composed: true, clientX: 200, clientY: 200 }));
    await waitUntil(() => part(panel, 'selection-menu'), 'the menu opens');
    const items = parts(panel, 'selection-menu-item');
    expect(items.map((i) => i.textContent)).to.deep.equal(['Указать как имя', 'Указать как телефон', 'Указать как e-mail', 'Указать как адрес', 'Найти товар']);
    expect(panel.shadowRoot!.activeElement).to.equal(items[0], 'focus is in the menu');
    await sendKeys({ press: 'ArrowDown' });
    expect(panel.shadowRoot!.activeElement).to.equal(items[1]);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => !part(panel, 'selection-menu'), 'the menu closes');
    const sidebar = part<ChatCrmSidebar>(panel, 'crm')!;
    const widget = await waitUntil(() => inner(sidebar, 'chat-customer-widget'), 'the customer widget', { timeout: 10_000 }).then(() => inner<HTMLElement>(sidebar, 'chat-customer-widget')!);
    await waitUntil(() => inner<HTMLInputElement>(widget, '#s-phone')?.value === phone, 'the phone is in the Save form', { timeout: 10_000 });
  });

  it('S-W-PROD: picked products «Отправить клиенту» go into the conversation as one message of product cards, with a line per offer and its price as the text fallback', async function () {
    // The products widget's chunk loads on demand here.
    this.timeout(30_000);
    const { id, panel, sidebar, press } = await pickedConverse(`Хочу кеды #${Date.now()}`);
    press('Отправить клиенту');
    await waitUntil(() => part(sidebar, 'notice')?.textContent === 'Товар отправлен клиенту.', 'the sidebar says so', { timeout: 10_000 });
    const sent = () => panel.client!.state.threads[id]?.messages.find((m) => m.text.startsWith('Посмотрите, пожалуйста:'));
    await waitUntil(() => sent()?.id, 'the message is stored in the thread', { timeout: 10_000 });
    expect(sent()!.text).to.match(/^Посмотрите, пожалуйста:\n• Кеды Converse Chuck Taylor All Star, \d+ — 6\s490,00\s₽$/);
    expect(sent()!.cards?.map((c) => [c.type, c.type === 'product' && c.price])).to.deep.equal([['product', 6490]]);
  });

  it('S-W-PROD, S-W-ORD: picked products «Добавить в заказ» go to the order being composed', async function () {
    // Two widgets' chunks load on demand here.
    this.timeout(30_000);
    const { sidebar, press } = await pickedConverse(`Хочу кеды в заказ #${Date.now()}`);
    press('Добавить в заказ');
    await waitUntil(() => inner(sidebar, 'chat-order-widget'), 'the order widget opens', { timeout: 10_000 });
    const order = inner<HTMLElement & { lines: readonly { offerId: string }[] }>(sidebar, 'chat-order-widget')!;
    await waitUntil(() => order.lines?.length === 1, 'the offer is in the order', { timeout: 10_000 });
    expect(order.lines[0]!.offerId).to.match(/^p5-/);
    expect((sidebar.shadowRoot!.querySelector('[data-widget="order"]') as HTMLDetailsElement).open).to.equal(true);
  });
});
