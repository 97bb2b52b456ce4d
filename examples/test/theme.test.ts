// Issue 20, the dark theme on the demo CRM page as `npm start` serves it: `?theme=dark` (or the
// «Тема» picker) sets `theme` on the page's chat elements and turns the page's own colours with
// them; the page with the panel open on a conversation keeps axe's colour contrast in the dark; the
// choice is kept across a reload; «Как в системе» follows the system's preference.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '@chatdesk/server/testing';
import { axeViolations, bundlesBuilt, collectErrors, launchChromium, startDemoServer } from './pages.js';

let browser: Browser;
let chat: TestServer;

before(async () => {
  assert.ok(bundlesBuilt(), 'dist/bundles is missing: run `npm run build:bundles` (npm run test:pages does)');
  chat = await startDemoServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await chat?.close();
});

const DARK_SURFACE = 'rgb(17, 24, 39)';
const LIGHT_SURFACE = 'rgb(255, 255, 255)';

/** The `theme` of each chat element on the page, by tag. */
function themes(page: Page): Promise<Record<string, string | null>> {
  return page.evaluate(() =>
    Object.fromEntries(
      ['chat-panel', 'chat-unread-badge', 'chat-settings', 'chat-analytics', 'chat-customer-conversations', 'chat-order-conversations'].map((tag) => [
        tag,
        document.querySelector(tag)!.getAttribute('theme'),
      ]),
    ),
  );
}

const panelSurface = (page: Page) => page.locator('chat-panel [part~="panel"]').evaluate((p) => getComputedStyle(p).backgroundColor);

test('the demo CRM page: ?theme=dark makes the elements and the page dark on a light system, contrast clean with a conversation open; the picker switches and is remembered; «Как в системе» follows the system', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${chat.url}/crm/?theme=dark`);
  await page.waitForFunction(() => customElements.get('chat-panel') !== undefined);
  assert.equal(await page.locator('#theme-picker').inputValue(), 'dark');
  assert.deepEqual(new Set(Object.values(await themes(page))), new Set(['dark']), 'every chat element has theme="dark"');
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor), 'rgb(3, 7, 18)', 'the page itself is dark');

  await page.locator('chat-panel [part~="launcher"]').click();
  await page.locator('chat-conversation-list [part~="item"]', { hasText: 'Мария Иванова' }).first().click();
  await page.locator('chat-thread chat-message').nth(2).waitFor();
  assert.equal(await panelSurface(page), DARK_SURFACE);
  const violations = await axeViolations(page, ['color-contrast']);
  assert.deepEqual(
    violations.flatMap((v) => v.nodes.map((n) => `${JSON.stringify(n.target)}: ${n.failureSummary}`)),
    [],
    'axe color-contrast on the dark page with the panel open',
  );

  await page.locator('#theme-picker').selectOption('light');
  assert.deepEqual(new Set(Object.values(await themes(page))), new Set(['light']));
  assert.equal(await panelSurface(page), LIGHT_SURFACE);
  await page.goto(`${chat.url}/crm/`);
  await page.waitForFunction(() => document.querySelector('chat-panel')?.getAttribute('theme') === 'light');
  assert.equal(await page.locator('#theme-picker').inputValue(), 'light', 'the choice is kept');

  await page.locator('#theme-picker').selectOption('auto');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.locator('chat-panel [part~="launcher"]').click();
  await page.locator('chat-panel [part~="panel"]').waitFor();
  assert.equal(await panelSurface(page), DARK_SURFACE, 'auto, on a dark system');
  await page.emulateMedia({ colorScheme: 'light' });
  assert.equal(await panelSurface(page), LIGHT_SURFACE, 'auto, on a light system');
  assert.deepEqual(errors, []);
  await context.close();
});
