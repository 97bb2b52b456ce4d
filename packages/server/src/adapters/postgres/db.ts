import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/**
 * PostgreSQL through `pg` (node-postgres): the kept driver with a pool, named prepared statements
 * (postgres-storage.ts), and LISTEN/NOTIFY on a plain client (the cross-node announcements of issue 12 need it).
 * bigint columns are read as JS numbers: ids and millisecond times stay far below 2^53.
 */
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  /** `postgres://…` */
  url: string;
  /** The schema holding the tables (created when missing): tests use one each, then drop it. */
  schema?: string;
  max?: number;
  /**
   * An idle pooled connection that fails (the database restarted) is dropped by the pool, which
   * also emits it as 'error': unheard, that event would end the process.
   */
  onIdleError?: (err: Error) => void;
}

const MIGRATIONS = fileURLToPath(new URL('./migrations/', import.meta.url));
/** One lock id for schema changes, so nodes starting together migrate one at a time. */
const MIGRATION_LOCK = 0x63_68_61_74; // "chat"

export async function openPostgres(opts: PostgresOptions): Promise<pg.Pool> {
  const schema = opts.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name: ${schema}`);
  const pool = new pg.Pool({ connectionString: opts.url, max: opts.max ?? 10, types, options: `-c search_path=${schema}`, application_name: applicationName(schema) });
  pool.on('error', opts.onIdleError ?? (() => undefined));
  try {
    await migrate(pool, schema);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return pool;
}

/** How a node's connections show in `pg_stat_activity`: whose they are, and on which schema. */
export function applicationName(schema = 'public'): string {
  return `chatdesk ${schema}`.slice(0, 63);
}

/** Drops a schema and everything in it (a test's, when it ends). */
export async function dropSchema(url: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name: ${schema}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** Applies the numbered migrations not applied yet, each in a transaction of its own. */
export async function migrate(pool: pg.Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`);
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      for (const file of readdirSync(MIGRATIONS).filter((f) => /^\d+_.*\.sql$/.test(f)).sort()) {
        const version = Number(file.slice(0, file.indexOf('_')));
        if (done.has(version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(readFileSync(MIGRATIONS + file, 'utf8'));
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [version, file, Date.now()]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
