import { ANALYTICS_COUNT_COLUMNS, type AnalyticsConversationRow, type AnalyticsCounts, type AnalyticsKey, type AnalyticsPeriodEdges, type AnalyticsStore, type PortableSql } from '../ports/storage.js';

/**
 * S-AN-1: the analytics rollups (migrations sqlite 021, postgres 012), the same SQL on both
 * adapters. Sums are cast to BIGINT: PostgreSQL's SUM of bigints is a numeric, which `pg` reads
 * as a string. Flags are compared with TRUE and FALSE, which both read alike.
 */

const COUNT_COLUMNS = ANALYTICS_COUNT_COLUMNS;

/** Rows a multi-row statement carries at most (PostgreSQL binds 65,535 parameters, SQLite 32,766). */
const CHUNK = 200;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** `($1, $2), ($3, $4)…` for `rows` rows of `width` values, the numbering starting after `offset`. */
function tuples(rows: number, width: number, offset = 0): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < width; c++) cells.push(`$${offset + r * width + c + 1}`);
    out.push(`(${cells.join(', ')})`);
  }
  return out.join(', ');
}

/**
 * The report's periods as a table `p(i, s, e)`, padded to a power of two with empty ones (s = e = 0)
 * so a handful of statement texts serves every range (prepared once each, on both databases).
 */
function periodsTable(periods: readonly AnalyticsPeriodEdges[], values: unknown[]): string {
  let size = 1;
  while (size < periods.length) size *= 2;
  const rows: string[] = [];
  for (let i = 0; i < size; i++) {
    const p = periods[i];
    values.push(p ? i : -1, p?.start ?? 0, p?.end ?? 0);
    const n = values.length;
    rows.push(`(CAST($${n - 2} AS BIGINT), CAST($${n - 1} AS BIGINT), CAST($${n} AS BIGINT))`);
  }
  return `WITH p(i, s, e) AS (VALUES ${rows.join(', ')})`;
}

const flag = (v: unknown) => v === true || v === 1;
const SUMS = COUNT_COLUMNS.map((c) => `CAST(SUM(c.${c}) AS BIGINT) AS ${c}`).join(', ');

export function analyticsStore(sql: PortableSql): AnalyticsStore {
  const managerFilter = (column: string, manager: string | null, values: unknown[]) => {
    if (manager === null) return '';
    values.push(manager);
    return ` AND ${column} = $${values.length}`;
  };
  return {
    watermark: async () => {
      const rows = await sql.all<{ key: string; value: number }>(`SELECT key, value FROM analytics_state WHERE key IN ('watermark', 'watermark_at')`, []);
      const get = (k: string) => rows.find((r) => r.key === k)?.value;
      return { id: Number(get('watermark') ?? 0), at: get('watermark_at') === undefined ? null : Number(get('watermark_at')) };
    },
    setWatermark: async (id, at) =>
      void (await sql.run(
        `INSERT INTO analytics_state (key, value) VALUES ('watermark', $1), ('watermark_at', $2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [id, at],
      )),
    messagesAfter: (afterId, limit) =>
      sql.all(
        `SELECT m.id, m.conversation_id, c.channel_id, m.created_at, c.created_at AS conversation_created_at, m.author_kind, m.author_id, m.system
         FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE m.id > $1 AND c.kind = 'customer' ORDER BY m.id LIMIT $2`,
        [afterId, limit],
      ),
    conversations: async (ids) => {
      const out = new Map<number, AnalyticsConversationRow>();
      for (const part of chunks(ids)) {
        const rows = await sql.all<AnalyticsConversationRow>(
          `SELECT conversation_id, channel_id, assignee_id, open, opened_at, first_customer_at, answered, wait_since
           FROM analytics_conversations WHERE conversation_id IN (${part.map((_, i) => `$${i + 1}`).join(', ')})`,
          part,
        );
        for (const r of rows) out.set(Number(r.conversation_id), { ...r, open: flag(r.open), answered: flag(r.answered) });
      }
      return out;
    },
    saveConversations: async (rows) => {
      for (const part of chunks(rows)) {
        await sql.run(
          `INSERT INTO analytics_conversations (conversation_id, channel_id, assignee_id, open, opened_at, first_customer_at, answered, wait_since)
           VALUES ${tuples(part.length, 8)}
           ON CONFLICT (conversation_id) DO UPDATE SET channel_id = excluded.channel_id, assignee_id = excluded.assignee_id, open = excluded.open,
             opened_at = excluded.opened_at, first_customer_at = excluded.first_customer_at, answered = excluded.answered, wait_since = excluded.wait_since`,
          part.flatMap((r) => [r.conversation_id, r.channel_id, r.assignee_id, r.open, r.opened_at, r.first_customer_at, r.answered, r.wait_since]),
        );
      }
    },
    addCounts: async (rows) => {
      for (const part of chunks(rows)) {
        await sql.run(
          `INSERT INTO analytics_counts (bucket, channel_id, manager_id, ${COUNT_COLUMNS.join(', ')})
           VALUES ${tuples(part.length, 3 + COUNT_COLUMNS.length)}
           ON CONFLICT (bucket, channel_id, manager_id) DO UPDATE SET ${COUNT_COLUMNS.map((c) => `${c} = analytics_counts.${c} + excluded.${c}`).join(', ')}`,
          part.flatMap((r) => [r.bucket, r.channel_id, r.manager_id, ...COUNT_COLUMNS.map((c) => r[c])]),
        );
      }
    },
    addDurations: async (rows) => {
      for (const part of chunks(rows)) {
        await sql.run(
          `INSERT INTO analytics_durations (at, channel_id, manager_id, kind, ms) VALUES ${tuples(part.length, 5)}`,
          part.flatMap((r) => [r.at, r.channel_id, r.manager_id, r.kind, r.ms]),
        );
      }
    },
    addReplied: async (rows) => {
      for (const part of chunks(rows)) {
        await sql.run(
          `INSERT INTO analytics_replied (bucket, manager_id, conversation_id, channel_id) VALUES ${tuples(part.length, 4)}
           ON CONFLICT (bucket, manager_id, conversation_id) DO NOTHING`,
          part.flatMap((r) => [r.bucket, r.manager_id, r.conversation_id, r.channel_id]),
        );
      }
    },
    clear: async () => {
      for (const table of ['analytics_counts', 'analytics_durations', 'analytics_replied', 'analytics_conversations', 'analytics_state']) {
        await sql.run(`DELETE FROM ${table}`, []);
      }
    },
    countsByPeriod: async (periods, manager) => {
      const values: unknown[] = [];
      const head = periodsTable(periods, values);
      const only = managerFilter('c.manager_id', manager, values);
      const rows = await sql.all<AnalyticsKey & { period: number } & AnalyticsCounts>(
        `${head}
         SELECT p.i AS period, c.channel_id, c.manager_id, ${SUMS}
         FROM p JOIN analytics_counts c ON c.bucket >= p.s AND c.bucket < p.e${only}
         GROUP BY p.i, c.channel_id, c.manager_id`,
        values,
      );
      return rows.map((r) => ({ ...r, period: Number(r.period), channel_id: Number(r.channel_id) }));
    },
    openDeltaSince: async (from, manager) => {
      const values: unknown[] = [from];
      const only = managerFilter('manager_id', manager, values);
      return sql.all(
        `SELECT channel_id, manager_id, CAST(SUM(open_delta) AS BIGINT) AS open_delta FROM analytics_counts
         WHERE bucket >= $1${only} GROUP BY channel_id, manager_id`,
        values,
      );
    },
    openNow: async (manager) => {
      const values: unknown[] = [];
      const only = managerFilter('assignee_id', manager, values);
      const rows = await sql.all<{ channel_id: number; assignee_id: string | null; open: number }>(
        `SELECT channel_id, assignee_id, COUNT(*) AS open FROM analytics_conversations
         WHERE open = TRUE${only} GROUP BY channel_id, assignee_id`,
        values,
      );
      return rows.map((r) => ({ channel_id: r.channel_id, manager_id: r.assignee_id ?? '', open: Number(r.open) }));
    },
    durations: async (from, to, manager) => {
      const values: unknown[] = [from, to];
      const only = managerFilter('manager_id', manager, values);
      return sql.all(`SELECT at, channel_id, manager_id, kind, ms FROM analytics_durations WHERE at >= $1 AND at < $2${only}`, values);
    },
    handledByPeriod: async (periods, manager) => {
      const values: unknown[] = [];
      const head = periodsTable(periods, values);
      const only = managerFilter('r.manager_id', manager, values);
      const rows = await sql.all<AnalyticsKey & { period: number; handled: number }>(
        `${head}
         SELECT p.i AS period, r.channel_id, r.manager_id, COUNT(DISTINCT r.conversation_id) AS handled
         FROM p JOIN analytics_replied r ON r.bucket >= p.s AND r.bucket < p.e${only}
         GROUP BY p.i, r.channel_id, r.manager_id`,
        values,
      );
      return rows.map((r) => ({ ...r, period: Number(r.period), handled: Number(r.handled) }));
    },
    onlineStart: async (r) =>
      void (await sql.run('INSERT INTO analytics_online (key, user_id, node, started_at, seen_at, closed) VALUES ($1, $2, $3, $4, $4, FALSE)', [
        r.key,
        r.user_id,
        r.node,
        r.started_at,
      ])),
    onlineEnd: async (key, at) => void (await sql.run('UPDATE analytics_online SET seen_at = $2, closed = TRUE WHERE key = $1', [key, at])),
    onlineSeen: async (node, at) => void (await sql.run('UPDATE analytics_online SET seen_at = $2 WHERE node = $1 AND closed = FALSE', [node, at])),
    online: async (from, to, manager) => {
      const values: unknown[] = [from, to];
      const only = managerFilter('user_id', manager, values);
      const rows = await sql.all<{ user_id: string; started_at: number; seen_at: number; closed: unknown }>(
        `SELECT user_id, started_at, seen_at, closed FROM analytics_online WHERE started_at < $2 AND (seen_at >= $1 OR closed = FALSE)${only}`,
        values,
      );
      return rows.map((r) => ({ ...r, closed: flag(r.closed) }));
    },
  };
}
