import * as v from 'valibot';
import { limits } from './limits.js';

// Lone surrogates cannot be encoded as UTF-8; storing them would corrupt exports and other clients.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isWellFormedText(s: string): boolean {
  return !loneSurrogate.test(s);
}

/** A string that is well-formed Unicode and at most `max` UTF-16 units long. */
export function text(max: number) {
  return v.pipe(
    v.string(),
    v.maxLength(max),
    v.check(isWellFormedText, 'must be well-formed Unicode (no lone surrogates)'),
  );
}

/**
 * Message text as the wire carries it: non-blank, raw length bounded. The S-DLG-12 count (2000
 * non-whitespace characters) is checked by the server as LIMIT_EXCEEDED, not INVALID_PARAMS.
 */
export const MessageText = v.pipe(
  text(limits.maxMessageRawChars),
  v.check((s) => s.trim().length > 0, 'must not be blank'),
  v.description(`Message text: the server also refuses more than ${limits.maxMessageChars} characters not counting whitespace, with LIMIT_EXCEEDED (S-DLG-12).`),
);
