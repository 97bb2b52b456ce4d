/**
 * Error and close codes as the browser needs them: the names, which close codes mean "come
 * back", and `ChatError`. Their texts (the default messages, the HTTP statuses, the close
 * reasons) live in error-table.ts, which the server and the docs import and the bundles do not:
 * the elements word every error in their own language (issue 10), so shipping the English
 * sentences would only cost bytes.
 */
export const errorCodeList = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'INVALID_FRAME',
  'INVALID_PARAMS',
  'UNKNOWN_METHOD',
  'CONFLICT',
  'LIMIT_EXCEEDED',
  'RATE_LIMITED',
  'RESYNC_REQUIRED',
  'UNAVAILABLE',
  'INTERNAL',
  'CHATS_DISABLED',
] as const;

export type ErrorCode = (typeof errorCodeList)[number];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/**
 * Thrown by services and by `ChatClient.call()`; carries a stable code. Without a message it
 * says its code: the server always passes the table's sentence (error-table.ts).
 */
export class ChatError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? code);
    this.name = 'ChatError';
    this.code = code;
    this.details = details;
  }
  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodeList as readonly string[]).includes(value);
}

/**
 * WebSocket close codes the server uses. `reconnect` tells a client whether to come back on its
 * own (resuming from its last seq) or to stop and surface the problem.
 */
export const closeCodeNumbers = {
  NORMAL: { code: 1000, reconnect: false },
  GOING_AWAY: { code: 1001, reconnect: true },
  INVALID_UTF8: { code: 1007, reconnect: true },
  FRAME_TOO_LARGE: { code: 1009, reconnect: true },
  PROTOCOL_VIOLATION: { code: 4000, reconnect: true },
  UNAUTHENTICATED: { code: 4001, reconnect: true },
  TOKEN_EXPIRED: { code: 4002, reconnect: true },
  FORBIDDEN: { code: 4003, reconnect: false },
  HELLO_TIMEOUT: { code: 4008, reconnect: true },
  RATE_LIMITED: { code: 4029, reconnect: true },
  SLOW_CONSUMER: { code: 4050, reconnect: true },
} as const;

export type CloseName = keyof typeof closeCodeNumbers;

export function closeInfo(code: number): { name: CloseName; reconnect: boolean } | undefined {
  for (const [name, info] of Object.entries(closeCodeNumbers)) {
    if (info.code === code) return { name: name as CloseName, reconnect: info.reconnect };
  }
  return undefined;
}
