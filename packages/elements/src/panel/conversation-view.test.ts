// Its own file, so its own page: nothing has fetched the conversation's code before it.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { part } from '../../test/helpers.js';
import './panel.js';
import type { ChatPanel } from './panel.component.js';

describe('<chat-panel>: the open conversation\'s code comes on intent', () => {
  it('is not defined at start, and the pointer coming into the panel fetches and defines it before any conversation is chosen', async () => {
    const el = await fixture<ChatPanel>(html`<chat-panel mode="section" style="height: 400px"></chat-panel>`);
    await new Promise((r) => setTimeout(r, 200));
    expect(customElements.get('chat-thread') === undefined, 'chat-thread not defined').to.equal(true);
    expect(customElements.get('chat-composer') === undefined, 'chat-composer not defined').to.equal(true);
    part(el, 'panel')!.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
    await waitUntil(() => customElements.get('chat-thread') && customElements.get('chat-composer'), 'the pointer fetches the thread and the composer', { timeout: 5000 });
    expect(customElements.get('chat-message') !== undefined, 'the message comes with the thread').to.equal(true);
    expect(customElements.get('chat-emoji-button') !== undefined, 'the emoji button with the composer').to.equal(true);
    expect(el.conversationId).to.equal(0);
  });
});
