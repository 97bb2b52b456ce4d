// Its own file, so its own page: no other test has loaded the lazy date-fns chunk before it.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { assignTo, chatServerUrl, connectAs, connectVisitor, demoTokenUrl, part, parts } from '../../test/helpers.js';
import './panel.js';
import type { ChatPanel } from './panel.component.js';

/** Every script this page fetched, seen as it arrives (the resource-timing buffer may be full). */
const fetched: string[] = performance.getEntriesByType('resource').map((e) => e.name);
new PerformanceObserver((list) => fetched.push(...list.getEntries().map((e) => e.name))).observe({ type: 'resource' });
const timeWordsFetched = () => fetched.some((url) => /time-words|date-fns/.test(url));
/** The open conversation's code (lib/conversation-view.ts): the thread's, the message's, the composer's. */
const conversationCode = /\/(thread|message|composer)\.component\.ts/;
const conversationCodeFetched = () => fetched.some((url) => conversationCode.test(url));

describe('<chat-panel> start-up', () => {
  it('renders the conversation list without fetching the date-fns words (rows are labelled with Intl) or the open conversation\'s code; opening a conversation fetches both', async () => {
    const server = await chatServerUrl();
    // The default sort: sorted by waiting time, the list words its waiting times with date-fns.
    const anna = await connectAs('anna');
    await anna.call('prefs.set', { listSort: 'activity', listFilter: {} });
    anna.close();
    const el = await fixture<ChatPanel>(
      html`<chat-panel mode="section" style="height: 520px" server=${server} token-url=${demoTokenUrl('anna')}></chat-panel>`,
    );
    const list = part(el, 'conversation-list')!;
    await waitUntil(() => parts(list, 'item').length > 0, 'the list should load', { timeout: 5000 });
    // Whatever the first render asked for has had time to arrive.
    await new Promise((r) => setTimeout(r, 300));
    expect(timeWordsFetched(), fetched.filter((u) => /time-words|date-fns/.test(u)).join(', ')).to.equal(false);
    expect(conversationCodeFetched(), fetched.filter((u) => conversationCode.test(u)).join(', ')).to.equal(false);
    expect(customElements.get('chat-thread') === undefined, 'chat-thread not defined').to.equal(true);
    // The row's time still has its spoken label, worded by the browser's Intl.RelativeTimeFormat.
    expect(parts(list, 'time')[0]!.getAttribute('aria-label')).to.match(/ago|назад/);

    // A conversation of its own: opening one reads it, and other files' tests check the unread
    // counts of the conversations they made, which may head anna's list at this moment.
    const visitor = await connectVisitor();
    const { conversationId } = await visitor.send(`start-up #${Date.now()}`);
    await assignTo(conversationId, 'anna');
    visitor.close();
    el.conversationId = conversationId;
    await waitUntil(timeWordsFetched, 'a shown conversation fetches the words for its bubbles', { timeout: 5000 });
    await waitUntil(conversationCodeFetched, 'a shown conversation fetches its elements\' code', { timeout: 5000 });
    // The thread, defined once its code came, shows the conversation the panel had set before.
    const thread = part(el, 'thread')!;
    await waitUntil(() => parts(thread, 'message').length > 0, 'the thread shows the conversation', { timeout: 5000 });
  });
});
