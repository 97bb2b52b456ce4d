/**
 * Figure 2 on PostgreSQL: ingest into 1M messages, on one node and on three. 1,000 visitor
 * sockets send into a copy of the cached dataset (pg-big.ts); counted are sends stored and
 * acknowledged. Three nodes are three server processes on the one database, the sockets spread
 * over them: every commit is announced to the other nodes (NOTIFY), and the event log's advisory
 * lock (postgres-storage.ts) lets one transaction at a time write to it, cluster-wide: what
 * three nodes gain or lose by that is what the second row shows.
 *
 * Raw baseline: one `pg` connection issuing, as named prepared statements, the statements our adapter issues for a send's
 * writes (the event log's transaction advisory lock and a pg_notify, once per transaction; then
 * per send the conversation's counter read, the message insert with its search vector, the
 * sender's read cursor, the conversation's touch and the event row), one send per transaction
 * and 100 per transaction. Its notify goes to a channel nobody listens to and its sends to
 * conversations no socket holds: our idle nodes would otherwise work during the raw phases.
 *
 * One node, then three: each with the raw baseline taking turns in short phases, so background
 * load on a shared machine hits both alike. Default server config.
 */
import pg from 'pg';
import { searchWords } from '../packages/server/src/ports/search-folding.js';
import { connectIngest, INGEST_TEXT, type IngestLoad, type PhaseResult, type Sender } from './lib/ingest-load.js';
import { pgMissing, PG_SCHEMA, runDatabase } from './lib/pg-admin.js';
import { ensureBigPg, NUMBERS } from './lib/pg-big.js';
import { ensureFoldedPg, FOLDED_PG } from './lib/pg-folded.js';
import { startCluster, type Cluster } from './lib/pg-cluster.js';
import type { LoopDelay } from './lib/proc.js';
import type { FigureResult, Row } from './lib/row.js';
import { fmtStall, yesNo } from './lib/row.js';
import { fmtNum, log, ratio } from './lib/stats.js';
import { preparing } from './lib/preparing.js';

const CONNECTIONS = 1_000;
/**
 * Sends in flight in all (the sockets take turns). A node commits its sends one after another on
 * one connection, ~15 statements each: SQLite's 2 per socket (2,000) would make every group
 * commit many seconds long and a phase measure whether a commit happened to end inside it.
 */
const WINDOW = 100;
const WARMUP_MS = 2_000;
const PHASE_MS = 3_000;
const RAW_PHASE_MS = 1_000;
const ROUNDS = 3;
const RAW_BATCH = 100;
/** postgres-storage.ts WRITE_LOCK (its first key; the second is the schema's hash). */
const WRITE_LOCK = 0x65_76_6e_74;
const RAW_CHANNEL = 'chatdesk_bench_raw';

/** The adapter's statements (messages.ts insert, conversations.ts cursorStore.put and touch, postgres-storage.ts append). */
const SQL = {
  count: 'SELECT message_count FROM conversations WHERE id = $1',
  message: `INSERT INTO messages (conversation_id, author_kind, author_id, author_name, text, client_message_id, created_at, ordinal,
           system, status, fail_reason, reply_to_id, search)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, array_to_tsvector($13::text[])) RETURNING id`,
  cursor: `INSERT INTO read_cursors (user_key, conversation_id, read_ordinal) VALUES ($1, $2, $3)
         ON CONFLICT (user_key, conversation_id) DO UPDATE SET read_ordinal = excluded.read_ordinal`,
  touch: 'UPDATE conversations SET last_message_id = $2, last_activity_at = $3, message_count = $4 WHERE id = $1',
  lock: 'SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))',
  notify: `SELECT pg_notify('${RAW_CHANNEL}', $1)`,
  event: `INSERT INTO events (name, data, conversation_id, assignee_id, prev_assignee_id, assignee_changed, customer_id, target_user_key, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING seq`,
};

/** As the adapter sends them: named prepared statements, parsed and planned once per connection. */
const q = (name: keyof typeof SQL, values: unknown[]) => ({ name: `raw_${name}`, text: SQL[name], values });

interface Rate {
  n: number;
  seconds: number;
}

/** The raw writer on its own connection; its event rows carry a real message.created row's data once ours wrote one (`useEvent`). */
async function rawWriter(url: string, senders: readonly Sender[]) {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${PG_SCHEMA}`, types: NUMBERS });
  await client.connect();
  const tag = `r${Date.now()}-`;
  const words = searchWords(INGEST_TEXT);
  let k = 0;
  let event = JSON.stringify({ message: { text: INGEST_TEXT }, conversation: { pad: 'x'.repeat(500) } });
  const one = async () => {
    const s = senders[k % senders.length] as Sender;
    k++;
    const now = Date.now();
    const ordinal = ((await client.query<{ message_count: number }>(q('count', [s.conversationId]))).rows[0]?.message_count ?? 0) + 1;
    const values = [s.conversationId, 'customer', String(s.customerId), 'Анна Иванова', INGEST_TEXT, `${tag}${k}`, now, ordinal, null, null, null, null, words];
    const id = (await client.query<{ id: number }>(q('message', values))).rows[0]?.id;
    await client.query(q('cursor', [`c:${s.customerId}`, s.conversationId, ordinal]));
    await client.query(q('touch', [s.conversationId, id, now, ordinal]));
    await client.query(q('event', ['message.created', event, s.conversationId, 'm1', null, 0, s.customerId, null, now]));
  };
  const run = async (ms: number, perCommit: number): Promise<Rate> => {
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < ms) {
      await client.query('BEGIN');
      await client.query(q('lock', [WRITE_LOCK]));
      await client.query(q('notify', ['']));
      for (let i = 0; i < perCommit; i++) await one();
      await client.query('COMMIT');
      n += perCommit;
    }
    return { n, seconds: (performance.now() - t0) / 1000 };
  };
  return {
    run,
    useEvent: (data: string) => void (event = data),
    close: () => client.end(),
  };
}

/** One part's phases summed, and what was found after. */
interface Part extends PhaseResult {
  nodes: number;
  stored: number;
  acked: number;
  errors: string;
  loop: LoopDelay;
  sendsPerCommit: number;
}

/** `nodes` servers on the database, the load on them, alternating with the raw writer's phases. */
async function part(
  url: string,
  nodes: number,
  senders: readonly Sender[],
  raw: Awaited<ReturnType<typeof rawWriter>>,
  single: Rate,
  batched: Rate,
): Promise<Part> {
  let cluster: Cluster | undefined;
  let load: IngestLoad | undefined;
  const prefix = `i${Date.now()}n${nodes}-`;
  const tot = { acks: 0, seconds: 0, drainedAcks: 0, drainSeconds: 0, undrained: 0, serverCpu: 0, genCpu: 0, machineCoreSec: 0 };
  const add = (into: Rate, r: Rate) => ((into.n += r.n), (into.seconds += r.seconds));
  let loop: LoopDelay;
  let commits = { commits: 0, committedSends: 0 };
  try {
    const t0 = performance.now();
    cluster = await startCluster(url, nodes, `ingest-pg-${nodes}`);
    const servers = cluster.nodes;
    const t1 = performance.now();
    load = await connectIngest(servers, senders, prefix, { window: WINDOW, drainTimeoutMs: 30_000 });
    log(`  ingest-pg: ${nodes} node(s) up in ${((t1 - t0) / 1000).toFixed(1)} s, ${senders.length} visitors welcomed in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    await load.phase(WARMUP_MS, false);
    const event = await sampleEvent(url);
    if (event) raw.useEvent(event);
    await raw.run(300, 1);
    await raw.run(300, RAW_BATCH);
    const c0 = await Promise.all(servers.map((s) => s.call<typeof commits>('commits')));
    for (let i = 0; i < ROUNDS; i++) {
      const p = await load.phase(PHASE_MS, true);
      for (const key of Object.keys(tot) as (keyof typeof tot)[]) tot[key] += p[key];
      add(single, await raw.run(RAW_PHASE_MS, 1));
      add(batched, await raw.run(RAW_PHASE_MS, RAW_BATCH));
    }
    const c1 = await Promise.all(servers.map((s) => s.call<typeof commits>('commits')));
    commits = c1.reduce(
      (sum, c, i) => ({ commits: sum.commits + c.commits - (c0[i]?.commits ?? 0), committedSends: sum.committedSends + c.committedSends - (c0[i]?.committedSends ?? 0) }),
      commits,
    );
    loop = await load.loop();
  } finally {
    await load?.close();
    await cluster?.stop();
  }
  const check = new pg.Client({ connectionString: url, options: `-c search_path=${PG_SCHEMA}`, types: NUMBERS });
  await check.connect();
  let stored: number;
  try {
    stored = (await check.query<{ n: number }>(`SELECT count(*) AS n FROM messages WHERE client_message_id LIKE $1`, [`${prefix}%`])).rows[0]?.n ?? 0;
  } finally {
    await check.end();
  }
  const errors = [...load.errors].map(([c, n]) => `${c}×${n}`).join(', ') || 'none';
  return { nodes, ...tot, stored, acked: load.totalAcked(), errors, loop, sendsPerCommit: commits.committedSends / Math.max(1, commits.commits) };
}

/** A real message.created row's data (for the raw writer's event rows: same size). */
async function sampleEvent(url: string): Promise<string | undefined> {
  const c = new pg.Client({ connectionString: url, options: `-c search_path=${PG_SCHEMA}` });
  await c.connect();
  try {
    return (await c.query<{ data: string }>(`SELECT data FROM events WHERE name = 'message.created' ORDER BY seq DESC LIMIT 1`)).rows[0]?.data;
  } finally {
    await c.end();
  }
}

export default async function run(): Promise<FigureResult> {
  const missing = await pgMissing();
  if (missing) throw new Error(missing);
  const meta = await preparing(ensureBigPg);
  // The dataset as a running server's database holds it: its analytics folded (lib/folded.ts).
  await preparing(() => ensureFoldedPg(meta));
  const db = await runDatabase('ingest', FOLDED_PG);
  log(`  ingest-pg: copied ${FOLDED_PG} in ${(db.copyMs / 1000).toFixed(1)} s`);
  try {
    const ours = meta.senders.slice(0, CONNECTIONS);
    const raw = await rawWriter(db.url, meta.senders.slice(CONNECTIONS, 2 * CONNECTIONS));
    const single: Rate = { n: 0, seconds: 0 };
    const batched: Rate = { n: 0, seconds: 0 };
    const parts: Part[] = [];
    try {
      parts.push(await part(db.url, 1, ours, raw, single, batched));
      parts.push(await part(db.url, 3, ours, raw, single, batched));
    } finally {
      await raw.close();
    }
    const singleRate = single.n / single.seconds;
    const batchRate = batched.n / batched.seconds;
    const rows: Row[] = [];
    const notes: string[] = [];
    for (const p of parts) {
      // Each phase's sends until the last in flight is answered, over that whole time.
      const rate = (p.acks + p.drainedAcks) / (p.seconds + p.drainSeconds);
      const complete = p.stored >= p.acked && p.undrained === 0;
      const label = p.nodes === 1 ? '1 node' : `${p.nodes} nodes`;
      log(`  ingest-pg ${label}: ours ${fmtNum(rate)} msg/s (servers ${(p.serverCpu / p.seconds).toFixed(2)} cores, generator ${(p.genCpu / p.seconds).toFixed(2)}, machine ${(p.machineCoreSec / p.seconds).toFixed(2)}), ${p.sendsPerCommit.toFixed(1)} sends per commit, errors ${p.errors}; stored ${p.stored} of ${p.acked} acked; loop ${fmtStall(p.loop)}`);
      rows.push({
        figure: `2. ingest (PostgreSQL, ${label}), ${CONNECTIONS.toLocaleString('en-US')} conns into 1M msgs`,
        ours: `${fmtNum(rate)} msg/s`,
        baseline: `raw pg 1/tx ${fmtNum(singleRate)}/s; ${RAW_BATCH}/tx ${fmtNum(batchRate)}/s`,
        ratio: `${ratio(rate, singleRate)} / ${ratio(rate, batchRate)}`,
        // Issue 13's goal on PostgreSQL: half the raw batched rate.
        goal: p.nodes === 1 ? `≥ 0.5× raw ${RAW_BATCH}/tx` : '(report)',
        met: p.nodes === 1 ? yesNo(rate >= 0.5 * batchRate && complete) : complete ? 'n/a' : 'NO (acked > stored)',
        stall: `${fmtStall(p.loop)}${p.nodes > 1 ? ' (worst node)' : ''} (raw: in-process)`,
      });
      notes.push(
        `2 (PostgreSQL, ${label}): servers ${(p.serverCpu / p.seconds).toFixed(2)} cores together, load generator ${(p.genCpu / p.seconds).toFixed(2)} cores, whole machine ${(p.machineCoreSec / p.seconds).toFixed(2)} cores busy (PostgreSQL's backends are the rest); ${p.sendsPerCommit.toFixed(1)} sends per group commit; errors: ${p.errors}; acked ${p.acked}, found stored ${p.stored}${p.undrained ? `; ${p.undrained} sends still unanswered 30 s after a phase` : ''}.`,
      );
    }
    notes.push(
      `2 (PostgreSQL): a copy of ${FOLDED_PG} (the dataset with its analytics folded, as a running server's database holds it; CREATE DATABASE … TEMPLATE, ${(db.copyMs / 1000).toFixed(1)} s), dropped after; ${CONNECTIONS} visitor sockets taking turns with ${WINDOW} sends in flight in all (one per socket at most), default rate limit; per part ${ROUNDS} phases of ${PHASE_MS / 1000} s, each counted until its last send is answered (rate = those acks over that time), alternating with raw phases of ${RAW_PHASE_MS / 1000} s each mode (raw totals over both parts). Raw = one pg connection, the adapter's statements for a send's writes (pg_advisory_xact_lock + pg_notify once per transaction; per send the counter read, message insert with array_to_tsvector, read cursor upsert, conversation touch, event row), unnamed statements as the adapter sends them; ours also reads what a send checks (the client message id, the conversation, the customer's block, the conversation's view). Ratio column: ours/raw-1-per-tx / ours/raw-${RAW_BATCH}-per-tx.`,
    );
    return { rows, notes };
  } finally {
    await db.drop();
  }
}
