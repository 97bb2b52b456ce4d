import { expect, fixture, html } from '@open-wc/testing';
import { ChatClient } from '@chatdesk/client';
import { part } from '../../test/helpers.js';
import { shareClient, unshareClient } from '../lib/shared-client.js';
import './unread-badge.js';
import type { ChatUnreadBadge } from './unread-badge.component.js';

/** A client that never connects: these tests drive its real store directly. */
function offlineClient(): ChatClient {
  return new ChatClient({ url: 'ws://127.0.0.1:9/ws', token: 'unused' });
}

function setUnread(client: ChatClient, unreadTotal: number): void {
  client.store.update((s) => ({ ...s, unreadTotal }));
}

describe('<chat-unread-badge> (S-HOST-3)', () => {
  it('is hidden at 0 and shows the count of unread conversations', async () => {
    const client = offlineClient();
    const el = await fixture<ChatUnreadBadge>(html`<chat-unread-badge .client=${client}></chat-unread-badge>`);
    expect(getComputedStyle(el).display).to.equal('none');
    setUnread(client, 3);
    await el.updateComplete;
    expect(el.getAttribute('count')).to.equal('3');
    expect(getComputedStyle(el).display).not.to.equal('none');
    expect(part(el, 'base')!.textContent).to.equal('3');
    expect(el.shadowRoot!.textContent).to.contain('3 unread conversations');
    setUnread(client, 1);
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('1 unread conversation');
    setUnread(client, 150);
    await el.updateComplete;
    expect(part(el, 'base')!.textContent).to.equal('99+');
    await expect(el).to.be.accessible();
  });

  it('says it in Russian with the right plural forms', async () => {
    const client = offlineClient();
    const wrapper = await fixture(html`<div lang="ru-RU"><chat-unread-badge .client=${client}></chat-unread-badge></div>`);
    const el = wrapper.querySelector('chat-unread-badge')!;
    const label = async (n: number) => {
      setUnread(client, n);
      await el.updateComplete;
      return el.shadowRoot!.querySelector('.visually-hidden')!.textContent;
    };
    expect(await label(1)).to.equal('1 непрочитанный диалог');
    expect(await label(3)).to.equal('3 непрочитанных диалога');
    expect(await label(5)).to.equal('5 непрочитанных диалогов');
    expect(await label(11)).to.equal('11 непрочитанных диалогов');
    expect(await label(21)).to.equal('21 непрочитанный диалог');
    expect(await label(22)).to.equal('22 непрочитанных диалога');
  });

  it('finds the client a panel shares with the page, and follows a new one', async () => {
    const el = await fixture<ChatUnreadBadge>(html`<chat-unread-badge></chat-unread-badge>`);
    expect(el.client).to.equal(undefined);
    const first = offlineClient();
    setUnread(first, 2);
    shareClient(first, document);
    await el.updateComplete;
    expect(el.client).to.equal(first);
    expect(el.count).to.equal(2);
    const second = offlineClient();
    setUnread(second, 7);
    shareClient(second, document);
    await el.updateComplete;
    expect(el.count).to.equal(7);
    unshareClient(second, document);
    await el.updateComplete;
    expect(el.count).to.equal(0);
  });
});
