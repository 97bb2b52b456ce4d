import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { customerSearchKey, indexedText } from '../../ports/search-folding.js';

export type Db = Database.Database;

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Opens (creating when needed) the database file and brings its schema up to date (or up to
 * `migrateThrough`, for tests and the bench that need a database as an older version left it).
 */
export function openDatabase(file: string, opts: { migrateThrough?: number } = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL + synchronous=NORMAL: a committed transaction survives a killed process (the WAL is in
  // the OS page cache), but the last commits may be lost on power failure or an OS crash. That
  // is the trade chosen for an embedded chat server; use FULL where power loss must be survived.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Another process (a backup, the sqlite3 shell) may hold the lock briefly.
  db.pragma('busy_timeout = 5000');
  tuneConnection(db);
  migrate(db, opts.migrateThrough);
  dropStat4Samples(db);
  return db;
}

/**
 * With samples in `sqlite_stat4`, SQLite (built with STAT4, as better-sqlite3 is) re-plans a
 * prepared statement for its new values on each run that binds a column an index covers: every
 * prepared lookup of ours was compiled again per call (a list page ~150 µs more, whatever was
 * bound). The server prepares its statements once and binds per call, so it keeps
 * `sqlite_stat1`'s row counts (the planner's main input) and clears the samples when it opens
 * the file; an ANALYZE run by hand, or `PRAGMA optimize`, would make them again.
 */
export function dropStat4Samples(db: Db): void {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat4'").get();
  if (table === undefined || db.prepare('SELECT 1 FROM sqlite_stat4 LIMIT 1').get() === undefined) return;
  // ANALYZE sqlite_schema reloads the statistics this connection plans with.
  db.exec('DELETE FROM sqlite_stat4; ANALYZE sqlite_schema');
}

/** Per-connection settings that do not touch the file (also for read-only connections). */
export function tuneConnection(db: Db): void {
  // 64 MiB of page cache (the default is 2 MB): the list and unread queries walk index ranges
  // of the conversations table, which stay hot instead of being re-read from the OS cache.
  db.pragma('cache_size = -65536');
  // Search folding (ports/search-folding.ts), for migrations' backfills: the same code as the send path.
  const indexed = (text: unknown) => indexedText(String(text ?? ''));
  db.function('chat_search_text', { deterministic: true }, indexed);
  // The name migration 004 called it by (it folded «ё» only); 009 reindexes with chat_search_text.
  db.function('chat_fold_yo', { deterministic: true }, indexed);
  db.function('chat_search_key', { deterministic: true }, (name: unknown, phone: unknown, email: unknown) =>
    customerSearchKey(String(name ?? ''), typeof phone === 'string' ? phone : null, typeof email === 'string' ? email : null),
  );
}

/**
 * Runs `NNN_name.sql` files in order, each once, each in its own transaction. `through` stops
 * after that version (tests and the bench build a database as an older version left it). A file
 * whose first line is `-- foreign keys off` rebuilds a table others reference (SQLite's way:
 * foreign keys off around the transaction, `foreign_key_check` before it commits).
 */
export function migrate(db: Db, through = Number.POSITIVE_INFINITY): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort();
  for (const file of files) {
    const version = Number.parseInt(file, 10);
    if (applied.has(version) || version > through) continue;
    const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
    const rebuilds = sql.startsWith('-- foreign keys off');
    const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
    if (rebuilds && enforced) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(sql);
        if (rebuilds && (db.pragma('foreign_key_check') as unknown[]).length > 0) throw new Error(`migration ${file} left a broken foreign key`);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          version,
          file,
          Date.now(),
        );
      })();
    } finally {
      if (rebuilds && enforced) db.pragma('foreign_keys = ON');
    }
  }
}
