import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { applyConversationPage, ChatClient } from '@chatdesk/client';
import { connectAs, conversation, part, parts } from '../../test/helpers.js';
import './conversation-list.js';
import type { ChatConversationList } from './conversation-list.component.js';

function clientWith(list: ReturnType<typeof conversation>[], unread: Record<string, number> = {}): ChatClient {
  const client = new ChatClient({ url: 'ws://127.0.0.1:9/ws', token: 'unused' });
  client.store.update((s) => applyConversationPage(s, { conversations: list, unread, nextCursor: null }, true));
  return client;
}

describe('<chat-conversation-list> (S-DLG-2)', () => {
  it('shows customer, channel, last message, time and unread count, last activity first', async () => {
    const client = clientWith(
      [
        conversation(2, { channel: { id: 2, kind: 'telegram', name: 'Telegram' } }),
        conversation(1, {
          lastMessage: { id: 5, author: { kind: 'manager', id: 'anna', name: 'Anna' }, text: 'On its way', createdAt: Date.now() },
        }),
      ],
      { '2': 4 },
    );
    const el = await fixture<ChatConversationList>(html`<chat-conversation-list .client=${client}></chat-conversation-list>`);
    const items = parts(el, 'item');
    expect(items.map((i) => i.dataset['id'])).to.deep.equal(['1', '2']);
    const [first, second] = items;
    expect(first!.querySelector('[part~="name"]')!.textContent).to.equal('Customer 1');
    expect(first!.querySelector('[part~="preview"]')!.textContent).to.equal('Anna: On its way');
    expect(first!.querySelector('[part~="unread"]')).to.equal(null);
    expect(second!.querySelector('[part~="channel"]')!.textContent).to.equal('Telegram');
    expect(second!.querySelector('[part~="unread"]')!.textContent).to.contain('4 unread messages');
    expect(second!.getAttribute('part')).to.equal('item item-unread');
    expect(first!.querySelector('[part~="time"]')!.textContent).to.match(/^\d\d:\d\d$/);
    await expect(el).to.be.accessible();
  });

  it('is a listbox driven by the keyboard: arrows, Home/End, Enter selects', async () => {
    const client = clientWith([conversation(1), conversation(2), conversation(3)]);
    const el = await fixture<ChatConversationList>(html`<chat-conversation-list .client=${client}></chat-conversation-list>`);
    expect(part(el, 'base')!.getAttribute('role')).to.equal('listbox');
    const items = parts(el, 'item');
    expect(items.map((i) => i.getAttribute('tabindex'))).to.deep.equal(['0', '-1', '-1']);
    items[0]!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('data-id')).to.equal('2');
    await sendKeys({ press: 'End' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('data-id')).to.equal('3');
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    const selected = oneEvent(el, 'chat-conversation-select');
    await sendKeys({ press: 'Enter' });
    expect((await selected).detail).to.deep.equal({ conversationId: 2 });
    await el.updateComplete;
    expect(el.selected).to.equal(2);
    expect(parts(el, 'item')[1]!.getAttribute('aria-selected')).to.equal('true');
    await sendKeys({ press: 'Home' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('data-id')).to.equal('1');
  });

  it('lets the host veto a selection by cancelling the event', async () => {
    const client = clientWith([conversation(1), conversation(2)]);
    const el = await fixture<ChatConversationList>(html`<chat-conversation-list .client=${client} selected="1"></chat-conversation-list>`);
    el.addEventListener('chat-conversation-select', (e) => e.preventDefault());
    parts(el, 'item')[1]!.click();
    await el.updateComplete;
    expect(el.selected).to.equal(1);
  });

  it('loads the first page itself from the real server once connected, in Russian under lang=ru', async () => {
    const client = await connectAs('anna');
    try {
      const wrapper = await fixture(html`<div lang="ru"><chat-conversation-list .client=${client}></chat-conversation-list></div>`);
      const el = wrapper.querySelector('chat-conversation-list')!;
      await waitUntil(() => parts(el, 'item').length > 0, 'conversations should load', { timeout: 5000 });
      expect(part(el, 'base')!.getAttribute('aria-label')).to.equal('Диалоги');
      const names = parts(el, 'name').map((n) => n.textContent);
      // Anna's own seeded conversation (S-AUTH-3: assigned to her).
      expect(names).to.include('Мария Иванова');
    } finally {
      client.close();
    }
  });
});
