import { createHash } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { crmLinks } from '../crm-links.js';
import { crmAutoSaveStore } from '../crm-auto-saves-sql.js';
import { quickReplyStore } from '../quick-replies-sql.js';
import { analyticsStore } from '../analytics-sql.js';
import type { EventRow } from '../../ports/event-bus.js';
import { customerSearchKey } from '../../ports/search-folding.js';
import type {
  ChannelRow,
  ChannelStore,
  ConversationStore,
  TransactionMode,
  CustomerRow,
  CustomerStore,
  DraftStore,
  EventLogStore,
  FileStore,
  IntegrationStore,
  OutboxStore,
  InternalChatStore,
  JobLockStore,
  MessageStore,
  MetaStore,
  PortableSql,
  PrefsStore,
  ReadCursorStore,
  SearchStore,
  SettingsStore,
  ConsentStore,
  CrmAutoSaveStore,
  QuickReplyStore,
  AnalyticsStore,
  Storage,
  UserStore,
} from '../../ports/storage.js';
import { conversationStore, cursorStore, draftStore } from './conversations.js';
import { messageStore } from './messages.js';
import { fileStore } from './files.js';
import { integrationStore, moduleChannelStore, outboxStore } from './integrations.js';
import { internalStore } from './internal.js';
import { searchStore } from './search.js';
import { EVENTS_CHANNEL } from './event-bus.js';
import type { Sql } from './sql.js';


/**
 * The transaction an action runs in: its client, its savepoint depth, whether it holds the write
 * lock, whether BEGIN was sent. A `read` action's statements run one by one until its first
 * write (under READ COMMITTED a transaction gives them nothing more: each statement sees what was
 * committed when it began), so a call that only reads costs no BEGIN and no COMMIT round trip.
 */
interface Tx {
  client: pg.PoolClient;
  savepoints: number;
  /** Write statements sent and statements failed (see `writeMark`). */
  marks: number;
  holdsWriteLock: boolean;
  begun: boolean;
}

/**
 * Writing transactions are serialised across the cluster by this transaction-scoped advisory
 * lock, taken as a `write` transaction begins (a `read` one: at its first write) and held until
 * COMMIT: a seq is drawn only while no other
 * transaction may draw one, so seqs become visible in the order they were assigned and a reader
 * never meets seq n+1 committed while n is still to come (the outbox gap of a bare sequence).
 * The price: one writer at a time in the whole cluster (each node batches its sends into one
 * transaction, so that is one COMMIT per node's batch); reads run side by side.
 */
const WRITE_LOCK = 0x65_76_6e_74; // "evnt": it began as the event log's lock
/**
 * Advisory locks are database-wide; deployments (and tests) in other schemas of the same database
 * must not wait on ours: every key has the schema in it.
 */
const WRITE_LOCK_SQL = `SELECT pg_advisory_xact_lock(${WRITE_LOCK}, hashtext(current_schema()))`;
/**
 * Named prepared statements: each connection parses and plans a statement once, then only binds
 * and executes it (pg keeps the names per connection). Our SQL is built from a bounded set of
 * parts (visibility, filters), so the distinct texts — and so the names — stay few; the name is a
 * digest of the text, so two texts never share one.
 */
const names = new Map<string, string>();
/** Past this many distinct texts (a shape we did not foresee), the rest go unnamed: planned each time, never kept. */
const MAX_NAMED = 2_000;
function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED) {
    name = `cd_${createHash('sha1').update(text).digest('base64url')}`;
    names.set(text, name);
  }
  return name;
}

/** A statement that writes (a data-modifying CTE included). */
const WRITES = /^\s*(INSERT|UPDATE|DELETE)\b|\(\s*(INSERT|UPDATE|DELETE)\b/i;
/** The class (first key) of the jobs' advisory locks: apart from the single-key event-log lock. */
const JOB_LOCKS = 0x6a_6f_62; // "job"

/**
 * The storage port on PostgreSQL (`pg`). Every method runs on the client of the transaction it
 * is called in (AsyncLocalStorage carries it across awaits, so an action's calls never borrow
 * another action's connection), or on the pool outside one.
 */
export class PostgresStorage implements Storage {
  readonly meta: MetaStore;
  readonly jobs: JobLockStore;
  readonly events: EventLogStore;
  readonly channels: ChannelStore;
  readonly customers: CustomerStore;
  readonly crmAutoSaves: CrmAutoSaveStore;
  readonly users: UserStore;
  readonly prefs: PrefsStore;
  readonly crmSql: PortableSql;
  readonly settings: SettingsStore;
  readonly consents: ConsentStore;
  readonly quickReplies: QuickReplyStore;
  readonly analytics: AnalyticsStore;
  readonly conversations: ConversationStore;
  readonly messages: MessageStore;
  readonly cursors: ReadCursorStore;
  readonly drafts: DraftStore;
  readonly internal: InternalChatStore;
  readonly search: SearchStore;
  readonly files: FileStore;
  readonly integrations: IntegrationStore;
  readonly outbox: OutboxStore;
  readonly #tx = new AsyncLocalStorage<Tx>();

  /** @param node names this node in its commits' announcements, so that its own bus skips them. */
  constructor(
    readonly pool: pg.Pool,
    readonly node = '',
  ) {
    const sql: Sql = {
      one: async <R extends pg.QueryResultRow>(text: string, values: readonly unknown[]) => (await this.#query<R>(text, values)).rows[0],
      all: async <R extends pg.QueryResultRow>(text: string, values: readonly unknown[]) => (await this.#query<R>(text, values)).rows,
      run: async (text, values) => (await this.#query(text, values)).rowCount ?? 0,
    };
    const { one, all } = sql;
    const run = async (text: string, values: unknown[]): Promise<void> => void (await sql.run(text, values));
    this.conversations = conversationStore(sql);
    this.messages = messageStore(sql);
    this.cursors = cursorStore(sql);
    this.drafts = draftStore(sql);
    this.internal = internalStore(sql, (row) => this.conversations.touch({ ...row, sla_since: null }));
    this.search = searchStore(sql);
    this.files = fileStore(sql);

    this.meta = {
      get: async (key) => (await one<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]))?.value,
      put: (key, value) => run('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]),
    };

    this.jobs = {
      // A transaction-scoped advisory lock in a key space of its own (class JOB_LOCKS, the schema's and the name's hash).
      claim: (name) =>
        this.#inTransaction(async (tx) => {
          // Held until the transaction ends: there must be one.
          await this.#begin(tx);
          return Boolean((await tx.client.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock($1, hashtext(current_schema() || '/' || $2)) AS ok", [JOB_LOCKS, name])).rows[0]?.ok);
        }),
    };

    const prunedThrough = async () => Number((await this.meta.get('pruned_through')) ?? '0');
    const head = async () => {
      const max = (await one<{ seq: number | null }>('SELECT max(seq) AS seq FROM events', []))?.seq ?? 0;
      return Math.max(max, await prunedThrough());
    };
    this.events = {
      appendAll: (events) =>
        events.length === 0
          ? Promise.resolve([])
          : this.#inTransaction(async (tx) => {
              await this.#takeWriteLock(tx);
              // One statement for them all; identities are drawn row by row in unnest's order.
              const rows = await all<{ seq: number }>(
                `INSERT INTO events (name, data, conversation_id, assignee_id, prev_assignee_id, assignee_changed, customer_id, target_user_key, created_at)
                 SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::integer[], $7::bigint[], $8::text[], $9::bigint[])
                 RETURNING seq`,
                [
                  events.map((e) => e.name),
                  events.map((e) => e.data),
                  events.map((e) => e.conversation_id),
                  events.map((e) => e.assignee_id),
                  events.map((e) => e.prev_assignee_id),
                  events.map((e) => e.assignee_changed),
                  events.map((e) => e.customer_id),
                  events.map((e) => e.target_user_key),
                  events.map((e) => e.created_at),
                ],
              );
              return rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
            }),
      head,
      after: (seq, limit) => all<EventRow>('SELECT * FROM events WHERE seq > $1 ORDER BY seq LIMIT $2', [seq, limit]),
      prunedThrough,
      prune: (cutoff, maxRows) =>
        this.#inTransaction(async (tx) => {
          // Under the write lock: no append lands between reading the head and deleting up to it.
          await this.#takeWriteLock(tx);
          const byAge = (await one<{ seq: number | null }>('SELECT max(seq) AS seq FROM events WHERE created_at < $1', [cutoff]))?.seq ?? 0;
          const through = Math.max(byAge, (await head()) - maxRows);
          if (through <= (await prunedThrough())) return 0;
          const deleted = (await this.#query('DELETE FROM events WHERE seq <= $1', [through])).rowCount ?? 0;
          await this.meta.put('pruned_through', String(through));
          return deleted;
        }),
    };

    this.channels = {
      get: (id) => one<ChannelRow>('SELECT * FROM channels WHERE id = $1', [id]),
      firstOfKind: (kind) => one<ChannelRow>('SELECT * FROM channels WHERE kind = $1 ORDER BY id LIMIT 1', [kind]),
      insert: async (kind, name, now) =>
        (await one<{ id: number }>('INSERT INTO channels (kind, name, created_at) VALUES ($1, $2, $3) RETURNING id', [kind, name, now]))!.id,
      ...moduleChannelStore(sql),
    };
    this.integrations = integrationStore(sql);
    this.outbox = outboxStore(sql);

    this.customers = {
      ...crmLinks(sql as unknown as PortableSql),
      get: (id) => one<CustomerRow>('SELECT id, name, channel_id, created_at, phone, email, blocked FROM customers WHERE id = $1', [id]),
      insert: async (c, now) => {
        const phone = c.phone ?? null;
        const email = c.email ?? null;
        const row = await one<{ id: number }>(
          'INSERT INTO customers (name, channel_id, created_at, phone, email, search_key) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
          [c.name, c.channelId, now, phone, email, customerSearchKey(c.name, phone, email)],
        );
        return row!.id;
      },
      setBlocked: (id, blocked) => run('UPDATE customers SET blocked = $1 WHERE id = $2', [blocked, id]),
    };

    type UserRow = { id: string; name: string; rights: string; updated_at: number };
    const userOf = (r: UserRow) => ({ id: r.id, name: r.name, rights: JSON.parse(r.rights) as string[], updatedAt: r.updated_at });
    this.users = {
      // Refreshed only when the token says something new: a hello per session must not rewrite the row.
      upsert: async (user, now) => {
        // A read first: an unchanged user (nearly every hello) writes nothing, and takes no lock.
        const known = await one<{ name: string; rights: string }>('SELECT name, rights FROM users WHERE id = $1', [user.id]);
        if (known && known.name === user.name && known.rights === JSON.stringify(user.rights)) return;
        await run(
          `INSERT INTO users (id, name, rights, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, rights = excluded.rights, updated_at = excluded.updated_at
           WHERE users.name IS DISTINCT FROM excluded.name OR users.rights IS DISTINCT FROM excluded.rights`,
          [user.id, user.name, JSON.stringify(user.rights), now],
        );
      },
      get: async (id) => {
        const r = await one<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
        return r && userOf(r);
      },
      // Byte order, as SQLite's BINARY collation sorts.
      list: async () => (await all<UserRow>('SELECT * FROM users ORDER BY name COLLATE "C", id COLLATE "C"', [])).map(userOf),
    };

    // The same connection per transaction; rows come back as the caller types them.
    this.crmSql = sql as unknown as PortableSql;
    this.crmAutoSaves = crmAutoSaveStore(this.crmSql);
    this.prefs = {
      get: async (userId) => (await one<{ data: string }>('SELECT data FROM prefs WHERE user_id = $1', [userId]))?.data,
      put: (userId, json) => run('INSERT INTO prefs (user_id, data) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET data = excluded.data', [userId, json]),
    };

    this.quickReplies = quickReplyStore(sql as unknown as PortableSql);
    this.analytics = analyticsStore(sql as unknown as PortableSql, { lateral: true });
    this.consents = {
      accept: (customerId, channelId, version, at) =>
        run('INSERT INTO privacy_consents (customer_id, channel_id, version, accepted_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [customerId, channelId, version, at]),
      acceptedAt: async (customerId, channelId, version) =>
        (await one<{ accepted_at: number }>('SELECT accepted_at FROM privacy_consents WHERE customer_id = $1 AND channel_id = $2 AND version = $3', [customerId, channelId, version]))?.accepted_at,
      attach: (conversationId, version, at) => run('INSERT INTO conversation_consents (conversation_id, version, accepted_at) VALUES ($1, $2, $3)', [conversationId, version, at]),
      ofConversation: (conversationId) => one<{ version: string; accepted_at: number }>('SELECT version, accepted_at FROM conversation_consents WHERE conversation_id = $1', [conversationId]),
    };
    this.settings = {
      get: async () => (await one<{ data: string }>('SELECT data FROM settings WHERE id = 1', []))?.data,
      put: (json) => run('INSERT INTO settings (id, data) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET data = excluded.data', [json]),
      // The row lock makes a concurrent save wait, then see the new text and match nothing.
      replace: async (json, previous) =>
        ((previous === undefined
          ? await this.#query('INSERT INTO settings (id, data) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [json])
          : await this.#query('UPDATE settings SET data = $1 WHERE id = 1 AND data = $2', [json, previous])
        ).rowCount ?? 0) === 1,
    };
  }

  /** Each transaction on a pooled connection of its own. */
  readonly concurrentReads = true;

  async transaction<T>(fn: () => Promise<T>, mode: TransactionMode = 'write'): Promise<T> {
    if (this.#tx.getStore()) throw new Error('transaction inside a transaction');
    const client = await this.pool.connect();
    let broken = false;
    // A checked-out connection that dies (the database restarted) emits 'error' here, not to the
    // pool: unheard, it would end the process. The query in flight fails on its own.
    const died = () => void (broken = true);
    client.on('error', died);
    const tx: Tx = { client, savepoints: 0, marks: 0, holdsWriteLock: false, begun: false };
    try {
      // A writer takes the cluster's write lock before it reads: its checks hold when it writes.
      if (mode === 'write') await this.#takeWriteLock(tx);
      const out = await this.#tx.run(tx, fn);
      if (tx.begun) await client.query('COMMIT');
      return out;
    } catch (err) {
      if (tx.begun) await client.query('ROLLBACK').catch(() => (broken = true));
      throw err;
    } finally {
      // A connection whose ROLLBACK failed is in an unknown state: it leaves the pool.
      client.off('error', died);
      client.release(broken);
    }
  }

  async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    const tx = this.#tx.getStore();
    if (!tx) throw new Error('savepoint outside a transaction');
    // Savepoints hold the sends of a group commit, which always write: the write lock is taken
    // before the first, by the transaction itself (a lock taken inside a savepoint that rolls back
    // is released with it, and the sends after it would write unlocked).
    await this.#takeWriteLock(tx);
    const name = `sp${tx.savepoints++}`;
    await tx.client.query(`SAVEPOINT ${name}`);
    try {
      const out = await fn();
      await tx.client.query(`RELEASE SAVEPOINT ${name}`);
      return out;
    } catch (err) {
      await tx.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      await tx.client.query(`RELEASE SAVEPOINT ${name}`);
      throw err;
    } finally {
      tx.savepoints--;
    }
  }

  /** Takes the write lock for the rest of the transaction (once), and the commit's announcement with it. */
  async #takeWriteLock(tx: Tx): Promise<void> {
    if (tx.holdsWriteLock) return;
    await this.#begin(tx);
    await tx.client.query(WRITE_LOCK_SQL);
    tx.holdsWriteLock = true;
    // Sent when (and only if) this transaction commits: the other nodes read the log then.
    await tx.client.query(`SELECT pg_notify('${EVENTS_CHANNEL}', $1)`, [this.node]);
  }

  /** Sends BEGIN if this transaction has not yet (a `read` one: at its first write or lock). */
  async #begin(tx: Tx): Promise<void> {
    if (tx.begun) return;
    await tx.client.query('BEGIN');
    tx.begun = true;
  }

  /** `fn` in the current transaction, or in one of its own when called outside any. */
  #inTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const tx = this.#tx.getStore();
    return tx ? fn(tx) : this.transaction(() => fn(this.#tx.getStore()!));
  }

  /**
   * A transaction's first write takes the write lock, before any row lock: every writing
   * transaction of the cluster takes its locks in that order, so they cannot deadlock (two
   * nodes' sends to one conversation did, when the lock came after the conversation's row),
   * and a message's id is drawn under it too, so ids follow seqs across nodes: the order every
   * subscriber hears (the events') is the thread's order (the ids'), as on one node (G3).
   */
  async #query<R extends pg.QueryResultRow>(text: string, values: readonly unknown[]): Promise<pg.QueryResult<R>> {
    const name = statementName(text);
    const query = name ? { name, text, values: values as unknown[] } : { text, values: values as unknown[] };
    const tx = this.#tx.getStore();
    if (!tx) return this.pool.query<R>(query);
    const writes = WRITES.test(text);
    if (!tx.holdsWriteLock && writes) await this.#takeWriteLock(tx);
    if (writes) tx.marks++;
    try {
      return await tx.client.query<R>(query);
    } catch (err) {
      tx.marks++; // the transaction is aborted now: only a savepoint gets it back
      throw err;
    }
  }

  writeMark(): number {
    return this.#tx.getStore()?.marks ?? 0;
  }
}
