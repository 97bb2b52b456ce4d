/**
 * The raw baseline of the in-process PostgreSQL figures (4a–4c, the analytics report): each call of
 * ours notes the statements it sends at the driver, and raw replays exactly those right after it on
 * a plain `pg` connection (named ones prepared there too, once per connection).
 */
import pg from 'pg';
import type { PostgresStorage } from '../../packages/server/src/adapters/postgres/postgres-storage.js';
import { serverCall, timePair, type Call } from './calls.js';
import type { Summary } from './stats.js';

const TX = /^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i;

interface Statement {
  /** The prepared statement's name, when ours named it: the replay prepares it too (once per connection). */
  name?: string;
  text: string;
  values: unknown[];
}

/** Where the driver's statements go while a call is captured. */
let captured: Statement[] | null = null;

/** The pool's connections: each statement noted (text and parameters) while capturing. */
export class CapturingClient extends pg.Client {
  override query(...args: unknown[]): never {
    const [first, values] = args;
    // (text, values) or a query config ({ name, text, values }: our named prepared statements).
    const config = typeof first === 'string' ? { text: first, values } : (first as { name?: string; text?: string; values?: unknown } | undefined);
    const text = config?.text;
    if (captured && typeof text === 'string' && !TX.test(text)) {
      captured.push({ ...(config?.name ? { name: config.name } : {}), text, values: Array.isArray(config?.values) ? config.values : [] });
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}

/**
 * Ours and raw, call by call: each call of ours notes the statements it sends, and raw replays
 * exactly those right after it (no separate capture pass: the search's pass alone took 15 s).
 */
export async function measurePair(store: PostgresStorage, raw: pg.Client, calls: Call[], iterations: number): Promise<{ ours: Summary; raw: Summary; statements: number }> {
  let plan: Statement[] = [];
  let statements = 0;
  let runs = 0;
  const pair = await timePair(
    iterations,
    async (i) => {
      captured = [];
      try {
        return await serverCall(store, calls[i % calls.length] as Call, i);
      } finally {
        plan = captured;
        captured = null;
        statements += plan.length;
        runs++;
      }
    },
    async () => {
      for (const s of plan) await raw.query(s.name ? { name: s.name, text: s.text, values: s.values } : { text: s.text, values: s.values });
    },
  );
  return { ...pair, statements: statements / Math.max(1, runs) };
}

