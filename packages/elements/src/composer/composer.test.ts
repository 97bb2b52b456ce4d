import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { part } from '../../test/helpers.js';
import './composer.js';
import type { ChatComposer } from './composer.component.js';

describe('<chat-composer>', () => {
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
});
