/**
 * Figures 5a/5b: what the browser downloads at start-up, measured in Chromium from the network.
 *
 * A page written as the README's embedding snippet (`<script type="module" src=…/bundles/…>` and
 * the element with `server` and `token-url`) is opened in a fresh context (empty cache) against
 * a real server; counted are the bytes on the wire of every response under /bundles/ (the entry
 * and every chunk the page fetched, whatever fetched it: static imports, lazy imports the first
 * render asked for), until the element has rendered (the panel: its conversation list shows rows;
 * the consultant: its button) and the network has been quiet for a second with an idle callback
 * after it. The files are served gzip-compressed at level 9 (lib/browser-env.ts), so the bytes
 * counted are the gzip bodies (response headers are listed apart).
 *
 * 5a's row is the larger of the panel's two start-ups: the README's snippet (popup mode: a
 * button, the list built while hidden) and `mode="section"` (the list on screen with its rows).
 * Raw baseline: a trivial Lit element through the same build, measured the same way (the floor
 * of any Lit element). The static import graph is reported next to it, for comparison.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signUserToken } from '@chatdesk/server';
import { downloadsUntilIdle, launchChromium, serveStatic, type Download } from './lib/browser-env.js';
import { BUNDLE_DIR, buildLitFloor, ensureBundles, startClosure, type BuildResult } from './lib/bundles.js';
import { CACHE_DIR } from './lib/proc.js';
import { seedSmall } from './lib/dataset.js';
import type { FigureResult, Row } from './lib/row.js';
import { yesNo } from './lib/row.js';
import { startOurServer } from './lib/server-child.js';
import { quick, scale } from './lib/quick.js';
import { fmtKB, log, ratio } from './lib/stats.js';

/** Start-ups measured per page; the median is reported (they differ only if a fetch is racy). */
const SAMPLES = scale(3, 1);

const page = (title: string, body: string) =>
  `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,">
<style>html,body{margin:0;height:100%}chat-panel[mode=section]{display:block;height:100vh}</style></head><body>${body}</body></html>`;

const READY = {
  section: `(() => { const l = document.querySelector('chat-panel')?.shadowRoot?.querySelector('chat-conversation-list');
    return !!l?.shadowRoot?.querySelector('[part~="item"]'); })()`,
  popup: `(() => { const p = document.querySelector('chat-panel');
    return p?.client?.state?.connection === 'open' && !!p.shadowRoot?.querySelector('[part~="launcher"]'); })()`,
  consultant: `!!document.querySelector('chat-consultant')?.shadowRoot?.querySelector('[part~="launcher"]')`,
  floor: `!!document.querySelector('floor-element')?.shadowRoot?.querySelector('p')`,
};

interface Measured {
  bytes: number;
  headerBytes: number;
  files: Download[];
}

function sum(downloads: Download[], prefix: string): Measured {
  const files = downloads.filter((d) => d.path.startsWith(prefix));
  return {
    bytes: files.reduce((a, d) => a + d.bodyBytes, 0),
    headerBytes: files.reduce((a, d) => a + d.headerBytes, 0),
    files,
  };
}

const median = (xs: Measured[]): Measured => [...xs].sort((a, b) => a.bytes - b.bytes)[Math.floor(xs.length / 2)] as Measured;

const missingRows = (why: string): FigureResult => ({
  rows: ['5a. <chat-panel> start-up download (gzip)', '5b. <chat-consultant> start-up download (gzip)'].map((figure) => ({
    figure,
    ours: `missing: ${why}`,
    baseline: '—',
    ratio: '—',
    goal: '—',
    met: 'missing',
    stall: '—',
  })),
  notes: [`5a/5b: ${why}`],
});

export default async function run(): Promise<FigureResult> {
  let build: BuildResult;
  try {
    build = await ensureBundles();
  } catch (err) {
    return missingRows(`the bundle build failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  if (!build.chunks['chat-panel.js'] || !build.chunks['chat-consultant.js']) return missingRows('the build lacks an entry');
  const floorBuild = await buildLitFloor(); // into the cache, where the floor page below is copied from
  const launched = await launchChromium();
  if ('missing' in launched) return missingRows(launched.missing);
  const { browser } = launched;

  const dir = mkdtempSync(join(tmpdir(), 'chatdesk-bench-bundle-'));
  const routes: Record<string, unknown> = {};
  const site = await serveStatic(join(dir, 'root'), routes);
  const dbFile = join(dir, 'chat.sqlite');
  // m1's list: conversations with a message each, so the rows (and their time labels) render.
  seedSmall(dbFile, { extraConversations: 30 });
  const server = await startOurServer({ dbFile, allowedOrigins: [site.origin] }, 'bundle-ours');
  try {
    routes['/token'] = { token: signUserToken(server.info.secret, { id: 'm1', name: 'Менеджер 1', rights: ['chats'], ttlSeconds: 3600 }) };
    const root = join(dir, 'root');
    cpSync(join(BUNDLE_DIR, 'bundles'), join(root, 'bundles'), { recursive: true });
    cpSync(join(CACHE_DIR, 'lit-floor', 'out'), join(root, 'floor'), { recursive: true });
    mkdirSync(root, { recursive: true });
    const s = server.info.url;
    writeFileSync(join(root, 'panel.html'), page('panel', `<script type="module" src="/bundles/chat-panel.js"></script>
<chat-panel server="${s}" token-url="/token" lang="ru"></chat-panel>`));
    writeFileSync(join(root, 'panel-section.html'), page('panel', `<script type="module" src="/bundles/chat-panel.js"></script>
<chat-panel mode="section" server="${s}" token-url="/token" lang="ru"></chat-panel>`));
    writeFileSync(join(root, 'consultant.html'), page('shop', `<script type="module" src="/bundles/chat-consultant.js"></script>
<chat-consultant server="${s}" lang="ru"></chat-consultant>`));
    writeFileSync(join(root, 'floor.html'), page('floor', `<script type="module" src="/floor/floor.js"></script><floor-element></floor-element>`));

    const measure = async (file: string, ready: string, prefix: string): Promise<Measured> => {
      const samples: Measured[] = [];
      for (let i = 0; i < SAMPLES; i++) samples.push(sum(await downloadsUntilIdle(browser, `${site.origin}/${file}`, ready), prefix));
      return median(samples);
    };
    const pages: [file: string, ready: string, prefix: string][] = [
      ['floor.html', READY.floor, '/floor/'],
      ['panel.html', READY.popup, '/bundles/'],
      ['panel-section.html', READY.section, '/bundles/'],
      ['consultant.html', READY.consultant, '/bundles/'],
    ];
    const measured: Measured[] = [];
    // Bytes do not depend on timing, so --quick opens the pages at once (each in its own fresh
    // context): its time goes to the two builds.
    if (quick) measured.push(...(await Promise.all(pages.map((p) => measure(...p)))));
    else for (const p of pages) measured.push(await measure(...p));
    const [litFloor, popup, section, consultant] = measured as [Measured, Measured, Measured, Measured];

    const rows: Row[] = [];
    const notes: string[] = [];
    const list = (m: Measured) => m.files.map((f) => `${f.path.replace('/bundles/', '')} ${fmtKB(f.bodyBytes)}${f.encoding === 'gzip' ? '' : ` (${f.encoding}!)`}`).join(' + ');
    /** The entry's static import graph, and the chunks it can reach (statically or lazily) that the page did not fetch. */
    const lazyNotFetched = (m: Measured, entry: string) => {
      const fetched = new Set(m.files.map((f) => f.path.replace('/bundles/', '')));
      const reachable = new Set<string>();
      const visit = (f: string) => {
        const chunk = build.chunks[f];
        if (!chunk || reachable.has(f)) return;
        reachable.add(f);
        [...chunk.imports, ...chunk.dynamicImports].forEach(visit);
      };
      visit(entry);
      const lazy = [...reachable].filter((f) => !fetched.has(f)).map((f) => `${f} ${fmtKB(build.chunks[f]?.gzipBytes ?? 0)}`);
      return { closure: startClosure(build, entry), lazy };
    };
    const panel = section.bytes >= popup.bytes ? { m: section, how: 'mode="section", rows shown' } : { m: popup, how: 'popup, as in the README' };
    const p = lazyNotFetched(panel.m, 'chat-panel.js');
    const took = (b: BuildResult) => `${(b.ms / 1000).toFixed(1)} s${b.cached ? ', an earlier run\'s build of the same sources' : ''}`;
    log(`  bundle: built in ${took(build)} (Lit floor ${took(floorBuild)})`);
    log(`  bundle: panel start-up (popup) ${fmtKB(popup.bytes)} in ${popup.files.length} files; (section) ${fmtKB(section.bytes)} in ${section.files.length} files: ${list(section)}`);
    log(`  bundle: consultant start-up ${fmtKB(consultant.bytes)}: ${list(consultant)}; Lit floor ${fmtKB(litFloor.bytes)}`);
    rows.push({
      figure: '5a. <chat-panel> start-up download (gzip)',
      ours: `${fmtKB(panel.m.bytes)} (${panel.how}; ${panel.m.files.length} files)`,
      baseline: `Lit floor ${fmtKB(litFloor.bytes)}`,
      ratio: ratio(panel.m.bytes, litFloor.bytes),
      goal: '≤ 45 KB',
      met: yesNo(panel.m.bytes <= 45 * 1024),
      stall: '—',
    });
    const c = lazyNotFetched(consultant, 'chat-consultant.js');
    rows.push({
      figure: '5b. <chat-consultant> start-up download (gzip)',
      ours: `${fmtKB(consultant.bytes)} (${consultant.files.length} files)`,
      baseline: `Lit floor ${fmtKB(litFloor.bytes)}`,
      ratio: ratio(consultant.bytes, litFloor.bytes),
      goal: '≤ 20 KB',
      met: yesNo(consultant.bytes <= 20 * 1024),
      stall: '—',
    });
    notes.push(
      `5a: popup (the README's snippet) ${fmtKB(popup.bytes)} in ${popup.files.length} files, section with rows ${fmtKB(section.bytes)} in ${section.files.length} files: ${list(section)}; not fetched at start-up: ${p.lazy.join(', ') || 'none'}. Static import graph of chat-panel.js for comparison: ${fmtKB(p.closure.gzipBytes)} gzip. Peers (quoted, not measured): deep-chat 111 KB, chatscope+React 114 KB, RC livechat 488 KB.`,
      `5b: ${list(consultant)}; a first-time visitor connects only when opening the window, so nothing else loads before; not fetched at start-up: ${c.lazy.join(', ') || 'none'}. Static import graph: ${fmtKB(c.closure.gzipBytes)} gzip.`,
      `5a/5b: measured in headless Chromium ${browser.version()} from the network: the gzip bodies of the responses under /bundles/ (the README's snippet pages, served gzip -9 with Content-Length; response headers, ${fmtKB(panel.m.headerBytes)} for the panel, not counted), from navigation until the element rendered and the network was quiet for 1 s; median of ${SAMPLES} fresh contexts (empty cache). Lit floor = a trivial LitElement through the same rollup config, measured the same way. KB = 1024 bytes.`,
    );
    return { rows, notes };
  } finally {
    await browser.close();
    await server.stop();
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
