/**
 * The PostgreSQL dataset with its analytics rollups folded up to its last message, kept as the
 * database `chatdesk_bench_analytics_v<N>`: what a running server's database holds. Figures that
 * start a server on the dataset copy it (lib/folded.ts says why).
 */
import pg from 'pg';
import { PostgresStorage } from '../../packages/server/src/adapters/postgres/postgres-storage.js';
import { foldAll } from './analytics-calls.js';
import { FOLD_VERSION } from './folded.js';
import { databaseExists, databaseUrl, dropDatabase, ident, PG_SCHEMA, runDatabase, withAdmin } from './pg-admin.js';
import { BIG_PG, NUMBERS, type PgBigMeta } from './pg-big.js';
import { log } from './stats.js';

export const FOLDED_PG = `chatdesk_bench_analytics_v${FOLD_VERSION}`;

export interface FoldedMeta {
  migrations: string[];
  messages: number;
  ms: number;
  at: string;
}

async function readFolded(): Promise<FoldedMeta | undefined> {
  if (!(await withAdmin((c) => databaseExists(c, FOLDED_PG)))) return undefined;
  const c = new pg.Client({ connectionString: databaseUrl(FOLDED_PG) });
  await c.connect();
  try {
    const r = await c.query<{ value: string }>(`SELECT value FROM public.bench_meta WHERE key = 'analytics'`);
    return r.rows[0] ? (JSON.parse(r.rows[0].value) as FoldedMeta) : undefined;
  } finally {
    await c.end();
  }
}

/** The dataset with its rollups folded: made once from the cached dataset, then read in place. */
export async function ensureFoldedPg(meta: PgBigMeta): Promise<FoldedMeta> {
  const cached = await readFolded();
  if (cached && cached.migrations.join() === meta.migrations.join()) return cached;
  log(`  analytics-pg: folding ${BIG_PG}'s messages into a copy's rollups (once; kept as ${FOLDED_PG})`);
  const db = await runDatabase('analytics', BIG_PG);
  try {
    const writer = new pg.Pool({ connectionString: db.url, options: `-c search_path=${PG_SCHEMA}`, types: NUMBERS, max: 1 });
    const { messages, ms } = await foldAll(new PostgresStorage(writer));
    await writer.query('VACUUM (ANALYZE)');
    const folded: FoldedMeta = { migrations: meta.migrations, messages, ms, at: new Date().toISOString().slice(0, 10) };
    await writer.query(`INSERT INTO public.bench_meta (key, value) VALUES ('analytics', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [JSON.stringify(folded)]);
    await writer.end();
    await withAdmin(async (c) => {
      await dropDatabase(c, FOLDED_PG);
      await c.query(`ALTER DATABASE ${ident(db.name)} RENAME TO ${ident(FOLDED_PG)}`);
    });
    return folded;
  } finally {
    await db.drop();
  }
}

