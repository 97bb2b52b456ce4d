// Issue 17's "Done when", tried in real Chromium as a manager would: a new shop visitor writes; on
// the CRM page the manager selects the phone in their message and sets it, saves the customer, finds
// two products and sends them, places an order with courier delivery, sends it and a payment link,
// creates a task for tomorrow and completes it; the CRM's customer and order cards show the
// conversation and open it in the panel. Once with the built-in CRM, once with a host CRM over the
// REST contract (the reference server of examples/crm).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import type { Browser, Page } from 'playwright-core';
import { ChatClient, type WebSocketConstructor } from '@chatdesk/client';
import { signUserToken } from '@chatdesk/server/host-token';
import { startTestServer, type TestServer } from '@chatdesk/server/testing';
import { startCrmServer } from '../crm/server.js';
import { bundlesBuilt, openPage, launchChromium, startHostServer, type HostServer } from './pages.js';

const KEY = 'crm-flow-test-key';
const PHONE = '+7 916 555-12-34';
let browser: Browser;

before(async () => {
  assert.ok(bundlesBuilt(), 'dist/bundles is missing: run `npm run build:bundles` (npm run test:pages does)');
  browser = await launchChromium();
});
after(() => browser?.close());

/** The demo chat server (its built-in CRM with the demo catalogue, or a host CRM), the CRM page and the shop page. */
async function world(adapter: 'builtin' | 'http') {
  const closing: (() => Promise<unknown>)[] = [];
  const [crmPage, shop] = await Promise.all([startHostServer(), startHostServer()]);
  closing.push(() => crmPage.close(), () => shop.close());
  let chat: TestServer;
  if (adapter === 'http') {
    const hostCrm = await startCrmServer({ apiKey: KEY });
    closing.push(() => hostCrm.close());
    chat = await startTestServer({ demo: true, allowedOrigins: [crmPage.origin, shop.origin], crmUrl: hostCrm.url, crmKey: KEY });
  } else {
    chat = await startTestServer({ demo: true, allowedOrigins: [crmPage.origin, shop.origin] });
  }
  closing.unshift(() => chat.close());
  const token = () => signUserToken(chat.secret, { id: 'anna', name: 'Анна Менеджерова', rights: ['chats', 'admin'], ttlSeconds: 600 });
  crmPage.json('/chat-token', () => ({ token: token() }));
  // The CRM's pages: the chat in a section, and a customer's and an order's card with the host
  // elements (the ids in the query, as a CRM's card route has them).
  const head = `<meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="${chat.url}/bundles/chat-panel.js"></script>`;
  crmPage.page(
    '/chats.html',
    `<!doctype html><html lang="ru"><head>${head}<title>CRM — чаты</title></head>
<body style="margin:0"><main style="width:1280px;height:860px"><chat-panel server="${chat.url}" token-url="/chat-token" mode="section"></chat-panel></main></body></html>`,
  );
  crmPage.page(
    '/card.html',
    `<!doctype html><html lang="ru"><head>${head}<script type="module" src="${chat.url}/bundles/chat-cards.js"></script><title>CRM — карточка</title></head>
<body><section id="customer"><h1>Клиент</h1></section><section id="order"><h1>Заказ</h1></section>
<chat-panel server="${chat.url}" token-url="/chat-token"></chat-panel>
<script type="module">
  const q = new URLSearchParams(location.search);
  const customer = document.createElement('chat-customer-conversations');
  customer.setAttribute('customer-id', q.get('customer'));
  document.querySelector('#customer').append(customer);
  const order = document.createElement('chat-order-conversations');
  order.setAttribute('order-id', q.get('order'));
  document.querySelector('#order').append(order);
</script></body></html>`,
  );
  shop.page(
    '/shop.html',
    `<!doctype html><html lang="ru"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Магазин</title>
<script type="module" src="${chat.url}/bundles/chat-consultant.js"></script></head>
<body><chat-consultant server="${chat.url}"></chat-consultant></body></html>`,
  );
  // The admin maps the web channel to the store (S-SET-6), as the settings screen would save it.
  const admin = new ChatClient({ url: chat.wsUrl, token: token(), WebSocket: WebSocket as unknown as WebSocketConstructor, origin: crmPage.origin });
  admin.connect();
  closing.unshift(async () => admin.close());
  return {
    chat,
    crmPage,
    shop,
    admin,
    close: async () => {
      for (const c of closing) await c();
    },
  };
}

const open = (url: string) => openPage(browser, url, { width: 1300, height: 900 });

/** Selects `text` in the customer's last message with the mouse, as a manager would drag over it. */
async function dragSelect(page: Page, text: string): Promise<void> {
  const message = page.locator('chat-message[author-kind="customer"] [part~="text"]').last();
  await message.waitFor({ timeout: 10_000 });
  const box = await message.evaluate((el, wanted) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(wanted);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      const r = range.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }
    throw new Error(`no text node holds ${wanted}`);
  }, text);
  // From just after it back to its start: a press on the phone itself would drag its tel: link.
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 0.5, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, y, { steps: 4 });
  await page.mouse.move(box.x + 0.5, y, { steps: 4 });
  await page.mouse.up();
}

for (const adapter of ['builtin', 'http'] as const) {
  test(`issue 17 Done-when in Chromium (${adapter === 'builtin' ? 'built-in CRM' : 'host CRM over HTTP'}): S-W-CUST, S-W-PROD, S-W-ORD, S-W-TASK, S-HOST-1, S-HOST-2 — phone from a selection, save, two products sent as product cards, an order placed and sent with a payment link, a task for tomorrow completed, the cards open the conversation`, async () => {
    const w = await world(adapter);
    try {
      // A new shop visitor writes, with their phone in the message.
      const { page: visitor, errors: visitorErrors } = await open(`${w.shop.origin}/shop.html`);
      await visitor.locator('chat-consultant [part~="launcher"]').click();
      const question = `Здравствуйте! Мой телефон ${PHONE}, подберите кроссовки 42 размера`;
      await visitor.locator('chat-consultant [part~="textarea"]').fill(question);
      await visitor.locator('chat-consultant [part~="textarea"]').press('Enter');
      await visitor.locator('chat-consultant [part~="message"]:not([part~="pending"])', { hasText: 'подберите кроссовки' }).waitFor({ timeout: 10_000 });

      // S-SET-6: the web channel sells from the main store.
      const got = await w.admin.call('settings.get', {});
      const web = got.channels.find((c) => c.kind === 'web')!.id;
      await w.admin.call('settings.update', { version: got.version, widgets: { ...got.settings.widgets, storeByChannel: { ...got.settings.widgets.storeByChannel, [web]: 'main' }, orderMethod: 'messenger', orderType: 'retail' } });

      // The manager opens the conversation; the CRM side shows beside the thread.
      const { page, errors } = await open(`${w.crmPage.origin}/chats.html`);
      await page.locator('chat-conversation-list [part~="item"]', { hasText: 'подберите кроссовки' }).first().click();
      const sidebar = page.locator('chat-crm-sidebar');
      await sidebar.locator('chat-customer-widget [part~="save-form"]').waitFor({ timeout: 15_000 });

      // S-W-CUST: the phone selected in the message goes to the Save form; the customer is saved.
      await dragSelect(page, PHONE);
      await page.getByRole('menuitem', { name: 'Указать как телефон' }).click();
      const phoneField = sidebar.locator('chat-customer-widget #s-phone');
      await assert.doesNotReject(async () => {
        for (let i = 0; i < 50 && (await phoneField.inputValue()) !== PHONE; i++) await page.waitForTimeout(100);
      });
      assert.equal(await phoneField.inputValue(), PHONE);
      await sidebar.locator('chat-customer-widget #s-firstName').fill('Пётр');
      await sidebar.locator('chat-customer-widget [part~="save-button"]').click();
      await sidebar.locator('chat-customer-widget [part~="save-form"]').waitFor({ state: 'detached', timeout: 10_000 });
      const conversationId = (await w.admin.call('conversations.list', {})).conversations.find((c) => c.lastMessage?.text.includes('подберите кроссовки'))!.id;
      const saved = (await w.admin.call('crm.customer', { conversationId })).customer!;
      assert.deepEqual([saved.firstName, saved.phones, saved.storeCode], ['Пётр', [PHONE], 'main']);

      // S-W-PROD: two products found and sent; the visitor sees two product cards.
      await sidebar.locator('summary', { hasText: 'Товары' }).click();
      const products = sidebar.locator('chat-products-widget');
      await products.locator('input[type="search"]').fill('кроссовки');
      const checkboxes = products.locator('[part~="offer-checkbox"]');
      await checkboxes.nth(1).waitFor({ timeout: 10_000 });
      await checkboxes.nth(0).check();
      await checkboxes.nth(1).check();
      await products.getByRole('button', { name: 'Отправить клиенту' }).click();
      await sidebar.locator('[part~="notice"]', { hasText: '2 товара отправлены клиенту.' }).waitFor({ timeout: 10_000 });
      // Both sides draw the cards: the visitor's window and the manager's thread, two product cards each.
      const visitorProducts = visitor.locator('chat-consultant [part~="card-product"]');
      await visitorProducts.nth(1).waitFor({ timeout: 10_000 });
      assert.equal(await visitorProducts.count(), 2);
      assert.match(await visitorProducts.first().locator('[part~="card-price"]').innerText(), /₽/);
      const threadProducts = page.locator('chat-thread chat-message [part~="card-product"]');
      await threadProducts.nth(1).waitFor({ timeout: 10_000 });
      assert.equal(await threadProducts.count(), 2);
      const sentCards = (await w.admin.call('messages.list', { conversationId })).messages.filter((m) => m.cards?.length);
      assert.deepEqual(sentCards.map((m) => m.cards!.map((c) => c.type)), [['product', 'product']]);

      // S-W-ORD: the same two into a new order, courier delivery, paid online; placed, sent, and its payment link.
      await products.locator('[part~="picked-count"]', { hasText: 'Ничего не выбрано' }).waitFor({ timeout: 10_000 });
      await checkboxes.nth(0).check();
      await checkboxes.nth(1).check();
      await products.getByRole('button', { name: 'Добавить в заказ' }).click();
      const order = sidebar.locator('chat-order-widget');
      await order.locator('[part~="line"]').nth(1).waitFor({ timeout: 10_000 });
      await order.locator('#order-delivery').selectOption('courier');
      await order.locator('#order-payment').selectOption('card-online');
      await order.locator('[part~="place-button"]').click();
      await order.locator('[part~="order-number"]').waitFor({ timeout: 10_000 });
      const placed = (await w.admin.call('crm.currentOrder', { conversationId })).order!;
      assert.equal(placed.delivery.type, 'courier');
      assert.equal(placed.items.length, 2);
      await order.locator('[part~="send-button"]').click();
      await order.locator('[part~="action-status"]', { hasText: 'Заказ отправлен клиенту' }).waitFor({ timeout: 10_000 });
      await visitor.locator('chat-consultant [part~="card-order"]', { hasText: `№${placed.number}` }).waitFor({ timeout: 10_000 });
      await page.locator('chat-thread chat-message [part~="card-order"]', { hasText: `№${placed.number}` }).waitFor({ timeout: 10_000 });
      await order.locator('[part~="link-button"]').click();
      await order.locator('[part~="action-status"]', { hasText: 'Ссылка отправлена' }).waitFor({ timeout: 10_000 });
      await visitor.locator('chat-consultant [part~="message"]', { hasText: `Ссылка на оплату заказа №${placed.number}` }).waitFor({ timeout: 10_000 });

      // S-W-TASK: a task for tomorrow, created and completed; it stays listed, struck through.
      await sidebar.locator('summary', { hasText: 'Задачи' }).click();
      const tasks = sidebar.locator('chat-tasks-widget');
      await tasks.locator('[part~="add-button"]').click();
      await tasks.locator('#task-text').fill('Перезвонить клиенту про доставку');
      await tasks.getByRole('button', { name: 'Завтра' }).click();
      await tasks.locator('[part~="create-button"]').click();
      const task = tasks.locator('li[data-task-id]', { hasText: 'Перезвонить клиенту про доставку' });
      await task.waitFor({ timeout: 10_000 });
      await task.locator('[part~="checkbox"]').check();
      await task.locator('[part~="completed"]').waitFor({ timeout: 10_000 });
      const listed = (await w.admin.call('crm.tasks', { conversationId })).tasks;
      assert.equal(listed.length, 1);
      assert.ok(listed[0]!.completedAt !== null && listed[0]!.deadline! > Date.now());

      // S-HOST-1, S-HOST-2: the customer's and the order's cards in the CRM show the conversation and open it.
      const { page: card, errors: cardErrors } = await open(`${w.crmPage.origin}/card.html?customer=${encodeURIComponent(saved.id)}&order=${encodeURIComponent(placed.id)}`);
      const listedConversation = card.locator('chat-customer-conversations [part~="item"]');
      await listedConversation.waitFor({ timeout: 10_000 });
      assert.equal(await listedConversation.count(), 1);
      await card.locator('chat-order-conversations [part~="item"]').waitFor({ timeout: 10_000 });
      await card.locator('chat-order-conversations [part~="item"]').click();
      await card.locator('chat-panel chat-message[author-kind="customer"]', { hasText: 'подберите кроссовки' }).waitFor({ timeout: 10_000 });
      await card.locator('chat-panel [part~="close-button"]').click();
      await listedConversation.click();
      await card.locator('chat-panel chat-message[author-kind="customer"]', { hasText: 'подберите кроссовки' }).waitFor({ timeout: 10_000 });

      assert.deepEqual([...errors, ...visitorErrors, ...cardErrors], []);
    } finally {
      await w.close();
    }
  });
}
