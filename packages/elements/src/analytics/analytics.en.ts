import type { AnalyticsGroupBy } from '@chatdesk/protocol';
import type { FigureKey } from './analytics-columns.js';
import { durationText } from './analytics-format.js';

/*
 * `<chat-analytics>`'s terms, English: a chunk of their own (the element loads only the language
 * it shows). Every text the element shows or says is here, numbers and dates come in formatted
 * by the element (`Intl`, in this language).
 */

type Per = 'day' | 'week';

/** Why the report failed to load, by the protocol's error code. */
const why = (code: string): string =>
  code === 'FORBIDDEN' ? 'only staff can see the analytics'
  : code === 'UNKNOWN_METHOD' ? 'this chat server has no analytics yet (update it)'
  : code === 'INVALID_PARAMS' ? 'the server did not accept the period or the time zone'
  : code === 'UNAVAILABLE' || code === '' ? 'no connection to the server, try again'
  : code === 'UNAUTHENTICATED' ? 'the sign-in has expired'
  : code === 'RATE_LIMITED' ? 'too many requests, try again in a moment'
  : code === 'CHATS_DISABLED' ? 'chats are switched off in the settings'
  : 'server error';

const columns: Record<FigureKey, string> = {
  new: 'New',
  closed: 'Closed',
  reopened: 'Reopened',
  openAtEnd: 'Open at the end',
  customerMessages: 'Customer messages',
  managerMessages: 'Manager replies',
  botMessages: 'Bot messages',
  firstResponseMedian: 'First response, median',
  firstResponseP90: 'First response, 90th percentile',
  resolutionMedian: 'Resolution, median',
  resolutionP90: 'Resolution, 90th percentile',
  waits: 'Waits',
  warning: 'Reached the warning',
  breached: 'Past the time limit',
  inTimeShare: 'Answered in time',
  handled: 'Conversations handled',
  online: 'Time online',
};

const groupNames: Record<AnalyticsGroupBy, string> = { channel: 'Channel', store: 'Store', manager: 'Manager' };
const s = (n: string, one: string, many: string): string => `${n} ${n === '1' ? one : many}`;

export const en = {
  title: 'Chat analytics',
  controls: 'Report',
  period: 'Period',
  rangeToday: 'Today',
  range7d: 'Last 7 days',
  range30d: 'Last 30 days',
  rangeCustom: 'Custom',
  from: 'From',
  to: 'To',
  fromMissing: 'Enter the first day',
  toMissing: 'Enter the last day',
  backwards: 'The last day is before the first',
  tooLong: (max: number): string => `At most ${max} days`,
  groupBy: 'Group by',
  groupChannel: 'Channels',
  groupStore: 'Stores',
  groupManager: 'Managers',
  seriesBy: 'Charts by',
  seriesDay: 'Day',
  seriesWeek: 'Week',
  timeZone: (zone: string): string => `Days in the time zone ${zone}`,
  badTimeZone: (zone: string): string => `Unknown time zone ${zone}: set an IANA name such as Europe/Moscow`,
  refresh: 'Refresh',
  exportCsv: 'Download CSV',

  noClient: 'Not connected to the chat server.',
  loading: 'Loading the report…',
  updating: 'Updating the report…',
  asOf: (range: string, time: string): string => `${range} · figures as of ${time}`,
  noMessagesYet: (range: string): string => `${range} · no messages yet`,
  loadFailed: (code: string): string => `Could not load the report: ${why(code)}`,

  totals: 'Totals',
  tileNew: 'New conversations',
  tileClosed: 'Closed',
  tileReopened: 'Reopened',
  tileOpenAtEnd: 'Open at the end',
  tileCustomer: 'Messages from customers',
  tileManager: 'Replies from managers',
  tileBot: 'Messages from bots',
  tileFirstMedian: 'First response, median',
  tileFirstP90: 'First response, 90th percentile',
  tileResolutionMedian: 'Resolution, median',
  tileResolutionP90: 'Resolution, 90th percentile',
  tileInTime: 'Answered in time',
  tileBreached: 'Waits past the time limit',
  responses: (n: string): string => s(n, 'first response', 'first responses'),
  closings: (n: string): string => s(n, 'closing', 'closings'),
  ofWaits: (n: string): string => `of ${s(n, 'wait', 'waits')}`,
  shareOfWaits: (share: string): string => `${share} of waits`,
  none: '—',

  charts: 'Charts',
  chartConversations: 'Conversations',
  chartMessages: 'Messages',
  lineNew: 'New',
  lineClosed: 'Closed',
  lineOpen: 'Open at the end',
  barCustomer: 'From customers',
  barManager: 'From managers',
  barBot: 'From bots',
  conversationsSummary: (per: Per, range: string, created: string, closed: string, open: string): string =>
    `Line chart of conversations by ${per}, ${range}: ${created} new and ${closed} closed in all, ${open} open at the end. The table of the charts has every value.`,
  messagesSummary: (per: Per, range: string, customer: string, manager: string, bot: string): string =>
    `Bar chart of messages by ${per}, ${range}: ${customer} from customers, ${manager} from managers, ${bot} from bots. The table of the charts has every value.`,
  chartsLoading: 'Drawing the charts…',
  chartsFailed: 'The charts could not be drawn; the tables have every figure.',
  seriesTable: 'The charts as a table',
  seriesCaption: (per: Per): string => (per === 'day' ? 'By day' : 'By week'),
  periodColumn: (per: Per): string => (per === 'day' ? 'Day' : 'Week'),

  groupsCaption: (groupBy: AnalyticsGroupBy): string => `By ${groupNames[groupBy].toLowerCase()}`,
  groupName: (groupBy: AnalyticsGroupBy): string => groupNames[groupBy],
  noStore: 'No store',
  unassigned: 'Unassigned',
  noGroups: 'No figures for this period.',
  column: (key: FigureKey): string => columns[key],

  csvFrom: 'From',
  csvTo: 'To',
  csvSeconds: (label: string): string => `${label} (seconds)`,
  csvPercent: (label: string): string => `${label} (%)`,

  duration: (ms: number): string => durationText(ms, { d: 'd', h: 'h', min: 'min', s: 's' }),
} as const;

export type AnalyticsTerms = typeof en;
