/**
 * Issue 10, the elements' errors against the real server: every refusal shows in the element's
 * own words (Russian and English), chosen by the error code and `details.reason`; the server's
 * English message is at most a `title`. A CRM user without the chats right is told so (close
 * 4003) and gets no list, search or composer; a blocked visitor sees a neutral failure.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { ChatClient } from '@chatdesk/client';
import { closeCodes, errorCodes } from '@chatdesk/protocol';
import { assignTo, chatServerUrl, connectAs, connectVisitor, demoTokenUrl, part, parts, freshVisitorKey } from './helpers.js';
import '../src/panel.js';
import '../src/conversation-menu/conversation-menu.js';
import '../src/consultant.js';
import '../src/internal-list/internal-picker.js';
import '../src/message-history/message-history.js';
import type { ChatPanel } from '../src/panel/panel.component.js';
import type { ChatConsultant } from '../src/consultant/consultant.component.js';
import type { ChatConversationMenu } from '../src/conversation-menu/conversation-menu.component.js';
import type { ChatConversationList } from '../src/conversation-list/conversation-list.component.js';
import type { ChatMessage } from '../src/message/message.component.js';
import type { ChatMessageHistory } from '../src/message-history/message-history.component.js';

/** Everything a person reads in an element: its shadow trees' text, nested elements included. */
function shownText(host: Element): string {
  let out = '';
  const walk = (root: Node) => {
    for (const node of root.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) out += node.textContent;
      else if (node instanceof Element) {
        if (node.shadowRoot) walk(node.shadowRoot);
        walk(node);
      }
    }
  };
  walk(host.shadowRoot!);
  return out;
}

/** A visitor's new conversation (one message), assigned to `manager`. */
async function conversationFor(manager: string): Promise<{ visitor: ChatClient; id: number; customerId: number }> {
  const visitor = await connectVisitor();
  const first = await visitor.send(`Здравствуйте ${Math.random().toString(36).slice(2, 7)}`);
  const id = first.conversationId;
  await waitUntil(() => visitor.store.getState().conversations[id], 'the visitor has the conversation');
  const customerId = visitor.store.getState().conversations[id]!.customer.id;
  await assignTo(id, manager);
  return { visitor, id, customerId };
}

describe('issue 10: errors in the element\'s own words', function () {
  this.timeout(20_000);
  let server: string;
  const clients: ChatClient[] = [];
  before(async () => {
    server = await chatServerUrl();
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });

  it('a CRM user without the chats right (close 4003) is told why, in Russian and English, and gets no list, search or composer', async () => {
    const wrapper = await fixture(html`<div lang="ru">
      <chat-panel mode="section" style="height: 400px" server=${server} token-url=${demoTokenUrl('pavel')}></chat-panel>
    </div>`);
    const el = wrapper.querySelector<ChatPanel>('chat-panel')!;
    await waitUntil(() => el.client?.store.getState().connection === 'closed', 'the server refuses pavel', { timeout: 5000 });
    const ru = 'У вас нет доступа к чатам. Попросите администратора выдать вам право работать с ними.';
    await waitUntil(() => part(el, 'no-access')?.textContent === ru, 'the explanation in Russian', { timeout: 3000 });
    const notice = part(el, 'no-access')!;
    expect(notice.getAttribute('role')).to.equal('alert');
    // The server's reason is only a technical detail.
    expect(notice.title).to.equal(closeCodes.FORBIDDEN.reason);
    expect(shownText(el)).not.to.contain(closeCodes.FORBIDDEN.reason);
    // No list that loads forever, no search, no thread, no composer; the banner says nothing more.
    for (const gone of ['body', 'tabs', 'conversation-list', 'thread', 'composer']) expect(part(el, gone), gone).to.equal(null);
    expect(el.shadowRoot!.querySelector('chat-conversation-list, input[type="search"], chat-composer, textarea')).to.equal(null);
    expect(part(el, 'banner')!.hidden).to.equal(true);
    wrapper.setAttribute('lang', 'en');
    await waitUntil(
      () => part(el, 'no-access')!.textContent === 'You have no access to chats. Ask your administrator for the right to use them.',
      'and in English',
    );
    await expect(el).to.be.accessible();
  });

  it('a send to a blocked customer fails with "the customer is blocked" in the panel, a refused delete says so too, in both languages', async () => {
    const { visitor, id, customerId } = await conversationFor('anna');
    clients.push(visitor);
    const wrapper = await fixture(html`<div lang="ru">
      <chat-panel mode="section" style="height: 600px" server=${server} token-url=${demoTokenUrl('anna')} conversation-id=${id}></chat-panel>
    </div>`);
    const el = wrapper.querySelector<ChatPanel>('chat-panel')!;
    await waitUntil(() => el.client?.store.getState().threads[id], 'the thread loads', { timeout: 5000 });
    const client = el.client!;
    const mine = await client.send('Сейчас проверю', id);
    await client.call('customers.setBlocked', { customerId, blocked: true });
    try {
      await waitUntil(() => client.store.getState().conversations[id]?.customer.blocked === true, 'the panel knows', { timeout: 5000 });
      // The composer is disabled by then; a send already under way (another tab, a race) is refused.
      await client.send('Вы тут?', id).catch(() => undefined);
      const thread = part(el, 'thread')!;
      const pending = () => parts<ChatMessage>(thread, 'pending')[0];
      await waitUntil(() => pending()?.status === 'failed', 'the send fails', { timeout: 5000 });
      const tip = () => part(pending()!, 'tooltip')!;
      await waitUntil(() => tip().textContent === 'Не отправлено: клиент заблокирован', 'worded by its reason', { timeout: 3000 });
      expect(tip().title, 'the server\'s words only as the title').to.match(/blocked/);
      expect(part(pending()!, 'actions')!.textContent).not.to.match(/blocked|conversation is no longer/i);

      // Delete from the message's menu (its `chat-delete` event) is refused: blocked as well.
      const row = parts<ChatMessage>(thread, 'message').find((m) => m.messageId === mine.id)!;
      row.dispatchEvent(new CustomEvent('chat-delete', { detail: { messageId: mine.id }, bubbles: true, composed: true }));
      await waitUntil(() => part(thread, 'error')?.textContent === 'Не удалось удалить: клиент заблокирован', 'the refused delete', { timeout: 5000 });
      expect(part(thread, 'error')!.getAttribute('role')).to.equal('alert');

      wrapper.setAttribute('lang', 'en');
      await waitUntil(() => tip().textContent === 'Not sent: the customer is blocked', 'English');
      await waitUntil(() => part(thread, 'error')!.textContent === 'Could not delete: the customer is blocked', 'English');
    } finally {
      await client.call('customers.setBlocked', { customerId, blocked: false });
    }
  });

  it('a blocked visitor sees a neutral «Не отправлено» with Retry, and the server\'s refusal is the plain one', async () => {
    const el = await fixture<ChatConsultant>(html`<chat-consultant lang="ru" server=${server} storage-key=${freshVisitorKey()} open></chat-consultant>`);
    await waitUntil(() => el.client?.store.getState().connection === 'open', 'connects', { timeout: 5000 });
    const first = await el.client!.send('Здравствуйте');
    const id = first.conversationId;
    await waitUntil(() => el.client!.store.getState().conversations[id], 'the conversation is in the store');
    const customerId = el.client!.store.getState().conversations[id]!.customer.id;
    await assignTo(id, 'anna');
    const anna = await connectAs('anna');
    clients.push(anna);
    await anna.call('customers.setBlocked', { customerId, blocked: true });
    try {
      const refusal = await el.client!.send('Есть доставка?').then(
        () => undefined,
        (e: { code: string; message: string; details: unknown }) => e,
      );
      expect(refusal && { code: refusal.code, message: refusal.message, details: refusal.details }).to.deep.equal({
        code: 'FORBIDDEN',
        message: errorCodes.FORBIDDEN.message,
        details: undefined,
      });
      const failed = () => parts(el, 'failed')[0];
      await waitUntil(() => failed(), 'the failed bubble', { timeout: 5000 });
      expect(part(el, 'retry-button')!.textContent!.trim()).to.equal('Повторить');
      expect(failed()!.querySelector('[part~="meta"]')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Не отправлено Повторить');
      expect(shownText(el)).not.to.match(/block|блок|may not|forbidden/i);
      await expect(el).to.be.accessible();
    } finally {
      await anna.call('customers.setBlocked', { customerId, blocked: false });
      el.client?.close();
    }
  });

  it('a refused menu action, search, colleagues list and history show the element\'s own words; the server\'s only as the title', async () => {
    // A visitor's connection: the server refuses every staff method, with its own English words.
    const visitor = await connectVisitor();
    clients.push(visitor);
    const first = await visitor.send('Здравствуйте');
    await waitUntil(() => visitor.store.getState().conversations[first.conversationId], 'in the store');
    // The menu offers what `can` allows; a stale `can` (rights changed since it came) is how an
    // offered action meets the server's refusal, which the element must word itself.
    visitor.store.update((s) => {
      const c = s.conversations[first.conversationId]!;
      return { ...s, conversations: { ...s.conversations, [c.id]: { ...c, can: { ...c.can!, close: true } } } };
    });
    const wrapper = await fixture(html`<div lang="ru">
      <chat-conversation-menu .client=${visitor} conversation-id=${first.conversationId}></chat-conversation-menu>
      <chat-conversation-list .client=${visitor}></chat-conversation-list>
      <chat-internal-picker .client=${visitor}></chat-internal-picker>
      <chat-message-history .client=${visitor} message-id=${first.id}></chat-message-history>
      <chat-message-history id="offline" message-id="1"></chat-message-history>
    </div>`);

    const menu = wrapper.querySelector<ChatConversationMenu>('chat-conversation-menu')!;
    await menu.updateComplete;
    menu.show();
    await menu.updateComplete;
    part<HTMLButtonElement>(menu, 'item')!.click(); // «Закрыть диалог»
    await waitUntil(() => part(menu, 'error'), 'the menu shows the refusal', { timeout: 5000 });
    expect(part(menu, 'error')!.textContent).to.equal('Не получилось: у вас нет на это прав');
    expect(part(menu, 'error')!.title).to.equal('Only staff may do this.');

    const list = wrapper.querySelector<ChatConversationList>('chat-conversation-list')!;
    const search = part<HTMLInputElement>(list, 'search')!;
    search.value = 'доставка';
    search.dispatchEvent(new Event('input'));
    await waitUntil(() => part(list, 'search-error'), 'the search shows the refusal, not "nothing found"', { timeout: 5000 });
    await waitUntil(() => part(list, 'search-error')!.textContent === 'Поиск не удался: у вас нет на это прав', 'worded');
    expect(part(list, 'search-error')!.title).to.equal('Only staff may search.');

    const picker = wrapper.querySelector('chat-internal-picker')!;
    await waitUntil(() => part(picker, 'error')?.textContent, 'the picker shows the refusal', { timeout: 5000 });
    expect(part(picker, 'error')!.textContent).to.equal('Не удалось загрузить список коллег: у вас нет на это прав');
    expect(part(picker, 'error')!.title).to.equal('Internal chats are for staff.');

    const [history, offline] = wrapper.querySelectorAll<ChatMessageHistory>('chat-message-history');
    await history!.show();
    expect(part(history!, 'error')!.textContent).to.equal('Историю изменений видят только администраторы чатов');
    history!.hide();
    await offline!.show();
    expect(part(offline!, 'error')!.textContent).to.equal('Не удалось загрузить историю: нет связи с сервером, повторите попытку');
    offline!.hide();

    wrapper.setAttribute('lang', 'en');
    await waitUntil(() => part(menu, 'error')!.textContent === 'Could not do it: you may not do this', 'the menu in English');
    await waitUntil(() => part(list, 'search-error')!.textContent === 'Search failed: you may not do this', 'the search in English');
    await offline!.show();
    expect(part(offline!, 'error')!.textContent).to.equal('Could not load the history: no connection to the server, try again');
    offline!.hide();
    for (const e of [menu, list, picker]) expect(shownText(e), e.localName).not.to.match(/Only staff|Internal chats are/);
  });
});
