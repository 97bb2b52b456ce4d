/** What a failed call says, for the UI: its code and `details.reason` pick the words; the server's message is a technical detail. */
export interface Refusal {
  /** A protocol error code (`FORBIDDEN`, `NOT_FOUND`…), or '' when the failure was not the server's. */
  code: string;
  /** The server's `details.reason` (`blocked`, `not_author`, `channel`…), or ''. */
  reason: string;
  /** The server's own (English) message: for a `title`, never the UI text. */
  detail: string;
}

/** Reads a `ChatError` (or anything thrown) into a `Refusal`. */
export function refusalOf(err: unknown): Refusal {
  const e = (err ?? {}) as { code?: unknown; message?: unknown; details?: { reason?: unknown } | null };
  const reason = e.details?.reason;
  return {
    code: typeof e.code === 'string' ? e.code : '',
    reason: typeof reason === 'string' ? reason : '',
    detail: typeof e.message === 'string' ? e.message : '',
  };
}
