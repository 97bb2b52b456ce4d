import { html, nothing } from 'lit';

/** A piece of message text; `href` when it is a link (only `http:`, `https:`, `mailto:` or `tel:`). */
export interface TextSlice {
  text: string;
  href?: string;
}

/*
 * One pass over the text finds, in this order of preference at each position:
 * 1. a URL: `http://` or `https://` and everything up to whitespace, `<`, `>`, `"`, `«`, `»` or a
 *    bidi control (a right-to-left override must not hide inside a link's text);
 * 2. an e-mail address: a local part, `@`, and a domain of two or more labels;
 * 3. a phone number: an optional `+`, then digits, spaces, hyphens and brackets, from a digit (or
 *    an opening bracket) to a digit; `telHref` then checks the digits.
 * Lookarounds keep a phone from starting or ending inside a longer word, number or date.
 */
const FIND =
  /(https?:\/\/[^\s<>"«»\u200e\u200f\u202a-\u202e\u2066-\u2069]+)|([\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)|((?<![\p{L}\p{N}_+.\/@-])\+?\(?\d[\d ()\u00a0-]{4,22}\d(?![\p{L}\p{N}_@]|[-.\/:]\d))/giu;

/** Characters that end a sentence rather than a URL when they come last. */
const TRAILING = /[.,;:!?'’”)\]}*_]$/;

/** Drops trailing punctuation, keeping a closing bracket that closes one opened inside the URL. */
function trimUrl(url: string): string {
  while (TRAILING.test(url)) {
    const last = url[url.length - 1]!;
    const open = last === ')' ? '(' : last === ']' ? '[' : last === '}' ? '{' : '';
    if (open && url.split(open).length > url.split(last).length - 1) break;
    url = url.slice(0, -1);
  }
  return url;
}

/** The `href` of a URL found in text, or undefined when the browser does not read it as http(s). */
function urlHref(text: string): string | undefined {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `tel:` and the digits, for 7–15 digits after a `+`, or without one 10–15 digits written with a
 * separator (`8 800 555-35-35`, `(415) 555-2671`) or 11 starting with 8 (`89991234567`): plain
 * runs of digits are more often order numbers, dates and amounts than phones.
 */
function telHref(text: string): string | undefined {
  const digits = text.replace(/\D/g, '');
  const plus = text.startsWith('+');
  const balanced = text.split('(').length === text.split(')').length;
  const ok = plus
    ? digits.length >= 7 && digits.length <= 15
    : digits.length >= 10 && digits.length <= 15 && (/[ \u00a0()-]/.test(text) || (digits.length === 11 && digits[0] === '8'));
  return ok && balanced ? `tel:${plus ? '+' : ''}${digits}` : undefined;
}

/**
 * Cuts message text into plain slices and links: `http(s)` URLs (trailing punctuation left out),
 * e-mail addresses (`mailto:`) and phone numbers (`tel:`). A template renders each link as an
 * `<a>` around a text node, so nothing in the text ever becomes markup, and no other scheme
 * (`javascript:`, `data:`…) can become a link: an `href` is only ever one built here.
 */
export function linkSlices(text: string): TextSlice[] {
  const out: TextSlice[] = [];
  let at = 0;
  for (const m of text.matchAll(FIND)) {
    let found = m[0];
    let href: string | undefined;
    if (m[1]) {
      found = trimUrl(found);
      href = urlHref(found);
    } else if (m[2]) {
      href = `mailto:${found}`;
    } else {
      href = telHref(found);
    }
    if (!href) continue;
    if (m.index > at) out.push({ text: text.slice(at, m.index) });
    out.push({ text: found, href });
    at = m.index + found.length;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at) });
  return out;
}

/**
 * The text with its links as `<a part="link">` elements around text slices, for a template. Only
 * `linkSlices` builds an `href`; URLs open in a new tab, without an opener or a referrer. A link
 * reads left to right in an isolate of its own (`dir="ltr"`): a right-to-left override earlier in
 * the message cannot show its address backwards, so what it says is where it goes.
 */
export function linked(text: string) {
  return linkSlices(text).map((s) =>
    s.href
      ? html`<a part="link" dir="ltr" href=${s.href} target=${s.href.startsWith('http') ? '_blank' : nothing} rel="noopener noreferrer">${s.text}</a>`
      : s.text,
  );
}
