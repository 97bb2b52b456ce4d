// Issue 15's "Done when", end to end in real Chromium: the messenger simulator (examples/messenger)
// as a real integration module of a real chat server, and a CRM page with the README's `<chat-panel>`
// snippet on another origin. A customer writes in the messenger, the manager answers from the
// panel, and the reply's delivery status in the thread follows what the messenger reports; a
// channel registered without edit support offers no Edit there, and the server refuses one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import type { Browser, Locator, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '@chatdesk/server/testing';
import { CHANNEL, startMessenger, type Customer, type Messenger } from '../messenger/server.js';
import { ChatdeskApi, bootstrapModule } from '../messenger/chatdesk-api.js';
import { bundlesBuilt, collectErrors, hostPage, launchChromium, readmeSnippets, startHostServer, type HostServer } from './pages.js';

const snippets = readmeSnippets();
const MANAGER = { id: 'anna', name: 'Анна Менеджерова', rights: ['chats', 'admin'] as const };
let browser: Browser;
let crm: HostServer;
let chat: TestServer;
let sim: Messenger;
/** The webhook URL of test 2's second module: takes every webhook (a module that has nothing to say back). */
let sink: Server;

before(async () => {
  assert.ok(bundlesBuilt(), 'dist/bundles is missing: run `npm run build:bundles` (npm run test:pages does)');
  crm = await startHostServer();
  chat = await startTestServer({ allowedOrigins: [crm.origin] });
  crm.page('/crm.html', hostPage(snippets.crm, chat.url, 'CRM'));
  crm.json(snippets.tokenPath, () => ({ token: chat.userToken({ ...MANAGER, rights: [...MANAGER.rights] }) }));
  sim = await startMessenger({
    chatUrl: chat.url,
    port: 0,
    // Its admin socket sends this Origin; the test server allows only the CRM's.
    origin: crm.origin,
    adminToken: async () => chat.userToken({ id: 'olga', name: 'Ольга', rights: ['admin'] }),
  });
  sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  // The simulator first: its timers report statuses to the chat server.
  await sim?.close();
  await chat?.close();
  await crm?.close();
  if (sink) await new Promise<void>((resolve) => (sink.close(() => resolve()), sink.closeAllConnections()));
});

/** The simulator's own JSON API, as its page uses it. */
async function simApi(path: string, body?: unknown): Promise<any> {
  const res = await fetch(sim.url + path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await res.json();
  assert.ok(res.ok, `${path}: HTTP ${res.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** Polls the simulator's state until `pred` holds for the customer. */
async function simUntil(externalId: string, what: string, pred: (c: Customer) => boolean, ms = 10_000): Promise<Customer> {
  const end = Date.now() + ms;
  for (;;) {
    const { customers } = (await simApi('/api/state')) as { customers: Customer[] };
    const c = customers.find((x) => x.externalId === externalId);
    if (c && pred(c)) return c;
    if (Date.now() > end) assert.fail(`simulator: ${what} not seen in ${ms} ms; state: ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A customer of the simulator who has written `text`. */
async function simCustomerWrites(name: string, text: string): Promise<string> {
  const { customer } = await simApi('/api/customers', { name });
  await simApi('/api/send', { externalId: customer.externalId, text });
  return customer.externalId as string;
}

/** The CRM page in a fresh profile, its panel open. */
async function openCrm(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${crm.origin}/crm.html`);
  await page.waitForFunction(() => customElements.get('chat-panel') !== undefined, undefined, { timeout: 10_000 });
  await page.locator('chat-panel [part~="launcher"]').click();
  return { page, errors };
}

/** Opens the conversation whose row shows `text`, types `reply` in the composer and sends it with Enter. */
async function answer(page: Page, text: string, reply: string): Promise<void> {
  await page.locator('chat-conversation-list [part~="item"]', { hasText: text }).click();
  await page.locator('chat-thread chat-message', { hasText: text }).waitFor({ timeout: 10_000 });
  const field = page.locator('chat-composer [part~="textarea"]');
  await field.pressSequentially(reply, { delay: 5 });
  await field.press('Enter');
}

/** The manager's stored message (not the pending send) with this text, in the panel's thread. */
function ownMessage(page: Page, text: string): Locator {
  return page.locator('chat-thread chat-message[outgoing]:not([part~="pending"])', { hasText: text });
}

/** The ids of the items the message's "⋯" menu offers (`reply`, `copy`, `edit`, `delete`, …). */
async function menuItems(message: Locator): Promise<string[]> {
  await message.hover();
  await message.locator('[part~="menu-button"]').click();
  const items = message.locator('[part~="item"]');
  await items.first().waitFor({ timeout: 5_000 });
  const ids = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
  await message.page().keyboard.press('Escape');
  return ids;
}

test('issue 15 Done-when, in Chromium: a customer writes in the messenger, the manager answers from the CRM page\'s panel, the reply\'s status goes queued → sent → delivered → read as the messenger reports it', async () => {
  const question = `Где мой заказ? #${Date.now()}`;
  const externalId = await simCustomerWrites('Пётр Покупатель', question);
  const { page, errors } = await openCrm();

  await page.locator('chat-conversation-list [part~="item"]', { hasText: question }).click();
  const channel = page.locator('chat-panel [part~="conversation-channel"]');
  await channel.filter({ hasText: CHANNEL.name }).waitFor({ timeout: 10_000 });
  assert.equal((await channel.textContent())?.trim(), 'Мессенджер (симулятор)');
  assert.equal(await channel.locator('svg[part~="channel-icon"]').count(), 1, 'the channel\'s icon before its name');

  // Every status the stored reply's bubble shows, as it changes (polled faster than the simulator
  // reports: sent 100 ms after the webhook, delivered 500 ms later). A string, not a function:
  // tsx's helpers would not exist in the page.
  const reply = `Завтра привезём #${Date.now()}`;
  await page.evaluate(`(() => {
    const seen = (window.__statuses = []);
    const messages = (root, out) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.localName === 'chat-message') out.push(el);
        if (el.shadowRoot) messages(el.shadowRoot, out);
      }
      return out;
    };
    window.__statusTimer = setInterval(() => {
      for (const m of messages(document, [])) {
        if (m.messageId > 0 && m.text === ${JSON.stringify(reply)} && seen.at(-1) !== m.status) seen.push(m.status);
      }
    }, 5);
  })()`);
  await answer(page, question, reply);

  // The messenger got it, by the signed webhook, with the manager's name.
  const got = await simUntil(externalId, 'the reply', (c) => c.messages.some((m) => m.from === 'manager' && m.text === reply));
  assert.deepEqual(got.messages.map((m) => [m.from, m.text]), [['customer', question], ['manager', reply]]);
  assert.equal(got.messages[1]?.author, MANAGER.name);

  const mine = ownMessage(page, reply);
  await page.locator('chat-thread chat-message[outgoing][status="delivered"]', { hasText: reply }).waitFor({ timeout: 10_000 });
  assert.equal(await mine.locator('[part~="status"]').getAttribute('aria-label'), 'Доставлено');
  assert.deepEqual(await page.evaluate('window.__statuses'), ['queued', 'sent', 'delivered']);

  await simApi('/api/read', { externalId });
  await page.locator('chat-thread chat-message[outgoing][status="read"]', { hasText: reply }).waitFor({ timeout: 10_000 });
  assert.equal(await mine.locator('[part~="status"]').getAttribute('aria-label'), 'Прочитано');
  assert.deepEqual(await page.evaluate('(clearInterval(window.__statusTimer), window.__statuses)'), ['queued', 'sent', 'delivered', 'read']);
  await simUntil(externalId, 'the reply read', (c) => c.messages[1]?.status === 'read');

  assert.deepEqual(errors, [], 'no errors on the CRM page');
  await page.context().close();
});

/** A manager's protocol socket (the same user as the panel's), for calls the panel never makes. */
async function managerSocket(): Promise<{ call(method: string, params: unknown): Promise<{ result?: any; error?: any }>; close(): void }> {
  const ws = new WebSocket(chat.wsUrl, { origin: crm.origin });
  const answers = new Map<number, (f: any) => void>();
  let welcomed!: () => void;
  const welcome = new Promise<void>((resolve) => (welcomed = resolve));
  ws.on('message', (raw) => {
    const f = JSON.parse(raw.toString());
    if (f.type === 'welcome') welcomed();
    else if ((f.type === 'result' || f.type === 'error') && answers.has(f.id)) answers.get(f.id)!(f);
  });
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  ws.send(JSON.stringify({ type: 'hello', token: chat.userToken({ ...MANAGER, rights: [...MANAGER.rights] }) }));
  await welcome;
  let nextId = 1;
  return {
    call(method, params) {
      const id = nextId++;
      ws.send(JSON.stringify({ type: 'call', id, method, params }));
      return new Promise((resolve) => answers.set(id, resolve));
    },
    close: () => ws.close(),
  };
}

test('a channel without edit support shows no Edit in the panel and the server refuses it', async (t) => {
  // A second module, made and registered the way the simulator does it (README steps 1 and 3).
  const { port } = sink.address() as AddressInfo;
  const creds = await bootstrapModule({
    chatUrl: chat.url,
    origin: crm.origin,
    adminToken: chat.userToken({ id: 'olga', name: 'Ольга', rights: ['admin'] }),
    code: 'sms-gateway',
    name: 'SMS-шлюз',
    webhookUrl: `http://127.0.0.1:${port}/webhook`,
  });
  const sms = new ChatdeskApi(chat.url, creds);
  await sms.registerChannel('sms', { kind: 'sms', name: 'SMS', capabilities: { edit: false, delete: false, quote: false, deliveredReports: true } });
  const smsQuestion = `Можно забрать сегодня? #${Date.now()}`;
  await sms.postMessage({ channel: 'sms', customer: { externalId: '+79990000001', name: 'Ирина' }, messageId: `sms-${Date.now()}`, text: smsQuestion });
  // For contrast, a channel that carries edits: the simulator's.
  const simQuestion = `А синий есть? #${Date.now()}`;
  await simCustomerWrites('Олег', simQuestion);

  const { page, errors } = await openCrm();
  const smsReply = `Да, до 20:00 #${Date.now()}`;
  await answer(page, smsQuestion, smsReply);
  await page.locator('chat-panel [part~="conversation-channel"]', { hasText: 'SMS' }).waitFor();
  const smsMessage = ownMessage(page, smsReply);
  await smsMessage.locator('[part~="status"]').waitFor({ timeout: 10_000 });
  const smsId = Number(await smsMessage.getAttribute('data-message-id'));
  assert.ok(smsId > 0, 'the reply is stored');
  assert.equal(await smsMessage.getAttribute('can-edit'), null);
  const smsItems = await menuItems(smsMessage);
  assert.ok(smsItems.includes('copy'), `the menu opened: ${smsItems.join()}`);
  assert.ok(!smsItems.includes('edit'), `no Edit on a channel without edits: ${smsItems.join()}`);
  assert.ok(!smsItems.includes('delete'), `no Delete on a channel without deletes: ${smsItems.join()}`);
  assert.ok(!smsItems.includes('reply'), `no Reply on a channel without quotes: ${smsItems.join()}`);

  const simReply = `Есть, 42-й #${Date.now()}`;
  await answer(page, simQuestion, simReply);
  const simMessage = ownMessage(page, simReply);
  await simMessage.locator('[part~="status"]').waitFor({ timeout: 10_000 });
  const simItems = await menuItems(simMessage);
  assert.ok(simItems.includes('edit') && simItems.includes('delete'), `Edit and Delete where the channel has them: ${simItems.join()}`);

  // The server refuses what the panel does not offer.
  const anna = await managerSocket();
  t.after(() => anna.close());
  const edit = await anna.call('messages.edit', { messageId: smsId, text: 'Да, до 21:00' });
  assert.equal(edit.error?.code, 'FORBIDDEN', JSON.stringify(edit));
  assert.deepEqual(edit.error.details, { reason: 'channel', capability: 'edit' });
  const del = await anna.call('messages.delete', { messageId: smsId });
  assert.equal(del.error?.code, 'FORBIDDEN', JSON.stringify(del));
  assert.deepEqual(del.error.details, { reason: 'channel', capability: 'delete' });

  assert.deepEqual(errors, [], 'no errors on the CRM page');
  await page.context().close();
});
