/**
 * Builds the browser bundles with the repository's own rollup config, into bench/.cache/bundles
 * instead of dist/bundles (the config's clean step is skipped so a build here never deletes the
 * bundles a concurrent test run is serving). Built again only when what goes into the build
 * changed (`inputsHash`): the build is the longest part of `--quick` (about 15 s of rollup and
 * terser), and a second run of the same sources would measure the same bytes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CACHE_DIR, ROOT_DIR } from './proc.js';

export const BUNDLE_DIR = join(CACHE_DIR, 'bundles');
const STAMP = join(BUNDLE_DIR, '.inputs');

/** What the bundles are made of: the rollup config and its plugins, the packages' sources, the lock file, this recipe. */
function inputsHash(): string {
  const hash = createHash('sha256');
  const add = (file: string) => hash.update(file).update(readFileSync(join(ROOT_DIR, file)));
  const walk = (dir: string) => {
    for (const e of readdirSync(join(ROOT_DIR, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(path);
      else add(path);
    }
  };
  for (const f of ['rollup.config.mjs', 'package-lock.json', 'bench/lib/bundles.ts']) add(f);
  for (const f of readdirSync(join(ROOT_DIR, 'scripts')).filter((n) => n.startsWith('rollup-')).sort()) add(`scripts/${f}`);
  for (const pkg of ['protocol', 'client', 'elements']) walk(`packages/${pkg}/src`);
  return hash.digest('hex');
}

export interface BuiltChunk {
  fileName: string;
  isEntry: boolean;
  imports: string[];
  dynamicImports: string[];
  bytes: number;
  gzipBytes: number;
}

export interface BuildResult {
  chunks: Record<string, BuiltChunk>;
  ms: number;
  /** Taken from an earlier run's build of the same inputs. */
  cached?: boolean;
}

interface RollupChunk {
  type: 'chunk' | 'asset';
  fileName: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  code?: string;
}

type RollupConfig = { input: unknown; output: Record<string, unknown>; plugins: { name?: string }[] };

/** The repository's bundles as /bundles/ serves them: the config's first build (the second is lit-external/). */
async function ordinaryBuild(): Promise<RollupConfig> {
  const mod = (await import(pathToFileURL(join(ROOT_DIR, 'rollup.config.mjs')).href)) as { default: RollupConfig[] };
  return mod.default[0]!;
}

async function rollupBuild(config: RollupConfig, outDir: string): Promise<BuildResult> {
  const { rollup } = (await import('rollup')) as unknown as {
    rollup: (o: unknown) => Promise<{ write: (o: unknown) => Promise<{ output: RollupChunk[] }>; close: () => Promise<void> }>;
  };
  const t0 = performance.now();
  const bundle = await rollup({ ...config, onwarn: () => undefined });
  // Hidden maps: written beside the chunks without a `sourceMappingURL` line, so the bytes the
  // figures count are the served ones; the page profile of 5c reads them (lib/page-profile.ts).
  const { output } = await bundle.write({ ...config.output, dir: outDir, sourcemap: 'hidden' });
  await bundle.close();
  const chunks: Record<string, BuiltChunk> = {};
  for (const o of output) {
    if (o.type !== 'chunk' || o.code === undefined) continue;
    const buf = Buffer.from(o.code);
    chunks[o.fileName] = {
      fileName: o.fileName,
      isEntry: o.isEntry ?? false,
      imports: o.imports ?? [],
      dynamicImports: o.dynamicImports ?? [],
      bytes: buf.length,
      gzipBytes: gzipSync(buf, { level: 9 }).length,
    };
  }
  return { chunks, ms: performance.now() - t0 };
}

/** The repository's bundles (dist/bundles' recipe), built into bench/.cache/bundles. */
export async function ensureBundles(): Promise<BuildResult> {
  const inputs = inputsHash();
  const manifest = join(BUNDLE_DIR, 'manifest.json');
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === inputs && existsSync(manifest) && existsSync(join(BUNDLE_DIR, 'bundles'))) {
    return { ...(JSON.parse(readFileSync(manifest, 'utf8')) as BuildResult), cached: true };
  }
  const ordinary = await ordinaryBuild();
  const config = { ...ordinary, plugins: ordinary.plugins.filter((p) => p?.name !== 'clean-out-dir') };
  // Paths in the config are relative to the repository root.
  const cwd = process.cwd();
  process.chdir(ROOT_DIR);
  try {
    const result = await rollupBuild(config, join(BUNDLE_DIR, 'bundles'));
    mkdirSync(BUNDLE_DIR, { recursive: true });
    writeFileSync(manifest, JSON.stringify(result));
    writeFileSync(STAMP, inputs);
    return result;
  } finally {
    process.chdir(cwd);
  }
}

/** A trivial Lit element through the same plugins: the floor any Lit-based element pays. */
export async function buildLitFloor(): Promise<BuildResult> {
  const dir = join(CACHE_DIR, 'lit-floor');
  mkdirSync(dir, { recursive: true });
  // The same plugins and Lit: built again when the bundles' inputs changed.
  const inputs = inputsHash();
  const stamp = join(dir, '.inputs');
  const manifest = join(dir, 'manifest.json');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === inputs && existsSync(manifest) && existsSync(join(dir, 'out'))) {
    return { ...(JSON.parse(readFileSync(manifest, 'utf8')) as BuildResult), cached: true };
  }
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `import { LitElement, html, css } from 'lit';
class FloorElement extends LitElement {
  static styles = css\`:host{display:block}\`;
  static properties = { name: {} };
  name = 'world';
  render() { return html\`<p>Hello, \${this.name}</p>\`; }
}
customElements.define('floor-element', FloorElement);
`,
  );
  const ordinary = await ordinaryBuild();
  const config = {
    ...ordinary,
    input: { floor: entry },
    plugins: ordinary.plugins.filter((p) => p?.name !== 'clean-out-dir'),
  };
  const cwd = process.cwd();
  process.chdir(ROOT_DIR);
  try {
    const result = await rollupBuild(config, join(dir, 'out'));
    writeFileSync(manifest, JSON.stringify(result));
    writeFileSync(stamp, inputs);
    return result;
  } finally {
    process.chdir(cwd);
  }
}

/** An entry plus every chunk it imports statically (what loads at start; lazy chunks excluded). */
export function startClosure(build: BuildResult, entry: string): { files: string[]; gzipBytes: number; bytes: number; lazy: string[] } {
  const seen = new Set<string>();
  const lazy = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    const c = build.chunks[f];
    if (!c) return;
    seen.add(f);
    c.imports.forEach(visit);
    c.dynamicImports.forEach((d) => lazy.add(d));
  };
  visit(entry);
  const files = [...seen];
  return {
    files,
    gzipBytes: files.reduce((a, f) => a + (build.chunks[f]?.gzipBytes ?? 0), 0),
    bytes: files.reduce((a, f) => a + (build.chunks[f]?.bytes ?? 0), 0),
    lazy: [...lazy].filter((f) => !seen.has(f)),
  };
}
