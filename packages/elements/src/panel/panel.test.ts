import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { chatServerUrl, demoTokenUrl, part, parts } from '../../test/helpers.js';
import '../unread-badge/unread-badge.js';
import './panel.js';
import { ChatPanel } from './panel.component.js';
import { webSocketUrl } from '../lib/url.js';

const live = (el: ChatPanel) => el.client?.store.getState().connection === 'open';

describe('<chat-panel>', () => {
  let server: string;
  before(async () => {
    server = await chatServerUrl();
  });

  it('derives the WebSocket URL from the server URL', () => {
    expect(webSocketUrl('https://chat.example.com')).to.equal('wss://chat.example.com/ws');
    expect(webSocketUrl('http://127.0.0.1:8080/')).to.equal('ws://127.0.0.1:8080/ws');
    expect(webSocketUrl('https://example.com/chat')).to.equal('wss://example.com/chat/ws');
  });

  it('connects with a token-url, opens from its button, traps nothing and closes on Escape (popup mode)', async () => {
    const el = await fixture<ChatPanel>(html`<chat-panel server=${server} token-url=${demoTokenUrl('boris')}></chat-panel>`);
    expect(el.mode).to.equal('popup');
    await waitUntil(() => live(el), 'the panel should connect', { timeout: 5000 });
    expect(el.client!.store.getState().me?.id).to.equal('boris');
    const launcher = part<HTMLButtonElement>(el, 'launcher')!;
    const panel = part(el, 'panel')!;
    expect(panel.hidden).to.equal(true);
    expect(launcher.getAttribute('aria-expanded')).to.equal('false');

    const opened = oneEvent(el, 'chat-open-change');
    launcher.click();
    expect((await opened).detail).to.deep.equal({ open: true });
    await el.updateComplete;
    expect(panel.hidden).to.equal(false);
    expect(panel.getAttribute('role')).to.equal('dialog');
    expect(launcher.getAttribute('aria-expanded')).to.equal('true');
    // Focus moved into the panel.
    await waitUntil(() => el.shadowRoot!.activeElement !== null && el.shadowRoot!.activeElement !== launcher, 'focus inside');

    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(panel.hidden).to.equal(true);
    await waitUntil(() => el.shadowRoot!.activeElement === launcher, 'focus back on the button');
  });

  it('opens a conversation from the list: header, thread and an enabled composer; passes axe', async () => {
    const el = await fixture<ChatPanel>(
      html`<chat-panel mode="section" style="height: 520px" server=${server} token-url=${demoTokenUrl('boris')}></chat-panel>`,
    );
    expect(part(el, 'launcher')).to.equal(null);
    expect(part(el, 'panel')!.getAttribute('role')).to.equal('region');
    const list = part(el, 'conversation-list')!;
    await waitUntil(() => parts(list, 'item').length > 0, 'the list should load', { timeout: 5000 });
    const composer = part(el, 'composer')! as HTMLElement & { disabled: boolean };
    expect(composer.disabled).to.equal(true);
    const item = parts(list, 'item').find((i) => i.textContent!.includes('Пётр Сидоров'))!;
    item.click();
    await el.updateComplete;
    expect(el.conversationId).to.equal(Number(item.dataset['id']));
    expect(part(el, 'conversation-title')!.textContent).to.equal('Пётр Сидоров');
    expect(composer.disabled).to.equal(false);
    const thread = part(el, 'thread')!;
    await waitUntil(() => parts(thread, 'message').length >= 3, 'the thread should load', { timeout: 5000 });
    await expect(el).to.be.accessible({ ignoredRules: ['color-contrast'] });
  });

  it('shares its connection with a badge outside it, and reconnects as another user when the token source changes', async () => {
    const page = await fixture(html`<div>
      <header><chat-unread-badge></chat-unread-badge></header>
      <chat-panel server=${server} token-url=${demoTokenUrl('anna')}></chat-panel>
    </div>`);
    const el = page.querySelector('chat-panel')!;
    const badge = page.querySelector('chat-unread-badge')!;
    await waitUntil(() => live(el), 'the panel should connect', { timeout: 5000 });
    expect(ChatPanel.clientFor(document)).to.equal(el.client);
    expect(badge.client).to.equal(el.client);
    const first = el.client!;
    const list = part(el, 'conversation-list')!;
    const names = () => parts(list, 'name').map((n) => n.textContent);
    await waitUntil(() => names().length > 0, 'anna sees her list', { timeout: 5000 });
    // S-AUTH-3: Boris's conversation is not Anna's to see.
    expect(names()).not.to.include('Пётр Сидоров');

    el.tokenUrl = demoTokenUrl('olga');
    await el.updateComplete;
    expect(el.client).not.to.equal(first);
    expect(first.store.getState().connection).to.equal('closed');
    await waitUntil(() => live(el), 'the panel should reconnect', { timeout: 5000 });
    expect(el.client!.store.getState().me?.id).to.equal('olga');
    expect(badge.client).to.equal(el.client);
    await waitUntil(() => badge.count === el.client!.store.getState().unreadTotal, 'the badge follows the new user');
    // The list inside follows too (context): the admin sees every conversation (S-AUTH-2).
    await waitUntil(() => names().includes('Пётр Сидоров'), 'the list is olga’s now', { timeout: 5000 });
  });

  it('shows the list or the conversation, with a way back, when narrow', async () => {
    const el = await fixture<ChatPanel>(
      html`<chat-panel mode="section" style="width: 400px; height: 480px" server=${server} token-url=${demoTokenUrl('boris')}></chat-panel>`,
    );
    const list = part(el, 'conversation-list')!;
    const conversation = part(el, 'conversation')!;
    await waitUntil(() => parts(list, 'item').length > 0, 'the list should load', { timeout: 5000 });
    expect(getComputedStyle(conversation).display).to.equal('none');
    parts(list, 'item')[0]!.click();
    await el.updateComplete;
    expect(getComputedStyle(list).display).to.equal('none');
    expect(getComputedStyle(conversation).display).not.to.equal('none');
    const back = part<HTMLButtonElement>(el, 'back-button')!;
    expect(back.getAttribute('aria-label')).to.equal('Conversations');
    back.click();
    await el.updateComplete;
    expect(getComputedStyle(list).display).not.to.equal('none');
    expect(getComputedStyle(conversation).display).to.equal('none');
  });

  it('shows a connection banner while reconnecting', async () => {
    const el = await fixture<ChatPanel>(
      // Port 9 (discard) never answers a WebSocket: the client keeps retrying.
      html`<chat-panel mode="section" server="http://127.0.0.1:9" .token=${'t'}></chat-panel>`,
    );
    await waitUntil(() => el.client!.store.getState().connection === 'reconnecting', 'should be reconnecting', { timeout: 5000 });
    await el.updateComplete;
    const banner = part(el, 'banner')!;
    expect(banner.hidden).to.equal(false);
    expect(banner.getAttribute('role')).to.equal('status');
    expect(banner.textContent).to.contain('Reconnecting');
  });
});
