// Issue 19's "Done when", tried in real Chromium on the demo CRM page as `npm start` serves it (with
// its four weeks of generated history): the admin opens «Аналитика», picks the last 30 days and sees
// the daily series and the per-channel table; answers the waiting conversation in the panel and
// sees today's first responses change after a refresh; exports the CSV and opens it; then, as a
// plain manager, sees only their own row.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import type { AnalyticsReport } from '@chatdesk/protocol';
import type { TestServer } from '@chatdesk/server/testing';
import { bundlesBuilt, collectErrors, launchChromium, startDemoServer } from './pages.js';

let browser: Browser;
let chat: TestServer;

before(async () => {
  assert.ok(bundlesBuilt(), 'dist/bundles is missing: run `npm run build:bundles` (npm run test:pages does)');
  // The demo pages come from the chat server itself, with the history `npm start` seeds.
  chat = await startDemoServer({ history: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await chat?.close();
});

/** The report the element shows (its `report` property), once one is there. */
function report(page: Page): Promise<AnalyticsReport | null> {
  return page.evaluate(() => document.querySelector('chat-analytics')?.report ?? null);
}

/** The cells of a table's rows, as the reader sees them. */
function rows(table: Locator): Promise<string[][]> {
  return table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent!.trim())));
}

/** A CSV line split at its separators (our export quotes only names, and none here has a `;`). */
const cells = (line: string, separator: string): string[] => line.split(separator).map((c) => c.replace(/^"|"$/g, ''));

test('S-AN-1: the demo CRM page as the admin — 30 days by day and by channel, a reply shows after a refresh, the CSV opens; a plain manager sees their own row', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${chat.url}/crm/`);
  // The picker starts on the first demo user, Ольга (admin). Her section is below the fold: its
  // bundle comes when it nears the screen.
  await page.waitForFunction(() => customElements.get('chat-panel') !== undefined);
  assert.equal(await page.locator('#user-picker').inputValue(), 'olga');
  assert.equal(await page.evaluate(() => customElements.get('chat-analytics')), undefined, 'the analytics bundle is not part of the page start-up');
  const analytics = page.locator('chat-analytics');
  await analytics.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('chat-analytics')?.report?.groupBy === 'channel', undefined, { timeout: 15_000 });

  // The last 30 days, day by day: 30 rows in the series, two charts drawn, a row per channel.
  assert.equal(await analytics.locator('input[type="radio"][value="30d"]').isChecked(), true);
  const first = (await report(page))!;
  assert.equal(first.series.length, 30);
  assert.ok(first.totals.conversations.new > 50, `the history shows: ${first.totals.conversations.new} new conversations`);
  await analytics.locator('[part~="plot"] canvas').nth(1).waitFor({ timeout: 15_000 });
  assert.equal(await analytics.locator('[part~="plot"] canvas').count(), 2);
  const seriesTable = analytics.locator('[part~="series-table"]');
  await analytics.locator('[part~="series-details"] summary').click();
  assert.equal((await rows(seriesTable)).length, 30);
  const channels = await rows(analytics.locator('[part~="groups-table"]'));
  assert.deepEqual(
    channels.map((r) => r[0]).sort(),
    first.groups.map((g) => g.name ?? '').sort(),
    'a row per channel of the report',
  );
  assert.ok(channels.some((r) => r[0] === 'Сайт магазина'), `the shop site is a channel: ${JSON.stringify(channels.map((r) => r[0]))}`);
  const newTile = analytics.locator('[part~="tile"][data-figure="new"] [part~="tile-value"]');
  assert.equal((await newTile.textContent())!.trim(), String(first.totals.conversations.new));

  // Answer the waiting conversation (Дмитрий, unassigned) in the panel…
  const todayBefore = first.series.at(-1)!.figures.firstResponse.count;
  await page.locator('chat-panel [part~="launcher"]').click();
  await page.locator('chat-conversation-list [part~="item"]', { hasText: 'Дмитрий' }).click();
  await page.locator('chat-thread', { hasText: 'Вы работаете в выходные?' }).waitFor();
  const answer = `Да, в субботу до 18:00. #${Date.now()}`;
  await page.locator('chat-composer [part~="textarea"]').fill(answer);
  await page.locator('chat-composer [part~="textarea"]').press('Enter');
  await page.locator('chat-thread [part~="message"]:not([part~="pending"])', { hasText: answer }).waitFor();
  await page.locator('chat-panel').evaluate((panel: HTMLElement & { hide?: () => void }) => panel.hide?.());

  // …then Обновить, until the fold job (every second) has taken the reply in.
  const refresh = analytics.locator('[part~="refresh-button"]');
  await analytics.evaluate((el) => {
    const w = window as unknown as { reports: number };
    w.reports = 0;
    el.addEventListener('chat-analytics-report', () => w.reports++);
  });
  let now = first;
  for (let i = 1; i <= 40 && now.series.at(-1)!.figures.firstResponse.count === todayBefore; i++) {
    await page.waitForTimeout(250);
    await refresh.click();
    await page.waitForFunction((n) => (window as unknown as { reports: number }).reports === n, i);
    now = (await report(page))!;
  }
  assert.equal(now.series.at(-1)!.figures.firstResponse.count, todayBefore + 1, "today's first responses count the reply");
  // On screen: the first-response tile's note counts the 30 days' first responses, the reply among them.
  const note = analytics.locator('[part~="tile"][data-figure="firstResponseMedian"] [part~="tile-note"]');
  assert.equal(now.totals.firstResponse.count, first.totals.firstResponse.count + 1);
  assert.match((await note.textContent())!, new RegExp(`^${now.totals.firstResponse.count} `));
  const medianColumn = (await seriesTable.locator('thead th').allTextContents()).findIndex((h) => h.trim() === 'Первый ответ, медиана');
  assert.ok(medianColumn > 0);
  assert.notEqual((await rows(seriesTable)).at(-1)![medianColumn], '—', "today's row has a first response median");

  // Export: a UTF-8 file with a byte order mark, semicolons on this Russian page, that opens as a table.
  const downloading = page.waitForEvent('download');
  await analytics.locator('[part~="export-button"]').click();
  const download = await downloading;
  assert.match(download.suggestedFilename(), /^chat-analytics-channel-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = await readFile((await download.path())!);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte order mark');
  const lines = bytes.subarray(3).toString('utf8').split('\r\n');
  assert.equal(lines.at(-1), '', 'every line ends in CRLF');
  const header = cells(lines[0]!, ';');
  assert.equal(header[0], 'Канал');
  const blank = lines.indexOf('');
  assert.equal(blank, 1 + now.groups.length, 'the groups, then an empty line');
  const csvGroups = lines.slice(1, blank).map((l) => cells(l, ';'));
  for (const row of csvGroups) assert.equal(row.length, header.length, `a cell per column: ${row.join(';')}`);
  const newColumn = header.indexOf('Новые');
  assert.ok(newColumn > 0, `a column of new conversations: ${header.join(' | ')}`);
  assert.equal(
    csvGroups.reduce((sum, r) => sum + Number(r[newColumn]), 0),
    now.totals.conversations.new,
    'the channels add up to the total',
  );
  assert.equal(lines.length - 1 - (blank + 2), 30, 'then the series header and 30 days');

  // A plain manager: Анна sees her own row and nobody else's.
  const reportsSoFar = await page.evaluate(() => (window as unknown as { reports: number }).reports);
  await page.locator('#user-picker').selectOption('anna');
  // The panel reconnects as Анна; the element drops Ольга's figures and loads Анна's.
  await page.waitForFunction((n) => (window as unknown as { reports: number }).reports > n, reportsSoFar, { timeout: 15_000 });
  await analytics.locator('select#group-by').selectOption('manager');
  await page.waitForFunction(() => document.querySelector('chat-analytics')?.report?.groupBy === 'manager', undefined, { timeout: 15_000 });
  const mine = (await report(page))!;
  assert.deepEqual(mine.groups.map((g) => g.id), ['anna']);
  assert.deepEqual((await rows(analytics.locator('[part~="groups-table"]'))).map((r) => r[0]), ['Анна Менеджерова']);
  assert.equal(await analytics.locator('[part~="error"]').count(), 0);

  assert.deepEqual(errors, []);
  await context.close();
});
