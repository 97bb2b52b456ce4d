import type Database from 'better-sqlite3';
import type { PortableSql } from '../../ports/storage.js';

/**
 * `Storage.crmSql` on SQLite: PostgreSQL's `$1` parameters are SQLite named parameters too, bound
 * from an object keyed '1', '2', …; statements are prepared once per text.
 */
export function portableSql(db: Database.Database): PortableSql {
  const cache = new Map<string, Database.Statement>();
  const prepare = (text: string) => {
    let stmt = cache.get(text);
    if (!stmt) cache.set(text, (stmt = db.prepare(text)));
    return stmt;
  };
  const bind = (values: readonly unknown[]) => Object.fromEntries(values.map((v, i) => [String(i + 1), typeof v === 'boolean' ? Number(v) : v]));
  const args = (values: readonly unknown[]) => (values.length > 0 ? [bind(values)] : []);
  return {
    one: async <R>(text: string, values: readonly unknown[]) => prepare(text).get(...args(values)) as R | undefined,
    all: async <R>(text: string, values: readonly unknown[]) => prepare(text).all(...args(values)) as R[],
    run: async (text, values) => prepare(text).run(...args(values)).changes,
  };
}
