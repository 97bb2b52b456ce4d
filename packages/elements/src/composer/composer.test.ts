import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { part } from '../../test/helpers.js';
import './composer.js';
import type { ChatComposer } from './composer.component.js';
import type { Message } from '@chatdesk/protocol';

const message = (id: number, text: string, name = 'Мария'): Message => ({
  id,
  conversationId: 1,
  author: { kind: 'customer', id: '7', name },
  text,
  createdAt: Date.now(),
});

describe('<chat-composer>', () => {
  it('S-DLG-10: an emoji chosen in the emoji button goes where the caret is, replacing a selection, and focus comes back to the field', async () => {
    const el = await fixture<ChatComposer>(html`<chat-composer .value=${'Добрый день!'}></chat-composer>`);
    const field = part<HTMLTextAreaElement>(el, 'textarea')!;
    field.setSelectionRange(7, 11); // «день»
    const button = part(el, 'emoji-button')!;
    expect(button.localName).to.equal('chat-emoji-button');
    button.dispatchEvent(new CustomEvent('chat-emoji-pick', { detail: { emoji: '🌞' }, bubbles: true, composed: true }));
    await el.updateComplete;
    expect(el.value).to.equal('Добрый 🌞!');
    expect(el.shadowRoot!.activeElement).to.equal(field);
    expect(field.selectionStart).to.equal(7 + '🌞'.length);
  });

  it('S-DLG-9: without accept-files there is no paperclip and files are not taken; with it the paperclip is a labelled button', async () => {
    const el = await fixture<ChatComposer>(html`<chat-composer></chat-composer>`);
    expect(part(el, 'attach-button')).to.equal(null);
    expect(await el.addFiles([new File(['x'], 'x.txt')])).to.equal(false);
    el.acceptFiles = true;
    await el.updateComplete;
    expect(part(el, 'attach-button')!.getAttribute('aria-label')).to.equal('Attach files');
    await expect(el).to.be.accessible();
  });

  it('S-CH-2: a channel\'s file rules: a kind it does not carry or a file over its size is refused whole before upload, saying why, in both languages; the file dialog offers only what it carries', async () => {
    const wrapper = await fixture(html`<div lang="en"><chat-composer accept-files></chat-composer></div>`);
    const el = wrapper.querySelector<ChatComposer>('chat-composer')!;
    el.fileRules = { image: true, audio: false, file: false, maxFileBytes: 1000 };
    await el.updateComplete;
    expect(el.renderRoot.querySelector('input[type=file]')!.getAttribute('accept')).to.equal('image/*');
    expect(await el.addFiles([new File(['%PDF-1.4'], 'invoice.pdf', { type: 'application/pdf' })])).to.equal(false);
    await el.updateComplete;
    expect(part(el, 'attachment-notice')!.getAttribute('role')).to.equal('alert');
    expect(part(el, 'attachment-notice')!.textContent).to.contain('does not carry files of this kind (“invoice.pdf”)');
    expect(await el.addFiles([new File([new Uint8Array(2000)], 'big.png', { type: 'image/png' })])).to.equal(false);
    await el.updateComplete;
    expect(part(el, 'attachment-notice')!.textContent).to.contain('“big.png” is too large for this channel');
    expect(part(el, 'attachments')).to.equal(null, 'nothing was attached');
    wrapper.setAttribute('lang', 'ru');
    expect(await el.addFiles([new File(['x'], 'voice.ogg', { type: 'audio/ogg' })])).to.equal(false);
    await el.updateComplete;
    await waitUntil(() => part(el, 'attachment-notice')!.textContent!.includes('Этот канал не передаёт аудио («voice.ogg»)'), 'Russian');
    // What it carries is taken (it waits for a client to upload it).
    expect(await el.addFiles([new File([new Uint8Array(10)], 'ok.png', { type: 'image/png' })])).to.equal(true);
    await el.updateComplete;
    expect(part(el, 'attachment-notice')).to.equal(null);
    el.fileRules = undefined;
    await el.updateComplete;
    expect(el.renderRoot.querySelector('input[type=file]')!.hasAttribute('accept')).to.equal(false);
  });

  it('sends on Enter and clears the field', async () => {
    const el = await fixture<ChatComposer>(html`<chat-composer></chat-composer>`);
    el.focus();
    await sendKeys({ type: 'Hello there' });
    const sent = oneEvent(el, 'chat-send');
    await sendKeys({ press: 'Enter' });
    const event = await sent;
    expect(event.detail).to.deep.equal({ text: 'Hello there' });
    expect(event.bubbles && event.composed).to.equal(true);
    await el.updateComplete;
    expect(el.value).to.equal('');
    expect(part<HTMLTextAreaElement>(el, 'textarea')!.value).to.equal('');
  });

  it('starts a new line on Shift+Enter without sending', async () => {
    const el = await fixture<ChatComposer>(html`<chat-composer></chat-composer>`);
    let sends = 0;
    el.addEventListener('chat-send', () => sends++);
    el.focus();
    await sendKeys({ type: 'one' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ type: 'two' });
    expect(el.value).to.equal('one\ntwo');
    expect(sends).to.equal(0);
    part(el, 'send-button')!.click();
    expect(sends).to.equal(1);
  });

  it('disables sending while the text is empty or blank', async () => {
    const el = await fixture<ChatComposer>(html`<chat-composer></chat-composer>`);
    const button = part<HTMLButtonElement>(el, 'send-button')!;
    expect(button.disabled).to.equal(true);
    el.focus();
    await sendKeys({ type: '   ' });
    await el.updateComplete;
    expect(button.disabled).to.equal(true);
    let sends = 0;
    el.addEventListener('chat-send', () => sends++);
    await sendKeys({ press: 'Enter' });
    expect(sends).to.equal(0);
    await sendKeys({ type: 'x' });
    await el.updateComplete;
    expect(button.disabled).to.equal(false);
  });

  it('shows the S-DLG-12 counter near the limit, whitespace not counted, and blocks sending over it', async () => {
    const el = await fixture<ChatComposer>(html`<chat-composer></chat-composer>`);
    expect(part(el, 'counter')).to.equal(null);
    el.value = 'x'.repeat(1900) + ' \n '.repeat(300);
    await el.updateComplete;
    expect(part(el, 'counter')!.textContent).to.contain('1900 / 2000');
    expect(part(el, 'counter')!.textContent).to.contain('100 of 2000 characters left');
    expect(part<HTMLButtonElement>(el, 'send-button')!.disabled).to.equal(false);
    el.value = 'x'.repeat(2001);
    await el.updateComplete;
    expect(part(el, 'counter')!.hasAttribute('data-over')).to.equal(true);
    expect(part<HTMLButtonElement>(el, 'send-button')!.disabled).to.equal(true);
    expect(part(el, 'textarea')!.getAttribute('aria-invalid')).to.equal('true');
  });

  it('keeps the text when the chat-send event is cancelled', async () => {
    const el = await fixture<ChatComposer>(html`<chat-composer value="draft"></chat-composer>`);
    el.addEventListener('chat-send', (e) => e.preventDefault());
    el.send();
    await el.updateComplete;
    expect(el.value).to.equal('draft');
  });

  it('is labelled in the page language and passes axe', async () => {
    const wrapper = await fixture(html`<div lang="ru"><chat-composer></chat-composer></div>`);
    const el = wrapper.querySelector('chat-composer')!;
    await el.updateComplete;
    expect(part(el, 'textarea')!.getAttribute('aria-label')).to.equal('Введите сообщение');
    expect(part(el, 'send-button')!.textContent!.trim()).to.equal('Отправить');
    await expect(el).to.be.accessible();
  });

  it('S-DLG-7 reply mode: the quote shows above the field, the send carries replyToId, Escape cancels', async () => {
    const el = await fixture<ChatComposer>(html`<chat-composer></chat-composer>`);
    el.quote(message(41, 'Есть ли белые кроссовки?'));
    await el.updateComplete;
    const quote = part(el, 'quote')!;
    expect(quote.getAttribute('role')).to.equal('group');
    // The name is isolated (U+2068 … U+2069): a right-to-left override in it stays inside it.
    expect(quote.getAttribute('aria-label')).to.equal('Replying to \u2068Мария\u2069');
    expect(part(el, 'quote-author')!.textContent).to.equal('Мария');
    expect(part(el, 'quote-text')!.textContent).to.equal('Есть ли белые кроссовки?');
    await expect(el).to.be.accessible();
    await sendKeys({ type: 'Да, есть' });
    const sent = oneEvent(el, 'chat-send');
    await sendKeys({ press: 'Enter' });
    expect((await sent).detail).to.deep.equal({ text: 'Да, есть', replyToId: 41 });
    await el.updateComplete;
    expect(part(el, 'quote')).to.equal(null);

    // Escape leaves the mode and stays inside (a popup around it must not close).
    el.quote(message(42, 'ещё'));
    await el.updateComplete;
    let escaped = 0;
    el.parentElement!.addEventListener('keydown', (e) => e.key === 'Escape' && escaped++);
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(part(el, 'quote')).to.equal(null);
    expect(escaped).to.equal(0);
    await sendKeys({ type: 'x' });
    const plain = oneEvent(el, 'chat-send');
    await sendKeys({ press: 'Enter' });
    expect((await plain).detail).to.deep.equal({ text: 'x' });
    // With no mode to leave, Escape goes on to the page.
    await sendKeys({ press: 'Escape' });
    expect(escaped).to.equal(1);
  });

  it('S-DLG-7 edit mode: the field holds the message under an "Editing" bar; Escape gives back what was typed', async () => {
    const el = await fixture<ChatComposer>(html`<div lang="ru"><chat-composer></chat-composer></div>`).then((d) => d.firstElementChild as ChatComposer);
    el.focus();
    await sendKeys({ type: 'half a reply' });
    el.edit(message(7, 'Old text', 'Борис'));
    await el.updateComplete;
    expect(el.value).to.equal('Old text');
    const bar = part(el, 'edit-bar')!;
    expect(bar.getAttribute('aria-label')).to.equal('Редактирование');
    expect(bar.textContent).to.contain('Редактирование');
    expect(part(el, 'send-button')!.textContent!.trim()).to.equal('Сохранить');
    await expect(el).to.be.accessible();
    await sendKeys({ type: ' more' });
    expect(el.value).to.equal('Old text more');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.value).to.equal('half a reply');
    expect(part(el, 'edit-bar')).to.equal(null);
    expect(part(el, 'send-button')!.textContent!.trim()).to.equal('Отправить');

    // The cancel button does the same, and focus stays in the field.
    el.edit(message(7, 'Old text'));
    await el.updateComplete;
    part(el, 'cancel-button')!.click();
    await el.updateComplete;
    expect(el.value).to.equal('half a reply');
    expect(el.shadowRoot!.activeElement === part(el, 'textarea')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('S-DLG-12 announces the characters left politely at milestones, not on every keystroke', async () => {
    const el = await fixture<ChatComposer>(html`<chat-composer></chat-composer>`);
    const live = el.shadowRoot!.querySelector('[role="status"]')!;
    expect(live.textContent).to.equal('');
    el.value = 'x'.repeat(1850);
    await el.updateComplete;
    expect(live.textContent).to.equal('150 of 2000 characters left');
    el.value = 'x'.repeat(1860);
    await el.updateComplete;
    expect(live.textContent, 'unchanged between milestones').to.equal('150 of 2000 characters left');
    el.value = 'x'.repeat(1905);
    await el.updateComplete;
    expect(live.textContent).to.equal('95 of 2000 characters left');
    el.value = 'x'.repeat(2003);
    await el.updateComplete;
    expect(live.textContent).to.equal('3 characters over the limit of 2000');
  });
});
