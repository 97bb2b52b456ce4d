// The import graph of our TypeScript sources, for the import-rule test (test/import-rules.test.ts)
// and `npm run check:imports`. A short reader rather than a tool: our imports are all static
// `import … from '…'`, `export … from '…'` or `import('…')` with literal specifiers.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const root = resolve(new URL('..', import.meta.url).pathname);

/** One import: `from` and `to` are paths relative to the repository root, or `to` is a package name. */
export interface Edge {
  from: string;
  to: string;
  /** `import type` (erased at run time) counts for layering but not for cycles. */
  typeOnly: boolean;
}

const SPECIFIER = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The package names of the workspace and the source file each of their exports points at. */
function workspaceExports(): Map<string, string> {
  const out = new Map<string, string>();
  for (const pkg of readdirSync(join(root, 'packages'))) {
    const file = join(root, 'packages', pkg, 'package.json');
    if (!existsSync(file)) continue;
    const json = JSON.parse(readFileSync(file, 'utf8')) as { name: string; exports?: Record<string, { source?: string }> };
    for (const [sub, target] of Object.entries(json.exports ?? {})) {
      if (!target.source) continue;
      out.set(sub === '.' ? json.name : `${json.name}/${sub.slice(2)}`, relative(root, join(root, 'packages', pkg, target.source)));
    }
  }
  return out;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function resolveRelative(fromFile: string, spec: string): string {
  const base = resolve(dirname(fromFile), spec);
  for (const candidate of [base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), base, `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return relative(root, candidate);
  }
  return relative(root, base);
}

/** Every import of every source file under `dirs` (relative to the root). */
export function importGraph(dirs: readonly string[]): Edge[] {
  const exportsOf = workspaceExports();
  const edges: Edge[] = [];
  for (const dir of dirs) {
    for (const file of sourceFiles(join(root, dir))) {
      // Comments may quote imports (as this file's header does): drop them first.
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/[^\n]*/g, '$1');
      for (const m of text.matchAll(SPECIFIER)) {
        const spec = m[3] ?? m[4]!;
        const typeOnly = m[2] !== undefined;
        const to = spec.startsWith('.') ? resolveRelative(file, spec) : exportsOf.get(spec) ?? spec;
        edges.push({ from: relative(root, file), to, typeOnly });
      }
    }
  }
  return edges;
}

/** Cycles among files, each as the list of files around it (run-time imports only). */
export function cycles(edges: readonly Edge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    if (e.typeOnly || !e.to.includes('/')) continue;
    (next.get(e.from) ?? next.set(e.from, new Set()).get(e.from)!).add(e.to);
  }
  // Tarjan's strongly connected components: every component of more than one file is a cycle.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of next.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of next.keys()) if (!idx.has(v)) visit(v);
  return found;
}
