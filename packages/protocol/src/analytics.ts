import * as v from 'valibot';
import { doc } from './doc.js';
import { Timestamp } from './entities.js';
import { defineMethod } from './define.js';

/*
 * S-AN-1: chat analytics for a range of days in the reader's time zone, grouped by channel, store
 * (through the settings' channel → store mapping) or manager, with a day or week series. The
 * server keeps the figures in rollups a job folds from the stored messages, so a report never
 * scans the messages themselves.
 */

/** The longest range one report covers. */
export const ANALYTICS_MAX_DAYS = 366;

/** A calendar day, `YYYY-MM-DD`, read in the report's time zone. */
export const LocalDate = doc(
  v.pipe(
    v.string(),
    v.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD'),
    v.check((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    }, 'not a calendar date'),
  ),
  'A calendar day, `YYYY-MM-DD`, in the report\'s `timeZone`.',
);

/** An IANA time zone this runtime knows (`Europe/Moscow`, `Asia/Kolkata`, `UTC`). */
export const TimeZone = doc(
  v.pipe(
    v.string(),
    v.maxLength(64),
    v.check((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'not an IANA time zone'),
  ),
  'An IANA time zone (`Europe/Moscow`, `Asia/Kolkata`, `UTC`): days are cut at its midnights.',
);

const Count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const Ms = v.nullable(v.pipe(v.number(), v.safeInteger(), v.minValue(0)));

/** A distribution of durations: how many, and their median and 90th percentile (nearest rank). */
export const Durations = v.object({
  count: Count,
  medianMs: doc(Ms, 'The median by nearest rank (the smallest value with at least half of them at or below it); null when `count` is 0.'),
  p90Ms: doc(Ms, 'The 90th percentile by nearest rank; null when `count` is 0.'),
});
export type Durations = v.InferOutput<typeof Durations>;

/** The figures of one period and one group (or of all groups: `totals`). */
export const AnalyticsFigures = v.object({
  conversations: v.object({
    new: doc(Count, 'Conversations opened (a customer\'s first message). By manager: the assignee at that moment, usually none yet.'),
    assigned: doc(Count, 'Conversations assigned to someone (assigned or reassigned to them; by the bot, a colleague or themselves).'),
    closed: doc(Count, 'Conversations closed, by a user or by auto-close.'),
    reopened: doc(Count, 'Closed conversations opened again (the customer wrote, or a user reopened it).'),
    openAtEnd: doc(Count, 'Conversations open at the period\'s end (now, for a period not over yet). By manager: open and assigned to them.'),
  }),
  messages: v.object({
    customer: Count,
    manager: doc(Count, 'Replies by staff. By manager: their own.'),
    bot: Count,
  }),
  firstResponse: doc(Durations, 'From the customer\'s first message of an opening (a new conversation, or a reopened one) to the first staff reply after it, counted when the reply comes. By manager: who replied.'),
  resolution: doc(Durations, 'From an opening (the conversation\'s start, or its reopening) to its closing, counted at the closing. By manager: the assignee then.'),
  sla: v.object({
    waits: doc(Count, 'S-SLA-1 waits that ended in the period: a clock (from the customer\'s last message not yet answered) stopped by a staff reply or by the closing.'),
    warning: doc(Count, 'Of those, waits that reached the channel\'s warning time (the limits in force when the wait ended).'),
    breached: doc(Count, 'Of those, waits that reached the processing time.'),
    inTime: doc(Count, 'Of those, waits that ended before the processing time, by a reply or by the closing: they never turned red (`waits − breached`).'),
    inTimeShare: doc(v.nullable(v.number()), '`inTime / waits`, 0–1; null when `waits` is 0.'),
  }),
  managers: v.object({
    handled: doc(Count, 'Openings (a new or a reopened conversation) a manager replied in, each counted once per manager, in the period of their first reply in it.'),
    onlineMs: doc(
      v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
      'Time online (a panel connected) within the period; for several managers, the sum of each one\'s time.',
    ),
  }),
});
export type AnalyticsFigures = v.InferOutput<typeof AnalyticsFigures>;

export const AnalyticsGroupBy = v.picklist(['channel', 'store', 'manager']);
export type AnalyticsGroupBy = v.InferOutput<typeof AnalyticsGroupBy>;

export const AnalyticsReportParams = v.pipe(
  v.object({
    from: doc(LocalDate, 'The first day of the range.'),
    to: doc(LocalDate, `The last day of the range (included); at most ${ANALYTICS_MAX_DAYS} days after \`from\`'s.`),
    timeZone: TimeZone,
    groupBy: v.optional(doc(AnalyticsGroupBy, 'What `groups` are: channels, stores (S-SET-6\'s mapping) or managers. Default `channel`.'), 'channel'),
    series: v.optional(doc(v.picklist(['day', 'week']), '`day`: a period per day; `week`: per week, Monday to Sunday (the first and last may be partial). Default `day`.'), 'day'),
  }),
  v.check((p) => p.from <= p.to, '`to` is before `from`'),
  v.check((p) => (Date.parse(p.to) - Date.parse(p.from)) / 86_400_000 < ANALYTICS_MAX_DAYS, `a range of ${ANALYTICS_MAX_DAYS} days at most`),
);

export const AnalyticsPeriod = v.object({
  from: LocalDate,
  to: doc(LocalDate, 'Its last day (included).'),
  figures: AnalyticsFigures,
});

export const AnalyticsGroup = v.object({
  id: doc(v.nullable(v.string()), 'The channel\'s id (as a string), the store\'s code or the manager\'s user id; null: no store (a channel not mapped) or no manager (unassigned).'),
  name: doc(v.string(), 'The channel\'s, the store\'s or the manager\'s name; empty for null ids (the elements name them in the reader\'s language).'),
  figures: AnalyticsFigures,
});
export type AnalyticsGroup = v.InferOutput<typeof AnalyticsGroup>;

export const AnalyticsReport = v.object({
  from: LocalDate,
  to: LocalDate,
  timeZone: v.string(),
  groupBy: AnalyticsGroupBy,
  upTo: doc(v.nullable(Timestamp), 'When the newest message the figures include was stored (the rollups follow the messages about a second behind); null before the first.'),
  totals: doc(AnalyticsFigures, 'The whole range, every group the caller may see together.'),
  series: doc(v.array(AnalyticsPeriod), 'The range by day or week, oldest first, every group together.'),
  groups: doc(v.array(AnalyticsGroup), 'The range per group, each group with any figure not zero (for managers, also any time online); by name.'),
});
export type AnalyticsReport = v.InferOutput<typeof AnalyticsReport>;

export const analyticsMethods = {
  'analytics.report': defineMethod({
    params: AnalyticsReportParams,
    result: AnalyticsReport,
    doc: 'S-AN-1, staff: figures for a range of days in `timeZone`, per group and as a series. Admins and chat admins see every conversation\'s figures; a plain manager only their own (every figure counted as the `manager` group counts it, their row alone).',
    errors: { FORBIDDEN: 'not staff (a visitor, a bot)' },
  }),
} as const;
