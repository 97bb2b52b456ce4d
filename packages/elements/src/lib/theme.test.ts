import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { nothing } from 'lit';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { ChatClient } from '@chatdesk/client';
import { chatServerUrl, connectAs, demoTokenUrl, freshVisitorKey, part, parts } from '../../test/helpers.js';
import type { ChatAnalyticsElement } from '../analytics/analytics.component.js';
import type { ChatConsultant } from '../consultant/consultant.component.js';
import type { ChatEmojiButton } from '../emoji/emoji-button.component.js';
import type { ChatPanel } from '../panel/panel.component.js';
import '../panel/panel.js';
import '../analytics/analytics.js';
import '../settings/settings.js';
import '../consultant/consultant.js';

/*
 * Issue 20, the dark theme, in real Chromium against the real server: the tokens' light-dark()
 * pairs resolve by each element's used color-scheme, which `theme` sets on the element (or the
 * page's color-scheme, inherited) and which everything inside inherits — the nested elements'
 * shadow roots and the popovers in the top layer. The system's preference is emulated.
 */

/** The default tokens, as computed colours. */
const LIGHT = { surface: 'rgb(255, 255, 255)', surfaceAlt: 'rgb(243, 244, 246)', text: 'rgb(17, 24, 39)' };
const DARK = { surface: 'rgb(17, 24, 39)', surfaceAlt: 'rgb(31, 41, 55)', text: 'rgb(243, 244, 246)' };
type Scheme = typeof LIGHT;

let server = '';
let dataUrl = '';

const inner = <T extends Element = HTMLElement>(host: Element | null | undefined, selector: string): T | null =>
  host?.shadowRoot?.querySelector<T>(selector) ?? null;

/** A panel (a section unless told), with Мария Иванова's conversation (a web one, seeded) open. */
async function panelWithConversation(attrs: { theme?: string; mode?: string; wide?: boolean } = {}): Promise<ChatPanel> {
  const el = await fixture<ChatPanel>(html`<chat-panel
    mode=${attrs.mode ?? 'section'}
    theme=${attrs.theme ?? nothing}
    style=${attrs.wide ? 'height: 640px; width: 1200px' : 'height: 560px'}
    server=${server}
    token-url=${demoTokenUrl('anna')}
  ></chat-panel>`);
  if (el.effectiveMode === 'popup') part<HTMLButtonElement>(el, 'launcher')!.click();
  const list = part(el, 'conversation-list')!;
  await waitUntil(() => parts(list, 'item').length > 0, 'the list loads', { timeout: 8000 });
  const search = part<HTMLInputElement>(list, 'search')!;
  search.value = 'Мария Иванова';
  search.dispatchEvent(new Event('input'));
  await waitUntil(() => parts(list, 'hit').length > 0, 'the search finds her', { timeout: 8000 });
  parts(list, 'hit').find((i) => i.querySelector('[part~="name"]')!.textContent === 'Мария Иванова')!.click();
  const thread = part(el, 'thread')!;
  await waitUntil(() => incomingBubble(el), 'the thread shows her messages', { timeout: 8000 });
  await waitUntil(() => !(part(el, 'composer') as HTMLElement & { disabled: boolean }).disabled, 'the composer is on');
  await (thread as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  return el;
}

/** The bubble (`base` part) of a customer's message in the panel's thread: two shadow roots down. */
function incomingBubble(el: ChatPanel): HTMLElement | null {
  const message = [...(part(el, 'thread')?.shadowRoot?.querySelectorAll('chat-message:not([outgoing])') ?? [])].find(
    (m) => m.getAttribute('author-kind') === 'customer',
  );
  return inner(message, '[part~="base"]');
}

/** Opens the composer's emoji popover (a manual popover in the top layer) and waits for the picker. */
async function openEmojiPopover(el: ChatPanel): Promise<{ popover: HTMLElement; picker: HTMLElement }> {
  const button = inner<ChatEmojiButton>(part(el, 'composer'), '[part~="emoji-button"]')!;
  button.dataSource = dataUrl;
  part<HTMLButtonElement>(button, 'button')!.click();
  await waitUntil(() => inner(inner(part(button, 'popover'), 'emoji-picker'), '.picker'), 'the picker is drawn', { timeout: 10_000 });
  const popover = part(button, 'popover')!;
  expect(popover.matches(':popover-open'), 'the popover is in the top layer').to.equal(true);
  return { popover, picker: inner(inner(popover, 'emoji-picker'), '.picker')! };
}

/** The colours that show which scheme the panel and what it holds are in. */
function colours(el: ChatPanel) {
  const composer = part(el, 'composer')!;
  return {
    panel: getComputedStyle(part(el, 'panel')!).backgroundColor,
    bubble: getComputedStyle(incomingBubble(el)!).backgroundColor,
    bubbleText: getComputedStyle(incomingBubble(el)!).color,
    list: getComputedStyle(part(el, 'conversation-list')!).backgroundColor,
    field: getComputedStyle(inner(composer, '[part~="textarea"]')!).backgroundColor,
  };
}

function expectScheme(el: ChatPanel, scheme: Scheme, what: string): void {
  expect(colours(el), what).to.deep.equal({
    panel: scheme.surface,
    bubble: scheme.surfaceAlt,
    bubbleText: scheme.text,
    list: scheme.surface,
    field: scheme.surface,
  });
}

describe('the dark theme (issue 20)', function () {
  this.timeout(40_000);

  before(async () => {
    server = await chatServerUrl();
    dataUrl = `${server}/bundles/emoji/data.json`;
  });

  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
  });

  it('theme="dark" makes the panel, a message bubble two shadow roots down, the list, the composer and the emoji popover in the top layer dark, though the system prefers light', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const el = await panelWithConversation({ theme: 'dark' });
    expect(getComputedStyle(el).colorScheme).to.equal('dark');
    expectScheme(el, DARK, 'the panel and its nested elements');
    const { popover, picker } = await openEmojiPopover(el);
    expect(getComputedStyle(popover).backgroundColor, 'the popover').to.equal(DARK.surface);
    expect(getComputedStyle(picker).backgroundColor, "the picker's own surface (emoji-picker-element)").to.equal(DARK.surface);
    const search = inner(inner(popover, 'emoji-picker'), 'input[type="search"]')!;
    expect(getComputedStyle(search).color, "the picker's search text").to.equal(DARK.text);
    await sendKeys({ press: 'Escape' });
  });

  it('theme="light" keeps the panel, the bubble and the emoji popover light, though the system prefers dark', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const el = await panelWithConversation({ theme: 'light' });
    expectScheme(el, LIGHT, 'the panel and its nested elements');
    const { popover, picker } = await openEmojiPopover(el);
    expect(getComputedStyle(popover).backgroundColor, 'the popover').to.equal(LIGHT.surface);
    expect(getComputedStyle(picker).backgroundColor, "the picker's own surface").to.equal(LIGHT.surface);
    await sendKeys({ press: 'Escape' });
  });

  it('theme="auto" follows the system\'s prefers-color-scheme, and changes with it while open', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const el = await panelWithConversation({ theme: 'auto' });
    expectScheme(el, LIGHT, 'the system prefers light');
    await emulateMedia({ colorScheme: 'dark' });
    expectScheme(el, DARK, 'the system turned dark');
    const { popover } = await openEmojiPopover(el);
    expect(getComputedStyle(popover).backgroundColor, 'the popover').to.equal(DARK.surface);
    await sendKeys({ press: 'Escape' });
  });

  it('with no theme attribute follows the page: light on a page without color-scheme, the system on a page with "light dark"; changing theme at run time restyles everything', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const el = await panelWithConversation();
    expectScheme(el, LIGHT, 'a page that declares no color-scheme stays light, whatever the system prefers');
    document.documentElement.style.colorScheme = 'light dark';
    try {
      expectScheme(el, DARK, 'a page of "light dark" on a dark system');
      el.theme = 'light';
      await el.updateComplete;
      expect(el.getAttribute('theme'), 'the property is reflected').to.equal('light');
      expectScheme(el, LIGHT, 'theme="light" wins over the page');
    } finally {
      document.documentElement.style.colorScheme = '';
    }
  });

  it('theme="dark" in popup mode: the panel in the top layer and its button are dark', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const el = await panelWithConversation({ theme: 'dark', mode: 'popup' });
    expect(el.matches(':popover-open'), 'the popup is in the top layer').to.equal(true);
    expectScheme(el, DARK, 'the popup');
    // The button: the accent (#60a5fa in the dark) with its dark text.
    expect(getComputedStyle(part(el, 'launcher')!).backgroundColor).to.equal('rgb(96, 165, 250)');
    expect(getComputedStyle(part(el, 'launcher')!).color).to.equal(DARK.surface);
  });

  describe('axe-core in the dark theme, colour contrast included: no violations', () => {
    beforeEach(async () => {
      await emulateMedia({ colorScheme: 'light' });
    });

    it('the panel with a conversation open', async () => {
      const el = await panelWithConversation({ theme: 'dark' });
      await expect(el).to.be.accessible();
    });

    it('the popup panel and its button with the unread count', async () => {
      const el = await panelWithConversation({ theme: 'dark', mode: 'popup' });
      await expect(el).to.be.accessible();
    });

    it('the panel with the CRM side (the customer widget) beside the thread', async () => {
      const el = await panelWithConversation({ theme: 'dark', wide: true });
      await waitUntil(() => part(el, 'crm'), 'the CRM side shows in a wide panel', { timeout: 8000 });
      const crm = part(el, 'crm')!;
      await waitUntil(() => inner(inner(crm, 'chat-customer-widget'), '[part~="fields"], [part~="save-form"]'), 'the customer widget loads', { timeout: 8000 });
      await expect(el).to.be.accessible();
    });

    it('<chat-settings>, every tab', async () => {
      const client = await connectAs('olga');
      try {
        const el = await fixture<HTMLElement & { updateComplete: Promise<unknown> }>(html`<chat-settings theme="dark" .client=${client}></chat-settings>`);
        await waitUntil(() => part(el, 'tabs'), 'the settings load', { timeout: 8000 });
        for (const tab of parts<HTMLButtonElement>(el, 'tab')) {
          tab.click();
          await el.updateComplete;
          await expect(el, tab.id).to.be.accessible();
        }
      } finally {
        client.close();
      }
    });

    it('<chat-consultant>, open', async () => {
      const el = await fixture<ChatConsultant>(html`<chat-consultant theme="dark" server=${server} open lang="ru" storage-key=${freshVisitorKey()}></chat-consultant>`);
      await waitUntil(() => el.client?.store.getState().connection === 'open', 'the visitor connects', { timeout: 8000 });
      await expect(el).to.be.accessible();
    });
  });

  describe('<chat-analytics>', () => {
    let client: ChatClient;
    before(async () => {
      client = await connectAs('olga');
    });
    after(() => client?.close());

    /** How many pixels of the messages chart are exactly `rgb`: its bars are filled in their series' colour. */
    function pixelsOf(el: ChatAnalyticsElement, [r, g, b]: [number, number, number]): number {
      const canvas = el.shadowRoot!.querySelector<HTMLCanvasElement>('[data-chart="messages"] canvas')!;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] === r && data[i + 1] === g && data[i + 2] === b && data[i + 3] === 255) n++;
      return n;
    }

    it('theme="dark" draws the charts (a canvas, coloured from computed style) in the dark series colours, passes axe, and redraws them when the theme changes', async () => {
      await emulateMedia({ colorScheme: 'light' });
      const el = await fixture<ChatAnalyticsElement>(html`<chat-analytics lang="en" range="7d" theme="dark" .client=${client}></chat-analytics>`);
      await waitUntil(() => el.shadowRoot!.querySelectorAll('[part~="plot"] canvas').length === 2, 'both charts drawn', { timeout: 10_000 });
      expect(getComputedStyle(part(el, 'base')!).backgroundColor).to.equal(DARK.surface);
      const darkBlue: [number, number, number] = [96, 165, 250]; // the customers' bars: #60a5fa
      const lightBlue: [number, number, number] = [37, 99, 235]; // #2563eb
      await waitUntil(() => pixelsOf(el, darkBlue) > 0, "the customers' bars in the dark blue");
      expect(pixelsOf(el, lightBlue)).to.equal(0);
      await expect(el, 'axe-core in the dark, colour contrast included').to.be.accessible();
      el.theme = 'light';
      await waitUntil(() => pixelsOf(el, lightBlue) > 0, 'redrawn in the light blue', { timeout: 5000 });
      expect(pixelsOf(el, darkBlue)).to.equal(0);
      expect(getComputedStyle(part(el, 'base')!).backgroundColor).to.equal(LIGHT.surface);
    });
  });
});
