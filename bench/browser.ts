/**
 * Figure 5c/5d: the manager's `<chat-panel>` in headless Chromium against a real server seeded
 * with a 10,000-message conversation.
 *
 * - Open: from setting `conversationId` on a connected panel to the first animation frame in
 *   which the thread shows messages (that frame is the one painted next).
 * - Scroll: the thread scrolled to the top again and again; each step is timed from the scroll
 *   to the frame that shows the older page (server round trip + render), until the whole
 *   conversation is loaded (or a time budget runs out); then jumps through the loaded thread,
 *   each timed to the next frame. Also reported: how many `<chat-message>` elements the DOM holds
 *   at the end (a virtualized thread holds a screenful, not 10,000).
 *
 * Raw baseline in the same browser: a page with no framework that does the same over a raw
 * WebSocket (hello, messages.list, 50 plain divs per page, prepend keeping the scroll position).
 * The server itself serves the pages and bundles (same origin as the socket: Chromium blocks a
 * public origin from opening one to 127.0.0.1): its `rootDir` is a temporary folder holding the
 * bench's bundle build (bench/.cache/bundles, the repository's rollup config) and the two pages.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signUserToken } from '@chatdesk/server';
import { ensureBundles, BUNDLE_DIR } from './lib/bundles.js';
import { seedSmall } from './lib/dataset.js';
import type { FigureResult, Row } from './lib/row.js';
import { yesNo } from './lib/row.js';
import { startOurServer } from './lib/server-child.js';
import { fmtMs, log, ratio, summarize } from './lib/stats.js';

const THREAD = 10_000;
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
/** Scroll-to-load budget per page (ours and raw each). */
const SCROLL_BUDGET_MS = 30_000;
const JUMPS = 30;
const OPEN_REPEATS = 5;


/** Browser-side helpers shared by both pages (plain script: nothing here goes through tsx). */
const HELPERS = `<script>
const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
window.benchJumps = async (scroller, n) => {
  const out = []; let seed = 1; const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let i = 0; i < n; i++) { await frame(); const el = scroller(); const t0 = performance.now();
    el.scrollTop = Math.floor(rand() * Math.max(0, el.scrollHeight - el.clientHeight));
    out.push((await frame()) - t0); }
  return out;
};
const panel = () => document.querySelector('chat-panel');
const thread = () => panel()?.shadowRoot?.querySelector('chat-thread');
window.panelScroller = () => thread()?.shadowRoot?.querySelector('[part~="scroller"]');
const messageCount = () => thread()?.shadowRoot?.querySelectorAll('chat-message').length ?? 0;
// The thread is virtualized: the DOM count stays flat, so a page counts as loaded when the store grows.
const loadedCount = () => { const p = panel(); return p?.client?.state?.threads[p.conversationId]?.messages.length ?? 0; };
window.benchConnect = async (server, token) => {
  await customElements.whenDefined('chat-panel');
  const p = document.createElement('chat-panel'); p.mode = 'section'; p.server = server; p.token = token; document.body.append(p);
  const deadline = performance.now() + 15000;
  while (performance.now() < deadline) { if (p.client?.state?.connection === 'open') return 'open'; await new Promise((r) => setTimeout(r, 20)); }
  return 'client ' + (p.client ? 'present' : 'absent') + ', connection ' + p.client?.state?.connection + ', error ' + (p.client?.state?.connectionError?.message ?? 'none');
};
window.benchOpen = async (id) => {
  await frame(); const t0 = performance.now(); panel().conversationId = id;
  for (;;) { const now = await frame(); const n = messageCount(); if (n > 0) return { ms: now - t0, messages: n }; if (now - t0 > 15000) return { ms: NaN, messages: 0 }; }
};
window.benchScroll = async (budget) => {
  const steps = []; let longestFrame = 0; const start = performance.now(); let stalled = 0;
  while (performance.now() - start < budget) {
    const before = loadedCount(); await frame(); const t0 = performance.now(); window.panelScroller().scrollTop = 0;
    let last = t0; let grew = false;
    while (performance.now() - t0 < 5000) { const now = await frame(); longestFrame = Math.max(longestFrame, now - last); last = now;
      if (loadedCount() > before) { grew = true; break; } }
    if (!grew) { if (++stalled >= 2) break; continue; }
    stalled = 0; steps.push(last - t0);
  }
  return { steps, longestFrame, dom: messageCount(), seconds: (performance.now() - start) / 1000 };
};
window.benchLoaded = (id) => panel().client.state.threads[id]?.messages.length ?? 0;
</script>`;

const PANEL_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title><link rel="icon" href="data:,">
<style>html,body{margin:0;height:100%}chat-panel{display:block;height:100vh}</style></head>
<body>${HELPERS}<script type="module" src="/bundles/chat-panel.js"></script></body></html>`;

/** The raw page: no framework, one socket, plain divs. */
const RAW_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>raw</title><link rel="icon" href="data:,">
<style>html,body{margin:0;height:100%}#log{height:100vh;overflow:auto;font:14px/1.4 sans-serif}
.m{padding:6px 12px;margin:4px 8px;border-radius:8px;background:#eef;max-width:70%}.m b{display:block;font-size:12px}</style></head>
<body><div id="log"></div>${HELPERS}<script>
let ws, nextId = 1; const waiting = new Map();
window.rawConnect = (url, token) => new Promise((resolve, reject) => {
  ws = new WebSocket(url);
  ws.onmessage = (e) => { const f = JSON.parse(e.data);
    if (f.type === 'welcome') resolve(true);
    else if ((f.type === 'result' || f.type === 'error') && waiting.has(f.id)) { waiting.get(f.id)(f); waiting.delete(f.id); } };
  ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', token }));
  ws.onerror = () => reject(new Error('ws error'));
});
const call = (method, params) => new Promise((resolve) => { const id = nextId++; waiting.set(id, resolve); ws.send(JSON.stringify({ type: 'call', id, method, params })); });
const log = () => document.getElementById('log');
let oldest, hasMore = true;
function render(messages) { const frag = document.createDocumentFragment();
  for (const m of messages) { const d = document.createElement('div'); d.className = 'm'; const b = document.createElement('b'); b.textContent = m.author.name;
    d.append(b, document.createTextNode(m.text)); frag.append(d); } return frag; }
window.rawOpen = async (conversationId) => { const t0 = performance.now(); log().textContent = '';
  const f = await call('messages.list', { conversationId }); const ms = f.result.messages; oldest = ms[0]?.id; hasMore = f.result.hasMore;
  log().append(render(ms)); log().scrollTop = log().scrollHeight; return (await frame()) - t0; };
window.rawOlder = async (conversationId) => { if (!hasMore) return null; const el = log(); const t0 = performance.now(); el.scrollTop = 0;
  const f = await call('messages.list', { conversationId, before: oldest }); const ms = f.result.messages; oldest = ms[0]?.id ?? oldest; hasMore = f.result.hasMore;
  const h = el.scrollHeight; el.prepend(render(ms)); el.scrollTop += el.scrollHeight - h; return (await frame()) - t0; };
window.rawCount = () => log().children.length;
window.rawScroller = () => log();
</script></body></html>`;

type Page = import('playwright-core').Page;

/** Jumps to random positions of a scroller; each timed from the scroll to the next frame. */
function jumps(page: Page, scrollerFn: string): Promise<number[]> {
  return page.evaluate(`benchJumps(${scrollerFn}, ${JUMPS})`) as Promise<number[]>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export default async function run(): Promise<FigureResult> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const missing = (why: string): FigureResult => ({
    rows: [
      { figure: '5c. open 10k-msg conversation → first paint', ours: `missing: ${why}`, baseline: '—', ratio: '—', goal: '< 150 ms', met: 'missing' },
      { figure: '5d. scroll the 10k-msg thread', ours: `missing: ${why}`, baseline: '—', ratio: '—', goal: '< 150 ms', met: 'missing' },
    ],
    notes: [`5c/5d: ${why}`],
  });
  if (!existsSync(CHROMIUM)) return missing(`no Chromium at ${CHROMIUM}`);
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    return missing('playwright-core is not installed');
  }
  let build;
  try {
    build = await ensureBundles();
  } catch (err) {
    return missing(`bundle build failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  if (!build.chunks['chat-panel.js']) return missing('no chat-panel.js in the bundle build');

  const dir = mkdtempSync(join(tmpdir(), 'chatdesk-bench-browser-'));
  const dbFile = join(dir, 'chat.sqlite');
  const seeded = seedSmall(dbFile, { longThread: THREAD, extraConversations: 30 });
  const conversationId = seeded.longThreadId as number;
  const root = join(dir, 'root');
  cpSync(join(BUNDLE_DIR, 'bundles'), join(root, 'dist', 'bundles'), { recursive: true });
  mkdirSync(join(root, 'examples', 'crm'), { recursive: true });
  writeFileSync(join(root, 'examples', 'crm', 'panel.html'), PANEL_PAGE);
  writeFileSync(join(root, 'examples', 'crm', 'raw.html'), RAW_PAGE);
  const port = await freePort();
  const ORIGIN = `http://127.0.0.1:${port}`;
  const server = await startOurServer({ dbFile, port, allowedOrigins: [ORIGIN], rootDir: root }, 'browser-ours');
  const browser = await playwright.chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const token = signUserToken(server.info.secret, { id: 'm1', name: 'Менеджер 1', rights: ['chats'], ttlSeconds: 3600 });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // ---- ours ----
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${ORIGIN}/crm/panel.html`);
    const state = (await page.evaluate(`benchConnect(${JSON.stringify(server.info.url)}, ${JSON.stringify(token)})`)) as string;
    if (state !== 'open') throw new Error(`the panel did not connect: ${state}; page errors: ${errors.join(' | ') || 'none'}`);
    const open = (await page.evaluate(`benchOpen(${conversationId})`)) as { ms: number; messages: number };
    log(`  browser: ours open → first paint ${fmtMs(open.ms)} (${open.messages} messages rendered)`);

    // Scroll to the top until everything is loaded (or the budget runs out).
    const scroll = (await page.evaluate(`benchScroll(${SCROLL_BUDGET_MS})`)) as { steps: number[]; longestFrame: number; dom: number; seconds: number };
    const oursJumps = await jumps(page, 'panelScroller');
    const loaded = (await page.evaluate(`benchLoaded(${conversationId})`)) as number;
    const os = summarize(scroll.steps);
    const oj = summarize(oursJumps);
    log(`  browser: ours scroll-to-load ${scroll.steps.length} pages in ${scroll.seconds.toFixed(1)} s: step p50 ${fmtMs(os.p50)} p99 ${fmtMs(os.p99)} max ${fmtMs(os.max)}; longest frame ${fmtMs(scroll.longestFrame)}; loaded ${loaded}, <chat-message> in DOM ${scroll.dom}; jumps p99 ${fmtMs(oj.p99)}; page errors: ${errors.length}`);
    await page.close();

    // ---- raw ----
    const rawPage = await context.newPage();
    await rawPage.goto(`${ORIGIN}/crm/raw.html`);
    await rawPage.evaluate(`rawConnect(${JSON.stringify(server.info.wsUrl)}, ${JSON.stringify(token)})`);
    const rawOpens: number[] = [];
    for (let i = 0; i < OPEN_REPEATS; i++) rawOpens.push((await rawPage.evaluate(`rawOpen(${conversationId})`)) as number);
    const rawSteps = (await rawPage.evaluate(`(async () => { const out = []; const start = performance.now();
      while (performance.now() - start < ${SCROLL_BUDGET_MS} && out.length < ${Math.max(scroll.steps.length, 1)}) {
        const t = await rawOlder(${conversationId}); if (t === null) break; out.push(t); }
      return out; })()`)) as number[];
    const rawJumps = await jumps(rawPage, 'rawScroller');
    const rawDom = (await rawPage.evaluate('rawCount()')) as number;
    await rawPage.close();
    await context.close();
    const ro = summarize(rawOpens);
    const rs = summarize(rawSteps);
    const rj = summarize(rawJumps);
    log(`  browser: raw open ${fmtMs(ro.p50)} (median of ${OPEN_REPEATS}); raw scroll ${rawSteps.length} pages step p99 ${fmtMs(rs.p99)}; jumps p99 ${fmtMs(rj.p99)}; DOM ${rawDom}`);

    rows.push({
      figure: '5c. open 10k-msg conversation → first paint',
      ours: `${fmtMs(open.ms)} (${open.messages} msgs)`,
      baseline: `raw DOM page ${fmtMs(ro.p50)}`,
      ratio: ratio(open.ms, ro.p50),
      goal: '< 150 ms',
      met: yesNo(open.ms < 150),
    });
    const virtualized = scroll.dom < Math.min(loaded, 1_000);
    const worst = Math.max(os.p99, oj.p99);
    rows.push({
      figure: '5d. scroll the 10k-msg thread (p99 to frame)',
      ours: `load-older p99 ${fmtMs(os.p99)}, jump p99 ${fmtMs(oj.p99)}; ${loaded.toLocaleString('en-US')} loaded, ${scroll.dom.toLocaleString('en-US')} in DOM`,
      baseline: `raw p99 ${fmtMs(rs.p99)}, jump ${fmtMs(rj.p99)}`,
      ratio: `${ratio(os.p99, rs.p99)} / ${ratio(oj.p99, rj.p99)}`,
      goal: '< 150 ms, virtualized',
      met: yesNo(worst < 150 && virtualized) + (virtualized ? '' : ' (not virtualized)'),
    });
    notes.push(
      `5c: one open of a conversation the client has not loaded (50 newest messages over the socket, then render); raw = median of ${OPEN_REPEATS} opens on the framework-free page over the same server. 5d: ${scroll.steps.length} scroll-to-top steps in ${scroll.seconds.toFixed(1)} s (budget ${SCROLL_BUDGET_MS / 1000} s; p50 ${fmtMs(os.p50)}, max ${fmtMs(os.max)}, longest frame while loading ${fmtMs(scroll.longestFrame)}), then ${JUMPS} jumps to random positions; raw did the same number of pages (${rawSteps.length}) with plain divs (DOM ${rawDom}). Page errors in ours: ${errors.length ? errors.slice(0, 3).join(' | ') : 'none'}. Headless Chromium ${browser.version()}, 1280×800, --disable-gpu.`,
    );
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows, notes };
}
