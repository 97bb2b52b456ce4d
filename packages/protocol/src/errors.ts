/**
 * The one table of error codes. The server throws them, the client branches on them, the README
 * documents them; test/errors.test.ts keeps the three in step.
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
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCodes;
export const errorCodeList = Object.keys(errorCodes) as ErrorCode[];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** Thrown by services and by `ChatClient.call()`; carries a stable code. */
export class ChatError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? errorCodes[code].message);
    this.name = 'ChatError';
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return errorCodes[this.code].status;
  }
  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCodes, value);
}

/**
 * WebSocket close codes the server uses. `reconnect` tells a client whether to come back on its
 * own (resuming from its last seq) or to stop and surface the problem.
 */
export const closeCodes = {
  NORMAL: { code: 1000, reconnect: false, reason: 'Closed normally.' },
  GOING_AWAY: { code: 1001, reconnect: true, reason: 'The server is restarting; resume.' },
  INVALID_UTF8: { code: 1007, reconnect: true, reason: 'A text frame was not valid UTF-8.' },
  FRAME_TOO_LARGE: { code: 1009, reconnect: true, reason: 'A frame exceeded 64 KiB.' },
  PROTOCOL_VIOLATION: { code: 4000, reconnect: true, reason: 'Frames out of order or too many invalid frames.' },
  UNAUTHENTICATED: { code: 4001, reconnect: true, reason: 'Bad or expired token; get a new one.' },
  TOKEN_EXPIRED: { code: 4002, reconnect: true, reason: "The session's token expired: fetch a fresh token, reconnect and resume." },
  FORBIDDEN: { code: 4003, reconnect: false, reason: 'This user may not use chats.' },
  HELLO_TIMEOUT: { code: 4008, reconnect: true, reason: 'No hello within 5 seconds.' },
  RATE_LIMITED: { code: 4029, reconnect: true, reason: 'Too many frames; back off, then resume.' },
  SLOW_CONSUMER: { code: 4050, reconnect: true, reason: 'The send buffer passed its cap; resume.' },
} as const;

export type CloseName = keyof typeof closeCodes;

export function closeInfo(code: number): { name: CloseName; reconnect: boolean } | undefined {
  for (const [name, info] of Object.entries(closeCodes)) {
    if (info.code === code) return { name: name as CloseName, reconnect: info.reconnect };
  }
  return undefined;
}
