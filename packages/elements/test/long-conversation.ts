/**
 * The 10,000-message conversation the windowed-thread tests scroll through. The test runner
 * seeds it before any test file starts (runner/seed-long-conversation.ts) and hands it out at
 * `/__chat-server`: sent while tests ran, its flood of events reached every client of its
 * manager and of the admins in the files running beside it, and their own waits timed out.
 */
export const LONG_COUNT = 10_000;

/** Message `i`'s text (0-based); some run over several lines, so rows differ in height. */
export function longText(i: number): string {
  return i % 7 === 2 ? `long ${i + 1} ${'lorem ipsum dolor sit amet '.repeat(8)}` : `n${i + 1}`;
}

export interface LongConversation {
  conversationId: number;
  /** The visitor's token (the conversation's customer). */
  token: string;
}
