import { closeCodeNumbers, type CloseName, type ErrorCode } from './errors.js';

/**
 * The one table of error codes with their HTTP statuses and default messages. The server throws
 * them, the client branches on the codes, the README's reference is generated from it
 * (test/readme.test.ts keeps them in step). Not part of `@chatdesk/protocol/runtime`: see errors.ts.
 */
export const errorCodes = {
  UNAUTHENTICATED: { status: 401, message: 'The token is missing, malformed, forged or expired.' },
  FORBIDDEN: { status: 403, message: 'You may not do this.' },
  NOT_FOUND: { status: 404, message: 'Not found.' },
  INVALID_FRAME: { status: 400, message: 'The frame is not valid JSON of a known frame type.' },
  INVALID_PARAMS: { status: 400, message: 'The parameters do not match the method schema.' },
  UNKNOWN_METHOD: { status: 400, message: 'There is no such method.' },
  CONFLICT: { status: 409, message: 'The request conflicts with the current state.' },
  LIMIT_EXCEEDED: { status: 413, message: 'A size or length limit was exceeded.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; slow down.' },
  RESYNC_REQUIRED: { status: 410, message: 'The missed events are no longer kept; refetch the state.' },
  UNAVAILABLE: { status: 503, message: 'The service is temporarily unavailable; retry later.' },
  INTERNAL: { status: 500, message: 'Internal server error.' },
  CHATS_DISABLED: { status: 403, message: 'Chats are switched off in the chat settings (S-SET-1).' },
} as const satisfies Record<ErrorCode, { status: number; message: string }>;

/** What a close code says in its close frame. */
const closeReasons = {
  NORMAL: 'Closed normally.',
  GOING_AWAY: 'The server is restarting; resume.',
  INVALID_UTF8: 'A text frame was not valid UTF-8.',
  FRAME_TOO_LARGE: 'A frame exceeded 64 KiB.',
  PROTOCOL_VIOLATION: 'Frames out of order or too many invalid frames.',
  UNAUTHENTICATED: 'Bad or expired token; get a new one.',
  TOKEN_EXPIRED: "The session's token expired: fetch a fresh token, reconnect and resume.",
  FORBIDDEN: 'This user may not use chats.',
  HELLO_TIMEOUT: 'No hello within 5 seconds.',
  RATE_LIMITED: 'Too many frames; back off, then resume.',
  SLOW_CONSUMER: 'The send buffer passed its cap; resume.',
} as const satisfies Record<CloseName, string>;

type CloseTable = { [K in CloseName]: (typeof closeCodeNumbers)[K] & { reason: (typeof closeReasons)[K] } };

/** Close codes with their reasons (see `closeCodeNumbers` for what the browser keeps). */
export const closeCodes = Object.fromEntries(
  (Object.keys(closeCodeNumbers) as CloseName[]).map((name) => [name, { ...closeCodeNumbers[name], reason: closeReasons[name] }]),
) as CloseTable;
