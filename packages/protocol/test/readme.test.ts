// The README's protocol reference is part of the contract. It is generated from the code
// (`npm run docs`, scripts/protocol-reference.ts); these tests fail when the README differs from
// what the code generates now, and check that the generated text holds every code and name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeCodes, commonErrors, errorCodes, events, methods, signals } from '../src/index.js';
import { renderProtocolReference } from '../../../scripts/protocol-reference.js';
import { readReadme, readRegion } from '../../../scripts/readme-regions.js';

const readme = readReadme();
const reference = readRegion(readme, 'protocol-reference');

test('the README\'s protocol reference is what `npm run docs` generates from the code now', () => {
  assert.equal(reference, renderProtocolReference(), 'README.md is out of date: run `npm run docs`');
});

test('every error code is in the reference\'s table with its HTTP status', () => {
  for (const [code, { status }] of Object.entries(errorCodes)) {
    assert.match(reference, new RegExp(`\\| \`${code}\` \\| ${status} \\|`), `${code} ${status}`);
  }
});

test('every close code is in the reference\'s table', () => {
  for (const [name, { code }] of Object.entries(closeCodes)) {
    assert.match(reference, new RegExp(`\\| ${code} \\| \`${name}\` \\|`), `${code} ${name}`);
  }
});

test('every method has its section with params, result and its declared error codes; every event and signal its row', () => {
  for (const [name, def] of Object.entries(methods)) {
    const at = reference.indexOf(`#### \`${name}\``);
    assert.ok(at >= 0, name);
    const next = reference.indexOf('\n#### ', at + 1);
    const section = reference.slice(at, next < 0 ? undefined : next);
    assert.match(section, /params: /, name);
    assert.match(section, /result: /, name);
    for (const code of Object.keys(def.errors)) assert.ok(section.includes(`\`${code}\``), `${name} declares ${code}`);
  }
  for (const name of Object.keys(events)) assert.ok(reference.includes(`| \`${name}\` |`), name);
  for (const name of Object.keys(signals)) assert.ok(reference.includes(`| \`${name}\` |`), name);
  for (const code of Object.keys(commonErrors)) assert.ok(reference.includes(`\`${code}\``), code);
});

test('a method declares only codes of the error table, each with a sentence saying when', () => {
  for (const [name, def] of Object.entries(methods)) {
    assert.ok(def.doc.trim().length > 0, `${name} has no doc`);
    for (const [code, when] of Object.entries(def.errors)) {
      assert.ok(Object.hasOwn(errorCodes, code), `${name}: ${code} is not an error code`);
      assert.ok(when && when.trim().length > 0, `${name}: ${code} says not when`);
    }
  }
});
