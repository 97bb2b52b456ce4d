import { emit } from './events.js';
import { sharedOwner } from './shared-client.js';

/** Detail of `chat-conversation-open`: a host card asks to open a conversation. */
export interface ChatConversationOpenDetail {
  conversationId: number;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-conversation-open': CustomEvent<ChatConversationOpenDetail>;
  }
}

/**
 * A host card's click on a conversation (S-HOST-1, S-HOST-2): `chat-conversation-open` first (a page
 * may cancel it and open the conversation its own way), then the page's panel opens it.
 */
export function openInPanel(from: HTMLElement, conversationId: number): void {
  if (emit<ChatConversationOpenDetail>(from, 'chat-conversation-open', { conversationId }, { cancelable: true }).defaultPrevented) return;
  const panel = sharedOwner(from.ownerDocument) as { openConversation?: (id: number) => void } | undefined;
  panel?.openConversation?.(conversationId);
}
