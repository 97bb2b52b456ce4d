import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { part, parts } from '../../test/helpers.js';
import { checkPath, clockPath } from '../lib/icons.js';
import { checksPath, failedPath } from '../lib/crm-icons.js';
import './message.js';
import type { ChatMessage } from './message.component.js';
import type { MessageCard, OrderCard, ProductCard } from '@chatdesk/protocol';

describe('<chat-message>', () => {
  it('renders markup in the text as text, never as HTML (XSS)', async () => {
    const payload = '<img src=x onerror="window.__chatXss = 1"><b>bold</b>';
    const el = await fixture<ChatMessage>(html`<chat-message .text=${payload} author-name="Eve"></chat-message>`);
    const text = part(el, 'text')!;
    expect(text.textContent).to.equal(payload);
    expect(text.querySelector('img, b') === null).to.equal(true);
    await new Promise((r) => setTimeout(r, 50));
    expect((window as { __chatXss?: number }).__chatXss).to.equal(undefined);
  });

  it('keeps newlines through CSS, with the author and time shown', async () => {
    const createdAt = new Date(2026, 0, 15, 9, 5).getTime();
    const el = await fixture<ChatMessage>(
      html`<chat-message text=${'line one\nline two'} author-name="Anna" author-kind="manager" created-at=${createdAt}></chat-message>`,
    );
    expect(getComputedStyle(part(el, 'text')!).whiteSpace).to.equal('pre-wrap');
    expect(part(el, 'text')!.textContent).to.equal('line one\nline two');
    expect(part(el, 'author')!.textContent).to.equal('Anna');
    // The page speaks US English (web-test-runner's --lang): a 12-hour clock.
    expect(part(el, 'time')!.textContent!.trim().replace(/\s/g, ' ')).to.equal('9:05 AM');
    expect(part(el, 'time')!.getAttribute('datetime')).to.equal(new Date(createdAt).toISOString());
    await expect(el).to.be.accessible();
  });

  it('shows a failed send with its reason in its own words (the server\'s only as the title), and Retry / Discard emit composed events (S-DLG-13)', async () => {
    const wrapper0 = await fixture(html`<div lang="en">
      <chat-message outgoing status="failed" error-code="LIMIT_EXCEEDED" error="A size or length limit was exceeded." client-message-id="cm-1" text="hi"></chat-message>
    </div>`);
    const el = wrapper0.querySelector('chat-message')!;
    await waitUntil(() => part(el, 'actions')!.textContent!.includes('Not sent: it is over the limit'), 'worded by its code');
    expect(part(el, 'tooltip')!.textContent).to.equal('Not sent: it is over the limit');
    expect(part(el, 'tooltip')!.title).to.equal('A size or length limit was exceeded.');
    expect(part(el, 'status')!.getAttribute('aria-label')).to.equal('Not sent');
    wrapper0.setAttribute('lang', 'ru');
    await waitUntil(() => part(el, 'tooltip')!.textContent === 'Не отправлено: превышено ограничение', 'and in Russian');
    expect(part(el, 'actions')!.textContent).not.to.contain('limit');
    const wrapper = el.parentElement!;
    setTimeout(() => part(el, 'retry-button')!.click());
    const retry = await oneEvent(wrapper, 'chat-retry');
    expect(retry.detail).to.deep.equal({ clientMessageId: 'cm-1' });
    expect(retry.composed && retry.bubbles).to.equal(true);
    setTimeout(() => part(el, 'discard-button')!.click());
    const discard = await oneEvent(wrapper, 'chat-discard');
    expect(discard.detail).to.deep.equal({ clientMessageId: 'cm-1' });
    await expect(el).to.be.accessible();
  });

  it('speaks Russian under a [lang=ru] ancestor', async () => {
    const wrapper = await fixture(html`<div lang="ru"><chat-message outgoing status="failed" text="привет"></chat-message></div>`);
    const el = wrapper.querySelector('chat-message')!;
    await el.updateComplete;
    expect(part(el, 'retry-button')!.textContent!.trim()).to.equal('Повторить');
    expect(part(el, 'status')!.getAttribute('aria-label')).to.equal('Не отправлено');
  });

  it('follows a lang change of the page', async () => {
    const before = document.documentElement.lang;
    const el = await fixture<ChatMessage>(html`<chat-message outgoing status="failed" text="x"></chat-message>`);
    try {
      document.documentElement.lang = 'ru';
      await waitUntil(() => part(el, 'retry-button')!.textContent!.trim() === 'Повторить', 'Russian after the change');
      document.documentElement.lang = 'en';
      await waitUntil(() => part(el, 'retry-button')!.textContent!.trim() === 'Retry', 'English again');
    } finally {
      document.documentElement.lang = before;
    }
  });

  it('S-DLG-13: shows a clock while queued and no status without one', async () => {
    const el = await fixture<ChatMessage>(html`<chat-message outgoing status="queued" text="hi"></chat-message>`);
    expect(part(el, 'status')!.getAttribute('aria-label')).to.equal('Waiting for the connection');
    el.status = '';
    await el.updateComplete;
    expect(part(el, 'status') === null).to.equal(true);
  });

  it('S-DLG-13: an icon with an accessible label for each delivery status, in both languages', async () => {
    const wrapper = await fixture(html`<div lang="en"><chat-message outgoing message-id="5" text="hi"></chat-message></div>`);
    const el = wrapper.querySelector('chat-message')!;
    // Inline SVG, no text: a glyph such as 🕓 or ✓ is an empty box where no font has it.
    const expected = {
      queued: [clockPath, 'Queued', 'В очереди'],
      sent: [checkPath, 'Sent', 'Отправлено'],
      delivered: [checkPath, 'Delivered', 'Доставлено'],
      read: [checksPath, 'Read', 'Прочитано'],
      failed: [failedPath, 'Not sent', 'Не отправлено'],
    } as const;
    for (const [status, [path, en, ru]] of Object.entries(expected)) {
      wrapper.setAttribute('lang', 'en');
      el.status = status as keyof typeof expected;
      await el.updateComplete;
      const mark = part(el, 'status')!;
      expect(mark.textContent!.trim(), status).to.equal('');
      expect(mark.querySelector('svg')!.getAttribute('aria-hidden')).to.equal('true');
      expect(mark.querySelector('path')!.getAttribute('d'), status).to.equal(path);
      expect(mark.getAttribute('role')).to.equal('img');
      expect(mark.getAttribute('aria-label'), status).to.equal(en);
      wrapper.setAttribute('lang', 'ru');
      await waitUntil(() => part(el, 'status')!.getAttribute('aria-label') === ru, `${status} in Russian`);
    }
    // Delivered is one check in the read colour; sent is one check in the text colour.
    wrapper.setAttribute('lang', 'en');
    el.outgoing = false;
    el.status = 'delivered';
    await el.updateComplete;
    expect(part(el, 'status') === null, 'no status on an incoming message').to.equal(true);
  });

  it('S-DLG-13: the failure reason shows on keyboard focus of the red mark and is its description; Retry carries the message id', async () => {
    const wrapper = await fixture(html`<div lang="ru">
      <button id="before">before</button>
      <chat-message outgoing status="failed" fail-reason="visitor_left" message-id="42" text="привет"></chat-message>
    </div>`);
    const el = wrapper.querySelector('chat-message')!;
    await el.updateComplete;
    const mark = part(el, 'status')!;
    const tip = part(el, 'tooltip')!;
    expect(tip.textContent).to.equal('Клиент покинул окно консультанта');
    expect(getComputedStyle(tip).display).to.equal('none');
    expect(mark.getAttribute('aria-describedby')).to.equal(tip.id);
    expect(tip.getAttribute('role')).to.equal('tooltip');
    expect(getComputedStyle(mark).color).to.equal('rgb(185, 28, 28)');
    wrapper.querySelector<HTMLButtonElement>('#before')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement === mark, 'the failed mark has focus').to.equal(true);
    expect(getComputedStyle(tip).display).to.equal('block');
    // Stored failed message: Retry (messages.retry by id), no Discard.
    expect(part(el, 'discard-button') === null).to.equal(true);
    setTimeout(() => part(el, 'retry-button')!.click());
    const retry = await oneEvent(wrapper, 'chat-retry');
    expect(retry.detail).to.deep.equal({ messageId: 42 });
    for (const [reason, en] of [['channel_error', 'Channel error'], ['not_your_conversation', 'The conversation is no longer yours']] as const) {
      wrapper.setAttribute('lang', 'en');
      el.failReason = reason;
      await waitUntil(() => part(el, 'tooltip')!.textContent === en, reason);
    }
    await expect(el).to.be.accessible();
  });

  it('S-DLG-7: a reply shows its quote above the text, and activating the quote asks to reveal it', async () => {
    const replyTo = { id: 7, author: { kind: 'customer' as const, id: '3', name: 'Мария' }, text: 'Где мой заказ?' };
    const el = await fixture<ChatMessage>(html`<chat-message .replyTo=${replyTo} message-id="8" text="Уже в пути"></chat-message>`);
    const quote = part(el, 'quote')!;
    expect(quote.tagName).to.equal('BUTTON');
    expect(part(el, 'quote-author')!.textContent).to.equal('Мария');
    expect(part(el, 'quote-text')!.textContent).to.equal('Где мой заказ?');
    expect(quote.compareDocumentPosition(part(el, 'text')!) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
    setTimeout(() => quote.click());
    const reveal = await oneEvent(el, 'chat-reveal');
    expect(reveal.detail).to.deep.equal({ messageId: 7 });
    el.replyTo = { ...replyTo, text: '', deleted: true };
    await el.updateComplete;
    expect(part(el, 'quote-text')!.textContent).to.equal('Message deleted');
    // A quoted payload is text too.
    el.replyTo = { ...replyTo, text: '<img src=x onerror="window.__chatXss = 2">' };
    await el.updateComplete;
    expect(quote.querySelector('img') === null).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('S-DLG-7: an edited message says so (with when), a deleted one says "Message deleted" in italics and has no menu but History', async () => {
    const editedAt = new Date(2026, 0, 15, 10, 30).getTime();
    const el = await fixture<ChatMessage>(html`<chat-message message-id="9" text="fixed" edited-at=${editedAt} can-edit can-delete></chat-message>`);
    expect(part(el, 'edited')!.textContent).to.equal('edited');
    expect(part(el, 'edited')!.title).to.contain('10:30');
    expect(part(el, 'menu-button') === null).to.equal(false);
    el.deleted = true;
    el.text = '';
    await el.updateComplete;
    expect(part(el, 'text')!.textContent).to.equal('Message deleted');
    expect(getComputedStyle(part(el, 'text')!).fontStyle).to.equal('italic');
    expect(part(el, 'edited') === null).to.equal(true);
    expect(part(el, 'menu-button') === null, 'no menu on a deleted message').to.equal(true);
    el.canViewHistory = true;
    await el.updateComplete;
    part(el, 'menu-button')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('chat-message-menu'), 'the menu opens');
    const menu = el.shadowRoot!.querySelector('chat-message-menu')!;
    await menu.updateComplete;
    expect(parts(menu, 'item').map((b) => b.textContent!.trim())).to.deep.equal(['History']);
  });

  it('S-DLG-7: in a thread\'s roving tab stop the message itself takes focus: an article; Enter, the context-menu key or Shift+F10 opens its menu; its buttons follow it in the Tab order only while it holds the stop', async () => {
    const wrapper = await fixture(html`<div>
      <button id="before">before</button>
      <chat-message
        message-id="12"
        text="failed reply"
        author-name="Anna"
        outgoing
        status="failed"
        fail-reason="visitor_left"
        created-at=${new Date(2026, 0, 15, 10, 30).getTime()}
        .replyTo=${{ id: 3, author: { kind: 'customer', id: '7', name: 'Мария' }, text: 'Есть доставка?' }}
        .tabStop=${true}
      ></chat-message>
      <button id="after">after</button>
    </div>`);
    const el = wrapper.querySelector<ChatMessage>('chat-message')!;
    await el.updateComplete;
    expect(el.getAttribute('role')).to.equal('article');
    expect(el.getAttribute('aria-roledescription')).to.equal('message');
    expect(el.getAttribute('aria-label')!.replace(/\s/g, ' ')).to.equal('Anna: failed reply, 10:30 AM, Not sent');
    expect(el.tabIndex).to.equal(0);
    // Tab order: the message, its quote, the failed mark, Retry; not "⋯".
    wrapper.querySelector<HTMLElement>('#before')!.focus();
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      await sendKeys({ press: 'Tab' });
      const at = el.shadowRoot!.activeElement ?? (document.activeElement === el ? el : document.activeElement);
      order.push(at === el ? 'message' : (at?.getAttribute('part') ?? at?.id ?? ''));
      if (at?.id === 'after') break;
    }
    expect(order).to.deep.equal(['message', 'quote', 'status', 'retry-button', 'after']);
    expect(part(el, 'menu-button')!.tabIndex).to.equal(-1);

    const menuOpen = () => el.shadowRoot!.querySelector('chat-message-menu')?.shadowRoot?.activeElement;
    for (const key of ['Enter', 'ContextMenu', 'Shift+F10']) {
      el.focus();
      if (key === 'Shift+F10') {
        await sendKeys({ down: 'Shift' });
        await sendKeys({ press: 'F10' });
        await sendKeys({ up: 'Shift' });
      } else {
        await sendKeys({ press: key });
      }
      await waitUntil(menuOpen, `${key} opens the menu`, { timeout: 3000 });
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => document.activeElement === el && el.shadowRoot!.activeElement === null, 'Escape: focus back on the message itself');
    }

    // Another message holds the stop: this one and its buttons leave the Tab order.
    el.tabStop = false;
    await el.updateComplete;
    expect(el.tabIndex).to.equal(-1);
    expect(['quote', 'status', 'retry-button'].map((p) => part(el, p)!.tabIndex)).to.deep.equal([-1, -1, -1]);
    await expect(wrapper).to.be.accessible({ ignoredRules: ['color-contrast'] });
  });

  it('S-DLG-7: the message menu works by keyboard (open, arrows, Escape returns focus, Tab leaves) and offers Edit/Delete only when allowed', async () => {
    const wrapper = await fixture(html`<div>
      <chat-message message-id="11" text="mine" can-edit can-delete></chat-message>
      <button id="after">after</button>
    </div>`);
    const el = wrapper.querySelector('chat-message')!;
    await el.updateComplete;
    const button = part(el, 'menu-button')!;
    expect(button.getAttribute('aria-haspopup')).to.equal('menu');
    expect(getComputedStyle(button).opacity).to.equal('0');
    button.focus();
    expect(getComputedStyle(button).opacity).to.equal('1');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.shadowRoot!.querySelector('chat-message-menu')?.shadowRoot?.activeElement, 'the menu opens focused');
    const menu = el.shadowRoot!.querySelector('chat-message-menu')!;
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    expect(part(menu, 'menu')!.getAttribute('role')).to.equal('menu');
    const items = parts(menu, 'item');
    expect(items.map((b) => b.textContent!.trim())).to.deep.equal(['Reply', 'Copy', 'Edit', 'Delete']);
    expect(items.every((b) => b.getAttribute('role') === 'menuitem')).to.equal(true);
    const focused = () => (menu.shadowRoot!.activeElement as HTMLElement | null)?.textContent?.trim();
    expect(focused()).to.equal('Reply');
    await sendKeys({ press: 'ArrowDown' });
    expect(focused()).to.equal('Copy');
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'ArrowUp' });
    expect(focused(), 'wraps to the last').to.equal('Delete');
    await sendKeys({ press: 'Home' });
    expect(focused()).to.equal('Reply');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !el.shadowRoot!.querySelector('chat-message-menu'), 'Escape closes');
    await waitUntil(() => el.shadowRoot!.activeElement === button, 'focus returns to the button');
    // Enter on Reply emits chat-reply.
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.shadowRoot!.querySelector('chat-message-menu')?.shadowRoot?.activeElement, 'opens again');
    setTimeout(() => void sendKeys({ press: 'Enter' }));
    const reply = await oneEvent(wrapper, 'chat-reply');
    expect(reply.detail).to.deep.equal({ messageId: 11 });
    expect(reply.bubbles && reply.composed).to.equal(true);
    // Tab leaves the menu, which closes.
    await waitUntil(() => el.shadowRoot!.activeElement === button, 'focus back after choosing');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.shadowRoot!.querySelector('chat-message-menu')?.shadowRoot?.activeElement, 'opens a third time');
    await sendKeys({ press: 'Tab' });
    await waitUntil(() => !el.shadowRoot!.querySelector('chat-message-menu'), 'Tab closes it');
    // A press on "⋯" while open closes it (focus leaving the menu closes it first: not reopened).
    button.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.shadowRoot!.querySelector('chat-message-menu')?.shadowRoot?.activeElement, 'open before the press');
    const box = button.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
    await resetMouse();
    await new Promise((r) => setTimeout(r, 100));
    expect(el.shadowRoot!.querySelector('chat-message-menu') === null, 'closed by the press').to.equal(true);
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    // Someone else's message: Reply and Copy only.
    el.canEdit = el.canDelete = false;
    await el.updateComplete;
    button.click();
    await waitUntil(() => el.shadowRoot!.querySelector('chat-message-menu'), 'opens by click');
    const other = el.shadowRoot!.querySelector('chat-message-menu')!;
    await other.updateComplete;
    expect(parts(other, 'item').map((b) => b.textContent!.trim())).to.deep.equal(['Reply', 'Copy']);
    await expect(el).to.be.accessible();
  });

  it('S-DLG-7: Delete asks inside the menu (focus on Cancel) before chat-delete; Copy writes the text and says so', async () => {
    const wrapper = await fixture(html`<div lang="ru"><chat-message message-id="12" text="удали меня" can-delete></chat-message></div>`);
    const el = wrapper.querySelector('chat-message')!;
    await el.updateComplete;
    const open = async () => {
      part(el, 'menu-button')!.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => el.shadowRoot!.querySelector('chat-message-menu')?.shadowRoot?.activeElement, 'the menu opens');
      return el.shadowRoot!.querySelector('chat-message-menu')!;
    };
    let menu = await open();
    await sendKeys({ press: 'End' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => part(menu, 'question'), 'the question shows');
    expect(part(menu, 'question')!.textContent).to.equal('Удалить сообщение?');
    expect(parts(menu, 'item').map((b) => b.textContent!.trim())).to.deep.equal(['Удалить', 'Отмена']);
    expect((menu.shadowRoot!.activeElement as HTMLElement).textContent!.trim()).to.equal('Отмена');
    let deleted = 0;
    wrapper.addEventListener('chat-delete', () => deleted++);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => !el.shadowRoot!.querySelector('chat-message-menu'), 'Cancel closes');
    expect(deleted).to.equal(0);
    menu = await open();
    await sendKeys({ press: 'End' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => part(menu, 'question'), 'asked again');
    setTimeout(() => void sendKeys({ press: 'ArrowUp' }).then(() => sendKeys({ press: 'Enter' })));
    const del = await oneEvent(wrapper, 'chat-delete');
    expect(del.detail).to.deep.equal({ messageId: 12 });

    // Copy: the browser's clipboard (stubbed: headless Chromium grants no clipboard permission).
    const clipboard = navigator.clipboard;
    let copied = '';
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (t: string) => void (copied = t) } });
    try {
      await open();
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => part(el, 'notice')!.textContent === 'Скопировано', 'copying is announced');
      expect(copied).to.equal('удали меня');
      expect(part(el, 'notice')!.getAttribute('role')).to.equal('status');
      // No clipboard API (an insecure context): said, not thrown.
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined });
      await open();
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => part(el, 'notice')!.textContent === 'Не удалось скопировать', 'the failure is announced');
    } finally {
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: clipboard });
    }
  });

  it('S-DLG-5: times within the hour read as relative ("5 minutes ago"), older ones as the clock, the full date in the title', async () => {
    const createdAt = new Date(2026, 0, 15, 9, 5).getTime();
    const wrapper = await fixture(html`<div lang="en"><chat-message text="x" created-at=${createdAt} .now=${createdAt + 5 * 60_000}></chat-message></div>`);
    const el = wrapper.querySelector('chat-message')!;
    await el.updateComplete;
    expect(part(el, 'time')!.textContent!.trim()).to.equal('5 minutes ago');
    expect(part(el, 'time')!.title).to.match(/2026/);
    wrapper.setAttribute('lang', 'ru');
    await waitUntil(() => part(el, 'time')!.textContent!.trim() === '5 минут назад', 'Russian');
    el.now = createdAt + 2 * 3600_000;
    await waitUntil(() => part(el, 'time')!.textContent!.trim() === '09:05', 'the clock after an hour');
  });

  describe('product and order cards (S-W-PROD, S-W-ORD)', () => {
    /** Text as read: runs of whitespace (Intl puts no-break spaces in amounts) as one space. */
    const read = (node: Element | null | undefined): string => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const FSI = '\u2068';
    const PDI = '\u2069';
    // On the test server's own origin: an http address whose fetch answers at once (404).
    const picture = new URL('/__card-picture.png', location.href).href;
    const sneakers: ProductCard = {
      type: 'product',
      productId: 'p1',
      offerId: 'p1-1',
      name: 'Кроссовки Nike Air Zoom Pegasus 40, 40',
      article: 'P1-01',
      price: 12990,
      currency: 'RUB',
      image: picture,
      url: 'https://shop.example/p1?size=40&color=black',
      inStock: true,
    };
    const socks: ProductCard = { type: 'product', productId: 'p21', offerId: 'p21-1', name: 'Socks', article: '', price: 290.5, currency: 'USD', image: null, url: null, inStock: false };
    const unknownStock: ProductCard = { ...socks, offerId: 'p21-2', name: 'Socks, L', inStock: null };
    const order: OrderCard = {
      type: 'order',
      orderId: '77',
      number: '1024A',
      status: 'Новый',
      items: [
        { name: 'Кеды Converse Chuck Taylor All Star, 37', quantity: 2, price: 6490 },
        { name: 'Шнурки', quantity: 3, price: 0.1 },
      ],
      delivery: { name: 'Курьер', cost: 350, address: 'Казань, ул. Баумана, 1' },
      currency: 'RUB',
      total: 13330.3,
      toPay: 13330.3,
      paymentStatus: 'unpaid',
    };

    async function cardMessage(cards: MessageCard[], lang = 'en', text = 'The cards as text') {
      const wrapper = await fixture<HTMLDivElement>(html`<div lang=${lang}><chat-message outgoing status="sent" author-name="Anna" .text=${text} .cards=${cards}></chat-message></div>`);
      const el = wrapper.querySelector<ChatMessage>('chat-message')!;
      await el.updateComplete;
      return { wrapper, el };
    }

    it('S-W-PROD: product cards from the `cards` property in place of the text: picture, name linked to its page, price in its currency, stock and article, each an article named «Product: …», in English and Russian', async () => {
      const { wrapper, el } = await cardMessage([sneakers, socks, unknownStock]);
      expect(part(el, 'text'), 'the cards stand in for the text').to.equal(null);
      expect(part(el, 'cards')).to.exist;
      const cards = parts(el, 'card');
      expect(cards.map((c) => c.getAttribute('part'))).to.deep.equal(['card card-product', 'card card-product', 'card card-product']);
      expect(cards.map((c) => c.localName)).to.deep.equal(['article', 'article', 'article']);
      expect(cards[0]!.getAttribute('aria-label')).to.equal(`Product: ${FSI}${sneakers.name}${PDI}`);

      const img = cards[0]!.querySelector<HTMLImageElement>('[part~="card-image"]')!;
      expect([img.getAttribute('src'), img.alt, img.loading, img.referrerPolicy]).to.deep.equal([picture, sneakers.name, 'lazy', 'no-referrer']);
      // Fixed by CSS, whether or not the picture ever arrives (this one is a 404): rows do not move.
      expect([getComputedStyle(img).width, getComputedStyle(img).height]).to.deep.equal(['64px', '64px']);
      const link = cards[0]!.querySelector<HTMLAnchorElement>('a[part~="card-name"]')!;
      expect([link.href, link.target, link.rel, read(link)]).to.deep.equal([sneakers.url, '_blank', 'noopener noreferrer', sneakers.name]);
      expect(link.querySelector('bdi'), 'the name is bidi-isolated').to.exist;
      expect(parts(el, 'card-price').map(read)).to.deep.equal(['RUB 12,990', '$290.50', '$290.50']);
      expect(parts(el, 'card-stock').map(read)).to.deep.equal(['In stock', 'Out of stock'], 'none where the CRM does not count stock');
      expect(parts(el, 'card-article').map(read)).to.deep.equal(['Article: P1-01'], 'none for an empty article');
      // Without a page or a picture: the name as plain text, no image.
      expect(cards[1]!.querySelector('a, img')).to.equal(null);
      expect(read(cards[1]!.querySelector('[part~="card-name"]'))).to.equal('Socks');
      // The card keeps its own light box on the accent bubble of one's own message.
      expect(getComputedStyle(cards[0]!).backgroundColor).to.equal('rgb(255, 255, 255)');
      await expect(el).to.be.accessible();

      wrapper.setAttribute('lang', 'ru');
      await waitUntil(() => read(parts(el, 'card-stock')[0]) === 'В наличии', 'Russian');
      expect(parts(el, 'card-stock').map(read)).to.deep.equal(['В наличии', 'Нет в наличии']);
      expect(parts(el, 'card-price').map(read)).to.deep.equal(['12 990 ₽', '290,50 $', '290,50 $']);
      expect(parts(el, 'card-article').map(read)).to.deep.equal(['Артикул: P1-01']);
      expect(parts(el, 'card')[0]!.getAttribute('aria-label')).to.equal(`Товар: ${FSI}${sneakers.name}${PDI}`);
      await expect(el).to.be.accessible();
    });

    it('S-W-PROD: CRM text in a card is rendered as text (a name with markup shows as written), and only an http(s) page is a link and only an http(s) picture an image', async () => {
      const payload = '<img src=x onerror="window.__chatCardXss = 1"><b>bold</b>';
      const hostile: ProductCard[] = [
        { ...sneakers, name: payload, article: '<i>A-1</i>', url: 'javascript:window.__chatCardXss=2', image: 'javascript:window.__chatCardXss=3' },
        { ...sneakers, offerId: 'p1-2', name: 'data page', url: 'data:text/html,<script>alert(1)</script>', image: 'data:image/png;base64,AAAA' },
        { ...sneakers, offerId: 'p1-3', name: 'spaced', url: ' https://shop.example/p1', image: '//shop.example/p1.png' },
      ];
      const { el } = await cardMessage(hostile);
      const cards = parts(el, 'card');
      expect(cards).to.have.length(3);
      for (const card of cards) expect(card.querySelector('a, img'), card.getAttribute('aria-label')!).to.equal(null);
      expect(read(cards[0]!.querySelector('[part~="card-name"]'))).to.equal(payload);
      expect(read(cards[0]!.querySelector('[part~="card-article"]'))).to.equal('Article: <i>A-1</i>');
      expect(part(el, 'cards')!.querySelector('b, i')).to.equal(null);
      expect(cards[0]!.getAttribute('aria-label')).to.equal(`Product: ${FSI}${payload}${PDI}`);
      await new Promise((r) => setTimeout(r, 50));
      expect((window as { __chatCardXss?: number }).__chatCardXss).to.equal(undefined);
      // A right-to-left override in a name stays inside its <bdi>.
      el.cards = [{ ...socks, name: '\u202Egpj.exe' }];
      await el.updateComplete;
      expect(part(el, 'card-name')!.querySelector('bdi')!.textContent).to.equal('\u202Egpj.exe');
    });

    it('S-W-ORD: an order card: «Order No. …», status, the items as a list (name × quantity — sum), delivery (cost or free) and address, total, what is left to pay; in Russian and English', async () => {
      const { wrapper, el } = await cardMessage([order], 'ru');
      expect(part(el, 'text')).to.equal(null);
      const card = part(el, 'card')!;
      expect([card.localName, card.getAttribute('part'), card.getAttribute('aria-label')]).to.deep.equal(['article', 'card card-order', `Заказ №${FSI}1024A${PDI}`]);
      expect(read(part(el, 'card-name'))).to.equal('Заказ №1024A');
      expect(read(part(el, 'card-status'))).to.equal('Новый');
      const list = part(el, 'card-items')!;
      expect([list.localName, list.getAttribute('aria-label')]).to.deep.equal(['ul', 'Товары']);
      expect(parts(el, 'card-item').map((i) => [i.localName, read(i)])).to.deep.equal([
        ['li', 'Кеды Converse Chuck Taylor All Star, 37 × 2 — 12 980 ₽'],
        ['li', 'Шнурки × 3 — 0,30 ₽'],
      ]);
      expect(read(part(el, 'card-delivery'))).to.equal('Доставка: Курьер — 350 ₽Казань, ул. Баумана, 1');
      expect(read(part(el, 'card-delivery')!.querySelector('.address'))).to.equal('Казань, ул. Баумана, 1');
      expect(read(part(el, 'card-total'))).to.equal('Итого: 13 330,30 ₽');
      expect(read(part(el, 'card-to-pay'))).to.equal('К оплате: 13 330,30 ₽');
      await expect(el).to.be.accessible();

      el.cards = [{ ...order, paymentStatus: 'partial', toPay: 5000, delivery: { name: 'Самовывоз', cost: 0, address: '' } }];
      await el.updateComplete;
      expect(read(part(el, 'card-to-pay'))).to.equal('Оплачен частично, к оплате 5 000 ₽');
      expect(read(part(el, 'card-delivery'))).to.equal('Доставка: Самовывоз — бесплатно');
      el.cards = [{ ...order, paymentStatus: 'paid', toPay: 0 }];
      await el.updateComplete;
      expect(read(part(el, 'card-to-pay'))).to.equal('Оплачен');

      wrapper.setAttribute('lang', 'en');
      await waitUntil(() => read(part(el, 'card-to-pay')) === 'Paid', 'English');
      expect(read(part(el, 'card-name'))).to.equal('Order No. 1024A');
      expect(part(el, 'card')!.getAttribute('aria-label')).to.equal(`Order No. ${FSI}1024A${PDI}`);
      expect(parts(el, 'card-item').map(read)).to.deep.equal(['Кеды Converse Chuck Taylor All Star, 37 × 2 — RUB 12,980', 'Шнурки × 3 — RUB 0.30']);
      expect(read(part(el, 'card-total'))).to.equal('Total: RUB 13,330.30');
      el.cards = [{ ...order, paymentStatus: 'partial', toPay: 5000, delivery: { name: 'Pickup', cost: 0, address: '' } }];
      await el.updateComplete;
      expect(read(part(el, 'card-to-pay'))).to.equal('Partly paid, RUB 5,000 to pay');
      expect(read(part(el, 'card-delivery'))).to.equal('Delivery: Pickup — free');
      el.cards = [order];
      await el.updateComplete;
      expect(read(part(el, 'card-to-pay'))).to.equal('To pay: RUB 13,330.30');
      await expect(el).to.be.accessible();
    });

    it('S-W-PROD: a deleted message shows «Message deleted», not its cards; in a thread\'s roving tab stop the card links follow the message, which is still labelled by its text', async () => {
      const { el } = await cardMessage([sneakers], 'en', 'Кроссовки Nike — 12 990 ₽');
      el.messageId = 5;
      el.tabStop = false;
      await el.updateComplete;
      expect(el.getAttribute('aria-label')).to.match(/^Anna: Кроссовки Nike — 12 990 ₽/);
      expect(part(el, 'card-name')!.getAttribute('tabindex')).to.equal('-1', 'out of the Tab order without the stop');
      el.tabStop = true;
      await el.updateComplete;
      expect(part(el, 'card-name')!.hasAttribute('tabindex')).to.equal(false);
      el.deleted = true;
      await el.updateComplete;
      expect(part(el, 'cards')).to.equal(null);
      expect(read(part(el, 'text'))).to.equal('Message deleted');
    });
  });
});
