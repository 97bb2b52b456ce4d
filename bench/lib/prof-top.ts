/**
 * Top frames of a V8 CPU profile by self time (and by inclusive time for our own code):
 *   node --import tsx bench/lib/prof-top.ts bench/.cache/prof/ingest-ours [N]
 * (a folder: the profile of its busiest thread is read).
 * Profiles are written by `BENCH_PROF=1 npm run bench -- <figure>`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
  hitCount?: number;
}

const file = process.argv[2];
const top = Number(process.argv[3] ?? 25);
if (!file) {
  console.error('usage: prof-top.ts FILE.cpuprofile [N]');
  process.exit(2);
}
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const load = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as Profile;
/** Busy = samples not in the idle node. */
const busy = (p: Profile) => {
  const idle = new Set(p.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  return p.samples.filter((s) => !idle.has(s)).length;
};
const prof = statSync(file).isDirectory()
  ? readdirSync(file)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => load(join(file, f)))
      .sort((a, b) => busy(b) - busy(a))[0] ?? load(file)
  : load(file);
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const total = [...self.values()].reduce((a, b) => a + b, 0);
const label = (n: Node) => {
  const url = n.callFrame.url.replace(/^.*\/(node_modules|packages)\//, '$1/');
  return `${n.callFrame.functionName || '(anonymous)'} ${url ? `${url}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
};
const selfBy = new Map<string, number>();
const inclBy = new Map<string, number>();
for (const [id, t] of self) {
  const n = byId.get(id);
  if (!n) continue;
  selfBy.set(label(n), (selfBy.get(label(n)) ?? 0) + t);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const c = byId.get(cur);
    if (!c) break;
    const l = label(c);
    if (seen.has(l)) continue;
    seen.add(l);
    inclBy.set(l, (inclBy.get(l) ?? 0) + t);
  }
}
const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)} %`;
console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled\n\nself time:`);
for (const [l, t] of [...selfBy].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(t)}  ${l}`);
console.log('\ninclusive, packages/ only:');
for (const [l, t] of [...inclBy].filter(([l]) => l.includes('packages/')).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(t)}  ${l}`);
