import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { ChatClient } from '@chatdesk/client';
import { connectAs, connectVisitor, part, parts } from '../../test/helpers.js';
import './thread.js';
import type { ChatThread } from './thread.component.js';
import type { ChatMessage } from '../message/message.component.js';

const texts = (el: ChatThread) => parts<ChatMessage>(el, 'message').map((m) => m.text);

describe('<chat-thread> against the real server', () => {
  let visitor: ChatClient;
  let manager: ChatClient;
  let conversationId: number;

  before(async () => {
    // A conversation of its own: 60 visitor messages, more than one page (50).
    visitor = await connectVisitor();
    const first = await visitor.send('m1');
    conversationId = first.conversationId;
    await Promise.all(Array.from({ length: 59 }, (_, i) => visitor.send(`m${i + 2}`)));
    manager = await connectAs('anna');
    await manager.openThread(conversationId);
    await manager.loadConversations();
  });

  after(() => {
    visitor.close();
    manager.close();
  });

  it('shows the newest page with authors in a polite log, loads older at the top, and marks read while visible', async () => {
    expect(manager.store.getState().unread[conversationId] ?? 0).to.be.greaterThan(0);
    const el = await fixture<ChatThread>(
      html`<chat-thread style="height: 300px" .client=${manager} conversation-id=${conversationId}></chat-thread>`,
    );
    await waitUntil(() => texts(el).length === 50, 'the newest page should render', { timeout: 5000 });
    const log = part(el, 'scroller')!;
    expect(log.getAttribute('role')).to.equal('log');
    expect(log.getAttribute('aria-live')).to.equal('polite');
    expect(texts(el)[49]).to.equal('m60');
    const customerName = manager.store.getState().conversations[conversationId]!.customer.name;
    const firstMessage = parts<ChatMessage>(el, 'message')[0]!;
    expect(firstMessage.authorName).to.equal(customerName);
    expect(firstMessage.outgoing).to.equal(false);
    // Scrolled to the newest message on open.
    expect(log.scrollHeight - log.scrollTop - log.clientHeight).to.be.lessThan(5);

    // Visible on a visible page: read (S-HOST-3 counts drop with it).
    await waitUntil(() => (manager.store.getState().unread[conversationId] ?? 0) === 0, 'should be marked read', { timeout: 5000 });

    log.scrollTop = 0;
    await waitUntil(() => texts(el).length === 60, 'the older page should load on scroll to the top', { timeout: 5000 });
    expect(texts(el)[0]).to.equal('m1');
    // The reader keeps their place: the view did not jump back to the top.
    expect(log.scrollTop).to.be.greaterThan(0);
    expect(part(el, 'load-older')).to.equal(null);
  });

  it('shows a reply live, renders markup as text (XSS), and marks the manager own messages', async () => {
    const el = await fixture<ChatThread>(
      html`<chat-thread style="height: 300px" .client=${manager} conversation-id=${conversationId}></chat-thread>`,
    );
    await waitUntil(() => texts(el).length >= 50, 'the thread should render', { timeout: 5000 });
    const payload = '<img src=x onerror="window.__chatXss=1">hi';
    await manager.send(payload, conversationId);
    await waitUntil(() => texts(el).includes(payload), 'the reply should show', { timeout: 5000 });
    const mine = parts<ChatMessage>(el, 'message').find((m) => m.text === payload)!;
    await mine.updateComplete;
    expect(mine.outgoing).to.equal(true);
    expect(mine.authorName).to.equal('Анна Менеджерова (you)');
    expect(mine.shadowRoot!.querySelector('img')).to.equal(null);
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
      await admin.loadConversations();
      const state = admin.store.getState();
      borisConversation = state.conversationOrder.find((id) => state.conversations[id]!.customer.name === 'Пётр Сидоров')!;
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
