/**
 * Search folding (S-DLG-3): one function, `foldForSearch`, applied to stored text (messages, the
 * customers' search key) and to every query, so both sides always compare the same strings.
 *
 * It folds only what a reader takes for the same letter:
 * - NFC first, so precomposed and decomposed input are one text («й» typed as «и» + U+0306, or
 *   «Zoë» with a combining diaeresis, finds the precomposed word and the other way round);
 * - case (lower case, code point by code point: no context rule such as the Greek final sigma);
 * - «ё» → «е» (Russian writers leave the dots off at will).
 * Nothing else: «й» stays «й» (not «и»), «é» stays «é» (not «e»), «ß» stays «ß».
 *
 * The FTS5 tables are told to add nothing: messages_fts uses `unicode61 remove_diacritics 0`,
 * customers_fts `trigram case_sensitive 1` (migration 009). SQLite's unicode61 still folds case
 * by its own table, which maps a dozen lower-case variants further (ς → σ, ſ → s, µ → μ …);
 * FOLD_MORE does the same here so that the folded text is a fixed point of the tokenizer and
 * highlights computed in JavaScript agree with what FTS5 matched. SQLite's Unicode tables are
 * older than JavaScript's and take characters added since (₽, U+2066…) for letters, so the
 * indexed text keeps only word characters as JavaScript sees them, with spaces between words.
 *
 * Folding never crosses a grapheme cluster (NFC composes within a cluster; the rest maps one code
 * point at a time), so a text folded cluster by cluster is the text folded whole: that is how
 * highlight offsets map back exactly to the original, unnormalized text.
 */

/** What unicode61's case folding maps further than `toLowerCase`, and «ё» → «е». */
const FOLD_MORE: Readonly<Record<string, string>> = {
  ё: 'е',
  µ: 'μ',
  ſ: 's',
  '\u0345': 'ι',
  ς: 'σ',
  ϐ: 'β',
  ϑ: 'θ',
  ϕ: 'φ',
  ϖ: 'π',
  ϰ: 'κ',
  ϱ: 'ρ',
  ϵ: 'ε',
  ẛ: 'ṡ',
};
const FOLD_MORE_RE = new RegExp(`[${Object.keys(FOLD_MORE).join('')}]`, 'gu');

/**
 * Characters of a search word: letters, digits, combining marks, private use. The tokenizer of
 * messages_fts is declared with the same classes (`categories 'L* N* Co M*'`).
 */
const WORD = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** The string as search compares it (see the header): NFC, lower case, ё → е. */
export function foldForSearch(s: string): string {
  return s
    .normalize('NFC')
    .toLowerCase()
    .replace(FOLD_MORE_RE, (ch) => FOLD_MORE[ch] ?? ch);
}

/** The folded words of a text or a query, in order: a query's terms, a message's indexed words. */
export function searchWords(s: string): string[] {
  return foldForSearch(s).match(WORD) ?? [];
}

/** What messages_fts indexes for a message: its folded words, separated by spaces. */
export function indexedText(text: string): string {
  return searchWords(text).join(' ');
}

/** Phone numbers are searched by their digits only. */
export function phoneDigits(s: string): string {
  return s.replace(/\D/g, '');
}

/** The customers.search_key column: name, phone digits, email, folded, one per line. */
export function customerSearchKey(name: string, phone: string | null, email: string | null): string {
  return `${foldForSearch(name)}\n${phoneDigits(phone ?? '')}\n${foldForSearch(email ?? '')}`;
}

/**
 * Words of ASCII letters and digits and the Russian alphabet: NFC leaves them as they are, lower
 * case maps each code unit to one, and of FOLD_MORE only «ё» applies. Most words of a chat are
 * such, and fold here without `normalize`, a regular expression or a grapheme segmenter (the
 * three were 12 % of a search call).
 */
const PLAIN_WORD = /^[0-9A-Za-zА-яЁё]+$/;

/**
 * [start, end) UTF-16 ranges in `text` of the words that begin with one of `terms` (prefix
 * matches, as FTS5 found them): from the word's start to the end of the shortest run of whole
 * grapheme clusters whose folding begins with the term.
 */
export function prefixHighlights(text: string, terms: readonly string[]): [number, number][] {
  return highlightPrefixes(text, terms, true);
}

/** `prefixHighlights` by the general path alone, for every word (a test holds the two equal). */
export function prefixHighlightsGeneral(text: string, terms: readonly string[]): [number, number][] {
  return highlightPrefixes(text, terms, false);
}

function highlightPrefixes(text: string, terms: readonly string[], plainPath: boolean): [number, number][] {
  const out: [number, number][] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    const start = m.index ?? 0;
    if (plainPath && PLAIN_WORD.test(word)) {
      // Each code unit is a cluster of its own and folds to one code unit: the folded word's
      // prefix of a term's length covers exactly as many code units of the word.
      const folded = word.toLowerCase().replaceAll('ё', 'е');
      let longest = 0;
      for (const t of terms) if (t.length > longest && folded.startsWith(t)) longest = t.length;
      if (longest > 0) out.push([start, start + longest]);
      continue;
    }
    const folded = foldForSearch(word);
    const matching = terms.filter((t) => t.length > 0 && folded.startsWith(t));
    if (matching.length === 0) continue;
    const longest = matching.reduce((a, b) => (b.length > a.length ? b : a));
    let prefix = '';
    let end = word.length;
    for (const g of graphemes.segment(word)) {
      prefix += foldForSearch(g.segment);
      if (prefix.length >= longest.length) {
        end = g.index + g.segment.length;
        break;
      }
    }
    out.push([start, start + end]);
  }
  return out;
}

/**
 * [start, end) ranges in `text` where the folded `terms` occur anywhere (customer name, phone,
 * email are matched as substrings), widened to whole grapheme clusters. `digitsOnly` matches
 * phone numbers by their digits.
 */
export function substringHighlights(text: string, terms: readonly string[], digitsOnly = false): [number, number][] {
  // The folded text, with the original cluster each folded code unit came from.
  let folded = '';
  const from: number[] = [];
  const to: number[] = [];
  for (const g of graphemes.segment(text)) {
    const f = digitsOnly ? phoneDigits(g.segment) : foldForSearch(g.segment);
    for (let k = 0; k < f.length; k++) {
      from.push(g.index);
      to.push(g.index + g.segment.length);
    }
    folded += f;
  }
  const ranges: [number, number][] = [];
  for (const term of terms) {
    const t = digitsOnly ? phoneDigits(term) : term;
    if (!t) continue;
    let at = folded.indexOf(t);
    while (at >= 0) {
      const endIdx = at + t.length;
      ranges.push([from[at] ?? 0, to[endIdx - 1] ?? text.length]);
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
