import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ChatClient } from '@chatdesk/client';
import type { Message } from '@chatdesk/protocol';
import { assignTo, connectAs, connectVisitor, demoTokenUrl, chatServerUrl, part, parts } from '../../test/helpers.js';
import type { ChatComposer } from './composer.component.js';
import type { ChatPanel } from '../panel/panel.component.js';
import './composer.js';
import '../panel/panel.js';

const opened: ChatClient[] = [];
async function connect(user: string): Promise<ChatClient> {
  const client = await connectAs(user);
  opened.push(client);
  return client;
}

/** A new visitor conversation with one customer message, assigned to Boris; his thread loaded. */
async function borisConversation(): Promise<{ boris: ChatClient; id: number; question: Message }> {
  const visitor = await connectVisitor();
  opened.push(visitor);
  const sent = await visitor.send('Здравствуйте! Есть белые кроссовки?');
  await assignTo(sent.conversationId, 'boris');
  const boris = await connect('boris');
  await boris.openThread(sent.conversationId);
  const question = boris.state.threads[sent.conversationId]!.messages.find((m) => m.id === sent.id)!;
  return { boris, id: sent.conversationId, question };
}

async function stored(client: ChatClient, id: number): Promise<Message[]> {
  return (await client.call('messages.list', { conversationId: id })).messages;
}

async function composerFor(client: ChatClient, id: number): Promise<ChatComposer> {
  const el = await fixture<ChatComposer>(html`<chat-composer .client=${client} conversation-id=${id}></chat-composer>`);
  el.focus();
  return el;
}

describe('<chat-composer> with the real server', () => {
  afterEach(() => {
    for (const c of opened.splice(0)) c.close();
  });

  it('S-DLG-7 a quoted reply is sent with replyTo', async () => {
    const { boris, id, question } = await borisConversation();
    const el = await composerFor(boris, id);
    el.quote(question);
    await el.updateComplete;
    expect(part(el, 'quote-text')!.textContent).to.equal(question.text);
    await sendKeys({ type: 'Да, есть белые и чёрные' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(async () => (await stored(boris, id)).some((m) => m.text === 'Да, есть белые и чёрные'), 'the reply is stored', { timeout: 5000 });
    const reply = (await stored(boris, id)).find((m) => m.text === 'Да, есть белые и чёрные')!;
    expect(reply.replyTo).to.deep.include({ id: question.id, text: question.text });
    expect(reply.replyTo!.author.kind).to.equal('customer');
    expect(part(el, 'quote')).to.equal(null);
    expect(el.value).to.equal('');
  });

  it('S-DLG-7 edit mode saves the new text, Escape cancels, a refusal is shown', async () => {
    const { boris, id, question } = await borisConversation();
    const mine = await boris.send('Пришлите фото чека', id);
    const el = await composerFor(boris, id);
    await sendKeys({ type: 'half a reply' });

    el.edit(mine);
    await el.updateComplete;
    expect(el.value).to.equal('Пришлите фото чека');
    await sendKeys({ press: 'End' });
    await sendKeys({ type: ', пожалуйста' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => part(el, 'edit-bar') === null, 'edit mode ends once saved', { timeout: 5000 });
    expect(el.value, 'what was typed before comes back').to.equal('half a reply');
    const edited = (await stored(boris, id)).find((m) => m.id === mine.id)!;
    expect(edited.text).to.equal('Пришлите фото чека, пожалуйста');
    expect(edited.editedAt).to.be.a('number');

    el.edit(edited);
    await el.updateComplete;
    await sendKeys({ type: ' и паспорта' });
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.value).to.equal('half a reply');
    expect((await stored(boris, id)).find((m) => m.id === mine.id)!.text).to.equal('Пришлите фото чека, пожалуйста');

    // Only its author may edit a message: the server's FORBIDDEN (details.reason 'not_author')
    // shows in the composer's own words, in the page's language; the server's English is only
    // the title. Edit mode stays.
    el.edit(question);
    await el.updateComplete;
    await sendKeys({ type: '!' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => part(el, 'error') !== null, 'the refusal shows', { timeout: 5000 });
    expect(part(el, 'error')!.getAttribute('role')).to.equal('alert');
    expect(part(el, 'error')!.textContent).to.equal('Could not save: only its author may change a message');
    expect(part(el, 'error')!.title).to.equal('Only its author may edit a message.');
    el.setAttribute('lang', 'ru');
    await waitUntil(() => part(el, 'error')!.textContent === 'Не удалось сохранить: менять сообщение может только его автор', 'in Russian');
    el.removeAttribute('lang');
    expect(part(el, 'edit-bar')).not.to.equal(null);
    expect(part(el, 'textarea')!.getAttribute('aria-describedby')).to.contain('error');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(part(el, 'error')).to.equal(null);
    expect(el.value).to.equal('half a reply');
  });

  it('S-DLG-12 2000 characters not counting whitespace go through; the 2001st disables sending', async () => {
    const { boris, id } = await borisConversation();
    const el = await composerFor(boris, id);
    const text = 'ab '.repeat(1000) + '\n\n';
    el.value = text;
    await el.updateComplete;
    expect(part(el, 'counter')!.textContent).to.contain('2000 / 2000');
    expect(part<HTMLButtonElement>(el, 'send-button')!.disabled).to.equal(false);
    el.value = text + 'x';
    await el.updateComplete;
    expect(part<HTMLButtonElement>(el, 'send-button')!.disabled).to.equal(true);
    await sendKeys({ press: 'Enter' });
    expect(el.value, 'Enter does not send over the limit').to.equal(text + 'x');
    el.value = text;
    await el.updateComplete;
    part(el, 'send-button')!.click();
    await waitUntil(async () => (await stored(boris, id)).some((m) => m.text === text), 'the server takes 2000 non-space characters', { timeout: 5000 });
  });

  it('S-DLG-8 a draft saved on one device shows on another until something is typed there', async () => {
    const { boris, id } = await borisConversation();
    const other = await connect('boris');
    await other.openThread(id);
    const a = await composerFor(boris, id);
    const b = await fixture<ChatComposer>(html`<chat-composer .client=${other} conversation-id=${id}></chat-composer>`);
    a.focus();
    await sendKeys({ type: 'Черновик с ноутбука' });
    await waitUntil(() => b.value === 'Черновик с ноутбука', 'the draft reaches the other device', { timeout: 5000 });
    // Typed on B: B's text wins there, and A (typed locally) keeps its own.
    b.focus();
    await sendKeys({ type: ' и телефона' });
    await waitUntil(() => boris.state.drafts[id]?.text === 'Черновик с ноутбука и телефона', 'A hears of it', { timeout: 5000 });
    await a.updateComplete;
    expect(a.value).to.equal('Черновик с ноутбука');
    expect(b.value).to.equal('Черновик с ноутбука и телефона');
  });

  it('S-DLG-8 a draft survives a reload (composer and list row) and a send clears it', async () => {
    const { boris, id } = await borisConversation();
    const a = await composerFor(boris, id);
    await sendKeys({ type: 'Оформим возврат' });
    await boris.flushDrafts();
    boris.close();

    // "Reload": a new panel, a new connection.
    const server = await chatServerUrl();
    const panel = await fixture<ChatPanel>(
      html`<chat-panel mode="section" style="height: 560px" server=${server} token-url=${demoTokenUrl('boris')}></chat-panel>`,
    );
    const list = part(panel, 'conversation-list')!;
    const row = () => list.shadowRoot!.querySelector(`[part~="item"][data-id="${id}"]`);
    await waitUntil(() => row()?.querySelector('[part~="draft"]'), 'the list shows the draft', { timeout: 5000 });
    expect(row()!.querySelector('[part~="preview"]')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Draft: Оформим возврат');
    panel.openConversation(id);
    const composer = part(panel, 'composer') as ChatComposer;
    await waitUntil(() => composer.value === 'Оформим возврат', 'the composer shows the draft', { timeout: 5000 });

    composer.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => !row()?.querySelector('[part~="draft"]'), 'the list row shows the message again', { timeout: 5000 });
    expect(composer.value).to.equal('');
    await waitUntil(() => row()!.querySelector('[part~="preview"]')!.textContent!.includes('Оформим возврат'), 'the sent reply is the last message');
    const check = await connect('boris');
    await waitUntil(async () => !(await check.call('drafts.list', {})).drafts.some((d) => d.conversationId === id), 'no draft on the server', { timeout: 5000 });
    expect(parts(list, 'draft').some((d) => d.closest('[data-id]')?.getAttribute('data-id') === String(id))).to.equal(false);
  });

  it('typing in the composer shows the manager typing to the visitor; a send ends it', async () => {
    const visitor = await connectVisitor();
    opened.push(visitor);
    const sent = await visitor.send('Вы тут?');
    const id = sent.conversationId;
    await assignTo(id, 'boris');
    const boris = await connect('boris');
    await boris.openThread(id);
    const el = await composerFor(boris, id);
    await sendKeys({ type: 'Да, ' });
    await waitUntil(() => visitor.state.typing[id]?.some((t) => t.author.kind === 'manager'), 'the visitor sees Boris typing', { timeout: 5000 });
    await sendKeys({ type: 'сейчас посмотрю' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => !visitor.state.typing[id]?.length, 'the send ends the indicator', { timeout: 5000 });
    expect(el.value).to.equal('');
  });
});
