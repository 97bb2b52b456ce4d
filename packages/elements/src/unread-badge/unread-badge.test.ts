import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ChatClient } from '@chatdesk/client';
import { chatServerUrl, demoTokenUrl, part } from '../../test/helpers.js';
import { shareClient, unshareClient } from '../lib/shared-client.js';
import './unread-badge.js';
import '../panel/panel.js';
import type { ChatUnreadBadge } from './unread-badge.component.js';
import type { ChatPanel } from '../panel/panel.component.js';

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

  it('finds the client a panel shares with the page, follows a newer one, and falls back when it is withdrawn', async () => {
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
    expect(el.client, 'the one shared before takes over').to.equal(first);
    expect(el.count).to.equal(2);
    unshareClient(first, document);
    await el.updateComplete;
    expect(el.client).to.equal(undefined);
    expect(el.count).to.equal(0);
  });

  it('S-SET-1: hidden while chats are switched off (whatever the page\'s styles), shown again when they are on', async () => {
    const client = offlineClient();
    setUnread(client, 4);
    const el = await fixture<ChatUnreadBadge>(html`<chat-unread-badge style="display: inline-block" .client=${client}></chat-unread-badge>`);
    const setChats = (chatsEnabled: boolean) =>
      client.store.update((s) => ({
        ...s,
        settings: { version: (s.settings?.version ?? 0) + 1, chatsEnabled, displayMode: 'popup', managersSeeUnassigned: true },
      }));
    // Before the welcome nothing says chats are off.
    expect(getComputedStyle(el).display).to.equal('inline-block');
    setChats(false);
    await el.updateComplete;
    expect(el.hasAttribute('data-chats-off')).to.equal(true);
    expect(getComputedStyle(el).display).to.equal('none');
    expect(part(el, 'base')!.checkVisibility()).to.equal(false);
    // The count goes on underneath, for when chats come back.
    setUnread(client, 5);
    await el.updateComplete;
    expect(el.count).to.equal(5);
    setChats(true);
    await el.updateComplete;
    expect(el.hasAttribute('data-chats-off')).to.equal(false);
    expect(getComputedStyle(el).display).to.equal('inline-block');
    expect(part(el, 'base')!.textContent).to.equal('5');
    await expect(el).to.be.accessible();
  });

  describe('follows the page\'s panels as they come and go', () => {
    it('two panels: removing the newer hands the badge to the other, adding it back hands it back', async () => {
      const first = offlineClient();
      setUnread(first, 2);
      const second = offlineClient();
      setUnread(second, 7);
      const page = await fixture(html`<div>
        <chat-unread-badge></chat-unread-badge>
        <chat-panel mode="section" .client=${first}></chat-panel>
        <chat-panel mode="section" .client=${second}></chat-panel>
      </div>`);
      const badge = page.querySelector('chat-unread-badge')!;
      const newer = page.querySelectorAll<ChatPanel>('chat-panel')[1]!;
      await waitUntil(() => badge.count === 7, 'the newest panel counts');

      newer.remove();
      await waitUntil(() => badge.client === first, 'the remaining panel takes over');
      await badge.updateComplete;
      expect(badge.count).to.equal(2);

      page.append(newer);
      await waitUntil(() => badge.client === second, 'the panel added back takes over again');
      await badge.updateComplete;
      expect(badge.count).to.equal(7);
      setUnread(second, 8);
      await badge.updateComplete;
      expect(badge.count, 'and stays live').to.equal(8);
    });

    it('one panel with its own connection, removed and added again: the badge follows its new connection', async function () {
      this.timeout(15_000);
      const server = await chatServerUrl();
      const page = await fixture(html`<div>
        <chat-unread-badge></chat-unread-badge>
        <chat-panel mode="section" server=${server} token-url=${demoTokenUrl('vera')}></chat-panel>
      </div>`);
      const badge = page.querySelector('chat-unread-badge')!;
      const panel = page.querySelector<ChatPanel>('chat-panel')!;
      await waitUntil(() => panel.client?.store.getState().connection === 'open', 'vera is in', { timeout: 5000 });
      expect(badge.client).to.equal(panel.client);
      const before = panel.client;

      panel.remove();
      await waitUntil(() => badge.client === undefined, 'no panel, no count');
      await badge.updateComplete;
      expect(badge.count).to.equal(0);

      page.append(panel);
      await waitUntil(() => panel.client !== undefined && panel.client !== before && badge.client === panel.client, 'the new connection is shared');
      await waitUntil(() => panel.client!.store.getState().connection === 'open', 'connected again', { timeout: 5000 });
      // Other files write to the same server meanwhile: compare with the live total.
      await waitUntil(() => badge.count === panel.client!.store.getState().unreadTotal, 'counts from the new connection', { timeout: 5000 });
    });
  });
});
