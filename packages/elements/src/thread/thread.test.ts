import { expect, fixture, html, nextFrame, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { applyThreadPage, ChatClient } from '@chatdesk/client';
import { DISTRIBUTION_BOT_ID } from '@chatdesk/protocol/runtime';
import { assignTo, chatServerUrl, connectAs, connectVisitor, longConversation, part, parts } from '../../test/helpers.js';
import { LONG_COUNT, longText } from '../../test/long-conversation.js';
import './thread.js';
import type { ChatThread } from './thread.component.js';
import type { ChatMessage } from '../message/message.component.js';

// System events (S-DLG-5: the round-robin assignment, the test's own reassignment) are not the
// messages these tests count.
const texts = (el: ChatThread) => parts<ChatMessage>(el, 'message').filter((m) => m.authorKind !== 'system').map((m) => m.text);

describe('<chat-thread> against the real server', function () {
  this.timeout(30_000);
  let visitor: ChatClient;
  let manager: ChatClient;
  let conversationId: number;

  before(async () => {
    // A conversation of its own: 60 visitor messages, more than one page (50).
    visitor = await connectVisitor();
    const first = await visitor.send('m1');
    conversationId = first.conversationId;
    // Round robin may have given it to another manager (S-SET-4): Anna's, whoever is online.
    await assignTo(conversationId, 'anna');
    await Promise.all(Array.from({ length: 59 }, (_, i) => visitor.send(`m${i + 2}`)));
    manager = await connectAs('anna');
    await manager.openThread(conversationId);
    await manager.loadConversations();
  });

  after(() => {
    visitor.close();
    manager.close();
  });

  it('S-DLG-5: opens at the first unread message under a "New messages" divider (loading the older page to reach it), and marks read while visible', async () => {
    const unread = manager.store.getState().unread[conversationId] ?? 0;
    // More unread than one page holds: the thread loads the older page to reach the first one.
    expect(unread).to.be.greaterThan(50);
    const el = await fixture<ChatThread>(
      html`<chat-thread style="height: 300px" .client=${manager} conversation-id=${conversationId}></chat-thread>`,
    );
    await waitUntil(() => part(el, 'unread-divider'), 'the divider shows', { timeout: 10_000 });
    const all = manager.store.getState().threads[conversationId]!.messages;
    expect(manager.store.getState().threads[conversationId]!.hasMore).to.equal(false);
    const first = all.filter((m) => m.system === undefined).at(-unread)!; // notices never count as unread
    const divider = part(el, 'unread-divider')!;
    expect(divider.textContent).to.equal('New messages');
    const row = divider.parentElement!;
    expect(row.querySelector<ChatMessage>('chat-message')!.dataset['messageId']).to.equal(String(first.id));
    const log = part(el, 'scroller')!;
    expect(log.getAttribute('role')).to.equal('log');
    expect(log.getAttribute('aria-live')).to.equal('polite');
    // The divider is at the top of the view, not the newest message.
    await waitUntil(() => {
      const box = divider.getBoundingClientRect();
      const view = log.getBoundingClientRect();
      return box.top >= view.top - 1 && box.top < view.top + 60;
    }, 'the divider is at the top of the view', { timeout: 3000 });
    expect(log.scrollHeight - log.scrollTop - log.clientHeight).to.be.greaterThan(100);
    const customerName = manager.store.getState().conversations[conversationId]!.customer.name;
    const customer = parts<ChatMessage>(el, 'message').find((m) => m.authorKind === 'customer' && !m.hideAuthor)!;
    expect(customer.authorName).to.equal(customerName);
    expect(customer.outgoing).to.equal(false);

    // Visible on a visible page: read (S-HOST-3 counts drop with it); the divider stays for this visit.
    await waitUntil(() => (manager.store.getState().unread[conversationId] ?? 0) === 0, 'should be marked read', { timeout: 5000 });
    expect(part(el, 'unread-divider') === null).to.equal(false);
    el.scrollToEnd();
    await waitUntil(() => texts(el).at(-1) === 'm60' && log.scrollHeight - log.scrollTop - log.clientHeight < 5, 'the newest at the bottom', { timeout: 3000 });
  });

  it('a "mark read" that fails (the connection dropped on the way) is tried again while the thread is shown', async () => {
    const other = await connectVisitor();
    const { conversationId: id } = await other.send(`retry read #${Date.now()}`);
    await assignTo(id, 'anna');
    const reader = await connectAs('anna');
    await reader.loadConversations();
    await waitUntil(() => (reader.store.getState().unread[id] ?? 0) > 0, 'unread to anna', { timeout: 5000 });
    // The first try fails as a call does when its socket closes before the answer.
    const markRead = reader.markRead.bind(reader);
    let tries = 0;
    reader.markRead = (key) => (++tries === 1 ? Promise.reject(new Error('connection closed')) : markRead(key));
    try {
      await fixture<ChatThread>(html`<chat-thread style="height: 300px" .client=${reader} conversation-id=${id}></chat-thread>`);
      await waitUntil(() => (reader.store.getState().unread[id] ?? 0) === 0, 'read on the second try', { timeout: 5000 }).catch((error: Error) => {
        throw new Error(`${error.message}: ${tries} tries, page ${document.visibilityState}, focus ${document.hasFocus()}`);
      });
      expect(tries).to.equal(2);
    } finally {
      other.close();
      reader.close();
    }
  });

  it('renders for its own conversation only: ten messages into another conversation of the same manager re-render nothing', async () => {
    const own = await connectVisitor();
    const other = await connectVisitor();
    try {
      const { conversationId: ownId } = await own.send(`here #${Date.now()}`);
      const { conversationId: otherId } = await other.send(`elsewhere #${Date.now()}`);
      await assignTo(ownId, 'anna');
      await assignTo(otherId, 'anna');
      await waitUntil(() => manager.store.getState().conversations[otherId] && manager.store.getState().conversations[ownId], 'anna hears of both', { timeout: 5000 });
      const el = await fixture<ChatThread>(html`<chat-thread style="height: 300px" .client=${manager} conversation-id=${ownId}></chat-thread>`);
      await waitUntil(() => parts(el, 'message').length > 0, 'the thread shows', { timeout: 5000 });
      let renders = 0;
      const update = (el as unknown as { update(changed: Map<PropertyKey, unknown>): void }).update.bind(el);
      (el as unknown as { update(changed: Map<PropertyKey, unknown>): void }).update = (changed) => {
        renders++;
        update(changed);
      };
      // Settled first: the window measures its rows on its own for a moment after it opens.
      for (let quiet = 0; quiet < 3; ) {
        const before = renders;
        await new Promise((r) => setTimeout(r, 200));
        quiet = renders === before ? quiet + 1 : 0;
      }
      renders = 0;
      for (let i = 0; i < 10; i++) await other.send(`elsewhere ${i}`, otherId);
      await waitUntil(() => manager.store.getState().conversations[otherId]?.lastMessage?.text === 'elsewhere 9', 'anna has them all', { timeout: 5000 });
      await el.updateComplete;
      expect(renders).to.equal(0);
      // Its own conversation still re-renders it.
      await own.send('and here', ownId);
      await waitUntil(() => texts(el).at(-1) === 'and here', 'its own new message shows', { timeout: 5000 });
      expect(renders).to.be.greaterThan(0);
    } finally {
      own.close();
      other.close();
    }
  });

  it('shows a reply live, renders markup as text (XSS), and marks the manager own messages', async () => {
    const el = await fixture<ChatThread>(
      html`<chat-thread style="height: 300px" .client=${manager} conversation-id=${conversationId}></chat-thread>`,
    );
    await waitUntil(() => texts(el).at(-1) === 'm60', 'the thread should render', { timeout: 5000 });
    const payload = '<img src=x onerror="window.__chatXss=1">hi';
    await manager.send(payload, conversationId);
    await waitUntil(() => texts(el).includes(payload), 'the reply should show', { timeout: 5000 });
    const mine = parts<ChatMessage>(el, 'message').find((m) => m.text === payload)!;
    await mine.updateComplete;
    expect(mine.outgoing).to.equal(true);
    // The name isolated (U+2068 … U+2069), so that «(you)» stays after it whatever the name holds.
    expect(mine.authorName).to.equal('\u2068Анна Менеджерова\u2069 (you)');
    expect(part(mine, 'author')!.textContent).to.equal('Анна Менеджерова (you)');
    // S-DLG-7: Edit and Delete on one's own message only; no History for a manager.
    expect([mine.canEdit, mine.canDelete, mine.canViewHistory]).to.deep.equal([true, true, false]);
    const theirs = parts<ChatMessage>(el, 'message').find((m) => m.authorKind === 'customer')!;
    expect([theirs.canEdit, theirs.canDelete, theirs.canViewHistory]).to.deep.equal([false, false, false]);
    // S-DLG-13: the visitor is online: sent (one check), then delivered when their widget takes it.
    await waitUntil(() => ['sent', 'delivered', 'read'].includes(mine.status), 'a delivery status', { timeout: 5000 });
    expect(part(mine, 'status')!.getAttribute('aria-label')).to.be.oneOf(['Sent', 'Delivered', 'Read']);
    expect(mine.shadowRoot!.querySelector('img') === null).to.equal(true);
    expect(part(mine, 'text')!.textContent).to.equal(payload);
    expect((window as { __chatXss?: number }).__chatXss).to.equal(undefined);
    await expect(el).to.be.accessible({ ignoredRules: ['color-contrast'] });
  });

  it('shows a refused send as failed with Retry and Discard (S-DLG-12, S-DLG-13)', async () => {
    const el = await fixture<ChatThread>(
      html`<chat-thread style="height: 300px" .client=${manager} conversation-id=${conversationId}></chat-thread>`,
    );
    manager.send('x'.repeat(2001), conversationId).catch(() => undefined);
    await waitUntil(() => parts<ChatMessage>(el, 'pending').some((m) => m.status === 'failed'), 'the send should fail', {
      timeout: 5000,
    });
    const failed = parts<ChatMessage>(el, 'pending')[0]!;
    await failed.updateComplete;
    expect(part(failed, 'retry-button')).not.to.equal(null);
    part(failed, 'discard-button')!.click();
    await waitUntil(() => parts(el, 'pending').length === 0, 'discard should drop it', { timeout: 2000 });
    expect(manager.store.getState().outbox).to.deep.equal([]);
  });

  it('says so when the conversation is not the user\'s to see (S-AUTH-3), and does not ask again in a loop', async () => {
    const admin = await connectAs('olga');
    let borisConversation: number;
    try {
      // By search, not the first list page: other test files add conversations to the shared server.
      const { hits } = await admin.call('conversations.search', { query: 'Пётр Сидоров' });
      borisConversation = hits.find((h) => h.conversation.customer.name === 'Пётр Сидоров')!.conversation.id;
    } finally {
      admin.close();
    }
    let calls = 0;
    const openThread = manager.openThread.bind(manager);
    manager.openThread = (id: number) => {
      calls++;
      return openThread(id);
    };
    try {
      const el = await fixture<ChatThread>(html`<chat-thread .client=${manager} conversation-id=${borisConversation}></chat-thread>`);
      await waitUntil(() => part(el, 'empty')?.textContent === 'This conversation could not be loaded', 'the refusal shows', {
        timeout: 5000,
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(calls).to.equal(1);
      expect(texts(el)).to.deep.equal([]);
    } finally {
      manager.openThread = openThread;
    }
  });
});

describe('<chat-thread> with 10,000 messages (windowed)', () => {
  const COUNT = LONG_COUNT;
  const text = longText;
  let conversationId: number;
  let token: string;
  let manager: ChatClient;

  before(async function () {
    ({ conversationId, token } = await longConversation());
    manager = await connectAs('anna');
    // Read: these tests open at the newest message (the first unread one is another test's).
    await manager.markRead(conversationId);
  });

  after(() => manager.close());

  const ids = (el: ChatThread) => parts(el, 'message').map((m) => Number(m.dataset['messageId']));
  const loaded = (client: ChatClient) => (client.store.getState().threads[conversationId]?.messages ?? []).filter((m) => !m.system);
  /** The first message row intersecting the scroller's viewport, and its distance from the viewport's top. */
  const firstVisible = (el: ChatThread) => {
    const log = part(el, 'scroller')!;
    const top = log.getBoundingClientRect().top;
    const row = parts(el, 'message').find((m) => m.getBoundingClientRect().bottom > top)!;
    return { id: row.dataset['messageId']!, offset: row.getBoundingClientRect().top - top };
  };
  const settle = async (el: ChatThread) => {
    await el.updateComplete;
    await nextFrame();
    await nextFrame();
  };

  it('holds a few dozen <chat-message> elements while all 10,000 load, stays at the bottom, and shows any part on a jump', async function () {
    this.timeout(120_000);
    const el = await fixture<ChatThread>(html`<chat-thread style="height: 400px" .client=${manager} conversation-id=${conversationId}></chat-thread>`);
    const log = part(el, 'scroller')!;
    await waitUntil(() => texts(el).at(-1) === `n${COUNT}`, 'the newest page renders', { timeout: 5000 });
    let most = 0;
    while (manager.store.getState().threads[conversationId]!.hasMore) {
      await manager.loadOlder(conversationId);
      await el.updateComplete;
      most = Math.max(most, parts(el, 'message').length);
    }
    await settle(el);
    expect(loaded(manager).length).to.equal(COUNT);
    expect(most, 'the most <chat-message> elements at once').to.be.below(100);
    expect(el.shadowRoot!.querySelectorAll('chat-message').length).to.be.below(100);
    // Pages went in above while the reader sat at the bottom: still there, newest last.
    expect(texts(el).at(-1)).to.equal(`n${COUNT}`);
    expect(log.scrollHeight - log.scrollTop - log.clientHeight).to.be.lessThan(5);

    for (const fraction of [0.5, 0.1, 0.9, 0]) {
      log.scrollTop = Math.round(fraction * (log.scrollHeight - log.clientHeight));
      await settle(el);
      const shown = ids(el);
      expect(shown.length).to.be.below(100);
      // Consecutive messages, and the viewport is covered by rendered rows.
      const all = (manager.store.getState().threads[conversationId]?.messages ?? []).map((m) => m.id);
      const first = all.indexOf(shown[0]!);
      expect(shown).to.deep.equal(all.slice(first, first + shown.length));
      const box = log.getBoundingClientRect();
      // A row is a message with its day and author lines above it.
      const rows = [...el.shadowRoot!.querySelectorAll('.rows > .row')].map((r) => r.getBoundingClientRect());
      // (At the very top the scroller's padding comes first.)
      expect(rows[0]!.top, `rows cover the top at ${fraction}`).to.be.at.most(box.top + (fraction === 0 ? 20 : 1));
      expect(rows.at(-1)!.bottom, `rows cover the bottom at ${fraction}`).to.be.at.least(box.bottom - 1);
    }
    // At the very top: the oldest message, oldest first.
    expect(texts(el)[0]).to.equal('n1');
  });

  it('loads older pages when scrolled to the top without moving the message being read', async function () {
    this.timeout(30_000);
    const reader = await connectAs('anna');
    try {
      // Hold each page until the reader's position has been noted.
      let release: () => void = () => undefined;
      const loadOlder = reader.loadOlder.bind(reader);
      reader.loadOlder = async (id: number) => {
        await new Promise<void>((r) => (release = r));
        return loadOlder(id);
      };
      const el = await fixture<ChatThread>(html`<chat-thread style="height: 400px" .client=${reader} conversation-id=${conversationId}></chat-thread>`);
      const log = part(el, 'scroller')!;
      await waitUntil(() => texts(el).at(-1) === `n${COUNT}`, 'the newest page renders', { timeout: 5000 });
      await settle(el);
      for (let page = 2; page <= 5; page++) {
        const before = loaded(reader).length;
        log.scrollTop = 0;
        await settle(el);
        const seen = firstVisible(el);
        release();
        await waitUntil(() => loaded(reader).length > before, `page ${page} loads`, { timeout: 5000 });
        await settle(el);
        expect(loaded(reader).length).to.equal(page * 50);
        const row = parts(el, 'message').find((m) => m.dataset['messageId'] === seen.id);
        expect(row !== undefined, `message ${seen.id} is still rendered`).to.equal(true);
        const offset = row!.getBoundingClientRect().top - log.getBoundingClientRect().top;
        expect(Math.abs(offset - seen.offset), `message ${seen.id} moved by ${offset - seen.offset}px`).to.be.below(1.5);
        expect(log.scrollTop).to.be.greaterThan(1000);
      }
    } finally {
      reader.close();
    }
  });

  it('follows new messages while at the bottom, stays put when scrolled up, and announces them in the log', async function () {
    this.timeout(30_000);
    const el = await fixture<ChatThread>(html`<chat-thread style="height: 400px" .client=${manager} conversation-id=${conversationId}></chat-thread>`);
    const log = part(el, 'scroller')!;
    await waitUntil(() => texts(el).at(-1) === `n${COUNT}`, 'the newest message renders', { timeout: 5000 });
    await settle(el);
    const server = await chatServerUrl();
    const visitor = new ChatClient({ url: `${server.replace(/^http/, 'ws')}/ws`, token });
    visitor.connect();
    try {
      for (const t of ['new 1', 'new 2\nsecond line\nthird line', 'new 3']) {
        await visitor.send(t, conversationId);
        await waitUntil(() => texts(el).at(-1) === t, `${t} shows`, { timeout: 5000 });
        await settle(el);
        expect(log.scrollHeight - log.scrollTop - log.clientHeight, `pinned after ${t}`).to.be.lessThan(5);
      }
      const announced = el.shadowRoot!.querySelector('.announcements')!;
      expect(announced.textContent).to.contain('new 3');
      // Rows are not live (scrolling must not read them out); the announcements are, inside the log.
      expect(el.shadowRoot!.querySelector('.rows')!.getAttribute('aria-live')).to.equal('off');
      expect(announced.closest('[role="log"]') === log).to.equal(true);

      // Scrolled up: a new message does not move the view.
      log.scrollTop = log.scrollTop - 1500;
      await settle(el);
      const seen = firstVisible(el);
      await visitor.send('new 4', conversationId);
      await waitUntil(() => announced.textContent!.includes('new 4'), 'new 4 is announced', { timeout: 5000 });
      await settle(el);
      const row = parts(el, 'message').find((m) => m.dataset['messageId'] === seen.id)!;
      expect(row.getBoundingClientRect().top - log.getBoundingClientRect().top - seen.offset).to.be.within(-1.5, 1.5);
      expect(texts(el)).to.not.include('new 4');
      // S-DLG-5: scrolled up, the new message is counted on a button; Enter on it goes down.
      await waitUntil(() => part(el, 'new-messages'), 'the new-messages button shows', { timeout: 2000 });
      const pill = part(el, 'new-messages')!;
      expect(pill.tagName).to.equal('BUTTON');
      expect(pill.textContent!.trim()).to.equal('1 new message');
      expect(pill.querySelector('svg')!.getAttribute('aria-hidden'), 'the arrow is an icon').to.equal('true');
      pill.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => texts(el).at(-1) === 'new 4' && log.scrollHeight - log.scrollTop - log.clientHeight < 5, 'down at the newest', { timeout: 3000 });
      expect(part(el, 'new-messages') === null, 'the button goes at the bottom').to.equal(true);
      // Its focus is not dropped to the page with it: the newest message has it.
      await waitUntil(() => (el.shadowRoot!.activeElement as ChatMessage | null)?.text === 'new 4', 'focus on the newest message', { timeout: 3000 });
    } finally {
      visitor.close();
    }
  });

  it('scrolls with the keyboard', async () => {
    const el = await fixture<ChatThread>(html`<chat-thread style="height: 400px" .client=${manager} conversation-id=${conversationId}></chat-thread>`);
    const log = part(el, 'scroller')!;
    await waitUntil(() => texts(el).length > 0, 'renders', { timeout: 5000 });
    await settle(el);
    log.focus();
    expect(el.shadowRoot!.activeElement === log).to.equal(true);
    const bottom = log.scrollTop;
    await sendKeys({ press: 'PageUp' });
    await waitUntil(() => log.scrollTop < bottom - 100, 'PageUp scrolls up', { timeout: 2000 });
    // The browser scrolls smoothly: let it finish.
    let last = -1;
    await waitUntil(async () => {
      const now = log.scrollTop;
      await nextFrame();
      await nextFrame();
      return now === last || ((last = now), false);
    }, 'the scroll ends', { timeout: 3000 });
    await settle(el);
    expect(log.getBoundingClientRect().bottom).to.be.at.most(parts(el, 'message').at(-1)!.getBoundingClientRect().bottom + 1);
    await sendKeys({ press: 'End' });
    await waitUntil(() => log.scrollHeight - log.scrollTop - log.clientHeight < 5, 'End goes to the newest', { timeout: 2000 });
    await sendKeys({ press: 'Home' });
    await waitUntil(() => texts(el)[0] === 'n1', 'Home goes to the oldest', { timeout: 2000 });
    expect(log.scrollTop).to.equal(0);
    await sendKeys({ press: 'End' });
    await waitUntil(() => texts(el).at(-1) === 'new 4' && log.scrollHeight - log.scrollTop - log.clientHeight < 5, 'End again', { timeout: 2000 });
  });

  it('one roving tab stop over the windowed messages: ↑/↓ move, a focused message scrolled out of the DOM leaves focus on the log and an arrow brings it back; Home and End', async () => {
    const el = await fixture<ChatThread>(html`<chat-thread style="height: 400px" .client=${manager} conversation-id=${conversationId}></chat-thread>`);
    const log = part(el, 'scroller')!;
    await waitUntil(() => texts(el).at(-1) === 'new 4', 'the newest renders', { timeout: 5000 });
    await settle(el);
    const focused = () => el.shadowRoot!.activeElement as ChatMessage | null;
    const focusedText = () => focused()?.text;
    const stops = () => parts<ChatMessage>(el, 'message').filter((m) => m.tabIndex === 0);
    // One tab stop among the rendered messages; the log and Load older are out of the Tab order.
    expect(stops().length).to.equal(1);
    expect(log.tabIndex).to.equal(-1);
    el.focus();
    await waitUntil(() => focusedText() === 'new 4', 'focus() lands on the newest message (all read)');
    expect(focused()!.getAttribute('role')).to.equal('article');
    expect(focused()!.getAttribute('aria-label'), 'named by author, text and time').to.match(/^.+: new 4, \d{1,2}:\d\d\s[AP]M$/);
    await sendKeys({ press: 'ArrowUp' });
    await waitUntil(() => focusedText() === 'new 3', '↑ to the message before');
    expect(stops().map((m) => m.text)).to.deep.equal(['new 3'], 'the tab stop moved with focus');
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => focusedText() === 'new 4', '↓ back');
    await sendKeys({ press: 'ArrowUp' });
    await waitUntil(() => focusedText() === 'new 3', '↑ again');

    // Scrolled far away (Page Up, the wheel): the focused message leaves the DOM; focus stays in the thread.
    log.scrollTop = Math.round(log.scrollHeight / 2);
    await waitUntil(() => !parts<ChatMessage>(el, 'message').some((m) => m.text === 'new 3'), 'the focused message leaves the window', { timeout: 3000 });
    await settle(el);
    expect(focused() === log, 'focus waits on the log, not on the page').to.equal(true);
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => focusedText() === 'new 3', 'an arrow brings the focused message back', { timeout: 3000 });

    // Home: the oldest loaded message (a system notice: the conversation opened).
    await sendKeys({ press: 'Home' });
    const oldest = manager.store.getState().threads[conversationId]!.messages[0]!;
    await waitUntil(() => focused()?.dataset['messageId'] === String(oldest.id), 'Home: the oldest loaded message', { timeout: 3000 });
    expect(log.scrollTop).to.equal(0);
    await sendKeys({ press: 'End' });
    await waitUntil(() => focusedText() === 'new 4' && log.scrollHeight - log.scrollTop - log.clientHeight < 5, 'End: the newest', { timeout: 3000 });
  });
});

describe('<chat-thread> system events and search hits', () => {
  function offlineClient(): ChatClient {
    // Never connected: the thread reads what the store holds and asks the server nothing.
    return new ChatClient({ url: 'ws://127.0.0.1:9/ws', token: 'unused' });
  }
  const author = { kind: 'system' as const, id: 'system', name: '' };
  const anna = { id: 'anna', name: 'Анна' };
  const boris = { id: 'boris', name: 'Борис' };
  const olga = { id: 'olga', name: 'Ольга' };

  it('S-DLG-5, S-CH-3: renders system events as centred notices in the reader\'s language, with their time; the distribution bot named in that language', async () => {
    const client = offlineClient();
    const at = Date.UTC(2026, 10, 25, 9, 30);
    client.store.update((s) =>
      applyThreadPage(
        s,
        7,
        {
          messages: [
            { id: 1, conversationId: 7, author, text: '', createdAt: at, system: { type: 'opened', by: null, from: null, to: null } },
            { id: 2, conversationId: 7, author: { kind: 'customer', id: '5', name: 'Мария' }, text: 'Здравствуйте', createdAt: at },
            { id: 3, conversationId: 7, author, text: '', createdAt: at, system: { type: 'reassigned', by: olga, from: anna, to: boris } },
            { id: 4, conversationId: 7, author, text: '', createdAt: at, system: { type: 'closed', by: boris, from: null, to: null } },
            // S-CH-3: the distribution bot is named in the reader's language, whatever name the server sent.
            { id: 5, conversationId: 7, author, text: '', createdAt: at, system: { type: 'assigned', by: { id: DISTRIBUTION_BOT_ID, name: 'distribution bot' }, from: null, to: anna } },
          ],
          hasMore: false,
        },
        false,
      ),
    );
    const wrapper = await fixture(html`<div lang="ru"><chat-thread style="height: 300px" .client=${client} conversation-id="7"></chat-thread></div>`);
    const el = wrapper.querySelector('chat-thread')!;
    await waitUntil(() => parts(el, 'message').length === 5, 'all five rows render');
    const system = parts<ChatMessage>(el, 'system');
    // The names in a notice are isolated (U+2068 … U+2069) and render as <bdi>: the text reads as before.
    const shown = () => system.map((m) => part(m, 'text')!.textContent);
    expect(shown()).to.deep.equal(['Диалог открыт', 'Назначен: Анна → Борис (Ольга)', 'Диалог закрыт (Борис)', 'Назначен: Анна (Бот распределения)']);
    expect(system[1]!.text).to.equal('Назначен: \u2068Анна\u2069 → \u2068Борис\u2069 (\u2068Ольга\u2069)');
    expect(part(system[1]!, 'text')!.querySelectorAll('bdi').length).to.equal(3);
    expect(system.every((m) => m.authorKind === 'system' && m.hideAuthor && m.createdAt === at)).to.equal(true);
    expect(getComputedStyle(system[0]!).alignItems).to.equal('center');
    expect(system[1]!.shadowRoot!.querySelector('[part~="time"]')!.textContent).to.match(/^\d\d:\d\d$/);
    wrapper.setAttribute('lang', 'en');
    await waitUntil(() => part(parts<ChatMessage>(el, 'system')[1]!, 'text')!.textContent === 'Assigned: Анна → Борис (Ольга)', 'English follows lang');
    expect(part(parts<ChatMessage>(el, 'system')[3]!, 'text')!.textContent).to.equal('Assigned: Анна (Distribution bot)');
    await expect(el).to.be.accessible();
  });

  it('S-DLG-3: revealMessage scrolls to a message and highlights it', async () => {
    const client = offlineClient();
    const messages = Array.from({ length: 300 }, (_, i) => ({
      id: i + 1,
      conversationId: 8,
      author: { kind: 'customer' as const, id: '5', name: 'Мария' },
      text: `line ${i + 1}`,
      createdAt: Date.now(),
    }));
    client.store.update((s) => applyThreadPage(s, 8, { messages, hasMore: false }, false));
    const el = await fixture<ChatThread>(html`<chat-thread style="height: 300px" .client=${client} conversation-id="8"></chat-thread>`);
    await waitUntil(() => texts(el).at(-1) === 'line 300', 'the newest render first');
    await el.revealMessage(20);
    await waitUntil(() => part(el, 'highlighted') !== null, 'the hit is rendered and highlighted');
    const hit = part<ChatMessage>(el, 'highlighted')!;
    expect(hit.text).to.equal('line 20');
    await waitUntil(() => {
      const box = hit.getBoundingClientRect();
      const view = part(el, 'scroller')!.getBoundingClientRect();
      return box.top >= view.top && box.bottom <= view.bottom;
    }, 'the hit is in view');
  });
});

/** A shop visitor whose token is kept, so the same visitor can come back after leaving. */
async function visitorToken(): Promise<string> {
  const server = await chatServerUrl();
  const response = await fetch(`${server}/api/visitor/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  return ((await response.json()) as { token: string }).token;
}
async function connectVisitorWith(token: string): Promise<ChatClient> {
  const server = await chatServerUrl();
  const client = new ChatClient({ url: `${server.replace(/^http/, 'ws')}/ws`, token });
  client.connect();
  await waitUntil(() => client.store.getState().connection === 'open', 'the visitor connects', { timeout: 5000 });
  return client;
}

describe('<chat-thread> issue 6 against the real server', function () {
  this.timeout(30_000);
  // Boris's conversations: the list tests read Anna's first page.

  it('S-DLG-13: a reply to a visitor who left fails with "visitor left" (reason on focus); Retry in the thread sends it again once they are back', async () => {
    const token = await visitorToken();
    let visitor = await connectVisitorWith(token);
    const manager = await connectAs('boris');
    try {
      const { conversationId } = await visitor.send('hello, anyone?');
      await assignTo(conversationId, 'boris');
      visitor.close();
      // The test server's grace is 1.5 s: after it the visitor has left.
      await new Promise((r) => setTimeout(r, 2500));
      const reply = await manager.send('Still there?', conversationId);
      await manager.openThread(conversationId);
      const status = () => manager.store.getState().threads[conversationId]!.messages.find((m) => m.id === reply.id)?.status;
      await waitUntil(() => status() === 'failed', 'the reply fails', { timeout: 8000 });
      const el = await fixture<ChatThread>(html`<chat-thread style="height: 300px" .client=${manager} conversation-id=${conversationId}></chat-thread>`);
      await waitUntil(() => parts<ChatMessage>(el, 'message').some((m) => m.messageId === reply.id), 'the reply renders', { timeout: 5000 });
      const row = parts<ChatMessage>(el, 'message').find((m) => m.messageId === reply.id)!;
      await row.updateComplete;
      expect(row.status).to.equal('failed');
      expect(row.failReason).to.equal('visitor_left');
      const mark = part(row, 'status')!;
      expect(mark.getAttribute('aria-label')).to.equal('Not sent');
      mark.focus();
      expect(getComputedStyle(part(row, 'tooltip')!).display).to.equal('block');
      expect(part(row, 'tooltip')!.textContent).to.equal('The customer left the chat window');
      expect(part(row, 'discard-button') === null).to.equal(true);

      visitor = await connectVisitorWith(token);
      part(row, 'retry-button')!.click();
      await waitUntil(() => status() !== 'failed', 'Retry sends it again', { timeout: 5000 });
      expect(status()).to.be.oneOf(['queued', 'sent', 'delivered', 'read']);
      await waitUntil(() => row.status !== 'failed' && part(row, 'retry-button') === null, 'the thread shows it', { timeout: 3000 });
    } finally {
      visitor.close();
      manager.close();
    }
  });

  it('says who is typing below the log (politely), not one\'s own typing', async () => {
    const token = await visitorToken();
    const visitor = await connectVisitorWith(token);
    const manager = await connectAs('boris');
    try {
      const { conversationId } = await visitor.send('typing test');
      await assignTo(conversationId, 'boris');
      const wrapper = await fixture(html`<div lang="ru"><chat-thread style="height: 300px" .client=${manager} conversation-id=${conversationId}></chat-thread></div>`);
      const el = wrapper.querySelector('chat-thread')!;
      await waitUntil(() => texts(el).includes('typing test'), 'the thread renders', { timeout: 5000 });
      const line = part(el, 'typing')!;
      expect(line.getAttribute('aria-live')).to.equal('polite');
      expect(line.textContent).to.equal('');
      visitor.typing(conversationId, true);
      await waitUntil(() => line.textContent === 'Клиент печатает…', 'the visitor types', { timeout: 5000 });
      manager.typing(conversationId, true);
      visitor.typing(conversationId, false);
      await waitUntil(() => line.textContent === '', 'stopped; one\'s own typing is not shown', { timeout: 5000 });
      manager.typing(conversationId, false);
    } finally {
      visitor.close();
      manager.close();
    }
  });

  it('S-DLG-7: a reply shows its quote (activating it shows the quoted message), a delete through the menu shows "Message deleted", History only for admins', async () => {
    const token = await visitorToken();
    const visitor = await connectVisitorWith(token);
    const manager = await connectAs('boris');
    const admin = await connectAs('olga');
    try {
      const question = await visitor.send('Where is my order?');
      const { conversationId } = question;
      await assignTo(conversationId, 'boris');
      for (let i = 0; i < 30; i++) await visitor.send(`filler ${i}`);
      await manager.openThread(conversationId);
      const answer = await manager.send('On its way <b>today</b>', conversationId, { replyToId: question.id });
      const el = await fixture<ChatThread>(html`<chat-thread style="height: 300px" .client=${manager} conversation-id=${conversationId}></chat-thread>`);
      const find = (thread: ChatThread, id: number) => parts<ChatMessage>(thread, 'message').find((m) => m.messageId === id);
      el.scrollToEnd();
      await waitUntil(() => find(el, answer.id), 'the reply renders', { timeout: 5000 });
      const row = find(el, answer.id)!;
      await row.updateComplete;
      expect(part(row, 'quote-text')!.textContent).to.equal('Where is my order?');
      expect(part(row, 'text')!.textContent).to.equal('On its way <b>today</b>');
      expect(row.shadowRoot!.querySelector('b') === null).to.equal(true);
      part(row, 'quote')!.click();
      await waitUntil(() => part<ChatMessage>(el, 'highlighted')?.messageId === question.id, 'the quoted message is shown', { timeout: 5000 });
      await waitUntil(() => el.shadowRoot!.activeElement === part(el, 'highlighted'), 'and focus goes with the view to it', { timeout: 3000 });

      // Delete through the menu, by keyboard: End, Enter, then confirm.
      el.scrollToEnd();
      await waitUntil(() => find(el, answer.id), 'back at the reply', { timeout: 3000 });
      const mine = find(el, answer.id)!;
      part(mine, 'menu-button')!.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => mine.shadowRoot!.querySelector('chat-message-menu')?.shadowRoot?.activeElement, 'the menu opens');
      await sendKeys({ press: 'End' });
      await sendKeys({ press: 'Enter' });
      await sendKeys({ press: 'ArrowUp' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => find(el, answer.id)?.deleted, 'deleted on the server and shown', { timeout: 5000 });
      const gone = find(el, answer.id)!;
      await gone.updateComplete;
      expect(part(gone, 'text')!.textContent).to.equal('Message deleted');
      expect(part(gone, 'menu-button') === null, 'a manager has no History').to.equal(true);

      await admin.openThread(conversationId);
      const adminView = await fixture<ChatThread>(html`<chat-thread style="height: 300px" .client=${admin} conversation-id=${conversationId}></chat-thread>`);
      adminView.scrollToEnd();
      await waitUntil(() => find(adminView, answer.id), 'the admin sees it', { timeout: 5000 });
      const seen = find(adminView, answer.id)!;
      expect([seen.deleted, seen.canViewHistory, seen.canEdit]).to.deep.equal([true, true, false]);
      setTimeout(() => {
        part(seen, 'menu-button')!.click();
        void waitUntil(() => seen.shadowRoot!.querySelector('chat-message-menu')?.shadowRoot?.querySelector('[role="menuitem"]')).then(() =>
          seen.shadowRoot!.querySelector('chat-message-menu')!.shadowRoot!.querySelector<HTMLElement>('[role="menuitem"]')!.click(),
        );
      });
      const history = await oneEvent(adminView, 'chat-history');
      expect(history.detail).to.deep.equal({ messageId: answer.id });
    } finally {
      visitor.close();
      manager.close();
      admin.close();
    }
  });
});

describe('<chat-thread> days, groups and internal chats', () => {
  function offlineClient(): ChatClient {
    return new ChatClient({ url: 'ws://127.0.0.1:9/ws', token: 'unused' });
  }
  const maria = { kind: 'customer' as const, id: '5', name: 'Мария' };
  const anna = { kind: 'manager' as const, id: 'anna', name: 'Анна' };
  const bot = { kind: 'bot' as const, id: 'faq', name: 'FAQ-бот' };

  it('S-DLG-5: a day line above each day (Today, Yesterday, a date) and messages grouped by author within minutes', async () => {
    const client = offlineClient();
    const today = new Date();
    today.setHours(10, 0, 0, 0);
    const at = (daysBack: number, minutes: number) => today.getTime() - daysBack * 86_400_000 + minutes * 60_000;
    const old = new Date(2025, 2, 8, 12, 0).getTime();
    const list = [
      { author: maria, createdAt: old },
      { author: maria, createdAt: at(1, 0) },
      { author: maria, createdAt: at(1, 2) },
      { author: anna, createdAt: at(1, 3) },
      { author: maria, createdAt: at(0, 0) },
      { author: maria, createdAt: at(0, 1) },
      { author: maria, createdAt: at(0, 30) },
      { author: bot, createdAt: at(0, 31) },
    ].map((m, i) => ({ id: i + 1, conversationId: 9, text: `t${i + 1}`, ...m }));
    client.store.update((s) => applyThreadPage(s, 9, { messages: list, hasMore: false }, false));
    const wrapper = await fixture(html`<div lang="en"><chat-thread style="height: 600px" .client=${client} conversation-id="9"></chat-thread></div>`);
    const el = wrapper.querySelector('chat-thread')!;
    await waitUntil(() => parts(el, 'message').length === 8, 'all rows render');
    expect(parts(el, 'day').map((d) => d.textContent)).to.deep.equal(['March 8, 2025', 'Yesterday', 'Today']);
    const rows = parts<ChatMessage>(el, 'message');
    // Grouped: the second of yesterday's pair, and today's second (within 5 minutes); not after 29 minutes.
    expect(rows.map((m) => m.hideAuthor)).to.deep.equal([false, false, true, false, false, true, false, false]);
    expect(parts(el, 'grouped').map((m) => m.dataset['messageId'])).to.deep.equal(['3', '6']);
    expect(rows.map((m) => m.authorName)).to.deep.equal(['Мария', 'Мария', 'Мария', 'Анна', 'Мария', 'Мария', 'Мария', 'FAQ-бот']);
    // The day line sits in the row of the first message of its day.
    expect(parts(el, 'day')[2]!.parentElement!.querySelector<ChatMessage>('chat-message')!.text).to.equal('t5');
    // Tighter spacing inside a group.
    const gap = (i: number) => parseFloat(getComputedStyle(rows[i]!.parentElement!).paddingTop);
    expect(gap(2)).to.be.below(gap(1));
    wrapper.setAttribute('lang', 'ru');
    await waitUntil(() => parts(el, 'day')[2]!.textContent === 'Сегодня', 'Russian');
    expect(parts(el, 'day').map((d) => d.textContent)).to.deep.equal(['8 марта 2025 г.', 'Вчера', 'Сегодня']);
    // (The contrast of an outgoing bubble's time is the message's own concern, as above.)
    await expect(el).to.be.accessible({ ignoredRules: ['color-contrast'] });
  });

  it('S-DLG-14: an internal chat\'s thread (negative key): only one\'s own messages are outgoing, a colleague\'s name shows, and who types', async () => {
    const client = offlineClient();
    const me = { kind: 'user' as const, id: 'anna', name: 'Анна', rights: ['chats' as const] };
    const boris = { kind: 'manager' as const, id: 'boris', name: 'Борис' };
    const now = Date.now();
    client.store.update((s) => ({
      ...applyThreadPage(
        { ...s, me },
        -4,
        {
          messages: [
            { id: 1, conversationId: 4, author: boris, text: 'Привет', createdAt: now - 60_000 },
            { id: 2, conversationId: 4, author: anna, text: 'Привет!', createdAt: now - 10_000, can: { edit: true, delete: true, retry: false, history: false } },
          ],
          hasMore: false,
        },
        false,
      ),
      typing: { [-4]: [{ author: boris, until: now + 60_000 }] },
    }));
    const wrapper = await fixture(html`<div lang="ru"><chat-thread style="height: 300px" .client=${client} conversation-id="-4"></chat-thread></div>`);
    const el = wrapper.querySelector('chat-thread')!;
    await waitUntil(() => parts(el, 'message').length === 2, 'both render');
    const [theirs, mine] = parts<ChatMessage>(el, 'message');
    expect([theirs!.outgoing, mine!.outgoing]).to.deep.equal([false, true]);
    expect(theirs!.authorName).to.equal('Борис');
    // What the server's `can` says, as in a conversation: her own may be edited and deleted, Boris's not.
    expect([theirs!.canEdit, theirs!.canDelete, mine!.canEdit, mine!.canDelete]).to.deep.equal([false, false, true, true]);
    expect(part(el, 'typing')!.textContent).to.equal('Борис печатает…');
    // Within the hour: relative times, in date-fns' words once its chunk is in.
    await waitUntil(() => part(mine!, 'time')!.textContent!.trim() === 'меньше минуты назад', 'date-fns words', { timeout: 3000 });
  });

  it('S-DLG-7: a pending reply shows its quote while it waits for the connection', async () => {
    const client = offlineClient();
    const now = Date.now();
    client.store.update((s) =>
      applyThreadPage({ ...s, me: { kind: 'user', id: 'anna', name: 'Анна', rights: ['chats'] } }, 10, {
        messages: [{ id: 1, conversationId: 10, author: maria, text: 'Есть доставка в Казань?', createdAt: now }],
        hasMore: false,
      }, false),
    );
    void client.send('Да, 2–3 дня', 10, { replyToId: 1 }).catch(() => undefined);
    const el = await fixture<ChatThread>(html`<chat-thread style="height: 300px" .client=${client} conversation-id="10"></chat-thread>`);
    await waitUntil(() => parts(el, 'pending').length === 1, 'the pending reply renders');
    const pending = parts<ChatMessage>(el, 'pending')[0]!;
    await pending.updateComplete;
    expect(pending.status).to.equal('queued');
    expect(part(pending, 'quote-author')!.textContent).to.equal('Мария');
    expect(part(pending, 'quote-text')!.textContent).to.equal('Есть доставка в Казань?');
    client.close();
  });
});
