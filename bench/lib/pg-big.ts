/**
 * The 1M-message dataset on PostgreSQL, built once into its own database and kept as the
 * template that figures copy (pg-admin.ts runDatabase). The rows are big-generator.ts's, the
 * same as the SQLite cache's, with the later columns derived as the server's migrations derive
 * them on SQLite (ordinals, message counts, waiting since, read ordinals, search keys and search
 * vectors).
 *
 * Our adapter's migrations make the schema (so the server finds every migration recorded and
 * accepts the database as is); the rows then go in with INSERT … SELECT FROM unnest(arrays),
 * 20,000 rows a statement, foreign-key triggers off (session_replication_role = replica: the
 * rows are consistent by construction) and the secondary indexes dropped and rebuilt after.
 * The build happens in a database named after this process and is renamed when complete, so a
 * killed build leaves nothing that looks finished.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgres } from '../../packages/server/src/adapters/postgres/db.js';
import { customerSearchKey, searchWords } from '../../packages/server/src/ports/search-folding.js';
import { BIG, generateBig, type BigRow } from './big-generator.js';
import { BUILD_PREFIX, databaseExists, databaseUrl, dropDatabase, dropOrphans, ident, PG_SCHEMA, withAdmin } from './pg-admin.js';
import { ROOT_DIR } from './proc.js';
import { log } from './stats.js';

/** Bump when the load changes (big-generator.ts changing counts too): a new database is built. */
const VERSION = 1;
const PREFIX = 'chatdesk_bench_big_v';
export const BIG_PG = `${PREFIX}${VERSION}`;
const MIGRATIONS_DIR = join(ROOT_DIR, 'packages/server/src/adapters/postgres/migrations');
const CHUNK = 20_000;
/** bigint read as a JS number, as the adapter reads it. */
export const NUMBERS = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export interface PgBigMeta {
  version: number;
  /** The adapter's migrations the database has (file names). */
  migrations: string[];
  buildMs: number;
  managers: string[];
  /** The 2,000 newest open web conversations with their customer: ingest senders (ours, then raw). */
  senders: { customerId: number; channelId: number; conversationId: number }[];
  /** Conversations with at least 120 messages, with their assignee (message pages). */
  longConversations: { id: number; assignee: string | null; minId: number; maxId: number }[];
}

function migrationList(): string[] {
  return readdirSync(MIGRATIONS_DIR).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
}

async function connect(db: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl(db), options: `-c search_path=${PG_SCHEMA},public`, types: NUMBERS });
  await client.connect();
  return client;
}

/** The cached dataset (built when missing, migrated when the adapter has new migrations). */
export async function ensureBigPg(): Promise<PgBigMeta> {
  const exists = await withAdmin(async (c) => {
    await dropOrphans(c);
    return databaseExists(c, BIG_PG);
  });
  if (exists) {
    const client = await connect(BIG_PG);
    let meta: PgBigMeta;
    try {
      meta = JSON.parse((await client.query<{ value: string }>(`SELECT value FROM public.bench_meta WHERE key = 'meta'`)).rows[0]!.value) as PgBigMeta;
    } finally {
      await client.end();
    }
    const current = migrationList();
    if (meta.migrations.join() === current.join()) return meta;
    // New migrations only: run them on the cached database, as a server upgrade would.
    log(`  pg dataset: migrating ${BIG_PG} (${current.filter((m) => !meta.migrations.includes(m)).join(', ')})`);
    const pool = await openPostgres({ url: databaseUrl(BIG_PG), schema: PG_SCHEMA, max: 1 });
    await pool.end();
    const next = { ...meta, migrations: current };
    const c2 = await connect(BIG_PG);
    try {
      await c2.query('VACUUM (ANALYZE)');
      await c2.query(`UPDATE public.bench_meta SET value = $1 WHERE key = 'meta'`, [JSON.stringify(next)]);
    } finally {
      await c2.end();
    }
    return next;
  }
  return build();
}

async function build(): Promise<PgBigMeta> {
  const t0 = performance.now();
  const tmp = `${BUILD_PREFIX}${process.pid}`;
  log(`  pg dataset: building ${BIG_PG} (${BIG.messages.toLocaleString('en-US')} messages, once; kept as a template)`);
  await withAdmin(async (c) => {
    // Older versions of the dataset go: one cached copy at a time.
    const old = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'chatdesk\\_bench\\_big\\_v%'`);
    for (const { datname } of old.rows) await dropDatabase(c, datname);
    await dropDatabase(c, tmp);
    await c.query(`CREATE DATABASE ${ident(tmp)}`);
  });
  try {
    const pool = await openPostgres({ url: databaseUrl(tmp), schema: PG_SCHEMA, max: 1 });
    await pool.end();
    const client = await connect(tmp);
    let meta: PgBigMeta;
    try {
      await client.query(`SET synchronous_commit = off`);
      await client.query(`SET maintenance_work_mem = '512MB'`);
      await client.query(`SET session_replication_role = replica`);
      const indexes = await dropSecondaryIndexes(client);
      const t1 = performance.now();
      await load(client);
      log(`  pg dataset: rows in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
      const t2 = performance.now();
      for (const def of indexes) await client.query(def);
      log(`  pg dataset: ${indexes.length} indexes rebuilt in ${((performance.now() - t2) / 1000).toFixed(1)} s`);
      for (const table of ['channels', 'customers', 'conversations', 'messages']) {
        await client.query(`SELECT setval(pg_get_serial_sequence('${PG_SCHEMA}.${table}', 'id'), (SELECT max(id) FROM ${PG_SCHEMA}.${table}))`);
      }
      const t3 = performance.now();
      await client.query('VACUUM (FREEZE, ANALYZE)');
      // Written out now, not by the checkpoint of the first copy (CREATE DATABASE … FILE_COPY).
      await client.query('CHECKPOINT');
      log(`  pg dataset: VACUUM (FREEZE, ANALYZE) and CHECKPOINT in ${((performance.now() - t3) / 1000).toFixed(1)} s`);
      meta = { ...(await readMeta(client)), buildMs: performance.now() - t0 };
      await client.query('CREATE TABLE public.bench_meta (key text PRIMARY KEY, value text NOT NULL)');
      await client.query(`INSERT INTO public.bench_meta (key, value) VALUES ('meta', $1)`, [JSON.stringify(meta)]);
    } finally {
      await client.end();
    }
    await withAdmin((c) => c.query(`ALTER DATABASE ${ident(tmp)} RENAME TO ${ident(BIG_PG)}`));
    const size = await withAdmin(async (c) => Number((await c.query(`SELECT pg_database_size($1) AS n`, [BIG_PG])).rows[0].n));
    log(`  pg dataset: ${BIG_PG} ready in ${(meta.buildMs / 1000).toFixed(1)} s (${(size / 2 ** 20).toFixed(0)} MB)`);
    return meta;
  } catch (err) {
    await withAdmin((c) => dropDatabase(c, tmp));
    throw err;
  }
}

/** Drops the indexes no constraint needs (rebuilt in one pass each after the load); returns their definitions. */
async function dropSecondaryIndexes(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
     FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = $1 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [PG_SCHEMA],
  );
  for (const r of rows) await client.query(`DROP INDEX ${r.name}`);
  return rows.map((r) => r.def);
}

/** Columns of one table, filled row by row and written CHUNK rows at a time. */
class Batch {
  private cols: unknown[][];
  private pending: Promise<unknown> = Promise.resolve();
  rows = 0;

  constructor(
    private readonly client: pg.Client,
    private readonly sql: string,
    width: number,
  ) {
    this.cols = Array.from({ length: width }, () => []);
  }

  /** Adds a row; at CHUNK rows, sends them (while the next chunk is generated) after the previous send is done. */
  async add(...values: unknown[]): Promise<void> {
    values.forEach((v, i) => this.cols[i]!.push(v));
    if (++this.rows % CHUNK === 0) await this.flush();
  }

  async flush(): Promise<void> {
    await this.pending;
    if (this.cols[0]!.length === 0) return;
    const cols = this.cols;
    this.cols = cols.map(() => []);
    const sent = this.client.query(this.sql, cols);
    // Awaited at the next flush; until then a failure must not count as unhandled.
    sent.catch(() => undefined);
    this.pending = sent;
  }

  async done(): Promise<void> {
    await this.flush();
    await this.pending;
  }
}

const unnest = (table: string, cols: string, types: string[], select = cols) =>
  `INSERT INTO ${table} (${cols}) SELECT ${select} FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')}) AS u(${cols})`;

async function load(client: pg.Client): Promise<void> {
  const users = new Batch(client, unnest('users', 'id, name, rights, updated_at', ['text', 'text', 'text', 'bigint']), 4);
  const channels = new Batch(client, unnest('channels', 'id, kind, name, created_at', ['bigint', 'text', 'text', 'bigint']), 4);
  const customers = new Batch(
    client,
    unnest('customers', 'id, name, channel_id, created_at, search_key', ['bigint', 'text', 'bigint', 'bigint', 'text']),
    5,
  );
  const messageCols = 'id, conversation_id, author_kind, author_id, author_name, text, client_message_id, created_at, ordinal, search';
  const messages = new Batch(
    client,
    // The adapter's insert writes array_to_tsvector(searchWords(text)); the words go over as one
    // string (they never hold a space) since unnest cannot take ragged arrays.
    unnest('messages', messageCols, ['bigint', 'bigint', 'text', 'text', 'text', 'text', 'text', 'bigint', 'bigint', 'text'],
      messageCols.replace('search', `array_to_tsvector(string_to_array(search, ' '))`)),
    10,
  );
  const conversations = new Batch(
    client,
    unnest(
      'conversations',
      'id, channel_id, customer_id, status, assignee_id, last_message_id, last_activity_at, created_at, message_count, waiting_since',
      ['bigint', 'bigint', 'bigint', 'text', 'text', 'bigint', 'bigint', 'bigint', 'bigint', 'bigint'],
    ),
    10,
  );
  const cursors = new Batch(client, unnest('read_cursors', 'user_key, conversation_id, read_ordinal', ['text', 'bigint', 'bigint']), 3);

  // Conversations wait for their counters (foreign keys are off: they may follow their messages).
  const held: Extract<BigRow, { table: 'conversation' }>[] = [];
  const count = new Int32Array(BIG.conversations + 1);
  const waiting = new Float64Array(BIG.conversations + 1);
  const ordinalOf = new Int32Array(BIG.messages + 1);
  for (const r of generateBig()) {
    switch (r.table) {
      case 'user':
        await users.add(r.id, r.name, r.rights, r.at);
        break;
      case 'channel':
        await channels.add(r.id, r.kind, r.name, r.at);
        break;
      case 'customer':
        await customers.add(r.id, r.name, r.channelId, r.at, customerSearchKey(r.name, null, null));
        break;
      case 'conversation':
        held.push(r);
        break;
      case 'message': {
        const ordinal = (count[r.conversationId] as number) + 1;
        count[r.conversationId] = ordinal;
        ordinalOf[r.id] = ordinal;
        // S-DLG-4 as migration 004 backfills it: since the first customer message after the last manager message.
        if (r.authorKind === 'manager') waiting[r.conversationId] = 0;
        else if (waiting[r.conversationId] === 0) waiting[r.conversationId] = r.createdAt;
        await messages.add(r.id, r.conversationId, r.authorKind, r.authorId, r.authorName, r.text, r.clientMessageId, r.createdAt, ordinal,
          searchWords(r.text).join(' '));
        break;
      }
      case 'cursor':
        await cursors.add(r.userKey, r.conversationId, ordinalOf[r.lastReadMessageId]);
        break;
    }
  }
  for (const c of held) {
    await conversations.add(c.id, c.channelId, c.customerId, c.status, c.assignee, c.lastMessageId, c.lastAt, c.createdAt, count[c.id],
      waiting[c.id] || null);
  }
  for (const b of [users, channels, customers, messages, conversations, cursors]) await b.done();
}

async function readMeta(client: pg.Client): Promise<Omit<PgBigMeta, 'buildMs'>> {
  const senders = (
    await client.query<PgBigMeta['senders'][number]>(
      `SELECT id AS "conversationId", customer_id AS "customerId", channel_id AS "channelId" FROM conversations
       WHERE status = 'open' AND channel_id = 1 ORDER BY id DESC LIMIT 2000`,
    )
  ).rows;
  const longConversations = (
    await client.query<PgBigMeta['longConversations'][number]>(
      `SELECT c.id, c.assignee_id AS assignee, min(m.id) AS "minId", max(m.id) AS "maxId" FROM conversations c
       JOIN messages m ON m.conversation_id = c.id GROUP BY c.id HAVING count(*) >= 120 ORDER BY c.id LIMIT 400`,
    )
  ).rows;
  const managers = (await client.query<{ id: string }>(`SELECT id FROM users WHERE rights = '["chats"]'`)).rows.map((r) => r.id).sort();
  return { version: VERSION, migrations: migrationList(), managers, senders, longConversations };
}
