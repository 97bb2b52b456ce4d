// The layering of DESIGN.md as a test: an import that crosses a layer the wrong way, or closes a
// cycle, fails here. Arrows that the server seams (issue 11) have not removed yet are listed in
// KNOWN with what removes them; an entry that no longer occurs fails too, so the list only shrinks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cycles, importGraph, type Edge } from '../scripts/import-graph.ts';

const edges = importGraph(['packages', 'examples', 'bench', 'reliability']);
const ours = (to: string) => to.startsWith('packages/') || to.startsWith('@chatdesk/');
const server = (p: string) => p.startsWith('packages/server/src/');
const layer = (p: string) => (server(p) ? p.slice('packages/server/src/'.length).split('/')[0]! : '');
const src = (pkg: string) => (e: Edge) => e.from.startsWith(`packages/${pkg}/src/`);

interface Rule {
  name: string;
  applies: (e: Edge) => boolean;
  forbids: (e: Edge) => boolean;
}

const RULES: Rule[] = [
  { name: 'protocol imports nothing of ours', applies: src('protocol'), forbids: (e) => ours(e.to) && !e.to.startsWith('packages/protocol/') },
  {
    name: 'the client imports only the protocol',
    applies: src('client'),
    forbids: (e) => ours(e.to) && !e.to.startsWith('packages/protocol/') && !e.to.startsWith('packages/client/'),
  },
  { name: 'elements import no server code', applies: src('elements'), forbids: (e) => e.to.startsWith('packages/server/') },
  {
    name: 'adapters implement ports: they know no domain rules and no transport',
    applies: (e) => layer(e.from) === 'adapters',
    forbids: (e) => server(e.to) && ['services', 'gateway', 'http', 'jobs', 'channels', 'auth', 'cli', 'demo'].includes(layer(e.to)),
  },
  {
    // Only the wiring picks adapters (app.ts; testing.ts, which builds test servers and drops their
    // PostgreSQL schemas); everything else reaches storage through ports/.
    name: 'nothing but app.ts reaches an adapter',
    applies: (e) => server(e.from) && !['adapters', 'app.ts', 'testing.ts'].includes(layer(e.from)),
    forbids: (e) => layer(e.to) === 'adapters',
  },
  {
    name: 'services know no sockets and no HTTP',
    applies: (e) => layer(e.from) === 'services',
    forbids: (e) => ['gateway', 'http'].includes(layer(e.to)) || ['ws', 'fastify'].includes(e.to) || e.to.startsWith('@fastify/'),
  },
  {
    // The benchmarks' raw baselines and G4's integrity check read the database from outside the product.
    name: 'better-sqlite3 only in the SQLite adapter',
    applies: (e) => e.to === 'better-sqlite3' && e.from.startsWith('packages/'),
    forbids: (e) => !e.from.startsWith('packages/server/src/adapters/sqlite/'),
  },
  {
    name: 'pg only in the PostgreSQL adapter',
    applies: (e) => e.to === 'pg' && e.from.startsWith('packages/'),
    forbids: (e) => !e.from.startsWith('packages/server/src/adapters/postgres/'),
  },
];

/** `rule: from -> to` of arrows allowed on purpose: tests that look at the SQLite file itself (each says what for). */
const KNOWN: Record<string, string> = {
  'better-sqlite3 only in the SQLite adapter: packages/server/test/checkpoint.test.ts -> better-sqlite3': 'the storage contract suite',
  'better-sqlite3 only in the SQLite adapter: packages/server/test/fold.test.ts -> better-sqlite3': 'the storage contract suite',
  'better-sqlite3 only in the SQLite adapter: packages/server/test/internal.test.ts -> better-sqlite3': 'the storage contract suite',
  'better-sqlite3 only in the SQLite adapter: packages/server/test/search.test.ts -> better-sqlite3': 'the storage contract suite',
};

function violations(): string[] {
  const out = new Set<string>();
  for (const e of edges) for (const r of RULES) if (r.applies(e) && r.forbids(e)) out.add(`${r.name}: ${e.from} -> ${e.to}`);
  return [...out].sort();
}

test('the import rules of DESIGN.md hold, but for the arrows allowed on purpose', () => {
  const found = violations();
  assert.deepEqual(found.filter((v) => !(v in KNOWN)), [], 'new arrows against the layering');
  assert.deepEqual(Object.keys(KNOWN).filter((k) => !found.includes(k)), [], 'removed arrows still listed in KNOWN: take them out');
});

test('no import cycle among our source files', () => {
  assert.deepEqual(cycles(edges.filter((e) => !e.from.includes('/test/'))), []);
});

test('the rule checker sees a forbidden arrow (control: the gateway importing storage)', () => {
  const planted: Edge = { from: 'packages/server/src/gateway/session.ts', to: 'packages/server/src/adapters/sqlite/db.ts', typeOnly: false };
  assert.ok(RULES.some((r) => r.applies(planted) && r.forbids(planted)));
  const loop: Edge[] = [
    { from: 'packages/server/src/a.ts', to: 'packages/server/src/b.ts', typeOnly: false },
    { from: 'packages/server/src/b.ts', to: 'packages/server/src/a.ts', typeOnly: false },
  ];
  assert.deepEqual(cycles(loop), [['packages/server/src/a.ts', 'packages/server/src/b.ts']]);
});
