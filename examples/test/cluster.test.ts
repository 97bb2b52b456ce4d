// `npm run cluster` as a new user tries it (issue 12's "done when"): three demo nodes on
// PostgreSQL behind the script's round-robin balancer; the shop and CRM demo pages in Chromium
// through the balancer chat live; the node the manager's page is on is killed with SIGKILL; the
// page reconnects through the balancer to another node and loses nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { dropSchema, testDatabaseUrl } from '@chatdesk/server/testing';
import { bundlesBuilt, openPage, freePort, launchChromium } from './pages.js';

const root = new URL('../..', import.meta.url).pathname;
const schema = `test_cluster_${process.pid}`;
let script: ChildProcess;
let browser: Browser;
let balancer = '';
/** Node port → pid, as the script prints them. */
const pids = new Map<number, number>();
const ports: number[] = [];
/** What the script and its nodes print, kept for a failure's message (the nodes' logs). */
let clusterLog = '';

before(async () => {
  assert.ok(bundlesBuilt(), 'dist/bundles is missing: run `npm run build:bundles` (npm run test:pages does)');
  for (let i = 0; i < 3; i++) ports.push(await freePort());
  const front = await freePort();
  balancer = `http://127.0.0.1:${front}`;
  script = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'scripts/cluster.ts'], {
    cwd: root,
    env: { ...process.env, CHATDESK_DATABASE_URL: testDatabaseUrl(), CHATDESK_DATABASE_SCHEMA: schema, CLUSTER_PORTS: ports.join(','), CLUSTER_BALANCER_PORT: String(front) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the cluster did not start:\n${clusterLog.slice(-3000)}`)), 60_000);
    const onData = (chunk: Buffer) => {
      clusterLog += chunk.toString();
      for (const m of clusterLog.matchAll(/\[node \d+ :(\d+) pid (\d+)\]/g)) pids.set(Number(m[1]), Number(m[2]));
      if (clusterLog.includes('Through the round-robin balancer')) {
        clearTimeout(timer);
        resolve();
      }
    };
    script.stdout!.on('data', onData);
    script.stderr!.on('data', onData);
    script.once('exit', () => reject(new Error(`the cluster script exited:\n${clusterLog.slice(-3000)}`)));
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (script && script.exitCode === null) {
    const exited = new Promise((r) => script.once('exit', r));
    script.kill('SIGTERM');
    await exited;
    // The nodes get SIGTERM from the script; give them their shutdown before the schema goes.
    for (const pid of pids.values()) await waitGone(pid);
  }
  await dropSchema(testDatabaseUrl(), schema);
});

async function waitGone(pid: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Sessions on each node, from its own /health. */
async function sessions(): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const port of ports) {
    const h = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.json() as Promise<{ sessions: number }>, () => undefined);
    if (h) out.set(port, h.sessions);
  }
  return out;
}

const open = (path: string) => openPage(browser, `${balancer}${path}`);

test('npm run cluster: a visitor and a manager on the demo pages chat live through the balancer; the manager\'s node is killed, the page reconnects to another node and loses nothing', { timeout: 120_000 }, () =>
  withClusterLog(async () => {
    const { page: shop } = await open('/shop/');
    await shop.waitForFunction(() => customElements.get('chat-consultant') !== undefined, undefined, { timeout: 15_000 });
    const q1 = `Есть ли доставка в субботу? #${Date.now()}`;
    await shop.locator('chat-consultant [part~="launcher"]').click();
    await shop.locator('chat-consultant [part~="textarea"]').fill(q1);
    await shop.locator('chat-consultant [part~="textarea"]').press('Enter');
    await shop.locator('chat-consultant [part~="message"]:not([part~="pending"])', { hasText: q1 }).waitFor({ timeout: 15_000 });

    const before = await sessions();
    const { page: crm, errors: crmErrors } = await open('/crm/');
    await crm.waitForFunction(() => customElements.get('chat-panel') !== undefined, undefined, { timeout: 15_000 });
    await crm.locator('chat-panel [part~="launcher"]').click();
    await crm.locator('chat-conversation-list [part~="item"]', { hasText: q1 }).click();
    await crm.locator('chat-thread', { hasText: q1 }).waitFor({ timeout: 15_000 });
    const a1 = `Да, с 10 до 18. #${Date.now()}`;
    await crm.locator('chat-composer [part~="textarea"]').fill(a1);
    await crm.locator('chat-composer [part~="textarea"]').press('Enter');
    await shop.locator('chat-consultant [part~="message"][part~="incoming"]', { hasText: a1 }).waitFor({ timeout: 15_000 });

    // The node that gained the manager's session(s).
    const after1 = await sessions();
    const managersNode = ports.find((p) => (after1.get(p) ?? 0) > (before.get(p) ?? 0));
    assert.ok(managersNode, `the CRM page's session is on one of the nodes: ${JSON.stringify([...before])} → ${JSON.stringify([...after1])}`);
    process.kill(pids.get(managersNode)!, 'SIGKILL');

    // The visitor writes meanwhile (from whichever node the shop is on, or after its own reconnect).
    const q2 = `А в воскресенье? #${Date.now()}`;
    await shop.locator('chat-consultant [part~="textarea"]').fill(q2);
    await shop.locator('chat-consultant [part~="textarea"]').press('Enter');

    // The manager's page is back on a live node and has both questions and the answer, each once.
    await crm.locator('chat-thread', { hasText: q2 }).waitFor({ timeout: 30_000 });
    for (const text of [q1, a1, q2]) assert.equal(await crm.locator('chat-thread [part~="message"]', { hasText: text }).count(), 1, `once in the thread: ${text}`);
    const now = await sessions();
    assert.ok(!now.has(managersNode), 'the killed node is gone');
    const a2 = `В воскресенье выходной. #${Date.now()}`;
    await crm.locator('chat-composer [part~="textarea"]').fill(a2);
    await crm.locator('chat-composer [part~="textarea"]').press('Enter');
    await shop.locator('chat-consultant [part~="message"][part~="incoming"]', { hasText: a2 }).waitFor({ timeout: 15_000 });
    // A reconnect may log a failed socket while the node is down; nothing else may fail.
    assert.deepEqual(crmErrors.filter((e) => !/WebSocket|ERR_CONNECTION|Failed to load resource/i.test(e)), []);
    await shop.context().close();
    await crm.context().close();
  }));

/** Runs `scenario`; a failure's message ends with what the nodes printed, to find its cause. */
async function withClusterLog(scenario: () => Promise<void>): Promise<void> {
  try {
    await scenario();
  } catch (err) {
    if (err instanceof Error) err.message += `\n--- the cluster's output, last 6000 characters:\n${clusterLog.slice(-6000)}`;
    throw err;
  }
}
