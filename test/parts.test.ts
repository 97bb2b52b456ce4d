// Issue 20, `exportparts`: the parts of nested elements reach the page through every element around
// them (the rule: packages/elements/src/lib/parts.ts). These tests hold the elements' own part lists
// (`defineParts`, what the templates export) to their JSDoc `@csspart` tags (through the generated
// custom-elements.json), each exporting element's JSDoc to the names it exports, every template
// that renders a nested element to its `exportparts` binding, and the README's generated lists to
// the code. packages/elements/src/lib/parts.test.ts checks the same in the browser, on the real DOM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
// @ts-expect-error: a plain .mjs script without types
import { manifest } from '../scripts/build-packages.mjs';
import { exportingElements, loadParts, renderExportedParts } from '../scripts/parts-reference.js';
import { readReadme, readRegion } from '../scripts/readme-regions.js';
import { exportedParts, nestedIn, ownParts } from '../packages/elements/src/lib/parts.js';

const root = new URL('..', import.meta.url).pathname;
const src = join(root, 'packages/elements/src');

interface Part {
  name: string;
  description?: string;
}

await loadParts();
const cem = JSON.parse(readFileSync((manifest as (pkg: string) => string)(join(root, 'packages/elements')), 'utf8')) as {
  modules: { declarations?: { tagName?: string; cssParts?: Part[] }[] }[];
};
const documented = new Map<string, Part[]>();
for (const m of cem.modules) for (const d of m.declarations ?? []) if (d.tagName) documented.set(d.tagName, d.cssParts ?? []);

/** Every element some element renders, and those that render them (the top-level ones included). */
const tags = [...documented.keys()];
const nested = new Set(tags.flatMap((t) => nestedIn(t)));
/** An exported part's JSDoc line says where it comes from: "`<chat-message>`'s `text`." */
const exportedLine = /^`<(chat-[a-z-]+)>`'s `([a-z-]+)`\.$/;

/** The elements inside `tag` at every depth, each once. */
function inside(tag: string): string[] {
  const found = new Set<string>();
  const visit = (t: string): void => {
    for (const inner of nestedIn(t)) if (!found.has(inner)) (found.add(inner), visit(inner));
  };
  visit(tag);
  return [...found];
}

test('every element nested in another defines exactly the parts its JSDoc documents, and every element it renders is in the manifest', () => {
  for (const tag of nested) {
    assert.ok(documented.has(tag), `${tag} is in the manifest`);
    const own = documented.get(tag)!.filter((p) => !exportedLine.test(p.description ?? '')).map((p) => p.name);
    assert.deepEqual([...ownParts(tag)].sort(), own.sort(), `${tag}: defineParts against its @csspart tags`);
  }
});

test('every element documents each part it exports from the elements inside it, saying where it comes from, and no other', () => {
  for (const tag of tags) {
    const exported = exportedParts(tag);
    const lines = documented.get(tag)!.filter((p) => exportedLine.test(p.description ?? ''));
    assert.deepEqual(lines.map((p) => p.name).sort(), [...exported].sort(), `${tag}: its exported @csspart lines`);
    for (const { name, description } of lines) {
      const [, from, part] = exportedLine.exec(description!)!;
      assert.equal(name, `${from!.slice(5)}-${part}`, `${tag}: ${name} names its origin by the rule`);
      assert.ok(ownParts(from!).includes(part!) && inside(tag).includes(from!), `${tag}: ${name} comes from ${from} inside it`);
    }
  }
  assert.ok(exportedParts('chat-panel').includes('message-base') && exportedParts('chat-panel').includes('customer-widget-title'));
});

test('no two parts reachable on an element share a name: not two exported ones, nor an exported one and its own', () => {
  for (const tag of tags) {
    const origin = new Map<string, string>();
    for (const inner of inside(tag)) {
      for (const p of ownParts(inner)) {
        const name = `${inner.slice(5)}-${p}`;
        const from = `${inner}'s ${p}`;
        assert.ok(!origin.has(name) || origin.get(name) === from, `${tag}: ${name} is both ${origin.get(name)} and ${from}`);
        origin.set(name, from);
      }
    }
    const own = documented.get(tag)!.filter((p) => !exportedLine.test(p.description ?? '')).map((p) => p.name);
    for (const name of own) assert.ok(!origin.has(name), `${tag}: its own ${name} is also ${origin.get(name)}`);
  }
});

/** The templates of packages/elements/src: each `<chat-…` tag they render, with its attributes. */
function renderedTags(): { file: string; tag: string; attributes: string }[] {
  const found: { file: string; tag: string; attributes: string }[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) {
        // Without the comments, which name tags too; an element's attributes run to its end tag.
        const text = readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
        for (const m of text.matchAll(/<(chat-[a-z-]+)\b/g)) {
          const end = text.indexOf(`</${m[1]}>`, m.index);
          if (end > 0) found.push({ file: relative(src, path), tag: m[1]!, attributes: text.slice(m.index, end) });
        }
      }
    }
  };
  walk(src);
  return found;
}

test('every template that renders an element with parts exports them (`exportparts=${exportparts(tag)}`), and each such element is declared nested', () => {
  const rendered = renderedTags().filter(({ tag }) => (documented.get(tag)?.length ?? 0) > 0);
  assert.ok(rendered.length >= 20, `${rendered.length} nested elements found in the templates`);
  for (const { file, tag, attributes } of rendered) {
    assert.ok(attributes.includes(`exportparts=\${exportparts('${tag}')}`), `${file}: <${tag}> exports its parts`);
    assert.ok(nested.has(tag), `${file}: <${tag}> is in some element's defineParts`);
  }
  // And the other way: each element declared nested is rendered somewhere with its parts exported.
  for (const tag of nested) assert.ok(rendered.some((r) => r.tag === tag), `<${tag}> is rendered by a template`);
});

test('the README\'s lists of exported parts are what `npm run docs` generates from the code now', () => {
  const readme = readReadme();
  assert.ok(exportingElements().includes('chat-panel'));
  for (const tag of exportingElements()) {
    assert.equal(readRegion(readme, `parts:${tag}`), renderExportedParts(tag), `README.md's parts:${tag} is out of date: run \`npm run docs\``);
  }
});
