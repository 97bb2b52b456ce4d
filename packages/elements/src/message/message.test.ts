import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { part } from '../../test/helpers.js';
import './message.js';
import type { ChatMessage } from './message.component.js';

describe('<chat-message>', () => {
  it('renders markup in the text as text, never as HTML (XSS)', async () => {
    const payload = '<img src=x onerror="window.__chatXss = 1"><b>bold</b>';
    const el = await fixture<ChatMessage>(html`<chat-message .text=${payload} author-name="Eve"></chat-message>`);
    const text = part(el, 'text')!;
    expect(text.textContent).to.equal(payload);
    expect(text.querySelector('img, b')).to.equal(null);
    await new Promise((r) => setTimeout(r, 50));
    expect((window as { __chatXss?: number }).__chatXss).to.equal(undefined);
  });

  it('keeps newlines through CSS, with the author and time shown', async () => {
    const createdAt = new Date(2026, 0, 15, 9, 5).getTime();
    const el = await fixture<ChatMessage>(
      html`<chat-message text=${'line one\nline two'} author-name="Anna" author-kind="manager" created-at=${createdAt}></chat-message>`,
    );
    expect(getComputedStyle(part(el, 'text')!).whiteSpace).to.equal('pre-wrap');
    expect(part(el, 'text')!.textContent).to.equal('line one\nline two');
    expect(part(el, 'author')!.textContent).to.equal('Anna');
    expect(part(el, 'time')!.textContent!.trim()).to.equal('09:05');
    expect(part(el, 'time')!.getAttribute('datetime')).to.equal(new Date(createdAt).toISOString());
    await expect(el).to.be.accessible();
  });

  it('shows a failed send with its reason, and Retry / Discard emit composed events (S-DLG-13)', async () => {
    const el = await fixture<ChatMessage>(
      html`<chat-message outgoing status="failed" error="Too long" client-message-id="cm-1" text="hi"></chat-message>`,
    );
    expect(part(el, 'actions')!.textContent).to.contain('Too long');
    expect(part(el, 'status')!.getAttribute('aria-label')).to.equal('Not sent');
    const wrapper = el.parentElement!;
    setTimeout(() => part(el, 'retry-button')!.click());
    const retry = await oneEvent(wrapper, 'chat-retry');
    expect(retry.detail).to.deep.equal({ clientMessageId: 'cm-1' });
    expect(retry.composed && retry.bubbles).to.equal(true);
    setTimeout(() => part(el, 'discard-button')!.click());
    const discard = await oneEvent(wrapper, 'chat-discard');
    expect(discard.detail).to.deep.equal({ clientMessageId: 'cm-1' });
    await expect(el).to.be.accessible();
  });

  it('speaks Russian under a [lang=ru] ancestor', async () => {
    const wrapper = await fixture(html`<div lang="ru"><chat-message outgoing status="failed" text="привет"></chat-message></div>`);
    const el = wrapper.querySelector('chat-message')!;
    await el.updateComplete;
    expect(part(el, 'retry-button')!.textContent!.trim()).to.equal('Повторить');
    expect(part(el, 'status')!.getAttribute('aria-label')).to.equal('Не отправлено');
  });

  it('follows a lang change of the page', async () => {
    const before = document.documentElement.lang;
    const el = await fixture<ChatMessage>(html`<chat-message outgoing status="failed" text="x"></chat-message>`);
    try {
      document.documentElement.lang = 'ru';
      await waitUntil(() => part(el, 'retry-button')!.textContent!.trim() === 'Повторить', 'Russian after the change');
      document.documentElement.lang = 'en';
      await waitUntil(() => part(el, 'retry-button')!.textContent!.trim() === 'Retry', 'English again');
    } finally {
      document.documentElement.lang = before;
    }
  });

  it('shows a clock while queued and no status once sent', async () => {
    const el = await fixture<ChatMessage>(html`<chat-message outgoing status="queued" text="hi"></chat-message>`);
    expect(part(el, 'status')!.getAttribute('aria-label')).to.equal('Waiting for the connection');
    el.status = 'sent';
    await el.updateComplete;
    expect(part(el, 'status')).to.equal(null);
  });
});
