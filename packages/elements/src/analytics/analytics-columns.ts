import type { AnalyticsFigures, AnalyticsGroupBy } from '@chatdesk/protocol';

/*
 * The figures the tables show, one column each, in the order of the issue's list: the
 * conversations, the messages, the response and resolution times, the SLA, the managers'. The
 * groups table, the series table and the CSV export read the same list, so they never disagree.
 */

/** How a column's value reads: a count, a duration in milliseconds, or a share 0–1. */
export type ColumnKind = 'count' | 'duration' | 'share';

export interface FigureColumn {
  /** Its key, and the term of its header (`col.<key>` in analytics.*.ts). */
  key: FigureKey;
  kind: ColumnKind;
  value: (f: AnalyticsFigures) => number | null;
}

const count = (key: FigureKey, value: (f: AnalyticsFigures) => number): FigureColumn => ({ key, kind: 'count', value });
const duration = (key: FigureKey, value: (f: AnalyticsFigures) => number | null): FigureColumn => ({ key, kind: 'duration', value });

export const figureKeys = [
  'new',
  'closed',
  'reopened',
  'openAtEnd',
  'customerMessages',
  'managerMessages',
  'botMessages',
  'firstResponseMedian',
  'firstResponseP90',
  'resolutionMedian',
  'resolutionP90',
  'waits',
  'warning',
  'breached',
  'inTimeShare',
  'handled',
  'online',
] as const;
export type FigureKey = (typeof figureKeys)[number];

const ALL: readonly FigureColumn[] = [
  count('new', (f) => f.conversations.new),
  count('closed', (f) => f.conversations.closed),
  count('reopened', (f) => f.conversations.reopened),
  count('openAtEnd', (f) => f.conversations.openAtEnd),
  count('customerMessages', (f) => f.messages.customer),
  count('managerMessages', (f) => f.messages.manager),
  count('botMessages', (f) => f.messages.bot),
  duration('firstResponseMedian', (f) => f.firstResponse.medianMs),
  duration('firstResponseP90', (f) => f.firstResponse.p90Ms),
  duration('resolutionMedian', (f) => f.resolution.medianMs),
  duration('resolutionP90', (f) => f.resolution.p90Ms),
  count('waits', (f) => f.sla.waits),
  count('warning', (f) => f.sla.warning),
  count('breached', (f) => f.sla.breached),
  { key: 'inTimeShare', kind: 'share', value: (f) => f.sla.inTimeShare },
  count('handled', (f) => f.managers.handled),
  duration('online', (f) => f.managers.onlineMs),
];

/**
 * The columns for a grouping. Time online is a manager's: a channel or a store has none (the
 * server sends 0 there), so only the managers' table and the series (every manager together) show it.
 */
export function figureColumns(groupBy: AnalyticsGroupBy | 'series'): readonly FigureColumn[] {
  return groupBy === 'channel' || groupBy === 'store' ? ALL.filter((c) => c.key !== 'online') : ALL;
}

/** The groups table's sort: `name` or a figure's key, and the direction (ARIA's words). */
export type SortKey = 'name' | FigureKey;
export type SortDirection = 'ascending' | 'descending';

export interface SortableRow {
  name: string;
  figures: AnalyticsFigures;
}

/**
 * The rows in the order asked for. Missing values (a median of no response) go last whichever
 * way; equal values keep the server's order (by name), so the sort is stable.
 */
export function sortRows<R extends SortableRow>(rows: readonly R[], key: SortKey, direction: SortDirection, collator: Intl.Collator): R[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const column = key === 'name' ? undefined : ALL.find((c) => c.key === key);
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      if (!column) return sign * collator.compare(a.row.name, b.row.name) || a.index - b.index;
      const x = column.value(a.row.figures);
      const y = column.value(b.row.figures);
      if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0) || a.index - b.index;
      return sign * (x - y) || a.index - b.index;
    })
    .map(({ row }) => row);
}

/** The direction a click on a column's header asks for: numbers start from the largest, names from A. */
export function nextDirection(key: SortKey, current: { key: SortKey; direction: SortDirection } | null): SortDirection {
  if (current?.key === key) return current.direction === 'ascending' ? 'descending' : 'ascending';
  return key === 'name' ? 'ascending' : 'descending';
}
