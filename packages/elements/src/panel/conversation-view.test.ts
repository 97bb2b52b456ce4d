// Its own file, so its own page: nothing has fetched the conversation's code before it.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { part } from '../../test/helpers.js';
import './panel.js';
import type { ChatPanel } from './panel.component.js';

describe('<chat-panel>: the open conversation\'s code comes on intent', () => {
  it('is not defined at start, and the pointer coming into the panel fetches and defines it before any conversation is chosen', async () => {
    const el = await fixture<ChatPanel>(html`<chat-panel mode="section" style="height: 400px"></chat-panel>`);
    await new Promise((r) => setTimeout(r, 200));
    expect(customElements.get('chat-thread')).to.equal(undefined);
    expect(customElements.get('chat-composer')).to.equal(undefined);
    part(el, 'panel')!.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
    await waitUntil(() => customElements.get('chat-thread') && customElements.get('chat-composer'), 'the pointer fetches the thread and the composer', { timeout: 5000 });
    expect(customElements.get('chat-message'), 'the message comes with the thread').to.not.equal(undefined);
    expect(customElements.get('chat-emoji-button'), 'the emoji button with the composer').to.not.equal(undefined);
    expect(el.conversationId).to.equal(0);
  });
});
