import type { EventRow } from './event-bus.js';

/**
 * The storage port: what the domain needs of a database, by aggregate, every method async, and
 * one `transaction` entry that the unit of work opens around each action. Adapters implement it
 * (storage/ is the SQLite one: better-sqlite3, WAL, group commit, FTS5; PostgreSQL comes next)
 * and pass the contract suite (packages/server/test/storage-contract.ts), which is the port's
 * definition. No SQL and no driver type crosses it: visibility travels as a structured filter.
 *
 * Issue 11 moves the domain onto it one aggregate at a time; what has not moved yet still calls
 * the SQLite `Repo` directly (`ctx.repo`), inside the same transaction.
 */

/**
 * What a reader may see of conversations, as disjoint parts (a conversation matches at most one),
 * each answerable by one ordered index range: the adapter pages through the parts and merges them
 * instead of sorting everything an OR would match. Decided by policy.ts (`visibility`).
 */
export type VisibilityPart =
  | { kind: 'all' }
  | { kind: 'customer'; customerId: number }
  | { kind: 'assignee'; userId: string }
  | { kind: 'unassigned' };
export type Visibility = readonly VisibilityPart[];

/** The event log (the transactional outbox): rows are written by the action that emits them. */
export interface EventLogStore {
  /** The newest seq ever assigned (0 for none), pruned or not. */
  head(): Promise<number>;
  /** Events after `seq`, oldest first, at most `limit`. */
  after(seq: number, limit: number): Promise<EventRow[]>;
  /** Events up to this seq are gone (pruned): a resume point before it cannot be served. */
  prunedThrough(): Promise<number>;
  /** Drops events older than `cutoff` (ms) or beyond the newest `maxRows`; resolves to the number dropped. */
  prune(cutoff: number, maxRows: number): Promise<number>;
}

/** S-DLG-8: a manager's unsent reply in one conversation. */
export interface DraftRecord {
  userId: string;
  conversationId: number;
  text: string;
  updatedAt: number;
}

export interface DraftStore {
  get(userId: string, conversationId: number): Promise<DraftRecord | undefined>;
  /** Inserts or replaces the user's draft of that conversation. */
  put(draft: DraftRecord): Promise<void>;
  /** Resolves to whether there was one. */
  delete(userId: string, conversationId: number): Promise<boolean>;
  /** The user's drafts in conversations `visible` lets them see, newest first. */
  list(userId: string, visible: Visibility, limit: number): Promise<DraftRecord[]>;
  /** The conversations of the user's drafts beyond the newest `keep`, leaving out `except`. */
  beyond(userId: string, keep: number, except: number): Promise<number[]>;
}

/** A user's remembered choices (S-DLG-4), as the JSON the service validates. */
export interface PrefsStore {
  get(userId: string): Promise<string | undefined>;
  put(userId: string, json: string): Promise<void>;
}

/** A CRM user as the host's token last named them (the host is the source of truth). */
export interface UserRecord {
  id: string;
  name: string;
  /** The rights of the token, as given (unknown ones included: policy reads what it knows). */
  rights: string[];
  updatedAt: number;
}

export interface UserStore {
  /** Inserts or refreshes a user (every hello of theirs). */
  upsert(user: { id: string; name: string; rights: readonly string[] }, now: number): Promise<void>;
  get(id: string): Promise<UserRecord | undefined>;
  /** Every user, by name then id. */
  list(): Promise<UserRecord[]>;
}

/** The chat settings (S-SET-3, S-SET-4, S-CH-3): one document, as the JSON the service validates. */
export interface SettingsStore {
  get(): Promise<string | undefined>;
  put(json: string): Promise<void>;
}

export interface Storage {
  events: EventLogStore;
  drafts: DraftStore;
  prefs: PrefsStore;
  settings: SettingsStore;
  users: UserStore;
  /**
   * Runs `fn` as one transaction: committed when it resolves, rolled back when it rejects. One at
   * a time: the unit of work does not start another before this one settles.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
}
