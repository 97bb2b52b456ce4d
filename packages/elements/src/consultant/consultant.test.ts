import { expect, fixture, fixtureCleanup, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { chatServerUrl, part, parts } from '../../test/helpers.js';
import './consultant.js';
import type { ChatConsultant } from './consultant.component.js';

const storageKey = (server: string) => `chatdesk.visitor:${new URL(server).href}`;

describe('<chat-consultant> (S-CH-1)', () => {
  let server: string;
  before(async () => {
    server = await chatServerUrl();
  });
  beforeEach(() => localStorage.removeItem(storageKey(server)));

  it('waits for a new visitor to open it before connecting; opens, focuses the field, closes on Escape', async () => {
    const el = await fixture<ChatConsultant>(html`<chat-consultant server=${server}></chat-consultant>`);
    expect(el.client).to.equal(undefined);
    const launcher = part<HTMLButtonElement>(el, 'launcher')!;
    expect(launcher.getAttribute('aria-label')).to.equal('Open the chat with the shop');
    const opened = oneEvent(el, 'chat-open-change');
    launcher.click();
    expect((await opened).detail).to.deep.equal({ open: true });
    await el.updateComplete;
    expect(part(el, 'window')!.hidden).to.equal(false);
    await waitUntil(() => el.shadowRoot!.activeElement === part(el, 'textarea'), 'the field takes focus');
    await waitUntil(() => el.client?.store.getState().connection === 'open', 'connects once opened', { timeout: 5000 });
    expect(localStorage.getItem(storageKey(server))).to.be.a('string');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.open).to.equal(false);
    await waitUntil(() => el.shadowRoot!.activeElement === launcher, 'focus back on the button');
  });

  it('sends with Enter as the visitor and shows the history again after a reload', async () => {
    const el = await fixture<ChatConsultant>(html`<chat-consultant server=${server} open lang="ru"></chat-consultant>`);
    expect(part(el, 'send-button')!.textContent!.trim()).to.equal('Отправить');
    part(el, 'textarea')!.focus();
    await sendKeys({ type: 'Есть ли доставка в Казань?' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => parts(el, 'message').some((m) => !m.matches('[part~="pending"]') && m.textContent!.includes('Казань')), 'stored', {
      timeout: 5000,
    });
    expect((part<HTMLTextAreaElement>(el, 'textarea')!).value).to.equal('');
    const first = el.conversationId;
    expect(first).to.be.a('number');

    // A reload: the element goes, a new one comes with the token kept in localStorage.
    fixtureCleanup();
    const again = await fixture<ChatConsultant>(html`<chat-consultant server=${server}></chat-consultant>`);
    // A returning visitor connects at once, without opening the window.
    await waitUntil(() => parts(again, 'message').some((m) => m.textContent!.includes('Казань')), 'history after reload', {
      timeout: 5000,
    });
    expect(again.conversationId).to.equal(first);
    again.show();
    await again.updateComplete;
    await expect(again).to.be.accessible({ ignoredRules: ['color-contrast'] });
  });

  it('renders a message with markup as text', async () => {
    const el = await fixture<ChatConsultant>(html`<chat-consultant server=${server} open></chat-consultant>`);
    await waitUntil(() => el.client?.store.getState().connection === 'open', 'connects', { timeout: 5000 });
    const payload = '<img src=x onerror="window.__chatXss=1"><i>x</i>';
    el.client!.send(payload).catch(() => undefined);
    await waitUntil(() => parts(el, 'text').some((t) => t.textContent === payload), 'shown', { timeout: 5000 });
    expect(part(el, 'messages')!.querySelector('img, i')).to.equal(null);
    expect((window as { __chatXss?: number }).__chatXss).to.equal(undefined);
  });
});
