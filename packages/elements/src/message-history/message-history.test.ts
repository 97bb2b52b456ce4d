import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ChatClient } from '@chatdesk/client';
import type { Message } from '@chatdesk/protocol';
import { assignTo, chatServerUrl, connectAs, connectVisitor, demoTokenUrl, part, parts } from '../../test/helpers.js';
import type { ChatMessageHistory } from './message-history.component.js';
import type { ChatComposer } from '../composer/composer.component.js';
import type { ChatPanel } from '../panel/panel.component.js';
import './message-history.js';
import '../panel/panel.js';

const opened: ChatClient[] = [];
async function connect(user: string): Promise<ChatClient> {
  const client = await connectAs(user);
  opened.push(client);
  return client;
}

/** Boris's conversation with a twice-edited message and a deleted one, through the real server. */
async function editedMessages(): Promise<{ boris: ChatClient; id: number; question: Message; edited: Message; deleted: Message }> {
  const visitor = await connectVisitor();
  opened.push(visitor);
  const question = await visitor.send('Можно вернуть кроссовки?');
  const id = question.conversationId;
  await assignTo(id, 'boris');
  const boris = await connect('boris');
  await boris.openThread(id);
  const first = await boris.send('Первый вариант', id);
  await boris.editMessage(first.id, '<b>Второй</b> вариант');
  const edited = await boris.editMessage(first.id, 'Третий вариант');
  const doomed = await boris.send('Удалю', id);
  const deleted = await boris.deleteMessage(doomed.id);
  return { boris, id, question, edited, deleted };
}

async function historyFor(client: ChatClient, messageId: number) {
  const page = await fixture(html`<div>
    <button id="opener">open</button>
    <chat-message-history .client=${client} message-id=${messageId}></chat-message-history>
  </div>`);
  const opener = page.querySelector<HTMLButtonElement>('#opener')!;
  const el = page.querySelector('chat-message-history')!;
  opener.focus();
  await el.show();
  await el.updateComplete;
  return { el, opener, dialog: part<HTMLDialogElement>(el, 'dialog')! };
}

describe('<chat-message-history>', () => {
  afterEach(() => {
    for (const c of opened.splice(0)) c.close();
  });

  it('S-DLG-7 shows a chat admin every previous text, oldest first, as text; Escape closes and focus returns', async () => {
    const { edited } = await editedMessages();
    const vera = await connect('vera');
    const { el, opener, dialog } = await historyFor(vera, edited.id);
    expect(dialog.open).to.equal(true);
    expect(dialog.matches(':modal'), 'a modal dialog: the page behind is inert').to.equal(true);
    expect(dialog.getAttribute('aria-labelledby')).to.equal('title');
    expect(part(el, 'title')!.textContent).to.equal('Edit history');
    expect(el.shadowRoot!.activeElement === part(el, 'close-button'), 'focus moves into the dialog').to.equal(true);

    const revisions = parts(el, 'revision');
    expect(revisions.length).to.equal(2);
    const texts = revisions.map((r) => r.querySelector('[part~="text"]')!.textContent!.replace(/^Text before: /, ''));
    expect(texts).to.deep.equal(['Первый вариант', '<b>Второй</b> вариант']);
    expect(el.shadowRoot!.querySelector('b'), 'user text is never HTML').to.equal(null);
    for (const r of revisions) {
      expect(r.getAttribute('part')).to.contain('revision-edited');
      expect(r.querySelector('[part~="action"]')!.textContent).to.equal('Edited');
      expect(r.querySelector('[part~="by"]')!.textContent).to.equal('Борис Продавцов');
      expect(r.querySelector('time')!.getAttribute('datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
    }
    expect(part(el, 'current')!.querySelector('[part~="text"]')!.textContent).to.equal('Третий вариант');
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(dialog.open).to.equal(false);
    expect(el.open).to.equal(false);
    expect(document.activeElement === opener, 'focus back on the opener').to.equal(true);
  });

  it('S-DLG-7 a deleted message: the removed text and "deleted" now, in Russian', async () => {
    const { deleted } = await editedMessages();
    const vera = await connect('vera');
    document.documentElement.lang = 'ru';
    try {
      const { el } = await historyFor(vera, deleted.id);
      const [revision] = parts(el, 'revision');
      expect(revision!.getAttribute('part')).to.contain('revision-deleted');
      expect(revision!.querySelector('[part~="action"]')!.textContent).to.equal('Удалено');
      expect(revision!.querySelector('[part~="text"]')!.textContent).to.contain('Удалю');
      expect(part(el, 'current')!.textContent).to.contain('Сообщение удалено');
      expect(part(el, 'title')!.textContent).to.equal('История изменений');
      // The close button works by keyboard too.
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => !el.open, 'Enter on the close button closes it');
    } finally {
      document.documentElement.lang = '';
    }
  });

  it('S-DLG-7 a plain manager gets the server’s refusal, not the trail', async () => {
    const { boris, edited } = await editedMessages();
    const { el } = await historyFor(boris, edited.id);
    const error = part(el, 'error')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.equal('Only chat admins can see the edit history');
    expect(parts(el, 'revision')).to.deep.equal([]);
    part(el, 'close-button')!.click();
    await waitUntil(() => !el.open, 'the close button closes it');
  });

  it('S-DLG-7 the panel: Reply and Edit from a message go to the composer, History opens this dialog', async () => {
    const { id, question, edited } = await editedMessages();
    const server = await chatServerUrl();
    const panel = await fixture<ChatPanel>(
      html`<chat-panel mode="section" style="height: 560px" server=${server} token-url=${demoTokenUrl('vera')}></chat-panel>`,
    );
    await waitUntil(() => panel.client?.state.connection === 'open', 'vera connects', { timeout: 5000 });
    panel.openConversation(id);
    const thread = part(panel, 'thread')!;
    await waitUntil(() => parts(thread, 'message').length >= 2, 'the thread loads', { timeout: 5000 });
    const composer = part(panel, 'composer') as ChatComposer;
    const bubble = parts(thread, 'message')[0]!;
    const menu = (name: string, messageId: number) =>
      bubble.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail: { messageId } }));

    menu('chat-reply', question.id);
    await composer.updateComplete;
    expect(part(composer, 'quote-text')!.textContent).to.equal(question.text);
    expect(composer.shadowRoot!.activeElement === part(composer, 'textarea')).to.equal(true);

    menu('chat-edit', edited.id);
    await composer.updateComplete;
    expect(composer.value).to.equal('Третий вариант');
    expect(part(composer, 'edit-bar')).not.to.equal(null);
    expect(part(composer, 'quote')).to.equal(null);
    await sendKeys({ press: 'Escape' });

    menu('chat-history', edited.id);
    await waitUntil(() => part(panel, 'history'), 'the dialog loads on first use', { timeout: 5000 });
    const history = part(panel, 'history') as ChatMessageHistory;
    await waitUntil(() => parts(history, 'revision').length === 2, 'the trail shows', { timeout: 5000 });
    expect(history.messageId).to.equal(edited.id);
    await sendKeys({ press: 'Escape' });
    await history.updateComplete;
    expect(history.open).to.equal(false);
    // Escape closed the dialog only, not what is around it.
    expect(panel.conversationId).to.equal(id);
    expect(composer.shadowRoot!.activeElement === part(composer, 'textarea'), 'focus back where it was').to.equal(true);
  });

  it('S-DLG-7 through the real message menu: Reply leaves focus in the composer, History opens the dialog', async () => {
    const { id, question, edited } = await editedMessages();
    const server = await chatServerUrl();
    const panel = await fixture<ChatPanel>(
      html`<chat-panel mode="section" style="height: 560px" server=${server} token-url=${demoTokenUrl('vera')}></chat-panel>`,
    );
    await waitUntil(() => panel.client?.state.connection === 'open', 'vera connects', { timeout: 5000 });
    panel.openConversation(id);
    const thread = part(panel, 'thread')!;
    const bubble = (messageId: number) => parts(thread, 'message').find((m) => (m as HTMLElement & { messageId: number }).messageId === messageId);
    await waitUntil(() => bubble(question.id) && bubble(edited.id), 'the thread loads', { timeout: 5000 });
    const choose = async (messageId: number, item: string) => {
      const el = bubble(messageId)!;
      part(el, 'menu-button')!.click();
      const find = () => el.shadowRoot!.querySelector('chat-message-menu')?.shadowRoot?.querySelector<HTMLElement>(`[data-id="${item}"]`);
      await waitUntil(find, `the menu offers ${item}`, { timeout: 5000 });
      find()!.click();
    };
    const composer = part(panel, 'composer') as ChatComposer;
    const textarea = part(composer, 'textarea')!;

    await choose(question.id, 'reply');
    await waitUntil(() => part(composer, 'quote'), 'the composer quotes it');
    // The menu gives focus back to its button when it closes; the composer must end up with it.
    await new Promise((r) => setTimeout(r, 100));
    expect(composer.shadowRoot!.activeElement === textarea, 'focus in the composer').to.equal(true);
    expect(part(composer, 'quote-text')!.textContent).to.equal(question.text);

    await choose(edited.id, 'history');
    await waitUntil(() => (part(panel, 'history') as ChatMessageHistory | null)?.open, 'the dialog opens', { timeout: 5000 });
    const history = part(panel, 'history') as ChatMessageHistory;
    await waitUntil(() => parts(history, 'revision').length === 2, 'the trail shows', { timeout: 5000 });
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !history.open, 'Escape closes it');
    expect(panel.conversationId).to.equal(id);
  });
});
