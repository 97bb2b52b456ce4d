// Issue 20, "framework hosts", tried as a new user would: the packages packed (`npm run pack`),
// examples/react (React 19) and examples/vue (Vue 3) copied into fresh folders outside the
// repository, their `npm install` taking our tarballs, their typecheck passing with the types we
// ship (and failing on a wrong property or event detail), their `vite build` served to Chromium
// against a real chat server. There, the way custom-elements-everywhere tries a framework: the
// panel gets its properties as properties (a string, a function, a number, a boolean, not
// stringified attributes), the page hears `chat-*` events with their details, and a property the
// framework sets later (the conversation to open, the theme) reaches the element.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { signUserToken } from '@chatdesk/server/host-token';
import { startTestServer, type TestServer } from '@chatdesk/server/testing';
// @ts-expect-error: a plain .mjs script without types
import { pack } from '../../scripts/pack.mjs';
import { collectErrors, launchChromium, startHostServer, type HostServer } from './pages.js';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
let dir = '';
let browser: Browser;
let chat: TestServer;
const hosts = new Map<string, HostServer>();
let customerId = '';

/** The framework's example in a folder of its own, installed from the tarballs in `dir`. */
async function install(framework: 'react' | 'vue'): Promise<string> {
  const app = join(dir, framework);
  cpSync(join(root, 'examples', framework), app, { recursive: true, filter: (src) => !/[/\\](node_modules|dist)$/.test(src) });
  const manifest = readFileSync(join(app, 'package.json'), 'utf8').replaceAll('file:../../dist/packages/', `file:${dir}/`);
  writeFileSync(join(app, 'package.json'), manifest);
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: app, maxBuffer: 1 << 24 });
  return app;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chatdesk-frameworks-'));
  (pack as (dest: string) => unknown)(dir);
  for (const framework of ['react', 'vue']) hosts.set(framework, await startHostServer());
  chat = await startTestServer({ demo: true, allowedOrigins: [...hosts.values()].map((h) => h.origin) });
  // The host backend's token route, as the README's step 2 has it.
  for (const host of hosts.values()) host.json('/chat-token', () => ({ token: signUserToken(chat.secret, { id: 'olga', name: 'Ольга Админова', rights: ['admin'], ttlSeconds: 600 }) }));
  customerId = ((await (await fetch(`${chat.url}/demo/crm-card`)).json()) as { customer: { id: string } }).customer.id;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await chat?.close();
  for (const host of hosts.values()) await host.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const FRAMEWORKS = {
  react: {
    typecheck: ['node_modules/typescript/bin/tsc', '--noEmit'],
    wrongFile: 'src/Wrong.tsx',
    wrong: `import '@chatdesk/elements/panel';
import type {} from '@chatdesk/elements/react';
export const a = <chat-panel conversationId="5" />;
export const b = <chat-panel onchat-open-change={(e) => e.detail.nope} />;
export const c = <chat-panel tokenProvider={42} />;
`,
  },
  vue: {
    typecheck: ['node_modules/vue-tsc/bin/vue-tsc.js', '--noEmit'],
    wrongFile: 'src/Wrong.vue',
    wrong: `<script setup lang="ts">
import '@chatdesk/elements/panel';
import type {} from '@chatdesk/elements/vue';
</script>
<template>
  <chat-panel :conversationId="'5'" />
  <chat-panel @chat-open-change="(e) => e.detail.nope" />
  <chat-panel :tokenProvider="42" />
</template>
`,
  },
} as const;

for (const [framework, setup] of Object.entries(FRAMEWORKS)) {
  describe(`examples/${framework}`, () => {
    let app = '';

    test(`installed from the tarballs, ${framework}'s typecheck passes with our types and refuses a wrong property type or event detail`, async () => {
      app = await install(framework as 'react' | 'vue');
      await run(process.execPath, setup.typecheck, { cwd: app }).catch((err: { stdout: string }) => assert.fail(`the example does not typecheck:\n${err.stdout}`));
      writeFileSync(join(app, setup.wrongFile), setup.wrong);
      const out = await run(process.execPath, setup.typecheck, { cwd: app }).then(
        () => '',
        (err: { stdout: string }) => err.stdout,
      );
      rmSync(join(app, setup.wrongFile));
      assert.match(out, /error TS2322: Type 'string' is not assignable to type 'number'/, out);
      assert.match(out, /error TS2339: Property 'nope' does not exist on type 'ChatOpenChangeDetail'/, out);
      assert.match(out, /error TS2322: Type 'number' is not assignable to type '\(\) => string \| Promise<string>'/, out);
    });

    test(`the ${framework} page: properties in as properties (string, function, number, boolean), chat-* events out with their details`, async () => {
      assert.ok(app, 'installed by the test before');
      await run(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], { cwd: app, env: { ...process.env, VITE_CHAT_SERVER: chat.url } });
      const host = hosts.get(framework)!;
      host.files(join(app, 'dist'));
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      const page = await context.newPage();
      const errors = collectErrors(page);
      await page.goto(`${host.origin}/?customer=${encodeURIComponent(customerId)}`);
      await page.waitForFunction(() => document.querySelector('chat-panel')?.client?.state.connection === 'open', undefined, { timeout: 15_000 });
      const bound = await page.evaluate(() => {
        const panel = document.querySelector('chat-panel')!;
        const card = document.querySelector('chat-customer-conversations')!;
        return {
          server: panel.server,
          tokenProvider: typeof panel.tokenProvider,
          notifications: panel.notifications,
          mode: panel.mode,
          // Set as properties, never as attributes holding "function …" or "[object …]".
          attributes: panel.getAttributeNames().filter((a) => /token|server/i.test(a)),
          customerId: card.customerId,
        };
      });
      assert.deepEqual(bound, { server: chat.url, tokenProvider: 'function', notifications: true, mode: 'section', attributes: [], customerId });

      // Out: choosing a conversation in the panel's list reaches the framework's state.
      const rows = page.locator('chat-panel chat-conversation-list [part~="item"]');
      await rows.nth(1).waitFor({ timeout: 15_000 });
      const first = Number(await rows.nth(0).getAttribute('data-id'));
      const second = Number(await rows.nth(1).getAttribute('data-id'));
      await rows.nth(0).click();
      await page.locator('output#selected', { hasText: String(first) }).waitFor({ timeout: 5_000 });

      // In: the framework sets conversationId from its own form; the panel opens that conversation.
      await page.locator('input[name="conversation"]').fill(String(second));
      await page.getByRole('button', { name: 'Открыть в чате' }).click();
      await page.waitForFunction((id) => document.querySelector('chat-panel')?.conversationId === id, second, { timeout: 5_000 });
      await page.locator('chat-panel [part~="item-selected"]').first().waitFor({ timeout: 5_000 });
      assert.equal(Number(await page.locator('chat-panel [part~="item-selected"]').first().getAttribute('data-id')), second);

      // In: the page's theme picker sets `theme` on the elements (the examples' themed variant).
      await page.locator('select[name="theme"]').selectOption('dark');
      await page.waitForFunction(() => document.querySelector('chat-panel')?.theme === 'dark', undefined, { timeout: 5_000 });
      const themed = await page.evaluate(() => ({
        panel: getComputedStyle(document.querySelector('chat-panel')!).colorScheme,
        badge: document.querySelector('chat-unread-badge')!.getAttribute('theme'),
        card: document.querySelector('chat-customer-conversations')!.theme,
      }));
      assert.deepEqual(themed, { panel: 'dark', badge: 'dark', card: 'dark' });

      // Out from a host element: the customer's card says which conversation it opens.
      const cardItem = page.locator('chat-customer-conversations [part~="item"]').first();
      await cardItem.waitFor({ timeout: 10_000 });
      await cardItem.click();
      await page.locator('#log li', { hasText: 'Карточка открыла диалог' }).waitFor({ timeout: 5_000 });
      const opened = Number(/(\d+)$/.exec(await page.locator('#log li', { hasText: 'Карточка открыла диалог' }).first().innerText())![1]);
      await page.waitForFunction((id) => document.querySelector('chat-panel')?.conversationId === id, opened, { timeout: 5_000 });
      assert.deepEqual(errors, []);
      await context.close();
    });
  });
}
