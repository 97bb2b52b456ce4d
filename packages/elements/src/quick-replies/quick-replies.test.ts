import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ChatClient } from '@chatdesk/client';
import type { Message, QuickReply } from '@chatdesk/protocol';
import { assignTo, chatServerUrl, connectAs, connectVisitor, part, parts } from '../../test/helpers.js';
import type { ChatComposer } from '../composer/composer.component.js';
import type { ChatQuickReplies } from './quick-replies.component.js';
import type { ChatQuickRepliesPopover } from './quick-replies-popover.component.js';
import type { ChatQuickReplyDialog } from './quick-reply-dialog.component.js';
import { QuickRepliesCache } from './quick-reply-cache.js';
import { excerpt, fold, searchReplies, suggestReplies } from './quick-reply-match.js';
import '../composer/composer.js';
import './quick-replies.js';

/*
 * Against the real demo server the runner starts, shared with the other test files. Quick replies
 * are global to a server, so everything made here has this run's stamp in its command or name and
 * is deleted at the end; the settings are never changed. The admin is the demo's Ольга (rights
 * `admin`), the manager Борис (`chats`); each test makes its own visitor conversations.
 */

const STAMP = Date.now().toString(36);
/** The reply the admin creates through the dialog (S-QR-2), and what the manager types for it. */
const HI = `hi${STAMP}`;
const CATEGORY = `Приветствия ${STAMP}`;
const TEMPLATE = "Здравствуйте, {{ customer.firstName|default('клиент') }}!";

const opened: ChatClient[] = [];
/** The visitors of the conversations the tests share: closed at the end. */
const visitors: ChatClient[] = [];
async function connect(user: string): Promise<ChatClient> {
  const client = await connectAs(user);
  opened.push(client);
  return client;
}

/** A visitor who gave their name (the web channel's form), connected through the real route. */
async function namedVisitor(name: string): Promise<ChatClient> {
  const url = await chatServerUrl();
  const response = await fetch(`${url}/api/visitor/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
  const { token } = (await response.json()) as { token: string };
  const client = new ChatClient({ url: `${url.replace(/^http/, 'ws')}/ws`, token });
  client.connect();
  await waitUntil(() => client.store.getState().connection === 'open', 'the visitor connects', { timeout: 5000 });
  return client;
}

/** A new conversation of `visitor` (a named one or a nameless one), assigned to Борис. */
async function conversationOf(visitor: ChatClient): Promise<number> {
  visitors.push(visitor);
  const sent = await visitor.send('Здравствуйте! Есть вопрос');
  await assignTo(sent.conversationId, 'boris');
  return sent.conversationId;
}

async function messagesOf(client: ChatClient, conversationId: number): Promise<Message[]> {
  return (await client.call('messages.list', { conversationId, limit: 50 })).messages;
}

function popoverOf(el: ChatQuickReplies): ChatQuickRepliesPopover | null {
  return part<ChatQuickRepliesPopover>(el, 'popover');
}

/** A part inside the popover (once its chunk and terms are in). */
function inPopover<T extends Element = HTMLElement>(el: ChatQuickReplies, name: string): T | null {
  return popoverOf(el)?.shadowRoot?.querySelector<T>(`[part~="${name}"]`) ?? null;
}

function allInPopover<T extends Element = HTMLElement>(el: ChatQuickReplies, name: string): T[] {
  return [...(popoverOf(el)?.shadowRoot?.querySelectorAll<T>(`[part~="${name}"]`) ?? [])];
}

function dialogOf(el: ChatQuickReplies): ChatQuickReplyDialog | null {
  return popoverOf(el)?.shadowRoot?.querySelector('chat-quick-reply-dialog') ?? null;
}

function inDialog<T extends Element = HTMLElement>(el: ChatQuickReplies, selector: string): T | null {
  return dialogOf(el)?.shadowRoot?.querySelector<T>(selector) ?? null;
}

/**
 * The element with focus, through the shadow roots. Compared with `===` and a message rather than
 * `to.equal(element)`: a failing comparison of elements makes mocha stringify them for its diff,
 * with their client and its whole store, and the page stalls instead of reporting.
 */
function focused(): Element | null {
  let a: Element | null = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

/** Opens the popover with the keyboard and waits for its search field to take focus. */
async function openPopover(el: ChatQuickReplies): Promise<void> {
  part(el, 'button')!.focus();
  await sendKeys({ press: 'Enter' });
  await waitUntil(() => inPopover(el, 'search') && focused() === inPopover(el, 'search'), 'the popover opens with focus in its search', { timeout: 5000 });
}

/** The text as read: no bidi isolates, spaces folded. */
const textOf = (node: Element | null) => (node?.textContent ?? '').replace(/[\u2068\u2069]/g, '').replace(/\s+/g, ' ').trim();

async function replies(client: ChatClient): Promise<QuickReply[]> {
  return (await client.call('quickReplies.list', {})).replies;
}

describe('quick replies: matching (S-QR-1)', () => {
  const reply = (id: number, command: string, title: string, text: string): QuickReply => ({ id, command, title, text, categoryId: null, updatedAt: 0 });
  const list = [
    reply(1, 'hiking', 'Поход', 'Ёлки и палки'),
    reply(2, 'hi', 'Приветствие', 'Здравствуйте!'),
    reply(3, 'delivery', 'Доставка по городу', 'Привезём завтра'),
    reply(4, 'return', 'Возврат', 'Вернём деньги за 10 дней'),
  ];

  it('S-QR-1 the search takes every word in any case, «ё» = «е», in the command, title or text', () => {
    expect(fold('ЁЛКИ')).to.equal('елки');
    expect(searchReplies(list, 'елки').map((r) => r.id)).to.deep.equal([1]);
    expect(searchReplies(list, 'ДОСТАВКА завтра').map((r) => r.id)).to.deep.equal([3]);
    expect(searchReplies(list, 'return').map((r) => r.id)).to.deep.equal([4]);
    expect(searchReplies(list, '  ')).to.equal(list);
    expect(searchReplies(list, 'доставка вчера')).to.deep.equal([]);
  });

  it('S-QR-1 `/` suggestions: commands by prefix (shortest first), then titles by a word\'s start', () => {
    expect(suggestReplies(list, 'hi').map((r) => r.command)).to.deep.equal(['hi', 'hiking']);
    expect(suggestReplies(list, 'ДОС').map((r) => r.command)).to.deep.equal(['delivery']);
    expect(suggestReplies(list, 'город').map((r) => r.command)).to.deep.equal(['delivery']);
    expect(suggestReplies(list, '').length).to.equal(4);
    expect(suggestReplies(list, 'zz')).to.deep.equal([]);
    expect(excerpt('Первая строка\nвторая')).to.equal('Первая строка');
    expect(excerpt('x'.repeat(100)).length).to.equal(80);
  });
});

describe('quick replies: the list kept live (S-QR-2)', () => {
  it('S-QR-2 changes are applied in the server\'s order: by category name (any case), uncategorised last, then by command; a deleted category leaves its replies uncategorised', async () => {
    const reply = (id: number, command: string, categoryId: number | null): QuickReply => ({ id, command, title: command, text: command, categoryId, updatedAt: 0 });
    let onEvent: ((e: unknown) => void) | undefined;
    const fake = {
      on: (name: string, listener: (e: unknown) => void) => {
        if (name === 'event') onEvent = listener;
        return () => undefined;
      },
      call: async () => ({ replies: [reply(1, 'b', 10), reply(2, 'a', null)], categories: [{ id: 10, name: 'Доставка' }] }),
    } as unknown as ChatClient;
    const cache = new QuickRepliesCache(fake);
    await waitUntil(() => cache.snapshot.status === 'ready', 'loaded');
    const commands = () => cache.snapshot.replies.map((r) => r.command);
    expect(commands()).to.deep.equal(['b', 'a']);
    const push = (data: unknown) => onEvent!({ seq: 1, name: 'quickReplies.changed', data });
    push({ kind: 'category', category: { id: 11, name: 'акции' } });
    push({ kind: 'reply', reply: reply(3, 'c', 11) });
    expect(cache.snapshot.categories.map((c) => c.name), 'any case: «акции» before «Доставка»').to.deep.equal(['акции', 'Доставка']);
    expect(commands()).to.deep.equal(['c', 'b', 'a']);
    push({ kind: 'reply', reply: reply(1, 'aa', null) });
    expect(commands(), 'moved and renamed in place').to.deep.equal(['c', 'a', 'aa']);
    push({ kind: 'categoryDeleted', id: 11 });
    expect(cache.snapshot.replies.find((r) => r.id === 3)!.categoryId).to.equal(null);
    expect(commands()).to.deep.equal(['a', 'aa', 'c']);
    push({ kind: 'replyDeleted', id: 2 });
    expect(commands()).to.deep.equal(['aa', 'c']);
  });
});

describe('<chat-quick-replies> with the real server (S-QR-1..4)', function () {
  this.timeout(30_000);
  let named = 0;
  let nameless = 0;

  before(async () => {
    named = await conversationOf(await namedVisitor('Ирина Тестова'));
    nameless = await conversationOf(await connectVisitor());
    // The demo's replies off the shared server first, as an admin starting afresh would: this file
    // begins with the empty state (no other file uses quick replies).
    const admin = await connectAs('olga');
    try {
      const { replies: all, categories } = await admin.call('quickReplies.list', {});
      for (const r of all) await admin.call('quickReplies.delete', { id: r.id });
      for (const c of categories) await admin.call('quickReplies.deleteCategory', { id: c.id });
    } finally {
      admin.close();
    }
  });

  afterEach(() => {
    for (const c of opened.splice(0)) c.close();
  });

  after(async () => {
    // Nothing of this run stays for the other files on the shared server.
    const admin = await connectAs('olga');
    try {
      const { replies: all, categories } = await admin.call('quickReplies.list', {});
      for (const r of all.filter((r) => r.command.includes(STAMP))) await admin.call('quickReplies.delete', { id: r.id });
      for (const c of categories.filter((c) => c.name.includes(STAMP))) await admin.call('quickReplies.deleteCategory', { id: c.id });
    } finally {
      admin.close();
      for (const c of visitors.splice(0)) c.close();
    }
  });

  it('S-QR-1 a labelled lightning button that loads nothing until opened; no replies yet: the empty state, with «Создать первый ответ» for an admin only', async () => {
    const boris = await connect('boris');
    expect(await replies(boris), 'emptied before this file').to.deep.equal([]);
    const el = await fixture<ChatQuickReplies>(html`<chat-quick-replies lang="ru" .client=${boris} conversation-id=${named}></chat-quick-replies>`);
    const button = part(el, 'button')!;
    expect(button.getAttribute('aria-label')).to.equal('Быстрые ответы');
    expect(button.getAttribute('aria-haspopup')).to.equal('dialog');
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(popoverOf(el) === null, 'no popover yet').to.equal(true);
    expect(customElements.get('chat-quick-replies-popover'), 'the popover comes in a lazy chunk').to.equal(undefined);
    await expect(el).to.be.accessible();

    await openPopover(el);
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    const popover = popoverOf(el)!;
    expect(popover.getAttribute('role')).to.equal('dialog');
    expect(popover.getAttribute('aria-label')).to.equal('Быстрые ответы');
    await waitUntil(() => inPopover(el, 'empty'), 'the empty state');
    expect(textOf(inPopover(el, 'empty'))).to.equal('Быстрых ответов пока нет');
    expect(inPopover(el, 'create-first-button') === null, 'a manager cannot create').to.equal(true);
    expect(inPopover(el, 'edit-toggle') === null, 'and has no pencil').to.equal(true);
    expect(customElements.get('chat-quick-reply-dialog'), 'nor loads the edit dialog').to.equal(undefined);
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(popoverOf(el) === null, 'Escape closed it').to.equal(true);
    expect(el.shadowRoot!.activeElement === button, 'focus is back on the button').to.equal(true);

    const olga = await connect('olga');
    const admin = await fixture<ChatQuickReplies>(html`<chat-quick-replies lang="en" .client=${olga} conversation-id=${named}></chat-quick-replies>`);
    await openPopover(admin);
    await waitUntil(() => inPopover(admin, 'create-first-button'), 'the admin is offered to create the first reply');
    expect(textOf(inPopover(admin, 'empty'))).to.contain('No quick replies yet');
    expect(textOf(inPopover(admin, 'create-first-button'))).to.equal('Create the first reply');
    expect(inPopover(admin, 'edit-toggle')!.getAttribute('aria-pressed')).to.equal('false');
  });

  it('S-QR-2 S-QR-4 an admin creates a category and the reply /hi through the dialog: typing, the variable picker, the preview rendered for this customer', async () => {
    const olga = await connect('olga');
    const el = await fixture<ChatQuickReplies>(html`<chat-quick-replies lang="ru" .client=${olga} conversation-id=${named}></chat-quick-replies>`);
    await openPopover(el);
    await waitUntil(() => inPopover(el, 'edit-toggle'), 'the pencil');
    inPopover(el, 'edit-toggle')!.click();
    await waitUntil(() => inPopover(el, 'edit-toggle')!.getAttribute('aria-pressed') === 'true', 'edit mode');

    // A category, named in place.
    inPopover(el, 'new-category-button')!.click();
    await waitUntil(() => focused()?.id === 'category-name', 'the name field takes focus');
    await sendKeys({ type: CATEGORY });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => allInPopover(el, 'category').some((h) => textOf(h) === CATEGORY), 'the category is listed');
    // The server's event may list the category before the answer closes the form: focus follows the answer.
    await waitUntil(() => focused() === inPopover(el, 'new-category-button'), 'focus is back on «Новая категория»');

    // The reply, in the dialog.
    inPopover(el, 'new-reply-button')!.click();
    await waitUntil(() => inDialog(el, 'dialog[open]') && focused()?.id === 'qr-command', 'the dialog opens with focus in the command', { timeout: 5000 });
    expect(textOf(inDialog(el, '#qr-dialog-title'))).to.equal('Новый быстрый ответ');
    expect(textOf(inDialog(el, '[part~="command-prefix"]'))).to.equal('/');
    await sendKeys({ type: HI });
    inDialog<HTMLInputElement>(el, '#qr-title')!.focus();
    await sendKeys({ type: 'Приветствие' });
    const select = inDialog<HTMLSelectElement>(el, '#qr-category')!;
    expect([...select.options].map((o) => o.textContent!.trim())).to.include.members(['Без категории', CATEGORY]);
    select.value = [...select.options].find((o) => o.textContent!.trim() === CATEGORY)!.value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    const text = inDialog<HTMLTextAreaElement>(el, '#qr-text')!;
    text.focus();
    await sendKeys({ type: 'Здравствуйте, ' });
    const firstName = inDialog<HTMLButtonElement>(el, '[data-variable="customer.firstName"]')!;
    expect(textOf(firstName)).to.equal('Имя');
    expect(inDialog(el, '[data-variable="customer.email"]')!.textContent!.trim()).to.equal('E-mail');
    expect(inDialog(el, '[data-variable="customer.phone"]')!.textContent!.trim()).to.equal('Телефон');
    firstName.click();
    await waitUntil(() => text.value === 'Здравствуйте, {{ customer.firstName }}', 'the picker puts the variable at the caret');
    expect(focused() === text, 'and focus back in the text').to.equal(true);
    await waitUntil(() => textOf(inDialog(el, '[part~="preview-text"]')) === 'Здравствуйте, Ирина', 'the preview renders it for Ирина', { timeout: 5000 });
    // Between the variable and its closing braces: a default for a nameless customer.
    for (let i = 0; i < 3; i++) await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ type: "|default('клиент')" });
    await sendKeys({ press: 'End' });
    await sendKeys({ type: '!' });
    expect(text.value).to.equal(TEMPLATE);
    expect(textOf(inDialog(el, '[part~="counter"] [aria-hidden]'))).to.equal(`${TEMPLATE.length} / 2000`);
    await waitUntil(() => textOf(inDialog(el, '[part~="preview-text"]')) === 'Здравствуйте, Ирина!', 'the preview follows the text', { timeout: 5000 });
    await expect(el).to.be.accessible();

    inDialog<HTMLButtonElement>(el, '[part~="save-button"]')!.click();
    await waitUntil(() => dialogOf(el) === null, 'saved, the dialog closes', { timeout: 5000 });
    await waitUntil(() => focused() === inPopover(el, 'new-reply-button'), 'focus returns to «Новый ответ»');
    const row = popoverOf(el)!.shadowRoot!.querySelector('[part~="reply"]')!;
    expect(textOf(row.querySelector('[part~="reply-command"]'))).to.equal(`/${HI}`);
    expect(textOf(row.closest('[part~="group"]')!.querySelector('[part~="category"]'))).to.equal(CATEGORY);
    const saved = (await replies(olga)).find((r) => r.command === HI)!;
    expect(saved).to.deep.include({ title: 'Приветствие', text: TEMPLATE });
    expect(saved.categoryId).to.be.a('number');
  });

  it('S-QR-1 S-QR-4 a manager types /hi and Enter in the composer: the reply rendered for the named customer, in the field, editable, not sent', async () => {
    const boris = await connect('boris');
    await boris.openThread(named);
    const el = await fixture<ChatComposer>(html`<chat-composer lang="ru" .client=${boris} conversation-id=${named}></chat-composer>`);
    expect(part(el, 'quick-replies')!.localName, 'the lightning next to the emoji').to.equal('chat-quick-replies');
    el.focus();
    await sendKeys({ type: `/${HI}` });
    const field = part<HTMLTextAreaElement>(el, 'textarea')!;
    await waitUntil(() => part(el, 'suggestion'), 'the reply is offered', { timeout: 5000 });
    const options = parts(el, 'suggestion');
    expect(options.length).to.equal(1);
    expect(options[0]!.getAttribute('role')).to.equal('option');
    expect(textOf(options[0]!.querySelector('[part~="suggestion-command"]'))).to.equal(`/${HI}`);
    expect(field.getAttribute('aria-autocomplete')).to.equal('list');
    expect(field.getAttribute('aria-controls')).to.equal(part(el, 'suggestion-list')!.id);
    expect(field.getAttribute('aria-activedescendant')).to.equal(options[0]!.id);
    expect(part(el, 'suggestion-list')!.getAttribute('role')).to.equal('listbox');
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.value === 'Здравствуйте, Ирина!', 'the rendered reply is in the field', { timeout: 5000 });
    expect(part(el, 'suggestion') === null, 'the list is gone').to.equal(true);
    expect(field.hasAttribute('aria-controls')).to.equal(false);
    expect(el.shadowRoot!.activeElement === field, 'focus stays in the field').to.equal(true);
    await sendKeys({ type: ' Чем помочь?' });
    expect(el.value, 'the manager edits it before sending').to.equal('Здравствуйте, Ирина! Чем помочь?');
    expect((await messagesOf(boris, named)).some((m) => m.text.startsWith('Здравствуйте, Ирина')), 'Enter did not send it').to.equal(false);
  });

  it('S-QR-1 S-QR-4 the lightning button in a nameless visitor\'s conversation: search, Enter, «Здравствуйте, клиент!» at the caret', async () => {
    const boris = await connect('boris');
    const el = await fixture<ChatComposer>(html`<chat-composer lang="ru" .client=${boris} conversation-id=${nameless}></chat-composer>`);
    el.focus();
    await sendKeys({ type: 'Добрый день. ' });
    const quick = part<ChatQuickReplies>(el, 'quick-replies')!;
    await openPopover(quick);
    await waitUntil(() => inPopover(quick, 'reply'), 'the replies are listed');
    expect(inPopover(quick, 'edit-toggle') === null, 'a manager sees no pencil').to.equal(true);
    // Grouped by category: a labelled group per heading.
    const group = allInPopover(quick, 'group').find((g) => g.getAttribute('aria-label') === CATEGORY)!;
    expect(group.getAttribute('role')).to.equal('group');
    await sendKeys({ type: 'нет такого' });
    await waitUntil(() => textOf(inPopover(quick, 'empty')) === 'Ничего не найдено', 'nothing matches');
    for (let i = 0; i < 'нет такого'.length; i++) await sendKeys({ press: 'Backspace' });
    // Any case, «ё» for «е»: the title is «Приветствие».
    await sendKeys({ type: 'ПРИВЁТСТВИЕ' });
    await waitUntil(() => allInPopover(quick, 'reply').length === 1, 'the search finds it in any case, «ё» = «е»');
    const search = inPopover<HTMLInputElement>(quick, 'search')!;
    const active = inPopover(quick, 'reply-active')!;
    expect(search.getAttribute('role')).to.equal('combobox');
    expect(search.getAttribute('aria-activedescendant')).to.equal(active.id);
    expect(textOf(active.querySelector('[part~="reply-command"]'))).to.equal(`/${HI}`);
    expect(textOf(active.querySelector('[part~="reply-text"]'))).to.equal(TEMPLATE);
    await expect(quick).to.be.accessible();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.value === 'Добрый день. Здравствуйте, клиент!', 'inserted at the caret, for a nameless visitor', { timeout: 5000 });
    expect(popoverOf(quick) === null, 'the popover closed').to.equal(true);
    expect(el.shadowRoot!.activeElement === part(el, 'textarea'), 'focus back in the field').to.equal(true);
    expect((await messagesOf(boris, nameless)).some((m) => m.text.includes('клиент!'))).to.equal(false);
  });

  it('S-QR-4 a reply too heavy to render (a loop bomb: LIMIT_EXCEEDED) says so in the user\'s language and inserts nothing', async () => {
    const olga = await connect('olga');
    await olga.call('quickReplies.save', { command: `bomb${STAMP}`, title: 'Бомба', text: '{% for i in 1..9000 %}Здравствуйте! {% endfor %}' });
    const boris = await connect('boris');
    const wrapper = await fixture<HTMLElement>(html`<div lang="ru"><chat-quick-replies .client=${boris} conversation-id=${named}></chat-quick-replies></div>`);
    const el = wrapper.querySelector('chat-quick-replies')!;
    let inserted = 0;
    el.addEventListener('chat-quick-reply-insert', () => inserted++);
    await openPopover(el);
    await sendKeys({ type: `bomb${STAMP}` });
    await waitUntil(() => allInPopover(el, 'reply').length === 1, 'found');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => inPopover(el, 'error'), 'the refusal shows', { timeout: 5000 });
    expect(inPopover(el, 'error')!.getAttribute('role')).to.equal('alert');
    expect(textOf(inPopover(el, 'error'))).to.equal('Не вставлено: ответ слишком длинный или сложный.');
    wrapper.setAttribute('lang', 'en');
    await waitUntil(() => textOf(inPopover(el, 'error')) === 'Not inserted: the reply is too long or too heavy to render.', 'in English');
    expect(inserted, 'nothing was inserted').to.equal(0);
    expect(popoverOf(el) !== null, 'the popover stays open').to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('S-QR-1 Escape closes the `/` list and it stays closed for that `/`; the arrows move; a new `/` offers again; not in internal chats', async () => {
    const boris = await connect('boris');
    const el = await fixture<ChatComposer>(html`<chat-composer lang="en" .client=${boris} conversation-id=${named}></chat-composer>`);
    el.focus();
    await sendKeys({ type: '/h' });
    await waitUntil(() => part(el, 'suggestion'), 'offered', { timeout: 5000 });
    let escapesAround = 0;
    const counter = (e: KeyboardEvent) => void (e.key === 'Escape' && escapesAround++);
    document.addEventListener('keydown', counter);
    try {
      await sendKeys({ press: 'Escape' });
    } finally {
      document.removeEventListener('keydown', counter);
    }
    await el.updateComplete;
    expect(part(el, 'suggestions') === null, 'Escape closed the list').to.equal(true);
    expect(escapesAround, 'Escape closed the list only').to.equal(0);
    await sendKeys({ type: 'i' });
    await el.updateComplete;
    expect(part(el, 'suggestions') === null, 'not again for the same /').to.equal(true);
    await sendKeys({ type: ' and /' });
    await waitUntil(() => part(el, 'suggestion'), 'a new / offers again');
    const field = part<HTMLTextAreaElement>(el, 'textarea')!;
    const first = field.getAttribute('aria-activedescendant');
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    // One reply of this run, maybe others: the arrows wrap round the list.
    expect(field.getAttribute('aria-activedescendant')).to.equal(parts(el, 'suggestion')[1 % parts(el, 'suggestion').length]!.id);
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    expect(field.getAttribute('aria-activedescendant')).to.equal(first);
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.value).to.equal('/hi and /');

    // An internal chat (a negative key): no lightning, no list.
    el.conversationId = -5;
    await el.updateComplete;
    expect(part(el, 'quick-replies') === null, 'no lightning in an internal chat').to.equal(true);
    el.value = '';
    await el.updateComplete;
    await sendKeys({ type: '/hi' });
    await el.updateComplete;
    expect(part(el, 'suggestions') === null, 'no list in an internal chat').to.equal(true);
  });

  it('S-QR-4 S-QR-2 an invalid template: the preview and, on Save, the text field show its line; a taken command shows at the command; in both languages', async () => {
    const olga = await connect('olga');
    const wrapper = await fixture<HTMLElement>(html`<div lang="ru"><chat-quick-replies .client=${olga} conversation-id=${named}></chat-quick-replies></div>`);
    const el = wrapper.querySelector('chat-quick-replies')!;
    await openPopover(el);
    await waitUntil(() => inPopover(el, 'edit-toggle'), 'the pencil');
    inPopover(el, 'edit-toggle')!.click();
    await waitUntil(() => inPopover(el, 'new-reply-button'), 'edit mode');
    inPopover(el, 'new-reply-button')!.click();
    await waitUntil(() => focused()?.id === 'qr-command', 'the dialog', { timeout: 5000 });
    await sendKeys({ type: `bad${STAMP}` });
    inDialog<HTMLInputElement>(el, '#qr-title')!.focus();
    await sendKeys({ type: 'Сломанный' });
    inDialog<HTMLTextAreaElement>(el, '#qr-text')!.focus();
    await sendKeys({ type: 'Здравствуйте, {{ customer.firstName' });
    await waitUntil(() => inDialog(el, '[part~="preview-error"]'), 'the preview shows the template error', { timeout: 5000 });
    expect(textOf(inDialog(el, '[part~="preview-error"]'))).to.match(/^Ошибка в шаблоне, строка 1\./);

    inDialog<HTMLButtonElement>(el, '[part~="save-button"]')!.click();
    await waitUntil(() => inDialog(el, '#qr-text-error'), 'refused at the text', { timeout: 5000 });
    const text = inDialog<HTMLTextAreaElement>(el, '#qr-text')!;
    expect(textOf(inDialog(el, '#qr-text-error'))).to.match(/^Ошибка в шаблоне, строка 1\./);
    expect(text.getAttribute('aria-invalid')).to.equal('true');
    expect(text.getAttribute('aria-describedby')).to.contain('qr-text-error');
    expect(focused() === text, 'focus goes to the field at fault').to.equal(true);
    wrapper.setAttribute('lang', 'en');
    await waitUntil(() => textOf(inDialog(el, '#qr-text-error')).startsWith('Template error on line 1.'), 'in English');

    // Fixed, but the command is another reply's.
    await sendKeys({ type: ' }}' });
    const command = inDialog<HTMLInputElement>(el, '#qr-command')!;
    command.select();
    command.focus();
    await sendKeys({ type: HI });
    inDialog<HTMLButtonElement>(el, '[part~="save-button"]')!.click();
    await waitUntil(() => inDialog(el, '#qr-command-error'), 'refused at the command', { timeout: 5000 });
    expect(textOf(inDialog(el, '#qr-command-error'))).to.equal(`Another reply has the command /${HI}.`);
    expect(focused() === command, 'focus goes to the command').to.equal(true);
    wrapper.setAttribute('lang', 'ru');
    await waitUntil(() => textOf(inDialog(el, '#qr-command-error')) === `Команда /${HI} уже занята другим ответом.`, 'in Russian');
    await expect(el).to.be.accessible();

    // S-QR-3: 2000 characters, whitespace counted.
    command.select();
    await sendKeys({ type: `long${STAMP}` });
    text.value = 'a '.repeat(1000) + 'b';
    text.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await dialogOf(el)!.updateComplete;
    expect(textOf(inDialog(el, '[part~="counter"] [aria-hidden]'))).to.equal('2001 / 2000');
    expect(inDialog(el, '[part~="counter"]')!.hasAttribute('data-over')).to.equal(true);
    inDialog<HTMLButtonElement>(el, '[part~="save-button"]')!.click();
    await waitUntil(() => textOf(inDialog(el, '#qr-text-error')) === 'Не больше 2000 символов с пробелами.', 'refused at the text, before any call');
    expect((await replies(olga)).some((r) => r.command === `long${STAMP}`)).to.equal(false);

    // Escape closes the dialog only; focus returns to «Новый ответ».
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => dialogOf(el) === null, 'the dialog closes');
    expect(popoverOf(el) !== null, 'the popover stays').to.equal(true);
    await waitUntil(() => focused() === inPopover(el, 'new-reply-button'), 'focus back on «Новый ответ»');
    expect((await replies(olga)).some((r) => r.command === `bad${STAMP}`), 'nothing was saved').to.equal(false);
  });

  it('S-QR-2 live: a manager\'s open list follows the admins\' changes (quickReplies.changed): a reply made, its category deleted (it stays, uncategorised), a reply deleted', async () => {
    const olga = await connect('olga');
    const boris = await connect('boris');
    const { category } = await olga.call('quickReplies.saveCategory', { name: `Удаляемая ${STAMP}` });
    const manager = await fixture<ChatQuickReplies>(html`<chat-quick-replies lang="ru" .client=${boris} conversation-id=${named}></chat-quick-replies>`);
    await openPopover(manager);
    await waitUntil(() => inPopover(manager, 'reply'), 'the list');
    const listed = () => allInPopover(manager, 'reply-command').map(textOf);
    // Pushed by the server (quickReplies.changed): made, moved, deleted while the list is open.
    await olga.call('quickReplies.save', { command: `live${STAMP}`, title: 'Прощание', text: 'До свидания!', categoryId: category.id });
    await waitUntil(() => listed().includes(`/live${STAMP}`), 'a new reply shows', { timeout: 5000 });
    await olga.call('quickReplies.deleteCategory', { id: category.id });
    await waitUntil(
      () => allInPopover(manager, 'group').some((g) => g.getAttribute('aria-label') === 'Без категории' && textOf(g).includes(`/live${STAMP}`)),
      'its category deleted, it shows uncategorised',
      { timeout: 5000 },
    );
    const { reply: temp } = await olga.call('quickReplies.save', { command: `tmp${STAMP}`, title: 'Временный', text: 'Скоро уйду' });
    await waitUntil(() => listed().includes(`/tmp${STAMP}`), 'another shows');
    await olga.call('quickReplies.delete', { id: temp.id });
    await waitUntil(() => !listed().includes(`/tmp${STAMP}`), 'a deleted one goes', { timeout: 5000 });
  });

  it('S-QR-2 edit mode: Delete asks first (focus on Cancel, Escape keeps the reply); an empty category is renamed in place and deleted', async () => {
    const olga = await connect('olga');
    const { reply } = await olga.call('quickReplies.save', { command: `bye${STAMP}`, title: 'Прощание', text: 'До свидания!' });
    const { category: other } = await olga.call('quickReplies.saveCategory', { name: `Пустая ${STAMP}` });
    const admin = await fixture<ChatQuickReplies>(html`<chat-quick-replies lang="ru" .client=${olga} conversation-id=${named}></chat-quick-replies>`);
    await openPopover(admin);
    await waitUntil(() => inPopover(admin, 'edit-toggle'), 'the pencil');
    inPopover(admin, 'edit-toggle')!.click();
    await waitUntil(() => inPopover(admin, 'delete-category-button'), 'edit mode');
    const rowOf = () => [...popoverOf(admin)!.shadowRoot!.querySelectorAll<HTMLElement>('[part~="reply"]')].find((r) => r.dataset['replyId'] === String(reply.id));
    rowOf()!.querySelector<HTMLButtonElement>('[part~="delete-button"]')!.click();
    await waitUntil(() => focused() === inPopover(admin, 'confirm-cancel-button'), 'a confirmation, focus on Cancel');
    expect(textOf(inPopover(admin, 'confirm'))).to.contain(`Удалить быстрый ответ /bye${STAMP}?`);
    await expect(admin).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => inPopover(admin, 'confirm') === null, 'Escape cancels');
    expect(popoverOf(admin) !== null, 'the popover stays').to.equal(true);
    expect(focused() === rowOf()!.querySelector('[part~="delete-button"]'), 'focus back on Delete').to.equal(true);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => inPopover(admin, 'confirm'), 'asked again');
    inPopover(admin, 'confirm-delete-button')!.click();
    await waitUntil(() => rowOf() === undefined, 'deleted', { timeout: 5000 });
    expect((await replies(olga)).some((r) => r.id === reply.id)).to.equal(false);

    // An empty category is listed in edit mode, to rename or delete it.
    const renameOf = () => allInPopover(admin, 'rename-category-button').find((b) => b.getAttribute('aria-label')!.includes(`Пустая ${STAMP}`));
    renameOf()!.click();
    await waitUntil(() => focused()?.id === 'category-name', 'the name in place');
    await sendKeys({ type: `Пустая ${STAMP} 2` });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => allInPopover(admin, 'category').some((h) => textOf(h) === `Пустая ${STAMP} 2`), 'renamed');
    const deleteOf = () => allInPopover(admin, 'delete-category-button').find((b) => b.getAttribute('aria-label')!.includes(`Пустая ${STAMP} 2`));
    deleteOf()!.click();
    await waitUntil(() => inPopover(admin, 'confirm'), 'asked first');
    expect(textOf(inPopover(admin, 'confirm'))).to.contain('Её ответы останутся, без категории');
    inPopover(admin, 'confirm-delete-button')!.click();
    await waitUntil(() => deleteOf() === undefined, 'the category is gone', { timeout: 5000 });
    expect((await olga.call('quickReplies.list', {})).categories.some((c) => c.id === other.id)).to.equal(false);
  });
});
