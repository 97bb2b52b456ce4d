import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { ChatClient } from '@chatdesk/client';
import { assignTo, chatServerUrl, connectVisitor, demoTokenUrl, freshVisitorKey, part } from '../../test/helpers.js';
import type { ChatCrmSidebar } from '../crm-sidebar/crm-sidebar.component.js';
import type { ChatMessage } from '../message/message.component.js';
import type { ChatPanel } from '../panel/panel.component.js';
import '../consultant/consultant.js';
import '../panel/panel.js';

/*
 * Issue 20, `exportparts` (lib/parts.ts): on the real DOM of a panel with a conversation, its CRM
 * side (all four widgets), a message's menu and the quick replies' popover open, and of a shop
 * consultant with its files' code in, every part inside a nested element is reachable from the
 * top-level element through each level's `exportparts`, under the rule's name; and a page's
 * stylesheet styles the nested elements through `::part()`. test/parts.test.ts holds the same
 * lists to the manifest, the templates and the README.
 */

const closeAfter: ChatClient[] = [];

const inner = <T extends Element = HTMLElement>(host: Element | null | undefined, selector: string): T | null =>
  host?.shadowRoot?.querySelector<T>(selector) ?? null;

/** An element's `exportparts`: inner name → outer name. */
function exportMap(host: Element): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of (host.getAttribute('exportparts') ?? '').split(',')) {
    const [from, to = from] = entry.split(':').map((s) => s.trim());
    if (from) map.set(from, to!);
  }
  return map;
}

/** The name `el`'s part `name` has outside `top`, through each shadow root's host; null where one does not export it. */
function reachedAs(el: Element, name: string, top: Element): string | null {
  let host = (el.getRootNode() as ShadowRoot).host;
  let current: string | undefined = name;
  while (host !== top) {
    current = exportMap(host).get(current);
    if (!current) return null;
    host = (host.getRootNode() as ShadowRoot).host;
  }
  return current;
}

/** The elements with a `part` in the shadow roots of our elements inside `top` (not its own). */
function nestedParts(top: Element): Element[] {
  const found: Element[] = [];
  const visit = (root: ShadowRoot, nested: boolean): void => {
    for (const el of root.querySelectorAll('*')) {
      if (nested && el.hasAttribute('part')) found.push(el);
      if (el.shadowRoot && el.localName.startsWith('chat-')) visit(el.shadowRoot, true);
    }
  };
  visit(top.shadowRoot!, false);
  return found;
}

/** Every nested part under `top`, each with what it is reached as (null: not reached) and the name the rule gives it. */
function reachability(top: Element) {
  return nestedParts(top).flatMap((el) => {
    const host = (el.getRootNode() as ShadowRoot).host;
    return [...el.part].map((name) => ({ host: host.localName, name, reached: reachedAs(el, name, top), rule: `${host.localName.slice(5)}-${name}` }));
  });
}

/** A page stylesheet for one test. */
function pageStyle(css: string): () => void {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  return () => style.remove();
}

/** A wide panel (the CRM side beside the thread) on Anna's new conversation, with every widget open. */
async function openPanel(): Promise<{ panel: ChatPanel; message: ChatMessage; sidebar: ChatCrmSidebar }> {
  const visitor = await connectVisitor();
  closeAfter.push(visitor);
  const { conversationId } = await visitor.send('Здравствуйте! Есть ли кеды 38 размера?');
  await assignTo(conversationId, 'anna');
  const server = await chatServerUrl();
  const box = await fixture<HTMLDivElement>(html`<div style="width:1200px;height:760px">
    <chat-panel mode="section" server=${server} token-url=${demoTokenUrl('anna')}></chat-panel>
  </div>`);
  const panel = box.querySelector<ChatPanel>('chat-panel')!;
  await waitUntil(() => panel.client?.state.connection === 'open', 'anna connects', { timeout: 5000 });
  panel.openConversation(conversationId);
  const thread = () => part(panel, 'thread');
  await waitUntil(() => inner(thread(), 'chat-message[data-message-id]'), 'the thread shows the message', { timeout: 10_000 });
  await waitUntil(() => part(panel, 'crm'), 'the CRM side', { timeout: 10_000 });
  await customElements.whenDefined('chat-crm-sidebar');
  const sidebar = part<ChatCrmSidebar>(panel, 'crm')!;
  for (const w of ['customer', 'products', 'order', 'tasks'] as const) {
    const widget = await sidebar.open(w);
    await waitUntil(() => inner(widget, '[part~="base"], [part~="notice"], [part~="load-error"]'), `the ${w} widget renders`, { timeout: 10_000 });
  }
  return { panel, message: inner<ChatMessage>(thread(), 'chat-message[data-message-id]')!, sidebar };
}

/** Opens a message's menu (its own chunk), three levels down: panel, thread, message. */
async function openMenu(message: ChatMessage): Promise<void> {
  await message.openMenu();
  await waitUntil(() => inner(inner(message, 'chat-message-menu'), '[part~="item"]'), 'the message menu', { timeout: 5000 });
}

/** Opens the quick replies' popover (its own chunk), three levels down: panel, composer, lightning button. */
async function openQuickReplies(panel: ChatPanel): Promise<void> {
  const button = inner<HTMLElement & { show(): void }>(part(panel, 'composer'), 'chat-quick-replies')!;
  button.show();
  await waitUntil(() => inner(inner(button, 'chat-quick-replies-popover'), '[part~="search"]'), 'the quick replies popover', { timeout: 5000 });
}

describe('exportparts: nested elements\' parts reach the page (issue 20)', () => {
  afterEach(() => {
    for (const c of closeAfter.splice(0)) c.close();
  });

  it('in the panel, every part of every nested element is exported at each level, under <tag without chat->-<part>', async () => {
    const { panel, message } = await openPanel();
    // The message menu and the popover each close when focus goes to the other: one at a time.
    await openMenu(message);
    const parts = reachability(panel);
    await openQuickReplies(panel);
    parts.push(...reachability(panel));
    expect(parts.filter((p) => p.reached === null), 'parts no level exports').to.deep.equal([]);
    expect(parts.filter((p) => p.reached !== p.rule), 'parts exported under another name than the rule\'s').to.deep.equal([]);
    // What was reached: the list, the thread and its messages, the composer and the popover in its
    // lightning button, the CRM side's four widgets, the message menu (three levels down).
    const hosts = new Set(parts.map((p) => p.host));
    for (const tag of ['chat-conversation-list', 'chat-thread', 'chat-message', 'chat-message-menu', 'chat-composer', 'chat-quick-replies', 'chat-quick-replies-popover', 'chat-conversation-menu', 'chat-crm-sidebar', 'chat-customer-widget', 'chat-products-widget', 'chat-order-widget', 'chat-tasks-widget']) {
      expect(hosts.has(tag), `parts of <${tag}> were rendered`).to.equal(true);
    }
    expect(parts.length).to.be.greaterThan(150);
  });

  it('a page\'s stylesheet styles the messages, the rows, the composer\'s field and the widgets inside the panel through chat-panel::part()', async () => {
    const { panel, message, sidebar } = await openPanel();
    await openMenu(message);
    const remove = pageStyle(`
      chat-panel::part(message-base) { background-color: rgb(1, 2, 3); }
      chat-panel::part(message-text) { text-decoration-line: underline; }
      chat-panel::part(conversation-list-item) { background-color: rgb(4, 5, 6); }
      chat-panel::part(composer-textarea) { background-color: rgb(7, 8, 9); }
      chat-panel::part(customer-widget-title) { color: rgb(10, 11, 12); }
      chat-panel::part(products-widget-search) { background-color: rgb(13, 14, 15); }
      chat-panel::part(message-menu-item) { background-color: rgb(16, 17, 18); }
      /* The nested elements' own names stay theirs: this reaches no bubble. */
      chat-panel::part(base) { outline: 5px solid rgb(19, 20, 21); }
    `);
    try {
      const style = (el: Element | null) => getComputedStyle(el!);
      const bubble = inner(message, '[part~="base"]');
      expect(style(bubble).backgroundColor, 'a message bubble').to.equal('rgb(1, 2, 3)');
      expect(style(inner(message, '[part~="text"]')).textDecorationLine).to.equal('underline');
      expect(style(bubble).outlineColor).not.to.equal('rgb(19, 20, 21)');
      const row = inner(part(panel, 'conversation-list'), '[part~="item"]');
      expect(style(row).backgroundColor, 'a row of the conversation list').to.equal('rgb(4, 5, 6)');
      expect(style(inner(part(panel, 'composer'), '[part~="textarea"]')).backgroundColor, 'the composer\'s field').to.equal('rgb(7, 8, 9)');
      const customer = inner(sidebar, 'chat-customer-widget');
      expect(style(inner(customer, '[part~="title"]')).color, 'the customer widget\'s title, in the CRM side').to.equal('rgb(10, 11, 12)');
      expect(style(inner(inner(sidebar, 'chat-products-widget'), '[part~="search"]')).backgroundColor).to.equal('rgb(13, 14, 15)');
      expect(style(inner(inner(message, 'chat-message-menu'), '[part~="item"]')).backgroundColor, 'a message menu item').to.equal('rgb(16, 17, 18)');
    } finally {
      remove();
    }
  });

  it('in the consultant, the emoji button, the voice player and the lightbox are exported, and styled from the page', async () => {
    const server = await chatServerUrl();
    const el = await fixture<HTMLElement>(html`<chat-consultant server=${server} storage-key=${freshVisitorKey()} open lang="ru"></chat-consultant>`);
    await waitUntil(() => inner(part(el, 'emoji-button'), '[part~="button"]'), 'the window\'s files code and the emoji button', { timeout: 10_000 });
    const remove = pageStyle('chat-consultant::part(emoji-button-button) { background-color: rgb(22, 23, 24); }');
    try {
      expect(getComputedStyle(inner(part(el, 'emoji-button'), '[part~="button"]')!).backgroundColor).to.equal('rgb(22, 23, 24)');
      const parts = reachability(el);
      expect(parts.filter((p) => p.reached !== p.rule)).to.deep.equal([]);
      expect(parts.some((p) => p.host === 'chat-emoji-button')).to.equal(true);
    } finally {
      remove();
    }
  });
});
