import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ChatClient } from '@chatdesk/client';
import { ChatError } from '@chatdesk/protocol';
import { assignTo, connectAs, connectVisitor, part, parts } from '../../test/helpers.js';
import type { ChatProductsPickDetail, ChatProductsWidget } from './products-widget.component.js';
import './products-widget.js';

/*
 * Against the real demo server and its built-in CRM (demo/crm-catalogue.json): the web channel is
 * mapped to the store `main` (p1..p22); the `wholesale` store's products (w1..w4) must never show.
 * One visitor conversation of our own, assigned to anna; nothing here changes the settings.
 */

const opened: ChatClient[] = [];
let anna: ChatClient;
let conversationId: number;

before(async () => {
  const visitor = await connectVisitor();
  opened.push(visitor);
  const sent = await visitor.send(`Подберите кроссовки, пожалуйста #${Date.now()}`);
  conversationId = sent.conversationId;
  await assignTo(conversationId, 'anna');
  anna = await connectAs('anna');
  opened.push(anna);
});

after(() => {
  for (const c of opened) c.close();
});

const SNEAKERS = ['Кроссовки Adidas Ultraboost Light', 'Кроссовки ASICS Gel-Kayano 30', 'Кроссовки New Balance 574', 'Кроссовки Nike Air Zoom Pegasus 40'];

/** A client that counts the product searches it passes on (and may refuse some first). */
function spy(real: ChatClient, refuse: ChatError[] = []): { client: ChatClient; searches: unknown[] } {
  const searches: unknown[] = [];
  const client = {
    call(method: string, params: unknown) {
      if (method === 'crm.products') searches.push(params);
      const refusal = refuse.shift();
      return refusal ? Promise.reject(refusal) : (real.call as (m: string, p: unknown) => Promise<unknown>)(method, params);
    },
  } as unknown as ChatClient;
  return { client, searches };
}

interface Options {
  lang?: string;
  query?: string;
  limit?: number;
  client?: ChatClient;
}

async function widget(o: Options = {}): Promise<ChatProductsWidget> {
  const el = await fixture<ChatProductsWidget>(html`<chat-products-widget
    lang=${o.lang ?? 'ru'}
    conversation-id=${conversationId}
    .query=${o.query ?? ''}
    .limit=${o.limit ?? 20}
    .client=${o.client ?? anna}
  ></chat-products-widget>`);
  await waitUntil(() => part(el, 'results') || part(el, 'empty') || part(el, 'notice') || part(el, 'load-error'), 'the first search is answered', {
    timeout: 5000,
  });
  return el;
}

const names = (el: ChatProductsWidget): string[] => parts(el, 'product-name').map((n) => n.textContent!.trim());
const productIds = (el: ChatProductsWidget): string[] => parts(el, 'product').map((n) => n.dataset['productId']!);
const text = (node: Element | null): string => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const $ = <T extends Element>(el: ChatProductsWidget, selector: string): T => {
  const found = el.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
};

async function showsExactly(el: ChatProductsWidget, expected: string[], what: string): Promise<void> {
  await waitUntil(() => JSON.stringify(names(el)) === JSON.stringify(expected) && part(el, 'results')?.getAttribute('aria-busy') === 'false', what, {
    timeout: 5000,
  });
}

async function choose(el: ChatProductsWidget, id: string, value: string): Promise<void> {
  const select = $<HTMLSelectElement>(el, `#${id}`);
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  await el.updateComplete;
}

async function typeInto(input: HTMLInputElement, value: string): Promise<void> {
  input.focus();
  input.select();
  await sendKeys({ press: 'Backspace' });
  if (value) await sendKeys({ type: value });
}

describe('<chat-products-widget> (S-W-PROD)', () => {
  it('searches «кроссовки» as typed, after a pause: the sneakers of the main store, by name, with their offers', async () => {
    const { client, searches } = spy(anna);
    const el = await widget({ client });
    expect(names(el)).to.have.length(20, 'the first page of the whole catalogue');
    const before = searches.length;
    await typeInto($(el, '#query'), 'кроссовки');
    await showsExactly(el, SNEAKERS, 'only the sneakers, sorted by name');
    // One search for the word typed, not one per letter.
    expect(searches.length - before).to.equal(1);
    expect(searches.at(-1)).to.deep.include({ conversationId });
    expect((searches.at(-1) as { query: Record<string, unknown> }).query).to.deep.include({ query: 'кроссовки', sort: 'name', order: 'asc', inStock: false });
    // Not the wholesale store's box of New Balance.
    expect(productIds(el)).to.deep.equal(['p2', 'p4', 'p3', 'p1']);
    expect(parts(el, 'product-category').map(text)).to.deep.equal(['Кроссовки', 'Кроссовки', 'Кроссовки', 'Кроссовки']);

    const nike = $(el, '[data-product-id="p1"]');
    expect(text(nike.querySelector('[part~="product-price"]'))).to.equal('12 990 ₽');
    const offers = [...nike.querySelectorAll('[part~="offer"]')];
    expect(offers.map((o) => (o as HTMLElement).dataset['offerId'])).to.deep.equal(['p1-1', 'p1-2', 'p1-3', 'p1-4']);
    expect(text(offers[0]!.querySelector('[part~="offer-name"]'))).to.equal('40');
    expect(text(offers[0]!.querySelector('[part~="offer-article"]'))).to.equal('арт. P1-01');
    expect(text(offers[0]!.querySelector('[part~="offer-price"]'))).to.equal('12 990 ₽');
    expect(text(offers[0]!.querySelector('[part~="offer-stock"]'))).to.equal('в наличии: 3');
    expect(text(offers[1]!.querySelector('[part~="offer-stock"]'))).to.equal('нет в наличии');
    expect(offers[1]!.querySelector('[part~="offer-stock"]')!.getAttribute('part')).to.contain('out-of-stock');
    expect(text(part(el, 'status'))).to.equal('Показано 4 товара');
    await expect(el).to.be.accessible();
  });

  it('sorts by price, highest first, by each product’s lowest offer', async () => {
    const el = await widget({ query: 'кроссовки' });
    await showsExactly(el, SNEAKERS, 'by name first');
    await choose(el, 'sort', 'price-desc');
    await showsExactly(
      el,
      ['Кроссовки Adidas Ultraboost Light', 'Кроссовки ASICS Gel-Kayano 30', 'Кроссовки Nike Air Zoom Pegasus 40', 'Кроссовки New Balance 574'],
      '16 490, 14 590, 12 990, 9 990',
    );
    await choose(el, 'sort', 'price-asc');
    await showsExactly(
      el,
      ['Кроссовки New Balance 574', 'Кроссовки Nike Air Zoom Pegasus 40', 'Кроссовки ASICS Gel-Kayano 30', 'Кроссовки Adidas Ultraboost Light'],
      'lowest first',
    );
  });

  it('«Только в наличии» hides the ASICS, whose every offer is out of stock', async () => {
    const el = await widget({ query: 'кроссовки' });
    await showsExactly(el, SNEAKERS, 'all four first');
    const box = $<HTMLInputElement>(el, '#in-stock');
    box.focus();
    await sendKeys({ press: 'Space' });
    expect(box.checked).to.equal(true);
    await showsExactly(el, SNEAKERS.filter((n) => !n.includes('ASICS')), 'the ASICS is gone');
  });

  it('filters by a category of the answer', async () => {
    const el = await widget();
    const options = [...$<HTMLSelectElement>(el, '#category').options].map((o) => o.value);
    expect(options).to.include.members(['', 'Кроссовки', 'Кеды', 'Ботинки', 'Аксессуары']);
    await choose(el, 'category', 'Кеды');
    await showsExactly(el, ['Кеды Converse Chuck Taylor All Star', 'Кеды Vans Old Skool', 'Слипоны Skechers Go Walk'], 'the Кеды only, the slip-ons too');
    expect(parts(el, 'product-category').every((c) => text(c) === 'Кеды')).to.equal(true);
    await choose(el, 'category', '');
    await waitUntil(() => names(el).length === 20, 'every category again');
  });

  it('filters by a price range in roubles; a bound that is not a price is marked and not sent', async () => {
    const { client, searches } = spy(anna);
    const el = await widget({ client });
    expect(text($(el, 'legend[part~="label"]'))).to.equal('Цена, ₽');
    await typeInto($(el, '#price-min'), '5000');
    await typeInto($(el, '#price-max'), '7000');
    await showsExactly(el, ['Кеды Converse Chuck Taylor All Star', 'Сандалии Teva Hurricane XLT2', 'Слипоны Skechers Go Walk'], '6 490, 6 990 and 5 490');
    expect((searches.at(-1) as { query: Record<string, unknown> }).query).to.deep.include({ priceMin: 5000, priceMax: 7000 });

    const sent = searches.length;
    const max = $<HTMLInputElement>(el, '#price-max');
    await typeInto(max, '4000');
    await waitUntil(() => max.getAttribute('aria-invalid') === 'true', 'to below from is marked');
    const message = el.shadowRoot!.getElementById(max.getAttribute('aria-describedby')!)!;
    expect(text(message)).to.equal('Не меньше, чем «от»');
    await new Promise((r) => setTimeout(r, 400));
    expect(searches.length).to.equal(sent, 'nothing is searched with the bounds crossed');
    expect(names(el)).to.have.length(3, 'the last results stay');
    await expect(el).to.be.accessible();
  });

  it('pages with «Показать ещё» until every product of the store showed once', async () => {
    const el = await widget({ limit: 5 });
    expect(productIds(el)).to.have.length(5);
    let pages = 1;
    while (part(el, 'load-more-button')) {
      const count = productIds(el).length;
      const button = part<HTMLButtonElement>(el, 'load-more-button')!;
      expect(text(button)).to.equal('Показать ещё');
      button.click();
      await waitUntil(() => productIds(el).length > count && part(el, 'results')!.getAttribute('aria-busy') === 'false', `page ${pages + 1}`, { timeout: 5000 });
      pages++;
      // Focus goes to the first offer of the page that came.
      const first = el.shadowRoot!.activeElement as HTMLElement | null;
      expect(first?.dataset['offerId'], 'focus on the new page').to.match(new RegExp(`^${productIds(el)[count]}-`));
      expect(pages).to.be.below(10);
    }
    const ids = productIds(el);
    expect(pages).to.equal(5);
    expect(new Set(ids).size).to.equal(ids.length, 'no product twice');
    expect([...ids].sort()).to.deep.equal(Array.from({ length: 22 }, (_, i) => `p${i + 1}`).sort());
  });

  it('picks two offers by keyboard and Add to order sends them both, then the picks clear', async () => {
    const el = await widget({ query: 'Converse' });
    await showsExactly(el, ['Кеды Converse Chuck Taylor All Star'], 'prefilled from the query property');
    const boxes = parts<HTMLInputElement>(el, 'offer-checkbox');
    // The offers are one tab stop.
    expect(boxes.map((b) => b.tabIndex)).to.deep.equal([0, -1, -1, -1]);
    // Tab from the sort select lands on the first offer.
    $<HTMLSelectElement>(el, '#sort').focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(boxes[0]);
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'ArrowDown' });
    expect(el.shadowRoot!.activeElement).to.equal(boxes[1]);
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(boxes.map((b) => b.checked)).to.deep.equal([true, true, false, false]);
    expect(text(part(el, 'picked-count'))).to.equal('Выбрано: 2');
    expect(parts(el, 'offer-picked')).to.have.length(2);
    expect(boxes[1]!.tabIndex).to.equal(0, 'the tab stop follows the focus');
    await sendKeys({ press: 'End' });
    expect(el.shadowRoot!.activeElement).to.equal(boxes[3]);
    await sendKeys({ press: 'Home' });
    expect(el.shadowRoot!.activeElement).to.equal(boxes[0]);

    // Tab leaves the list for the footer: Clear, then Add to order.
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'clear-button'));
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'add-button'));
    const added = oneEvent(document, 'chat-products-add') as Promise<CustomEvent<ChatProductsPickDetail>>;
    await sendKeys({ press: 'Enter' });
    const event = await added;
    expect(event.bubbles && event.composed && event.cancelable).to.equal(true);
    expect(event.detail.offers).to.deep.equal([
      { offerId: 'p5-1', productId: 'p5', name: 'Кеды Converse Chuck Taylor All Star, 37', price: 6490, currency: 'RUB', stock: 8 },
      { offerId: 'p5-2', productId: 'p5', name: 'Кеды Converse Chuck Taylor All Star, 38', price: 6490, currency: 'RUB', stock: 5 },
    ]);
    await el.updateComplete;
    expect(el.picked).to.deep.equal([]);
    expect(boxes.some((b) => b.checked)).to.equal(false);
    expect(text(part(el, 'picked-count'))).to.equal('Ничего не выбрано');
    expect(part<HTMLButtonElement>(el, 'add-button')!.disabled).to.equal(true);
  });

  it('keeps picks across searches; Send to customer cancelled keeps them, clear() drops them', async () => {
    const el = await widget({ query: 'Vans' });
    await showsExactly(el, ['Кеды Vans Old Skool'], 'Vans');
    parts<HTMLInputElement>(el, 'offer-checkbox')[2]!.click();
    el.query = 'Birkenstock';
    await showsExactly(el, ['Сандалии Birkenstock Arizona'], 'a search set from outside runs');
    parts<HTMLInputElement>(el, 'offer-checkbox')[0]!.click();
    await el.updateComplete;
    expect(el.picked.map((p) => p.offerId)).to.deep.equal(['p6-3', 'p12-1']);

    const onSend = (e: Event) => e.preventDefault();
    el.addEventListener('chat-products-send', onSend);
    const sent = oneEvent(el, 'chat-products-send') as Promise<CustomEvent<ChatProductsPickDetail>>;
    part<HTMLButtonElement>(el, 'send-button')!.click();
    expect((await sent).detail.offers.map((o) => o.offerId)).to.deep.equal(['p6-3', 'p12-1']);
    el.removeEventListener('chat-products-send', onSend);
    await el.updateComplete;
    expect(el.picked).to.have.length(2, 'a cancelled send keeps the picks');

    const again = oneEvent(el, 'chat-products-send');
    part<HTMLButtonElement>(el, 'send-button')!.click();
    await again;
    expect(el.picked).to.have.length(0, 'a send that went through clears them');

    parts<HTMLInputElement>(el, 'offer-checkbox')[1]!.click();
    expect(el.picked).to.have.length(1);
    el.clear();
    await el.updateComplete;
    expect(parts<HTMLInputElement>(el, 'offer-checkbox').some((b) => b.checked)).to.equal(false);
  });

  it('says «Ничего не найдено» when nothing matches', async () => {
    const el = await widget({ query: 'валенки с калошами' });
    expect(part(el, 'results')).to.equal(null);
    expect(text(part(el, 'empty'))).to.equal('Ничего не найдено');
    await expect(el).to.be.accessible();
  });

  it('speaks English', async () => {
    const el = await widget({ lang: 'en', query: 'кроссовки' });
    await showsExactly(el, SNEAKERS, 'the sneakers');
    expect(text(el.shadowRoot!.querySelector('label[for="query"]'))).to.equal('Search');
    expect(text(el.shadowRoot!.querySelector('label[for="category"]'))).to.equal('Category');
    expect(text($(el, 'legend[part~="label"]'))).to.equal('Price, ₽');
    expect(text(el.shadowRoot!.querySelector('label[part~="checkbox"]'))).to.equal('In stock only');
    expect([...$<HTMLSelectElement>(el, '#sort').options].map((o) => o.text)).to.deep.equal(['Name, A to Z', 'Name, Z to A', 'Price, low to high', 'Price, high to low']);
    const nike = $(el, '[data-product-id="p1"]');
    expect(text(nike.querySelector('[part~="product-price"]'))).to.equal('₽12,990');
    expect(text(nike.querySelector('[part~="offer-article"]'))).to.equal('art. P1-01');
    expect(text(nike.querySelectorAll('[part~="offer-stock"]')[0]!)).to.equal('3 in stock');
    expect(text(nike.querySelectorAll('[part~="offer-stock"]')[1]!)).to.equal('out of stock');
    expect(text(part(el, 'status'))).to.equal('4 products shown');
    expect(text(part(el, 'picked-count'))).to.equal('Nothing picked');
    expect(text(part(el, 'add-button'))).to.equal('Add to order');
    expect(text(part(el, 'send-button'))).to.equal('Send to customer');
    await expect(el).to.be.accessible();

    el.query = 'zzzz-no-such-thing';
    await waitUntil(() => part(el, 'empty'), 'nothing found');
    expect(text(part(el, 'empty'))).to.equal('Nothing found');
  });

  it('says when the channel has no store, or the widget is off', async () => {
    const noStore = await widget({ client: spy(anna, [new ChatError('CONFLICT', 'The conversation\'s channel has no store (S-SET-6).')]).client });
    expect(text(part(noStore, 'notice'))).to.equal('У канала этого диалога нет магазина: администратор выбирает его в настройках чатов (Виджеты).');
    expect(part(noStore, 'filters')).to.equal(null);
    await expect(noStore).to.be.accessible();

    const off = await widget({ lang: 'en', client: spy(anna, [new ChatError('FORBIDDEN', 'The products widget is switched off in the settings.', { reason: 'widget-off' })]).client });
    expect(text(part(off, 'notice'))).to.equal('The Products widget is switched off in the chat settings.');
  });

  it('says when the CRM does not answer, and Retry searches again', async () => {
    const { client, searches } = spy(anna, [new ChatError('UNAVAILABLE', 'The CRM did not answer in time.')]);
    const el = await widget({ client });
    const error = part(el, 'load-error')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(text(error)).to.equal('CRM сейчас не отвечает.');
    expect(error.title).to.equal('The CRM did not answer in time.');
    await expect(el).to.be.accessible();
    part<HTMLButtonElement>(el, 'retry-button')!.click();
    await waitUntil(() => names(el).length === 20, 'the retry is answered');
    expect(searches).to.have.length(2);
    expect(part(el, 'load-error')).to.equal(null);
  });

  it('searches again when put back in the page', async () => {
    const el = await widget({ query: 'Timberland' });
    await showsExactly(el, ['Ботинки Timberland 6-Inch Premium'], 'Timberland');
    const parent = el.parentElement!;
    // Removed with a search on its way: the answer is dropped, and the search is made again on return.
    el.query = 'Dr. Martens';
    await el.updateComplete;
    el.remove();
    await new Promise((r) => setTimeout(r, 50));
    parent.append(el);
    await showsExactly(el, ['Ботинки Dr. Martens 1460'], 'the search set before the removal');
  });

  it('words a conversation out of sight by its code', async () => {
    const boris = await connectAs('boris');
    opened.push(boris);
    const el = await widget({ client: boris, lang: 'en' });
    expect(text(part(el, 'load-error'))).to.equal('Could not load the products: the conversation is no longer available to you.');
  });
});
