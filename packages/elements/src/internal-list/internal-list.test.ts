import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { internalKey, type ChatClient } from '@chatdesk/client';
import { chatServerUrl, connectAs, demoTokenUrl, part, parts } from '../../test/helpers.js';
import './internal-list.js';
import type { ChatInternalList } from './internal-list.component.js';
import type { ChatInternalPicker } from './internal-picker.component.js';
import '../panel/panel.js';
import type { ChatPanel } from '../panel/panel.component.js';

/** Other test files share this server (and the pair's one direct chat): texts are unique per run. */
const tag = () => Math.random().toString(36).slice(2, 8);

const itemOf = (list: Element, chatId: number) => list.shadowRoot!.querySelector<HTMLElement>(`[part~="item"][data-id="${chatId}"]`);

/** Focuses an element inside a shadow root and waits until the browser agrees. */
async function focusOn(el: HTMLElement): Promise<void> {
  el.focus();
  await waitUntil(() => (el.getRootNode() as ShadowRoot).activeElement === el, 'focus should land');
}

describe('<chat-internal-list> (S-DLG-14)', () => {
  const clients: ChatClient[] = [];
  const as = async (user: string) => {
    const c = await connectAs(user);
    clients.push(c);
    return c;
  };
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });

  it('S-DLG-14: two managers chat one-to-one: name, preview as text, unread; Enter opens the chat', async () => {
    const anna = await as('anna');
    const boris = await as('boris');
    const el = await fixture<ChatInternalList>(html`<chat-internal-list lang="ru" .client=${anna}></chat-internal-list>`);
    await waitUntil(() => anna.store.getState().internalLoaded, 'the list loads its chats');

    const chat = await boris.createInternalChat(['anna']);
    expect(chat.kind).to.equal('direct');
    const evil = `<img src=x onerror="window.__pwned=1"> ${tag()}`;
    await boris.send(evil, internalKey(chat.id));
    await waitUntil(() => itemOf(el, chat.id)?.querySelector('[part~="preview"]')?.textContent === evil, 'the message reaches Anna', {
      timeout: 5000,
    });
    const item = itemOf(el, chat.id)!;
    expect(item.querySelector('[part~="name"]')!.textContent).to.equal('Борис Продавцов', "a direct chat shows the other member's name");
    expect(el.shadowRoot!.querySelector('img')).to.equal(null, 'user text is rendered as text, never HTML');
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
    expect(item.getAttribute('part')).to.contain('item-unread');
    expect(item.querySelector('[part~="unread"]')!.textContent).to.match(/непрочитанн/);
    expect(el.shadowRoot!.querySelector('[part~="base"]')!.getAttribute('role')).to.equal('listbox');

    // Keyboard: the first row holds the tab stop (last activity first); Enter opens it.
    await focusOn(el.shadowRoot!.querySelector<HTMLElement>('[part~="item"][tabindex="0"]')!);
    expect(parts(el, 'item')[0]!.dataset['id']).to.equal(String(chat.id), 'the newest chat comes first');
    const selected = oneEvent(el, 'chat-internal-select');
    await sendKeys({ press: 'Enter' });
    expect((await selected).detail).to.deep.equal({ chatId: chat.id });
    expect(el.selected).to.equal(chat.id);
    expect(item.getAttribute('aria-selected')).to.equal('true');

    // Anna answers; her own message is previewed as «Вы: …» and Boris counts one unread.
    const answer = `Привет, Борис ${tag()}`;
    await anna.markRead(internalKey(chat.id));
    await anna.send(answer, internalKey(chat.id));
    await waitUntil(() => itemOf(el, chat.id)?.querySelector('[part~="preview"]')?.textContent === `Вы: ${answer}`, 'own preview');
    await waitUntil(() => !itemOf(el, chat.id)!.querySelector('[part~="unread"]'), 'read by Anna');
    await waitUntil(() => boris.store.getState().internalChats[chat.id]?.lastMessage?.text === answer, 'Boris gets it', { timeout: 5000 });
    expect(boris.store.getState().internalUnread[chat.id]).to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('S-DLG-14: a group of three made in the picker by keyboard only; Escape closes it and focus returns', async () => {
    const vera = await as('vera');
    const anna = await as('anna');
    const boris = await as('boris');
    const el = await fixture<ChatInternalList>(html`<chat-internal-list lang="en" .client=${vera}></chat-internal-list>`);
    await waitUntil(() => vera.store.getState().internalLoaded, 'the list loads');
    const button = part<HTMLButtonElement>(el, 'new-chat-button')!;
    expect(button.textContent).to.contain('New chat');
    expect(button.getAttribute('aria-expanded')).to.equal('false');

    // Open, then Escape: closed, focus back on the button.
    await focusOn(button);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => part(el, 'picker'), 'the picker loads');
    const picker = part<ChatInternalPicker>(el, 'picker')!;
    await waitUntil(() => picker.shadowRoot!.querySelectorAll('input[type="checkbox"]').length >= 2, 'colleagues load', { timeout: 5000 });
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    expect(part(picker, 'base')!.getAttribute('role')).to.equal('dialog');
    await expect(picker).to.be.accessible();
    await waitUntil(() => picker.shadowRoot!.activeElement?.matches('input[type="checkbox"]'), 'focus on the first colleague');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !part(el, 'picker'), 'Escape closes the picker');
    await waitUntil(() => el.shadowRoot!.activeElement === button, 'focus returns to «New chat»');

    // Again, and this time choose Anna and Boris with Tab and Space, type a title, Enter.
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => part(el, 'picker'), 'the picker opens again');
    const again = part<ChatInternalPicker>(el, 'picker')!;
    await waitUntil(() => again.shadowRoot!.querySelectorAll('input[type="checkbox"]').length >= 2, 'colleagues load', { timeout: 5000 });
    await waitUntil(() => again.shadowRoot!.activeElement !== null, 'focus inside');
    const names = [...again.shadowRoot!.querySelectorAll('[part~="colleague"]')].map((l) => l.textContent!.trim());
    expect(names.some((n) => n.startsWith('Вера'))).to.equal(false, 'the caller is not offered');
    for (let i = 0; i < names.length; i++) {
      if (names[i]!.startsWith('Анна') || names[i]!.startsWith('Борис')) await sendKeys({ press: 'Space' });
      await sendKeys({ press: 'Tab' });
    }
    const title = `Склад ${tag()}`;
    expect(again.shadowRoot!.activeElement?.getAttribute('part')).to.equal('group-title');
    await sendKeys({ type: title });
    const created = oneEvent(el, 'chat-internal-select');
    await sendKeys({ press: 'Enter' });
    const { chatId } = (await created).detail as { chatId: number };
    await waitUntil(() => !part(el, 'picker'), 'the picker closes');
    await waitUntil(() => itemOf(el, chatId), 'the new chat is listed');
    const item = itemOf(el, chatId)!;
    expect(item.querySelector('[part~="name"]')!.textContent).to.equal(title);
    expect(item.getAttribute('aria-selected')).to.equal('true');
    const chat = vera.store.getState().internalChats[chatId]!;
    expect(chat.kind).to.equal('group');
    expect(chat.members.map((m) => m.id).sort()).to.deep.equal(['anna', 'boris', 'vera']);
    // The other two learn of it live.
    await waitUntil(() => anna.store.getState().internalChats[chatId] && boris.store.getState().internalChats[chatId], 'members are told', {
      timeout: 5000,
    });

    // Boris writes in the group: the preview names him, Vera counts one unread.
    const text = `Поставка пришла ${tag()}`;
    await boris.send(text, internalKey(chatId));
    await waitUntil(() => itemOf(el, chatId)?.querySelector('[part~="preview"]')?.textContent === `Борис Продавцов: ${text}`, 'group preview', {
      timeout: 5000,
    });
    expect(itemOf(el, chatId)!.querySelector('[part~="unread"]')!.textContent).to.contain('1 unread message');
  });

  it('S-DLG-14: the picker asks for someone before creating', async () => {
    const anna = await as('anna');
    const el = await fixture<ChatInternalList>(html`<chat-internal-list .client=${anna}></chat-internal-list>`);
    part<HTMLButtonElement>(el, 'new-chat-button')!.click();
    await waitUntil(() => part(el, 'picker'), 'the picker loads');
    const picker = part<ChatInternalPicker>(el, 'picker')!;
    await waitUntil(() => picker.shadowRoot!.querySelectorAll('input[type="checkbox"]').length > 0, 'colleagues load', { timeout: 5000 });
    part<HTMLButtonElement>(picker, 'create-button')!.click();
    await waitUntil(() => part(picker, 'error')!.textContent === 'Choose at least one colleague', 'says why');
    part<HTMLButtonElement>(picker, 'cancel-button')!.click();
    await waitUntil(() => !part(el, 'picker'), 'Cancel closes it');
  });

  it('S-DLG-14: in the panel, the Colleagues tab shows the chats and opens one in the same thread and composer', async () => {
    const server = await chatServerUrl();
    const boris = await as('boris');
    const chat = await boris.createInternalChat(['anna']);
    const text = `Для панели ${tag()}`;
    await boris.send(text, internalKey(chat.id));

    const el = await fixture<ChatPanel>(
      html`<chat-panel lang="ru" mode="section" style="height: 520px" server=${server} token-url=${demoTokenUrl('anna')}></chat-panel>`,
    );
    const tabs = parts(el, 'tab');
    expect(tabs.map((t) => t.textContent!.trim().split(/\s/)[0])).to.deep.equal(['Клиенты', 'Коллеги']);
    expect(part(el, 'tabs')!.getAttribute('role')).to.equal('tablist');
    expect(tabs[0]!.getAttribute('aria-selected')).to.equal('true');
    // The unread count of internal chats on the tab (loaded with the panel, before the tab is chosen).
    await waitUntil(() => part(el, 'tab-unread'), 'the tab counts unread chats', { timeout: 5000 });
    const count = Object.keys(el.client!.store.getState().internalUnread).length;
    expect(count).to.be.greaterThan(0);
    expect(part(el, 'tab-unread')!.textContent).to.contain(`${count} `);
    expect(part(el, 'internal-list')).to.equal(null, 'the list loads with its tab');

    // Arrow keys move between tabs (the tablist pattern).
    await focusOn(tabs[0]!);
    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() => part(el, 'internal-list'), 'the internal list loads');
    expect(tabs[1]!.getAttribute('aria-selected')).to.equal('true');
    expect(el.shadowRoot!.activeElement).to.equal(tabs[1]);
    expect(part(el, 'conversation-list')!.hidden).to.equal(true);
    const list = part<ChatInternalList>(el, 'internal-list')!;
    await waitUntil(() => itemOf(list, chat.id), 'the chat is listed', { timeout: 5000 });
    itemOf(list, chat.id)!.click();
    await waitUntil(() => part(el, 'conversation-title')?.textContent === 'Борис Продавцов', 'the header names Boris');
    const thread = part(el, 'thread')! as HTMLElement & { conversationId: number };
    expect(thread.conversationId).to.equal(-chat.id);
    await waitUntil(() => parts<HTMLElement & { text: string }>(thread, 'message').some((m) => m.text === text), 'the thread shows the chat', {
      timeout: 5000,
    });
    // Opening reads it: the chat leaves the tab's count (other files' chats may still count).
    await waitUntil(() => !el.client!.store.getState().internalUnread[chat.id], 'opening the chat reads it', { timeout: 5000 });
    const others = Object.keys(el.client!.store.getState().internalUnread).length;
    const badge = () => part(el, 'tab-unread')?.querySelector('[aria-hidden]')?.textContent ?? '';
    await waitUntil(() => badge() === (others ? String(others) : ''), 'the tab follows');

    // The composer writes into the chat: Boris receives it.
    const composer = part(el, 'composer')! as HTMLElement & { conversationId: number; disabled: boolean };
    expect(composer.conversationId).to.equal(-chat.id);
    expect(composer.disabled).to.equal(false);
    const reply = `Ответ из панели ${tag()}`;
    const input = composer.shadowRoot!.querySelector<HTMLElement>('textarea')!;
    await focusOn(input);
    await sendKeys({ type: reply });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => boris.store.getState().internalChats[chat.id]?.lastMessage?.text === reply, 'Boris receives it', { timeout: 5000 });
    await expect(el).to.be.accessible({ ignoredRules: ['color-contrast'] });
  });

  it('S-DLG-14, S-DLG-8, S-DLG-7: in an internal chat the unsent text is a server draft (back in a new panel), and one\'s own message is edited from its menu', async () => {
    const server = await chatServerUrl();
    const boris = await as('boris');
    const chat = await boris.createInternalChat(['anna']);
    const panel = () =>
      fixture<ChatPanel>(html`<chat-panel lang="ru" mode="section" style="height: 520px" server=${server} token-url=${demoTokenUrl('anna')}></chat-panel>`);
    const openChat = async (el: ChatPanel) => {
      parts(el, 'tab')[1]!.click();
      await waitUntil(() => part(el, 'internal-list'), 'the Colleagues tab shows its list');
      const list = part<ChatInternalList>(el, 'internal-list')!;
      await waitUntil(() => itemOf(list, chat.id), 'the chat is listed', { timeout: 5000 });
      itemOf(list, chat.id)!.click();
      await waitUntil(() => (part(el, 'composer') as HTMLElement & { conversationId: number } | null)?.conversationId === -chat.id, 'the chat opens');
      return part(el, 'composer')! as HTMLElement & { conversationId: number; value: string; updateComplete: Promise<unknown> };
    };
    const draft = `Черновик ${tag()}`;
    const first = await panel();
    let composer = await openChat(first);
    const input = () => composer.shadowRoot!.querySelector<HTMLTextAreaElement>('textarea')!;
    // Typed text arrives as input events (keys go to whichever page has focus when files run side by side).
    const type = (text: string) => {
      input().value = text;
      input().dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    };
    type(draft);
    // Saved on the server (the client debounces), under the chat's id.
    await first.client!.flushDrafts();
    first.remove();

    // Another panel (a reload, or another device): the text is back from the server.
    const second = await panel();
    composer = await openChat(second);
    await waitUntil(() => input().value === draft, 'the draft comes back', { timeout: 5000 });
    const sent = `Отправлено ${tag()}`;
    type(sent);
    (composer as unknown as { send(): void }).send();
    await waitUntil(() => boris.store.getState().internalChats[chat.id]?.lastMessage?.text === sent, 'Boris receives it', { timeout: 5000 });
    await waitUntil(() => second.client!.store.getState().drafts[chat.id] === undefined, 'the send cleared the draft');

    // Her message offers Edit (the server's `can`); the composer edits it, and Boris sees the new text.
    const thread = part(second, 'thread')!;
    const mine = () => parts<HTMLElement & { text: string; canEdit: boolean; messageId: number }>(thread, 'message').find((m) => m.text.startsWith('Отправлено'));
    await waitUntil(() => mine()?.canEdit, 'her message may be edited', { timeout: 5000 });
    mine()!.dispatchEvent(new CustomEvent('chat-edit', { bubbles: true, composed: true, detail: { messageId: mine()!.messageId } }));
    await waitUntil(() => input().value === sent, 'the composer holds the text to edit');
    const edited = `${sent} (исправлено)`;
    type(edited);
    (composer as unknown as { send(): void }).send();
    await waitUntil(() => boris.store.getState().internalChats[chat.id]?.lastMessage?.text === edited, 'Boris sees the edit', { timeout: 5000 });
    await waitUntil(() => mine()?.text === edited, 'her thread shows it');
  });
});
