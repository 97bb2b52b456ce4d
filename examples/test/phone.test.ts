// Phone-sized screens (390×800, a mobile viewport: content wider than the screen widens the
// layout viewport, and fixed elements go with it): the demo pages fit, the launchers stay in view,
// contrast holds; and no host page can trap or cover the widget.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestServer } from '@chatdesk/server/testing';
import { axeViolations, bundlesBuilt, collectErrors, inViewport, launchChromium, startDemoServer, startHostServer, type HostServer } from './pages.js';

const PHONE = { width: 390, height: 800 };
let browser: Browser;
let chat: TestServer;
let host: HostServer;

before(async () => {
  assert.ok(bundlesBuilt(), 'dist/bundles is missing: run `npm run build:bundles` (npm run test:pages does)');
  host = await startHostServer();
  // The demo pages come from the chat server itself (`--demo`), as with `npm start`.
  chat = await startDemoServer({ origins: [host.origin] });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await chat?.close();
  await host?.close();
});

async function phone(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  return { context, page, errors: collectErrors(page) };
}

/** The page is no wider than the screen: nothing scrolls sideways, the layout viewport stays 390. */
async function assertFits(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  assert.equal(innerWidth, PHONE.width, 'the layout viewport is the screen');
  assert.ok(scrollWidth <= innerWidth, `no horizontal overflow (scrollWidth ${scrollWidth} > ${innerWidth})`);
}

async function assertContrast(page: Page, what: string): Promise<void> {
  const violations = await axeViolations(page, ['color-contrast']);
  assert.deepEqual(
    violations.flatMap((v) => v.nodes.map((n) => `${JSON.stringify(n.target)}: ${n.failureSummary}`)),
    [],
    `${what}: axe color-contrast`,
  );
}

test('the shop demo page at 390×800: no horizontal overflow, the launcher and the open window in view, contrast clean', async () => {
  const { context, page, errors } = await phone();
  await page.goto(`${chat.url}/shop/`);
  await page.waitForFunction(() => customElements.get('chat-consultant') !== undefined);
  await assertFits(page);
  const launcher = page.locator('chat-consultant [part~="launcher"]');
  assert.ok(inViewport(await launcher.boundingBox(), PHONE), `the launcher is on the screen: ${JSON.stringify(await launcher.boundingBox())}`);
  await assertContrast(page, 'the shop page');
  await launcher.tap();
  const window = page.locator('chat-consultant [part~="window"]');
  await window.waitFor();
  assert.ok(inViewport(await window.boundingBox(), PHONE), `the window is on the screen: ${JSON.stringify(await window.boundingBox())}`);
  await assertFits(page);
  await assertContrast(page, 'the shop page with the consultant open');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the CRM demo page at 390×800: no horizontal overflow, the top bar on its own background, the launcher and the panel in view, contrast clean', async () => {
  const { context, page, errors } = await phone();
  await page.goto(`${chat.url}/crm/`);
  await page.waitForFunction(() => customElements.get('chat-panel') !== undefined);
  // The demo's first user connects; the header badge counts their unread conversations.
  await page.locator('chat-unread-badge:not([count="0"])').waitFor({ state: 'attached', timeout: 10_000 });
  await assertFits(page);
  const bar = await page.locator('.topbar').boundingBox();
  for (const child of await page.locator('.topbar > *').all()) {
    const box = await child.boundingBox();
    if (!box) continue; // hidden
    assert.ok(inViewport(box, PHONE), `a top bar item is on the screen: ${JSON.stringify(box)}`);
    assert.ok(box.y + box.height <= bar!.y + bar!.height, 'and on the bar\'s dark background');
  }
  const launcher = page.locator('chat-panel [part~="launcher"]');
  assert.ok(inViewport(await launcher.boundingBox(), PHONE), `the launcher is on the screen: ${JSON.stringify(await launcher.boundingBox())}`);
  await assertContrast(page, 'the CRM page');
  await launcher.tap();
  const panel = page.locator('chat-panel [part~="panel"]');
  await panel.waitFor();
  assert.ok(inViewport(await panel.boundingBox(), PHONE), `the panel is on the screen: ${JSON.stringify(await panel.boundingBox())}`);
  await assertFits(page);
  await assertContrast(page, 'the CRM page with the panel open');
  assert.deepEqual(errors, []);
  await context.close();
});

/** A host page that does everything wrong around the element: the widget must not care. */
const hostile = (chatUrl: string, bundle: string, element: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>Hostile host</title>
<script type="module" src="${chatUrl}/bundles/${bundle}"></script>
<style>
  /* transform, filter and contain make an ancestor the containing block of position: fixed;
     overflow: hidden then clips whatever sticks out of this 120×80 box. */
  .trap { position: relative; z-index: 0; width: 120px; height: 80px; overflow: hidden; transform: translateX(0); filter: blur(0); contain: paint; }
  .cover { position: fixed; inset: 0; z-index: 2147483647; background: rgb(255 255 255 / 0.6); }
</style></head>
<body><main><div class="trap">${element}</div><div class="cover"></div></main></body></html>`;

for (const { tag, bundle, element, window } of [
  { tag: 'chat-consultant', bundle: 'chat-consultant.js', element: (url: string) => `<chat-consultant server="${url}"></chat-consultant>`, window: 'window' },
  { tag: 'chat-panel', bundle: 'chat-panel.js', element: (url: string) => `<chat-panel server="${url}"></chat-panel>`, window: 'panel' },
]) {
  test(`<${tag}> stays in view and on top in a hostile host page (a transformed, clipped ancestor; a z-index 2147483647 cover)`, async () => {
    host.page(`/${tag}.html`, hostile(chat.url, bundle, element(chat.url)));
    const { context, page, errors } = await phone();
    await page.goto(`${host.origin}/${tag}.html`);
    await page.waitForFunction((t) => customElements.get(t) !== undefined, tag);
    const launcher = page.locator(`${tag} [part~="launcher"]`);
    const box = (await launcher.boundingBox())!;
    assert.ok(inViewport(box, PHONE), `the launcher is on the screen: ${JSON.stringify(box)}`);
    assert.ok(box.x + box.width > PHONE.width - 40 && box.y + box.height > PHONE.height - 40, 'at the bottom right of the screen, not of its trap');
    const hit = (x: number, y: number) => page.evaluate(([px, py]) => document.elementFromPoint(px!, py!)?.localName, [x, y]);
    assert.equal(await hit(box.x + box.width / 2, box.y + box.height / 2), tag, 'nothing covers the launcher');

    // A real tap at that point opens it, and the open window is on the screen and on top too.
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    const win = page.locator(`${tag} [part~="${window}"]`);
    await win.waitFor();
    const w = (await win.boundingBox())!;
    assert.ok(inViewport(w, PHONE), `the window is on the screen: ${JSON.stringify(w)}`);
    assert.equal(await hit(w.x + w.width / 2, w.y + w.height / 2), tag, 'nothing covers the window');
    assert.deepEqual(errors, []);
    await context.close();
  });
}
