/**
 * Working the queue in the panel, end to end against the real server (issue 5): closing and the
 * live reopen (S-DLG-7, S-DLG-11, S-DLG-5), a reassignment that takes a conversation out of the
 * manager's panel live (S-DLG-6, S-AUTH-3), and search that finds a Russian word inside a message
 * and opens the conversation at it, «Добрый» found by its whole word (S-DLG-3), search paging
 * ("more results"), and the manager filter offering every manager (S-DLG-4).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ChatClient } from '@chatdesk/client';
import { assignTo, chatServerUrl, connectAs, connectVisitor, demoTokenUrl, part, parts } from './helpers.js';
import '../src/panel.js';
import type { ChatConversationMenu, ChatMessage, ChatPanel } from '../src/index.js';

async function panelAs(user: string): Promise<ChatPanel> {
  const server = await chatServerUrl();
  const panel = await fixture<ChatPanel>(
    html`<chat-panel mode="section" style="height: 560px" server=${server} token-url=${demoTokenUrl(user)}></chat-panel>`,
  );
  await waitUntil(() => panel.client?.store.getState().listLoaded, `${user} is in`, { timeout: 5000 });
  return panel;
}

const list = (panel: ChatPanel) => part(panel, 'conversation-list')!;
const item = (panel: ChatPanel, id: number) => parts(list(panel), 'item').find((i) => Number(i.dataset['id']) === id);
/** The notices as read (their names are isolated in `text`, U+2068 … U+2069, and shown as <bdi>). */
const notices = (panel: ChatPanel) => parts<ChatMessage>(part(panel, 'thread')!, 'system').map((m) => part(m, 'text')?.textContent ?? '');

describe('end to end: working the queue in the panel', function () {
  // Real round trips while other files load the same server (10,000-message seeding, G10).
  this.timeout(30_000);
  const cleanup: ChatClient[] = [];
  afterEach(() => {
    for (const c of cleanup.splice(0)) c.close();
  });

  it('S-DLG-7, S-DLG-11: a manager closes a conversation from its menu; the visitor writes and it reopens live', async () => {
    const visitor = await connectVisitor();
    cleanup.push(visitor);
    const { conversationId } = await visitor.send(`Где мой заказ? #${Date.now()}`);
    await assignTo(conversationId, 'anna');
    const panel = await panelAs('anna');
    await waitUntil(() => item(panel, conversationId), 'the conversation is in Anna\'s list', { timeout: 5000 });
    item(panel, conversationId)!.click();
    // The menu is a lazy chunk: its button exists once it is defined and rendered.
    await waitUntil(() => part(panel, 'conversation-menu')?.shadowRoot && part(part(panel, 'conversation-menu')!, 'trigger'), 'the conversation opens with its menu', { timeout: 5000 });
    const menu = part<ChatConversationMenu>(panel, 'conversation-menu')!;

    // Keyboard: ↓ opens the menu on "Close conversation", Enter runs it.
    part(menu, 'trigger')!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => (menu.shadowRoot!.activeElement as HTMLElement | null)?.dataset['action'] === 'close', 'close is focused');
    await sendKeys({ press: 'Enter' });
    const state = () => panel.client!.store.getState();
    await waitUntil(() => state().conversations[conversationId]?.status === 'closed', 'closed', { timeout: 5000 });
    await waitUntil(() => part(panel, 'conversation-status')?.textContent === 'closed', 'the header says so');
    expect(item(panel, conversationId)!.getAttribute('part')).to.contain('item-closed');
    await waitUntil(() => notices(panel).includes('Conversation closed (Анна Менеджерова)'), 'the feed shows who closed it', { timeout: 5000 });

    // A new customer message reopens it, live.
    await visitor.send('Алло?');
    await waitUntil(() => state().conversations[conversationId]?.status === 'open', 'reopened live', { timeout: 5000 });
    await waitUntil(() => part(panel, 'conversation-status') === null, 'the header drops «closed»');

    // The reassign picker (S-DLG-6): the managers who can take it, with their online state and load.
    menu.show();
    await menu.updateComplete;
    parts(menu, 'item').find((i) => i.dataset['action'] === 'pick')!.click();
    await waitUntil(() => parts(menu, 'assignee').length > 0, 'the picker lists managers', { timeout: 5000 });
    const anna = parts(menu, 'assignee').find((a) => a.querySelector('[part~="assignee-name"]')!.textContent === 'Анна Менеджерова')!;
    expect(anna.getAttribute('part')).to.contain('assignee-online').and.to.contain('assignee-current');
    expect(anna.querySelector('[part~="assignee-load"]')!.textContent).to.match(/^\d+ open conversations?$/);
    await expect(menu).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !part<HTMLDialogElement>(menu, 'dialog')!.open, 'Escape cancels');
    expect(state().conversations[conversationId]!.assigneeId).to.equal('anna');
  });

  it('S-DLG-6, S-AUTH-3: an admin reassigns a conversation; it leaves the manager\'s panel live, open thread included', async () => {
    const visitor = await connectVisitor();
    cleanup.push(visitor);
    const { conversationId } = await visitor.send(`Передайте Борису #${Date.now()}`);
    await assignTo(conversationId, 'anna');
    const panel = await panelAs('anna');
    await waitUntil(() => item(panel, conversationId), 'in Anna\'s list', { timeout: 5000 });
    item(panel, conversationId)!.click();
    await waitUntil(() => panel.client!.store.getState().threads[conversationId]?.messages.length, 'open in her panel', { timeout: 5000 });

    const olga = await connectAs('olga');
    cleanup.push(olga);
    await olga.call('conversations.assign', { conversationId, assigneeId: 'boris' });

    await waitUntil(() => !item(panel, conversationId), 'gone from Anna\'s list', { timeout: 5000 });
    const state = panel.client!.store.getState();
    expect(state.conversations[conversationId]).to.equal(undefined);
    expect(state.threads[conversationId]).to.equal(undefined);
    await waitUntil(() => panel.conversationId === 0, 'the open conversation closes');
  });

  it('S-DLG-3: a Russian word inside a message is found (ё typed as е) and opens the conversation at that message', async () => {
    const letters = 'абвгдежзиклмнопрстуф';
    const tag = Array.from({ length: 6 }, () => letters[Math.floor(Math.random() * letters.length)]).join('');
    const word = `ёлочка${tag}`;
    const visitor = await connectVisitor();
    cleanup.push(visitor);
    const hit = await visitor.send(`Есть ли у вас ${word} на праздник?`);
    // More than a page after it: the thread must load back to the hit.
    for (let i = 0; i < 70; i++) await visitor.send(`ещё сообщение ${i}`);

    const panel = await panelAs('vera');
    const search = part<HTMLInputElement>(list(panel), 'search')!;
    search.focus();
    await sendKeys({ type: `елочка${tag}` });
    // Search runs as one types: a hit for a prefix may show first; wait for the whole word's.
    const markOf = (hit: Element | undefined) => hit?.querySelector('[part~="mark"]')?.textContent?.toLowerCase();
    await waitUntil(() => markOf(parts(list(panel), 'hit')[0]) === word, 'a hit for the whole word shows', { timeout: 5000 });
    const first = parts(list(panel), 'hit')[0]!;
    expect(first.querySelector('[part~="hit-text"]')!.textContent).to.contain('Есть ли у вас');
    expect(part(list(panel), 'results')!.getAttribute('role')).to.equal('listbox');

    await sendKeys({ press: 'ArrowDown' });
    expect(list(panel).shadowRoot!.activeElement).to.equal(first);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => panel.conversationId === hit.conversationId, 'the conversation opens');
    const thread = part(panel, 'thread')!;
    await waitUntil(() => part(thread, 'highlighted'), 'the thread loads back to the hit and highlights it', { timeout: 10_000 });
    const shown = part<ChatMessage>(thread, 'highlighted')!;
    expect(shown.text).to.equal(hit.text);
    await waitUntil(() => {
      const box = shown.getBoundingClientRect();
      const view = part(thread, 'scroller')!.getBoundingClientRect();
      return box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
    }, 'the hit is in view', { timeout: 5000 });
  });

  it('S-DLG-3: «Добрый» typed in the search box finds «Добрый день…» and marks the whole word («й» is not folded away)', async () => {
    const tag = `${Date.now()}`;
    const visitor = await connectVisitor();
    cleanup.push(visitor);
    await visitor.send(`Добрый день! Здравствуйте, заказ ${tag}`);

    const panel = await panelAs('vera');
    part<HTMLInputElement>(list(panel), 'search')!.focus();
    await sendKeys({ type: 'Добрый' });
    // Newest first: the message just sent is the first hit once the whole word is searched.
    const first = () => parts(list(panel), 'hit')[0];
    await waitUntil(() => first()?.querySelector('[part~="hit-text"]')?.textContent?.includes(tag), 'the greeting is found', { timeout: 5000 });
    expect([...first()!.querySelectorAll('[part~="mark"]')].map((m) => m.textContent)).to.deep.equal(['Добрый']);
  });

  it('S-DLG-3: more than a page of hits: "more results" appends the next page until there is none', async () => {
    const letters = 'абвгдежзиклмнопрстуф';
    const tag = Array.from({ length: 8 }, () => letters[Math.floor(Math.random() * letters.length)]).join('');
    const visitor = await connectVisitor();
    cleanup.push(visitor);
    for (let i = 0; i < 63; i++) await visitor.send(`страница${tag} номер ${i}`);

    const panel = await panelAs('vera');
    part<HTMLInputElement>(list(panel), 'search')!.focus();
    await sendKeys({ type: `страница${tag}` });
    await waitUntil(() => parts(list(panel), 'hit').length === 50, 'the first page of 50 hits', { timeout: 5000 });
    const hitText = (i: number) => parts(list(panel), 'hit')[i]!.querySelector('[part~="hit-text"]')!.textContent!;
    expect(hitText(0)).to.contain('номер 62', 'newest first');
    const more = part<HTMLButtonElement>(list(panel), 'search-more')!;
    expect(more.textContent!.trim()).to.equal('More results');
    more.click();
    await waitUntil(() => parts(list(panel), 'hit').length === 63, 'the next page is appended', { timeout: 5000 });
    expect(hitText(50)).to.contain('номер 12');
    expect(hitText(62)).to.contain('номер 0');
    await waitUntil(() => part(list(panel), 'search-more') === null, 'no more pages, no button');

    // Clearing the search drops the results and their cursor.
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => parts(list(panel), 'hit').length === 0, 'Escape clears the results');
    expect(part(list(panel), 'search-more')).to.equal(null);
  });

  it('S-DLG-4: the manager filter offers every manager, not only "mine", and filters by the one chosen', async () => {
    const visitor = await connectVisitor();
    cleanup.push(visitor);
    const { conversationId } = await visitor.send(`Для Бориса #${Date.now()}`);
    await assignTo(conversationId, 'boris');
    const panel = await panelAs('vera');
    part(list(panel), 'filter-button')!.click();
    const filters = part(list(panel), 'filters')!;
    const select = () => filters.shadowRoot?.querySelector<HTMLSelectElement>('select[name="manager"]');
    await waitUntil(() => select()?.querySelector('option[value="boris"]'), 'Boris is offered', { timeout: 5000 });
    const names = [...select()!.options].map((o) => o.textContent!.trim());
    expect(names).to.include.members(['Анна Менеджерова', 'Борис Продавцов', 'Ольга Админова']);
    expect(names).not.to.include('Вера Чатова', 'herself is "mine"');
    expect(names).not.to.include('Павел Складов', 'no chats right');
    select()!.value = 'boris';
    select()!.dispatchEvent(new Event('change'));
    await waitUntil(() => item(panel, conversationId), 'Boris\'s conversation is listed', { timeout: 5000 });
    await waitUntil(
      () => parts(list(panel), 'item').every((i) => panel.client!.store.getState().conversations[Number(i.dataset['id'])]?.assigneeId === 'boris'),
      'only Boris\'s conversations',
      { timeout: 5000 },
    );
    // Back to any (the choice is remembered per user: leave Vera's as it was).
    select()!.value = '';
    select()!.dispatchEvent(new Event('change'));
    await waitUntil(() => panel.client!.store.getState().listLoaded, 'reloaded');
  });
});
