/**
 * Text folding for search (S-DLG-3). SQLite's unicode61 tokenizer folds case and (with
 * remove_diacritics 2) diacritics, but treats «ё» as its own letter: «елка» would not find
 * «ёлка». So message text is folded ё → е before it is indexed and queries are folded the same
 * way; the replacement keeps every UTF-16 offset, so highlight ranges computed on the folded text
 * hold for the original.
 */
export function foldYo(s: string): string {
  return s.replace(/ё/g, 'е').replace(/Ё/g, 'Е');
}

/** One character as search compares it: lower case, diacritics removed, ё → е. */
function foldChar(ch: string): string {
  return foldYo(ch).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The whole string folded as `foldChar` does. */
export function foldForSearch(s: string): string {
  let out = '';
  for (const ch of s) out += foldChar(ch);
  return out;
}

/** Phone numbers are searched by their digits only. */
export function phoneDigits(s: string): string {
  return s.replace(/\D/g, '');
}

/** The customers.search_key column: name, phone digits, email, folded, one per line. */
export function customerSearchKey(name: string, phone: string | null, email: string | null): string {
  return `${foldForSearch(name)}\n${phoneDigits(phone ?? '')}\n${foldForSearch(email ?? '')}`;
}

/** Search terms of a query: runs of letters and digits, folded. */
export function queryTerms(query: string): string[] {
  return [...query.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => foldForSearch(m[0])).filter((t) => t.length > 0);
}

/** An FTS5 MATCH expression: every term quoted (no FTS syntax from user input) as a prefix. */
export function ftsQuery(terms: readonly string[]): string {
  return terms.map((t) => `"${t.replace(/"/g, '""')}"*`).join(' ');
}

/**
 * [start, end) UTF-16 ranges in `text` of the words that begin with one of `terms` (prefix
 * matches, as FTS5 found them), compared folded character by character.
 */
export function prefixHighlights(text: string, terms: readonly string[]): [number, number][] {
  const out: [number, number][] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    const word = m[0];
    const start = m.index ?? 0;
    let best = 0;
    for (const term of terms) {
      let folded = '';
      let i = 0;
      for (const ch of word) {
        if (folded.length >= term.length) break;
        folded += foldChar(ch);
        i += ch.length;
      }
      if (folded.length >= term.length && folded.startsWith(term)) best = Math.max(best, i);
    }
    if (best > 0) out.push([start, start + best]);
  }
  return out;
}

/**
 * [start, end) ranges in `text` where the folded `terms` occur anywhere (customer name, phone,
 * email are matched as substrings). `digitsOnly` matches phone numbers by their digits.
 */
export function substringHighlights(text: string, terms: readonly string[], digitsOnly = false): [number, number][] {
  // Folded characters with the original offset each came from.
  let folded = '';
  const origin: number[] = [];
  let offset = 0;
  for (const ch of text) {
    const f = digitsOnly ? (/\d/.test(ch) ? ch : '') : foldChar(ch);
    for (let k = 0; k < f.length; k++) origin.push(offset);
    folded += f;
    offset += ch.length;
  }
  origin.push(offset);
  const ranges: [number, number][] = [];
  for (const term of terms) {
    const t = digitsOnly ? phoneDigits(term) : term;
    if (!t) continue;
    let at = folded.indexOf(t);
    while (at >= 0) {
      const endIdx = at + t.length;
      const last = origin[endIdx - 1] ?? 0;
      const endOrig = last + (text.codePointAt(last)! > 0xffff ? 2 : 1);
      ranges.push([origin[at] ?? 0, endOrig]);
      at = folded.indexOf(t, endIdx);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const prev = merged[merged.length - 1];
    if (prev && r[0] <= prev[1]) prev[1] = Math.max(prev[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}
