import { limits } from '@chatdesk/protocol/runtime';
import { nextTypingExpiry, pruneTyping } from './apply-typing.js';
import { unref, type ClientHost } from './host.js';
import type { ThreadKey } from './keys.js';

/**
 * Typing, both ways: the user's own `typing.set` throttled, and others' typing signals expiring
 * from the store on time.
 */
export class Typing {
  /** When `typing: true` was last sent, by thread key. */
  readonly #sent = new Map<ThreadKey, number>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: ClientHost) {}

  /**
   * The user types (or stopped) in a thread. `true` goes out at most every `typingThrottleMs`;
   * `false` goes at once, and only if a `true` went out that has not expired yet.
   */
  set(key: ThreadKey, typing: boolean): void {
    if (!this.host.welcomed) return;
    const now = Date.now();
    const last = this.#sent.get(key);
    if (typing) {
      if (last !== undefined && now - last < limits.typingThrottleMs) return;
      this.#sent.set(key, now);
    } else {
      if (last === undefined) return;
      this.#sent.delete(key);
      if (now - last >= limits.typingTtlMs) return;
    }
    this.host.call('typing.set', key < 0 ? { chatId: -key, typing } : { conversationId: key, typing }).catch(() => undefined);
  }

  /** Others' typing entries leave the store when they expire: one timer, for the next to expire. */
  schedulePrune(): void {
    clearTimeout(this.#timer);
    const at = nextTypingExpiry(this.host.store.getState());
    if (at === undefined) return;
    this.#timer = setTimeout(() => {
      this.host.store.update((s) => pruneTyping(s, Date.now()));
      this.schedulePrune();
    }, Math.max(0, at - Date.now()) + 10);
    unref(this.#timer);
  }

  stop(): void {
    clearTimeout(this.#timer);
  }
}
