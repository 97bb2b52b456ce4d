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
  pageSizeDefault: 50,
  pageSizeMax: 100,
} as const;

/** S-DLG-12 counts characters that are not whitespace; code points, so emoji count once. */
export function countMessageChars(text: string): number {
  let n = 0;
  for (const ch of text) if (!/\s/u.test(ch)) n++;
  return n;
}
