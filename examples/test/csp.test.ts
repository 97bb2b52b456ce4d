// Issue 20, strict CSP: the README's snippets on host pages served with `default-src 'self'` and
// no 'unsafe-inline' anywhere, plus exactly the entries the README lists for the chat server. A
// question crosses from the shop to the CRM and back, the emoji picker opens, an image is sent, shown on both sides and
// opened in the lightbox; the browser reports no violation (a `securitypolicyviolation` listener, itself an external
// script, and the console).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { signUserToken } from '@chatdesk/server/host-token';
import { startTestServer, type TestServer } from '@chatdesk/server/testing';
import { bundlesBuilt, openPage, launchChromium, startHostServer, type HostServer } from './pages.js';

let browser: Browser;
let crm: HostServer;
let shop: HostServer;
let chat: TestServer;

/** The policy of the README (Embedding guide, "Content-Security-Policy"), for a chat server at `server`. */
function strictPolicy(server: string): string {
  const ws = server.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    `script-src 'self' ${server}`,
    `connect-src 'self' ${server} ${ws}`,
    `img-src 'self' ${server}`,
    `media-src 'self' ${server}`,
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}

const LISTENER = `window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const t = e.composedPath()[0];
  const where = t && t.nodeType === 1 ? t.localName + (t.getAttribute('part') ? '[part=' + t.getAttribute('part') + ']' : '') + ' in ' + (t.getRootNode().host?.localName || 'document') : '';
  window.violations.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + where + ' «' + e.sample + '»');
});`;

before(async () => {
  assert.ok(bundlesBuilt(), 'dist/bundles is missing: run `npm run build:bundles` (npm run test:pages does)');
  [crm, shop] = await Promise.all([startHostServer(), startHostServer()]);
  chat = await startTestServer({ allowedOrigins: [crm.origin, shop.origin] });
  const csp = { 'content-security-policy': strictPolicy(chat.url) };
  for (const host of [crm, shop]) {
    host.script('/violations.js', LISTENER);
    // The hosts' own icon from their own origin: a data: one would need img-src data:, which the elements do not.
    host.page('/favicon.ico', '');
  }
  crm.json('/chat-token', () => ({ token: signUserToken(chat.secret, { id: 'anna', name: 'Анна Менеджерова', rights: ['chats'], ttlSeconds: 300 }) }));
  crm.page(
    '/crm.html',
    `<!doctype html><html lang="ru"><head><meta charset="utf-8"><link rel="icon" href="/favicon.ico"><title>CRM</title>
<script src="/violations.js"></script>
<script type="module" src="${chat.url}/bundles/chat-panel.js"></script></head>
<body><chat-panel server="${chat.url}" token-url="/chat-token" lang="ru"></chat-panel></body></html>`,
    csp,
  );
  shop.page(
    '/shop.html',
    `<!doctype html><html lang="ru"><head><meta charset="utf-8"><link rel="icon" href="/favicon.ico"><title>Магазин</title>
<script src="/violations.js"></script>
<script type="module" src="${chat.url}/bundles/chat-consultant.js"></script></head>
<body><chat-consultant server="${chat.url}" lang="ru"></chat-consultant></body></html>`,
    csp,
  );
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await chat?.close();
  await Promise.all([crm, shop].map((h) => h?.close()));
});

const open = (url: string) => openPage(browser, url);

const violations = (page: Page) => page.evaluate(() => (window as unknown as { violations: string[] }).violations);

test("the panel and the consultant under default-src 'self' without 'unsafe-inline': a question and its answer cross, the emoji picker opens styled, an image is sent, shown and opened in the lightbox; no violation", async () => {
  const { page: shopPage, errors: shopErrors } = await open(`${shop.origin}/shop.html`);
  await shopPage.waitForFunction(() => customElements.get('chat-consultant') !== undefined, undefined, { timeout: 10_000 });
  const question = `Есть ли размер 38? #${Date.now()}`;
  await shopPage.locator('chat-consultant [part~="launcher"]').click();
  await shopPage.locator('chat-consultant [part~="textarea"]').fill(question);
  await shopPage.locator('chat-consultant [part~="textarea"]').press('Enter');
  await shopPage.locator('chat-consultant [part~="message"]:not([part~="pending"])', { hasText: question }).waitFor({ timeout: 10_000 });

  const { page: crmPage, errors: crmErrors } = await open(`${crm.origin}/crm.html`);
  await crmPage.waitForFunction(() => customElements.get('chat-panel') !== undefined, undefined, { timeout: 10_000 });
  await crmPage.locator('chat-panel [part~="launcher"]').click();
  await crmPage.locator('chat-conversation-list [part~="item"]', { hasText: question }).click();
  // The emoji picker (its own chunk, its data from /bundles/emoji/) opens, styled, and inserts.
  await crmPage.locator('chat-emoji-button [part~="button"]').click();
  const picker = crmPage.locator('emoji-picker');
  await picker.locator('button.emoji').first().waitFor({ timeout: 10_000 });
  assert.equal(await picker.locator('.nav').evaluate((nav) => getComputedStyle(nav).display), 'grid', "the picker's own stylesheet applies");
  await picker.locator('button.emoji').first().click();
  const answer = `Да, есть. #${Date.now()}`;
  await crmPage.locator('chat-composer [part~="textarea"]').fill(answer);
  await crmPage.locator('chat-composer [part~="textarea"]').press('Enter');
  await shopPage.locator('chat-consultant [part~="message"][part~="incoming"]', { hasText: answer }).waitFor({ timeout: 10_000 });

  // An image: uploaded, its thumbnail shown on both sides (img-src the chat server).
  assert.deepEqual(await violations(crmPage), [], 'no violation on the CRM page before the image');
  const accepted = await crmPage.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 64;
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#e11d48';
    g.fillRect(0, 0, 64, 64);
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
    const composer = document.querySelector('chat-panel')!.shadowRoot!.querySelector('chat-composer') as HTMLElement & { addFiles(f: Iterable<Blob>): Promise<boolean> };
    return composer.addFiles([new File([blob], 'size-chart.png', { type: 'image/png' })]);
  });
  assert.equal(accepted, true, 'the composer takes the image');
  await crmPage.locator('chat-composer [part~="attachment"][data-state="done"]').waitFor({ timeout: 10_000 });
  await crmPage.locator('chat-composer [part~="textarea"]').press('Enter');
  await crmPage.waitForFunction(
    () => {
      const thread = document.querySelector('chat-panel')?.shadowRoot?.querySelector('chat-thread');
      const images = [...(thread?.shadowRoot?.querySelectorAll('chat-message') ?? [])].flatMap((m) => [...(m.shadowRoot?.querySelectorAll('img') ?? [])]);
      return images.some((img) => img.complete && img.naturalWidth > 0);
    },
    undefined,
    { timeout: 15_000 },
  );
  await shopPage.waitForFunction(
    () => [...(document.querySelector('chat-consultant')?.shadowRoot?.querySelectorAll('img') ?? [])].some((img) => img.complete && img.naturalWidth > 0),
    undefined,
    { timeout: 15_000 },
  );
  // The lightbox (its own chunk) shows it whole.
  await crmPage.locator('chat-message [part~="image"]').first().click();
  const whole = crmPage.locator('chat-lightbox img[part~="image"]');
  await whole.waitFor({ timeout: 10_000 });
  await crmPage.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0, await whole.elementHandle(), { timeout: 10_000 });

  assert.deepEqual(await violations(crmPage), [], 'no violation on the CRM page');
  assert.deepEqual(await violations(shopPage), [], 'no violation on the shop page');
  assert.deepEqual(crmErrors, []);
  assert.deepEqual(shopErrors, []);
  await shopPage.context().close();
  await crmPage.context().close();
});
