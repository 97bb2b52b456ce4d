// Search folding (S-DLG-3): the same folding at index and query time, highlight offsets that hold
// for the original text, and query terms that can never become FTS syntax.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { customerSearchKey, foldYo, ftsQuery, prefixHighlights, queryTerms, substringHighlights } from '../src/storage/fold.js';

test('S-DLG-3: ё/Ё fold to е/Е keeping every UTF-16 offset', () => {
  assert.equal(foldYo('Ёлка и ёжик'), 'Елка и ежик');
  assert.equal(foldYo('Ёлка и ёжик').length, 'Ёлка и ёжик'.length);
});

test('S-DLG-3: query terms are runs of letters and digits, folded; the FTS expression quotes each as a prefix', () => {
  assert.deepEqual(queryTerms('  Ёлка, "NEAR(x y)" OR * 38-й café '), ['елка', 'near', 'x', 'y', 'or', '38', 'и', 'cafe']);
  assert.equal(ftsQuery(['елка', 'near']), '"елка"* "near"*');
  assert.deepEqual(queryTerms('%_*"()'), []);
});

test('S-DLG-3: highlights are [start, end) in the original text: word prefixes for messages, substrings for contacts', () => {
  const text = 'Купила ЁЛКУ 🎄 и ёлочные игрушки, Café';
  const ranges = prefixHighlights(text, queryTerms('елк кафе cafe'));
  assert.deepEqual(ranges.map(([s, e]) => text.slice(s, e)), ['ЁЛК', 'Café']);
  const name = '😀 Пётр Ковалёв';
  assert.deepEqual(substringHighlights(name, queryTerms('валев')).map(([s, e]) => name.slice(s, e)), ['валёв']);
  const phone = '+7 (912) 345-67-89';
  assert.deepEqual(substringHighlights(phone, ['912345'], true).map(([s, e]) => phone.slice(s, e)), ['912) 345']);
  assert.equal(customerSearchKey('Пётр Ковалёв', '+7 912', 'Petr@Example.RU'), 'петр ковалев\n7912\npetr@example.ru');
});
