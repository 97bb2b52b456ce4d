/**
 * Figure 5a: bundle sizes. Each entry (`chat-panel.js`, `chat-consultant.js`) plus every chunk it
 * imports statically, each file minified (the repository's rollup config: esbuild + terser) and
 * gzipped separately at level 9, as a browser would fetch them. Lazy chunks are listed, not
 * counted. Raw baseline: a trivial Lit element through the same build (the floor of any Lit
 * element); the peers' sizes from the issue are quoted for reference, not measured.
 */
import { buildLitFloor, ensureBundles, startClosure } from './lib/bundles.js';
import type { FigureResult, Row } from './lib/row.js';
import { yesNo } from './lib/row.js';
import { fmtKB, log, ratio } from './lib/stats.js';

export default async function run(): Promise<FigureResult> {
  const rows: Row[] = [];
  const notes: string[] = [];
  let build;
  try {
    build = await ensureBundles();
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return {
      rows: [{ figure: '5a. bundles (min+gzip)', ours: `missing: build failed (${why})`, baseline: '—', ratio: '—', goal: '—', met: 'missing' }],
      notes: [`5a: the bundle build failed: ${String(err)}`],
    };
  }
  const floor = await buildLitFloor();
  const floorSize = startClosure(floor, 'floor.js');
  log(`  bundle: built in ${(build.ms / 1000).toFixed(1)} s; Lit floor ${fmtKB(floorSize.gzipBytes)}`);
  const targets = [
    { entry: 'chat-panel.js', label: '5a. <chat-panel> bundle + start chunks (min+gzip)', goalKB: 45, peers: 'peers: deep-chat 111 KB, chatscope+React 114 KB, RC livechat 488 KB (quoted)' },
    { entry: 'chat-consultant.js', label: '5b. <chat-consultant> bundle + start chunks (min+gzip)', goalKB: 20, peers: '' },
  ];
  for (const t of targets) {
    if (!build.chunks[t.entry]) {
      rows.push({ figure: t.label, ours: `missing: no ${t.entry} in the build`, baseline: '—', ratio: '—', goal: `≤ ${t.goalKB} KB`, met: 'missing' });
      continue;
    }
    const c = startClosure(build, t.entry);
    log(`  bundle: ${t.entry} ${fmtKB(c.gzipBytes)} gz (${fmtKB(c.bytes)} min) in ${c.files.length} files; lazy: ${c.lazy.join(', ') || 'none'}`);
    rows.push({
      figure: t.label,
      ours: `${fmtKB(c.gzipBytes)} (${fmtKB(c.bytes)} min, ${c.files.length} files)`,
      baseline: `Lit floor ${fmtKB(floorSize.gzipBytes)}`,
      ratio: ratio(c.gzipBytes, floorSize.gzipBytes),
      goal: `≤ ${t.goalKB} KB`,
      met: yesNo(c.gzipBytes <= t.goalKB * 1024),
    });
    notes.push(`5 ${t.entry}: ${c.files.join(' + ')}${c.lazy.length ? `; lazy (not counted): ${c.lazy.join(', ')}` : ''}${t.peers ? `; ${t.peers}` : ''}.`);
  }
  notes.push('5a/5b: built from rollup.config.mjs into bench/.cache/bundles (dist/ is left alone); each file gzipped separately at level 9; KB = 1024 bytes; Lit floor = a trivial LitElement through the same plugins.');
  return { rows, notes };
}
