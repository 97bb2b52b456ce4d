/**
 * Figure 9's calls (S-AN-1), shared by the SQLite and PostgreSQL figures: the rollups folded from
 * the dataset's messages as the job folds them, then `analytics.report` for the ranges a lead asks
 * for most, as an admin and as a plain manager.
 */
import type { Storage } from '../../packages/server/src/ports/storage.js';
import { rebuildAnalytics } from '../../packages/server/src/services/analytics-fold.js';
import { contextFor, manager, type Call } from './calls.js';

/**
 * Messages one fold transaction takes when the bench folds its cached copy (as the rebuild does:
 * plain sums per quarter, the running totals made from them at the end): fewer round trips on
 * PostgreSQL than the job's FOLD_BATCH a transaction.
 */
export const BENCH_FOLD_BATCH = 5_000;
export const ZONE = 'Europe/Moscow';

const admin = { kind: 'user', id: 'bench-admin', name: 'Admin', rights: ['admin'] } as const;

/** Folds every message as the rebuild does (`--rebuild-analytics`); resolves to messages and ms. */
export async function foldAll(store: Storage): Promise<{ messages: number; ms: number }> {
  const ctx = contextFor(store, admin as never);
  const t0 = performance.now();
  const messages = await rebuildAnalytics((fn) => store.transaction(() => fn(ctx)), BENCH_FOLD_BATCH);
  return { messages, ms: performance.now() - t0 };
}

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

export interface ReportCase {
  label: string;
  calls: Call[];
}

/** The report calls, the range ending on the dataset's last day (`lastAt`: its newest message). */
export function reportCases(lastAt: number, managers: readonly string[]): ReportCase[] {
  const to = day(lastAt);
  const from = (days: number) => day(lastAt - (days - 1) * 86_400_000);
  const asAdmin = (params: object): Call => ({ method: 'analytics.report', actor: admin as never, params: { to, timeZone: ZONE, ...params } });
  return [
    { label: '30 days by channel, admin', calls: [asAdmin({ from: from(30), groupBy: 'channel' })] },
    { label: '30 days by manager, admin', calls: [asAdmin({ from: from(30), groupBy: 'manager' })] },
    { label: '7 days by store, weeks, admin', calls: [asAdmin({ from: from(7), groupBy: 'store', series: 'week' })] },
    {
      label: '30 days, a plain manager',
      calls: managers.slice(0, 20).map((m) => ({ method: 'analytics.report', actor: manager(m), params: { from: from(30), to, timeZone: ZONE, groupBy: 'manager' } })),
    },
    { label: '365 days by channel, admin', calls: [asAdmin({ from: from(365), groupBy: 'channel' })] },
  ];
}
