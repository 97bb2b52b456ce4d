/**
 * Figure 5e (S-DLG-5, issue 14): the manager's `<chat-panel>` in headless Chromium on a thread of
 * 1,000 messages that each carry an image (a real upload's blob and thumbnail, shared by every
 * file row). Timed to the painted frame, as 5c/5d: opening the conversation, then jumps to random
 * positions of the thread. Also measured: the layout shift (the Layout Instability API's sum of
 * shifts not caused by input) during the jumps — previews sized from the server's dimensions must
 * not move the rows — and, apart, while older pages load; and how many `<img>` the DOM holds.
 *
 * Raw baseline in the same browser: a page with no framework that lists the same 1,000 messages
 * over a raw WebSocket as plain divs, each with an `<img width height loading=lazy>` of the same
 * thumbnail URL, the same jumps.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { signUserToken } from '@chatdesk/server';
import { openDatabase } from '../packages/server/src/adapters/sqlite/db.js';
import { FsBlobStore } from '../packages/server/src/adapters/fs/blob-store.js';
import { hashFile, inspect } from '../packages/server/src/http/media.js';
import { freePort, HELPERS, PANEL_PAGE } from './browser.js';
import { launchChromium, type Page } from './lib/browser-env.js';
import { ensureBundles, BUNDLE_DIR } from './lib/bundles.js';
import { seedSmall } from './lib/dataset.js';
import type { FigureResult } from './lib/row.js';
import { yesNo } from './lib/row.js';
import type { LoopDelay } from './lib/proc.js';
import { startOurServer } from './lib/server-child.js';
import { fmtMs, log, ratio, summarize } from './lib/stats.js';

const THREAD = 1_000;
const JUMPS = 40;

/** Layout shifts summed while the page works (input-caused ones excluded), and a jump loop that waits for previews. */
const SHIFTS = `<script>
window.shift = 0;
new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.shift += e.value; }).observe({ type: 'layout-shift', buffered: true });
</script>`;

const RAW_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>raw</title><link rel="icon" href="data:,">
<style>html,body{margin:0;height:100%}#log{height:100vh;overflow:auto;font:14px/1.4 sans-serif}
.m{padding:6px 12px;margin:4px 8px;border-radius:8px;background:#eef;max-width:70%}.m img{display:block;max-width:100%;height:auto}</style></head>
<body><div id="log"></div>${SHIFTS}${HELPERS}<script>
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
window.rawScroller = () => document.getElementById('log');
window.rawOpenAll = async (conversationId, base) => {
  const t = (await call('files.token', {})).result.token;
  const all = []; let before;
  for (;;) { const f = await call('messages.list', before ? { conversationId, before, limit: 100 } : { conversationId, limit: 100 });
    all.unshift(...f.result.messages); before = f.result.messages[0]?.id; if (!f.result.hasMore) break; }
  await frame(); const t0 = performance.now(); const frag = document.createDocumentFragment();
  for (const m of all) { const d = document.createElement('div'); d.className = 'm'; d.append(document.createTextNode(m.text || ''));
    for (const a of m.attachments || []) { const i = document.createElement('img'); i.loading = 'lazy'; i.width = a.thumb.width; i.height = a.thumb.height;
      i.src = base + '/api/files/' + a.id + '/thumb?t=' + encodeURIComponent(t); d.append(i); } frag.append(d); }
  const log = document.getElementById('log'); log.append(frag); log.scrollTop = log.scrollHeight;
  return { ms: (await painted()) - t0, imgs: log.querySelectorAll('img').length };
};
</script></body></html>`;

export default async function run(): Promise<FigureResult> {
  const missing = (why: string): FigureResult => ({
    rows: [{ figure: '5e. thread of 1,000 image messages', ours: `missing: ${why}`, baseline: '—', ratio: '—', goal: '< 150 ms, no shift', met: 'missing', stall: '—' }],
    notes: [`5e: ${why}`],
  });
  let build;
  try {
    build = await ensureBundles();
  } catch (err) {
    return missing(`bundle build failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  if (!build.chunks['chat-panel.js']) return missing('no chat-panel.js in the bundle build');
  const launched = await launchChromium();
  if ('missing' in launched) return missing(launched.missing);
  const { browser } = launched;

  const dir = mkdtempSync(join(tmpdir(), 'chatdesk-bench-images-'));
  const dbFile = join(dir, 'chat.sqlite');
  const filesDir = join(dir, 'files');
  const seeded = seedSmall(dbFile, { longThread: THREAD, extraConversations: 5 });
  const conversationId = seeded.longThreadId as number;
  // One photo, as the upload route would keep it (re-encoded, with its thumbnail), named by 1,000 file rows.
  const photo = join(dir, 'photo.jpg');
  await sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 90, g: 140, b: 200 } } }).jpeg().toFile(photo);
  mkdirSync(join(filesDir, 'tmp'), { recursive: true });
  let n = 0;
  const found = await inspect(await hashFile(photo), (suffix) => join(filesDir, 'tmp', `p${n++}${suffix}`));
  const blobs = new FsBlobStore(filesDir);
  await blobs.put(found.content.sha256, found.content.path, found.content.size);
  await blobs.put(found.thumb!.sha256, found.thumb!.path, found.thumb!.size);
  const db = openDatabase(dbFile);
  db.transaction(() => {
    const ids = db.prepare('SELECT id FROM messages WHERE conversation_id = ? ORDER BY id').pluck().all(conversationId) as number[];
    const insert = db.prepare(`INSERT INTO files (blob_key, kind, mime, name, size, width, height, thumb_key, thumb_width, thumb_height, owner_key, message_id, conversation_id, created_at)
      VALUES (?, 'image', 'image/jpeg', ?, ?, ?, ?, ?, ?, ?, 'c:1', ?, ?, 0)`);
    const attach = db.prepare('UPDATE messages SET attachments = ? WHERE id = ?');
    for (const id of ids) {
      const name = `photo-${id}.jpg`;
      const fileId = Number(insert.run(found.content.sha256, name, found.content.size, found.width, found.height, found.thumb!.sha256, found.thumb!.width, found.thumb!.height, id, conversationId).lastInsertRowid);
      attach.run(JSON.stringify([{ id: fileId, kind: 'image', name, size: found.content.size, mime: 'image/jpeg', width: found.width, height: found.height, thumb: { width: found.thumb!.width, height: found.thumb!.height } }]), id);
    }
  })();
  db.close();

  const root = join(dir, 'root');
  cpSync(join(BUNDLE_DIR, 'bundles'), join(root, 'dist', 'bundles'), { recursive: true });
  mkdirSync(join(root, 'examples', 'crm'), { recursive: true });
  writeFileSync(join(root, 'examples', 'crm', 'panel.html'), PANEL_PAGE.replace('<body>', `<body>${SHIFTS}`));
  writeFileSync(join(root, 'examples', 'crm', 'raw.html'), RAW_PAGE);
  const port = await freePort();
  const ORIGIN = `http://127.0.0.1:${port}`;
  const server = await startOurServer({ dbFile, filesDir, port, allowedOrigins: [ORIGIN], rootDir: root }, 'browser-images-ours').catch(async (err: unknown) => {
    await browser.close();
    throw err;
  });
  try {
    const token = signUserToken(server.info.secret, { id: 'm1', name: 'Менеджер 1', rights: ['chats'], ttlSeconds: 3600 });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    await server.call('loopStart');
    // Ours: open, load the whole thread (scrolling to the top), then the jumps.
    const page: Page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${ORIGIN}/crm/panel.html`);
    const state = (await page.evaluate(`benchConnect(${JSON.stringify(server.info.url)}, ${JSON.stringify(token)})`)) as string;
    if (state !== 'open') throw new Error(`the panel did not connect: ${state}`);
    const open = (await page.evaluate(`benchOpen(${conversationId})`)) as { ms: number; messages: number };
    const scroll = (await page.evaluate('benchScroll(30000)')) as { steps: number[]; dom: number };
    const shiftBefore = (await page.evaluate('window.shift')) as number;
    const oursJumps = (await page.evaluate(`benchJumps(panelScroller, ${JUMPS})`)) as number[];
    const shift = (await page.evaluate('window.shift')) as number;
    const imgs = (await page.evaluate(`(() => { let n = 0; const t = document.querySelector('chat-panel').shadowRoot.querySelector('chat-thread');
      for (const m of t.shadowRoot.querySelectorAll('chat-message')) n += m.shadowRoot.querySelectorAll('img').length; return n; })()`)) as number;
    await page.close();
    // Raw: all 1,000 rendered at once (lazy images), the same jumps.
    const raw: Page = await context.newPage();
    await raw.goto(`${ORIGIN}/crm/raw.html`);
    await raw.evaluate(`rawConnect(${JSON.stringify(server.info.wsUrl)}, ${JSON.stringify(token)})`);
    const rawOpen = (await raw.evaluate(`rawOpenAll(${conversationId}, ${JSON.stringify(server.info.url)})`)) as { ms: number; imgs: number };
    const rawJumps = (await raw.evaluate(`benchJumps(rawScroller, ${JUMPS})`)) as number[];
    const rawShift = (await raw.evaluate('window.shift')) as number;
    await raw.close();
    await context.close();
    await server.call('loopStop');
    const loop = await server.call<LoopDelay>('loopRead');
    const oj = summarize(oursJumps);
    const rj = summarize(rawJumps);
    log(`  browser-images: ours open ${fmtMs(open.ms)}, ${scroll.steps.length} pages loaded, jumps p50 ${fmtMs(oj.p50)} p99 ${fmtMs(oj.p99)}, layout shift ${shift.toFixed(3)} (${shiftBefore.toFixed(3)} before the jumps), <img> in DOM ${imgs}; raw all-at-once ${fmtMs(rawOpen.ms)}, jumps p99 ${fmtMs(rj.p99)}, shift ${rawShift.toFixed(3)}, <img> ${rawOpen.imgs}; errors ${errors.length}`);
    return {
      rows: [
        {
          figure: '5e. thread of 1,000 image messages: jumps (p99 to painted frame), layout shift',
          ours: `jump p99 ${fmtMs(oj.p99)} (n=${oj.n}); shift in jumps ${(shift - shiftBefore).toFixed(3)}, while loading ${shiftBefore.toFixed(3)}; ${imgs} <img> in DOM; open ${fmtMs(open.ms)}`,
          baseline: `raw divs + lazy <img> jump p99 ${fmtMs(rj.p99)}; shift ${rawShift.toFixed(3)}; ${rawOpen.imgs} <img>`,
          ratio: ratio(oj.p99, rj.p99),
          goal: '< 150 ms, jump shift < 0.1',
          met: yesNo(oj.p99 < 150 && shift - shiftBefore < 0.1),
          stall: `server ${loop.max.toFixed(1)} / ${loop.p99.toFixed(1)} ms (both pages)`,
        },
      ],
      notes: [
        `5e: ${THREAD} messages each with one 1600×1200 JPEG (its ${found.thumb!.width}×${found.thumb!.height} WebP thumbnail in the thread), the whole thread loaded by scrolling to the top (${scroll.steps.length} pages), then ${JUMPS} random jumps each; shift = the Layout Instability API's sum of shifts without recent input (0.1 is the web's "good" CLS), apart for the jumps and for the loading by scrolling to the top (older pages prepended with the position kept: a text-only thread of the same size measured 3.5 there too, so that part is the thread's paging, not the previews). Raw renders all ${THREAD} rows at once with lazy images sized by width/height. Page errors in ours: ${errors.length ? errors.slice(0, 3).join(' | ') : 'none'}.`,
      ],
    };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
