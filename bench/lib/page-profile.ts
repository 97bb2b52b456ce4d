/**
 * A CPU profile of a page, its frames mapped back to our sources through the bundles' hidden
 * source maps (lib/bundles.ts): `BENCH_PROF=1 npm run bench -- browser` writes one of an open
 * (5c) into bench/.cache/prof/browser-open-ours/, read by `node --import tsx bench/lib/prof-top.ts`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { Page } from './browser-env.js';
import { BUNDLE_DIR } from './bundles.js';
import { PROF_DIR } from './proc.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

/** Profiles `run` in `page` (sampling every 100 µs) and writes the mapped profile as `label`. */
export async function profilePage(page: Page, label: string, run: () => Promise<unknown>): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await run();
  const { profile } = await cdp.send('Profiler.stop');
  const maps = new Map<string, TraceMap | null>();
  const mapOf = (url: string): TraceMap | null => {
    const path = /\/bundles\/(.+\.js)$/.exec(url)?.[1];
    if (!path) return null;
    if (!maps.has(path)) {
      const file = join(BUNDLE_DIR, 'bundles', `${path}.map`);
      maps.set(path, existsSync(file) ? new TraceMap(readFileSync(file, 'utf8')) : null);
    }
    return maps.get(path) ?? null;
  };
  for (const node of profile.nodes as { callFrame: CallFrame }[]) {
    const f = node.callFrame;
    const map = mapOf(f.url);
    if (!map) continue;
    const at = originalPositionFor(map, { line: f.lineNumber + 1, column: Math.max(0, f.columnNumber) });
    if (!at.source) continue;
    f.url = at.source.replace(/^.*?\/(packages|node_modules)\//, 'file:///$1/');
    f.lineNumber = (at.line ?? 1) - 1;
    if (at.name && f.functionName.length <= 3) f.functionName = at.name;
  }
  const dir = join(PROF_DIR, label);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'page.cpuprofile'), JSON.stringify(profile));
}
