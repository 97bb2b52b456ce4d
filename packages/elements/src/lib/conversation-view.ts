/**
 * The code of an open conversation — `<chat-thread>`, `<chat-message>`, `<chat-composer>` and
 * `<chat-emoji-button>` — is a chunk of its own (issue 13, 5a: a panel starts with its list's
 * code only). It is fetched when a panel first shows a conversation, or earlier, when the pointer
 * or focus first comes into a panel or a host card: a conversation is likely to be opened next.
 */
let loading: Promise<unknown> | undefined;

/** Defines the conversation's elements (once); a page that renders them itself calls it too. */
export function loadConversationView(): Promise<void> {
  loading ??= import('../panel/conversation-view.js');
  return loading.then(() => undefined);
}

const prefetch = (): void => void loadConversationView();

/** Fetches the conversation's code the first time the pointer or focus comes into `el`. */
export function prefetchConversationView(el: HTMLElement): void {
  el.addEventListener('pointerover', prefetch, { once: true, passive: true });
  el.addEventListener('focusin', prefetch, { once: true, passive: true });
}
