// Issue 20: a host framework often sets an element's properties before its bundle has defined it
// (React and Vue render first; the bundle is lazy). The values must survive the upgrade: here a
// function (`tokenProvider`), strings and an enum set on <chat-panel> and <chat-analytics> while
// they are still plain HTMLElements, then the bundles imported, and the panel connects with that
// provider while the analytics element reports with the grouping it was given.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { signUserToken } from '@chatdesk/server/host-token';
import { startTestServer, type TestServer } from '@chatdesk/server/testing';
import { bundlesBuilt, collectErrors, launchChromium, startHostServer, type HostServer } from './pages.js';

let browser: Browser;
let host: HostServer;
let chat: TestServer;

before(async () => {
  assert.ok(bundlesBuilt(), 'dist/bundles is missing: run `npm run build:bundles` (npm run test:pages does)');
  host = await startHostServer();
  chat = await startTestServer({ demo: true, allowedOrigins: [host.origin] });
  host.json('/chat-token', () => ({ token: signUserToken(chat.secret, { id: 'olga', name: 'Ольга Админова', rights: ['admin'], ttlSeconds: 600 }) }));
  host.page(
    '/late.html',
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Late bundles</title></head>
<body><chat-panel mode="section"></chat-panel><chat-analytics></chat-analytics>
<script type="module">
  const panel = document.querySelector('chat-panel');
  const analytics = document.querySelector('chat-analytics');
  window.before = { panel: !!customElements.get('chat-panel'), analytics: !!customElements.get('chat-analytics') };
  window.provided = 0;
  // As a framework would: properties, not attributes, before the elements are defined.
  panel.server = ${JSON.stringify(chat.url)};
  panel.tokenProvider = async () => {
    window.provided++;
    return (await (await fetch('/chat-token')).json()).token;
  };
  analytics.groupBy = 'manager';
  analytics.range = '30d';
  await import(${JSON.stringify(`${chat.url}/bundles/chat-panel.js`)});
  await import(${JSON.stringify(`${chat.url}/bundles/chat-analytics.js`)});
</script></body></html>`,
  );
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await chat?.close();
  await host?.close();
});

test('properties set before the bundles defined the elements survive the upgrade: a token provider function, strings, an enum', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${host.origin}/late.html`);
  await page.waitForFunction(() => customElements.get('chat-analytics') !== undefined);
  assert.deepEqual(await page.evaluate(() => (window as unknown as { before: object }).before), { panel: false, analytics: false }, 'neither element was defined when its properties were set');
  await page.waitForFunction(() => document.querySelector('chat-panel')?.client?.state.connection === 'open', undefined, { timeout: 15_000 });
  assert.ok((await page.evaluate(() => (window as unknown as { provided: number }).provided)) >= 1, 'the panel asked the provider set before the upgrade');
  const upgraded = await page.evaluate(async () => {
    const panel = document.querySelector('chat-panel')!;
    const analytics = document.querySelector('chat-analytics')!;
    // Lit hands the saved values to the accessors at the first update, which waits for the
    // element's words (a chunk of their own): read after it.
    await Promise.all([panel.updateComplete, analytics.updateComplete]);
    return {
      server: panel.server,
      provider: typeof panel.tokenProvider,
      ownServer: Object.prototype.hasOwnProperty.call(panel, 'server'),
      groupBy: analytics.groupBy,
      reflected: analytics.getAttribute('group-by'),
      range: analytics.range,
    };
  });
  assert.deepEqual(upgraded, { server: chat.url, provider: 'function', ownServer: false, groupBy: 'manager', reflected: 'manager', range: '30d' });
  await page.waitForFunction(() => document.querySelector('chat-analytics')?.report?.groupBy === 'manager', undefined, { timeout: 15_000 });
  assert.deepEqual(errors, []);
  await context.close();
});
