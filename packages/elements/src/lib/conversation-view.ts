/**
 * The code of an open conversation — `<chat-thread>`, `<chat-message>`, `<chat-composer>` and
 * `<chat-emoji-button>` — is a chunk of its own (issue 13, 5a: a panel starts with its list's
 * code only). It is fetched when a panel first shows a conversation, or earlier, when the pointer
 * or focus first comes into a panel or a host card: a conversation is likely to be opened next.
 */
let loading: Promise<void> | undefined;

/**
 * Defines the conversation's elements (once); a page that renders them itself calls it too. A
 * fetch that failed (the network) is tried again by the next call.
 */
export function loadConversationView(): Promise<void> {
  loading ??= import('../panel/conversation-view.js').then(
    () => undefined,
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  );
  return loading;
}

/** Starts the fetch; a failure is left to the call that needs the elements (tried again then). */
export function prefetchConversationView(): void {
  loadConversationView().catch(() => undefined);
}

/** Fetches the conversation's code the first time the pointer or focus comes into `el`. */
export function prefetchOnIntent(el: HTMLElement): void {
  el.addEventListener('pointerover', prefetchConversationView, { once: true, passive: true });
  el.addEventListener('focusin', prefetchConversationView, { once: true, passive: true });
}
