import type { SlaQuery } from '../ports/records.js';

/**
 * S-DLG-4's SLA filter as one SQL condition over conversations `c`, the same on both adapters:
 * each channel's limits become a CASE of integer literals (validated milliseconds, never user
 * text; they change only with the settings, so the statement cache holds a few). The clock is
 * the caller's parameter `now` (SQLite `@sla_now`, PostgreSQL `$n`).
 */
export function slaCondition(q: SlaQuery, now: string): string {
  const { limits } = q;
  const overrides = Object.entries(limits.perChannel);
  const perChannel = (ms: (l: { warningMs: number | null; processingMs: number }) => number | null) => {
    const value = (n: number | null) => (n === null ? 'NULL' : String(Math.trunc(n)));
    if (overrides.length === 0) return value(ms(limits.default));
    const whens = overrides.map(([id, l]) => `WHEN ${Math.trunc(Number(id))} THEN ${value(ms(l))}`).join(' ');
    return `(CASE c.channel_id ${whens} ELSE ${value(ms(limits.default))} END)`;
  };
  const warning = perChannel((l) => l.warningMs);
  const processing = perChannel((l) => l.processingMs);
  const first = perChannel((l) => l.warningMs ?? l.processingMs);
  const running = `c.status = 'open' AND c.sla_since IS NOT NULL`;
  switch (q.state) {
    case 'breached':
      return `${running} AND c.sla_since + ${processing} <= ${now}`;
    case 'warning':
      return `${running} AND c.sla_since + ${warning} <= ${now} AND c.sla_since + ${processing} > ${now}`;
    case 'ok':
      return `${running} AND c.sla_since + ${first} > ${now}`;
  }
}
