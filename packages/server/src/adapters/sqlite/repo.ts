import type { Statement } from 'better-sqlite3';
import { SLA_RUNNING, slaCondition, sortKey, NEWEST, type SortKey } from '../list-sql.js';
import type {
  AuthorKind,
  Conversation,
  ConversationStatus,
  DeliveryStatus,
  FailReason,
  ListFilter,
  ListSort,
} from '@chatdesk/protocol';
import type { Db } from './db.js';
import { customerSearchKey, indexedText } from '../../ports/search-folding.js';
import { InternalRepo } from './internal-repo.js';
import { FilesRepo } from './files-repo.js';
import { IntegrationsRepo } from './integrations-repo.js';
import { ConsentsRepo } from './consents-repo.js';
import type {
  ChannelRow,
  ConversationRow,
  ConversationWithUnread,
  CustomerDbRow,
  CustomerRow,
  DraftRow,
  ListCursor,
  ListQuery,
  SlaQuery,
  MessageRow,
  NewMessageRow,
  RevisionRow,
  UserRow,
} from './rows.js';
import type { EventRow, NewEvent } from '../../ports/event-bus.js';
import type { Visibility } from '../../ports/storage.js';
import { previewText } from '../../ports/records.js';

export type * from './rows.js';

/**
 * Storage: prepared statements and row ↔ entity mapping. It knows no domain rules and no
 * transport; services decide what to write, and the visibility filter comes from policy.ts as
 * an SQL fragment over the conversation alias `c`.
 */

/** An SQL condition over conversations aliased `c`, with its named parameters. */
export interface SqlFilter {
  sql: string;
  params: Record<string, string | number>;
}

/**
 * The port's structured visibility (ports/storage.ts) as disjoint SQL conditions over
 * conversations aliased `c`, each one index range that yields rows in list order (e.g. "assigned
 * to me", "unassigned"). Queries run one ordered, limited scan per part and merge them (UNION
 * ALL), instead of an OR that SQLite can only answer by collecting and sorting every visible
 * conversation.
 */
type SqlVisibility = readonly SqlFilter[];

/**
 * Every part names the kind: visibility is over customer conversations, and internal chats (the
 * same table, migration 011) never fall into a part. It is also what lets SQLite use the indexes
 * that are partial on kind = 'customer'.
 */
function sqlParts(visibility: Visibility): SqlVisibility {
  return visibility.map((part): SqlFilter => {
    switch (part.kind) {
      case 'all':
        return { sql: `c.kind = 'customer'`, params: {} };
      case 'customer':
        return { sql: `c.kind = 'customer' AND c.customer_id = @vis_customer`, params: { vis_customer: part.customerId } };
      case 'assignee':
        return { sql: `c.kind = 'customer' AND c.assignee_id = @vis_user`, params: { vis_user: part.userId } };
      case 'unassigned':
        return { sql: `c.kind = 'customer' AND c.assignee_id IS NULL`, params: {} };
      case 'member':
        return {
          sql: `c.kind = 'internal' AND EXISTS (SELECT 1 FROM conversation_members cm WHERE cm.conversation_id = c.id AND cm.user_id = @vis_member)`,
          params: { vis_member: part.userId },
        };
    }
  });
}

/**
 * A conversation with its channel, customer and last message, read as an array (better-sqlite3
 * builds a row object key by key, which costs more than the query for a page of 50): the
 * positions below follow this column list.
 */
const CONVERSATION_COLUMNS = `c.id, c.channel_id, ch.kind, ch.name, c.customer_id, cu.name, c.status, c.assignee_id,
  c.last_message_id, m.author_kind, m.author_id, m.author_name, m.text, m.created_at, c.last_activity_at, c.created_at,
  c.waiting_since, cu.blocked, m.system, m.deleted_at, c.sla_since`;
const CONVERSATION_JOINS = `JOIN channels ch ON ch.id = c.channel_id
  JOIN customers cu ON cu.id = c.customer_id
  LEFT JOIN messages m ON m.id = c.last_message_id`;
const CONVERSATION_SELECT = `SELECT ${CONVERSATION_COLUMNS} FROM conversations c ${CONVERSATION_JOINS}`;
/** A customer conversation's record (ports/records.ts), without the columns only internal chats use. */
const CONVERSATION_ROW = `id, channel_id, customer_id, status, assignee_id, last_message_id, last_activity_at, message_count,
  created_at, waiting_since, sla_since, sla_due_at`;
/**
 * The hot reads take rows as arrays and build their records here: better-sqlite3 makes each row
 * object key by key, which costs about a third more than an array and one object literal (a page of
 * 50 messages: ~300 against ~420 µs on the 1M database).
 */
const MESSAGE_COLUMNS = `id, conversation_id, author_kind, author_id, author_name, text, client_message_id, created_at, ordinal,
  system, status, fail_reason, attempts, reply_to_id, edited_at, deleted_at, attachments, cards`;
/** MESSAGE_COLUMNS of a query that names the messages table `m`. */
const MESSAGE_COLUMNS_OF_M = MESSAGE_COLUMNS.replace(/(\w+)/g, 'm.$1');
type MessageArray = [
  id: number, conversation_id: number, author_kind: MessageRow['author_kind'], author_id: string, author_name: string, text: string,
  client_message_id: string | null, created_at: number, ordinal: number, system: string | null, status: MessageRow['status'],
  fail_reason: MessageRow['fail_reason'], attempts: number, reply_to_id: number | null, edited_at: number | null, deleted_at: number | null,
  attachments: string | null, cards: string | null,
];
function messageRow(r: MessageArray): MessageRow {
  return {
    id: r[0], conversation_id: r[1], author_kind: r[2], author_id: r[3], author_name: r[4], text: r[5], client_message_id: r[6],
    created_at: r[7], ordinal: r[8], system: r[9], status: r[10], fail_reason: r[11], attempts: r[12], reply_to_id: r[13],
    edited_at: r[14], deleted_at: r[15], attachments: r[16], cards: r[17],
  };
}
type ConversationRowArray = [
  id: number, channel_id: number, customer_id: number, status: ConversationRow['status'], assignee_id: string | null,
  last_message_id: number | null, last_activity_at: number, message_count: number, created_at: number, waiting_since: number | null,
  sla_since: number | null, sla_due_at: number | null,
];
function conversationRow(r: ConversationRowArray): ConversationRow {
  return {
    id: r[0], channel_id: r[1], customer_id: r[2], status: r[3], assignee_id: r[4], last_message_id: r[5], last_activity_at: r[6],
    message_count: r[7], created_at: r[8], waiting_since: r[9], sla_since: r[10], sla_due_at: r[11],
  };
}

/** The meta key of the newest message id the search index covers (migration 012). */
const INDEXED_THROUGH = 'search_indexed_through';
/** Messages a write transaction lets wait for the index before it indexes them itself (see Repo.indexedThrough). */
export const INDEX_BATCH = 256;

/** Columns of CONVERSATION_COLUMNS; a query may add its own after them. */
const CONVERSATION_WIDTH = 21;

type ConversationArray = [
  id: number,
  channelId: number,
  channelKind: string,
  channelName: string,
  customerId: number,
  customerName: string,
  status: ConversationStatus,
  assigneeId: string | null,
  lastMessageId: number | null,
  mAuthorKind: AuthorKind | null,
  mAuthorId: string | null,
  mAuthorName: string | null,
  mText: string | null,
  mCreatedAt: number | null,
  lastActivityAt: number,
  createdAt: number,
  waitingSince: number | null,
  customerBlocked: number,
  mSystem: string | null,
  mDeletedAt: number | null,
  slaSince: number | null,
  ...extra: unknown[],
];


function toConversation(r: ConversationArray): Conversation {
  const lastMessageId = r[8];
  const mAuthorKind = r[9];
  return {
    id: r[0],
    channel: { id: r[1], kind: r[2], name: r[3] },
    customer: { id: r[4], name: r[5], blocked: r[17] === 1 },
    status: r[6],
    assigneeId: r[7],
    lastMessage:
      lastMessageId === null || mAuthorKind === null
        ? null
        : {
            id: lastMessageId,
            author: { kind: mAuthorKind, id: r[10] ?? '', name: r[11] ?? '' },
            text: previewText(r[12] ?? ''),
            createdAt: r[13] ?? 0,
            ...(r[19] === null ? {} : { deleted: true as const }),
          },
    lastActivityAt: r[14],
    createdAt: r[15],
    waitingSince: r[16],
    slaSince: r[20],
  };
}


/** The named parameters of every visibility part. */
function paramsOf(visibility: SqlVisibility): Record<string, string | number> {
  return Object.assign({}, ...visibility.map((part) => part.params)) as Record<string, string | number>;
}

/**
 * `selects` (each over conversations `c`, selecting `c.id, c.last_activity_at` first), each
 * ordered newest first and cut at `limit`, merged into one ordered list of at most `limit`.
 * Each part's ORDER BY … LIMIT runs inside its own subquery, so SQLite walks that part's index
 * in order and stops early; the merge sorts at most parts × limit rows.
 */
function mergeOrdered(selects: readonly string[], limit: number, key: SortKey = NEWEST): string {
  // The limit is written into the SQL, not bound: with a bound LIMIT SQLite cannot cut each part's
  // ordered walk early the same way, and a list page took ~450 µs against ~315 µs. It is an
  // integer the params schema checked; a statement per page size stays in the statement cache.
  limit = Math.trunc(limit);
  const dir = key.desc ? ' DESC' : '';
  const parts = selects.map((sql) => `SELECT * FROM (${sql} ORDER BY ${key.sql}${dir}, c.id${dir} LIMIT ${limit})`);
  return `${parts.join(' UNION ALL ')} ORDER BY 2${dir}, 1${dir} LIMIT ${limit}`;
}

/** Any visibility part: one OR for queries that do not page by a list index. */
function anyOf(visibility: SqlVisibility): string {
  return `(${visibility.map((part) => `(${part.sql})`).join(' OR ')})`;
}

/** An FTS5 MATCH expression: every term quoted (no FTS syntax from user input) as a prefix. */
export function ftsQuery(terms: readonly string[]): string {
  return terms.map((t) => `"${t.replace(/"/g, '""')}"*`).join(' ');
}

/** A LIKE pattern matching `term` anywhere, its wildcards escaped (ESCAPE '\\'). */
export function likeAnywhere(term: string): string {
  return `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

export class Repo {
  readonly db: Db;
  private readonly dynamic = new Map<string, Statement>();
  /** Depth of open async savepoints (their names). */
  private savepoints = 0;
  private readonly savepointStatements: { save: Statement; release: Statement; undo: Statement }[] = [];
  private tx: { begin: Statement; commit: Statement; rollback: Statement } | undefined;
  /**
   * S-DLG-3 on SQLite: messages reach the search index after the send, in batches (`catchUpIndex`):
   * FTS5 writes a new segment for every transaction that touches it (and merges them after), so
   * indexing in the send's own transaction cost each commit a segment — most of a small group
   * commit's index cost. Everything with an id up to `indexedThrough` (meta `search_indexed_through`)
   * is indexed; a search first indexes the rest, so it still finds every message.
   */
  private indexedThrough: number;
  /** Message pages, one statement per page size (listMessagesBefore). */
  private readonly pageStatements = new Map<string, Statement>();
  /** The newest message id this connection wrote (a hint for when to catch up). */
  private newestMessage = 0;
  private readonly s;
  private internalRepo: InternalRepo | undefined;

  /** Internal chats (S-DLG-14); prepared on first use (a database migrated only part way has no tables for them). */
  get internal(): InternalRepo {
    return (this.internalRepo ??= new InternalRepo(this.db));
  }

  private filesRepo: FilesRepo | undefined;
  /** Files (S-DLG-9); prepared on first use, as `internal`. */
  get files(): FilesRepo {
    return (this.filesRepo ??= new FilesRepo(this.db));
  }

  private consentsRepo: ConsentsRepo | undefined;

  get consents(): ConsentsRepo {
    return (this.consentsRepo ??= new ConsentsRepo(this.db));
  }

  private integrationsRepo: IntegrationsRepo | undefined;
  /** Messenger modules (S-CH-2); prepared on first use, as `internal`. */
  get integrations(): IntegrationsRepo {
    return (this.integrationsRepo ??= new IntegrationsRepo(this.db));
  }

  constructor(db: Db) {
    this.db = db;
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      getMeta: p('SELECT value FROM meta WHERE key = ?'),
      setMeta: p('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      upsertUser: p(`INSERT INTO users (id, name, rights, updated_at) VALUES (@id, @name, @rights, @now)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, rights = excluded.rights, updated_at = excluded.updated_at
        WHERE users.name IS NOT excluded.name OR users.rights IS NOT excluded.rights`),
      getUser: p('SELECT * FROM users WHERE id = ?'),
      getChannel: p('SELECT * FROM channels WHERE id = ?'),
      firstChannelOfKind: p('SELECT * FROM channels WHERE kind = ? ORDER BY id LIMIT 1'),
      insertChannel: p('INSERT INTO channels (kind, name, created_at) VALUES (?, ?, ?)'),
      insertCustomer: p(`INSERT INTO customers (name, channel_id, created_at, phone, email, search_key)
        VALUES (@name, @channel_id, @now, @phone, @email, @search_key)`),
      setCustomerBlocked: p('UPDATE customers SET blocked = ? WHERE id = ?'),
      setConversationCustomer: p('UPDATE conversations SET customer_id = ? WHERE id = ?'),
      conversationsOfCustomer: p(`SELECT ${CONVERSATION_ROW} FROM conversations WHERE customer_id = ? ORDER BY id`),
      listUsers: p('SELECT * FROM users ORDER BY name, id'),
      openLoad: p(`SELECT count(*) AS n FROM conversations WHERE assignee_id = ? AND status = 'open'`),
      backlog: p(`SELECT ${CONVERSATION_ROW} FROM conversations WHERE assignee_id IS NULL AND status = 'open' AND kind = 'customer'
        ORDER BY coalesce(waiting_since, last_activity_at), id LIMIT ?`),
      idleOpen: p(`SELECT ${CONVERSATION_ROW} FROM conversations INDEXED BY conversations_open_idle WHERE last_activity_at < @cutoff AND status = 'open' AND kind = 'customer'
        AND (CASE WHEN @assigned THEN assignee_id IS NOT NULL ELSE assignee_id IS NULL END) ORDER BY last_activity_at, id LIMIT @limit`),
      getSettings: p('SELECT data FROM settings WHERE id = 1'),
      setSettings: p('INSERT INTO settings (id, data) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data'),
      getPrefs: p('SELECT data FROM prefs WHERE user_id = ?'),
      setPrefs: p('INSERT INTO prefs (user_id, data) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET data = excluded.data'),
      indexMessage: p('INSERT INTO messages_fts (rowid, text) VALUES (?, ?)'),
      unindexedMessages: p(`SELECT id, text FROM messages WHERE id > ? AND author_kind <> 'system' AND deleted_at IS NULL ORDER BY id`).raw(true),
      newestMessageId: p('SELECT max(id) FROM messages').pluck(),
      getCustomer: p('SELECT * FROM customers WHERE id = ?'),
      // Customer conversations only: an internal chat's id is no conversation to these.
      getConversationRow: p(`SELECT ${CONVERSATION_ROW} FROM conversations WHERE id = ? AND kind = 'customer'`).raw(true),
      getConversation: p(`${CONVERSATION_SELECT} WHERE c.id = ? AND c.kind = 'customer'`).raw(true),
      latestConversation: p(`SELECT ${CONVERSATION_ROW} FROM conversations WHERE customer_id = ? AND channel_id = ?
        ORDER BY status = 'open' DESC, last_activity_at DESC, id DESC LIMIT 1`).raw(true),
      insertConversation: p(`INSERT INTO conversations (channel_id, customer_id, status, assignee_id, last_activity_at, created_at)
        VALUES (@channel_id, @customer_id, @status, @assignee_id, @now, @now)`),
      updateConversation: p(`UPDATE conversations SET status = @status, assignee_id = @assignee_id,
        last_message_id = @last_message_id, last_activity_at = @last_activity_at, message_count = @message_count, sla_since = @sla_since WHERE id = @id`),
      // The send path's usual case: status and assignee unchanged, so not named in SET (SQLite
      // rewrites the entries of every index over a column named in SET, changed or not).
      touchConversation: p(`UPDATE conversations SET last_message_id = @last_message_id,
        last_activity_at = @last_activity_at, message_count = @message_count, sla_since = @sla_since WHERE id = @id`),
      // S-SLA-1: sla_due_at is indexed, so apart, and only when a clock starts or stops.
      setSlaDue: p('UPDATE conversations SET sla_due_at = ? WHERE id = ?'),
      slaDue: p(`SELECT ${CONVERSATION_ROW} FROM conversations INDEXED BY conversations_sla_due WHERE sla_due_at IS NOT NULL AND sla_due_at <= ?
        ORDER BY sla_due_at, id LIMIT ?`),
      slaRestart: p('UPDATE conversations SET sla_due_at = sla_since WHERE sla_since IS NOT NULL'),
      // Apart: SQLite rewrites the entries of every index over a column named in SET, changed or
      // not, and waiting_since changes on few sends (the first unanswered message, an answer).
      setWaitingSince: p('UPDATE conversations SET waiting_since = ? WHERE id = ?'),
      insertMessage: p(`INSERT INTO messages (conversation_id, author_kind, author_id, author_name, text, client_message_id,
          created_at, ordinal, system, status, fail_reason, reply_to_id, attachments, cards)
        VALUES (@conversation_id, @author_kind, @author_id, @author_name, @text, @client_message_id,
          @created_at, @ordinal, @system, @status, @fail_reason, @reply_to_id, @attachments, @cards)`),
      getMessage: p(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ?`).raw(true),
      findByClientId: p(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE author_kind = ? AND author_id = ? AND client_message_id = ?`).raw(true),
      retryDelivery: p(`UPDATE messages SET status = @status, fail_reason = @fail_reason, attempts = attempts + 1
        WHERE id = @id AND status = 'failed' RETURNING *`),
      // The customers with replies still on their way (messages_undelivered holds only those).
      undeliveredCustomers: p(`SELECT DISTINCT c.customer_id AS id FROM messages m INDEXED BY messages_undelivered
        JOIN conversations c ON c.id = m.conversation_id WHERE m.status IN ('queued', 'sent')`),
      // S-DLG-7: the quoted messages of a page, in one statement whatever the page holds.
      messagesIn: p(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id IN (SELECT value FROM json_each(?))`).raw(true),
      setMessageText: p('UPDATE messages SET text = ?, edited_at = ? WHERE id = ?'),
      // A deleted message's files are no longer shown nor served (S-DLG-9).
      blankDeletedMessage: p(`UPDATE messages SET text = '', attachments = NULL, cards = NULL, deleted_at = ? WHERE id = ?`),
      // messages_fts is contentless with contentless_delete=1: rows are updated and deleted by rowid.
      reindexMessage: p('UPDATE messages_fts SET text = ? WHERE rowid = ?'),
      unindexMessage: p('DELETE FROM messages_fts WHERE rowid = ?'),
      insertRevision: p(`INSERT INTO message_revisions (message_id, action, text, actor_kind, actor_id, actor_name, created_at)
        VALUES (@message_id, @action, @text, @actor_kind, @actor_id, @actor_name, @created_at)`),
      listRevisions: p('SELECT * FROM message_revisions WHERE message_id = ? ORDER BY id'),
      getDraft: p('SELECT * FROM drafts WHERE user_id = ? AND conversation_id = ?'),
      upsertDraft: p(`INSERT INTO drafts (user_id, conversation_id, text, updated_at) VALUES (@user_id, @conversation_id, @text, @updated_at)
        ON CONFLICT (user_id, conversation_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at`),
      deleteDraft: p('DELETE FROM drafts WHERE user_id = ? AND conversation_id = ?'),
      draftsBeyond: p(`SELECT conversation_id FROM drafts INDEXED BY drafts_user_recent WHERE user_id = ? AND conversation_id <> ?
        ORDER BY updated_at DESC LIMIT -1 OFFSET ?`),
      getCursor: p('SELECT read_ordinal AS n FROM read_cursors WHERE user_key = ? AND conversation_id = ?'),
      setCursor: p(`INSERT INTO read_cursors (user_key, conversation_id, read_ordinal) VALUES (?, ?, ?)
        ON CONFLICT (user_key, conversation_id) DO UPDATE SET read_ordinal = excluded.read_ordinal`),
      insertEvent: p(`INSERT INTO events (name, data, conversation_id, assignee_id, prev_assignee_id, assignee_changed,
        customer_id, target_user_key, created_at) VALUES (@name, @data, @conversation_id, @assignee_id, @prev_assignee_id,
        @assignee_changed, @customer_id, @target_user_key, @created_at)`),
      eventsAfter: p('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?'),
      headSeq: p(`SELECT seq FROM sqlite_sequence WHERE name = 'events'`),
      maxSeqBefore: p('SELECT max(seq) AS seq FROM events WHERE created_at < ?'),
      deleteEventsThrough: p('DELETE FROM events WHERE seq <= ?'),
      // Rows written by this connection since it opened (a failed statement's are undone with it).
      totalChanges: p('SELECT total_changes()').pluck(),
    } as const;
    this.indexedThrough = this.loadIndexedThrough();
    this.newestMessage = (this.s.newestMessageId.get() as number | null) ?? 0;
  }

  /**
   * Runs `fn` in a transaction (a savepoint when already inside one). BEGIN IMMEDIATE: the write
   * lock is taken before anything is read, so when the checkpoint thread holds it for a moment
   * (storage/checkpointer.ts) this waits for it; a deferred transaction that read first would be
   * refused with SQLITE_BUSY instead (SQLite does not wait where waiting could deadlock). The
   * server has one connection, so taking the lock early costs no concurrency.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /**
   * A transaction that stays open across `fn`'s awaits (better-sqlite3's own commits when `fn`
   * returns). The caller (the unit of work) runs one at a time and nothing else meanwhile.
   */
  async transactionAsync<T>(fn: () => Promise<T>): Promise<T> {
    if (this.db.inTransaction) throw new Error('transactionAsync inside a transaction');
    const tx = (this.tx ??= { begin: this.db.prepare('BEGIN IMMEDIATE'), commit: this.db.prepare('COMMIT'), rollback: this.db.prepare('ROLLBACK') });
    tx.begin.run();
    try {
      const out = await fn();
      // A busy server indexes in the transaction that brings the backlog to a batch (one segment a batch).
      if (this.newestMessage - this.indexedThrough >= INDEX_BATCH) this.catchUpIndex();
      tx.commit.run();
      return out;
    } catch (err) {
      if (this.db.inTransaction) tx.rollback.run();
      this.indexedThrough = this.loadIndexedThrough();
      throw err;
    }
  }

  private loadIndexedThrough(): number {
    return Number(this.getMeta(INDEXED_THROUGH) ?? 0);
  }

  /**
   * Indexes the messages written since the last catch-up (not notices, not deleted ones: the
   * index holds what a search may find), in the caller's transaction; resolves to how many.
   */
  catchUpIndex(): number {
    const rows = this.s.unindexedMessages.all(this.indexedThrough) as [id: number, text: string][];
    for (const [id, text] of rows) this.s.indexMessage.run(id, indexedText(text));
    const through = (this.s.newestMessageId.get() as number | null) ?? 0;
    if (through !== this.indexedThrough) {
      this.setMeta(INDEXED_THROUGH, String(through));
      this.indexedThrough = through;
    }
    return rows.length;
  }

  totalChanges(): number {
    return this.s.totalChanges.get() as number;
  }

  /** Inside `transactionAsync`: what `fn` wrote is undone alone when it rejects. */
  async savepointAsync<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.db.inTransaction) throw new Error('savepointAsync outside a transaction');
    const depth = this.savepoints++;
    // Prepared once per depth (the group commit's run in sequence at depth 0): no SQL parsed per send.
    const sp = (this.savepointStatements[depth] ??= {
      save: this.db.prepare(`SAVEPOINT sp${depth}`),
      release: this.db.prepare(`RELEASE sp${depth}`),
      undo: this.db.prepare(`ROLLBACK TO sp${depth}`),
    });
    sp.save.run();
    try {
      const out = await fn();
      sp.release.run();
      return out;
    } catch (err) {
      if (this.db.inTransaction) {
        sp.undo.run();
        sp.release.run();
      }
      // A catch-up inside it was undone with it.
      this.indexedThrough = this.loadIndexedThrough();
      throw err;
    } finally {
      this.savepoints--;
    }
  }

  private prepareDynamic(sql: string, raw = false): Statement {
    let st = this.dynamic.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      if (raw) st.raw(true);
      this.dynamic.set(sql, st);
    }
    return st;
  }

  // ---- meta ------------------------------------------------------------------------------------

  getMeta(key: string): string | undefined {
    return (this.s.getMeta.get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.s.setMeta.run(key, value);
  }

  // ---- users, channels, customers --------------------------------------------------------------

  upsertUser(user: { id: string; name: string; rights: readonly string[] }, now: number): void {
    this.s.upsertUser.run({ id: user.id, name: user.name, rights: JSON.stringify(user.rights), now });
  }

  getUser(id: string): UserRow | undefined {
    return this.s.getUser.get(id) as UserRow | undefined;
  }

  getChannel(id: number): ChannelRow | undefined {
    return this.s.getChannel.get(id) as ChannelRow | undefined;
  }

  firstChannelOfKind(kind: string): ChannelRow | undefined {
    return this.s.firstChannelOfKind.get(kind) as ChannelRow | undefined;
  }

  insertChannel(kind: string, name: string, now: number): number {
    return Number(this.s.insertChannel.run(kind, name, now).lastInsertRowid);
  }

  insertCustomer(
    name: string,
    channelId: number | null,
    now: number,
    contact: { phone?: string | null; email?: string | null } = {},
  ): number {
    const phone = contact.phone ?? null;
    const email = contact.email ?? null;
    return Number(
      this.s.insertCustomer.run({ name, channel_id: channelId, now, phone, email, search_key: customerSearchKey(name, phone, email) })
        .lastInsertRowid,
    );
  }

  setCustomerBlocked(id: number, blocked: boolean): void {
    this.s.setCustomerBlocked.run(blocked ? 1 : 0, id);
  }

  conversationsOfCustomer(customerId: number): ConversationRow[] {
    return this.s.conversationsOfCustomer.all(customerId) as ConversationRow[];
  }

  setConversationCustomer(conversationId: number, customerId: number): void {
    this.s.setConversationCustomer.run(customerId, conversationId);
  }

  listUsers(): UserRow[] {
    return this.s.listUsers.all() as UserRow[];
  }

  /** Open conversations assigned to a user (the distribution bot's capacity, the picker's load). */
  openLoad(userId: string): number {
    return (this.s.openLoad.get(userId) as { n: number }).n;
  }

  /** Open unassigned conversations, the longest waiting first. */
  backlog(limit: number): ConversationRow[] {
    return this.s.backlog.all(limit) as ConversationRow[];
  }

  /** Open conversations (assigned or not) without activity since `cutoff`, oldest first. */
  idleOpen(assigned: boolean, cutoff: number, limit: number): ConversationRow[] {
    return this.s.idleOpen.all({ assigned: assigned ? 1 : 0, cutoff, limit }) as ConversationRow[];
  }

  getSettingsJson(): string | undefined {
    return (this.s.getSettings.get() as { data: string } | undefined)?.data;
  }

  setSettingsJson(data: string): void {
    this.s.setSettings.run(data);
  }

  getPrefsJson(userId: string): string | undefined {
    return (this.s.getPrefs.get(userId) as { data: string } | undefined)?.data;
  }

  setPrefsJson(userId: string, data: string): void {
    this.s.setPrefs.run(userId, data);
  }

  getCustomer(id: number): CustomerRow | undefined {
    const r = this.s.getCustomer.get(id) as CustomerDbRow | undefined;
    return r && { id: r.id, name: r.name, channel_id: r.channel_id, created_at: r.created_at, phone: r.phone, email: r.email, blocked: r.blocked === 1 };
  }

  // ---- conversations ---------------------------------------------------------------------------

  getConversationRow(id: number): ConversationRow | undefined {
    const r = this.s.getConversationRow.get(id) as ConversationRowArray | undefined;
    return r && conversationRow(r);
  }

  getConversation(id: number): Conversation | undefined {
    const r = this.s.getConversation.get(id) as ConversationArray | undefined;
    return r && toConversation(r);
  }

  /** The customer's conversation on a channel: an open one first, else the most recent. */
  latestConversation(customerId: number, channelId: number): ConversationRow | undefined {
    const r = this.s.latestConversation.get(customerId, channelId) as ConversationRowArray | undefined;
    return r && conversationRow(r);
  }

  insertConversation(
    c: { channel_id: number; customer_id: number; status?: ConversationStatus; assignee_id?: string | null },
    now: number,
  ): number {
    return Number(
      this.s.insertConversation.run({
        channel_id: c.channel_id,
        customer_id: c.customer_id,
        status: c.status ?? 'open',
        assignee_id: c.assignee_id ?? null,
        now,
      }).lastInsertRowid,
    );
  }

  updateConversation(
    row: Pick<ConversationRow, 'id' | 'status' | 'assignee_id' | 'last_message_id' | 'last_activity_at' | 'message_count' | 'sla_since'>,
  ): void {
    this.s.updateConversation.run({
      id: row.id,
      status: row.status,
      assignee_id: row.assignee_id,
      last_message_id: row.last_message_id,
      last_activity_at: row.last_activity_at,
      message_count: row.message_count,
      sla_since: row.sla_since,
    });
  }

  /** S-SLA-1: when the conversation's marker next changes (null: none). */
  setSlaDue(id: number, at: number | null): void {
    this.s.setSlaDue.run(at, id);
  }

  /** S-SLA-1: conversations whose marker is due to change by `now`, soonest first. */
  slaDue(now: number, limit: number): ConversationRow[] {
    return this.s.slaDue.all(now, limit) as ConversationRow[];
  }

  /** S-SLA-1: the time limits changed: every running clock is due now, to be worked out again. */
  slaRestart(): number {
    return this.s.slaRestart.run().changes;
  }

  /** A new message in a conversation whose status and assignee stay as they are. */
  touchConversation(row: Pick<ConversationRow, 'id' | 'last_message_id' | 'last_activity_at' | 'message_count' | 'sla_since'>): void {
    this.s.touchConversation.run({
      id: row.id,
      last_message_id: row.last_message_id,
      last_activity_at: row.last_activity_at,
      message_count: row.message_count,
      sla_since: row.sla_since,
    });
  }

  /** S-DLG-4: when the oldest unanswered customer message arrived; null once answered. */
  setWaitingSince(id: number, waitingSince: number | null): void {
    this.s.setWaitingSince.run(waitingSince, id);
  }

  /**
   * Visible conversations, newest activity first, after `cursor`, each with `readerKey`'s unread
   * count: one statement. Each visibility part is an ordered index range cut at `limit` rows
   * (the cursor applied inside it), the parts are merged, and only the page is joined.
   */
  listConversations(
    allowed: Visibility,
    readerKey: string,
    limit: number,
    cursor: ListCursor | null,
    query: ListQuery = { sort: 'activity', filter: {} },
  ): ConversationWithUnread[] {
    const visibility = sqlParts(allowed);
    const { sort, filter } = query;
    const params: Record<string, string | number> = { ...paramsOf(visibility), reader: readerKey };
    // S-DLG-4: each filter is one more AND inside every visibility part; none (the common page)
    // leaves the statement exactly as the bench measures it.
    const conds: string[] = [];
    if (filter.status !== undefined) {
      conds.push('c.status = @f_status');
      params.f_status = filter.status;
    }
    if (filter.channelId !== undefined) {
      conds.push('c.channel_id = @f_channel');
      params.f_channel = filter.channelId;
    }
    if (filter.assigneeId === null) conds.push('c.assignee_id IS NULL');
    else if (filter.assigneeId !== undefined) {
      conds.push('c.assignee_id = @f_assignee');
      params.f_assignee = filter.assigneeId;
    }
    if (filter.unreadOnly) {
      conds.push(
        'c.message_count > coalesce((SELECT rc.read_ordinal FROM read_cursors rc WHERE rc.user_key = @reader AND rc.conversation_id = c.id), 0)',
      );
    }
    if (filter.unansweredOnly || sort === 'waiting') conds.push('c.waiting_since IS NOT NULL');
    if (sort === 'sla') conds.push(SLA_RUNNING);
    if (query.sla) {
      conds.push(slaCondition(query.sla, '@sla_now'));
      params.sla_now = query.sla.now;
    }
    const extra = conds.map((cond) => ` AND ${cond}`).join('');
    const key = sortKey(sort, query.limits);
    // `<=` gives the index range; the OR only filters the rows that share the cursor's time.
    const after = !cursor
      ? ''
      : key.desc
        ? `AND ${key.sql} <= @cur_at AND (${key.sql} < @cur_at OR c.id < @cur_id)`
        : `AND ${key.sql} >= @cur_at AND (${key.sql} > @cur_at OR c.id > @cur_id)`;
    const page = mergeOrdered(
      visibility.map((part) => `SELECT c.id, ${key.sql} AS sort_key FROM conversations c WHERE (${part.sql}) ${after}${extra}`),
      limit,
      key,
    );
    const pageKey = key.desc ? 'page.sort_key DESC, page.id DESC' : 'page.sort_key, page.id';
    const sql = `WITH page AS MATERIALIZED (${page})
      SELECT ${CONVERSATION_COLUMNS}, max(0, c.message_count - coalesce(rc.read_ordinal, 0)) AS unread
      FROM page JOIN conversations c ON c.id = page.id ${CONVERSATION_JOINS}
      LEFT JOIN read_cursors rc ON rc.user_key = @reader AND rc.conversation_id = c.id
      ORDER BY ${pageKey}`;
    if (cursor) Object.assign(params, { cur_at: cursor.at, cur_id: cursor.id });
    return (this.prepareDynamic(sql, true).all(params) as ConversationArray[]).map((r) => ({
      conversation: toConversation(r),
      unread: r[CONVERSATION_WIDTH] as number,
    }));
  }

  // ---- search (S-DLG-3) ------------------------------------------------------------------------

  /**
   * Messages matching an FTS5 expression in visible conversations, newest first (by id, no
   * ranking), below `beforeId`. FTS5 yields matches in rowid order, so the walk stops at `limit`.
   */
  searchMessages(allowed: Visibility, terms: readonly string[], beforeId: number | null, limit: number): MessageRow[] {
    const match = ftsQuery(terms);
    const visibility = sqlParts(allowed);
    // Whatever the batches have not indexed yet is indexed now: a search finds every message.
    if (this.newestMessage > this.indexedThrough) this.catchUpIndex();
    // The first page names no rowid bound: FTS5 then walks its doclists without a range check.
    const sql = `SELECT ${MESSAGE_COLUMNS_OF_M} FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
      JOIN conversations c ON c.id = m.conversation_id
      WHERE messages_fts MATCH @match${beforeId === null ? '' : ' AND messages_fts.rowid < @before'} AND ${anyOf(visibility)}
      ORDER BY messages_fts.rowid DESC LIMIT @limit`;
    const params: Record<string, string | number> = { ...paramsOf(visibility), match, limit };
    if (beforeId !== null) params.before = beforeId;
    return (this.prepareDynamic(sql, true).all(params) as MessageArray[]).map(messageRow);
  }

  /**
   * Visible conversations whose customer's folded name/phone/email holds every term, most
   * recently active first, after `cursor`. Terms of three characters or more go through the
   * trigram index (each quoted: plain text, never FTS syntax); shorter ones only filter what it
   * found (LIKE, escaped). Without a term of three characters there is no customer part.
   */
  searchCustomers(allowed: Visibility, terms: readonly string[], cursor: ListCursor | null, limit: number): number[] {
    const visibility = sqlParts(allowed);
    // The trigram tokenizer counts code points, not UTF-16 units.
    const long = terms.filter((t) => [...t].length >= 3);
    if (long.length === 0) return [];
    const params: Record<string, string | number> = {
      ...paramsOf(visibility),
      limit,
      match: long.map((t) => `"${t.replace(/"/g, '""')}"`).join(' '),
    };
    const likes = terms
      .filter((t) => [...t].length < 3)
      .map((t, i) => {
        params[`p${i}`] = likeAnywhere(t);
        return ` AND cu.search_key LIKE @p${i} ESCAPE '\\'`;
      })
      .join('');
    const after = cursor ? 'AND c.last_activity_at <= @cur_at AND (c.last_activity_at < @cur_at OR c.id < @cur_id)' : '';
    if (cursor) Object.assign(params, { cur_at: cursor.at, cur_id: cursor.id });
    const sql = `SELECT c.id FROM customers_fts JOIN customers cu ON cu.id = customers_fts.rowid
      JOIN conversations c ON c.customer_id = cu.id
      WHERE customers_fts MATCH @match${likes} AND ${anyOf(visibility)} ${after}
      ORDER BY c.last_activity_at DESC, c.id DESC LIMIT @limit`;
    return (this.prepareDynamic(sql, true).all(params) as [number][]).map((r) => r[0]);
  }

  // ---- messages --------------------------------------------------------------------------------

  /** Stores a message; its text goes into the search index in the same transaction (S-DLG-3). */
  insertMessage(m: NewMessageRow): number {
    const id = Number(
      this.s.insertMessage.run({
        ...m,
        system: m.system ?? null,
        status: m.status ?? null,
        fail_reason: m.fail_reason ?? null,
        reply_to_id: m.reply_to_id ?? null,
        attachments: m.attachments ?? null,
        cards: m.cards ?? null,
      }).lastInsertRowid,
    );
    // Indexed for search later, in a batch (catchUpIndex).
    if (id > this.newestMessage) this.newestMessage = id;
    return id;
  }

  getMessage(id: number): MessageRow | undefined {
    const r = this.s.getMessage.get(id) as MessageArray | undefined;
    return r && messageRow(r);
  }

  findByClientId(authorKind: AuthorKind, authorId: string, clientMessageId: string): MessageRow | undefined {
    const r = this.s.findByClientId.get(authorKind, authorId, clientMessageId) as MessageArray | undefined;
    return r && messageRow(r);
  }

  /** Up to `limit` messages before `before`, newest first (`deliverableOnly`: no failed ones, a visitor's view). */
  listMessagesBefore(conversationId: number, before: number, limit: number, deliverableOnly = false): MessageRow[] {
    // The limit written into the SQL, as in mergeOrdered (a page ~17 % faster than with LIMIT ?):
    // one statement per page size asked, kept.
    const n = Math.trunc(limit);
    const key = `${deliverableOnly ? 'deliverable' : 'all'}:${n}`;
    let st = this.pageStatements.get(key);
    if (!st) {
      // S-DLG-13: a visitor's page skips staff messages that failed to reach them.
      const failed = deliverableOnly ? " AND status IS NOT 'failed'" : '';
      st = this.db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? AND id < ?${failed} ORDER BY id DESC LIMIT ${n}`).raw(true);
      this.pageStatements.set(key, st);
    }
    return (st.all(conversationId, before) as MessageArray[]).map(messageRow);
  }

  // ---- delivery (S-DLG-13) ---------------------------------------------------------------------

  /**
   * Moves the messages of a conversation with id ≤ `upToId` whose status is one of `from` to
   * `to` (the guard: a concurrent change can never be undone), returning the moved ones in id
   * order. Each status group is one partial-index range: queued and sent (messages_undelivered),
   * delivered (messages_delivered); the conditions repeat those indexes' word for word, which
   * is how SQLite knows it may use them. `failed` is left to `retryDelivery`. A deleted message
   * keeps the status it had: its delivery no longer matters (nor may it be retried).
   */
  moveOneDelivery(id: number, from: readonly DeliveryStatus[], to: DeliveryStatus, failReason: FailReason | null): boolean {
    return (
      this.db
        .prepare('UPDATE messages SET status = ?, fail_reason = ? WHERE id = ? AND status IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL')
        .run(to, failReason, id, JSON.stringify(from)).changes > 0
    );
  }

  moveDelivery(
    conversationId: number,
    upToId: number,
    from: readonly DeliveryStatus[],
    to: DeliveryStatus,
    failReason: FailReason | null,
  ): { id: number; ordinal: number }[] {
    const moved: { id: number; ordinal: number }[] = [];
    const params = { conv: conversationId, up_to: upToId, to, reason: failReason };
    const undelivered = from.filter((s) => s === 'queued' || s === 'sent');
    const groups: string[] = [];
    if (undelivered.length === 2) groups.push(`status IN ('queued', 'sent')`);
    else if (undelivered.length === 1) groups.push(`status IN ('queued', 'sent') AND status = '${undelivered[0]}'`);
    if (from.includes('delivered')) groups.push(`status = 'delivered'`);
    for (const cond of groups) {
      const sql = `UPDATE messages SET status = @to, fail_reason = @reason
        WHERE conversation_id = @conv AND id <= @up_to AND ${cond} AND deleted_at IS NULL RETURNING id, ordinal`;
      moved.push(...(this.prepareDynamic(sql).all(params) as { id: number; ordinal: number }[]));
    }
    return moved.sort((a, b) => a.id - b.id);
  }

  /** Retry: a failed message takes `status` and one more attempt; undefined when it was not failed. */
  retryDelivery(id: number, status: DeliveryStatus, failReason: FailReason | null): MessageRow | undefined {
    return this.s.retryDelivery.get({ id, status, fail_reason: failReason }) as MessageRow | undefined;
  }

  /** Customers with replies still queued or sent (a start's sweep). */
  undeliveredCustomers(): number[] {
    return (this.s.undeliveredCustomers.all() as { id: number }[]).map((r) => r.id);
  }

  /** Messages by id: one statement whatever the list holds. */
  messagesByIds(ids: readonly number[]): Map<number, MessageRow> {
    const out = new Map<number, MessageRow>();
    if (ids.length === 0) return out;
    for (const a of this.s.messagesIn.all(JSON.stringify(ids)) as MessageArray[]) out.set(a[0], messageRow(a));
    return out;
  }

  /** S-DLG-7: a new text; the search index follows (the old text is no longer found). */
  editMessage(id: number, text: string, editedAt: number): void {
    this.s.setMessageText.run(text, editedAt, id);
    // Not indexed yet: the catch-up reads the new text.
    if (id <= this.indexedThrough) this.s.reindexMessage.run(indexedText(text), id);
  }

  /** S-DLG-7: the text blanked (the audit trail keeps it) and the message gone from search. */
  deleteMessage(id: number, deletedAt: number): void {
    this.s.blankDeletedMessage.run(deletedAt, id);
    if (id <= this.indexedThrough) this.s.unindexMessage.run(id);
  }

  insertRevision(r: Omit<RevisionRow, 'id'>): void {
    this.s.insertRevision.run(r);
  }

  /** A message's audit trail, oldest first. */
  listRevisions(messageId: number): RevisionRow[] {
    return this.s.listRevisions.all(messageId) as RevisionRow[];
  }

  // ---- drafts (S-DLG-8) ------------------------------------------------------------------------

  getDraft(userId: string, conversationId: number): DraftRow | undefined {
    return this.s.getDraft.get(userId, conversationId) as DraftRow | undefined;
  }

  setDraft(d: DraftRow): void {
    this.s.upsertDraft.run(d);
  }

  /** True when there was a draft to delete. */
  deleteDraft(userId: string, conversationId: number): boolean {
    return this.s.deleteDraft.run(userId, conversationId).changes > 0;
  }

  /** The conversations of a user's drafts beyond the newest `keep`, not counting the one of `except`. */
  draftsBeyond(userId: string, keep: number, except: number): number[] {
    return (this.s.draftsBeyond.all(userId, except, keep) as { conversation_id: number }[]).map((r) => r.conversation_id);
  }

  /** A user's drafts in conversations they still see, newest first. */
  listDrafts(userId: string, allowed: Visibility, limit: number): DraftRow[] {
    const visibility = sqlParts(allowed);
    const sql = `SELECT d.* FROM drafts d INDEXED BY drafts_user_recent JOIN conversations c ON c.id = d.conversation_id
      WHERE d.user_id = @draft_user AND ${anyOf(visibility)} ORDER BY d.updated_at DESC, d.conversation_id DESC LIMIT @limit`;
    return this.prepareDynamic(sql).all({ ...paramsOf(visibility), draft_user: userId, limit }) as DraftRow[];
  }

  // ---- read state ------------------------------------------------------------------------------

  /** The ordinal `userKey` has read up to in a conversation (0: nothing read). */
  getCursor(userKey: string, conversationId: number): number {
    return (this.s.getCursor.get(userKey, conversationId) as { n: number } | undefined)?.n ?? 0;
  }

  setCursor(userKey: string, conversationId: number, readOrdinal: number): void {
    this.s.setCursor.run(userKey, conversationId, readOrdinal);
  }

  /**
   * How many visible conversations have unread messages (message_count > read ordinal) for
   * `readerKey`, without visiting each: the visible conversations (index counts) minus the empty
   * ones (a partial index, named because without ANALYZE statistics SQLite would rather scan a
   * covering index) minus the reader's cursors that have read all of a visible conversation.
   */
  /** S-SLA-1: visible conversations whose marker is in `q.state` now. */
  countSla(allowed: Visibility, q: SlaQuery): number {
    const visibility = sqlParts(allowed);
    const sql = `SELECT count(*) AS n FROM conversations c
      WHERE (${visibility.map((part) => `(${part.sql})`).join(' OR ')}) AND ${slaCondition(q, '@sla_now')}`;
    return (this.prepareDynamic(sql).get({ ...paramsOf(visibility), sla_now: q.now }) as { n: number }).n;
  }

  countUnreadConversations(allowed: Visibility, readerKey: string): number {
    const visibility = sqlParts(allowed);
    const counts = visibility.map(
      (part) => `(SELECT count(*) FROM conversations c WHERE (${part.sql}))
        - (SELECT count(*) FROM conversations c INDEXED BY conversations_empty WHERE (${part.sql}) AND c.message_count = 0)`,
    );
    const sql = `SELECT ${counts.join(' + ')} - (SELECT count(*) FROM read_cursors rc
        JOIN conversations c ON c.id = rc.conversation_id
        WHERE rc.user_key = @reader AND rc.read_ordinal >= c.message_count AND c.message_count > 0
          AND (${visibility.map((part) => `(${part.sql})`).join(' OR ')})) AS n`;
    return (this.prepareDynamic(sql).get({ ...paramsOf(visibility), reader: readerKey }) as { n: number }).n;
  }

  /**
   * Up to `limit` visible conversations with unread messages for `readerKey`, most recently
   * active first: each visibility part is walked in index order and stops at `limit` hits.
   */
  unreadConversations(allowed: Visibility, readerKey: string, limit: number): { id: number; unread: number }[] {
    const visibility = sqlParts(allowed);
    // The cursor is a scalar subquery, not a LEFT JOIN: with ANALYZE statistics SQLite would
    // build a Bloom filter over every read cursor first, which costs more than the whole walk.
    const read = '(SELECT rc.read_ordinal FROM read_cursors rc WHERE rc.user_key = @reader AND rc.conversation_id = c.id)';
    const sql = mergeOrdered(
      visibility.map(
        (part) => `SELECT c.id, c.last_activity_at, c.message_count - coalesce(${read}, 0) AS unread
          FROM conversations c WHERE (${part.sql}) AND c.message_count > coalesce(${read}, 0)`,
      ),
      limit,
    );
    const rows = this.prepareDynamic(sql, true).all({ ...paramsOf(visibility), reader: readerKey }) as [number, number, number][];
    return rows.map(([id, , unread]) => ({ id, unread }));
  }

  // ---- events ----------------------------------------------------------------------------------

  insertEvent(e: NewEvent): number {
    return Number(this.s.insertEvent.run(e).lastInsertRowid);
  }

  eventsAfter(seq: number, limit: number): EventRow[] {
    return this.s.eventsAfter.all(seq, limit) as EventRow[];
  }

  /** The highest seq ever assigned (sqlite_sequence survives pruning). */
  headSeq(): number {
    return (this.s.headSeq.get() as { seq: number } | undefined)?.seq ?? 0;
  }

  prunedThrough(): number {
    return Number(this.getMeta('pruned_through') ?? '0');
  }

  /** Deletes events older than `cutoff` or beyond the newest `maxRows`; returns rows deleted. */
  pruneEvents(cutoff: number, maxRows: number): number {
    return this.transaction(() => {
      const byAge = (this.s.maxSeqBefore.get(cutoff) as { seq: number | null }).seq ?? 0;
      const byCount = this.headSeq() - maxRows;
      const through = Math.max(byAge, byCount);
      if (through <= this.prunedThrough()) return 0;
      const deleted = this.s.deleteEventsThrough.run(through).changes;
      this.setMeta('pruned_through', String(through));
      return deleted;
    });
  }
}
