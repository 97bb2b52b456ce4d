// The README's protocol reference is part of the contract: this keeps it in step with the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { closeCodes, errorCodes, events, methods } from '../src/index.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

test('every error code is in the README table with its HTTP status', () => {
  for (const [code, { status }] of Object.entries(errorCodes)) {
    assert.match(readme, new RegExp(`\\| \`${code}\` \\| ${status} \\|`), `${code} ${status}`);
  }
});

test('every close code is in the README table', () => {
  for (const [name, { code }] of Object.entries(closeCodes)) {
    assert.match(readme, new RegExp(`\\| ${code} \\| \`${name}\` \\|`), `${code} ${name}`);
  }
});

test('every method and event is documented', () => {
  for (const name of Object.keys(methods)) assert.ok(readme.includes(`| \`${name}\` |`), name);
  for (const name of Object.keys(events)) assert.ok(readme.includes(`| \`${name}\` |`), name);
});
