// Issue 16's "Done when", tried in real Chromium against a chat server of its own whose clock the
// test moves: an admin's settings screen refuses bad values at their fields, the saved time limits
// turn a waiting conversation yellow, then red (the red count in the list's header), then clear
// it when the manager answers, all pushed live; with the policy on, a new shop visitor agrees
// before the manager sees them; switching the display mode turns the popup into a section.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { signUserToken } from '@chatdesk/server/host-token';
import { startTestServer, type TestServer } from '@chatdesk/server/testing';
import { bundlesBuilt, openPage, launchChromium, startHostServer, type HostServer } from './pages.js';

const SEC = 1_000;
let now = Date.now();
let browser: Browser;
let crm: HostServer;
let shop: HostServer;
let chat: TestServer;

before(async () => {
  assert.ok(bundlesBuilt(), 'dist/bundles is missing: run `npm run build:bundles` (npm run test:pages does)');
  [crm, shop] = await Promise.all([startHostServer(), startHostServer()]);
  // The SLA job runs on its timer, often, and reads the moved clock.
  chat = await startTestServer({
    allowedOrigins: [crm.origin, shop.origin],
    clock: { now: () => now },
    slaIntervalMs: 100,
    stores: [
      { code: 'main', name: 'Основной магазин' },
      { code: 'opt', name: 'Опт' },
    ],
  });
  crm.page(
    '/crm.html',
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>CRM</title>
<script type="module" src="${chat.url}/bundles/chat-panel.js"></script>
<script type="module" src="${chat.url}/bundles/chat-settings.js"></script></head>
<body><main><chat-settings></chat-settings></main>
<chat-panel server="${chat.url}" token-url="/chat-token"></chat-panel></body></html>`,
  );
  crm.json('/chat-token', () => ({
    token: signUserToken(chat.secret, { id: 'olga', name: 'Ольга Админова', rights: ['chats', 'admin'], ttlSeconds: 600, now }),
  }));
  shop.page(
    '/shop.html',
    `<!doctype html><html lang="ru"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Магазин</title>
<script type="module" src="${chat.url}/bundles/chat-consultant.js"></script></head>
<body><chat-consultant server="${chat.url}"></chat-consultant></body></html>`,
  );
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await chat?.close();
  await Promise.all([crm, shop].map((h) => h?.close()));
});

const open = (url: string) => openPage(browser, url, { width: 1280, height: 900 });

/** The message shown at a field of the settings screen. */
const errorAt = (page: Page, path: string): Locator => page.locator(`chat-settings [data-field="${path}"] > [part~="error"]`);

async function ask(page: Page, text: string): Promise<void> {
  await page.locator('chat-consultant [part~="launcher"]').click();
  await page.locator('chat-consultant [part~="textarea"]').fill(text);
  await page.locator('chat-consultant [part~="textarea"]').press('Enter');
  await page.locator('chat-consultant [part~="message"]:not([part~="pending"])', { hasText: text }).waitFor({ timeout: 10_000 });
}

test('S-SET-2, S-SET-5, S-SET-6, S-SET-8, S-SLA-1: as an admin would try it — refused values at their fields, yellow → red → answered live on a moved clock, the policy before the first message, popup → section', async () => {
  // A shop visitor writes first: the web channel exists from then on, and waits for a store.
  const { page: visitor } = await open(`${shop.origin}/shop.html`);
  await visitor.waitForFunction(() => customElements.get('chat-consultant') !== undefined, undefined, { timeout: 10_000 });
  const question = `Где мой заказ? #${Date.now()}`;
  await ask(visitor, question);
  const { page: admin, errors } = await open(`${crm.origin}/crm.html`);
  const settings = admin.locator('chat-settings');
  await settings.locator('[part~="tabs"]').waitFor({ timeout: 10_000 });

  // -- invalid values are refused with messages at the fields -----------------------------------
  await settings.locator('#tab-timeLimits').click();
  await settings.locator('#f-timeLimits-default-warningMs-min').fill('0');
  await settings.locator('#f-timeLimits-default-warningMs-s').fill('29');
  await settings.locator('#f-timeLimits-default-processingMs-min').fill('0');
  await settings.locator('#f-timeLimits-default-processingMs-s').fill('45');
  assert.match((await errorAt(admin, 'timeLimits.default.warningMs').textContent()) ?? '', /At least 30 seconds/);
  assert.match((await errorAt(admin, 'timeLimits.default.processingMs').textContent()) ?? '', /A multiple of 30 seconds/);
  // The web channel has no store yet: its field says so.
  await settings.locator('#tab-widgets').click();
  const storeSelect = settings.locator('[data-field^="widgets.storeByChannel."] select').first();
  const storeField = (await settings.locator('[data-field^="widgets.storeByChannel."]').first().getAttribute('data-field'))!;
  assert.equal(await errorAt(admin, storeField).textContent(), 'Every channel needs a store');
  assert.equal(await settings.locator('[part~="save-button"]').isDisabled(), true, 'no save while a field needs attention');
  // The same messages in Russian.
  await settings.evaluate((el) => el.setAttribute('lang', 'ru'));
  await admin.waitForFunction(() => document.querySelector('chat-settings')!.shadowRoot!.querySelector('[part~="summary"]')!.textContent!.startsWith('Нужно исправить'));
  assert.equal(await errorAt(admin, storeField).textContent(), 'Каждому каналу нужен магазин');
  assert.match((await errorAt(admin, 'timeLimits.default.processingMs').textContent()) ?? '', /Кратно 30 секундам/);
  await settings.evaluate((el) => el.removeAttribute('lang'));

  // Mended: 30 s warning, 60 s limit, the channel in the main store. Saved.
  await storeSelect.selectOption('main');
  await settings.locator('#tab-timeLimits').click();
  await settings.locator('#f-timeLimits-default-warningMs-s').fill('30');
  await settings.locator('#f-timeLimits-default-processingMs-min').fill('1');
  await settings.locator('#f-timeLimits-default-processingMs-s').fill('0');
  await settings.locator('[part~="save-button"]').click();
  await settings.locator('[part~="status"]', { hasText: 'Saved' }).waitFor({ timeout: 10_000 });

  // -- the waiting conversation turns yellow, then red, live; green again when answered ----------

  await admin.locator('chat-panel [part~="launcher"]').click();
  await admin.locator('chat-conversation-list [part~="item"]', { hasText: question }).waitFor({ timeout: 10_000 });
  // By its id from now on: the row shows the last message, which the answer changes.
  const id = await admin.locator('chat-conversation-list [part~="item"]', { hasText: question }).getAttribute('data-id');
  const row = admin.locator(`chat-conversation-list [part~="item"][data-id="${id}"]`);
  assert.equal(await row.locator('[part~="sla"]').count(), 0, 'within the limit: no marker');
  now += 30 * SEC;
  await row.locator('[part~="sla"][data-state="warning"]').waitFor({ timeout: 5_000 });
  assert.equal(await row.locator('[part~="sla"]').getAttribute('aria-label'), 'Reply time running out');
  now += 30 * SEC;
  await row.locator('[part~="sla"][data-state="breached"]').waitFor({ timeout: 5_000 });
  // The header counts the red ones; pressed, it shows only them.
  const count = admin.locator('chat-conversation-list [part~="sla-count"]');
  await count.waitFor({ timeout: 5_000 });
  assert.equal((await count.textContent())?.trim(), '1');
  assert.equal(await count.getAttribute('aria-label'), '1 conversation with the reply overdue: show only them');
  await count.click();
  assert.equal(await count.getAttribute('aria-pressed'), 'true');
  await row.click();
  await admin.locator('chat-composer [part~="textarea"]').fill('Уже едет к вам!');
  await admin.locator('chat-composer [part~="textarea"]').press('Enter');
  // Answered: nothing is red; the pressed count stays (at 0) until pressed again, and then goes.
  await admin.waitForFunction(
    () => {
      const list = document.querySelector('chat-panel')!.shadowRoot!.querySelector('chat-conversation-list')!.shadowRoot!;
      return list.querySelector('[part~="sla-count"]')?.textContent?.trim() === '0';
    },
    undefined,
    { timeout: 5_000 },
  );
  await count.click();
  await count.waitFor({ state: 'detached', timeout: 5_000 });
  await row.waitFor({ timeout: 5_000 });
  assert.equal(await row.locator('[part~="sla"]').count(), 0, 'answered: no marker');

  // -- with the policy on, a new visitor agrees before the manager sees them ---------------------
  // (The popup is closed while the admin works on the settings under it.)
  await admin.locator('chat-panel [part~="close-button"]').click();
  await settings.locator('#tab-privacy').click();
  await settings.locator('#f-privacy-enabled').check();
  await settings.locator('#f-privacy-text').fill('Мы обрабатываем ваши данные, чтобы ответить вам.');
  await settings.locator('#f-privacy-link').fill('https://shop.example.com/privacy');
  await settings.locator('[part~="save-button"]').click();
  await settings.locator('[part~="status"]', { hasText: 'Saved' }).waitFor({ timeout: 10_000 });

  const { page: newcomer } = await open(`${shop.origin}/shop.html`);
  await newcomer.locator('chat-consultant [part~="launcher"]').click();
  const notice = newcomer.locator('chat-consultant [part~="privacy"]');
  await notice.waitFor({ timeout: 10_000 });
  assert.equal(await notice.locator('[part~="privacy-text"]').textContent(), 'Мы обрабатываем ваши данные, чтобы ответить вам.');
  assert.equal(await notice.locator('[part~="privacy-link"]').getAttribute('href'), 'https://shop.example.com/privacy');
  // Until they agree, nothing of them reaches the manager (the composer waits for the agreement).
  await admin.locator('chat-panel [part~="launcher"]').click();
  const conversationsBefore = await admin.locator('chat-conversation-list [part~="item"]').count();
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await admin.locator('chat-conversation-list [part~="item"]').count(), conversationsBefore);
  await notice.locator('[part~="privacy-agree"]').click();
  await notice.waitFor({ state: 'detached', timeout: 5_000 });
  const second = `Можно оплатить картой? #${Date.now()}`;
  await newcomer.locator('chat-consultant [part~="textarea"]').fill(second);
  await newcomer.locator('chat-consultant [part~="textarea"]').press('Enter');
  await admin.locator('chat-conversation-list [part~="item"]', { hasText: second }).waitFor({ timeout: 10_000 });
  assert.equal(await admin.locator('chat-conversation-list [part~="item"]').count(), conversationsBefore + 1);

  // -- switching the display mode turns the popup into an in-page section ------------------------
  const panel = admin.locator('chat-panel');
  assert.equal(await panel.getAttribute('data-mode'), 'popup');
  await admin.locator('chat-panel [part~="close-button"]').click();
  await settings.locator('#tab-general').click();
  await settings.locator('input[name="displayMode"][value="section"]').check();
  await settings.locator('[part~="save-button"]').click();
  await admin.waitForFunction(() => document.querySelector('chat-panel')!.getAttribute('data-mode') === 'section', undefined, { timeout: 10_000 });
  assert.equal(await admin.locator('chat-panel [part~="launcher"]').count(), 0, 'no floating button in a section');
  assert.ok(await admin.locator('chat-panel [part~="panel"]').isVisible());

  assert.deepEqual(errors, [], 'no errors on the CRM page');
  await Promise.all([admin, visitor, newcomer].map((p) => p.context().close()));
});
