/**
 * Issue 10, how the elements show text: user text is bidi-isolated (a right-to-left override in a
 * name or a message reorders nothing around it), icons are inline SVG (no emoji or symbol glyphs,
 * which are empty boxes without a font for them), and links in messages are real links.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { applyConversationPage, applyThreadPage, ChatClient, internalKey } from '@chatdesk/client';
import { isolate } from '../src/lib/bidi.js';
import { assignTo, chatServerUrl, connectAs, conversation, demoTokenUrl, part, parts, freshVisitorKey } from './helpers.js';
import { loadConversationView } from '../src/panel.js';
import '../src/conversation-menu/conversation-menu.js';
import '../src/consultant.js';
import '../src/internal-list/internal-list.js';
import type { ChatPanel } from '../src/panel/panel.component.js';
import type { ChatConsultant } from '../src/consultant/consultant.component.js';
import type { ChatConversationMenu } from '../src/conversation-menu/conversation-menu.component.js';
import type { ChatMessage } from '../src/message/message.component.js';

const RLO = '\u202e';

/** Every element of `root`, through shadow roots. */
function deepElements(root: ParentNode, out: Element[] = []): Element[] {
  for (const el of root.querySelectorAll('*')) {
    out.push(el);
    if (el.shadowRoot) deepElements(el.shadowRoot, out);
  }
  return out;
}

/** Every text node under `host`'s shadow tree, through nested shadow roots. */
function deepTextNodes(host: Element): Text[] {
  const out: Text[] = [];
  for (const root of [host.shadowRoot!, ...deepElements(host.shadowRoot!).map((e) => e.shadowRoot).filter((r) => r !== null)]) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n as Text);
  }
  return out;
}

/** A text node is isolated when an ancestor in its own tree is a `<bdi>` or has `dir`. */
function isolated(node: Text): boolean {
  for (let el = node.parentElement; el; el = el.parentElement) if (el.localName === 'bdi' || el.hasAttribute('dir')) return true;
  return false;
}

/**
 * The on-screen left edge of each character of `word` (its first occurrence in one text node
 * under `host`), in logical order: left to right when the word is not reordered.
 */
function charLefts(host: Element, word: string): number[] {
  const node = deepTextNodes(host).find((n) => n.data.includes(word));
  if (!node) throw new Error(`«${word}» is not shown`);
  const at = node.data.indexOf(word);
  const range = document.createRange();
  return [...word].map((_, i) => {
    range.setStart(node, at + i);
    range.setEnd(node, at + i + 1);
    return range.getBoundingClientRect().left;
  });
}

function readsLeftToRight(host: Element, word: string): boolean {
  const xs = charLefts(host, word);
  return xs.every((x, i) => i === 0 || x > xs[i - 1]!);
}

const offlineClient = () => new ChatClient({ url: 'ws://127.0.0.1:9/ws', token: 'unused' });

describe('issue 10: bidi isolation of user text', () => {
  // These render <chat-thread> and <chat-message> themselves, outside a panel: the bundle's way.
  before(() => loadConversationView());

  it('a right-to-left override in names and texts reorders no UI words around them (list, thread, menu)', async () => {
    const client = offlineClient();
    const now = Date.now();
    const anna = { kind: 'manager' as const, id: 'anna', name: `${RLO}Анна` };
    const olga = { id: 'olga', name: `${RLO}Ольга` };
    client.store.update((s) => {
      let next = applyConversationPage(
        { ...s, me: { kind: 'user', id: 'boris', name: 'Борис', rights: ['chats'] } },
        {
          conversations: [
            conversation(1, {
              // What the server would tell Boris he may do (the menu offers unlink from it).
              can: { see: true, reply: true, close: true, assign: false, unassign: false, block: true, unlink: true },
              customer: { id: 101, name: `${RLO}gpj.exe` },
              lastMessage: { id: 11, author: anna, text: 'Готово', createdAt: now },
            }),
            conversation(2, {
              status: 'closed',
              channel: { id: 1, kind: 'web', name: `${RLO}Сайт` },
              lastMessage: { id: 21, author: { kind: 'manager', ...olga }, text: 'Передаю Борису', createdAt: now },
            }),
          ],
          unread: {},
          nextCursor: null,
        },
        true,
      );
      const me = { kind: 'manager' as const, id: 'boris', name: `${RLO}Борис` };
      next = applyThreadPage(
        next,
        1,
        {
          messages: [
            { id: 11, conversationId: 1, author: anna, text: `${RLO}gpj.exe`, createdAt: now },
            { id: 12, conversationId: 1, author: me, text: 'Смотрю', createdAt: now },
          ],
          hasMore: false,
        },
        false,
      );
      return { ...next, typing: { 1: [{ author: anna, until: now + 60_000 }] } };
    });
    const wrapper = await fixture(html`<div lang="ru" style="width: 700px">
      <chat-conversation-list style="height: 300px" .client=${client}></chat-conversation-list>
      <chat-thread style="height: 300px" .client=${client} conversation-id="1"></chat-thread>
      <chat-conversation-menu .client=${client} conversation-id="1"></chat-conversation-menu>
    </div>`);
    const list = wrapper.querySelector('chat-conversation-list')!;
    const thread = wrapper.querySelector('chat-thread')!;
    await waitUntil(() => parts(list, 'item').length === 2 && parts(thread, 'message').length === 2, 'rendered');
    await (thread as unknown as { updateComplete: Promise<unknown> }).updateComplete;

    // The list: managers' previews «Анна: Готово», «Ольга: Передаю Борису», the channel line «Сайт · закрыт».
    expect(readsLeftToRight(list, 'Готово')).to.equal(true);
    expect(readsLeftToRight(list, 'Передаю')).to.equal(true);
    expect(readsLeftToRight(list, 'закрыт')).to.equal(true);
    // The thread: who types («Анна печатает…»), one's own author line («Борис (вы)»).
    expect(readsLeftToRight(thread, 'печатает')).to.equal(true);
    expect(readsLeftToRight(thread, 'вы')).to.equal(true);
    // The unlink dialog: «Отвязать клиента gpj.exe от диалога? …».
    const menu = wrapper.querySelector<ChatConversationMenu>('chat-conversation-menu')!;
    menu.show();
    await menu.updateComplete;
    parts<HTMLButtonElement>(menu, 'item').find((b) => b.dataset['action'] === 'unlink')!.click();
    await waitUntil(() => part(menu, 'dialog-text'), 'the dialog opens');
    expect(readsLeftToRight(menu, 'диалога')).to.equal(true);
    menu.shadowRoot!.querySelector('dialog')!.close();

    // Every text node holding the override sits in an isolate.
    for (const host of [list, thread, menu]) {
      for (const n of deepTextNodes(host).filter((t) => t.data.includes(RLO))) expect(isolated(n), `${host.localName}: «${n.data}»`).to.equal(true);
    }
  });

  it('a message\'s author line keeps «(вы)» after the name, and the message text has its own direction', async () => {
    const wrapper = await fixture(html`<div lang="ru">
      <chat-message outgoing author-name=${`${isolate(`${RLO}gpj.exe`)} (вы)`} text=${`${RLO}gpj.exe`}></chat-message>
    </div>`);
    const el = wrapper.querySelector<ChatMessage>('chat-message')!;
    await el.updateComplete;
    expect(part(el, 'author')!.textContent).to.equal(`${RLO}gpj.exe (вы)`);
    expect(readsLeftToRight(el, 'вы')).to.equal(true);
    expect(part(el, 'text')!.getAttribute('dir')).to.equal('auto');
  });

  it('the consultant isolates who types and who answers', async () => {
    const server = await chatServerUrl();
    const client = offlineClient();
    const now = Date.now();
    const vera = { kind: 'manager' as const, id: '', name: `${RLO}Вера` };
    client.store.update((s) => ({
      ...applyThreadPage(
        applyConversationPage({ ...s, me: { kind: 'visitor', id: '7', name: 'Гость', rights: [] } }, { conversations: [conversation(5)], unread: {}, nextCursor: null }, true),
        5,
        {
          messages: [
            { id: 1, conversationId: 5, author: vera, text: '', createdAt: now, system: { type: 'assigned', by: null, from: null, to: { id: '', name: `${RLO}Вера` } } },
            { id: 2, conversationId: 5, author: vera, text: `${RLO}gpj.exe`, createdAt: now },
          ],
          hasMore: false,
        },
        false,
      ),
      typing: { 5: [{ author: vera, until: now + 60_000 }] },
    }));
    const el = await fixture<ChatConsultant>(html`<chat-consultant lang="ru" server=${server} storage-key=${freshVisitorKey()}></chat-consultant>`);
    el.client = client;
    el.show();
    await waitUntil(() => part(el, 'typing')!.textContent!.includes('печатает'), 'the typing line');
    expect(readsLeftToRight(el, 'печатает')).to.equal(true);
    expect(part(el, 'notice')!.textContent).to.equal(`Вам отвечает ${RLO}Вера`);
    for (const n of deepTextNodes(el).filter((t) => t.data.includes(RLO))) expect(isolated(n), `«${n.data}»`).to.equal(true);
  });

  it('against the real server: a visitor named with an override writes one, and the panel isolates every piece of it', async function () {
    this.timeout(20_000);
    const server = await chatServerUrl();
    const name = `${RLO}gpj.exe ${Math.random().toString(36).slice(2, 7)}`;
    const res = await fetch(`${server}/api/visitor/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
    const { token } = (await res.json()) as { token: string };
    const visitor = new ChatClient({ url: `${server.replace(/^http/, 'ws')}/ws`, token });
    visitor.connect();
    try {
      const sent = await visitor.send(`Файл ${RLO}gpj.exe, смотрите https://shop.example/${RLO}x`);
      await assignTo(sent.conversationId, 'anna');
      const wrapper = await fixture(html`<div lang="ru">
        <chat-panel mode="section" style="height: 600px" server=${server} token-url=${demoTokenUrl('anna')} conversation-id=${sent.conversationId}></chat-panel>
      </div>`);
      const el = wrapper.querySelector<ChatPanel>('chat-panel')!;
      await waitUntil(() => part(el, 'conversation-title')?.textContent === name, 'the header names the visitor', { timeout: 5000 });
      const thread = part(el, 'thread')!;
      await waitUntil(() => parts(thread, 'message').some((m) => (m as ChatMessage).text.includes('gpj')), 'the message shows', { timeout: 5000 });
      const list = part(el, 'conversation-list')!;
      const search = part<HTMLInputElement>(list, 'search')!;
      search.value = name.slice(-5);
      search.dispatchEvent(new Event('input'));
      await waitUntil(() => parts(list, 'hit').length > 0, 'the search finds the visitor', { timeout: 5000 });
      const holders = deepTextNodes(el).filter((t) => t.data.includes(RLO));
      expect(holders.length, 'the name and the text are shown').to.be.at.least(3);
      for (const n of holders) expect(isolated(n), `«${n.data}» in <${n.parentElement!.localName} part="${n.parentElement!.getAttribute('part')}">`).to.equal(true);
      // The link stops at the override: its text and href hold none.
      const link = deepElements(el.shadowRoot!).find((e) => e.localName === 'a')!;
      expect(link.getAttribute('href')).to.equal('https://shop.example/');
    } finally {
      visitor.close();
    }
  });
});

/** Emoji, dingbats (✓ ✕), «⋯» and the arrows we drew as text (← ↓): none may be UI text. */
const GLYPH = /[\p{Extended_Pictographic}\u2700-\u27bf\u22ef\u2190\u2193]/u;

function glyphTexts(host: Element): string[] {
  return deepTextNodes(host)
    .map((t) => t.data)
    .filter((d) => GLYPH.test(d));
}

/** Every `<svg>` is hidden from assistive technology, and every button has a name. */
function iconProblems(host: Element): string[] {
  const found: string[] = [];
  for (const el of deepElements(host.shadowRoot!)) {
    if (el.localName === 'svg' && el.getAttribute('aria-hidden') !== 'true') found.push('an svg without aria-hidden');
    if (el.localName === 'button' && !el.getAttribute('aria-label') && !el.textContent!.trim()) found.push(`a button without a name: ${el.getAttribute('part')}`);
  }
  return found;
}

describe('issue 10: icons are inline SVG', () => {
  it('the panel (list, thread with statuses, composer bars, menu, internal list) and the consultant show no emoji or symbol glyphs', async function () {
    this.timeout(30_000);
    const server = await chatServerUrl();
    const anna = await connectAs('anna');
    try {
      // A group chat, so that the internal list shows its member count.
      const group = await anna.createInternalChat(['boris', 'vera'], `Группа ${Math.random().toString(36).slice(2, 6)}`);
      await anna.send('Всем привет', internalKey(group.id));
      const wrapper = await fixture(html`<div lang="ru">
        <chat-panel mode="section" style="height: 600px" server=${server} token-url=${demoTokenUrl('anna')}></chat-panel>
        <chat-consultant server=${server} storage-key=${freshVisitorKey()} open></chat-consultant>
      </div>`);
      const panel = wrapper.querySelector<ChatPanel>('chat-panel')!;
      const consultant = wrapper.querySelector<ChatConsultant>('chat-consultant')!;
      await waitUntil(() => consultant.client?.store.getState().connection === 'open', 'the consultant connects', { timeout: 5000 });
      const sent = await consultant.client!.send('Здравствуйте');
      await assignTo(sent.conversationId, 'anna');
      panel.openConversation(sent.conversationId);
      const thread = part(panel, 'thread')!;
      await waitUntil(() => parts(thread, 'message').length >= 2, 'the thread loads', { timeout: 5000 });
      const reply = await panel.client!.send('Добрый день', sent.conversationId);
      await waitUntil(() => parts(consultant, 'message').some((m) => m.textContent!.includes('Добрый день')), 'the reply reaches the visitor', { timeout: 5000 });
      // A failed send too: over the length limit, refused by the server.
      await panel.client!.send('x'.repeat(2001), sent.conversationId).catch(() => undefined);
      await waitUntil(() => parts(thread, 'pending').some((m) => (m as ChatMessage).status === 'failed'), 'the failed send shows', { timeout: 5000 });
      const menu = part<ChatConversationMenu>(panel, 'conversation-menu')!;
      menu.show();
      await menu.updateComplete;
      const composer = part(panel, 'composer') as HTMLElement & { quote(m: unknown): void; updateComplete: Promise<unknown> };
      composer.quote({ ...reply, text: 'Добрый день' });
      await composer.updateComplete;
      part<HTMLButtonElement>(panel, 'tab')!.parentElement!.querySelector<HTMLButtonElement>('[data-tab="colleagues"]')!.click();
      const internal = () => part(panel, 'internal-list');
      await waitUntil(() => internal() && parts(internal()!, 'kind').length > 0, 'the group chat shows', { timeout: 5000 });

      for (const host of [panel, consultant]) {
        expect(glyphTexts(host), host.localName).to.deep.equal([]);
        expect(iconProblems(host), host.localName).to.deep.equal([]);
      }
      const kind = parts(internal()!, 'kind')[0]!;
      expect(kind.querySelector('svg')).not.to.equal(null);
      expect(kind.textContent).to.match(/Группа, \d участник/);
      expect(deepElements(panel.shadowRoot!).filter((e) => e.localName === 'svg').length).to.be.at.least(5);
    } finally {
      anna.close();
    }
  });
});

describe('issue 10: links in messages', () => {
  it('URLs, e-mail addresses and phones are links in the panel and the widget; nothing else is markup', async function () {
    this.timeout(20_000);
    const server = await chatServerUrl();
    const text = 'Каталог: https://shop.example/catalog. Почта anna@shop.example, телефон +7 (999) 123-45-67. <b>жирный?</b>';
    const wrapper = await fixture(html`<div lang="ru">
      <chat-consultant server=${server} storage-key=${freshVisitorKey()} open></chat-consultant>
    </div>`);
    const consultant = wrapper.querySelector<ChatConsultant>('chat-consultant')!;
    await waitUntil(() => consultant.client?.store.getState().connection === 'open', 'connects', { timeout: 5000 });
    const sent = await consultant.client!.send(text);
    await assignTo(sent.conversationId, 'boris');
    const panel = await fixture<ChatPanel>(html`<chat-panel mode="section" style="height: 500px" server=${server} token-url=${demoTokenUrl('boris')} conversation-id=${sent.conversationId}></chat-panel>`);
    const thread = part(panel, 'thread')!;
    await waitUntil(() => parts<ChatMessage>(thread, 'message').some((m) => m.text === text), 'the panel shows it', { timeout: 5000 });
    const bubble = parts<ChatMessage>(thread, 'message').find((m) => m.text === text)!;
    await bubble.updateComplete;
    await waitUntil(() => parts(consultant, 'text').some((t) => t.textContent === text), 'the widget shows it', { timeout: 5000 });
    const mine = parts(consultant, 'text').find((t) => t.textContent === text)!;

    for (const textPart of [part(bubble, 'text')!, mine]) {
      expect(textPart.textContent, 'every character is still there').to.equal(text);
      expect([...textPart.children].map((c) => c.localName)).to.deep.equal(['a', 'a', 'a']);
      const links = [...textPart.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')]);
      expect(links).to.deep.equal([
        ['https://shop.example/catalog', 'https://shop.example/catalog', '_blank', 'noopener noreferrer'],
        ['anna@shop.example', 'mailto:anna@shop.example', null, 'noopener noreferrer'],
        ['+7 (999) 123-45-67', 'tel:+79991234567', null, 'noopener noreferrer'],
      ]);
      expect(textPart.querySelector('b')).to.equal(null);
      expect(textPart.querySelector('a')!.getAttribute('part')).to.equal('link');
      // A link reads left to right whatever precedes it (an override cannot show its address backwards).
      expect([...textPart.querySelectorAll('a')].every((a) => a.getAttribute('dir') === 'ltr')).to.equal(true);
    }
    // Links are keyboard-reachable and axe-clean (underlined: not told apart by colour alone).
    expect(getComputedStyle(part(bubble, 'link')!).textDecorationLine).to.equal('underline');
    await expect(bubble).to.be.accessible();
    consultant.client!.close();
  });
});
