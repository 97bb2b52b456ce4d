// Issue 20, "no string outside the translation files": the elements' Russian lives in their term
// tables only — i18n/*.ts, the `*.ru.ts` and `*.i18n.ts` tables beside the elements, and a `ru:`
// row of a table kept inline. Any other Russian in a source (comments aside) is text a
// translation would miss. (The English table is the type every language fills, so a key missing
// in Russian is a type error already.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const src = new URL('../packages/elements/src/', import.meta.url).pathname;

/** Russian that is not UI text, with the reason. */
const ALLOWED: Record<string, RegExp> = {
  // Search folds ё into е: a rule about letters, not words shown.
  'quick-replies/quick-reply-match.ts': /replaceAll\('ё', 'е'\)/,
  // A language's own name in the language picker, the same whatever language the page speaks.
  'settings/settings-personal.ts': />Русский</,
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

const isTable = (file: string) => /(^|\/)i18n\/|(^|\/)ru\.ts$|\.ru\.ts$|\.i18n\.ts$/.test(file);

test('the elements\' Russian text is in their term tables only', () => {
  const stray: string[] = [];
  for (const path of sources(src)) {
    const file = relative(src, path);
    if (isTable(file)) continue;
    const code = readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
    code.split('\n').forEach((line, i) => {
      const text = line.replace(/(^|[^:'"`])\/\/.*$/, '$1');
      if (!/[А-Яа-яЁё]/.test(text)) return;
      if (/^\s*ru: /.test(text)) return; // a table's Russian row, kept inline
      if (ALLOWED[file]?.test(text)) return;
      stray.push(`${file}:${i + 1}: ${text.trim()}`);
    });
  }
  assert.deepEqual(stray, [], 'Russian outside the term tables');
});
