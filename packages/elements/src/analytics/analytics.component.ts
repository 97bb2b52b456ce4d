import { html, nothing, svg, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { ChatClient } from '@chatdesk/client';
import type { AnalyticsFigures, AnalyticsGroup, AnalyticsGroupBy, AnalyticsReport } from '@chatdesk/protocol';
import type { TermsOf } from '../i18n/en.js';
import { ChatElement } from '../lib/chat-element.js';
import { clientContext } from '../lib/context.js';
import { downPath } from '../lib/crm-icons.js';
import { refusalOf, type Refusal } from '../lib/errors.js';
import { emit } from '../lib/events.js';
import { icon } from '../lib/icons.js';
import { LocalizeController, type Lang } from '../lib/localize.js';
import { PageClientLink } from '../lib/shared-client.js';
import { tokens, type Theme } from '../lib/theme.js';
import type { Chart, ChartLine } from './analytics-charts.js';
import { figureColumns, nextDirection, sortRows, type FigureColumn, type SortDirection, type SortKey } from './analytics-columns.js';
import { csvBlob, toCsv, type CsvCell } from './analytics-csv.js';
import {
  MAX_DAYS,
  analyticsRanges,
  browserTimeZone,
  dateValue,
  isTimeZone,
  presetRange,
  rangeIssue,
  todayIn,
  type AnalyticsRange,
  type RangeIssue,
} from './analytics-range.js';
import type { AnalyticsTerms } from './analytics.en.js';
import styles from './analytics.styles.js';

/** Each language's terms, a chunk of their own (lib/localize.ts). */
const terms = {
  en: (): Promise<TermsOf<AnalyticsTerms>> => import('./analytics.en.js').then((m) => m.en),
  ru: (): Promise<TermsOf<AnalyticsTerms>> => import('./analytics.ru.js').then((m) => m.ru),
};

/** uPlot and its stylesheet: fetched once, when a report is first there to draw. */
let chartsModule: Promise<typeof import('./analytics-charts.js')> | undefined;
function loadCharts(): Promise<typeof import('./analytics-charts.js')> {
  chartsModule ??= import('./analytics-charts.js').catch((err: unknown) => {
    // Asked for again at the next report rather than never.
    chartsModule = undefined;
    throw err;
  });
  return chartsModule;
}

/** The series whose colour is `--chat-analytics-<name>-color`. */
const SERIES_COLORS = ['new', 'closed', 'open', 'customer', 'manager', 'bot'] as const;
/** The charts' colours, resolved: the series', the axes' text and the grid lines. */
type ChartColors = Record<(typeof SERIES_COLORS)[number] | 'axis' | 'grid', string>;

/** The number formats and the collator of a language: made once, a table renders hundreds of cells. */
interface Formats {
  number: Intl.NumberFormat;
  percent: Intl.NumberFormat;
  collator: Intl.Collator;
  /** Calendar days ("5 Dec"), and with the year; in UTC, where the report's `YYYY-MM-DD` are put. */
  day: Intl.DateTimeFormat;
  dayYear: Intl.DateTimeFormat;
}
const formatsByLang = new Map<Lang, Formats>();
function formatsOf(lang: Lang): Formats {
  let f = formatsByLang.get(lang);
  if (!f) {
    f = {
      number: new Intl.NumberFormat(lang),
      percent: new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }),
      collator: new Intl.Collator(lang),
      day: new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', timeZone: 'UTC' }),
      dayYear: new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
    };
    formatsByLang.set(lang, f);
  }
  return f;
}

export type AnalyticsSeries = 'day' | 'week';
const groupings: readonly AnalyticsGroupBy[] = ['channel', 'store', 'manager'];

/** Detail of `chat-analytics-report`. */
export interface ChatAnalyticsReportDetail {
  report: AnalyticsReport;
}

/** The parameters of `analytics.report`, or why there are none to send. */
type Request =
  | { params: { from: string; to: string; timeZone: string; groupBy: AnalyticsGroupBy; series: AnalyticsSeries } }
  | { issue: RangeIssue | 'timeZone'; zone: string };

/** `idle`: not drawn yet (uPlot's chunk may still be on its way). */
type ChartState = 'idle' | 'ready' | 'failed';

/** A circular arrow (refresh) and an arrow into a tray (download): only this element draws them. */
const refreshPath = 'M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7';
const downloadPath = 'M12 4v11m-5-5 5 5 5-5M5 20h14';

/**
 * @summary Chat analytics (S-AN-1) for admins, chat admins and managers: summary tiles, a line
 * chart of the conversations and a bar chart of the messages per day or week, a sortable table per
 * channel, store or manager, and a CSV export — for today, the last 7 or 30 days, or any range of
 * up to 366 days, in the reader's time zone.
 *
 * Loads `analytics.report` for the range, the grouping and the series step chosen; the server
 * decides what the reader sees (a plain manager gets their own figures: one row). Days are cut at
 * the midnights of `time-zone`, else of the browser's zone
 * (`Intl.DateTimeFormat().resolvedOptions().timeZone`). Durations read "1 h 5 min" / «1 ч 5 мин»,
 * numbers and dates follow the element's language. The charts are drawn by uPlot, fetched in a
 * chunk of its own with the first report; each plot is `role="img"` with a summary as its label,
 * and "The charts as a table" (a disclosure) holds every value of the series.
 *
 * The client comes from the `client` property, a surrounding `<chat-panel>` (context), or the panel
 * elsewhere on the page (`ChatPanel.clientFor(document)`), like `<chat-settings>`.
 *
 * Keyboard: every control is a native one (the range is a radio group: arrows move within it);
 * the groups table's headers are buttons that sort by their column (Enter or Space; again for the
 * other direction), the column sorted by carries `aria-sort`.
 *
 * @csspart base - The whole element.
 * @csspart toolbar - The range, the grouping, the series step, the time zone, Refresh and Download.
 * @csspart range - The range's `fieldset`.
 * @csspart range-options - Its four choices.
 * @csspart range-option - Each choice (a label with its radio).
 * @csspart dates - The custom range's two date fields.
 * @csspart field - Each date field.
 * @csspart label - Its label.
 * @csspart input - Its `<input type=date>`.
 * @csspart field-error - What is wrong with the custom range (`id` named by the input's `aria-describedby`).
 * @csspart select - The grouping's and the series step's `<select>`.
 * @csspart time-zone - "Days in the time zone Europe/Moscow".
 * @csspart refresh-button - Loads the report again.
 * @csspart export-button - Downloads the CSV.
 * @csspart status - "Loading…", the range and when the figures were last updated (polite).
 * @csspart error - A report that could not be loaded, or an unknown time zone (`role=alert`).
 * @csspart content - The report (`aria-busy` while a new one loads).
 * @csspart tiles - The totals (a `<dl>`).
 * @csspart tile - Each total (`data-figure` names it).
 * @csspart tile-label - Its name.
 * @csspart tile-value - Its value.
 * @csspart tile-note - Its note (medians and p90, shares).
 * @csspart charts - Both charts.
 * @csspart chart - Each chart (a `<figure>`, `data-chart` `conversations` or `messages`).
 * @csspart chart-title - Its caption.
 * @csspart legend - Its legend.
 * @csspart plot - Its drawing (`role=img`).
 * @csspart chart-status - The charts' "Drawing…" or why they could not be drawn.
 * @csspart table-wrap - The box a table scrolls in, sideways.
 * @csspart table - Each table.
 * @csspart groups-table - Added to the table of groups.
 * @csspart series-table - Added to the table of periods.
 * @csspart sort-button - A header button of the groups table.
 * @csspart sort-icon - Its arrow.
 * @csspart row - Each row of a table's body (`data-id` is the group's id, or the period's first day).
 * @csspart empty - The groups table's "No figures for this period."
 * @csspart series-details - The disclosure of the series table.
 *
 * @cssproperty --chat-analytics-bg - Background (default: `--chat-surface`).
 * @cssproperty --chat-analytics-gap - Space between the parts (16px).
 * @cssproperty --chat-analytics-max-width - The element's widest (none).
 * @cssproperty --chat-analytics-tile-bg - Background of a tile (default: `--chat-surface-alt`).
 * @cssproperty --chat-analytics-chart-height - Height of each plot (220px).
 * @cssproperty --chat-analytics-grid-color - The charts' grid lines (default: `--chat-border`).
 * @cssproperty --chat-analytics-error-color - Errors (default: `--chat-danger`).
 * @cssproperty --chat-analytics-new-color - The line of new conversations (#2563eb; dark theme #60a5fa).
 * @cssproperty --chat-analytics-closed-color - The line of closed ones (#15803d; dark #4ade80).
 * @cssproperty --chat-analytics-open-color - The line of those open at the end (#b45309; dark #fb923c).
 * @cssproperty --chat-analytics-customer-color - The bars of customers' messages (#2563eb; dark #60a5fa).
 * @cssproperty --chat-analytics-manager-color - The bars of managers' replies (#15803d; dark #4ade80).
 * @cssproperty --chat-analytics-bot-color - The bars of bots' messages (#7c3aed; dark #a78bfa).
 *
 * @event {{ report: AnalyticsReport }} chat-analytics-report - A report came in (the first, a refresh, another range).
 */
export class ChatAnalyticsElement extends ChatElement {
  static override styles = [tokens, styles];

  readonly #l10n = new LocalizeController(this, terms);

  /** The client to use; set by context, by the page's shared client, or by hand. */
  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  accessor client: ChatClient | undefined;

  /** The range: `today`, `7d`, `30d` (each ending today) or `custom` (`from` … `to`). */
  @property({ reflect: true }) accessor range: AnalyticsRange = '7d';

  /** The custom range's first day, `YYYY-MM-DD`. */
  @property() accessor from = '';

  /** The custom range's last day (included). */
  @property() accessor to = '';

  /** What the table's rows are. */
  @property({ attribute: 'group-by', reflect: true }) accessor groupBy: AnalyticsGroupBy = 'channel';

  /** The charts' step. */
  @property({ reflect: true }) accessor series: AnalyticsSeries = 'day';

  /** The IANA time zone days are cut in; empty: the browser's. */
  @property({ attribute: 'time-zone' }) accessor timeZone = '';

  /** `light`, `dark` or `auto` (the system's); not set: the page's `color-scheme`. */
  @property({ reflect: true }) accessor theme: Theme | undefined;

  @state() private accessor shown: AnalyticsReport | null = null;
  @state() private accessor loading = false;
  @state() private accessor failure: Refusal | null = null;
  @state() private accessor sort: { key: SortKey; direction: SortDirection } = { key: 'name', direction: 'ascending' };
  @state() private accessor chartState: ChartState = 'idle';

  #seq = 0;
  #loadedWith: ChatClient | undefined;
  #loadedKey = '';
  /** The client the report shown was loaded with, and its series step (the report does not say). */
  #reportClient: ChatClient | undefined;
  #shownSeries: AnalyticsSeries = 'day';
  readonly #page = new PageClientLink(this);
  #charts: Chart[] = [];
  /** What the charts on screen were drawn for: a report, in a language, in colours. */
  #drawnFor: { report: AnalyticsReport; lang: Lang; colors: string } | null = null;
  #resize: ResizeObserver | undefined;
  /** The system's dark mode, which `auto` (or a page's `light dark`) follows: the canvas is redrawn. */
  #systemScheme: MediaQueryList | undefined;
  readonly #onSystemScheme = () => this.requestUpdate();

  /** The report shown (null before the first came in). */
  get report(): AnalyticsReport | null {
    return this.shown;
  }

  /** The time zone in use: `time-zone`, else the browser's. */
  get effectiveTimeZone(): string {
    return this.timeZone || browserTimeZone();
  }

  override connectedCallback(): void {
    const before = this.client;
    // The context request is answered synchronously inside super.connectedCallback().
    super.connectedCallback();
    this.#page.connected(before);
    this.#systemScheme ??= matchMedia('(prefers-color-scheme: dark)');
    this.#systemScheme.addEventListener('change', this.#onSystemScheme);
    // Back in the document: the charts went with the last disconnection, the next update draws them.
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#page.disconnected();
    this.#systemScheme?.removeEventListener('change', this.#onSystemScheme);
    this.#destroyCharts();
  }

  /** Loads the report again (today's figures move as conversations are answered). */
  refresh(): Promise<void> {
    return this.#load();
  }

  /** The CSV of the report shown (without the byte order mark): the groups table as sorted, an empty line, the series. */
  csv(): string {
    const report = this.shown;
    if (!report) return '';
    const t = this.#l10n;
    const cell = (column: FigureColumn, f: AnalyticsFigures): CsvCell => {
      const v = column.value(f);
      if (v === null) return null;
      // Machine-readable: durations in whole seconds, shares in percent.
      return column.kind === 'duration' ? Math.round(v / 1000) : column.kind === 'share' ? Math.round(v * 1000) / 10 : v;
    };
    const header = (column: FigureColumn): string => {
      const label = t.term('column', column.key);
      return column.kind === 'duration' ? t.term('csvSeconds', label) : column.kind === 'share' ? t.term('csvPercent', label) : label;
    };
    const groupColumns = figureColumns(report.groupBy);
    const seriesColumns = figureColumns('series');
    const rows: CsvCell[][] = [
      [t.term('groupName', report.groupBy), ...groupColumns.map(header)],
      ...this.#sortedGroups(report).map((g) => [this.#groupName(g, report.groupBy), ...groupColumns.map((c) => cell(c, g.figures))]),
      [],
      [t.term('csvFrom'), t.term('csvTo'), ...seriesColumns.map(header)],
      ...report.series.map((p) => [p.from, p.to, ...seriesColumns.map((c) => cell(c, p.figures))]),
    ];
    return toCsv(rows, this.#l10n.lang() === 'ru' ? ';' : ',');
  }

  /** The file name the download gets. */
  csvFileName(): string {
    const r = this.shown;
    return r ? `chat-analytics-${r.groupBy}-${r.from}-${r.to}.csv` : 'chat-analytics.csv';
  }

  /** Downloads the CSV (UTF-8 with a byte order mark, for Excel). */
  exportCsv(): void {
    if (!this.shown) return;
    const url = URL.createObjectURL(csvBlob(this.csv()));
    const a = document.createElement('a');
    a.href = url;
    a.download = this.csvFileName();
    a.hidden = true;
    this.renderRoot.appendChild(a);
    a.click();
    a.remove();
    // Revoked later: a download still reading the URL would fail.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  protected override willUpdate(): void {
    const request = this.#request();
    const key = 'params' in request ? JSON.stringify(request.params) : '';
    // Another connection, or another range (today moved on at midnight too): load again.
    if (this.client !== this.#loadedWith || (key && key !== this.#loadedKey)) void this.#load();
    // Time online is the managers' table's only: sorted by it, another grouping goes back to the names.
    const { key: sortKey } = this.sort;
    if (sortKey !== 'name' && !figureColumns(this.groupBy).some((c) => c.key === sortKey)) this.sort = { key: 'name', direction: 'ascending' };
  }

  protected override updated(): void {
    void this.#drawCharts();
  }

  #request(): Request {
    const zone = this.effectiveTimeZone;
    if (!isTimeZone(zone)) return { issue: 'timeZone', zone };
    const range = (analyticsRanges as readonly string[]).includes(this.range) ? this.range : '7d';
    const { from, to } = range === 'custom' ? { from: this.from, to: this.to } : presetRange(range, zone);
    const issue = rangeIssue(from, to);
    if (issue) return { issue, zone };
    const groupBy = groupings.includes(this.groupBy) ? this.groupBy : 'channel';
    const series = this.series === 'week' ? 'week' : 'day';
    return { params: { from, to, timeZone: zone, groupBy, series } };
  }

  async #load(): Promise<void> {
    const client = this.client;
    const seq = ++this.#seq;
    this.#loadedWith = client;
    if (client !== this.#reportClient) {
      // Another user's figures are not this one's.
      this.shown = null;
      this.#reportClient = client;
    }
    if (!client) {
      this.loading = false;
      this.failure = null;
      return;
    }
    const request = this.#request();
    if (!('params' in request)) {
      // Nothing to ask for (the form says why); an answer still on its way is dropped.
      this.loading = false;
      return;
    }
    this.#loadedKey = JSON.stringify(request.params);
    this.loading = true;
    this.failure = null;
    try {
      const report = await client.call('analytics.report', request.params);
      if (seq !== this.#seq) return;
      this.shown = report;
      this.#shownSeries = request.params.series;
      emit<ChatAnalyticsReportDetail>(this, 'chat-analytics-report', { report });
    } catch (err) {
      if (seq !== this.#seq) return;
      this.failure = refusalOf(err);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  #setRange(range: AnalyticsRange): void {
    if (range === 'custom' && !(this.from && this.to)) {
      // Custom starts from the days shown, so choosing it loads nothing new.
      const zone = isTimeZone(this.effectiveTimeZone) ? this.effectiveTimeZone : 'UTC';
      const shown = this.shown ?? presetRange(this.range === 'custom' ? '7d' : this.range, zone);
      this.from = shown.from;
      this.to = shown.to;
    }
    this.range = range;
  }

  // ——— formatting, in the element's language ———

  #number(n: number): string {
    return formatsOf(this.#l10n.lang()).number.format(n);
  }

  #share(share: number | null): string {
    return share === null ? this.#l10n.term('none') : formatsOf(this.#l10n.lang()).percent.format(share);
  }

  #duration(ms: number | null): string {
    return ms === null ? this.#l10n.term('none') : this.#l10n.term('duration', ms);
  }

  #cell(column: FigureColumn, f: AnalyticsFigures): string {
    const v = column.value(f);
    return column.kind === 'count' ? this.#number(v ?? 0) : column.kind === 'share' ? this.#share(v) : this.#duration(v);
  }

  /** A day, or a period of days: "5 Dec", "1–7 Dec" (with the year: the range in the status line). */
  #days(from: string, to: string, year = false): string {
    const { day, dayYear } = formatsOf(this.#l10n.lang());
    const format = year ? dayYear : day;
    return from === to ? format.format(dateValue(from)) : format.formatRange(dateValue(from), dateValue(to));
  }

  #groupName(g: AnalyticsGroup, groupBy: AnalyticsGroupBy): string {
    if (g.id === null) return this.#l10n.term(groupBy === 'store' ? 'noStore' : groupBy === 'manager' ? 'unassigned' : 'none');
    return g.name || g.id;
  }

  #sortedGroups(report: AnalyticsReport): AnalyticsGroup[] {
    const named = report.groups.map((g) => ({ ...g, name: this.#groupName(g, report.groupBy), group: g }));
    return sortRows(named, this.sort.key, this.sort.direction, formatsOf(this.#l10n.lang()).collator).map((row) => row.group);
  }

  // ——— charts ———

  /**
   * The charts' colours as the canvas needs them: plain `rgb()`. The custom properties hold
   * `var()`s and `light-dark()` pairs that only CSS resolves, by this element's used color-scheme:
   * a hidden probe in the shadow root has them resolved as its `color`, then leaves.
   */
  #chartColors(): ChartColors {
    const probe = document.createElement('span');
    probe.hidden = true;
    this.renderRoot.appendChild(probe);
    const resolve = (value: string) => {
      probe.style.color = value;
      return getComputedStyle(probe).color;
    };
    try {
      const colors = {} as ChartColors;
      for (const name of SERIES_COLORS) colors[name] = resolve(`var(--chat-analytics-${name}-color)`);
      colors.axis = resolve('var(--_muted)');
      colors.grid = resolve('var(--chat-analytics-grid-color)');
      return colors;
    } finally {
      probe.remove();
    }
  }

  #chartLines(report: AnalyticsReport, colors: ChartColors): { conversations: ChartLine[]; messages: ChartLine[] } {
    const t = this.#l10n;
    const values = (pick: (f: AnalyticsFigures) => number) => report.series.map((p) => pick(p.figures));
    return {
      conversations: [
        { label: t.term('lineNew'), color: colors.new, values: values((f) => f.conversations.new) },
        { label: t.term('lineClosed'), color: colors.closed, values: values((f) => f.conversations.closed), dash: [6, 4] },
        { label: t.term('lineOpen'), color: colors.open, values: values((f) => f.conversations.openAtEnd), dash: [2, 3] },
      ],
      messages: [
        { label: t.term('barCustomer'), color: colors.customer, values: values((f) => f.messages.customer) },
        { label: t.term('barManager'), color: colors.manager, values: values((f) => f.messages.manager) },
        { label: t.term('barBot'), color: colors.bot, values: values((f) => f.messages.bot) },
      ],
    };
  }

  async #drawCharts(): Promise<void> {
    const report = this.shown;
    const lang = this.#l10n.lang();
    if (!report) {
      this.#destroyCharts();
      return;
    }
    const plots = [...this.renderRoot.querySelectorAll<HTMLElement>('[part~="plot"]')];
    if (plots.length !== 2) return;
    // Another theme (the attribute, the system's dark mode) or another colour is a redraw too.
    const colorSet = this.#chartColors();
    const colors = JSON.stringify(colorSet);
    if (this.#drawnFor?.report === report && this.#drawnFor.lang === lang && this.#drawnFor.colors === colors) return;
    this.#drawnFor = { report, lang, colors };
    let charts: typeof import('./analytics-charts.js');
    try {
      charts = await loadCharts();
    } catch {
      this.#drawnFor = null;
      this.chartState = 'failed';
      return;
    }
    // A newer report (or language, or theme) came meanwhile: its own call draws it.
    if (this.#drawnFor?.report !== report || this.#drawnFor.lang !== lang || this.#drawnFor.colors !== colors || !this.isConnected) return;
    this.#adoptChartStyles(charts.uplotStyles.styleSheet);
    this.#destroyCharts();
    this.#drawnFor = { report, lang, colors };
    const style = getComputedStyle(this);
    const lines = this.#chartLines(report, colorSet);
    const labels = report.series.map((p) => this.#days(p.from, p.from));
    const common = {
      labels,
      axisColor: colorSet.axis,
      gridColor: colorSet.grid,
      font: `12px ${style.fontFamily}`,
      formatNumber: (n: number) => this.#number(n),
    };
    try {
      this.#charts = [
        charts.drawChart(plots[0]!, { ...common, kind: 'line', lines: lines.conversations, width: plots[0]!.clientWidth, height: plots[0]!.clientHeight }),
        charts.drawChart(plots[1]!, { ...common, kind: 'bars', lines: lines.messages, width: plots[1]!.clientWidth, height: plots[1]!.clientHeight }),
      ];
    } catch {
      this.#destroyCharts();
      this.chartState = 'failed';
      return;
    }
    this.#resize ??= new ResizeObserver(() => {
      const now = [...this.renderRoot.querySelectorAll<HTMLElement>('[part~="plot"]')];
      this.#charts.forEach((chart, i) => now[i] && chart.resize(now[i]!.clientWidth, now[i]!.clientHeight));
    });
    for (const plot of plots) this.#resize.observe(plot);
    this.chartState = 'ready';
  }

  /** uPlot's stylesheet, into this shadow root (the page's stylesheets do not reach in). */
  #adoptChartStyles(sheet: CSSStyleSheet | undefined): void {
    const root = this.renderRoot as ShadowRoot;
    if (!sheet || root.adoptedStyleSheets.includes(sheet)) return;
    // Before ours, so the element's own rules win where both speak.
    root.adoptedStyleSheets = [sheet, ...root.adoptedStyleSheets];
  }

  #destroyCharts(): void {
    for (const chart of this.#charts) chart.destroy();
    this.#charts = [];
    this.#resize?.disconnect();
    this.#resize = undefined;
    this.#drawnFor = null;
  }

  // ——— rendering ———

  #renderToolbar(request: Request) {
    const t = this.#l10n;
    const range = (analyticsRanges as readonly string[]).includes(this.range) ? this.range : '7d';
    const issue = 'issue' in request && request.issue !== 'timeZone' ? request.issue : null;
    const fromInvalid = issue === 'fromMissing';
    const toInvalid = issue !== null && !fromInvalid;
    const labels: Record<AnalyticsRange, string> = {
      today: t.term('rangeToday'),
      '7d': t.term('range7d'),
      '30d': t.term('range30d'),
      custom: t.term('rangeCustom'),
    };
    const issueText = issue === 'tooLong' ? t.term('tooLong', MAX_DAYS) : issue ? t.term(issue) : '';
    const today = isTimeZone(this.effectiveTimeZone) ? todayIn(this.effectiveTimeZone) : '';
    return html`<div part="toolbar" role="group" aria-label=${t.term('controls')}>
      <fieldset part="range">
        <legend>${t.term('period')}</legend>
        <div part="range-options">
          ${analyticsRanges.map(
            (r) => html`<label part="range-option"
              ><input type="radio" name="range" value=${r} .checked=${range === r} @change=${() => this.#setRange(r)} />${labels[r]}</label
            >`,
          )}
        </div>
      </fieldset>
      ${range === 'custom'
        ? html`<div part="dates">
            ${this.#dateField('from', this.from, fromInvalid, today, (v) => (this.from = v))}
            ${this.#dateField('to', this.to, toInvalid, today, (v) => (this.to = v))}
            ${issue ? html`<p part="field-error" id="range-error">${issueText}</p>` : nothing}
          </div>`
        : nothing}
      <div part="field">
        <label part="label" for="group-by">${t.term('groupBy')}</label>
        <select part="select" id="group-by" @change=${(e: Event) => (this.groupBy = (e.target as HTMLSelectElement).value as AnalyticsGroupBy)}>
          ${groupings.map(
            (g) => html`<option value=${g} .selected=${this.groupBy === g}>
              ${t.term(g === 'channel' ? 'groupChannel' : g === 'store' ? 'groupStore' : 'groupManager')}
            </option>`,
          )}
        </select>
      </div>
      <div part="field">
        <label part="label" for="series">${t.term('seriesBy')}</label>
        <select part="select" id="series" @change=${(e: Event) => (this.series = (e.target as HTMLSelectElement).value as AnalyticsSeries)}>
          <option value="day" .selected=${this.series !== 'week'}>${t.term('seriesDay')}</option>
          <option value="week" .selected=${this.series === 'week'}>${t.term('seriesWeek')}</option>
        </select>
      </div>
      <p part="time-zone">${isTimeZone(this.effectiveTimeZone) ? t.term('timeZone', this.effectiveTimeZone) : nothing}</p>
      <div class="actions">
        <button part="refresh-button" type="button" ?disabled=${!this.client} @click=${() => void this.refresh()}>
          ${icon(refreshPath)}${t.term('refresh')}
        </button>
        <button part="export-button" type="button" ?disabled=${!this.shown} @click=${() => this.exportCsv()}>
          ${icon(downloadPath)}${t.term('exportCsv')}
        </button>
      </div>
    </div>`;
  }

  /** One of the custom range's two date fields. */
  #dateField(id: 'from' | 'to', value: string, invalid: boolean, today: string, set: (value: string) => void) {
    return html`<div part="field">
      <label part="label" for=${id}>${this.#l10n.term(id)}</label>
      <input
        part="input"
        id=${id}
        type="date"
        max=${today || nothing}
        .value=${value}
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby=${invalid ? 'range-error' : nothing}
        @change=${(e: Event) => set((e.target as HTMLInputElement).value)}
      />
    </div>`;
  }

  #status(): string {
    const t = this.#l10n;
    const r = this.shown;
    if (!this.client) return t.term('noClient');
    if (this.loading) return r ? t.term('updating') : t.term('loading');
    if (!r) return '';
    const range = this.#days(r.from, r.to, true);
    if (r.upTo === null) return t.term('noMessagesYet', range);
    const time = new Intl.DateTimeFormat(this.#l10n.lang(), { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: r.timeZone }).format(r.upTo);
    return t.term('asOf', range, time);
  }

  #renderTiles(f: AnalyticsFigures) {
    const t = this.#l10n;
    const n = (v: number) => this.#number(v);
    const tiles: [string, string, string, string?][] = [
      ['new', t.term('tileNew'), n(f.conversations.new)],
      ['closed', t.term('tileClosed'), n(f.conversations.closed)],
      ['reopened', t.term('tileReopened'), n(f.conversations.reopened)],
      ['openAtEnd', t.term('tileOpenAtEnd'), n(f.conversations.openAtEnd)],
      ['customerMessages', t.term('tileCustomer'), n(f.messages.customer)],
      ['managerMessages', t.term('tileManager'), n(f.messages.manager)],
      ['botMessages', t.term('tileBot'), n(f.messages.bot)],
      ['firstResponseMedian', t.term('tileFirstMedian'), this.#duration(f.firstResponse.medianMs), t.term('responses', n(f.firstResponse.count))],
      ['firstResponseP90', t.term('tileFirstP90'), this.#duration(f.firstResponse.p90Ms), t.term('responses', n(f.firstResponse.count))],
      ['resolutionMedian', t.term('tileResolutionMedian'), this.#duration(f.resolution.medianMs), t.term('closings', n(f.resolution.count))],
      ['resolutionP90', t.term('tileResolutionP90'), this.#duration(f.resolution.p90Ms), t.term('closings', n(f.resolution.count))],
      ['inTimeShare', t.term('tileInTime'), this.#share(f.sla.inTimeShare), t.term('ofWaits', n(f.sla.waits))],
      [
        'breached',
        t.term('tileBreached'),
        n(f.sla.breached),
        f.sla.waits > 0 ? t.term('shareOfWaits', this.#share(f.sla.breached / f.sla.waits)) : undefined,
      ],
    ];
    return html`<section aria-labelledby="totals-title">
      <h3 id="totals-title">${t.term('totals')}</h3>
      <dl part="tiles">
        ${tiles.map(
          ([key, label, value, note]) => html`<div part="tile" data-figure=${key}>
            <dt part="tile-label">${label}</dt>
            <dd part="tile-value">${value}</dd>
            ${note ? html`<dd part="tile-note">${note}</dd>` : nothing}
          </div>`,
        )}
      </dl>
    </section>`;
  }

  #legend(lines: { label: string; cls: string; dash?: string; bar?: boolean }[]) {
    return html`<ul part="legend" aria-hidden="true">
      ${lines.map(
        (l) => html`<li>
          <svg class="key ${l.cls}" width="22" height="10" viewBox="0 0 22 10" aria-hidden="true" focusable="false">
            ${l.bar
              ? svg`<rect x="5" y="0" width="12" height="10" fill="currentColor"></rect>`
              : svg`<line x1="0" y1="5" x2="22" y2="5" stroke="currentColor" stroke-width="2" stroke-dasharray=${l.dash ?? 'none'}></line>`}
          </svg>
          ${l.label}
        </li>`,
      )}
    </ul>`;
  }

  #renderCharts(r: AnalyticsReport) {
    const t = this.#l10n;
    const n = (v: number) => this.#number(v);
    const range = this.#days(r.from, r.to, true);
    const per = this.#shownSeries;
    const f = r.totals;
    return html`<section aria-labelledby="charts-title">
      <h3 id="charts-title">${t.term('charts')}</h3>
      <div part="charts">
        <figure part="chart" data-chart="conversations">
          <figcaption part="chart-title">${t.term('chartConversations')}</figcaption>
          ${this.#legend([
            { label: t.term('lineNew'), cls: 'new' },
            { label: t.term('lineClosed'), cls: 'closed', dash: '6 4' },
            { label: t.term('lineOpen'), cls: 'open', dash: '2 3' },
          ])}
          <div
            part="plot"
            role="img"
            aria-label=${t.term('conversationsSummary', per, range, n(f.conversations.new), n(f.conversations.closed), n(f.conversations.openAtEnd))}
          ></div>
        </figure>
        <figure part="chart" data-chart="messages">
          <figcaption part="chart-title">${t.term('chartMessages')}</figcaption>
          ${this.#legend([
            { label: t.term('barCustomer'), cls: 'customer', bar: true },
            { label: t.term('barManager'), cls: 'manager', bar: true },
            { label: t.term('barBot'), cls: 'bot', bar: true },
          ])}
          <div
            part="plot"
            role="img"
            aria-label=${t.term('messagesSummary', per, range, n(f.messages.customer), n(f.messages.manager), n(f.messages.bot))}
          ></div>
        </figure>
      </div>
      ${this.chartState !== 'ready'
        ? html`<p part="chart-status">${t.term(this.chartState === 'idle' ? 'chartsLoading' : 'chartsFailed')}</p>`
        : nothing}
      <details part="series-details">
        <summary>${t.term('seriesTable')}</summary>
        ${this.#renderSeriesTable(r, per)}
      </details>
    </section>`;
  }

  #renderSeriesTable(r: AnalyticsReport, per: AnalyticsSeries) {
    const t = this.#l10n;
    const columns = figureColumns('series');
    return html`<div part="table-wrap" role="region" tabindex="0" aria-labelledby="series-caption">
      <table part="table series-table">
        <caption id="series-caption">${t.term('seriesCaption', per)}</caption>
        <thead>
          <tr>
            <th scope="col">${t.term('periodColumn', per)}</th>
            ${columns.map((c) => html`<th scope="col">${t.term('column', c.key)}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${r.series.map(
            (p) => html`<tr part="row" data-id=${p.from}>
              <th scope="row">${this.#days(p.from, p.to)}</th>
              ${columns.map((c) => html`<td>${this.#cell(c, p.figures)}</td>`)}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  #sortHeader(key: SortKey, label: string) {
    const sorted = this.sort.key === key ? this.sort.direction : undefined;
    return html`<th scope="col" aria-sort=${sorted ?? nothing}>
      <button part="sort-button" type="button" data-key=${key} @click=${() => (this.sort = { key, direction: nextDirection(key, this.sort) })}>
        ${label}<span part="sort-icon">${icon(downPath)}</span>
      </button>
    </th>`;
  }

  #renderGroups(r: AnalyticsReport) {
    const t = this.#l10n;
    const columns = figureColumns(r.groupBy);
    const rows = this.#sortedGroups(r);
    return html`<section aria-labelledby="groups-caption">
      <div part="table-wrap">
        <table part="table groups-table">
          <caption id="groups-caption">
            <h3>${t.term('groupsCaption', r.groupBy)}</h3>
          </caption>
          <thead>
            <tr>
              ${this.#sortHeader('name', t.term('groupName', r.groupBy))} ${columns.map((c) => this.#sortHeader(c.key, t.term('column', c.key)))}
            </tr>
          </thead>
          <tbody>
            ${rows.length === 0
              ? html`<tr>
                  <td part="empty" colspan=${columns.length + 1}>${t.term('noGroups')}</td>
                </tr>`
              : rows.map(
                  (g) => html`<tr part="row" data-id=${g.id ?? ''}>
                    <th scope="row"><bdi>${this.#groupName(g, r.groupBy)}</bdi></th>
                    ${columns.map((c) => html`<td>${this.#cell(c, g.figures)}</td>`)}
                  </tr>`,
                )}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  override render(): TemplateResult {
    const t = this.#l10n;
    const request = this.#request();
    const r = this.shown;
    const badZone = 'issue' in request && request.issue === 'timeZone';
    return html`<div part="base">
      ${this.#renderToolbar(request)}
      <p part="status" role="status">${this.#status()}</p>
      ${badZone ? html`<p part="error" role="alert">${t.term('badTimeZone', request.zone)}</p>` : nothing}
      ${this.failure
        ? html`<p part="error" role="alert" title=${this.failure.detail || nothing}>${t.term('loadFailed', this.failure.code)}</p>`
        : nothing}
      ${r
        ? html`<div part="content" aria-busy=${this.loading ? 'true' : 'false'}>
            ${this.#renderTiles(r.totals)} ${this.#renderCharts(r)} ${this.#renderGroups(r)}
          </div>`
        : nothing}
    </div>`;
  }
}
