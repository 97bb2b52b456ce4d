/**
 * Where the allocations that reached the old generation came from (a profile written under
 * BENCH_HEAP_SAMPLE, see server-child.ts): bytes by function, then by the stack's last frames.
 *   node --import tsx bench/lib/heap-top.ts bench/.cache/prof/heap-<pid>.json [N]
 */
import { readFileSync } from 'node:fs';

interface Node {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: Node[];
}

const file = process.argv[2];
const top = Number(process.argv[3] ?? 25);
if (!file) {
  console.error('usage: heap-top.ts PROFILE.json [N]');
  process.exit(2);
}
const { head } = JSON.parse(readFileSync(file, 'utf8')) as { head: Node };
const byFunction = new Map<string, number>();
const byStack = new Map<string, number>();
const nameOf = (n: Node) =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*?\/(packages|node_modules|bench)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
const walk = (n: Node, path: string[]): void => {
  const here = [...path, nameOf(n)];
  if (n.selfSize > 0) {
    add(byFunction, here[here.length - 1]!, n.selfSize);
    add(byStack, here.slice(-4).reverse().join(' < '), n.selfSize);
  }
  for (const c of n.children) walk(c, here);
};
walk(head, []);
const mb = (b: number) => `${(b / 1e6).toFixed(2).padStart(7)} MB`;
const total = [...byFunction.values()].reduce((a, b) => a + b, 0);
console.log(`${mb(total)} sampled in all (reached the old generation, freed later or not)\n`);
for (const [k, v] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${mb(v)}  ${k}`);
console.log('\nby stack (innermost first):');
for (const [k, v] of [...byStack].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${mb(v)}  ${k}`);
