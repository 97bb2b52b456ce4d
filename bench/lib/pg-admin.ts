/**
 * The PostgreSQL databases of the bench: every figure works in a database of its own, named
 * after its process (`chatdesk_bench_run_<pid>_<label>`), and drops it when done. A figure that
 * was killed (the runner's timeout is a SIGKILL) cannot drop its own, so every figure first drops
 * the bench databases whose process is gone. The cached dataset (pg-big.ts) is the one that stays.
 */
import pg from 'pg';

/** Any database of the server: the admin connection's. BENCH_PG_URL overrides it. */
export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Where the servers under test keep their tables in each bench database. */
export const PG_SCHEMA = 'chat';

const RUN_PREFIX = 'chatdesk_bench_run_';
export const BUILD_PREFIX = 'chatdesk_bench_build_';

/** The URL of another database on the same server. */
export function databaseUrl(name: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Why no PostgreSQL figure can run here, or null. */
export async function pgMissing(): Promise<string | null> {
  try {
    await withAdmin((c) => c.query('SELECT 1'));
    return null;
  } catch (err) {
    return `no PostgreSQL at ${PG_ADMIN_URL} (${err instanceof Error ? err.message : String(err)})`;
  }
}

export async function databaseExists(c: pg.Client, name: string): Promise<boolean> {
  return (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
}

/** Drops a database, ending whatever is still connected to it. */
export async function dropDatabase(c: pg.Client, name: string): Promise<void> {
  await c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Drops the run and build databases of bench processes that no longer exist. */
export async function dropOrphans(c: pg.Client): Promise<void> {
  const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'chatdesk\\_bench\\_%'`);
  for (const { datname } of rows) {
    const prefix = [RUN_PREFIX, BUILD_PREFIX].find((p) => datname.startsWith(p));
    if (!prefix) continue;
    const pid = Number.parseInt(datname.slice(prefix.length), 10);
    if (Number.isFinite(pid) && !alive(pid)) await dropDatabase(c, datname);
  }
}

export interface RunDatabase {
  name: string;
  url: string;
  /** Drops it (idempotent). */
  drop(): Promise<void>;
}

/**
 * A database of this process: a copy of `template` (CREATE DATABASE … TEMPLATE, a file copy on
 * the server) or an empty one. Nobody may be connected to the template while it is copied.
 */
export async function runDatabase(label: string, template?: string): Promise<RunDatabase & { copyMs: number }> {
  const name = `${RUN_PREFIX}${process.pid}_${label}`;
  const t0 = performance.now();
  await withAdmin(async (c) => {
    await dropOrphans(c);
    await dropDatabase(c, name);
    await c.query(`CREATE DATABASE ${ident(name)}${template ? ` TEMPLATE ${ident(template)} STRATEGY FILE_COPY` : ''}`);
  });
  const copyMs = performance.now() - t0;
  let dropped = false;
  return {
    name,
    url: databaseUrl(name),
    copyMs,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await withAdmin((c) => dropDatabase(c, name));
    },
  };
}

/** A database or schema name as SQL (bench names only: lower case, digits, underscores). */
export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected identifier ${name}`);
  return `"${name}"`;
}
