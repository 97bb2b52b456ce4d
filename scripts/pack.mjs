// npm run pack — the four packages built (`build:packages`) and packed as npm would publish them,
// into dist/packages/ (or the folder given): what the examples in examples/react and
// examples/vue install, and what a host installs before the packages are on a registry.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const PACKAGES = ['protocol', 'client', 'elements', 'server'];

/**
 * Builds and packs every package into `dest`; returns, per package name, the tarball's file name
 * and the files it holds.
 */
export function pack(dest = join(root, 'dist', 'packages')) {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-packages.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  mkdirSync(dest, { recursive: true });
  const packed = new Map();
  for (const name of PACKAGES) {
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dest], { cwd: join(root, 'packages', name), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const [info] = JSON.parse(out);
    packed.set(name, { filename: info.filename, files: info.files.map((f) => f.path) });
  }
  return packed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dest = resolve(process.argv[2] ?? join(root, 'dist', 'packages'));
  for (const [name, { filename }] of pack(dest)) console.log(`@chatdesk/${name}: ${join(dest, filename)}`);
}
