// Writes a Brotli (.br) and a gzip (.gz) copy next to every .js and .json file of the bundle
// folder once rollup has written it: the server sends them to browsers that accept them
// (@fastify/static `preCompressed`), so a page downloads the compressed bytes the bench figures
// count, not the plain ones. Maps are left plain (developer tools only).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(js|json)$/.test(name)) yield path;
  }
}

export function precompress() {
  return {
    name: 'precompress',
    writeBundle(options) {
      if (!options.dir) return;
      for (const path of files(options.dir)) {
        const bytes = readFileSync(path);
        writeFileSync(`${path}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
        writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}
