/**
 * The spine, end to end, against the real server the test runner started — no mocks:
 * a shop visitor writes in <chat-consultant> → the manager's <chat-panel> shows it live with the
 * unread count (list, button, header badge: S-DLG-1, S-HOST-3) → the manager answers through the
 * composer → the visitor sees the answer live.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { chatServerUrl, demoTokenUrl, part, parts } from './helpers.js';
import '../src/panel.js';
import '../src/consultant.js';
import type { ChatConsultant, ChatPanel, ChatUnreadBadge } from '../src/index.js';

describe('end to end: consultant ↔ panel', function () {
  // Real round trips while other files load the same server (G10, 10,000-message seeding), as in
  // the other end-to-end files: each wait has its own limit, the test as a whole needs more than 10 s.
  this.timeout(30_000);
  it('a visitor message reaches the manager with the unread count, and the answer reaches the visitor', async () => {
    const server = await chatServerUrl();
    // Its own storage key: other test files run alongside on this origin with their own visitors.
    localStorage.removeItem('chatdesk.e2e-visitor');
    const page = await fixture(html`<div>
      <header><chat-unread-badge></chat-unread-badge></header>
      <chat-panel server=${server} token-url=${demoTokenUrl('vera')}></chat-panel>
      <chat-consultant server=${server} storage-key="chatdesk.e2e-visitor" style="right: 420px"></chat-consultant>
    </div>`);
    const panel = page.querySelector<ChatPanel>('chat-panel')!;
    const badge = page.querySelector<ChatUnreadBadge>('chat-unread-badge')!;
    const consultant = page.querySelector<ChatConsultant>('chat-consultant')!;
    await waitUntil(() => panel.client?.store.getState().listLoaded, 'the manager is in', { timeout: 5000 });
    await Promise.all([panel.updateComplete, consultant.updateComplete, badge.updateComplete]);
    const list = part(panel, 'conversation-list')!;

    // The visitor writes.
    const question = `Do you deliver to Kazan? #${Date.now()}`;
    part(consultant, 'launcher')!.click();
    await consultant.updateComplete;
    part(consultant, 'textarea')!.focus();
    await sendKeys({ type: question });
    await sendKeys({ press: 'Enter' });

    // The manager sees it live, with one unread message, counted by the button and the header
    // badge. Other test files write to the same server meanwhile, so counts are compared with the
    // live total rather than with a snapshot.
    const state = () => panel.client!.store.getState();
    // Found by id: when a manager is online (another file's panel) the new conversation is
    // assigned to them, and the 'assigned' notice, not the question, is its last message.
    await waitUntil(() => consultant.conversationId !== undefined, 'the question is stored', { timeout: 5000 });
    const conversationId = consultant.conversationId!;
    const item = () => parts(list, 'item').find((i) => Number(i.dataset['id']) === conversationId);
    await waitUntil(() => item() && state().unread[conversationId] === 1, 'the message reaches the panel, unread', { timeout: 5000 });
    expect(item()!.querySelector('[part~="unread"] [aria-hidden]')!.textContent).to.equal('1');
    await waitUntil(() => badge.count === state().unreadTotal && badge.count > 0, 'the header badge counts it', { timeout: 5000 });
    expect(part(panel, 'launcher-badge')!.textContent).to.equal(String(state().unreadTotal));

    // The manager opens it: the thread shows it and reading clears the count.
    part(panel, 'launcher')!.click();
    await panel.updateComplete;
    item()!.click();
    const thread = part(panel, 'thread')!;
    await waitUntil(() => parts(thread, 'message').some((m) => (m as HTMLElement & { text: string }).text === question), 'in the thread', {
      timeout: 5000,
    });
    await waitUntil(() => state().unread[conversationId] === undefined, 'read once seen', { timeout: 5000 });
    await waitUntil(() => badge.count === state().unreadTotal, 'the badge drops it', { timeout: 5000 });

    // The visitor closes the window; the answer will wait on the button.
    part(consultant, 'textarea')!.focus();
    await sendKeys({ press: 'Escape' });
    await consultant.updateComplete;
    expect(consultant.open).to.equal(false);

    // The manager answers through the composer.
    const answer = `Yes, in 2–3 days. #${Date.now()}`;
    (part(panel, 'composer') as HTMLElement).focus();
    await sendKeys({ type: answer });
    await sendKeys({ press: 'Enter' });

    // The visitor sees the answer live, with the manager's name, counted on the closed button.
    const reply = () => parts(consultant, 'message').find((m) => m.querySelector('[part~="text"]')?.textContent === answer);
    await waitUntil(reply, 'the answer reaches the visitor', { timeout: 5000 });
    expect(reply()!.querySelector('[part~="author"]')!.textContent).to.equal('Вера Чатова');
    expect(reply()!.getAttribute('part')).to.contain('incoming');
    await waitUntil(() => part(consultant, 'launcher-badge')?.textContent === '1', 'one unread reply on the button', { timeout: 5000 });
    expect(part(consultant, 'launcher')!.getAttribute('aria-label')).to.contain('1 unread message');

    // Opening the window reads it.
    part(consultant, 'launcher')!.click();
    await waitUntil(() => part(consultant, 'launcher-badge') === null, 'read once the window is open', { timeout: 5000 });
  });
});
