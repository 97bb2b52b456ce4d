/**
 * The raw baseline of the in-process SQLite figures (4a/4b, the analytics report): the very SQL a
 * call of ours ran — captured with better-sqlite3's `verbose` hook — prepared once and replayed
 * through better-sqlite3 alone, call by call against ours.
 */
import Database from 'better-sqlite3';
import { Repo } from '../../packages/server/src/adapters/sqlite/repo.js';
import { SqliteStorage } from '../../packages/server/src/adapters/sqlite/sqlite-storage.js';
import { serverCall, timePair, type Call } from './calls.js';
import type { Summary } from './stats.js';

const TX = /^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i;

/** The SQL statements one call runs, as literal SQL (better-sqlite3 expands the parameters). */
export async function captureSql(file: string, calls: Call[]): Promise<string[][]> {
  let captured: string[] = [];
  const db = new Database(file, { readonly: true, verbose: (sql) => captured.push(String(sql)) });
  const store = new SqliteStorage(new Repo(db));
  try {
    const out: string[][] = [];
    for (const [i, call] of calls.entries()) {
      captured = [];
      await serverCall(store, call, i);
      // Numbers are bound as doubles and expand as `5.0`; LIMIT wants integers.
      out.push(captured.filter((s) => !TX.test(s.trim())).map((s) => s.replace(/\b(\d+)\.0\b/g, '$1')));
    }
    return out;
  } finally {
    db.close();
  }
}

export async function measurePair(file: string, store: SqliteStorage, db: Database.Database, calls: Call[], iterations: number): Promise<{ ours: Summary; raw: Summary; statements: number }> {
  const sqls = await captureSql(file, calls);
  const cache = new Map<string, Database.Statement>();
  const prepared = sqls.map((list) =>
    list.map((sql) => {
      let st = cache.get(sql);
      if (!st) {
        // Rows as arrays, the cheapest way better-sqlite3 hands them out (ours reads its hot rows so too).
        st = db.prepare(sql);
        if (st.reader) st.raw(true);
        cache.set(sql, st);
      }
      return st;
    }),
  );
  const { ours, raw } = await timePair(
    iterations,
    (i) => serverCall(store, calls[i % calls.length] as Call, i),
    (i) => {
      for (const st of prepared[i % prepared.length] as Database.Statement[]) st.all();
    },
  );
  const statements = sqls.reduce((a, l) => a + l.length, 0) / sqls.length;
  return { ours, raw, statements };
}

