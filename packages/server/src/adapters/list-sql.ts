import type { ListSort } from '@chatdesk/protocol';
import type { SlaQuery } from '../ports/records.js';

/*
 * The conversation list's SQL that both adapters share: the SLA filter and the orders.
 */

/**
 * S-DLG-4's SLA filter as one SQL condition over conversations `c`, the same on both adapters:
 * each channel's limits become a CASE of integer literals (validated milliseconds, never user
 * text; they change only with the settings, so the statement cache holds a few). The clock is
 * the caller's parameter `now` (SQLite `@sla_now`, PostgreSQL `$n`).
 */
export function slaCondition(q: SlaQuery, now: string): string {
  const perChannel = byChannel(q.limits);
  const warning = perChannel((l) => l.warningMs);
  const processing = perChannel((l) => l.processingMs);
  const first = perChannel((l) => l.warningMs ?? l.processingMs);
  const running = SLA_RUNNING;
  switch (q.state) {
    case 'breached':
      return `${running} AND c.sla_since + ${processing} <= ${now}`;
    case 'warning':
      return `${running} AND c.sla_since + ${warning} <= ${now} AND c.sla_since + ${processing} > ${now}`;
    case 'ok':
      return `${running} AND c.sla_since + ${first} > ${now}`;
  }
}

/** The clock's reply due time (`sla.breachAt`) of conversations `c`: the list's `sla` sort key. */
export function slaDueKey(limits: SlaQuery['limits']): string {
  return `(c.sla_since + ${byChannel(limits)((l) => l.processingMs)})`;
}

/** The conditions of the `sla` sort: only running clocks have a due time. */
export const SLA_RUNNING = `c.status = 'open' AND c.sla_since IS NOT NULL`;

/** A limit per channel as SQL: one literal, or a CASE over the channels with limits of their own. */
function byChannel(limits: SlaQuery['limits']) {
  const overrides = Object.entries(limits.perChannel);
  return (ms: (l: { warningMs: number | null; processingMs: number }) => number | null): string => {
    const value = (n: number | null) => (n === null ? 'NULL' : String(Math.trunc(n)));
    if (overrides.length === 0) return value(ms(limits.default));
    const whens = overrides.map(([id, l]) => `WHEN ${Math.trunc(Number(id))} THEN ${value(ms(l))}`).join(' ');
    return `(CASE c.channel_id ${whens} ELSE ${value(ms(limits.default))} END)`;
  };
}

/** A list order over conversations `c`: its key expression and direction (ties by id, the same way). */
export interface SortKey {
  sql: string;
  desc: boolean;
}

export const NEWEST: SortKey = { sql: 'c.last_activity_at', desc: true };

/** The list's order by its sort, the same on both adapters. */
export function sortKey(sort: ListSort, limits: SlaQuery['limits'] | undefined): SortKey {
  if (sort === 'waiting') return { sql: 'c.waiting_since', desc: false };
  if (sort === 'sla') {
    if (!limits) throw new Error('The sla sort needs the time limits.');
    return { sql: slaDueKey(limits), desc: false };
  }
  return NEWEST;
}
