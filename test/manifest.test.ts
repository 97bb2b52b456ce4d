// Issue 20, the API description: packages/elements/custom-elements.json is generated from the
// components' JSDoc (`npm run build:packages`), and the README's element reference is checked
// against it — every element with a tag, its parts, custom properties and events are written in
// its README section (internal elements, which have none, wherever the README names them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: a plain .mjs script without types
import { manifest } from '../scripts/build-packages.mjs';

const root = new URL('..', import.meta.url).pathname;

interface Named {
  name?: string;
}
interface Declaration {
  tagName?: string;
  customElement?: boolean;
  cssParts?: Named[];
  cssProperties?: Named[];
  events?: Named[];
}

test('custom-elements.json describes every element, and the README documents each one\'s parts, custom properties and events', () => {
  const file = (manifest as (pkg: string) => string)(join(root, 'packages/elements'));
  const cem = JSON.parse(readFileSync(file, 'utf8')) as { modules: { path: string; declarations?: Declaration[] }[] };
  const elements = cem.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.customElement && d.tagName));
  const tags = elements.map((d) => d.tagName!);
  for (const tag of ['chat-panel', 'chat-consultant', 'chat-settings', 'chat-analytics', 'chat-thread', 'chat-message', 'chat-composer', 'chat-unread-badge', 'chat-customer-conversations']) {
    assert.ok(tags.includes(tag), `${tag} is in the manifest`);
  }
  for (const m of cem.modules) assert.match(m.path, /^dist\/.*\.js$/, 'module paths name the JavaScript the package ships');

  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const sections = readme.split('\n### ').map((s) => s.split('\n## ')[0]!);
  const missing: string[] = [];
  for (const d of elements) {
    const own = sections.find((s) => s.split('\n', 1)[0]!.includes(`<${d.tagName}>`));
    const text = own ?? readme;
    if (!own) assert.ok(readme.includes(`<${d.tagName}>`), `the README names <${d.tagName}>`);
    for (const [kind, list] of [['part', d.cssParts], ['custom property', d.cssProperties], ['event', d.events]] as const) {
      for (const { name } of list ?? []) if (name && !text.includes(`\`${name}`)) missing.push(`<${d.tagName}> ${kind} ${name}`);
    }
  }
  assert.deepEqual(missing, [], 'documented in the manifest, missing from the README');
});
