import type { ReactiveControllerHost } from 'lit';
import type { ErrorWords } from '../i18n/errors.js';
import type { Lang } from './localize.js';

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

let loaded: Readonly<Record<Lang, ErrorWords>> | undefined;
let loading: Promise<unknown> | undefined;

/**
 * The error words (i18n/errors.ts) in `lang`, or undefined while their chunk loads; the host is
 * re-rendered once it is in. A lazy chunk: errors are rare, and the panel's start-up is on a budget.
 */
export function errorWords(host: ReactiveControllerHost, lang: Lang): ErrorWords | undefined {
  if (loaded) return loaded[lang];
  loading ??= import('../i18n/errors.js').then((m) => (loaded = m.errorTerms));
  // A chunk that failed to load is asked for again at the next render, not in a loop.
  loading.then(
    () => host.requestUpdate(),
    () => (loading = undefined),
  );
  return undefined;
}
