import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ChatClient } from '@chatdesk/client';
import { ANALYTICS_MAX_DAYS, type AnalyticsFigures, type AnalyticsReport } from '@chatdesk/protocol';
import { chatServerUrl, connectAs, connectVisitor, demoTokenUrl, part, parts } from '../../test/helpers.js';
import type { ChatPanel } from '../panel/panel.component.js';
import type { ChatAnalyticsElement } from './analytics.component.js';
import { figureColumns, nextDirection, sortRows } from './analytics-columns.js';
import { BOM, csvBlob, csvField, guardFormula, toCsv } from './analytics-csv.js';
import { durationText } from './analytics-format.js';
import { MAX_DAYS, addDays, daysIn, presetRange, rangeIssue, todayIn } from './analytics-range.js';
import uplotStyles from './uplot.styles.js';
import '../panel/panel.js';
import './analytics.js';

/*
 * <chat-analytics> against the real demo server the runner starts (its analytics job folds the
 * messages every second). The demo's own conversations are today's, so "today" has figures; the
 * tests add a visitor's conversation and a reply, nothing else, and never change the settings
 * (the server is shared with the other test files). Figures are compared with a report the test
 * fetches itself with the same parameters, or with the element's own report: other files may add
 * messages meanwhile, so no test expects fixed numbers from the shared server.
 */

const opened: ChatClient[] = [];
async function connect(user: string): Promise<ChatClient> {
  const client = await connectAs(user);
  opened.push(client);
  return client;
}

async function analyticsFor(client: ChatClient, attrs: { lang?: string; range?: string; groupBy?: string; timeZone?: string } = {}): Promise<ChatAnalyticsElement> {
  const el = await fixture<ChatAnalyticsElement>(html`<chat-analytics
    lang=${attrs.lang ?? 'en'}
    range=${attrs.range ?? 'today'}
    group-by=${attrs.groupBy ?? 'channel'}
    time-zone=${attrs.timeZone ?? ''}
    .client=${client}
  ></chat-analytics>`);
  await waitUntil(() => el.report || part(el, 'error'), 'the report loads', { timeout: 8000 });
  await el.updateComplete;
  return el;
}

const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const tile = (el: ChatAnalyticsElement, figure: string) => text(el.shadowRoot!.querySelector(`[part~="tile"][data-figure="${figure}"] [part~="tile-value"]`));
const tileNote = (el: ChatAnalyticsElement, figure: string) => text(el.shadowRoot!.querySelector(`[part~="tile"][data-figure="${figure}"] [part~="tile-note"]`));
const groupRows = (el: ChatAnalyticsElement) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="groups-table"] [part~="row"]')];
/** The groups table's rows as `data-id`s, top to bottom. */
const rowIds = (el: ChatAnalyticsElement) => groupRows(el).map((r) => r.dataset['id']);
const header = (el: ChatAnalyticsElement, key: string) => el.shadowRoot!.querySelector<HTMLButtonElement>(`[part~="sort-button"][data-key="${key}"]`)!;

/** The CSV the export button downloads: the Blob handed to `URL.createObjectURL` and the link's file name. */
async function download(el: ChatAnalyticsElement): Promise<{ bytes: Uint8Array; text: string; name: string; type: string }> {
  const createObjectURL = URL.createObjectURL;
  const click = HTMLAnchorElement.prototype.click;
  let blob: Blob | undefined;
  let name = '';
  URL.createObjectURL = (b: Blob | MediaSource) => {
    blob = b as Blob;
    return createObjectURL.call(URL, b);
  };
  // The download itself stays in the test: the link's name and URL are what a click would save.
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    name = this.download;
  };
  try {
    part<HTMLButtonElement>(el, 'export-button')!.click();
  } finally {
    URL.createObjectURL = createObjectURL;
    HTMLAnchorElement.prototype.click = click;
  }
  expect(blob, 'a Blob was built').to.exist;
  const bytes = new Uint8Array(await blob!.arrayBuffer());
  return { bytes, text: new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes), name, type: blob!.type };
}

/** An RFC 4180 reader, for checking what the export wrote. */
function parseCsv(input: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) row.push(field), (field = '');
    else if (c === '\r' && input[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      (row = []), (field = ''), i++;
    } else field += c;
  }
  return rows;
}

function figures(over: { new?: number; customer?: number; median?: number | null } = {}): AnalyticsFigures {
  return {
    conversations: { new: over.new ?? 0, assigned: 0, closed: 0, reopened: 0, openAtEnd: 0 },
    messages: { customer: over.customer ?? 0, manager: 0, bot: 0 },
    firstResponse: { count: 0, medianMs: over.median ?? null, p90Ms: null },
    resolution: { count: 0, medianMs: null, p90Ms: null },
    sla: { waits: 0, warning: 0, breached: 0, inTime: 0, inTimeShare: null },
    managers: { handled: 0, onlineMs: 0 },
  };
}

describe('<chat-analytics> model', () => {
  it('days: today in a zone, presets ending today, ranges checked as the server checks them', () => {
    // 2026-03-01 10:30 UTC: still 28 February in Pago Pago (−11), already 2 March in Kiritimati (+14).
    const at = Date.UTC(2026, 2, 1, 10, 30);
    expect(todayIn('Pacific/Pago_Pago', at)).to.equal('2026-02-28');
    expect(todayIn('Pacific/Kiritimati', at)).to.equal('2026-03-02');
    expect(todayIn('Europe/Moscow', at)).to.equal('2026-03-01');
    expect(presetRange('today', 'Europe/Moscow', at)).to.deep.equal({ from: '2026-03-01', to: '2026-03-01' });
    expect(presetRange('7d', 'Europe/Moscow', at)).to.deep.equal({ from: '2026-02-23', to: '2026-03-01' });
    expect(presetRange('30d', 'Pacific/Pago_Pago', at)).to.deep.equal({ from: '2026-01-30', to: '2026-02-28' });
    expect(addDays('2024-12-31', 1)).to.equal('2025-01-01');
    expect(addDays('2024-03-01', -1)).to.equal('2024-02-29');
    expect(daysIn('2025-01-01', '2025-12-31')).to.equal(365);
    expect(MAX_DAYS).to.equal(ANALYTICS_MAX_DAYS);
    expect(rangeIssue('2025-01-01', '2025-01-01')).to.equal(null);
    expect(rangeIssue('', '2025-01-01')).to.equal('fromMissing');
    expect(rangeIssue('2025-02-30', '2025-03-01')).to.equal('fromMissing');
    expect(rangeIssue('2025-01-01', '')).to.equal('toMissing');
    expect(rangeIssue('2025-01-02', '2025-01-01')).to.equal('backwards');
    expect(rangeIssue('2024-01-01', '2024-12-31')).to.equal(null); // 366 days, a leap year
    expect(rangeIssue('2024-01-01', '2025-01-01')).to.equal('tooLong');
  });

  it('durations read as people say them, two units at most, in English and Russian', () => {
    const en = { d: 'd', h: 'h', min: 'min', s: 's' };
    const ru = { d: 'д', h: 'ч', min: 'мин', s: 'с' };
    expect(durationText(0, en)).to.equal('0 s');
    expect(durationText(45_000, en)).to.equal('45 s');
    expect(durationText(300_000, en)).to.equal('5 min');
    expect(durationText(330_000, en)).to.equal('5 min 30 s');
    expect(durationText(3_900_000, en)).to.equal('1 h 5 min');
    expect(durationText(3_900_000, ru)).to.equal('1 ч 5 мин');
    expect(durationText(3_940_000, en)).to.equal('1 h 6 min'); // 1 h 5 min 40 s, rounded to the minute
    expect(durationText(7_200_000, en)).to.equal('2 h');
    expect(durationText(86_380_000, en)).to.equal('1 d'); // 23 h 59 min 40 s
    expect(durationText(2 * 86_400_000 + 3 * 3_600_000, ru)).to.equal('2 д 3 ч');
  });

  it('CSV: RFC 4180 quoting, CRLF, a formula guard on text, UTF-8 with a byte order mark', async () => {
    expect(guardFormula('=HYPERLINK("http://x")')).to.equal('\'=HYPERLINK("http://x")');
    for (const start of ['+', '-', '@', '\t', '\r']) expect(guardFormula(`${start}1`)).to.equal(`'${start}1`);
    expect(guardFormula('Telegram')).to.equal('Telegram');
    expect(csvField('a,b', '.')).to.equal('"a,b"');
    expect(csvField('a;b', ',')).to.equal('"a;b"');
    expect(csvField('say "hi"', '.')).to.equal('"say ""hi"""');
    expect(csvField('two\nlines', '.')).to.equal('"two\nlines"');
    expect(csvField('=1+2', '.')).to.equal("'=1+2");
    expect(csvField('=1,2', '.')).to.equal(`"'=1,2"`);
    expect(csvField(null, '.')).to.equal('');
    // A decimal comma is quoted too (either separator is), and Excel still reads a number.
    expect(csvField(85.7, ',')).to.equal('"85,7"');
    const rows = [
      ['Name', 'Share (%)'],
      ['=cmd|"/c calc"!A1', 85.7],
      [],
      ['Магазин «Обувь»', null],
    ];
    expect(toCsv(rows, ',')).to.equal('Name,Share (%)\r\n"\'=cmd|""/c calc""!A1",85.7\r\n\r\nМагазин «Обувь»,\r\n');
    expect(toCsv(rows, ';')).to.equal('Name;Share (%)\r\n"\'=cmd|""/c calc""!A1";"85,7"\r\n\r\nМагазин «Обувь»;\r\n');
    const bytes = new Uint8Array(await csvBlob('Ж').arrayBuffer());
    expect([...bytes]).to.deep.equal([0xef, 0xbb, 0xbf, 0xd0, 0x96]);
    expect(BOM).to.equal('\uFEFF');
  });

  it('sorting: numbers from the largest first, names from A; missing values last either way; ties keep the server’s order', () => {
    const rows = [
      { name: 'Бета', figures: figures({ customer: 3, median: 60_000 }) },
      { name: 'альфа', figures: figures({ customer: 7, median: null }) },
      { name: 'Гамма', figures: figures({ customer: 3, median: 30_000 }) },
    ];
    const collator = new Intl.Collator('ru');
    const names = (key: Parameters<typeof sortRows>[1], dir: Parameters<typeof sortRows>[2]) => sortRows(rows, key, dir, collator).map((r) => r.name);
    expect(names('name', 'ascending')).to.deep.equal(['альфа', 'Бета', 'Гамма']);
    expect(names('name', 'descending')).to.deep.equal(['Гамма', 'Бета', 'альфа']);
    expect(names('customerMessages', 'descending')).to.deep.equal(['альфа', 'Бета', 'Гамма']);
    expect(names('customerMessages', 'ascending')).to.deep.equal(['Бета', 'Гамма', 'альфа']);
    expect(names('firstResponseMedian', 'ascending')).to.deep.equal(['Гамма', 'Бета', 'альфа']);
    expect(names('firstResponseMedian', 'descending')).to.deep.equal(['Бета', 'Гамма', 'альфа']);
    expect(nextDirection('new', null)).to.equal('descending');
    expect(nextDirection('name', null)).to.equal('ascending');
    expect(nextDirection('new', { key: 'new', direction: 'descending' })).to.equal('ascending');
    expect(nextDirection('new', { key: 'name', direction: 'ascending' })).to.equal('descending');
    expect(figureColumns('channel').some((c) => c.key === 'online')).to.equal(false);
    expect(figureColumns('manager').some((c) => c.key === 'online')).to.equal(true);
  });

  it('the copy of uPlot’s stylesheet is the installed package’s', async () => {
    const response = await fetch('/node_modules/uplot/dist/uPlot.min.css');
    expect(response.ok, 'the runner serves node_modules').to.equal(true);
    const squeeze = (css: string) => css.replace(/\s+/g, '');
    expect(squeeze(uplotStyles.cssText)).to.equal(squeeze(await response.text()));
  });
});

describe('<chat-analytics> (issue 19, S-AN-1) against the real server', function () {
  this.timeout(30_000);

  afterEach(() => {
    for (const c of opened.splice(0)) c.close();
  });

  it('an admin gets tiles, two charts and the per-channel table of a real report, passes axe', async () => {
    const olga = await connect('olga');
    const el = await analyticsFor(olga, { range: '7d' });
    const report = el.report!;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const today = todayIn(zone);
    const first = addDays(today, -6);
    expect(report).to.include({ from: first, to: today, groupBy: 'channel', timeZone: zone });
    expect(report.series).to.have.length(7);
    // The same question asked by the test itself gets the same groups (the demo's conversations are recent).
    const again = await olga.call('analytics.report', { from: first, to: today, timeZone: zone, groupBy: 'channel', series: 'day' });
    expect(again).to.include({ from: report.from, to: report.to, timeZone: report.timeZone, groupBy: 'channel' });
    // (Other test files may add a channel's first message meanwhile: the groups shown are a subset.)
    expect(again.groups.map((g) => g.id)).to.include.members(report.groups.map((g) => g.id));
    expect(report.totals.conversations.new, 'the demo opened conversations this week').to.be.greaterThan(0);

    const f = report.totals;
    const n = (v: number) => new Intl.NumberFormat('en').format(v);
    expect(tile(el, 'new')).to.equal(n(f.conversations.new));
    expect(tile(el, 'openAtEnd')).to.equal(n(f.conversations.openAtEnd));
    expect(tile(el, 'customerMessages')).to.equal(n(f.messages.customer));
    expect(tile(el, 'managerMessages')).to.equal(n(f.messages.manager));
    expect(tile(el, 'firstResponseMedian')).to.equal(f.firstResponse.medianMs === null ? '—' : durationText(f.firstResponse.medianMs, { d: 'd', h: 'h', min: 'min', s: 's' }));
    expect(tile(el, 'firstResponseMedian')).to.match(/^(—|\d+ (s|min|h|d)( \d+ (s|min|h))?)$/);
    expect(tileNote(el, 'firstResponseMedian')).to.equal(`${f.firstResponse.count} first ${f.firstResponse.count === 1 ? 'response' : 'responses'}`);
    expect(tile(el, 'inTimeShare')).to.equal(f.sla.inTimeShare === null ? '—' : new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(f.sla.inTimeShare));
    expect(parts(el, 'tile').map((t) => t.dataset['figure'])).to.deep.equal([
      'new', 'closed', 'reopened', 'openAtEnd', 'customerMessages', 'managerMessages', 'botMessages',
      'firstResponseMedian', 'firstResponseP90', 'resolutionMedian', 'resolutionP90', 'inTimeShare', 'breached',
    ]);
    expect(text(part(el, 'status'))).to.match(/ · figures as of /);

    // The table: a row per channel by name (in the reader's language's order), names as the server sends them.
    const collator = new Intl.Collator('en');
    expect(rowIds(el)).to.deep.equal([...report.groups].sort((a, b) => collator.compare(a.name, b.name)).map((g) => g.id));
    expect(header(el, 'name').closest('th')!.getAttribute('aria-sort')).to.equal('ascending');
    expect(groupRows(el).map((r) => text(r.querySelector('th'))).sort()).to.deep.equal(report.groups.map((g) => g.name).sort());
    expect(parts(el, 'sort-button').map((b) => b.dataset['key'])).to.deep.equal(['name', ...figureColumns('channel').map((c) => c.key)]);
    expect(text(el.shadowRoot!.querySelector('#groups-caption'))).to.equal('By channel');

    // The charts: uPlot drew both, in the shadow root, styled by its own sheet; each plot has its summary.
    await waitUntil(() => el.shadowRoot!.querySelectorAll('[part~="plot"] canvas').length === 2, 'both charts drawn', { timeout: 8000 });
    await el.updateComplete;
    expect(part(el, 'chart-status')).to.equal(null);
    const wrap = el.shadowRoot!.querySelector<HTMLElement>('[part~="plot"] .u-wrap')!;
    expect(getComputedStyle(wrap).position, 'uPlot’s stylesheet applies in the shadow root').to.equal('relative');
    const [conversations, messages] = parts(el, 'plot');
    expect(conversations!.getAttribute('role')).to.equal('img');
    expect(conversations!.getAttribute('aria-label')).to.equal(
      `Line chart of conversations by day, ${new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).formatRange(Date.parse(`${first}T00:00:00Z`), Date.parse(`${today}T00:00:00Z`))}: ${n(f.conversations.new)} new and ${n(f.conversations.closed)} closed in all, ${n(f.conversations.openAtEnd)} open at the end. The table of the charts has every value.`,
    );
    expect(messages!.getAttribute('aria-label')).to.contain(`${n(f.messages.customer)} from customers, ${n(f.messages.manager)} from managers`);
    expect(conversations!.querySelector('canvas')!.width, 'the plot is as wide as its box').to.be.greaterThan(100);
    // The series table is the charts' accessible view: one row per day.
    const seriesRows = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="series-table"] [part~="row"]')];
    expect(seriesRows.map((r) => r.dataset['id'])).to.deep.equal(report.series.map((p) => p.from));
    part<HTMLDetailsElement>(el, 'series-details')!.open = true;
    await expect(el).to.be.accessible();
  });

  it('30 days by week: the range and the step reach the server; a week starts on Monday', async () => {
    const olga = await connect('olga');
    const el = await analyticsFor(olga);
    const radio = el.shadowRoot!.querySelector<HTMLInputElement>('input[name="range"][value="30d"]')!;
    radio.click();
    await waitUntil(() => el.report?.from !== el.report?.to, 'the 30 days load', { timeout: 8000 });
    expect(el.range).to.equal('30d');
    expect(daysIn(el.report!.from, el.report!.to)).to.equal(30);
    expect(el.report!.series).to.have.length(30);
    const series = el.shadowRoot!.querySelector<HTMLSelectElement>('#series')!;
    series.value = 'week';
    series.dispatchEvent(new Event('change'));
    await waitUntil(() => (el.report?.series.length ?? 0) < 30, 'the weeks load', { timeout: 8000 });
    expect(el.getAttribute('series')).to.equal('week');
    const weeks = el.report!.series;
    expect(weeks.length).to.be.within(5, 6);
    for (const w of weeks.slice(1)) expect(new Date(`${w.from}T00:00:00Z`).getUTCDay(), `${w.from} is a Monday`).to.equal(1);
    await el.updateComplete;
    expect(text(el.shadowRoot!.querySelector('#series-caption'))).to.equal('By week');
    expect(part(el, 'plot')!.getAttribute('aria-label')).to.match(/^Line chart of conversations by week, /);
  });

  it('a custom range: two date fields, a backwards range is refused at the field without a call, a fixed one loads', async () => {
    const olga = await connect('olga');
    const el = await analyticsFor(olga);
    const before = el.report!;
    el.shadowRoot!.querySelector<HTMLInputElement>('input[name="range"][value="custom"]')!.click();
    await el.updateComplete;
    const from = el.shadowRoot!.querySelector<HTMLInputElement>('#from')!;
    const to = el.shadowRoot!.querySelector<HTMLInputElement>('#to')!;
    // Custom starts from the days shown.
    expect([from.value, to.value]).to.deep.equal([before.from, before.to]);
    expect(el.report).to.equal(before);
    const reports: AnalyticsReport[] = [];
    el.addEventListener('chat-analytics-report', (e) => reports.push(e.detail.report));
    from.value = addDays(before.to, 1);
    from.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(to.getAttribute('aria-invalid')).to.equal('true');
    expect(to.getAttribute('aria-describedby')).to.equal('range-error');
    expect(text(el.shadowRoot!.getElementById('range-error'))).to.equal('The last day is before the first');
    from.value = addDays(before.to, -2);
    from.dispatchEvent(new Event('change'));
    await waitUntil(() => reports.length === 1, 'the fixed range loads', { timeout: 8000 });
    expect(reports[0]).to.include({ from: addDays(before.to, -2), to: before.to });
    expect(to.getAttribute('aria-invalid')).to.equal('false');
  });

  it('sorts the groups table from the keyboard: Enter and Space on a header button, aria-sort on its column', async () => {
    const olga = await connect('olga');
    const el = await analyticsFor(olga, { groupBy: 'manager' });
    const report = el.report!;
    expect(report.groupBy).to.equal('manager');
    expect(report.groups.length, 'the demo’s managers replied today').to.be.greaterThan(1);
    expect(parts(el, 'sort-button').map((b) => b.dataset['key'])).to.include('online');
    const th = (key: string) => header(el, key).closest('th')!;
    expect(th('name').getAttribute('aria-sort')).to.equal('ascending');
    const byCustomers = (dir: 1 | -1) =>
      report.groups
        .map((g, i) => ({ g, i }))
        .sort((a, b) => dir * (a.g.figures.messages.customer - b.g.figures.messages.customer) || a.i - b.i)
        .map(({ g }) => g.id ?? '');

    header(el, 'customerMessages').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(th('customerMessages').getAttribute('aria-sort')).to.equal('descending');
    expect(th('name').hasAttribute('aria-sort')).to.equal(false);
    expect(rowIds(el)).to.deep.equal(byCustomers(-1));
    expect(el.shadowRoot!.activeElement).to.equal(header(el, 'customerMessages'));

    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(th('customerMessages').getAttribute('aria-sort')).to.equal('ascending');
    expect(rowIds(el)).to.deep.equal(byCustomers(1));

    // Back to the names, from the keyboard: Shift+Tab through the headers.
    await sendKeys({ down: 'Shift' });
    for (let i = 0; i < figureColumns('manager').findIndex((c) => c.key === 'customerMessages') + 1; i++) await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(el.shadowRoot!.activeElement).to.equal(header(el, 'name'));
    const collator = new Intl.Collator('en');
    const shown = () => groupRows(el).map((r) => text(r.querySelector('th')));
    // Another column: names start from A; the same one again turns it round.
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(th('name').getAttribute('aria-sort')).to.equal('ascending');
    expect(th('customerMessages').hasAttribute('aria-sort')).to.equal(false);
    expect(shown()).to.deep.equal([...shown()].sort((a, b) => collator.compare(a, b)));
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(th('name').getAttribute('aria-sort')).to.equal('descending');
    expect(shown()).to.deep.equal([...shown()].sort((a, b) => collator.compare(b, a)));
  });

  it('exports the groups table as sorted and the series as CSV: UTF-8 with a byte order mark, RFC 4180, a file name with the range', async () => {
    const olga = await connect('olga');
    const el = await analyticsFor(olga);
    header(el, 'customerMessages').click();
    await el.updateComplete;
    const report = el.report!;
    const { bytes, text: csv, name, type } = await download(el);
    expect([...bytes.slice(0, 3)], 'the byte order mark').to.deep.equal([0xef, 0xbb, 0xbf]);
    expect(type).to.equal('text/csv;charset=utf-8');
    expect(name).to.equal(`chat-analytics-channel-${report.from}-${report.to}.csv`);
    expect(csv.charCodeAt(0), 'the decoder took the BOM').to.not.equal(0xfeff);
    expect(csv.endsWith('\r\n')).to.equal(true);
    const rows = parseCsv(csv, ',');
    expect(rows[0]).to.deep.equal([
      'Channel', 'New', 'Closed', 'Reopened', 'Open at the end', 'Customer messages', 'Manager replies', 'Bot messages',
      'First response, median (seconds)', 'First response, 90th percentile (seconds)', 'Resolution, median (seconds)',
      'Resolution, 90th percentile (seconds)', 'Waits', 'Reached the warning', 'Past the time limit', 'Answered in time (%)',
      'Conversations handled',
    ]);
    const groups = rows.slice(1, 1 + report.groups.length);
    expect(groups.map((r) => r[0])).to.deep.equal(groupRows(el).map((r) => text(r.querySelector('th'))));
    const col = (label: string) => rows[0]!.indexOf(label);
    for (const row of groups) {
      const g = report.groups.find((x) => x.name === row[0])!;
      expect(row[col('New')]).to.equal(String(g.figures.conversations.new));
      expect(row[col('Customer messages')]).to.equal(String(g.figures.messages.customer));
      const median = g.figures.firstResponse.medianMs;
      expect(row[col('First response, median (seconds)')]).to.equal(median === null ? '' : String(Math.round(median / 1000)));
    }
    expect(rows[1 + report.groups.length]).to.deep.equal(['']);
    const seriesHeader = rows[2 + report.groups.length]!;
    expect(seriesHeader.slice(0, 3)).to.deep.equal(['From', 'To', 'New']);
    expect(seriesHeader).to.include('Time online (seconds)');
    const series = rows.slice(3 + report.groups.length);
    expect(series.map((r) => [r[0], r[1]])).to.deep.equal(report.series.map((p) => [p.from, p.to]));
    expect(series[0]![seriesHeader.indexOf('Customer messages')]).to.equal(String(report.series[0]!.figures.messages.customer));
    expect(el.csv()).to.equal(csv);
  });

  it('in Russian: the words, «1 ч 5 мин»-style durations, the numbers, and a CSV Excel opens with a double click (semicolons)', async () => {
    const olga = await connect('olga');
    const el = await analyticsFor(olga, { lang: 'ru' });
    const report = el.report!;
    expect(text(el.shadowRoot!.querySelector('[part~="range"] legend'))).to.equal('Период');
    expect(parts(el, 'range-option').map((o) => text(o))).to.deep.equal(['Сегодня', '7 дней', '30 дней', 'Свой период']);
    expect(text(el.shadowRoot!.querySelector('[data-figure="new"] [part~="tile-label"]'))).to.equal('Новые диалоги');
    expect(text(part(el, 'export-button'))).to.equal('Скачать CSV');
    expect(text(part(el, 'refresh-button'))).to.equal('Обновить');
    expect(text(part(el, 'status'))).to.match(/ · данные на /);
    expect(text(el.shadowRoot!.querySelector('#groups-caption'))).to.equal('По каналам');
    const median = report.totals.firstResponse.medianMs;
    expect(tile(el, 'firstResponseMedian')).to.equal(median === null ? '—' : durationText(median, { d: 'д', h: 'ч', min: 'мин', s: 'с' }));
    const count = report.totals.firstResponse.count;
    expect(tileNote(el, 'firstResponseMedian')).to.match(new RegExp(`^${count} первы(й|х) ответ(а|ов)?$`));
    expect(part(el, 'plot')!.getAttribute('aria-label')).to.match(/^Линейный график диалогов по дням, /);
    expect(text(header(el, 'name'))).to.equal('Канал');
    const { text: csv } = await download(el);
    const rows = parseCsv(csv, ';');
    expect(rows[0]!.slice(0, 3)).to.deep.equal(['Канал', 'Новые', 'Закрыто']);
    expect(rows[0]).to.include('Отвечено вовремя (%)');
    expect(rows.map((r) => r[0])).to.include(report.groups[0]!.name);
    const share = report.groups.find((g) => g.figures.sla.inTimeShare !== null && !Number.isInteger(g.figures.sla.inTimeShare * 100));
    if (share) expect(csv, 'a share with a decimal comma, quoted').to.contain(`"${String(Math.round(share.figures.sla.inTimeShare! * 1000) / 10).replace('.', ',')}"`);
    // The language follows the page at run time.
    el.setAttribute('lang', 'en');
    await waitUntil(() => text(part(el, 'export-button')) === 'Download CSV', 'English, as the attribute says');
  });

  it('time-zone: the days are the zone’s, and the zone reaches the server; an unknown zone is said, not sent', async () => {
    const olga = await connect('olga');
    // +14 and −11: 25 hours apart, so "today" is never the same day in both.
    const east = await analyticsFor(olga, { timeZone: 'Pacific/Kiritimati' });
    expect(east.report).to.include({ timeZone: 'Pacific/Kiritimati', from: todayIn('Pacific/Kiritimati'), to: todayIn('Pacific/Kiritimati') });
    expect(text(part(east, 'time-zone'))).to.equal('Days in the time zone Pacific/Kiritimati');
    east.timeZone = 'Pacific/Pago_Pago';
    await waitUntil(() => east.report?.timeZone === 'Pacific/Pago_Pago', 'the other zone loads', { timeout: 8000 });
    expect(east.report!.from).to.equal(todayIn('Pacific/Pago_Pago'));
    expect(east.report!.from).to.not.equal(todayIn('Pacific/Kiritimati'));

    let calls = 0;
    east.addEventListener('chat-analytics-report', () => calls++);
    east.setAttribute('time-zone', 'Mars/Olympus_Mons');
    await east.updateComplete;
    expect(text(part(east, 'error'))).to.equal('Unknown time zone Mars/Olympus_Mons: set an IANA name such as Europe/Moscow');
    expect(part(east, 'error')!.getAttribute('role')).to.equal('alert');
    await east.refresh();
    expect(calls).to.equal(0);
    // Without the attribute: the browser's zone.
    east.removeAttribute('time-zone');
    await waitUntil(() => east.report?.timeZone === Intl.DateTimeFormat().resolvedOptions().timeZone, 'the browser’s zone loads', { timeout: 8000 });
  });

  it('refresh: a reply to a waiting conversation shows in today’s first responses', async () => {
    const olga = await connect('olga');
    const el = await analyticsFor(olga, { range: 'today' });
    const before = el.report!.totals.firstResponse.count;
    const visitor = await connectVisitor();
    opened.push(visitor);
    const { conversationId } = await visitor.send(`Analytics, are you there? #${Date.now()}`);
    await olga.send('Yes, here.', conversationId);
    // The job folds the messages about every second: refresh until the reply is in.
    await waitUntil(
      async () => {
        await el.refresh();
        return el.report!.totals.firstResponse.count > before;
      },
      'the reply counts after a refresh',
      { timeout: 10_000, interval: 300 },
    );
    await el.updateComplete;
    expect(tileNote(el, 'firstResponseMedian')).to.equal(`${el.report!.totals.firstResponse.count} first responses`);
    // The refresh button does the same.
    const reports: AnalyticsReport[] = [];
    el.addEventListener('chat-analytics-report', (e) => reports.push(e.detail.report));
    part<HTMLButtonElement>(el, 'refresh-button')!.click();
    await waitUntil(() => reports.length === 1, 'the button refreshes', { timeout: 8000 });
  });

  it('a plain manager grouped by manager sees their own row only', async () => {
    const anna = await connect('anna');
    const el = await analyticsFor(anna, { groupBy: 'manager', range: '30d' });
    expect(el.report!.groups.map((g) => g.id)).to.deep.equal(['anna']);
    expect(rowIds(el)).to.deep.equal(['anna']);
    expect(part(el, 'error')).to.equal(null);
  });

  it('a refusal is worded by its code in the reader’s language, the server’s message only its title (a visitor is not staff)', async () => {
    const visitor = await connectVisitor();
    opened.push(visitor);
    const el = await analyticsFor(visitor, { lang: 'ru' });
    const error = part(el, 'error')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(text(error)).to.equal('Не удалось загрузить отчёт: аналитику видят только сотрудники');
    expect(error.title, 'the server’s own words, as a technical detail').to.not.equal('');
    expect(el.report).to.equal(null);
    expect(part<HTMLButtonElement>(el, 'export-button')!.disabled).to.equal(true);
    el.setAttribute('lang', 'en');
    await waitUntil(() => text(part(el, 'error')) === 'Could not load the report: only staff can see the analytics', 'in English');
  });

  it('finds the page’s panel connection like <chat-settings>, and says when there is none', async () => {
    // No panel on the page (the earlier tests' fixtures are gone): not connected.
    const lonely = await fixture<ChatAnalyticsElement>(html`<chat-analytics lang="en"></chat-analytics>`);
    expect(text(part(lonely, 'status'))).to.equal('Not connected to the chat server.');
    expect(part<HTMLButtonElement>(lonely, 'export-button')!.disabled).to.equal(true);
    const server = await chatServerUrl();
    const page = await fixture<HTMLDivElement>(html`<div lang="en">
      <chat-analytics range="today"></chat-analytics>
      <chat-panel mode="section" server=${server} token-url=${demoTokenUrl('vera')}></chat-panel>
    </div>`);
    const el = page.querySelector<ChatAnalyticsElement>('chat-analytics')!;
    const panel = page.querySelector<ChatPanel>('chat-panel')!;
    await waitUntil(() => el.report, 'the report loads through the panel’s connection', { timeout: 10_000 });
    expect(el.client).to.equal(panel.client);
  });
});
