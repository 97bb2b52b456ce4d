/**
 * Figure 4: queries at scale on the cached 100,000-conversation / 1,000,000-message database
 * (under --quick, the same generator's 3,000 / 30,000: lib/dataset.ts).
 *
 * "Ours" is the server's own call path, timed in-process (server-side time, no socket): params
 * validation against the protocol schema, the service handler in its transaction (as the gateway
 * runs it), and serialising the result frame. "Raw" is the very SQL that path ran — captured
 * with better-sqlite3's `verbose` hook — prepared once and run through better-sqlite3 alone.
 *
 * Search: the server's conversations.search over its own FTS5 tables (migrations 004–005); raw
 * is both of its halves as hand-written SQL with bound parameters: the customers (trigram index
 * of name/phone/email) and, when they do not fill the page, the messages (word prefixes).
 *
 * Ours and raw alternate call by call and stop together, so both have the same number of samples
 * and background load on a shared machine hits both alike.
 */
import Database from 'better-sqlite3';
import { tuneConnection } from '../packages/server/src/adapters/sqlite/db.js';
import { searchWords } from '../packages/server/src/ports/search-folding.js';
import { ftsQuery, Repo } from '../packages/server/src/adapters/sqlite/repo.js';
import { SqliteStorage } from '../packages/server/src/adapters/sqlite/sqlite-storage.js';
import { measurePair } from './lib/sqlite-replay.js';
import { listCalls, messagePageCalls, PAIR_BUDGET_MS, SEARCH_WORDS, searchCalls, serverCall, timePair, unreadSnapshotTimes, WARMUP, type Call } from './lib/calls.js';
import { DATASET, ensureBigDb } from './lib/dataset.js';
import { scale } from './lib/quick.js';
import type { FigureResult, Row } from './lib/row.js';
import { yesNo } from './lib/row.js';
import { fmtMs, log, ratio, rng, type Summary } from './lib/stats.js';
import { preparing } from './lib/preparing.js';

const ITERATIONS = scale(2_000, 300);
/** The stall column: these calls are timed in-process, one at a time; each sample is the whole stall. */
const NO_SERVER = '— (in-process)';

export default async function run(): Promise<FigureResult> {
  const meta = await preparing(() => ensureBigDb());
  const db = new Database(meta.file, { readonly: true });
  tuneConnection(db);
  const store = new SqliteStorage(new Repo(db));
  const rand = rng(42);
  const rows: Row[] = [];
  const notes: string[] = [];
  const fmt = (s: Summary) => `p99 ${fmtMs(s.p99)} (p50 ${fmtMs(s.p50)}, n=${s.n})`;

  const list = await measurePair(meta.file, store, db, listCalls(meta), ITERATIONS);
  log(`  queries: list ours ${fmt(list.ours)}, raw ${fmt(list.raw)}`);
  rows.push({
    figure: `4a. conversation list page of 50 (manager, ${DATASET.label})`,
    ours: fmt(list.ours),
    baseline: `raw SQL ${fmt(list.raw)}`,
    ratio: ratio(list.ours.p99, list.raw.p99),
    goal: 'p99 ≤ 1.5× raw',
    met: yesNo(list.ours.p99 <= 1.5 * list.raw.p99),
    stall: NO_SERVER,
  });
  notes.push(
    `4a/4b: ours = valibot params + service handler in its transaction + JSON result frame (server-side, no socket); raw = the same ${list.statements.toFixed(0)} (list) SQL statements the handler ran, captured and replayed through better-sqlite3; up to ${ITERATIONS} calls each after up to ${WARMUP} warm-up, ours and raw alternating call by call, each pair of loops bounded to ~${PAIR_BUDGET_MS / 1000} s (n shows how many ran, equal for both). Ours and raw share one read-only connection with the server's page cache (64 MiB, tuneConnection).`,
  );

  const msgs = await measurePair(meta.file, store, db, messagePageCalls(meta, rand), ITERATIONS);
  log(`  queries: messages ours ${fmt(msgs.ours)}, raw ${fmt(msgs.raw)}`);
  rows.push({
    figure: `4b. messages page of 50 (${DATASET.label})`,
    ours: fmt(msgs.ours),
    baseline: `raw SQL ${fmt(msgs.raw)}`,
    ratio: ratio(msgs.ours.p99, msgs.raw.p99),
    goal: 'p99 ≤ 1.5× raw',
    met: yesNo(msgs.ours.p99 <= 1.5 * msgs.raw.p99),
    stall: NO_SERVER,
  });

  // 4c: the server's search (S-DLG-3) for a manager: message text by word prefix (FTS5 over
  // ё-folded text) and customer name/phone/email, only visible conversations, newest first.
  const searches = searchCalls(meta, rand);
  // Raw: both halves of it as hand-written SQL with bound parameters (expanded SQL of FTS
  // expressions does not replay), with the server's control flow: customers first (terms of three
  // characters or more through the trigram index, shorter ones as LIKE filters); the messages
  // only when the customers did not fill the page (limit + 1 rows each, to know there is more).
  const LIMIT = 50;
  const rawCustomerSql = (shortTerms: number) => `SELECT c.id FROM customers_fts JOIN customers cu ON cu.id = customers_fts.rowid
    JOIN conversations c ON c.customer_id = cu.id
    WHERE customers_fts MATCH @match${Array.from({ length: shortTerms }, (_, k) => ` AND cu.search_key LIKE @p${k} ESCAPE '\\'`).join('')}
      AND (c.assignee_id = @u OR c.assignee_id IS NULL)
    ORDER BY c.last_activity_at DESC, c.id DESC LIMIT @limit`;
  const rawCustomers = [0, 1, 2].map((k) => db.prepare(rawCustomerSql(k)));
  const rawMessages = db.prepare(`SELECT m.* FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
    JOIN conversations c ON c.id = m.conversation_id
    WHERE messages_fts MATCH @q AND (c.assignee_id = @u OR c.assignee_id IS NULL)
    ORDER BY messages_fts.rowid DESC LIMIT @limit`);
  // The query folded and cut into words as the index is (the server's own fold.ts: any plain
  // implementation needs the same folding to find anything).
  const rawPlans = searches.map((c) => {
    const terms = searchWords((c.params as { query: string }).query);
    const long = terms.filter((t) => t.length >= 3);
    const short = terms.filter((t) => t.length < 3);
    const u = (c.actor as { id: string }).id;
    const customers: Record<string, string | number> = { match: long.map((t) => `"${t}"`).join(' '), u, limit: LIMIT + 1 };
    short.forEach((t, k) => (customers[`p${k}`] = `%${t}%`));
    return {
      customers: long.length > 0 ? { st: rawCustomers[short.length] as Database.Statement, params: customers } : null,
      messages: { q: ftsQuery(terms), u },
    };
  });
  const rawSearch = (i: number) => {
    const plan = rawPlans[i % rawPlans.length] as (typeof rawPlans)[number];
    const found = plan.customers ? (plan.customers.st.all(plan.customers.params) as unknown[]).length : 0;
    if (found > LIMIT) return;
    rawMessages.all({ ...plan.messages, limit: LIMIT - found + 1 });
  };
  const search = {
    ...(await timePair(ITERATIONS, (i) => serverCall(store, searches[i % searches.length] as Call, i), rawSearch)),
    statements: 2,
  };
  log(`  queries: search ours ${fmt(search.ours)}, raw ${fmt(search.raw)}`);
  rows.push({
    figure: '4c. full-text search in manager\'s convs, newest first',
    ours: fmt(search.ours),
    baseline: `raw SQL ${fmt(search.raw)}`,
    ratio: ratio(search.ours.p99, search.raw.p99),
    goal: 'p99 ≤ 1.2× raw',
    met: yesNo(search.ours.p99 <= 1.2 * search.raw.p99),
    stall: NO_SERVER,
  });
  notes.push(
    `4c: conversations.search as a plain manager (customers and messages): contentless FTS5 (unicode61 remove_diacritics 0 over text folded at index and query time: NFC, lower case, ё→е; every term a quoted prefix) joined to the manager's visible conversations, newest first by rowid, no bm25; customers through a trigram index of name/phone/email. ${SEARCH_WORDS.length} queries (Russian, English, ё, two-word, no-hit) × random managers; raw = both halves as hand-written SQL with bound parameters through better-sqlite3 (the customers' trigram statement, then the message statement with the room the customers left), without the per-hit reads and projection ours does. Ours and raw alternate call by call and stop together (equal n).`,
  );

  // Info: the unread snapshot every non-resumed hello computes, on this database.
  const { manager: snap, chatAdmin: snapAdmin } = await unreadSnapshotTimes(store, meta);
  log(`  queries: welcome unread snapshot manager ${fmt(snap)}, chat admin ${fmt(snapAdmin)}`);
  rows.push({
    figure: `(info) welcome unread snapshot, ${DATASET.label}`,
    ours: `manager ${fmt(snap)}; chat admin p99 ${fmtMs(snapAdmin.p99)}`,
    baseline: '—',
    ratio: '—',
    goal: '(no goal; paid by every hello)',
    met: 'n/a',
    stall: NO_SERVER,
  });
  db.close();
  return { rows, notes };
}
