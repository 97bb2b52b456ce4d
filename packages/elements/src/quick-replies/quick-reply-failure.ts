import { refusalOf, type Refusal } from '../lib/errors.js';

/** A refusal of `quickReplies.render` or `.save`, with a template error's line and the engine's message (S-QR-4). */
export interface QuickReplyFailure extends Refusal {
  /** The template's line with the error (`details.line`), or 0 when the server named none. */
  line: number;
  /** The template engine's own message (`details.message`, English), or ''. */
  message: string;
  /** INVALID_PARAMS' fields (`details.nested`: `command`, `title`, `text` …), each with the schema's messages. */
  fields: Readonly<Record<string, readonly string[]>>;
}

export function failureOf(err: unknown): QuickReplyFailure {
  const details = ((err ?? {}) as { details?: { line?: unknown; message?: unknown; nested?: unknown } | null }).details ?? {};
  const nested = details.nested && typeof details.nested === 'object' ? (details.nested as Record<string, readonly string[]>) : {};
  return {
    ...refusalOf(err),
    line: typeof details.line === 'number' ? details.line : 0,
    message: typeof details.message === 'string' ? details.message : '',
    fields: nested,
  };
}

/** A template error of the text, refused by `render` or `save`. */
export const isTemplateError = (f: QuickReplyFailure): boolean => f.code === 'INVALID_PARAMS' && f.reason === 'template';
