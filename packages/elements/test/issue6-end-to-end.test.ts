/**
 * Issue 6's "Done when", end to end against the real server the test runner started (no mocks),
 * one test per flow, as a new user would try them in the demo: a manager's <chat-panel> and a shop
 * visitor's <chat-consultant> on one page, each with its own connection.
 * - S-DLG-13: a reply goes clock → one check → two checks as the visitor's widget receives it and
 *   the visitor reads it; the widget gone, it fails with "visitor left", and Retry delivers it
 *   once they are back (the runner's server has a 1.5 s grace, `visitorGraceMs`).
 * - S-DLG-8: a draft survives a reload and shows in the list.
 * - S-DLG-7: a quote, an edit and a delete on both sides and in a chat admin's audit view.
 * - S-DLG-14: two managers chat internally.
 * - Typing indicators both ways, ended by a send.
 * Every wait is for a condition; the only time that passes on purpose is the grace period.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ChatClient } from '@chatdesk/client';
import { assignTo, chatServerUrl, connectAs, demoTokenUrl, part, parts } from './helpers.js';
import '../src/panel.js';
import '../src/consultant.js';
import type { ChatConsultant, ChatMessage, ChatPanel } from '../src/index.js';
import { en } from '../src/i18n/en.js';

let visitors = 0;
/** Each test's visitor has its own identity: other files' visitors share this origin's storage. */
const newStorageKey = () => `chatdesk.issue6-${Date.now()}-${visitors++}`;

async function mountPanel(user: string): Promise<ChatPanel> {
  const server = await chatServerUrl();
  const panel = await fixture<ChatPanel>(
    html`<chat-panel mode="section" style="height: 560px; width: 760px" server=${server} token-url=${demoTokenUrl(user)}></chat-panel>`,
  );
  await waitUntil(() => panel.client?.store.getState().listLoaded, `${user} is in`, { timeout: 5000 });
  return panel;
}

async function mountConsultant(storageKey: string, open = false): Promise<ChatConsultant> {
  const server = await chatServerUrl();
  return fixture<ChatConsultant>(
    html`<chat-consultant server=${server} storage-key=${storageKey} lang="ru" ?open=${open} style="right: 800px"></chat-consultant>`,
  );
}

const list = (panel: ChatPanel) => part(panel, 'conversation-list')!;
const row = (panel: ChatPanel, id: number) => parts(list(panel), 'item').find((i) => Number(i.dataset['id']) === id);
const thread = (panel: ChatPanel) => part(panel, 'thread')!;
/** The panel's bubbles (stored and pending) of one text. */
const bubbles = (panel: ChatPanel, text: string) => parts<ChatMessage>(thread(panel), 'message').filter((m) => m.text === text);
/** The stored bubble of one text (not the outbox's). */
const stored = (panel: ChatPanel, text: string) => bubbles(panel, text).find((m) => !m.matches('[part~="pending"]'));
/** The reflected S-DLG-13 status of a bubble. */
const statusOf = (m: ChatMessage | undefined) => m?.getAttribute('status');
/** The consultant's bubble whose text is `text`. */
const visitorBubble = (consultant: ChatConsultant, text: string) =>
  parts(consultant, 'message').find((m) => m.querySelector('[part~="text"]')?.textContent === text);

/** Switches a panel to its Colleagues tab (internal chats, S-DLG-14). */
async function colleaguesTab(panel: ChatPanel): Promise<void> {
  const tab = part(panel, 'tab')!.parentElement!.querySelector<HTMLElement>('[part~="tab"][data-tab="colleagues"]');
  expect(tab?.textContent, 'a Colleagues tab').to.contain('Colleagues');
  tab!.click();
  await waitUntil(() => part(panel, 'internal-list')?.hidden === false, 'the internal chats show', { timeout: 5000 });
  expect(tab!.getAttribute('aria-selected')).to.equal('true');
}

/** Types into the panel's composer as the manager would. */
async function typeInComposer(panel: ChatPanel, text: string, send = true): Promise<void> {
  (part(panel, 'composer') as HTMLElement).focus();
  await sendKeys({ type: text });
  if (send) await sendKeys({ press: 'Enter' });
}

/**
 * A visitor writes through the consultant; an admin hands the conversation to `manager` (new
 * conversations go round robin among whoever is online), whose panel opens it.
 */
async function conversationWith(manager: string, storageKey = newStorageKey()) {
  const consultant = await mountConsultant(storageKey, true);
  const question = `Вы доставляете в Казань? #${Date.now()}`;
  part(consultant, 'textarea')!.focus();
  await sendKeys({ type: question });
  await sendKeys({ press: 'Enter' });
  await waitUntil(() => consultant.conversationId !== undefined && visitorBubble(consultant, question), 'the question is stored', {
    timeout: 5000,
  });
  const conversationId = consultant.conversationId!;
  await assignTo(conversationId, manager);
  const panel = await mountPanel(manager);
  await waitUntil(() => row(panel, conversationId), `the conversation is in ${manager}'s list`, { timeout: 5000 });
  row(panel, conversationId)!.click();
  await waitUntil(() => stored(panel, question), 'the thread shows the question', { timeout: 5000 });
  return { consultant, panel, conversationId, question, storageKey };
}

/**
 * Every `status` a bubble of `text` shows in the panel's thread, in order, each change once —
 * the outbox's bubble and then the stored one. Attribute old values are kept, so a state that
 * lasted less than a frame is still seen.
 */
function statusTrail(panel: ChatPanel, text: string): { trail: string[]; stop: () => void } {
  const trail: string[] = [];
  const push = (s: string | null) => {
    if (s && trail.at(-1) !== s) trail.push(s);
  };
  const take = () => {
    for (const m of bubbles(panel, text)) push(m.getAttribute('status'));
  };
  const observer = new MutationObserver((records) => {
    for (const r of records) if (r.type === 'attributes' && (r.target as ChatMessage).text === text) push(r.oldValue);
    take();
  });
  observer.observe(thread(panel).shadowRoot!, { subtree: true, childList: true, attributes: true, attributeFilter: ['status'], attributeOldValue: true });
  take();
  return { trail, stop: () => observer.disconnect() };
}

/** Chooses `id` in a message's menu ("⋯"); Delete asks first, and is confirmed. */
async function choose(message: ChatMessage, id: 'reply' | 'edit' | 'delete' | 'history'): Promise<void> {
  part(message, 'menu-button')!.click();
  const menu = () => message.shadowRoot!.querySelector('chat-message-menu');
  const item = () => menu()?.shadowRoot?.querySelector<HTMLElement>(`[part~="item"][data-id="${id}"]`);
  await waitUntil(item, `the menu offers ${id}`);
  item()!.click();
  if (id !== 'delete') return;
  await waitUntil(() => menu() && part(menu()!, 'question'), 'Delete asks first');
  item()!.click();
}

/** A stored bubble in the panel by message id (a deleted message has no text to find it by). */
const byId = (panel: ChatPanel, id: number) => parts<ChatMessage>(thread(panel), 'message').find((m) => m.messageId === id);
const visitorById = (consultant: ChatConsultant, id: number) => consultant.shadowRoot!.querySelector<HTMLElement>(`[data-message-id="${id}"]`);

/** The text a sighted reader sees (without the words only screen readers get). */
function shownText(el: Element): string {
  const copy = el.cloneNode(true) as Element;
  for (const hidden of copy.querySelectorAll('.visually-hidden')) hidden.remove();
  return copy.textContent!.trim();
}

/** The icons of S-DLG-13: queued and sending are one clock. */
const icons = (trail: readonly string[]) =>
  trail.map((s) => (s === 'queued' || s === 'sending' ? 'clock' : s)).filter((s, i, all) => s !== all[i - 1]);

describe('issue 6 end to end: statuses, drafts, quotes, edits, internal chats', function () {
  // Real round trips while other files load the same server; one test waits out the grace period.
  this.timeout(30_000);
  const cleanup: ChatClient[] = [];
  afterEach(() => {
    for (const c of cleanup.splice(0)) c.close();
  });

  it('S-DLG-13: a reply goes clock → one check → two checks as the visitor\'s widget receives it and the visitor reads it', async () => {
    const { consultant, panel } = await conversationWith('anna');
    // The visitor closes the window but stays on the shop: the widget receives, nobody reads.
    consultant.hide();
    await consultant.updateComplete;

    const answer = `Да, за 2–3 дня. #${Date.now()}`;
    const { trail, stop } = statusTrail(panel, answer);
    await typeInComposer(panel, answer);
    await waitUntil(() => statusOf(stored(panel, answer)) === 'delivered', 'delivered: the widget received it', { timeout: 5000 });
    expect(visitorBubble(consultant, answer), 'the widget has it').to.exist;
    expect(icons(trail)).to.deep.equal(['clock', 'sent', 'delivered']);
    expect(part(stored(panel, answer)!, 'status')!.getAttribute('aria-label')).to.equal(en.delivered);
    // Received is not read: the window is closed. Another round trip through the server, then check.
    await panel.client!.call('conversations.get', { conversationId: consultant.conversationId! });
    expect(statusOf(stored(panel, answer))).to.equal('delivered');

    // The visitor opens the window and sees it.
    part(consultant, 'launcher')!.click();
    await waitUntil(() => statusOf(stored(panel, answer)) === 'read', 'read: the visitor saw it', { timeout: 5000 });
    stop();
    expect(icons(trail)).to.deep.equal(['clock', 'sent', 'delivered', 'read']);
    expect(part(stored(panel, answer)!, 'status')!.getAttribute('aria-label')).to.equal(en.read);
  });

  it('S-DLG-13: the shop tab closes → the reply fails with "visitor left"; the visitor returns and Retry delivers it', async () => {
    const { consultant, panel, question, storageKey } = await conversationWith('anna');
    // The tab closes: the widget and its connection go.
    consultant.remove();
    await waitUntil(() => consultant.client === undefined, 'the widget\'s connection closes');

    const answer = `Ответ, пока вас не было #${Date.now()}`;
    const { trail, stop } = statusTrail(panel, answer);
    await typeInComposer(panel, answer);
    await waitUntil(() => statusOf(stored(panel, answer)) === 'failed', 'failed once the grace period is over', { timeout: 10_000 });
    stop();
    // Queued while the visitor might come back (or sent, if the server had not yet seen the socket
    // close), never received.
    expect(trail.filter((s) => s === 'delivered' || s === 'read'), 'it never reached the visitor').to.deep.equal([]);
    const failed = stored(panel, answer)!;
    // The reason, on hover and focus of the red mark (a tooltip) and beside Retry.
    expect(part(failed, 'tooltip')!.textContent!.trim()).to.equal(en.failReason('visitor_left'));
    expect(part(failed, 'status')!.getAttribute('aria-describedby')).to.equal(part(failed, 'tooltip')!.id);
    expect(part(failed, 'actions')!.textContent).to.contain(en.failReason('visitor_left'));
    const retry = part<HTMLButtonElement>(failed, 'retry-button');
    expect(retry, 'a failed reply offers Retry').to.exist;

    // The visitor comes back (a new page: the identity is in localStorage); a failed reply is not theirs to see.
    const back = await mountConsultant(storageKey);
    await waitUntil(() => visitorBubble(back, question), 'the history is back', { timeout: 5000 });
    expect(visitorBubble(back, answer)).to.equal(undefined);

    // Retry in the panel: the same message, a new attempt, received by the widget.
    retry!.click();
    await waitUntil(() => visitorBubble(back, answer), 'the retried reply reaches the widget', { timeout: 5000 });
    await waitUntil(() => statusOf(stored(panel, answer)) === 'delivered', 'delivered', { timeout: 5000 });
    expect(bubbles(panel, answer)).to.have.length(1, 'the same message, not a copy');
    expect(part(stored(panel, answer)!, 'retry-button')).to.equal(null);
  });

  it('S-DLG-8: a draft typed in the composer survives a reload, follows the manager, and shows in the list', async () => {
    const { panel, conversationId } = await conversationWith('anna');
    const laptop = await connectAs('anna');
    cleanup.push(laptop);
    const draft = `Сейчас уточню на складе #${Date.now()}`;
    await typeInComposer(panel, draft, false);
    await waitUntil(() => laptop.store.getState().drafts[conversationId]?.text === draft, 'saved on the server, seen on her other device', {
      timeout: 5000,
    });

    // A reload: the panel and its connection go, a new one comes.
    panel.remove();
    const again = await mountPanel('anna');
    await waitUntil(() => row(again, conversationId), 'the conversation is listed', { timeout: 5000 });
    await waitUntil(() => row(again, conversationId)!.querySelector('[part~="draft"]'), 'the row shows the draft as the last communication', {
      timeout: 5000,
    });
    expect(row(again, conversationId)!.textContent).to.contain(draft);
    row(again, conversationId)!.click();
    await waitUntil(() => (part(again, 'composer') as HTMLElement & { value: string }).value === draft, 'the composer has the draft back', {
      timeout: 5000,
    });
  });

  it('S-DLG-7: a quote, an edit and a delete show in the panel and the consultant, and in a chat admin\'s audit view', async () => {
    const { consultant, panel, conversationId, question } = await conversationWith('anna');
    const composer = part<HTMLElement & { value: string }>(panel, 'composer')!;

    // Quote the visitor's question from its menu: the composer shows it above the field.
    await choose(stored(panel, question)!, 'reply');
    await waitUntil(() => part(composer, 'quote')?.textContent?.includes(question), 'the composer quotes the question');
    const answer = `Да, доставляем <b>за 2 дня</b> #${Date.now()}`;
    await typeInComposer(panel, answer);
    await waitUntil(() => stored(panel, answer), 'the reply is stored', { timeout: 5000 });
    const replyId = stored(panel, answer)!.messageId;
    expect(part(composer, 'quote'), 'the quote bar goes with the send').to.equal(null);
    const quoted = part(byId(panel, replyId)!, 'quote')!;
    expect(part(byId(panel, replyId)!, 'quote-text')!.textContent).to.equal(question);
    expect(quoted.compareDocumentPosition(part(byId(panel, replyId)!, 'text')!) & Node.DOCUMENT_POSITION_FOLLOWING).to.be.above(0);
    await waitUntil(() => visitorById(consultant, replyId), 'the visitor gets the reply', { timeout: 5000 });
    const visitorQuote = visitorById(consultant, replyId)!.querySelector('[part~="quote"]')!;
    expect(visitorQuote.textContent).to.contain(question);
    expect(visitorQuote.querySelector('[part~="quote-author"]')!.textContent).to.equal('Вы');
    expect(visitorById(consultant, replyId)!.querySelector('[part~="text"]')!.textContent, 'text, not markup').to.equal(answer);
    expect(visitorById(consultant, replyId)!.querySelector('b')).to.equal(null);

    // Edit it: the composer takes its text; the new text shows as edited on both sides.
    await choose(byId(panel, replyId)!, 'edit');
    await waitUntil(() => part(composer, 'edit-bar') && composer.value === answer, 'the composer edits the reply');
    const edited = `${answer} — и бесплатно`;
    (composer as HTMLElement).focus();
    await sendKeys({ press: 'End' });
    await sendKeys({ type: ' — и бесплатно' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => byId(panel, replyId)?.text === edited && part(byId(panel, replyId)!, 'edited'), 'edited in the panel', { timeout: 5000 });
    await waitUntil(
      () => visitorById(consultant, replyId)?.querySelector('[part~="text"]')?.textContent === edited,
      'edited in the consultant',
      { timeout: 5000 },
    );
    expect(visitorById(consultant, replyId)!.querySelector('[part~="edited"]')!.textContent).to.equal('изменено');

    // Delete another reply: both sides say so, and its text is gone from the visitor's page.
    const oops = `Ошибочное сообщение #${Date.now()}`;
    await typeInComposer(panel, oops);
    await waitUntil(() => stored(panel, oops) && visitorBubble(consultant, oops), 'both sides have it', { timeout: 5000 });
    const oopsId = stored(panel, oops)!.messageId;
    await choose(stored(panel, oops)!, 'delete');
    await waitUntil(() => byId(panel, oopsId)?.deleted, 'deleted in the panel', { timeout: 5000 });
    expect(part(byId(panel, oopsId)!, 'text')!.textContent).to.equal('Message deleted');
    await waitUntil(() => visitorById(consultant, oopsId)?.getAttribute('part')?.includes('deleted'), 'deleted in the consultant', { timeout: 5000 });
    expect(visitorById(consultant, oopsId)!.querySelector('[part~="text"]')!.textContent).to.equal('Сообщение удалено');
    expect(part(consultant, 'messages')!.textContent).not.to.contain(oops);

    // The audit view: Vera (chat admin) sees the text before the edit and the deleted text.
    panel.remove();
    const vera = await mountPanel('vera');
    await waitUntil(() => row(vera, conversationId), 'the conversation is in Vera\'s list', { timeout: 5000 });
    row(vera, conversationId)!.click();
    await waitUntil(() => byId(vera, replyId) && byId(vera, oopsId), 'the thread shows both', { timeout: 5000 });
    expect(part(byId(vera, replyId)!, 'edited')).to.exist;
    expect(part(byId(vera, oopsId)!, 'text')!.textContent).to.equal('Message deleted');

    await choose(byId(vera, replyId)!, 'history');
    const history = () => part(vera, 'history');
    const revisions = () => (history() ? parts(history()!, 'revision') : []);
    await waitUntil(() => revisions().length === 1, 'the edit is in the audit trail', { timeout: 5000 });
    expect(revisions()[0]!.getAttribute('part')).to.contain('revision-edited');
    expect(shownText(revisions()[0]!.querySelector('[part~="text"]')!)).to.equal(answer);
    expect(revisions()[0]!.querySelector('[part~="by"]')!.textContent).to.equal('Анна Менеджерова');
    expect(part(history()!, 'current')!.textContent).to.contain(edited);
    await expect(history()!).to.be.accessible();
    part(history()!, 'close-button')!.click();
    await waitUntil(() => !(history() as HTMLElement & { open: boolean }).open, 'the dialog closes');

    await choose(byId(vera, oopsId)!, 'history');
    await waitUntil(() => revisions().length === 1 && revisions()[0]!.getAttribute('part')!.includes('revision-deleted'), 'the delete is in the audit trail', {
      timeout: 5000,
    });
    expect(shownText(revisions()[0]!.querySelector('[part~="text"]')!)).to.equal(oops);
  });

  it('S-DLG-14: two managers chat with each other in the Colleagues tab, apart from customer conversations', async () => {
    const server = await chatServerUrl();
    const page = await fixture<HTMLElement>(html`<div style="display: flex">
      <chat-panel mode="section" style="height: 520px; width: 640px" server=${server} token-url=${demoTokenUrl('anna')}></chat-panel>
      <chat-panel mode="section" style="height: 520px; width: 640px" server=${server} token-url=${demoTokenUrl('boris')}></chat-panel>
    </div>`);
    const [anna, boris] = [...page.querySelectorAll<ChatPanel>('chat-panel')] as [ChatPanel, ChatPanel];
    for (const p of [anna, boris]) await waitUntil(() => p.client?.store.getState().listLoaded, 'both are in', { timeout: 5000 });

    // Anna opens the Colleagues tab and starts a chat with Boris.
    await colleaguesTab(anna);
    const annaList = part(anna, 'internal-list')!;
    part(annaList, 'new-chat-button')!.click();
    const picker = () => part(annaList, 'picker');
    const borisBox = () =>
      picker() ? parts(picker()!, 'colleague').find((c) => c.textContent!.includes('Борис Продавцов'))?.querySelector('input') : undefined;
    await waitUntil(borisBox, 'Boris is offered', { timeout: 5000 });
    borisBox()!.click();
    part(picker()!, 'create-button')!.click();
    // It opens in the same thread and composer as customer conversations, under its own key (< 0).
    await waitUntil(() => Number(thread(anna).getAttribute('conversation-id')) < 0, 'the chat opens', { timeout: 5000 });
    expect(part(anna, 'conversation-title')!.textContent).to.equal('Борис Продавцов');

    const hello = `Борис, подменишь меня завтра? #${Date.now()}`;
    await typeInComposer(anna, hello);
    await waitUntil(() => stored(anna, hello), 'stored in Anna\'s thread', { timeout: 5000 });
    const chatId = -Number(thread(anna).getAttribute('conversation-id'));

    // Boris's Colleagues tab counts it before he looks.
    await waitUntil(() => part(boris, 'tab-unread'), 'Boris\'s tab shows an unread chat', { timeout: 5000 });

    // Boris sees it under Colleagues, with an unread count, and not among customer conversations.
    expect(parts(list(boris), 'item').some((i) => i.textContent!.includes(hello)), 'not a customer conversation').to.equal(false);
    await colleaguesTab(boris);
    const borisList = part(boris, 'internal-list')!;
    const borisItem = () => parts(borisList, 'item').find((i) => Number(i.dataset['id']) === chatId);
    await waitUntil(
      () => borisItem()?.getAttribute('part')?.includes('item-unread') && borisItem()!.querySelector('[part~="preview"]')!.textContent!.includes(hello),
      'unread in Boris\'s list, with Anna\'s message as its last',
      { timeout: 5000 },
    );
    expect(borisItem()!.querySelector('[part~="name"]')!.textContent).to.equal('Анна Менеджерова');
    borisItem()!.click();
    await waitUntil(() => stored(boris, hello), 'Boris reads it in the same thread', { timeout: 5000 });
    await waitUntil(() => !borisItem()!.getAttribute('part')!.includes('item-unread'), 'read once seen', { timeout: 5000 });

    const answer = `Да, подменю #${Date.now()}`;
    await typeInComposer(boris, answer);
    await waitUntil(() => stored(anna, answer), 'Anna gets the answer live', { timeout: 5000 });
    expect(stored(anna, answer)!.authorName).to.equal('Борис Продавцов');
    expect(anna.client!.store.getState().conversationOrder.some((id) => anna.client!.store.getState().conversations[id]?.lastMessage?.text === answer)).to.equal(
      false,
      'kept apart from customer conversations',
    );
  });

  it('typing both ways: the manager\'s typing shows in the consultant, the visitor\'s in the panel, and a send ends it', async () => {
    const { consultant, panel } = await conversationWith('anna');
    const visitorSees = () => part(consultant, 'typing')!.textContent!.trim();
    const managerSees = () => part(thread(panel), 'typing')!.textContent!.trim();
    expect(visitorSees()).to.equal('');

    await typeInComposer(panel, 'Минутку, проверяю', false);
    await waitUntil(() => visitorSees() === 'Анна Менеджерова печатает…', 'the visitor sees the manager typing', { timeout: 5000 });
    expect(part(consultant, 'typing')!.getAttribute('aria-live')).to.equal('polite');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => visitorSees() === '', 'the reply ends it', { timeout: 5000 });

    part(consultant, 'textarea')!.focus();
    await sendKeys({ type: 'Спасибо, жду' });
    await waitUntil(() => managerSees() === en.isTyping(en.customer, 1), 'the manager sees the visitor typing', { timeout: 5000 });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => managerSees() === '', 'the visitor\'s message ends it', { timeout: 5000 });
  });
});
