// Its own file, so its own page: the bundle's entry is imported here for the first time.
import { expect, waitUntil } from '@open-wc/testing';

describe('the chat-panel bundle on a page whose markup has the conversation\'s elements', () => {
  it('defines <chat-thread> and <chat-composer> found in the page when it loads, and loadConversationView() resolves once they are', async () => {
    document.body.insertAdjacentHTML('beforeend', '<chat-thread conversation-id="1"></chat-thread><chat-composer></chat-composer>');
    const bundle = await import('../panel.js');
    expect(customElements.get('chat-panel') !== undefined, 'the panel at once').to.equal(true);
    await waitUntil(() => customElements.get('chat-thread') && customElements.get('chat-composer'), 'the markup\'s elements are defined', { timeout: 5000 });
    await bundle.loadConversationView();
    expect(document.querySelector('chat-thread')!.shadowRoot, 'the element in the markup upgraded').to.not.equal(null);
  });
});
