/**
 * Small PostgreSQL databases for the live cross-node figures, as dataset.ts seedSmall makes them
 * on SQLite: our adapter's migrations make the schema, then the rows go in directly.
 */
import pg from 'pg';
import { openPostgres } from '../../packages/server/src/adapters/postgres/db.js';
import { customerSearchKey, searchWords } from '../../packages/server/src/ports/search-folding.js';
import { PG_SCHEMA } from './pg-admin.js';
import { rng } from './stats.js';
import { personName, sentence } from './words.js';

export interface PgSmallSpec {
  /** Managers m1..mN, each with one open web conversation assigned (customer i ↔ manager i ↔ conversation i). */
  pairs?: number;
  /** Plain managers with no conversation of their own: manager1..managerN. */
  plainManagers?: number;
  /** Open web conversations assigned to nobody (every plain manager sees them), after the pairs'. */
  unassigned?: number;
}

export async function seedSmallPg(url: string, spec: PgSmallSpec): Promise<void> {
  const pool = await openPostgres({ url, schema: PG_SCHEMA, max: 1 });
  await pool.end();
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${PG_SCHEMA},public` });
  await client.connect();
  try {
    const rand = rng(7);
    const now = Date.now();
    const at = now - 3_600_000;
    const pairs = spec.pairs ?? 0;
    const users: [string, string][] = [];
    for (let i = 1; i <= pairs; i++) users.push([`m${i}`, `Менеджер ${i}`]);
    for (let i = 1; i <= (spec.plainManagers ?? 0); i++) users.push([`manager${i}`, `Менеджер ${i}`]);
    const conversations = pairs + (spec.unassigned ?? 0);
    const ids = Array.from({ length: conversations }, (_, i) => i + 1);
    const names = ids.map(() => personName(rand));
    const texts = ids.map(() => sentence(rand));
    await client.query('BEGIN');
    await client.query(`INSERT INTO channels (id, kind, name, created_at) VALUES (1, 'web', 'Website', $1)`, [now - 86_400_000]);
    await client.query(`INSERT INTO users (id, name, rights, updated_at) SELECT id, name, '["chats"]', $3 FROM unnest($1::text[], $2::text[]) AS u(id, name)`, [
      users.map((u) => u[0]),
      users.map((u) => u[1]),
      now,
    ]);
    await client.query(
      `INSERT INTO customers (id, name, channel_id, created_at, search_key) SELECT id, name, 1, $3, key FROM unnest($1::bigint[], $2::text[], $4::text[]) AS u(id, name, key)`,
      [ids, names, at, names.map((n) => customerSearchKey(n, null, null))],
    );
    // One customer message each: the conversation waits since it (S-DLG-4).
    await client.query(
      `INSERT INTO conversations (id, channel_id, customer_id, status, assignee_id, last_message_id, last_activity_at, created_at, message_count, waiting_since)
       SELECT id, 1, id, 'open', assignee, id, $3, $3, 1, $3 FROM unnest($1::bigint[], $2::text[]) AS u(id, assignee)`,
      [ids, ids.map((i) => (i <= pairs ? `m${i}` : null)), at],
    );
    await client.query(
      `INSERT INTO messages (id, conversation_id, author_kind, author_id, author_name, text, client_message_id, created_at, ordinal, search)
       SELECT id, id, 'customer', id::text, name, text, 's' || id, $4, 1, array_to_tsvector(string_to_array(words, ' '))
       FROM unnest($1::bigint[], $2::text[], $3::text[], $5::text[]) AS u(id, name, text, words)`,
      [ids, names, texts, at, texts.map((t) => searchWords(t).join(' '))],
    );
    for (const table of ['channels', 'customers', 'conversations', 'messages']) {
      await client.query(`SELECT setval(pg_get_serial_sequence('${PG_SCHEMA}.${table}', 'id'), (SELECT coalesce(max(id), 1) FROM ${PG_SCHEMA}.${table}))`);
    }
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}
