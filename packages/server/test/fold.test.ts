// Search folding (S-DLG-3): one folding for stored text and queries (NFC, case, ё → е, nothing
// else), highlight offsets that hold for the original text, query terms that never become FTS
// syntax, and a folded text that SQLite's tokenizer leaves as it is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import {
  customerSearchKey,
  foldForSearch,
  indexedText,
  prefixHighlights,
  prefixHighlightsGeneral,
  searchWords,
  substringHighlights,
} from '../src/ports/search-folding.js';
import { ftsQuery } from '../src/adapters/sqlite/repo.js';

test('S-DLG-3: folding keeps «й», «é», «ß» as written, folds case and «ё», and makes decomposed input precomposed (NFC)', () => {
  assert.equal(foldForSearch('Добрый день, Йошкар-Ола'), 'добрый день, йошкар-ола');
  assert.equal(foldForSearch('Ёлка, Артём'), 'елка, артем');
  assert.equal(foldForSearch('Zoë, café, naïve, Straße'), 'zoë, café, naïve, straße');
  // «й» and «ё» typed as a letter and a combining mark are the precomposed letters.
  assert.equal(foldForSearch('Добры\u0438\u0306'), 'добрый');
  assert.equal(foldForSearch('\u0415\u0308лка'), 'елка');
  assert.equal(foldForSearch('Zoe\u0308'), 'zoë');
  // Case one code point at a time: no final-sigma rule, so a prefix folds as the whole word does.
  assert.equal(foldForSearch('ΟΔΟΣ'), 'οδοσ');
  assert.equal(foldForSearch('ΟΔΟΣΑ').startsWith(foldForSearch('ΟΔΟΣ')), true);
});

test('S-DLG-3: query terms are the folded words; the FTS expression quotes each as a prefix', () => {
  assert.deepEqual(searchWords('  Ёлка, "NEAR(x y)" OR * 38-й café '), ['елка', 'near', 'x', 'y', 'or', '38', 'й', 'café']);
  assert.equal(ftsQuery(['елка', 'near']), '"елка"* "near"*');
  assert.deepEqual(searchWords('%_*"()'), []);
  // Characters SQLite's older Unicode tables count as letters are separators here, on both sides.
  assert.equal(indexedText('от 500₽ до\u2066Zoë\u2069!'), 'от 500 до zoë');
});

test('S-DLG-3: the folded text is a fixed point of the messages_fts tokenizer (FTS5 and the highlights agree)', () => {
  const db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE t USING fts5(x, tokenize="unicode61 remove_diacritics 0 categories 'L* N* Co M*'")`);
  db.exec(`CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')`);
  const text = 'Добрый ДЕНЬ ёЛКА Zoë CAFÉ ΟΔΟΣ ſun µs İstanbul Ǆ ẛ 2\u0345 x\u0306y 500₽';
  db.prepare('INSERT INTO t (rowid, x) VALUES (1, ?)').run(indexedText(text));
  const tokens = (db.prepare('SELECT term FROM v ORDER BY offset').all() as { term: string }[]).map((r) => r.term);
  assert.deepEqual(tokens, searchWords(text));
  db.close();
});

test('S-DLG-3: highlights are [start, end) in the original text: word prefixes for messages, substrings for contacts', () => {
  const text = 'Купила ЁЛКУ 🎄 и ёлочные игрушки, Café, cafe';
  const ranges = prefixHighlights(text, searchWords('елк café'));
  assert.deepEqual(ranges.map(([s, e]) => text.slice(s, e)), ['ЁЛК', 'Café']);
  // Decomposed «й» in the text: the range covers the letter and its mark.
  const decomposed = 'Добры\u0438\u0306 день';
  assert.deepEqual(prefixHighlights(decomposed, searchWords('добрый')), [[0, 7]]);
  assert.deepEqual(prefixHighlights(decomposed, searchWords('добры')), [[0, 5]]);
  assert.deepEqual(prefixHighlights(decomposed, searchWords('добрыи')), []);
  const name = '😀 Пётр Ковалёв';
  assert.deepEqual(substringHighlights(name, searchWords('валев')).map(([s, e]) => name.slice(s, e)), ['валёв']);
  const zoe = 'Zoe\u0308 Smith';
  assert.deepEqual(substringHighlights(zoe, searchWords('zoë')), [[0, 4]]);
  assert.deepEqual(substringHighlights(zoe, searchWords('zoe')), []);
  const phone = '+7 (912) 345-67-89';
  assert.deepEqual(substringHighlights(phone, ['912345'], true).map(([s, e]) => phone.slice(s, e)), ['912) 345']);
  assert.equal(customerSearchKey('Пётр Ковалёв', '+7 912', 'Petr@Example.RU'), 'петр ковалев\n7912\npetr@example.ru');
  assert.equal(customerSearchKey('Андрей', null, 'zoë@café.fr'), 'андрей\n\nzoë@café.fr');
});

test('S-DLG-3: message highlights through the plain-word path (ASCII and Russian words) equal the general path\'s, word by word, for any text and terms', () => {
  const letters = 'aAzZ09 ёЁеЕйЙяЯжЖ-,.é\u0306\u0301ß🎄İς'.split(/(?:)/u);
  const text = fc.array(fc.constantFrom(...letters), { maxLength: 40 }).map((cs) => cs.join(''));
  fc.assert(
    fc.property(text, fc.array(text, { minLength: 1, maxLength: 3 }), (t, queries) => {
      const terms = queries.flatMap((q) => searchWords(q));
      assert.deepEqual(prefixHighlights(t, terms), prefixHighlightsGeneral(t, terms));
    }),
    { numRuns: 3_000 },
  );
  // A whole message of plain words, and one with a word the general path takes.
  const ru = 'Ёлка и елочные игрушки: ЗАКАЗ 42 готов';
  assert.deepEqual(prefixHighlights(ru, searchWords('елк заказ 4')).map(([s, e]) => ru.slice(s, e)), ['Ёлк', 'ЗАКАЗ', '4']);
});
