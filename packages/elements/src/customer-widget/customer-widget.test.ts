import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ChatClient } from '@chatdesk/client';
import type { CrmCustomer } from '@chatdesk/protocol';
import { assignTo, connectAs, connectVisitor, part, parts } from '../../test/helpers.js';
import type { ChatCustomerWidget } from './customer-widget.component.js';
import './customer-widget.js';

/*
 * Against the real demo server the runner starts, shared with the other test files: every test
 * opens visitor conversations of its own, assigned to anna, and saves CRM customers of its own
 * (phones made unique per run). Nothing here changes the chat settings.
 */

const opened: ChatClient[] = [];
async function connect(user: string): Promise<ChatClient> {
  const client = await connectAs(user);
  opened.push(client);
  return client;
}

/** A new visitor's conversation (one message), assigned to anna. */
async function newConversation(): Promise<number> {
  const visitor = await connectVisitor();
  opened.push(visitor);
  const first = await visitor.send(`Здравствуйте ${Math.random().toString(36).slice(2, 7)}`);
  await assignTo(first.conversationId, 'anna');
  return first.conversationId;
}

/** A phone no other test saved: +7 9XX XXX-XX-XX. */
function uniquePhone(): string {
  const d = String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
  return `+7 9${d.slice(0, 2)} ${d.slice(2, 5)}-${d.slice(5, 7)}-${d.slice(7)}`;
}

/** Saves the conversation's customer straight through the protocol (the setup of a test). */
async function saveThrough(client: ChatClient, conversationId: number, customer: { firstName: string; lastName?: string; phones?: string[]; address?: string }): Promise<CrmCustomer> {
  return (await client.call('crm.saveCustomer', { conversationId, customer })).customer;
}

async function widgetFor(client: ChatClient, conversationId: number, lang?: string): Promise<ChatCustomerWidget> {
  const el = await fixture<ChatCustomerWidget>(
    lang
      ? html`<chat-customer-widget lang=${lang} .client=${client} conversation-id=${conversationId}></chat-customer-widget>`
      : html`<chat-customer-widget .client=${client} conversation-id=${conversationId}></chat-customer-widget>`,
  );
  await waitUntil(() => part(el, 'save-form') || part(el, 'fields') || part(el, 'load-error'), 'the widget loads', { timeout: 5000 });
  return el;
}

const $ = <T extends Element = HTMLInputElement>(el: ChatCustomerWidget, selector: string): T => {
  const found = el.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
};
const active = (el: ChatCustomerWidget) => el.shadowRoot!.activeElement as HTMLElement | null;
const field = (el: ChatCustomerWidget, name: string) => $<HTMLElement>(el, `[part~="fields"] [data-field="${name}"]`);
const valueOf = (el: ChatCustomerWidget, name: string) => field(el, name).querySelector('[part~="value"]')?.textContent?.trim();

/** The message an input points at with `aria-describedby`. */
function messageOf(el: ChatCustomerWidget, input: Element): string {
  expect(input.getAttribute('aria-invalid'), `${input.id} is marked invalid`).to.equal('true');
  const id = (input.getAttribute('aria-describedby') ?? '').split(' ').find((x) => x.endsWith('-error'));
  const message = id ? el.shadowRoot!.getElementById(id) : null;
  expect(message?.getAttribute('part')).to.equal('error');
  return message!.textContent!.trim();
}

/** Selects what an input holds and types over it, key by key. */
async function typeOver(input: HTMLInputElement, text: string): Promise<void> {
  input.focus();
  input.select();
  await sendKeys({ type: text });
}

describe('<chat-customer-widget> (S-W-CUST)', function () {
  this.timeout(30_000);

  afterEach(() => {
    for (const c of opened.splice(0)) c.close();
  });

  it('a customer not in the CRM: the chat side, the store, Save with the chat name filled in; Save creates them (another client sees it); axe in both states', async () => {
    const id = await newConversation();
    const anna = await connect('anna');
    const el = await widgetFor(anna, id);
    const { chat } = await anna.call('crm.customer', { conversationId: id });
    expect(part(el, 'chat-name')!.textContent!.trim()).to.equal(chat.name);
    expect(part(el, 'chat-channel')!.textContent!.trim()).to.equal(chat.channel.name);
    expect(part(el, 'chat-channel')!.querySelector('[part~="channel-icon"]')).to.exist;
    // The demo maps the web channel to its store `main`.
    expect(part(el, 'store')!.textContent).to.match(/^\s*Store: \S/);
    expect($(el, '#s-firstName').value).to.equal(chat.name);
    expect(part(el, 'save-button')!.textContent!.trim()).to.equal('Save');
    await expect(el).to.be.accessible();

    // The first name is required: the field says so and keeps focus.
    await typeOver($(el, '#s-firstName'), ' ');
    part(el, 'save-button')!.click();
    await waitUntil(() => $(el, '#s-firstName').getAttribute('aria-invalid') === 'true', 'an empty first name is not sent');
    expect(messageOf(el, $(el, '#s-firstName'))).to.equal('Enter the first name');
    expect(active(el)).to.equal($(el, '#s-firstName'));

    const phone = uniquePhone();
    await typeOver($(el, '#s-firstName'), 'Мария');
    expect($(el, '#s-firstName').getAttribute('aria-invalid')).to.equal('false');
    await typeOver($(el, '#s-lastName'), 'Соколова');
    await typeOver($(el, '#s-phone'), phone);
    await typeOver($(el, '#s-address'), 'Москва, ул. Лесная, 5');
    const changed = oneEvent(el, 'chat-customer-change');
    // Enter in an input submits the form.
    $(el, '#s-address').focus();
    await sendKeys({ press: 'Enter' });
    const { detail } = await changed;
    expect(detail.conversationId).to.equal(id);
    expect(detail.customer).to.include({ firstName: 'Мария', lastName: 'Соколова', address: 'Москва, ул. Лесная, 5', storeCode: 'main' });
    await waitUntil(() => part(el, 'fields'), 'the CRM card shows');
    expect(part(el, 'save-form')).to.equal(null);
    expect(valueOf(el, 'name')).to.equal('Соколова Мария');
    expect(valueOf(el, 'phone')).to.equal(phone);
    expect(part(el, 'status')!.textContent!.trim()).to.equal('Saved');
    // Focus went on to the card (the form it was in is gone).
    await waitUntil(() => active(el)?.id === 'edit-name', 'focus is on the first pencil');

    // Another manager's client (an admin's, who sees every conversation) reads the same customer.
    const olga = await connect('olga');
    const seen = await olga.call('crm.customer', { conversationId: id });
    expect(seen.customer?.id).to.equal(detail.customer.id);
    expect(seen.customer?.phones).to.deep.equal([phone]);
    expect(seen.store?.code).to.equal('main');
    expect(valueOf(el, 'store')).to.equal(seen.store!.name);
    await expect(el).to.be.accessible();
  });

  it('inline edit by keyboard: Tab to the email pencil (shown on focus), Enter, type, Enter saves the email alone; Escape cancels back to the pencil', async () => {
    const id = await newConversation();
    const anna = await connect('anna');
    const saved = await saveThrough(anna, id, { firstName: 'Олег', lastName: 'Ким', phones: [uniquePhone()] });
    const el = await widgetFor(anna, id);
    const pencil = $<HTMLButtonElement>(el, '#edit-email');
    // Hidden until hover or focus where the device can hover; headless Chromium reports one that
    // cannot (as a touch screen), and there the pencil stays in view.
    expect(getComputedStyle(pencil).opacity).to.equal(matchMedia('(hover: hover)').matches ? '0' : '1');
    $<HTMLButtonElement>(el, '#edit-phone').focus();
    await sendKeys({ press: 'Tab' });
    expect(active(el)).to.equal(pencil);
    expect(getComputedStyle(pencil).opacity).to.equal('1');
    expect(pencil.getAttribute('aria-label')).to.equal('Edit the email');

    // Escape: back to the value and the pencil, nothing sent.
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => active(el)?.id === 'e-email', 'Enter on the pencil opens the editor, focused');
    await sendKeys({ type: 'nothing@example.com' });
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => active(el)?.id === 'edit-email', 'Escape returns focus to the pencil');
    expect(valueOf(el, 'email')).to.equal('not set');

    const changes: CrmCustomer[] = [];
    el.addEventListener('chat-customer-change', (e) => changes.push(e.detail.customer));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => active(el)?.id === 'e-email', 'the editor opens again');
    const input = $(el, '#e-email');
    expect(input.value).to.equal('');
    expect(input.getAttribute('aria-labelledby')).to.equal('l-email');
    await sendKeys({ type: 'oleg.kim@example.com' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => valueOf(el, 'email') === 'oleg.kim@example.com', 'the saved email shows', { timeout: 5000 });
    expect(active(el)?.id).to.equal('edit-email');
    expect(changes.map((c) => c.email)).to.deep.equal(['oleg.kim@example.com']);
    const now = (await anna.call('crm.customer', { conversationId: id })).customer!;
    expect(now.email).to.equal('oleg.kim@example.com');
    // Only the email was in the patch: the rest is as saved.
    expect({ ...now, email: saved.email }).to.deep.equal(saved);

    // The name's editor: three labelled inputs, the Save button saves them.
    $<HTMLButtonElement>(el, '#edit-name').click();
    await waitUntil(() => active(el)?.id === 'e-firstName', 'the name editor opens on the first name');
    expect(parts(el, 'editor')[0]!.querySelectorAll('label').length).to.equal(3);
    await typeOver($(el, '#e-patronymic'), 'Сергеевич');
    parts(el, 'save-button')[0]!.click();
    await waitUntil(() => valueOf(el, 'name') === 'Ким Олег Сергеевич', 'the full name shows last, first, patronymic', { timeout: 5000 });
    await expect(el).to.be.accessible();
  });

  it('a bad email is refused at the field, in the user\'s language, and the input stays open', async () => {
    const id = await newConversation();
    const anna = await connect('anna');
    await saveThrough(anna, id, { firstName: 'Инна' });
    const el = await widgetFor(anna, id, 'ru');
    $<HTMLButtonElement>(el, '#edit-email').click();
    await waitUntil(() => active(el)?.id === 'e-email', 'the editor opens');
    await sendKeys({ type: 'not-an-email@' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, '#e-email').getAttribute('aria-invalid') === 'true', 'the server refuses it', { timeout: 5000 });
    expect(messageOf(el, $(el, '#e-email'))).to.equal('Это не адрес электронной почты');
    expect($(el, '#e-email').value).to.equal('not-an-email@');
    expect(active(el)?.id).to.equal('e-email');
    expect((await anna.call('crm.customer', { conversationId: id })).customer!.email).to.equal('');
    // Typing again clears the message; a good address goes through.
    await typeOver($(el, '#e-email'), 'inna@example.com');
    expect($(el, '#e-email').getAttribute('aria-invalid')).to.equal('false');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => valueOf(el, 'email') === 'inna@example.com', 'saved', { timeout: 5000 });
    expect(part(el, 'status')!.textContent!.trim()).to.equal('Сохранено');
  });

  it('VIP and BAD are toggle buttons: aria-pressed follows the server\'s tags', async () => {
    const id = await newConversation();
    const anna = await connect('anna');
    await saveThrough(anna, id, { firstName: 'Пётр' });
    const el = await widgetFor(anna, id);
    const vip = () => $<HTMLButtonElement>(el, '[part~="tag"][data-tag="vip"]');
    const bad = () => $<HTMLButtonElement>(el, '[part~="tag"][data-tag="bad"]');
    expect(part(el, 'tags')!.getAttribute('role')).to.equal('group');
    expect([vip().getAttribute('aria-pressed'), bad().getAttribute('aria-pressed')]).to.deep.equal(['false', 'false']);
    const tags = async () => (await anna.call('crm.customer', { conversationId: id })).customer!.tags;

    vip().focus();
    await sendKeys({ press: 'Space' });
    await waitUntil(() => vip().getAttribute('aria-pressed') === 'true', 'VIP is on', { timeout: 5000 });
    expect(await tags()).to.deep.equal(['vip']);
    bad().click();
    await waitUntil(() => bad().getAttribute('aria-pressed') === 'true', 'BAD is on', { timeout: 5000 });
    expect((await tags()).sort()).to.deep.equal(['bad', 'vip']);
    vip().click();
    await waitUntil(() => vip().getAttribute('aria-pressed') === 'false', 'VIP is off', { timeout: 5000 });
    expect(await tags()).to.deep.equal(['bad']);
    expect(vip().getAttribute('part')).to.equal('tag');
    expect(bad().getAttribute('part')).to.equal('tag tag-on');
    await expect(el).to.be.accessible();
  });

  it('fill(): a saved customer\'s field opens its editor with the text; an unsaved one\'s Save form takes it (a name split on the first space)', async () => {
    const id = await newConversation();
    const anna = await connect('anna');
    await saveThrough(anna, id, { firstName: 'Анна', lastName: 'Белова', phones: ['+7 900 000-00-01'] });
    const el = await widgetFor(anna, id);
    expect(await el.fill('phone', '+7 999 123-45-67')).to.equal(true);
    expect($(el, '#e-phone').value).to.equal('+7 999 123-45-67');
    expect(active(el)?.id).to.equal('e-phone');
    // The name: first and last from the selection, the patronymic stays.
    expect(await el.fill('name', '  Анна   Сергеевна Белова ')).to.equal(true);
    expect(el.shadowRoot!.querySelector('#e-phone')).to.equal(null);
    expect([$(el, '#e-firstName').value, $(el, '#e-lastName').value]).to.deep.equal(['Анна', 'Сергеевна Белова']);
    // One word is the first name alone: the last name stays.
    expect(await el.fill('name', 'Аня')).to.equal(true);
    expect([$(el, '#e-firstName').value, $(el, '#e-lastName').value]).to.deep.equal(['Аня', 'Белова']);
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => active(el)?.id === 'edit-name', 'cancelled');

    // Called before the widget has loaded: it waits for the load.
    const other = await newConversation();
    const fresh = await fixture<ChatCustomerWidget>(html`<chat-customer-widget .client=${anna} conversation-id=${other}></chat-customer-widget>`);
    expect(await fresh.fill('name', 'Иван Петров')).to.equal(true);
    expect([$(fresh, '#s-firstName').value, $(fresh, '#s-lastName').value]).to.deep.equal(['Иван', 'Петров']);
    expect(await fresh.fill('email', 'ivan@example.com')).to.equal(true);
    expect($(fresh, '#s-email').value).to.equal('ivan@example.com');
    expect(active(fresh)?.id).to.equal('s-email');
    expect(await fresh.fill('address', 'Тверь, Советская, 1')).to.equal(true);
    expect($(fresh, '#s-address').value).to.equal('Тверь, Советская, 1');
  });

  it('matching customers: another customer\'s phone typed in the phone editor shows the hint (announced, keyboard operable); Link links the conversation', async () => {
    const anna = await connect('anna');
    // Another conversation's customer, with a phone of their own.
    const otherId = await newConversation();
    const phone = uniquePhone();
    const other = await saveThrough(anna, otherId, { firstName: 'Виктор', lastName: 'Лосев', phones: [phone] });
    const id = await newConversation();
    const mine = await saveThrough(anna, id, { firstName: 'Вика', phones: [uniquePhone()] });
    const el = await widgetFor(anna, id);
    const changes: CrmCustomer[] = [];
    el.addEventListener('chat-customer-change', (e) => changes.push(e.detail.customer));

    $<HTMLButtonElement>(el, '#edit-phone').click();
    await waitUntil(() => active(el)?.id === 'e-phone', 'the editor opens');
    await typeOver($(el, '#e-phone'), phone);
    await waitUntil(() => part(el, 'hint'), 'the matches show', { timeout: 5000 });
    expect(part(el, 'hint-title')!.textContent!.trim()).to.equal('Matching customers');
    const matches = parts(el, 'match');
    expect(matches.length).to.equal(1);
    expect(matches[0]!.querySelector('[part~="match-name"]')!.textContent!.trim()).to.equal('Лосев Виктор');
    expect(matches[0]!.querySelector('[part~="match-phone"]')!.textContent!.trim()).to.equal(phone);
    expect(part(el, 'hint-status')!.getAttribute('role')).to.equal('status');
    expect(part(el, 'hint-status')!.textContent!.trim()).to.equal('1 matching customer');
    // A saved customer may be linked to the match, or merged into it.
    expect(matches[0]!.querySelector('[part~="link-button"]')!.getAttribute('aria-label')).to.contain('Link: ');
    expect(matches[0]!.querySelector('[part~="merge-button"]')!.textContent!.trim()).to.equal('Merge into');
    await expect(el).to.be.accessible();

    // ↓ from the input goes into the list; Escape closes it, back to the input.
    await sendKeys({ press: 'ArrowDown' });
    expect(active(el)?.getAttribute('part')).to.equal('link-button');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !part(el, 'hint'), 'Escape closes the list');
    expect(active(el)?.id).to.equal('e-phone');
    expect(part(el, 'editor')).to.exist;
    await sendKeys({ press: 'End' });
    await sendKeys({ type: ' ' });
    await waitUntil(() => part(el, 'hint'), 'the matches show again', { timeout: 5000 });
    await sendKeys({ press: 'ArrowDown' });
    expect(active(el)?.getAttribute('part')).to.equal('link-button');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => changes.length === 1, 'linked', { timeout: 5000 });
    expect(changes[0]!.id).to.equal(other.id);
    await waitUntil(() => valueOf(el, 'name') === 'Лосев Виктор', 'the card shows the linked customer');
    expect(part(el, 'editor')).to.equal(null);
    expect(part(el, 'status')!.textContent).to.contain('Лосев Виктор');
    const now = await anna.call('crm.customer', { conversationId: id });
    expect(now.customer!.id).to.equal(other.id);
    expect(now.customer!.id).not.to.equal(mine.id);
  });

  it('the list of matches is operable by keys: ↓/↑ (wrapping), Home/End move between matches, keeping to Link or Merge', async () => {
    const anna = await connect('anna');
    // Two customers sharing a last name no other test uses.
    const family = `Zq${Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')}`;
    const older = await saveThrough(anna, await newConversation(), { firstName: 'Ada', lastName: family });
    const newer = await saveThrough(anna, await newConversation(), { firstName: 'Bob', lastName: family });
    const id = await newConversation();
    await saveThrough(anna, id, { firstName: 'Cid' });
    const el = await widgetFor(anna, id);
    $<HTMLButtonElement>(el, '#edit-name').click();
    await waitUntil(() => active(el)?.id === 'e-firstName', 'the name editor opens');
    $(el, '#e-lastName').focus();
    // One character is not enough to search for.
    await sendKeys({ type: family[0]! });
    await new Promise((r) => setTimeout(r, 600));
    expect(part(el, 'hint')).to.equal(null);
    await sendKeys({ type: family.slice(1) });
    await waitUntil(() => parts(el, 'match').length === 2, 'both show under the last name', { timeout: 5000 });
    expect($<HTMLElement>(el, '[part~="editor"] .sub:nth-child(2)').querySelector('[part~="hint"]')).to.exist;
    expect(part(el, 'hint-status')!.textContent!.trim()).to.equal('2 matching customers');
    const names = parts(el, 'match-name').map((n) => n.textContent!.trim());
    expect(names).to.have.members([`${family} Ada`, `${family} Bob`]);
    const link = (i: number) => parts(el, 'match')[i]!.querySelector('[part~="link-button"]');
    const merge = (i: number) => parts(el, 'match')[i]!.querySelector('[part~="merge-button"]');
    await sendKeys({ press: 'ArrowDown' });
    expect(active(el)).to.equal(link(0));
    await sendKeys({ press: 'ArrowDown' });
    expect(active(el)).to.equal(link(1));
    await sendKeys({ press: 'ArrowDown' });
    expect(active(el)).to.equal(link(0));
    await sendKeys({ press: 'ArrowUp' });
    expect(active(el)).to.equal(link(1));
    await sendKeys({ press: 'Home' });
    await sendKeys({ press: 'Tab' });
    expect(active(el)).to.equal(merge(0));
    await sendKeys({ press: 'End' });
    expect(active(el)).to.equal(merge(1));
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => active(el)?.id === 'e-lastName', 'Escape: back to the input the list was under');
    expect(part(el, 'hint')).to.equal(null);
    // Escape in the input now leaves the editor, nothing saved.
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => active(el)?.id === 'edit-name', 'back to the pencil');
    expect(valueOf(el, 'name')).to.equal('Cid');
    expect([older.id, newer.id]).not.to.include((await anna.call('crm.customer', { conversationId: id })).customer!.id);
  });

  it('the Save form\'s hint offers Link only; Merge into (a saved customer) asks first in a native dialog, then the conversations move to the chosen customer', async () => {
    const anna = await connect('anna');
    const survivorId = await newConversation();
    const phone = uniquePhone();
    const survivor = await saveThrough(anna, survivorId, { firstName: 'Зоя', lastName: 'Орлова', phones: [phone] });

    // Unsaved: typing the phone in the Save form finds them, with Link and no Merge.
    const unsavedId = await newConversation();
    const form = await widgetFor(anna, unsavedId);
    await typeOver($(form, '#s-phone'), phone);
    await waitUntil(() => part(form, 'hint'), 'the matches show under the phone', { timeout: 5000 });
    expect($<HTMLElement>(form, '[data-field="phone"]').querySelector('[part~="hint"]')).to.exist;
    expect(parts(form, 'link-button').length).to.equal(1);
    expect(parts(form, 'merge-button').length).to.equal(0);
    await expect(form).to.be.accessible();

    // Saved: merge them into the one found.
    const id = await newConversation();
    const merged = await saveThrough(anna, id, { firstName: 'Зоя', address: 'Казань' });
    const el = await widgetFor(anna, id);
    $<HTMLButtonElement>(el, '#edit-phone').click();
    await waitUntil(() => active(el)?.id === 'e-phone', 'the editor opens');
    await sendKeys({ type: phone });
    await waitUntil(() => part(el, 'merge-button'), 'the matches show', { timeout: 5000 });
    const dialog = $<HTMLDialogElement>(el, 'dialog');
    part(el, 'merge-button')!.click();
    await waitUntil(() => dialog.open, 'the confirmation opens');
    expect(dialog.matches(':modal')).to.equal(true);
    expect(part(el, 'dialog-text')!.textContent).to.contain('Орлова Зоя').and.to.contain('every conversation');
    expect(active(el)?.getAttribute('part')).to.equal('dialog-cancel-button');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open, 'Escape closes it');
    await waitUntil(() => active(el)?.getAttribute('part') === 'merge-button', 'focus returns to Merge into');
    expect((await anna.call('crm.customer', { conversationId: id })).customer!.id).to.equal(merged.id);

    const changed = oneEvent(el, 'chat-customer-change');
    part(el, 'merge-button')!.click();
    await waitUntil(() => dialog.open, 'opens again');
    part(el, 'confirm-button')!.click();
    const { detail } = await changed;
    expect(detail.customer.id).to.equal(survivor.id);
    // The survivor keeps its values and gains what it lacked.
    expect(detail.customer.address).to.equal('Казань');
    await waitUntil(() => valueOf(el, 'name') === 'Орлова Зоя', 'the card shows the survivor');
    expect((await anna.call('crm.customer', { conversationId: id })).customer!.id).to.equal(survivor.id);
    expect((await anna.call('crm.customer', { conversationId: survivorId })).customer!.id).to.equal(survivor.id);
  });

  it('in Russian under lang="ru": the form, the card, the hint', async () => {
    const anna = await connect('anna');
    const otherId = await newConversation();
    const phone = uniquePhone();
    await saveThrough(anna, otherId, { firstName: 'Глеб', phones: [phone] });
    const id = await newConversation();
    const wrapper = await fixture(html`<div lang="ru"><chat-customer-widget .client=${anna} conversation-id=${id}></chat-customer-widget></div>`);
    const el = wrapper.querySelector<ChatCustomerWidget>('chat-customer-widget')!;
    await waitUntil(() => part(el, 'save-form'), 'the form shows', { timeout: 5000 });
    expect(part(el, 'title')!.textContent!.trim()).to.equal('Клиент');
    expect(part(el, 'save-button')!.textContent!.trim()).to.equal('Сохранить');
    expect(el.shadowRoot!.querySelector('label[for="s-firstName"]')!.textContent!.trim()).to.equal('Имя');
    expect(part(el, 'store')!.textContent).to.match(/^\s*Магазин: \S/);
    await typeOver($(el, '#s-phone'), phone);
    await waitUntil(() => part(el, 'hint'), 'the matches show', { timeout: 5000 });
    expect(part(el, 'hint-title')!.textContent!.trim()).to.equal('Похожие клиенты');
    expect(part(el, 'link-button')!.textContent!.trim()).to.equal('Привязать');
    expect(part(el, 'hint-status')!.textContent!.trim()).to.equal('Найден 1 похожий клиент');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !part(el, 'hint'), 'Escape in the form closes the list');
    $(el, '#s-phone').select();
    await sendKeys({ press: 'Backspace' });
    part(el, 'save-button')!.click();
    await waitUntil(() => part(el, 'fields'), 'saved', { timeout: 5000 });
    expect(field(el, 'name').querySelector('dt')!.textContent!.trim()).to.equal('ФИО');
    expect(valueOf(el, 'phone')).to.equal('не указано');
    expect($<HTMLButtonElement>(el, '#edit-email').getAttribute('aria-label')).to.equal('Изменить эл. почту');
    await expect(el).to.be.accessible();
  });

  it('a refusal says why, with Retry; a widget switched off says so', async () => {
    const anna = await connect('anna');
    // No such conversation (or not one anna may see): NOT_FOUND.
    const el = await widgetFor(anna, 2_000_000_000);
    expect(part(el, 'load-error')!.getAttribute('role')).to.equal('alert');
    expect(part(el, 'load-error')!.textContent!.trim()).to.equal('Could not load the customer: the conversation or the customer is no longer available to you');
    await expect(el).to.be.accessible();
    // Another conversation set in its place loads.
    el.conversationId = await newConversation();
    await waitUntil(() => part(el, 'save-form'), 'another conversation loads', { timeout: 5000 });

    // The shared server's settings are not ours to switch a widget off: the refusal the server
    // sends then (crm.ts: FORBIDDEN, details.reason 'widget-off') comes from a client of the test's.
    let calls = 0;
    const off = {
      call: async () => {
        calls++;
        throw Object.assign(new Error('The widget is switched off in the settings.'), { code: 'FORBIDDEN', details: { reason: 'widget-off' } });
      },
    } as unknown as ChatClient;
    const offEl = await fixture<ChatCustomerWidget>(html`<chat-customer-widget lang="ru" .client=${off} conversation-id="1"></chat-customer-widget>`);
    await waitUntil(() => part(offEl, 'load-error'), 'the refusal shows');
    expect(part(offEl, 'load-error')!.textContent!.trim()).to.equal('Виджет клиента выключен в настройках.');
    expect(part(offEl, 'retry-button')!.textContent!.trim()).to.equal('Повторить');
    part(offEl, 'retry-button')!.click();
    await waitUntil(() => calls === 2, 'Retry asks again');
  });
});
