import type { QuickReply } from '@chatdesk/protocol';

/*
 * Finding quick replies in the loaded list. The popover's search filters here rather than asking
 * `quickReplies.list {query}`: the list is whole in memory (≤ 1000), kept live by events, and a
 * filter per keystroke costs no round trip. It folds as the server's search does
 * (ports/search-folding.ts): NFC, lower case, «ё» = «е», and nothing else («й» stays «й»).
 */

/** A text as the search compares it. */
export function fold(text: string): string {
  return text.normalize('NFC').toLowerCase().replaceAll('ё', 'е');
}

const folded = new WeakMap<QuickReply, string>();

/** The reply's command, title and text, folded once per reply object (a change brings a new object). */
function haystack(reply: QuickReply): string {
  let text = folded.get(reply);
  if (text === undefined) folded.set(reply, (text = fold(`${reply.command}\n${reply.title}\n${reply.text}`)));
  return text;
}

/** S-QR-1 search: every word of `query` in the command, title or text, in any case, «ё» = «е». The list's order is kept. */
export function searchReplies(replies: readonly QuickReply[], query: string): readonly QuickReply[] {
  const words = fold(query).split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) return replies;
  return replies.filter((r) => words.every((w) => haystack(r).includes(w)));
}

/** At most this many suggestions under the composer's `/`: a short list to move through by arrows. */
export const SUGGESTIONS_MAX = 8;

/**
 * S-QR-1 inline: the replies for `/token`, commands starting with it first (shortest first, so
 * `/hi` comes before `/hiking`), then replies with a word of the title starting with it.
 */
export function suggestReplies(replies: readonly QuickReply[], token: string): QuickReply[] {
  const t = fold(token);
  const byCommand = replies.filter((r) => r.command.startsWith(t));
  byCommand.sort((a, b) => a.command.length - b.command.length || (a.command < b.command ? -1 : a.command > b.command ? 1 : 0));
  const byTitle = t === '' ? [] : replies.filter((r) => !r.command.startsWith(t) && fold(r.title).split(/[^\p{L}\p{N}]+/u).some((w) => w.startsWith(t)));
  return [...byCommand, ...byTitle].slice(0, SUGGESTIONS_MAX);
}

/** The start of a reply's text for a list row: its first line, cut at `max` characters. */
export function excerpt(text: string, max = 80): string {
  const line = text.trim().split('\n', 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}
