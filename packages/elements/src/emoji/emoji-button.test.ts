import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { chatServerUrl, part } from '../../test/helpers.js';
import './emoji-button.js';
import type { ChatEmojiButton } from './emoji-button.component.js';

/**
 * The data as the chat server serves it with the bundles (`npm run build:bundles` writes it to
 * dist/bundles/emoji/data.json): another origin than this test page, as for a CRM or shop page.
 * Run from source, the element cannot find it next to its bundle, so the tests say where it is.
 */
let server = '';
let dataUrl = '';

/** A user of its own per test: a fresh IndexedDB database, so no test sees another's recent emoji. */
const users: string[] = [];
function newUser(): string {
  const user = `test-${Date.now()}-${users.length}`;
  users.push(user);
  return user;
}

type Picker = HTMLElement & { shadowRoot: ShadowRoot };

function pickerOf(el: ChatEmojiButton): Picker | null {
  return part(el, 'popover')?.shadowRoot?.querySelector<Picker>('emoji-picker') ?? null;
}

/** The picker is drawn and its data is in: the grid (or the recent row) shows emoji. */
async function pickerReady(el: ChatEmojiButton): Promise<Picker> {
  await waitUntil(() => pickerOf(el)?.shadowRoot.querySelector('.tabpanel [role="menuitem"]'), 'the picker shows its emoji', {
    timeout: 8000,
  });
  return pickerOf(el)!;
}

function search(picker: Picker): HTMLInputElement {
  return picker.shadowRoot.querySelector<HTMLInputElement>('input[type="search"]')!;
}

/**
 * Enters `query` into the picker's search field at once (as a paste would) and returns the emoji
 * it found. Typed key by key, the picker would search each prefix in turn (from two letters on),
 * and the results of «ко» could be read as those of «кот».
 */
async function searchFor(picker: Picker, query: string): Promise<string[]> {
  const results = () => [...picker.shadowRoot.querySelectorAll<HTMLElement>('#search-results [role="option"]')];
  const field = search(picker);
  if (field.value) {
    field.value = '';
    field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await waitUntil(() => results().length === 0, 'the last results are gone');
  }
  field.value = query;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: query, inputType: 'insertFromPaste' }));
  await waitUntil(() => results().length > 0, `results for «${query}»`, { timeout: 5000 });
  expect(results()[0]!.checkVisibility(), 'the results are on screen').to.equal(true);
  return results().map((b) => b.textContent!.trim());
}

function resourceUrls(): URL[] {
  return performance.getEntriesByType('resource').map((e) => new URL(e.name));
}

function focusedIn(el: ChatEmojiButton): Element | null {
  return el.shadowRoot!.activeElement;
}

describe('<chat-emoji-button> (S-DLG-10)', function () {
  // Each picker of a new user fills its IndexedDB database with the data (≈ 2 s here).
  this.timeout(20_000);

  before(async () => {
    server = await chatServerUrl();
    dataUrl = `${server}/bundles/emoji/data.json`;
  });

  after(() => {
    for (const user of users) indexedDB.deleteDatabase(`emoji-picker-element-chatdesk:${user}`);
  });

  it('is a labelled button that loads no picker until it is opened', async () => {
    const el = await fixture<ChatEmojiButton>(html`<chat-emoji-button data-source=${dataUrl}></chat-emoji-button>`);
    const button = part<HTMLButtonElement>(el, 'button')!;
    expect(button.getAttribute('aria-label')).to.equal('Emoji');
    expect(button.getAttribute('aria-haspopup')).to.equal('dialog');
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(part(el, 'popover')).to.equal(null);
    expect(customElements.get('chat-emoji-popover'), 'the popover comes in a lazy chunk').to.equal(undefined);
    expect(customElements.get('emoji-picker'), 'and the picker with it').to.equal(undefined);
    expect(resourceUrls().some((u) => u.pathname.includes('emoji-picker-element') || u.pathname.endsWith('/emoji/data.json'))).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('opens with Enter, loads its data from our bundles (no other origin), and closes on Escape', async () => {
    const user = newUser();
    const page = await fixture<HTMLElement>(html`<div><chat-emoji-button data-source=${dataUrl} user=${user}></chat-emoji-button></div>`);
    const el = page.querySelector('chat-emoji-button')!;
    let escapesAround = 0;
    page.addEventListener('keydown', (e) => void (e.key === 'Escape' && escapesAround++));
    part(el, 'button')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.open, 'Enter opens');
    const picker = await pickerReady(el);
    const popover = part(el, 'popover')!;
    expect(popover.matches(':popover-open'), 'in the top layer').to.equal(true);
    expect(part(el, 'button')!.getAttribute('aria-expanded')).to.equal('true');
    expect(picker.shadowRoot.activeElement, 'focus is in the search field').to.equal(search(picker));
    // Placed beside the button (below it here: no room above), inside the viewport.
    const b = el.getBoundingClientRect();
    const p = popover.getBoundingClientRect();
    expect(p.top >= b.bottom || p.bottom <= b.top, 'the popover does not cover the button').to.equal(true);
    expect(p.left >= 0 && p.right <= document.documentElement.clientWidth && p.bottom <= innerHeight).to.equal(true);

    // The data came from the chat server's /bundles/, nothing from any other origin (no CDN).
    const urls = resourceUrls();
    const data = urls.filter((u) => u.pathname.endsWith('/emoji/data.json'));
    expect(data.map((u) => u.href)).to.include(dataUrl);
    const allowed = new Set([location.origin, new URL(server).origin]);
    expect(urls.filter((u) => !allowed.has(u.origin)).map((u) => u.href)).to.deep.equal([]);

    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(part(el, 'popover')).to.equal(null);
    expect(focusedIn(el), 'focus is back on the button').to.equal(part(el, 'button'));
    expect(escapesAround, 'Escape closes the picker only, not a popup around it').to.equal(0);
  });

  it('closes when focus leaves it by Tab', async () => {
    const el = await fixture<ChatEmojiButton>(html`<chat-emoji-button data-source=${dataUrl} user=${newUser()}></chat-emoji-button>`);
    part(el, 'button')!.focus();
    await sendKeys({ press: 'Enter' });
    const picker = await pickerReady(el);
    await waitUntil(() => picker.shadowRoot.activeElement === search(picker), 'focus in the search field');
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(focusedIn(el)).to.equal(part(el, 'button'));
  });

  it('opens with Space too, and a press outside closes it', async () => {
    const el = await fixture<ChatEmojiButton>(html`<chat-emoji-button data-source=${dataUrl} user=${newUser()}></chat-emoji-button>`);
    part(el, 'button')!.focus();
    await sendKeys({ press: 'Space' });
    await pickerReady(el);
    document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(el.open).to.equal(false);
  });

  it('finds emoji by Russian and English words', async () => {
    const el = await fixture<ChatEmojiButton>(html`<chat-emoji-button data-source=${dataUrl} user=${newUser()}></chat-emoji-button>`);
    el.show();
    const picker = await pickerReady(el);
    search(picker).focus();
    expect(await searchFor(picker, 'кот')).to.include('🐱');
    expect(await searchFor(picker, 'cat')).to.include('🐱');
    expect(await searchFor(picker, 'сердце')).to.include('❤️');
    expect(await searchFor(picker, 'heart')).to.include('❤️');
    // Each emoji is named in both languages (its tooltip and accessible name).
    const heart = [...picker.shadowRoot.querySelectorAll('#search-results [role="option"]')].find((b) => b.textContent!.trim() === '❤️')!;
    expect(heart.getAttribute('aria-label')).to.contain('алое сердце').and.to.contain('red heart');
  });

  it('reports the chosen emoji, closes, returns focus, and remembers it for this user only', async function () {
    this.timeout(30_000); // three pickers, two of them filling a new user's database
    const user = newUser();
    const el = await fixture<ChatEmojiButton>(html`<chat-emoji-button data-source=${dataUrl} user=${user}></chat-emoji-button>`);
    part(el, 'button')!.focus();
    await sendKeys({ press: 'Enter' });
    const picker = await pickerReady(el);
    const [first] = await searchFor(picker, 'кот');
    // The arrow makes the first result active, Enter chooses it.
    const picked = oneEvent(el, 'chat-emoji-pick');
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => search(picker).getAttribute('aria-activedescendant'), 'the first result is active');
    await sendKeys({ press: 'Enter' });
    const event = await picked;
    expect(event.detail).to.deep.equal({ emoji: first });
    expect(first).to.match(/\p{Extended_Pictographic}/u);
    expect(event.bubbles && event.composed).to.equal(true);
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(focusedIn(el)).to.equal(part(el, 'button'));

    // Reopened: the recent row starts with it; another user's starts with the picker's defaults.
    const recentRowStartsWith = async (button: ChatEmojiButton, emoji: string) => {
      button.show();
      const p = await pickerReady(button);
      const head = () => p.shadowRoot.querySelector('.favorites [role="menuitem"]')?.textContent?.trim();
      await waitUntil(() => head() === emoji, `the recent row starts with ${emoji}, not ${head()}`);
      button.hide(false);
    };
    await recentRowStartsWith(el, first!);
    const other = await fixture<ChatEmojiButton>(html`<chat-emoji-button data-source=${dataUrl} user=${newUser()}></chat-emoji-button>`);
    await recentRowStartsWith(other, '😊');
  });

  it('speaks Russian in a Russian page, button and picker alike', async () => {
    const page = await fixture(html`<div lang="ru"><chat-emoji-button data-source=${dataUrl} user=${newUser()}></chat-emoji-button></div>`);
    const el = page.querySelector('chat-emoji-button')!;
    await el.updateComplete;
    const button = part(el, 'button')!;
    expect(button.getAttribute('aria-label')).to.equal('Эмодзи');
    expect(button.title).to.equal('Эмодзи');
    await expect(el).to.be.accessible();
    el.show();
    const picker = await pickerReady(el);
    expect(part(el, 'popover')!.getAttribute('aria-label')).to.equal('Выбор эмодзи');
    expect(search(picker).placeholder).to.equal('Искать');
    expect(picker.shadowRoot.querySelector('.picker')!.getAttribute('aria-label')).to.equal('Выберите эмодзи');
  });

  it('ships its data with the bundles: JSON, readable from any origin, both languages in one file', async () => {
    const response = await fetch(dataUrl);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^application\/json/);
    const data = (await response.json()) as { emoji: string; annotation: string; tags: string[] }[];
    expect(data.length).to.be.greaterThan(1800);
    const cat = data.find((e) => e.emoji === '🐱')!;
    expect(cat.annotation).to.equal('морда кошки, cat face');
    expect(cat.tags).to.include.members(['кот', 'cat']);
  });

  it('does not open while disabled', async () => {
    const el = await fixture<ChatEmojiButton>(html`<chat-emoji-button disabled data-source=${dataUrl}></chat-emoji-button>`);
    el.show();
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(part<HTMLButtonElement>(el, 'button')!.disabled).to.equal(true);
  });
});
