// Issue 20, the API description: packages/elements/custom-elements.json is generated from the
// components' JSDoc (`npm run build:packages`), and the README's element reference is checked
// against it — every element with a tag, its parts, custom properties and events are written in
// its README section (internal elements, which have none, wherever the README names them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
// @ts-expect-error: a plain .mjs script without types
import { manifest } from '../scripts/build-packages.mjs';

const root = new URL('..', import.meta.url).pathname;

interface Named {
  name?: string;
}
interface Member {
  kind: string;
  name: string;
  static?: boolean;
  privacy?: string;
  readonly?: boolean;
}
interface Declaration {
  tagName?: string;
  customElement?: boolean;
  cssParts?: Named[];
  cssProperties?: Named[];
  events?: Named[];
  attributes?: (Named & { fieldName?: string })[];
  members?: Member[];
}

/** Lit's and the platform's callbacks: public in the manifest, not an element's API. */
const LIFECYCLE = new Set(['render', 'connectedCallback', 'disconnectedCallback', 'attributeChangedCallback', 'firstUpdated', 'updated', 'willUpdate', 'update', 'shouldUpdate', 'createRenderRoot', 'scheduleUpdate', 'performUpdate', 'getUpdateComplete']);

test('custom-elements.json describes every element, and the README documents each one\'s attributes, properties, methods, parts, custom properties and events', () => {
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
    if (!own) continue;
    // Attributes, properties and methods: written under the attribute's or the property's name.
    const members = d.members ?? [];
    const isPublic = (m: Member) => !m.static && (m.privacy ?? 'public') === 'public';
    const attributeOf = new Map((d.attributes ?? []).map((a) => [a.fieldName, a.name]));
    const written = (...names: (string | undefined)[]) => names.some((n) => n && text.includes(`\`${n}`));
    for (const a of d.attributes ?? []) {
      const field = members.find((m) => m.name === a.fieldName);
      if (field && !isPublic(field)) continue; // internal state the analyzer lists as an attribute
      if (!written(a.name, a.fieldName)) missing.push(`<${d.tagName}> attribute ${a.name}`);
    }
    for (const m of members.filter((x) => isPublic(x) && (x.kind === 'field' || !LIFECYCLE.has(x.name)))) {
      if (!written(m.name, attributeOf.get(m.name))) missing.push(`<${d.tagName}> ${m.kind === 'field' ? 'property' : 'method'} ${m.name}`);
    }
  }
  assert.deepEqual(missing, [], 'documented in the manifest, missing from the README');
});

test('the React and Vue typings bind exactly the properties and chat-* events the manifest gives each element, and every chat-* event is in the typed event map', () => {
  const file = (manifest as (pkg: string) => string)(join(root, 'packages/elements'));
  const cem = JSON.parse(readFileSync(file, 'utf8')) as { modules: { declarations?: (Declaration & { members?: Member[] })[] }[] };
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const headings = readme.split('\n### ').map((s) => s.split('\n', 1)[0]!);
  // The elements a page uses: those with a section of their own in the README.
  const expected = new Map<string, { properties: string[]; events: string[] }>();
  for (const d of cem.modules.flatMap((m) => m.declarations ?? [])) {
    if (!d.customElement || !d.tagName || !headings.some((h) => h.includes(`<${d.tagName}>`))) continue;
    const properties = (d.members ?? []).filter((m) => m.kind === 'field' && !m.static && (m.privacy ?? 'public') === 'public' && !m.readonly).map((m) => m.name);
    const events = (d.events ?? []).map((e) => e.name!).filter((n) => n?.startsWith('chat-'));
    expected.set(d.tagName, { properties: properties.sort(), events: events.sort() });
  }
  const bindings = readFileSync(join(root, 'packages/elements/src/frameworks/bindings.d.ts'), 'utf8');
  const written = new Map<string, { properties: string[]; events: string[] }>();
  const names = (list: string) => (list.trim() === 'never' ? [] : list.split('|').map((s) => s.trim().replaceAll("'", ''))).sort();
  for (const m of bindings.matchAll(/^ {2}'([a-z-]+)': Binding<'[a-z-]+', ([^,]+), ([^>]+)>;$/gm)) {
    written.set(m[1]!, { properties: names(m[2]!), events: names(m[3]!) });
  }
  const line = (tag: string, { properties, events }: { properties: string[]; events: string[] }) =>
    `  '${tag}': Binding<'${tag}', ${properties.map((p) => `'${p}'`).join(' | ') || 'never'}, ${events.map((e) => `'${e}'`).join(' | ') || 'never'}>;`;
  assert.deepEqual(
    Object.fromEntries([...written].sort()),
    Object.fromEntries([...expected].sort()),
    `packages/elements/src/frameworks/bindings.d.ts against custom-elements.json; its table should read:\n${[...expected].sort().map(([t, b]) => line(t, b)).join('\n')}`,
  );

  // Every chat-* event an element documents is typed in GlobalEventHandlersEventMap.
  const sources = execFileSync('git', ['grep', '-h', '-E', "^\\s+'chat-[a-z-]+': CustomEvent<", '--', 'packages/elements/src'], { cwd: root, encoding: 'utf8' });
  const typed = new Set([...sources.matchAll(/'(chat-[a-z-]+)'/g)].map((m) => m[1]!));
  const untyped = [...new Set([...expected.values()].flatMap((e) => e.events))].filter((e) => !typed.has(e));
  assert.deepEqual(untyped, [], 'chat-* events without a GlobalEventHandlersEventMap entry');
});
