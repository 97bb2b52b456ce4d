// npm run build:packages — each workspace package as it installs: ESM JavaScript, .d.ts and source
// maps (sources inlined) in packages/<name>/dist, compiled by its tsconfig.build.json without the
// `source` condition, so each one is built against the others' dist/ exactly as a consumer's
// TypeScript will read them. In dependency order; the server's files that are not TypeScript
// (migrations, the checkpoint worker, the demo catalogue) are copied beside its JavaScript. The
// elements get their custom-elements.json (the Custom Elements Manifest, from the components'
// JSDoc), which editors and framework tooling read through package.json's `customElements`.
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const ORDER = ['protocol', 'client', 'elements', 'server'];
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** Every file under `dir` that TypeScript does not compile, as paths relative to `dir`. */
function assets(dir, base = dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...assets(path, base));
    // Hand-written declarations (the framework typings) ship as they are: tsc emits nothing for them.
    else if (!/\.(ts|tsx|mts|cts)$/.test(name) || name.endsWith('.d.ts')) out.push(relative(base, path));
  }
  return out;
}

/**
 * packages/elements/custom-elements.json, its modules' paths turned from the sources to the
 * JavaScript the package ships (the sources are not in it).
 */
export function manifest(pkg, outdir = '.') {
  const cem = join(root, 'node_modules', '@custom-elements-manifest', 'analyzer', 'cem.js');
  execFileSync(process.execPath, [cem, 'analyze', '--outdir', outdir, '--quiet'], { cwd: pkg, stdio: 'inherit' });
  const file = join(pkg, outdir, 'custom-elements.json');
  const text = readFileSync(file, 'utf8').replace(/"src\/([^"]*)\.ts"/g, '"dist/$1.js"');
  writeFileSync(file, text);
  return file;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) build();

function build() {
  for (const name of ORDER) {
    const pkg = join(root, 'packages', name);
    const started = performance.now();
    rmSync(join(pkg, 'dist'), { recursive: true, force: true });
    execFileSync(process.execPath, [tsc, '-p', join(pkg, 'tsconfig.build.json')], { stdio: 'inherit' });
    const copied = assets(join(pkg, 'src'));
    for (const file of copied) cpSync(join(pkg, 'src', file), join(pkg, 'dist', file));
    const extra = copied.length ? `, ${copied.length} other files copied` : '';
    if (name === 'elements') manifest(pkg);
    console.log(`@chatdesk/${name}: dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s${extra}`);
  }
}
