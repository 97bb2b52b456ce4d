import { ANALYTICS_COUNT_COLUMNS, type AnalyticsConversationRow, type AnalyticsCounts, type AnalyticsKey, type AnalyticsStore, type PortableSql, type RunningKey } from '../ports/storage.js';

/**
 * S-AN-1: the analytics rollups (migrations sqlite 021–023, postgres 012–014), the same SQL on
 * both adapters. Flags are compared with TRUE and FALSE, which both read alike.
 */

const COUNT_COLUMNS = ANALYTICS_COUNT_COLUMNS;

/**
 * Rows a multi-row statement carries: powers of two up to 128 (PostgreSQL binds 65,535 parameters,
 * SQLite 32,766), so a handful of statement texts serves every batch — each prepared once, where a
 * text per row count would be prepared again and again on the fold's path.
 */
const CHUNK = 128;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; ) {
    let size = CHUNK;
    while (size > rows.length - i) size >>= 1;
    out.push(rows.slice(i, i + size));
    i += size;
  }
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
 * The report's edges as a table `p(i, e)`, padded to a power of two with copies of the last edge
 * (their index -1) so a handful of statement texts serves every range (prepared once each).
 */
function edgesTable(edges: readonly number[], values: unknown[]): string {
  let size = 1;
  while (size < edges.length) size *= 2;
  const rows: string[] = [];
  for (let i = 0; i < size; i++) {
    values.push(i < edges.length ? i : -1, edges[Math.min(i, edges.length - 1)] ?? 0);
    const n = values.length;
    rows.push(`(CAST($${n - 1} AS BIGINT), CAST($${n} AS BIGINT))`);
  }
  return `WITH p(i, e) AS (VALUES ${rows.join(', ')})`;
}

const flag = (v: unknown) => v === true || v === 1;
const COUNTS = COUNT_COLUMNS.join(', ');
const numbers = <T extends object>(r: T): T => {
  const out = { ...r } as Record<string, unknown>;
  for (const c of COUNT_COLUMNS) out[c] = Number(out[c]);
  return out as T;
};

const EDGES_PER_STATEMENT = 64;

/**
 * `lateral`: the dialect has LATERAL (PostgreSQL), so the newest row before each edge is one index
 * seek with its row; SQLite has none, and seeks the bucket, then the row by it.
 */
export function analyticsStore(sql: PortableSql, dialect: { lateral: boolean } = { lateral: false }): AnalyticsStore {
  const managerFilter = (column: string, manager: string | null, values: unknown[]) => {
    if (manager === null) return '';
    values.push(manager);
    return ` AND ${column} = $${values.length}`;
  };
  const store: AnalyticsStore = {
    watermark: async () => {
      const rows = await sql.all<{ key: string; value: number }>(`SELECT key, value FROM analytics_state WHERE key IN ('watermark', 'watermark_at')`, []);
      const get = (k: string) => rows.find((r) => r.key === k)?.value;
      return { id: Number(get('watermark') ?? 0), at: get('watermark_at') === undefined ? null : Number(get('watermark_at')) };
    },
    setWatermark: async (id, at) =>
      void (await (at === null
        ? sql.run(`INSERT INTO analytics_state (key, value) VALUES ('watermark', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [id])
        : sql.run(
            `INSERT INTO analytics_state (key, value) VALUES ('watermark', $1), ('watermark_at', $2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
            [id, at],
          ))),
    // No condition on the conversation: with `c.kind = 'customer'` here SQLite walked all the
    // conversations (a plan seeking each one's newer messages, or a Bloom filter built over
    // them), 6–33 ms a batch with 100,000 conversations against 0.5 ms without; the fold steps
    // over other kinds itself.
    messagesAfter: (afterId, limit) =>
      sql.all(
        `SELECT m.id, m.conversation_id, c.kind AS conversation_kind, c.channel_id, m.created_at, c.created_at AS conversation_created_at, m.author_kind, m.author_id, m.system
         FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE m.id > $1 ORDER BY m.id LIMIT $2`,
        [afterId, limit],
      ),
    conversations: async (ids) => {
      const out = new Map<number, AnalyticsConversationRow>();
      for (const part of chunks(ids)) {
        const rows = await sql.all<AnalyticsConversationRow>(
          `SELECT conversation_id, channel_id, assignee_id, open, opened_at, first_customer_at, answered, wait_since, repliers
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
          `INSERT INTO analytics_conversations (conversation_id, channel_id, assignee_id, open, opened_at, first_customer_at, answered, wait_since, repliers)
           VALUES ${tuples(part.length, 9)}
           ON CONFLICT (conversation_id) DO UPDATE SET channel_id = excluded.channel_id, assignee_id = excluded.assignee_id, open = excluded.open,
             opened_at = excluded.opened_at, first_customer_at = excluded.first_customer_at, answered = excluded.answered, wait_since = excluded.wait_since,
             repliers = excluded.repliers`,
          part.flatMap((r) => [r.conversation_id, r.channel_id, r.assignee_id, r.open, r.opened_at, r.first_customer_at, r.answered, r.wait_since, r.repliers]),
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
    addKeys: async (keys) => {
      for (const part of chunks(keys)) {
        await sql.run(
          `INSERT INTO analytics_keys (level, channel_id, manager_id) VALUES ${tuples(part.length, 3)} ON CONFLICT (level, channel_id, manager_id) DO NOTHING`,
          part.flatMap((k) => [k.level, k.channel_id, k.manager_id]),
        );
      }
    },
    lastTotals: async (k) => {
      const row = await sql.one<AnalyticsCounts & { bucket: number }>(
        `SELECT bucket, ${COUNTS} FROM analytics_running WHERE level = $1 AND channel_id = $2 AND manager_id = $3 ORDER BY bucket DESC LIMIT 1`,
        [k.level, k.channel_id, k.manager_id],
      );
      return row && numbers(row);
    },
    totalsUpTo: async (k, bucket) => {
      const row = await sql.one<AnalyticsCounts>(
        `SELECT ${COUNTS} FROM analytics_running WHERE level = $1 AND channel_id = $2 AND manager_id = $3 AND bucket <= $4 ORDER BY bucket DESC LIMIT 1`,
        [k.level, k.channel_id, k.manager_id, bucket],
      );
      return row && numbers(row);
    },
    putTotals: async (rows) => {
      for (const part of chunks(rows)) {
        await sql.run(
          `INSERT INTO analytics_running (level, channel_id, manager_id, bucket, ${COUNTS}) VALUES ${tuples(part.length, 4 + COUNT_COLUMNS.length)}
           ON CONFLICT (level, channel_id, manager_id, bucket) DO UPDATE SET ${COUNT_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`,
          part.flatMap((r) => [r.level, r.channel_id, r.manager_id, r.bucket, ...COUNT_COLUMNS.map((c) => r[c])]),
        );
      }
    },
    shiftTotals: async (k, bucket, delta) =>
      void (await sql.run(
        `UPDATE analytics_running SET ${COUNT_COLUMNS.map((c, i) => `${c} = ${c} + $${i + 5}`).join(', ')}
         WHERE level = $1 AND channel_id = $2 AND manager_id = $3 AND bucket > $4`,
        [k.level, k.channel_id, k.manager_id, bucket, ...COUNT_COLUMNS.map((c) => delta[c])],
      )),
    rebuilding: async () => (await sql.one(`SELECT 1 AS flag FROM analytics_state WHERE key = 'rebuilding'`, [])) !== undefined,
    setRebuilding: async (on) =>
      void (await sql.run(
        on ? `INSERT INTO analytics_state (key, value) VALUES ('rebuilding', 1) ON CONFLICT (key) DO NOTHING` : `DELETE FROM analytics_state WHERE key = 'rebuilding'`,
        [],
      )),
    addDeltas: async (rows) => {
      for (const part of chunks(rows)) {
        await sql.run(
          `INSERT INTO analytics_deltas (level, channel_id, manager_id, bucket, ${COUNTS}) VALUES ${tuples(part.length, 4 + COUNT_COLUMNS.length)}
           ON CONFLICT (level, channel_id, manager_id, bucket) DO UPDATE SET ${COUNT_COLUMNS.map((c) => `${c} = analytics_deltas.${c} + excluded.${c}`).join(', ')}`,
          part.flatMap((r) => [r.level, r.channel_id, r.manager_id, r.bucket, ...COUNT_COLUMNS.map((c) => r[c])]),
        );
      }
    },
    runningFromDeltas: async () => {
      await sql.run('INSERT INTO analytics_keys (level, channel_id, manager_id) SELECT DISTINCT level, channel_id, manager_id FROM analytics_deltas WHERE true ON CONFLICT DO NOTHING', []);
      await sql.run(
        `INSERT INTO analytics_running (level, channel_id, manager_id, bucket, ${COUNTS})
         SELECT level, channel_id, manager_id, bucket, ${COUNT_COLUMNS.map((c) => `SUM(${c}) OVER w`).join(', ')} FROM analytics_deltas
         WINDOW w AS (PARTITION BY level, channel_id, manager_id ORDER BY bucket ROWS UNBOUNDED PRECEDING)`,
        [],
      );
      await sql.run('DELETE FROM analytics_deltas', []);
    },
    analyze: async () => {
      // One table a statement: SQLite's ANALYZE takes one name.
      for (const table of ['analytics_conversations', 'analytics_deltas', 'analytics_keys', 'analytics_durations']) await sql.run(`ANALYZE ${table}`, []);
    },
    clear: async () => {
      for (const table of ['analytics_running', 'analytics_keys', 'analytics_deltas', 'analytics_durations', 'analytics_conversations', 'analytics_state']) {
        await sql.run(`DELETE FROM ${table}`, []);
      }
    },
    totalsAt: async (edges, level, manager) => {
      // At most 64 edges a statement: past a couple of hundred rows in VALUES, SQLite's plan walks
      // the rows of a key per edge instead of seeking.
      if (edges.length > EDGES_PER_STATEMENT) {
        const out: Array<AnalyticsKey & { edge: number } & AnalyticsCounts> = [];
        for (let from = 0; from < edges.length; from += EDGES_PER_STATEMENT) {
          const part = await store.totalsAt(edges.slice(from, from + EDGES_PER_STATEMENT), level, manager);
          for (const r of part) out.push({ ...r, edge: r.edge + from });
        }
        return out;
      }
      const values: unknown[] = [];
      const head = edgesTable(edges, values);
      values.push(level);
      const atLevel = ` AND k.level = $${values.length}`;
      const only = managerFilter('k.manager_id', manager, values);
      // PostgreSQL: per key and edge, one LATERAL seek gives the newest row before the edge. SQLite
      // has no LATERAL: the newest bucket before the edge (an index seek), then that row by its key
      // (another); materialized first, so no plan walks a key's rows per edge instead.
      const text = dialect.lateral
        ? `${head}
           SELECT p.i AS edge, k.channel_id, k.manager_id, ${COUNT_COLUMNS.map((c) => `r.${c}`).join(', ')}
           FROM p CROSS JOIN analytics_keys k
           CROSS JOIN LATERAL (
             SELECT ${COUNTS} FROM analytics_running r2
             WHERE r2.level = k.level AND r2.channel_id = k.channel_id AND r2.manager_id = k.manager_id AND r2.bucket < p.e
             ORDER BY r2.bucket DESC LIMIT 1) r
           WHERE p.i >= 0${atLevel}${only}`
        : `${head}, m AS MATERIALIZED (
           SELECT p.i AS edge, k.level, k.channel_id, k.manager_id,
             (SELECT max(r2.bucket) FROM analytics_running r2
               WHERE r2.level = k.level AND r2.channel_id = k.channel_id AND r2.manager_id = k.manager_id AND r2.bucket < p.e) AS b
           FROM p CROSS JOIN analytics_keys k
           WHERE p.i >= 0${atLevel}${only})
         SELECT m.edge, m.channel_id, m.manager_id, ${COUNT_COLUMNS.map((c) => `r.${c}`).join(', ')}
         FROM m JOIN analytics_running r ON r.level = m.level AND r.channel_id = m.channel_id AND r.manager_id = m.manager_id AND r.bucket = m.b`;
      const rows = await sql.all<AnalyticsKey & { edge: number } & AnalyticsCounts>(text, values);
      return rows.map((r) => ({ ...numbers(r), edge: Number(r.edge), channel_id: Number(r.channel_id) }));
    },
    durations: async (from, to, manager) => {
      const values: unknown[] = [from, to];
      const only = managerFilter('manager_id', manager, values);
      return sql.all(`SELECT at, channel_id, manager_id, kind, ms FROM analytics_durations WHERE at >= $1 AND at < $2${only}`, values);
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
  return store;
}
