/**
 * The panel by keyboard and by pointer, end to end against the real server the test runner
 * started (issue 10):
 * - S-DLG-6: reassigning through the conversation menu's picker, the real gesture: Anna hands a
 *   conversation to Boris by keyboard and Boris hands it back with the mouse; each time it leaves
 *   one manager's panel and reaches the other's, live (two panels, two connections).
 * - Opening a conversation from a list row or a search hit moves focus to the thread, and the
 *   thread's messages are one tab stop: list → composer in three Tabs, however long the thread.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import type { ChatClient } from '@chatdesk/client';
import { assignTo, chatServerUrl, connectVisitor, demoTokenUrl, part, parts } from './helpers.js';
import '../src/panel.js';
import type { ChatConversationMenu, ChatMessage, ChatPanel } from '../src/index.js';

/** The focused element, through open shadow roots. */
function deepActive(): Element | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

async function panelAs(user: string, style = 'height: 560px; width: 760px'): Promise<ChatPanel> {
  const server = await chatServerUrl();
  const panel = await fixture<ChatPanel>(html`<chat-panel mode="section" style=${style} server=${server} token-url=${demoTokenUrl(user)}></chat-panel>`);
  await waitUntil(() => panel.client?.store.getState().listLoaded, `${user} is in`, { timeout: 5000 });
  return panel;
}

const list = (panel: ChatPanel) => part(panel, 'conversation-list')!;
const row = (panel: ChatPanel, id: number) => parts(list(panel), 'item').find((i) => Number(i.dataset['id']) === id);
const menu = (panel: ChatPanel) => part<ChatConversationMenu>(panel, 'conversation-menu')!;
const thread = (panel: ChatPanel) => part(panel, 'thread')!;

/** Clicks the middle of an element with the real mouse. */
async function click(el: Element): Promise<void> {
  const box = el.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)] });
}

/** Brings a conversation's row into the (virtualized) list through the search box, and returns it. */
async function findRow(panel: ChatPanel, id: number): Promise<HTMLElement> {
  await waitUntil(() => panel.client!.store.getState().conversations[id], 'the conversation is in the store', { timeout: 5000 });
  await waitUntil(() => row(panel, id), 'its row renders', { timeout: 5000 });
  return row(panel, id)!;
}

describe('end to end: the panel by keyboard (issue 10)', function () {
  this.timeout(40_000);
  const cleanup: ChatClient[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) c.close();
    await resetMouse();
  });

  it('S-DLG-6, S-AUTH-3: Anna reassigns to Boris through the picker by keyboard, Boris gives it back with the mouse; it leaves one panel and reaches the other live', async () => {
    const visitor = await connectVisitor();
    cleanup.push(visitor);
    const { conversationId } = await visitor.send(`Переназначьте меня #${Date.now()}`);
    await assignTo(conversationId, 'anna');
    const page = await fixture(html`<div style="display: flex; gap: 8px">
      <div id="anna" style="width: 760px"></div>
      <div id="boris" style="width: 760px"></div>
    </div>`);
    const server = await chatServerUrl();
    const mount = async (user: string) => {
      const panel = document.createElement('chat-panel') as ChatPanel;
      panel.mode = 'section';
      panel.style.height = '560px';
      panel.server = server;
      panel.tokenUrl = demoTokenUrl(user);
      page.querySelector(`#${user}`)!.append(panel);
      await waitUntil(() => panel.client?.store.getState().listLoaded, `${user} is in`, { timeout: 5000 });
      return panel;
    };
    const anna = await mount('anna');
    const boris = await mount('boris');
    expect(boris.client!.store.getState().conversations[conversationId], 'not Boris\'s yet').to.equal(undefined);

    // Anna, keyboard only: the row, Enter (focus goes to the thread), Shift+Tab to the menu button.
    (await findRow(anna, conversationId)).focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => deepActive()?.localName === 'chat-message', 'focus moves to the thread', { timeout: 5000 });
    // The menu is a lazy chunk: Shift+Tab finds its button once it is defined and rendered.
    await waitUntil(() => menu(anna).shadowRoot && part(menu(anna), 'trigger'), 'the conversation menu is in', { timeout: 5000 });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    const annaMenu = menu(anna);
    expect(deepActive()).to.equal(part(annaMenu, 'trigger'));
    await sendKeys({ press: 'Enter' });
    const focusedAction = () => (deepActive() as HTMLElement | null)?.dataset['action'];
    await waitUntil(() => focusedAction() === 'close', 'Enter opens the menu on its first item');
    for (let i = 0; i < 6 && focusedAction() !== 'pick'; i++) await sendKeys({ press: 'ArrowDown' });
    expect((deepActive() as HTMLElement).textContent!.trim()).to.equal('Reassign…');
    await sendKeys({ press: 'Enter' });
    // The picker: focus moves from Cancel to the first manager once the list is in; Tab to Boris.
    await waitUntil(() => deepActive()?.getAttribute('part')?.includes('assignee'), 'focus on the first manager', { timeout: 5000 });
    const name = () => deepActive()?.querySelector('[part~="assignee-name"]')?.textContent;
    for (let i = 0; i < 10 && name() !== 'Борис Продавцов'; i++) await sendKeys({ press: 'Tab' });
    expect(name()).to.equal('Борис Продавцов');
    await sendKeys({ press: 'Enter' });

    await waitUntil(() => !row(anna, conversationId) && anna.conversationId === 0, 'it leaves Anna\'s list and her open thread', { timeout: 5000 });
    await waitUntil(() => deepActive()?.getAttribute('role') === 'option', 'her focus goes back to her list, not the page', { timeout: 3000 });
    expect(part<HTMLDialogElement>(annaMenu, 'dialog')?.open ?? false).to.equal(false);
    await waitUntil(() => row(boris, conversationId), 'it reaches Boris\'s list live', { timeout: 5000 });
    expect(boris.client!.store.getState().conversations[conversationId]!.assigneeId).to.equal('boris');

    // Boris, pointer only: the row, the three dots, Reassign…, Anna.
    await click(row(boris, conversationId)!);
    await waitUntil(() => part(boris, 'conversation-menu') && part(menu(boris), 'trigger'), 'his conversation opens', { timeout: 5000 });
    await click(part(menu(boris), 'trigger')!);
    await waitUntil(() => parts(menu(boris), 'item').length > 0, 'the menu opens');
    await click(parts(menu(boris), 'item').find((i) => i.dataset['action'] === 'pick')!);
    await waitUntil(() => parts(menu(boris), 'assignee').length > 0, 'the picker lists managers', { timeout: 5000 });
    const toAnna = parts(menu(boris), 'assignee').find((a) => a.querySelector('[part~="assignee-name"]')!.textContent === 'Анна Менеджерова')!;
    await click(toAnna);

    await waitUntil(() => !row(boris, conversationId) && boris.conversationId === 0, 'it leaves Boris\'s panel', { timeout: 5000 });
    await waitUntil(() => anna.client!.store.getState().conversations[conversationId]?.assigneeId === 'anna', 'Anna has it again', { timeout: 5000 });
    await waitUntil(() => row(anna, conversationId), 'back in Anna\'s list live', { timeout: 5000 });
  });

  it('Enter on a list row opens the conversation with focus on its first unread message; the messages are one tab stop: row → card button → menu → message → composer', async () => {
    const visitor = await connectVisitor();
    cleanup.push(visitor);
    const { conversationId } = await visitor.send(`Первое #${Date.now()}`);
    await assignTo(conversationId, 'anna');
    for (let i = 2; i <= 17; i++) await visitor.send(`сообщение ${i}`, conversationId);
    const panel = await panelAs('anna');
    const first = await findRow(panel, conversationId);
    first.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => panel.conversationId === conversationId, 'it opens');
    // Unread from the start: focus lands on the first unread message, under the divider.
    await waitUntil(() => (deepActive() as ChatMessage | null)?.text?.startsWith('Первое'), 'focus on the first unread message', { timeout: 5000 });
    expect(thread(panel).shadowRoot!.contains(deepActive())).to.equal(true);
    expect(parts<ChatMessage>(thread(panel), 'message').filter((m) => m.tabIndex === 0).length, 'one tab stop').to.equal(1);

    // ↓ reads on (past the assignment notice); the context-menu key opens a message's menu (its
    // "⋯" is not a tab stop of its own).
    const focusedText = () => (deepActive() as ChatMessage | null)?.text;
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => focusedText()?.startsWith('Assigned:'), '↓ to the next message: the assignment notice');
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => focusedText() === 'сообщение 2', '↓ again');
    await sendKeys({ press: 'ContextMenu' });
    const message = parts<ChatMessage>(thread(panel), 'message').find((m) => m.text === 'сообщение 2')!;
    await waitUntil(() => message.shadowRoot!.querySelector('chat-message-menu'), 'the context-menu key opens its menu', { timeout: 3000 });
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => deepActive() === message, 'Escape: back on the message');
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'F10' });
    await sendKeys({ up: 'Shift' });
    await waitUntil(() => message.shadowRoot!.querySelector('chat-message-menu'), 'Shift+F10 opens it too', { timeout: 3000 });
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => deepActive() === message, 'back on the message');

    // From the row to the composer: count the Tab stops.
    row(panel, conversationId)!.focus();
    const stops: string[] = [];
    const composerField = part(part(panel, 'composer')!, 'textarea');
    for (let i = 0; i < 30 && deepActive() !== composerField; i++) {
      await sendKeys({ press: 'Tab' });
      const at = deepActive() as HTMLElement;
      stops.push(at.localName === 'chat-message' ? 'message' : (at.getAttribute('part') ?? at.localName));
    }
    const loadMore = part(list(panel), 'load-more') ? ['load-more'] : [];
    // The paperclip (S-DLG-9) sits before the field.
    // The conversation header's card button (the CRM side, issue 17) comes before its menu.
    expect(stops).to.deep.equal([...loadMore, 'crm-button', 'trigger', 'message', 'attach-button', 'textarea']);
  });

  it('Enter on a search hit opens the conversation with focus on the matched message; in a narrow panel ← takes focus back to the row', async () => {
    const visitor = await connectVisitor();
    cleanup.push(visitor);
    const tag = Array.from({ length: 6 }, () => 'абвгдежзиклмнопрстуф'[Math.floor(Math.random() * 20)]).join('');
    const { conversationId } = await visitor.send(`Начало #${Date.now()}`);
    await assignTo(conversationId, 'anna');
    const hit = await visitor.send(`ищите слово ${tag} здесь`, conversationId);
    for (let i = 0; i < 5; i++) await visitor.send(`после ${i}`, conversationId);
    const panel = await panelAs('anna', 'height: 520px; width: 400px');
    part<HTMLInputElement>(list(panel), 'search')!.focus();
    await sendKeys({ type: tag });
    await waitUntil(() => parts(list(panel), 'hit').length > 0, 'a hit shows', { timeout: 5000 });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => (deepActive() as ChatMessage | null)?.text === hit.text, 'focus on the matched message', { timeout: 5000 });
    expect(getComputedStyle(list(panel)).display, 'narrow: the list is hidden').to.equal('none');

    // Back: Shift+Tab past the menu and the card button to ←, which returns to the list with focus on the row.
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(deepActive()).to.equal(part(panel, 'back-button'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => getComputedStyle(list(panel)).display !== 'none', 'the list shows');
    await waitUntil(() => deepActive()?.getAttribute('role') === 'option', 'focus on a row of the list', { timeout: 3000 });
  });
});
