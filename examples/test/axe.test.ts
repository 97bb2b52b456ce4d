// Issue 20, accessibility: axe-core's full run (WCAG 2.0/2.1 A and AA, best practices, colour
// contrast included) over the demo pages as `npm start` serves them, with every layer of every flow
// opened in turn — the CRM page's panel (list, filters, a thread of customers' and managers'
// messages with images, a file, a voice message, product and order cards, an edited message; the
// conversation and message menus, the reassign picker, the history, the emoji and quick-reply
// popovers and the quick-reply dialog, the attachments dialog, the lightbox, the internal chats and
// their picker, the CRM side with each section), the CRM's own cards, the unread badge, the
// settings on each tab and the analytics with a month of history; the panel in section mode too;
// and the shop page's consultant, closed, open with a message sent, and asking for consent.
// Every state must have zero violations: the failure lists each with its rule, target and summary.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { Browser, Locator, Page } from 'playwright-core';
import { ChatClient, type WebSocketConstructor } from '@chatdesk/client';
import type { TestServer } from '@chatdesk/server/testing';
import { axeViolations, bundlesBuilt, collectErrors, describeViolations, launchChromium, startDemoServer } from './pages.js';

let browser: Browser;
let chat: TestServer;

before(async () => {
  assert.ok(bundlesBuilt(), 'dist/bundles is missing: run `npm run build:bundles` (npm run test:pages does)');
  // The demo pages come from the chat server itself, with the history `npm start` seeds (the
  // analytics draws a month of it).
  chat = await startDemoServer({ history: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await chat?.close();
});

/** A demo user's connection from Node, to put into the demo what the page then shows. */
async function connect(id: string, name: string, rights: ('chats' | 'admin' | 'chat_admin')[]): Promise<ChatClient> {
  const client = new ChatClient({ url: chat.wsUrl, token: chat.userToken({ id, name, rights }), WebSocket: WebSocket as unknown as WebSocketConstructor, origin: chat.url });
  client.connect();
  for (let i = 0; i < 100 && client.store.getState().connection !== 'open'; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(client.store.getState().connection, 'open', `${id} connects`);
  return client;
}

/** A second of 8 kHz 8-bit silence as a WAV: a voice message's stand-in. */
function wav(): Buffer {
  const data = Buffer.alloc(8000, 128);
  const head = Buffer.alloc(44);
  head.write('RIFF', 0);
  head.writeUInt32LE(36 + data.length, 4);
  head.write('WAVEfmt ', 8);
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20);
  head.writeUInt16LE(1, 22);
  head.writeUInt32LE(8000, 24);
  head.writeUInt32LE(8000, 28);
  head.writeUInt16LE(1, 32);
  head.writeUInt16LE(8, 34);
  head.write('data', 36);
  head.writeUInt32LE(data.length, 40);
  return Buffer.concat([head, data]);
}

/**
 * axe at each state of a flow: `check` runs the full set over the whole page (through open shadow
 * roots and the top layer) and keeps what it found under the state's name; `assertClean` fails
 * with every state's violations at once, so one run shows all there is to fix.
 */
function axeChecker(page: Page) {
  const found: string[] = [];
  const states: string[] = [];
  return {
    async check(state: string): Promise<void> {
      states.push(state);
      const lines = describeViolations(await axeViolations(page, 'full')).map((line) => `${state}: ${line}`);
      // Logged as found too: a later step that fails does not hide them.
      for (const line of lines) console.log(`axe: ${line}`);
      found.push(...lines);
    },
    assertClean(): void {
      assert.ok(states.length > 0, 'axe ran');
      assert.deepEqual(found, [], `axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa, best-practice) found violations:\n${found.join('\n')}`);
    },
  };
}

/** Waits until `locator` is visible (a lazy chunk, a server round trip). */
const shown = (locator: Locator) => locator.first().waitFor({ state: 'visible', timeout: 15_000 });

test('the CRM demo page as the admin: the page, the settings tabs, the analytics, and every layer of the popup panel, then the panel in section mode — zero axe violations', async () => {
  // What the demo lacks, put in as the managers would: in Мария's conversation (Анна's) an edited
  // reply, two product cards and her order's card; a voice message comes from the page's composer.
  const olga = await connect('olga', 'Ольга Админова', ['admin']);
  const { conversations } = await olga.call('conversations.list', {});
  olga.close();
  const maria = conversations.find((c) => c.customer.name === 'Мария Иванова')!;
  const peter = conversations.find((c) => c.customer.name === 'Пётр Сидоров')!;
  assert.ok(maria && peter, 'the demo conversations');
  const anna = await connect('anna', 'Анна Менеджерова', ['chats']);
  const reply = await anna.send('Доставка в Казань — 350 ₽, два дня.', maria.id);
  const edited = 'Доставка в Казань — 300 ₽, два дня.';
  await anna.editMessage(reply.id, edited);
  await anna.call('crm.sendProducts', { conversationId: maria.id, clientMessageId: randomUUID(), offerIds: ['p5-2', 'p20-1'] });
  const { order } = await anna.call('crm.currentOrder', { conversationId: maria.id });
  assert.ok(order, 'the demo order');
  await anna.call('crm.sendOrder', { conversationId: maria.id, clientMessageId: randomUUID(), orderId: order.id });
  anna.close();

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const axe = axeChecker(page);
  try {
    await page.goto(`${chat.url}/crm/`);
    await page.waitForFunction(() => customElements.get('chat-panel') !== undefined && customElements.get('chat-settings') !== undefined);
    assert.equal(await page.locator('#user-picker').inputValue(), 'olga', 'the picker starts on the admin');

    // The page at rest: the header's unread badge, the customer's and the order's cards with their
    // conversations, the settings on their first tab, the panel's launcher.
    await shown(page.locator('chat-customer-conversations [part~="item"]'));
    await shown(page.locator('chat-order-conversations [part~="item"]'));
    await page.locator('chat-unread-badge [part~="base"]').waitFor({ state: 'attached' });
    const settings = page.locator('chat-settings');
    await shown(settings.locator('[part~="tab"]'));
    await axe.check('CRM page at rest (badge, customer and order cards, settings, launcher)');

    // The settings, tab by tab.
    const tabs = settings.locator('[role="tab"]');
    const tabCount = await tabs.count();
    assert.ok(tabCount >= 4, `the admin's settings tabs: ${tabCount}`);
    for (let i = 1; i < tabCount; i++) {
      await tabs.nth(i).click();
      await shown(settings.locator('[role="tabpanel"]:not([hidden])'));
      await axe.check(`settings tab «${(await tabs.nth(i).textContent())!.trim()}»`);
    }

    // The analytics with a month of history: tiles, charts, the per-channel table, the series table open.
    const analytics = page.locator('chat-analytics');
    await analytics.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('chat-analytics')?.report?.groupBy === 'channel', undefined, { timeout: 15_000 });
    await analytics.locator('[part~="plot"] canvas').nth(1).waitFor({ timeout: 15_000 });
    await analytics.locator('[part~="series-details"] summary').click();
    await axe.check('analytics with data, the series table open');

    // The popup panel: the conversation list.
    const panel = page.locator('chat-panel');
    await panel.locator('[part~="launcher"]').click();
    const items = panel.locator('chat-conversation-list [part~="item"]');
    await shown(items);
    await axe.check('panel open: the conversation list');

    // The filters.
    await panel.locator('chat-conversation-list [part~="filter-button"]').click();
    await shown(panel.locator('chat-conversation-filters input, chat-conversation-filters select'));
    await axe.check('panel: the filters open');
    await panel.locator('chat-conversation-list [part~="filter-button"]').click();
    await panel.locator('chat-conversation-filters').waitFor({ state: 'hidden' });

    // Мария's conversation: customer's and managers' messages, the edited one, product and order cards.
    await items.filter({ hasText: 'Мария Иванова' }).click();
    const thread = panel.locator('chat-thread');
    await shown(thread.locator('[part~="card-order"]'));
    await shown(thread.locator('chat-message', { hasText: edited }));
    // A voice message from the composer: its pending file first, then the message with the player.
    await panel.locator('chat-composer input[type="file"]').setInputFiles({ name: 'голосовое.wav', mimeType: 'audio/wav', buffer: wav() });
    await shown(panel.locator('chat-composer [part~="attachment"]'));
    await axe.check('composer with a pending voice file');
    await panel.locator('chat-composer [part~="send-button"]').click();
    await shown(thread.locator('chat-audio-player'));
    await axe.check('thread: customer and manager messages, an edited one, product and order cards, a voice message');
    // Text selected in a customer's message: the selection menu.
    await thread.evaluate((t: HTMLElement & { revealMessage(id: number): Promise<void> }, id) => t.revealMessage(id), maria.lastMessage!.id);
    await thread.locator('chat-message[author-kind="customer"] [part~="text"]', { hasText: 'доставка в Казань' }).click({ clickCount: 3 });
    await shown(panel.locator('[part~="selection-menu-item"]'));
    await axe.check('the selection menu on a customer\'s text');
    await page.keyboard.press('Escape');
    await panel.locator('[part~="selection-menu-item"]').first().waitFor({ state: 'detached' });

    // The conversation menu, and its reassign picker.
    const menu = panel.locator('chat-conversation-menu');
    await menu.locator('[part~="trigger"]').click();
    await shown(menu.locator('[part~="menu"] [role="menuitem"]'));
    await axe.check('conversation menu open');
    await menu.locator('[part~="item"][data-action="pick"]').click();
    await shown(menu.locator('[part~="assignee"]'));
    await axe.check('conversation menu: the reassign picker');
    await page.keyboard.press('Escape');
    await menu.locator('[part~="dialog"]').waitFor({ state: 'hidden' });
    await menu.locator('[part~="trigger"]').click();
    await menu.locator('[part~="item"][data-action="unlink"]').click();
    await shown(menu.locator('[part~="confirm-button"]'));
    await axe.check('conversation menu: the unlink confirmation');
    await page.keyboard.press('Escape');
    await menu.locator('[part~="dialog"]').waitFor({ state: 'hidden' });

    // A message's menu, then the history of the edited message.
    const message = thread.locator('chat-message', { hasText: edited });
    await message.hover();
    await message.locator('[part~="menu-button"]').click();
    const messageMenu = message.locator('chat-message-menu');
    await shown(messageMenu.locator('[role="menuitem"]'));
    await axe.check('message menu open');
    await messageMenu.locator('[data-id="history"]').click();
    const history = panel.locator('chat-message-history');
    await shown(history.locator('[part~="revision"]'));
    await axe.check('message history dialog');
    await page.keyboard.press('Escape');
    await history.locator('dialog').waitFor({ state: 'hidden' });
    // Reply: the composer quotes the message.
    await message.hover();
    await message.locator('[part~="menu-button"]').click();
    await messageMenu.locator('[data-id="reply"]').click();
    await shown(panel.locator('chat-composer [part~="quote"]'));
    await axe.check('composer replying to a message');
    await page.keyboard.press('Escape');
    await panel.locator('chat-composer [part~="quote"]').waitFor({ state: 'detached' });
    // Delete asks first (on Ольга's own voice message). The thread renders the messages near its view: back to the newest, where the voice message is.
    await thread.evaluate((t: HTMLElement & { scrollToEnd(): unknown }) => t.scrollToEnd());
    await shown(thread.locator('chat-audio-player'));
    const voiceId = await thread.evaluate((t) => [...t.shadowRoot!.querySelectorAll<HTMLElement>('chat-message')].find((m) => m.shadowRoot?.querySelector('chat-audio-player'))?.dataset['messageId']);
    assert.ok(voiceId, 'the voice message is in the thread');
    const voice = thread.locator(`chat-message[data-message-id="${voiceId}"]`);
    await voice.hover();
    await voice.locator('[part~="menu-button"]').click();
    await voice.locator('chat-message-menu [data-id="delete"]').click();
    await shown(voice.locator('chat-message-menu [part~="question"]'));
    await axe.check('message menu: the delete question');
    await page.keyboard.press('Escape');
    await voice.locator('chat-message-menu').waitFor({ state: 'detached' });

    // The composer's emoji picker.
    await panel.locator('chat-composer chat-emoji-button [part~="button"]').click();
    await shown(panel.locator('chat-composer chat-emoji-button emoji-picker .emoji'));
    await axe.check('composer: the emoji picker');
    await page.keyboard.press('Escape');
    await panel.locator('chat-composer chat-emoji-button [part~="popover"]').waitFor({ state: 'hidden' });

    // The quick replies, their edit mode and the new-reply dialog.
    const quick = panel.locator('chat-composer chat-quick-replies');
    await quick.locator('[part~="button"]').click();
    await shown(quick.locator('[part~="reply"]'));
    await axe.check('composer: the quick replies popover');
    await quick.locator('[part~="edit-toggle"]').click();
    await shown(quick.locator('[part~="new-reply-button"]'));
    await axe.check('quick replies: edit mode');
    await quick.locator('[part~="new-reply-button"]').click();
    await shown(quick.locator('chat-quick-reply-dialog [part~="textarea"]'));
    await axe.check('quick replies: the new-reply dialog');
    await page.keyboard.press('Escape');
    await quick.locator('chat-quick-reply-dialog').waitFor({ state: 'hidden' });
    // The next Escape closes the popover.
    await page.keyboard.press('Escape');

    // The CRM side, each section open in turn.
    const sidebar = panel.locator('chat-crm-sidebar');
    if (!(await sidebar.isVisible())) await panel.locator('[part~="crm-button"]').click();
    await shown(sidebar.locator('[part~="section"]'));
    for (const widget of ['customer', 'products', 'order', 'tasks']) {
      const section = sidebar.locator(`[part~="section"][data-widget="${widget}"]`);
      if (!(await section.evaluate((d: HTMLDetailsElement) => d.open))) await section.locator('summary').click();
      await shown(section.locator(`chat-${widget}-widget`));
      // A moment for the widget's first answer from the CRM (its loading state is checked too, by then).
      await page.waitForTimeout(300);
      await axe.check(`CRM side: the ${widget} section open`);
    }
    const tasks = sidebar.locator('chat-tasks-widget');
    await tasks.locator('[part~="add-button"]').click();
    await shown(tasks.locator('#task-text'));
    await axe.check('CRM side: a new task\'s form');
    await page.keyboard.press('Escape');

    await panel.locator('[part~="crm-button"]').click();
    await sidebar.waitFor({ state: 'detached' });

    // Пётр's conversation: a photo and a PDF; the attachments dialog, and the lightbox.
    if (!(await items.first().isVisible())) await panel.locator('[part~="back-button"]').click();
    await items.filter({ hasText: 'Пётр Сидоров' }).click();
    await shown(thread.locator('[part~="image"]'));
    await axe.check('thread with an image and a file');
    await menu.locator('[part~="trigger"]').click();
    await menu.locator('[part~="item"][data-action="attachments"]').click();
    const attachments = panel.locator('chat-attachments-dialog');
    await shown(attachments.locator('[part~="item"]'));
    await axe.check('the attachments dialog');
    await attachments.locator('[part~="close-button"]').click();
    await attachments.locator('dialog').waitFor({ state: 'hidden' });
    await thread.locator('[part~="image"]').first().click();
    const lightbox = page.locator('chat-lightbox [part~="dialog"]');
    await shown(lightbox);
    await axe.check('the lightbox on an image');
    await page.keyboard.press('Escape');
    await lightbox.waitFor({ state: 'hidden' });

    // The internal chats, and the picker of a new one.
    await panel.locator('[part~="tab"][data-tab="colleagues"]').click();
    const internal = panel.locator('chat-internal-list');
    await shown(internal.locator('[part~="new-chat-button"]'));
    await axe.check('the internal chats tab');
    await internal.locator('[part~="new-chat-button"]').click();
    await shown(internal.locator('chat-internal-picker [part~="colleague"]'));
    await axe.check('the internal-chat picker');
    // A chat with Анна, made there: its thread and composer.
    await internal.locator('chat-internal-picker [part~="colleague"]', { hasText: 'Анна' }).locator('input').check();
    await internal.locator('chat-internal-picker [part~="create-button"]').click();
    await shown(panel.locator('[part~="conversation-title"]', { hasText: 'Анна' }));
    // A moment for its (empty) history to come.
    await page.waitForTimeout(300);
    await axe.check('an internal chat open');
    if (!(await panel.locator('[part~="tab"][data-tab="customers"]').isVisible())) await panel.locator('[part~="back-button"]').click();
    await panel.locator('[part~="tab"][data-tab="customers"]').click();

    // The same panel in section mode (what the admin's display mode or the host's `mode` gives).
    await panel.evaluate((el) => el.setAttribute('mode', 'section'));
    await items.filter({ hasText: 'Мария Иванова' }).click();
    await shown(thread.locator('[part~="card-order"]'));
    await axe.check('the panel in section mode, a conversation open');

    axe.assertClean();
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the shop demo page: the consultant closed, open with a message sent, and its consent step — zero axe violations', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const axe = axeChecker(page);
  try {
    await page.goto(`${chat.url}/shop/`);
    await page.waitForFunction(() => customElements.get('chat-consultant') !== undefined);
    const consultant = page.locator('chat-consultant');
    await shown(consultant.locator('[part~="launcher"]'));
    await axe.check('shop: the consultant closed (its launcher)');
    await consultant.locator('[part~="launcher"]').click();
    await shown(consultant.locator('[part~="textarea"]'));
    await axe.check('shop: the consultant open');
    await consultant.locator('[part~="textarea"]').fill('Здравствуйте! Есть Aero 38 размера?');
    await consultant.locator('[part~="textarea"]').press('Enter');
    await shown(consultant.locator('[part~="message"]:not([part~="pending"])', { hasText: 'Aero 38' }));
    await axe.check('shop: the consultant with a sent message');
    axe.assertClean();
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }

  // S-SET-5: the admin asks visitors to agree to the privacy policy first; a new visitor sees the step.
  const olga = await connect('olga', 'Ольга Админова', ['admin']);
  const got = await olga.call('settings.get', {});
  await olga.call('settings.update', { version: got.version, privacy: { ...got.settings.privacy, enabled: true, text: 'Мы храним переписку, чтобы ответить вам.', link: 'https://example.com/privacy' } });
  try {
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const visitor = await fresh.newPage();
    const consent = axeChecker(visitor);
    try {
      await visitor.goto(`${chat.url}/shop/`);
      await visitor.locator('chat-consultant [part~="launcher"]').click();
      await shown(visitor.locator('chat-consultant [part~="privacy-agree"]'));
      await consent.check('shop: the consultant asks for consent');
      consent.assertClean();
    } finally {
      await fresh.close();
    }
  } finally {
    const now = await olga.call('settings.get', {});
    await olga.call('settings.update', { version: now.version, privacy: got.settings.privacy });
    olga.close();
  }
});
