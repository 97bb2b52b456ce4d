/**
 * The README's screenshots of the themes (issue 20): the demo CRM page as `npm start` serves it, the
 * panel open on Мария Иванова's conversation with focus on the paperclip (a focus ring in view), in
 * the light and the dark theme (`/crm/?theme=…`), cropped to the panel, into docs/screenshots/.
 * Needs the bundles: `npm run build:bundles && node --conditions=source --import tsx scripts/screenshots.ts`.
 */
import { bundlesBuilt, launchChromium, startDemoServer } from '../examples/test/pages.js';

const out = new URL('../docs/screenshots/', import.meta.url).pathname;

if (!bundlesBuilt()) throw new Error('dist/bundles is missing: run `npm run build:bundles` first');
const browser = await launchChromium();
try {
  for (const theme of ['light', 'dark'] as const) {
    // A server of its own per theme: both pictures show the conversation as the demo seeds it.
    const chat = await startDemoServer({ history: true });
    try {
      // The system prefers the other theme: the picture shows the page's choice winning.
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: theme === 'dark' ? 'light' : 'dark' });
      const page = await context.newPage();
      await page.goto(`${chat.url}/crm/?theme=${theme}`);
      await page.waitForFunction(() => customElements.get('chat-panel') !== undefined);
      await page.locator('chat-panel [part~="launcher"]').click();
      await page.locator('chat-conversation-list [part~="item"]', { hasText: 'Мария Иванова' }).first().click();
      await page.locator('chat-thread chat-message').nth(2).waitFor();
      await page.locator('chat-composer [part~="textarea"]').focus();
      await page.keyboard.press('Shift+Tab');
      // The thread scrolls to its end and the time words load: let it settle.
      await page.waitForTimeout(500);
      await page.locator('chat-panel [part~="panel"]').screenshot({ path: `${out}panel-${theme}.png`, animations: 'disabled' });
      await context.close();
    } finally {
      await chat.close();
    }
  }
} finally {
  await browser.close();
}
