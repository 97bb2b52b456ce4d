// The README's embedding snippets, verbatim, on host pages of other origins than the chat server,
// in real Chromium against the real server: what an integrator does first. Also a page whose
// origin the server refuses, and the visitor's unsent text across a reload.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { signUserToken } from '@chatdesk/server/host-token';
import { startTestServer, type TestServer } from '@chatdesk/server/testing';
import { bundlesBuilt, collectErrors, hostPage, launchChromium, readmeSnippets, startHostServer, type HostServer } from './pages.js';

const snippets = readmeSnippets();
let browser: Browser;
let crm: HostServer;
let shop: HostServer;
let refused: HostServer;
let chat: TestServer;

before(async () => {
  assert.ok(bundlesBuilt(), 'dist/bundles is missing: run `npm run build:bundles` (npm run test:pages does)');
  [crm, shop, refused] = await Promise.all([startHostServer(), startHostServer(), startHostServer()]);
  // The CRM and the shop are allowed; `refused` stands for a site someone forgot to add.
  chat = await startTestServer({ allowedOrigins: [crm.origin, shop.origin] });
  for (const host of [crm, refused]) {
    host.page('/crm.html', hostPage(snippets.crm, chat.url, 'CRM'));
    // The host backend's token route of the README's guide (step 2), behind its own session check.
    host.json(snippets.tokenPath, () => ({
      token: signUserToken(chat.secret, { id: 'anna', name: 'Анна Менеджерова', rights: ['chats'], ttlSeconds: 300 }),
    }));
  }
  for (const host of [shop, refused]) host.page('/shop.html', hostPage(snippets.shop, chat.url, 'Shop'));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await chat?.close();
  await Promise.all([crm, shop, refused].map((h) => h?.close()));
});

/** A fresh profile per page: its own localStorage, as a different visitor or manager would have. */
async function open(url: string): Promise<{ page: Page; errors: string[]; bundles: Map<string, Record<string, string>> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  // The headers every file under /bundles/ came with: entries and the chunks they import.
  const bundles = new Map<string, Record<string, string>>();
  page.on('response', (r) => {
    if (r.url().startsWith(`${chat.url}/bundles/`)) bundles.set(r.url().slice(chat.url.length), r.headers());
  });
  await page.goto(url);
  return { page, errors, bundles };
}

test('S-CH-1, S-HOST-3: the README\'s CRM and shop snippets, verbatim on two other origins: the elements define, connect, and a question and its answer cross', async () => {
  // The shop: the module loads cross-origin from the chat server and defines the element.
  const { page: shopPage, errors: shopErrors, bundles } = await open(`${shop.origin}/shop.html`);
  await shopPage.waitForFunction(() => customElements.get('chat-consultant') !== undefined, undefined, { timeout: 10_000 });
  assert.ok(bundles.has('/bundles/chat-consultant.js') && [...bundles.keys()].some((k) => k.startsWith('/bundles/chunks/')), [...bundles.keys()].join());
  for (const [file, headers] of bundles) assert.equal(headers['access-control-allow-origin'], '*', file);

  const question = `Есть ли размер 38? #${Date.now()}`;
  await shopPage.locator('chat-consultant [part~="launcher"]').click();
  await shopPage.locator('chat-consultant [part~="textarea"]').fill(question);
  await shopPage.locator('chat-consultant [part~="textarea"]').press('Enter');
  // Stored: the bubble is no longer a pending one.
  await shopPage.locator('chat-consultant [part~="message"]:not([part~="pending"])', { hasText: question }).waitFor({ timeout: 10_000 });

  // The CRM: the panel takes its token from the host backend's route and connects; the header badge counts.
  const { page: crmPage, errors: crmErrors } = await open(`${crm.origin}/crm.html`);
  await crmPage.waitForFunction(() => customElements.get('chat-panel') !== undefined && customElements.get('chat-unread-badge') !== undefined, undefined, {
    timeout: 10_000,
  });
  await crmPage.locator('chat-unread-badge[count="1"]').waitFor({ state: 'attached', timeout: 10_000 });
  await crmPage.locator('chat-panel [part~="launcher"]').click();
  await crmPage.locator('chat-conversation-list [part~="item"]', { hasText: question }).click();
  const answer = `Да, есть. #${Date.now()}`;
  await crmPage.locator('chat-composer [part~="textarea"]').fill(answer);
  await crmPage.locator('chat-composer [part~="textarea"]').press('Enter');

  // The answer reaches the shop page live.
  await shopPage.locator('chat-consultant [part~="message"][part~="incoming"]', { hasText: answer }).waitFor({ timeout: 10_000 });
  assert.equal(await shopPage.locator('chat-consultant [part~="incoming"] [part~="author"]').last().textContent(), 'Анна Менеджерова');
  assert.deepEqual(shopErrors, [], 'no errors on the shop page');
  assert.deepEqual(crmErrors, [], 'no errors on the CRM page');
  await shopPage.context().close();
  await crmPage.context().close();
});

/** Requests of a page to the chat server's token route and socket: the attempts to connect. */
function countAttempts(page: Page): () => number {
  let n = 0;
  page.on('request', (r) => {
    if (r.url().startsWith(`${chat.url}/api/visitor/token`) && r.method() === 'POST') n++;
  });
  page.on('websocket', () => n++);
  return () => n;
}

test('a page whose origin is not in ALLOWED_ORIGINS says so (console error naming the origin and the setting, a message in the consultant and the panel) and stops reconnecting', async () => {
  const { page: shopPage, errors: shopErrors } = await open(`${refused.origin}/shop.html`);
  const shopAttempts = countAttempts(shopPage);
  await shopPage.waitForFunction(() => customElements.get('chat-consultant') !== undefined, undefined, { timeout: 10_000 });
  await shopPage.locator('chat-consultant [part~="launcher"]').click();
  const shopBanner = shopPage.locator('chat-consultant [part~="banner"]');
  await shopBanner.filter({ hasText: 'Чат не подключён для этого сайта.' }).waitFor({ timeout: 10_000 });
  assert.ok(
    shopErrors.some((e) => e.includes(refused.origin) && e.includes('ALLOWED_ORIGINS')),
    `a console error names ${refused.origin} and ALLOWED_ORIGINS: ${shopErrors.join(' | ')}`,
  );
  const after = shopAttempts();
  // The old widget said "Reconnecting…" and knocked again after 0.3, 0.6, 1.2, 2.4 s…
  await shopPage.waitForTimeout(3000);
  assert.equal(shopAttempts(), after, 'no new attempts while refused');
  assert.equal(await shopBanner.textContent(), 'Чат не подключён для этого сайта.');

  const { page: crmPage, errors: crmErrors } = await open(`${refused.origin}/crm.html`);
  const crmAttempts = countAttempts(crmPage);
  await crmPage.waitForFunction(() => customElements.get('chat-panel') !== undefined, undefined, { timeout: 10_000 });
  await crmPage.locator('chat-panel [part~="launcher"]').click();
  const crmBanner = crmPage.locator('chat-panel [part~="banner"]');
  await crmBanner.filter({ hasText: 'Адреса этой страницы нет в ALLOWED_ORIGINS сервера чата.' }).waitFor({ timeout: 10_000 });
  assert.ok(crmErrors.some((e) => e.includes(refused.origin) && e.includes('ALLOWED_ORIGINS')), crmErrors.join(' | '));
  const crmAfter = crmAttempts();
  await crmPage.waitForTimeout(3000);
  assert.equal(crmAttempts(), crmAfter, 'no new attempts while refused');
  await shopPage.context().close();
  await crmPage.context().close();
});

test('the visitor\'s unsent text survives a reload of the shop page and a send clears it', async () => {
  const { page, errors } = await open(`${shop.origin}/shop.html`);
  const field = page.locator('chat-consultant [part~="textarea"]');
  await page.locator('chat-consultant [part~="launcher"]').click();
  // The window shows once its first update (which waits for the links module) has run; keys
  // pressed before that go to the page, as they would for a person typing blind.
  await field.waitFor();
  await field.pressSequentially('Хочу вернуть', { delay: 5 });

  await page.reload();
  await page.locator('chat-consultant [part~="launcher"]').click();
  assert.equal(await field.inputValue(), 'Хочу вернуть', 'the text is back after the reload');
  await field.waitFor();
  await field.pressSequentially(' кроссовки', { delay: 5 });
  await field.press('Enter');
  await page.locator('chat-consultant [part~="message"]:not([part~="pending"])', { hasText: 'Хочу вернуть кроссовки' }).waitFor({ timeout: 10_000 });
  assert.equal(await field.inputValue(), '');

  await page.reload();
  await page.locator('chat-consultant [part~="launcher"]').click();
  await page.locator('chat-consultant [part~="message"]', { hasText: 'Хочу вернуть кроссовки' }).waitFor({ timeout: 10_000 });
  assert.equal(await field.inputValue(), '', 'a sent text does not come back');
  assert.deepEqual(errors, []);
  await page.context().close();
});
