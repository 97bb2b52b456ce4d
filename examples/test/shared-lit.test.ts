// Issue 20, "bundles with Lit shared when the host already has it": a CRM page that runs its own
// Lit (ES modules through an import map, here Lit from node_modules) loads the panel from
// /bundles/lit-external/, whose Lit imports stay bare for that map. One Lit runs on the page (Lit
// counts its copies in `litElementVersions`), the host's own Lit element and the panel both work,
// and the panel's start-up download is smaller by Lit. The same page with /bundles/ runs two Lits.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { signUserToken } from '@chatdesk/server/host-token';
import { startTestServer, type TestServer } from '@chatdesk/server/testing';
import { bundlesBuilt, collectErrors, launchChromium, startHostServer, type HostServer } from './pages.js';

const root = new URL('../..', import.meta.url).pathname;
let browser: Browser;
let host: HostServer;
let chat: TestServer;

/** The host's import map: its own Lit, as ES modules from its server. */
const IMPORT_MAP = {
  imports: {
    lit: '/lit/index.js',
    'lit/': '/lit/',
    'lit-html': '/lit-html/lit-html.js',
    'lit-html/': '/lit-html/',
    'lit-element/': '/lit-element/',
    '@lit/reactive-element': '/@lit/reactive-element/reactive-element.js',
    '@lit/reactive-element/': '/@lit/reactive-element/',
    '@lit/context': '/@lit/context/index.js',
  },
};

const hostPage = (bundle: string) => `<!doctype html><html lang="ru"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>CRM with Lit</title>
<script type="importmap">${JSON.stringify(IMPORT_MAP)}</script>
<script type="module">
  import { LitElement, html } from 'lit';
  // The CRM's own element, on the CRM's own Lit.
  customElements.define('crm-greeting', class extends LitElement { render() { return html\`<p>CRM на своём Lit</p>\`; } });
</script>
<script type="module" src="${bundle}"></script></head>
<body><crm-greeting></crm-greeting><main style="height:700px"><chat-panel server="${chat.url}" token-url="/chat-token" mode="section"></chat-panel></main></body></html>`;

before(async () => {
  assert.ok(bundlesBuilt(), 'dist/bundles is missing: run `npm run build:bundles` (npm run test:pages does)');
  host = await startHostServer();
  chat = await startTestServer({ demo: true, allowedOrigins: [host.origin] });
  host.json('/chat-token', () => ({ token: signUserToken(chat.secret, { id: 'olga', name: 'Ольга Админова', rights: ['admin'], ttlSeconds: 600 }) }));
  host.files(join(root, 'node_modules'));
  host.page('/shared.html', hostPage(`${chat.url}/bundles/lit-external/chat-panel.js`));
  host.page('/own.html', hostPage(`${chat.url}/bundles/chat-panel.js`));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await chat?.close();
  await host?.close();
});

/** Opens `path`, waits for the panel's list and the host's element; the bytes the page fetched from our /bundles/. */
async function start(page: Page, path: string): Promise<{ litCopies: number; ourBytes: number; hostLitFiles: number }> {
  let ourBytes = 0;
  let hostLitFiles = 0;
  page.on('response', async (res) => {
    const url = new URL(res.url());
    if (url.origin === chat.url && url.pathname.startsWith('/bundles/')) ourBytes += Number(res.headers()['content-length'] ?? (await res.body()).length);
    if (url.origin === host.origin && /^\/(lit|lit-html|lit-element|@lit)\//.test(url.pathname)) hostLitFiles++;
  });
  await page.goto(`${host.origin}${path}`);
  await page.locator('crm-greeting p', { hasText: 'CRM на своём Lit' }).waitFor({ timeout: 10_000 });
  await page.locator('chat-panel chat-conversation-list [part~="item"]').first().waitFor({ timeout: 15_000 });
  await page.waitForLoadState('networkidle');
  const litCopies = await page.evaluate(() => (globalThis as unknown as { litElementVersions?: string[] }).litElementVersions?.length ?? 0);
  return { litCopies, ourBytes, hostLitFiles };
}

test("a page with its own Lit loads /bundles/lit-external/: one Lit runs, the host's element and the panel work, the panel downloads less", async () => {
  const context = await browser.newContext();
  const shared = await context.newPage();
  const errors = collectErrors(shared);
  const withShared = await start(shared, '/shared.html');
  assert.equal(withShared.litCopies, 1, 'the panel ran on the page\'s Lit');
  assert.ok(withShared.hostLitFiles > 0, 'Lit came from the host');
  assert.deepEqual(errors, []);

  const own = await (await browser.newContext()).newPage();
  const withOwn = await start(own, '/own.html');
  assert.equal(withOwn.litCopies, 2, 'the ordinary bundle brings a Lit of its own');
  assert.ok(withShared.ourBytes < withOwn.ourBytes, `lit-external ${withShared.ourBytes} B < ordinary ${withOwn.ourBytes} B`);
  console.log(`# panel start-up from /bundles/: ${withOwn.ourBytes} B; from /bundles/lit-external/: ${withShared.ourBytes} B (Lit from the host)`);
  await context.close();
  await own.context().close();
});
