import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { applyConversationPage, ChatClient } from '@chatdesk/client';
import type { Me } from '@chatdesk/protocol';
import { conversation, part, parts } from '../../test/helpers.js';
import './conversation-menu.js';
import type { ChatConversationMenu } from './conversation-menu.component.js';

// What the server says each reader may do (Conversation.can): the menu offers that, nothing more.
const holderCan = { see: true, reply: true, close: true, assign: true, unassign: false, block: true, unlink: true };
const staffCan = { ...holderCan, assign: false };
const adminCan = { ...holderCan, unassign: true };

function offlineClient(me: Me, list = [conversation(1, { assigneeId: 'anna', can: holderCan })]): ChatClient {
  // Never connected: the menu reads the store; the actions are vetoed before they reach a server.
  const client = new ChatClient({ url: 'ws://127.0.0.1:9/ws', token: 'unused' });
  client.store.update((s) => ({ ...applyConversationPage(s, { conversations: list, unread: {}, nextCursor: null }, true), me }));
  return client;
}
const anna: Me = { kind: 'user', id: 'anna', name: 'Анна', rights: ['chats'] };
const boris: Me = { kind: 'user', id: 'boris', name: 'Борис', rights: ['chats'] };
const olga: Me = { kind: 'user', id: 'olga', name: 'Ольга', rights: ['admin'] };
const actions = (el: ChatConversationMenu) => parts(el, 'item').map((i) => i.dataset['action']);
const focused = (el: ChatConversationMenu) => (el.shadowRoot!.activeElement as HTMLElement | null)?.dataset['action'];

describe('<chat-conversation-menu> (S-DLG-7, S-DLG-6)', () => {
  it('is a menu button driven by the keyboard: ↓ opens on the first item, arrows wrap, Escape closes back to the button', async () => {
    const el = await fixture<ChatConversationMenu>(html`<chat-conversation-menu .client=${offlineClient(anna)} conversation-id="1"></chat-conversation-menu>`);
    const trigger = part(el, 'trigger')!;
    expect(trigger.getAttribute('aria-haspopup')).to.equal('menu');
    expect(trigger.getAttribute('aria-expanded')).to.equal('false');
    trigger.focus();
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => focused(el) === 'close', 'the first item takes focus');
    expect(trigger.getAttribute('aria-expanded')).to.equal('true');
    expect(part(el, 'menu')!.getAttribute('role')).to.equal('menu');
    expect(parts(el, 'item').every((i) => i.getAttribute('role') === 'menuitem')).to.equal(true);
    // Anna is the conversation's manager: she may reassign it.
    expect(actions(el)).to.deep.equal(['close', 'markUnread', 'pick', 'block', 'unlink', 'attachments']);
    await sendKeys({ press: 'ArrowUp' });
    expect(focused(el)).to.equal('attachments');
    await sendKeys({ press: 'ArrowDown' });
    expect(focused(el)).to.equal('close');
    await sendKeys({ press: 'End' });
    expect(focused(el)).to.equal('attachments');
    await sendKeys({ press: 'Home' });
    await sendKeys({ press: 'ArrowDown' });
    expect(focused(el)).to.equal('markUnread');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(part(el, 'menu')!.hidden).to.equal(true);
    await waitUntil(() => el.shadowRoot!.activeElement === trigger, 'focus returns to the button');
  });

  it('offers what the server says the reader may do: reassign when can.assign (admins, the current manager); reopen and unblock when closed and blocked; nothing but mark-unread and show-attachments to a reader who may do nothing else', async () => {
    const closed = conversation(1, { assigneeId: 'anna', status: 'closed', customer: { id: 101, name: 'Мария', blocked: true } });
    const asBoris = await fixture<ChatConversationMenu>(
      html`<chat-conversation-menu .client=${offlineClient(boris, [{ ...closed, can: staffCan }])} conversation-id="1"></chat-conversation-menu>`,
    );
    asBoris.show();
    await asBoris.updateComplete;
    expect(actions(asBoris)).to.deep.equal(['reopen', 'markUnread', 'unblock', 'unlink', 'attachments']);
    const asOlga = await fixture<ChatConversationMenu>(
      html`<chat-conversation-menu .client=${offlineClient(olga, [{ ...closed, can: adminCan }])} conversation-id="1"></chat-conversation-menu>`,
    );
    asOlga.show();
    await asOlga.updateComplete;
    expect(actions(asOlga)).to.include('pick');
    const nothing = { ...staffCan, close: false, block: false, unlink: false };
    const asNobody = await fixture<ChatConversationMenu>(
      html`<chat-conversation-menu .client=${offlineClient(boris, [{ ...closed, can: nothing }])} conversation-id="1"></chat-conversation-menu>`,
    );
    asNobody.show();
    await asNobody.updateComplete;
    // Marking unread and showing the files (S-DLG-7) are every reader's.
    expect(actions(asNobody)).to.deep.equal(['markUnread', 'attachments']);
  });

  it('asks before unlinking, in Russian under lang=ru; Cancel does nothing, Confirm sends a cancelable request event', async () => {
    const wrapper = await fixture(html`<div lang="ru"><chat-conversation-menu .client=${offlineClient(anna)} conversation-id="1"></chat-conversation-menu></div>`);
    const el = wrapper.querySelector<ChatConversationMenu>('chat-conversation-menu')!;
    await el.updateComplete; // its Russian terms are a chunk of their own
    expect(part(el, 'trigger')!.getAttribute('aria-label')).to.equal('Действия с диалогом');
    let requests = 0;
    el.addEventListener('chat-conversation-action', (e) => {
      requests++;
      e.preventDefault();
    });
    el.show();
    await el.updateComplete;
    parts(el, 'item').find((i) => i.dataset['action'] === 'unlink')!.click();
    await waitUntil(() => part<HTMLDialogElement>(el, 'dialog')!.open, 'the confirmation opens');
    expect(part(el, 'dialog-text')!.textContent).to.contain('Отвязать клиента Customer 1');
    part(el, 'cancel-button')!.click();
    await waitUntil(() => !part<HTMLDialogElement>(el, 'dialog')!.open, 'Cancel closes it');
    expect(requests).to.equal(0);
    el.show();
    await el.updateComplete;
    parts(el, 'item').find((i) => i.dataset['action'] === 'unlink')!.click();
    await waitUntil(() => part<HTMLDialogElement>(el, 'dialog')!.open, 'opens again');
    const request = oneEvent(el, 'chat-conversation-action');
    part(el, 'confirm-button')!.click();
    expect((await request).detail).to.deep.equal({ conversationId: 1, action: 'unlink' });
    expect(requests).to.equal(1);
  });
});
