/** Limits shared by client and server, so the UI can show them before the server enforces them. */
export const limits = {
  maxFrameBytes: 64 * 1024,
  helloTimeoutMs: 5_000,
  maxMessageChars: 2_000,
  maxMessageRawChars: 20_000,
  maxTokenChars: 4_096,
  maxClientMessageIdChars: 64,
  maxCallIdChars: 64,
  replyPreviewChars: 200,
  maxDrafts: 500,
  maxChatMembers: 50,
  maxInternalChats: 500,
  typingTtlMs: 6_000,
  typingThrottleMs: 2_500,
  pageSizeDefault: 50,
  pageSizeMax: 100,
  maxSendBytes: 20 * 1024 * 1024,
  maxAttachments: 10,
  maxUnsentFiles: 30,
  maxUnsentBytes: 100 * 1024 * 1024,
  maxFileNameChars: 255,
  thumbMaxPx: 320,
  maxImagePixels: 40_000_000,
  fileTokenTtlMs: 60 * 60 * 1000,
  maxExternalIdChars: 128,
} as const;

/**
 * What each limit means: the README's table of limits is generated from these two objects (the
 * browser bundles import `limits` alone, so these sentences stay out of them).
 */
export const limitNotes: Record<keyof typeof limits, string> = {
  maxFrameBytes: 'Largest WebSocket frame the server accepts, in bytes; a larger one closes the socket with 1009.',
  helloTimeoutMs: 'The first frame must be `hello` within this many milliseconds, or the socket closes with 4008.',
  maxMessageChars: 'S-DLG-12: characters a message may hold, whitespace not counted (code points: an emoji counts once); more is `LIMIT_EXCEEDED`.',
  maxMessageRawChars: 'A hard cap on a message\'s or draft\'s raw length in UTF-16 code units, whitespace included (`INVALID_PARAMS`).',
  maxTokenChars: 'Length of a token in `hello`.',
  maxClientMessageIdChars: 'Length of a `clientMessageId`: 1 to this many of `A–Z a–z 0–9 _ -`.',
  maxCallIdChars: 'Length of a string call id, in UTF-16 code units; a longer one is refused and echoed cut to this.',
  replyPreviewChars: 'Code points of the quoted text a reply carries (`replyTo.text`, S-DLG-7).',
  maxDrafts: 'Drafts a user keeps (S-DLG-8); saving one more drops the oldest.',
  maxChatMembers: 'Members of one internal chat, the creator included (S-DLG-14).',
  maxInternalChats: 'Internal chats `internal.list` returns (the most recently active).',
  typingTtlMs: 'A typing indicator disappears this many milliseconds after the `typing.set` that last renewed it.',
  typingThrottleMs: 'Clients send `typing.set` at most this often (ms) while the user types.',
  pageSizeDefault: 'Items a page holds when `limit` is absent (lists, messages, search).',
  pageSizeMax: 'The largest `limit` a page may ask for.',
  maxSendBytes: 'S-DLG-9: bytes one send may carry in files, all its attachments together (one upload can be no larger); more is `LIMIT_EXCEEDED` (HTTP 413 while uploading).',
  maxAttachments: 'Files one message may carry (`attachmentIds`).',
  maxUnsentFiles: 'Uploads one sender may hold not yet sent; one more is refused with `LIMIT_EXCEEDED` (HTTP 413) until some are sent or expire (a day, `unsentFileTtlMs`).',
  maxUnsentBytes: 'Bytes of uploads one sender may hold not yet sent (the same refusal).',
  maxFileNameChars: 'Code points of a file name the server keeps (a longer one is cut, keeping its extension).',
  thumbMaxPx: 'The longer side of an image thumbnail, in pixels.',
  maxImagePixels: 'Pixels (width × height) an image may have to be decoded and previewed; a larger one is kept as a plain file (a decompression bomb stays unopened).',
  fileTokenTtlMs: 'How long a file token (`files.token`) stays valid, in milliseconds.',
  maxExternalIdChars: 'Length of a messenger\'s id in the integration API (`customer.externalId`, `messageId`), in UTF-16 code units.',
};

/**
 * S-DLG-12 counts characters that are not whitespace (what `/\s/u` matches); code points, so
 * emoji count once. By char code, not `for … of` and a regex per character: it runs for every
 * send, and the strings that loop made were a tenth of the send path's garbage.
 */
export function countMessageChars(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      // A surrogate pair is one code point (no astral character is whitespace); a lone half counts alone.
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      n++;
    } else if (!isSpace(c)) n++;
  }
  return n;
}

/** The code units `/\s/u` matches (ECMAScript WhiteSpace and LineTerminator). */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
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
