/** Limits shared by client and server, so the UI can show them before the server enforces them. */
export const limits = {
  /** Largest WebSocket frame the server accepts (bytes). */
  maxFrameBytes: 64 * 1024,
  /** The first frame must be `hello` within this time. */
  helloTimeoutMs: 5_000,
  /** S-DLG-12: at most 2000 characters, not counting whitespace. */
  maxMessageChars: 2_000,
  /** A hard cap on the raw text so whitespace cannot be used to blow up storage. */
  maxMessageRawChars: 20_000,
  maxTokenChars: 4_096,
  maxClientMessageIdChars: 64,
  /** A string call id's length (UTF-16 code units); a longer one is refused and echoed cut. */
  maxCallIdChars: 64,
  /** The quoted text carried by a reply (S-DLG-7). */
  replyPreviewChars: 200,
  /** Drafts a user keeps at most (S-DLG-8); the oldest is dropped beyond it. */
  maxDrafts: 500,
  /** Members of one internal group chat, the creator included (S-DLG-14). */
  maxChatMembers: 50,
  /** Internal chats `internal.list` returns at most (the most recent). */
  maxInternalChats: 500,
  /** A typing indicator disappears this long after the last `typing.set` that renewed it. */
  typingTtlMs: 6_000,
  /** Clients send `typing.set` at most this often while the user types. */
  typingThrottleMs: 2_500,
  pageSizeDefault: 50,
  pageSizeMax: 100,
} as const;

/** S-DLG-12 counts characters that are not whitespace; code points, so emoji count once. */
export function countMessageChars(text: string): number {
  let n = 0;
  for (const ch of text) if (!/\s/u.test(ch)) n++;
  return n;
}

/** The quoted text a reply carries (S-DLG-7): its first `limits.replyPreviewChars` code points. */
export function quotePreview(text: string): string {
  let n = 0;
  let end = 0;
  for (const ch of text) {
    if (n++ === limits.replyPreviewChars) return text.slice(0, end);
    end += ch.length;
  }
  return text;
}
