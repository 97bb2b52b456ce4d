/**
 * A thread key names one thread of the store: a customer conversation's id (> 0) or an internal
 * chat's id negated (< 0, S-DLG-14). One store of threads and one `<chat-thread>` serve both.
 */
export type ThreadKey = number;

export function internalKey(chatId: number): ThreadKey {
  return -chatId;
}

export function isInternalKey(key: ThreadKey): boolean {
  return key < 0;
}

export function chatIdOf(key: ThreadKey): number {
  return -key;
}
