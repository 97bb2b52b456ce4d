import type { AuthorKind, Conversation, ConversationStatus, DeliveryStatus, FailReason, InternalChat } from '@chatdesk/protocol';
import type { EventRow, NewEvent } from './event-bus.js';
import type {
  ChannelRow,
  ConversationRow,
  SlaQuery,
  ConversationWithUnread,
  CustomerRow,
  FileRow,
  InternalChatRow,
  ModuleRow,
  NewFileRow,
  NewOutboxRow,
  OutboxRow,
  ListCursor,
  ListQuery,
  MessageRow,
  NewMessageRow,
  RevisionRow,
} from './records.js';

export type * from './records.js';

/**
 * The storage port: what the domain needs of a database, by aggregate, every method async, and
 * one `transaction` entry that the unit of work opens around each action. Adapters implement it
 * (adapters/sqlite/ is the embedded one: better-sqlite3, WAL, FTS5; PostgreSQL comes next)
 * and pass the contract suite (packages/server/test/storage-contract.ts), which is the port's
 * definition. No SQL and no driver type crosses it: visibility travels as a structured filter.
 *
 * Search folding (ports/search-folding.ts) is part of the port too: what "matches" means is the
 * same on every adapter. A method called outside `transaction` commits by itself (tests and
 * tools do that; the domain always runs inside the unit of work's transaction).
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
  | { kind: 'unassigned' }
  /** The internal chats (the one message model's other kind) this user is a member of. */
  | { kind: 'member'; userId: string };
export type Visibility = readonly VisibilityPart[];

export type TransactionMode = 'read' | 'write';

/** The event log (the transactional outbox): rows are written by the action that emits them. */
export interface EventLogStore {
  /**
   * Appends rows in this order (one statement where the store can: a group commit's events go
   * in one round trip); resolves to their seqs, ascending in the same order, each above every seq
   * ever assigned before.
   */
  appendAll(events: readonly NewEvent[]): Promise<number[]>;
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

/** The chat settings (S-SET-*): one versioned document, as the JSON the service validates. */
export interface SettingsStore {
  get(): Promise<string | undefined>;
  put(json: string): Promise<void>;
  /**
   * Compare-and-set: writes `json` only while the stored text is still `previous` (undefined:
   * none stored yet); false when another save came first (on PostgreSQL: another node's, even
   * one committed while this transaction ran).
   */
  replace(json: string, previous: string | undefined): Promise<boolean>;
}

/** S-SET-5: agreements to the privacy policy, by its version (a hash of its text and link). */
export interface ConsentStore {
  /** The customer agreed to this version on this channel (once; a repeat keeps the first time). */
  accept(customerId: number, channelId: number, version: string, at: number): Promise<void>;
  /** When they agreed to this version there; undefined: they have not. */
  acceptedAt(customerId: number, channelId: number, version: string): Promise<number | undefined>;
  /** The agreement a new conversation was opened under. */
  attach(conversationId: number, version: string, at: number): Promise<void>;
  ofConversation(conversationId: number): Promise<{ version: string; accepted_at: number } | undefined>;
}

/** S-QR-1..4: a quick reply as stored (`search`: its command, title and text folded). */
export interface QuickReplyRow {
  id: number;
  command: string;
  title: string;
  text: string;
  category_id: number | null;
  search: string;
  updated_at: number;
}

export interface QuickReplyCategoryRow {
  id: number;
  name: string;
}

/** S-QR-1..4: quick replies and their categories (adapters/quick-replies-sql.ts, the same SQL on both). */
export interface QuickReplyStore {
  /** Every reply, by command. */
  list(): Promise<QuickReplyRow[]>;
  get(id: number): Promise<QuickReplyRow | undefined>;
  count(): Promise<number>;
  /** The new reply's id; null when its command is taken (checked by the database, so two nodes cannot both win). */
  insert(row: Omit<QuickReplyRow, 'id'>): Promise<number | null>;
  /** False when the new command is another reply's. */
  update(row: QuickReplyRow): Promise<boolean>;
  delete(id: number): Promise<boolean>;
  /** Every category, by name. */
  categories(): Promise<QuickReplyCategoryRow[]>;
  category(id: number): Promise<QuickReplyCategoryRow | undefined>;
  categoryCount(): Promise<number>;
  /** The new category's id; null when the name is taken in any case. */
  insertCategory(name: string): Promise<number | null>;
  /** False when the name is another category's. */
  renameCategory(id: number, name: string): Promise<boolean>;
  /** Its replies stay, uncategorised. */
  deleteCategory(id: number): Promise<boolean>;
}

/**
 * S-AN-1: one row of the analytics rollup, a quarter of an hour (UTC; every time zone's midnight
 * is on such an edge) of one channel and one manager ('' for none): what happened in it.
 */
export interface AnalyticsCounts {
  new_count: number;
  assigned: number;
  closed: number;
  reopened: number;
  /** Conversations opened minus closed (reassignment moves one between managers). */
  open_delta: number;
  msgs_customer: number;
  msgs_manager: number;
  msgs_bot: number;
  waits: number;
  waits_warning: number;
  waits_breached: number;
  waits_in_time: number;
  /** Openings a manager replied in, each counted at their first reply in it. */
  handled: number;
}

/** The columns of `AnalyticsCounts`, in the rollup table's order. */
export const ANALYTICS_COUNT_COLUMNS = [
  'new_count',
  'assigned',
  'closed',
  'reopened',
  'open_delta',
  'msgs_customer',
  'msgs_manager',
  'msgs_bot',
  'waits',
  'waits_warning',
  'waits_breached',
  'waits_in_time',
  'handled',
] as const satisfies ReadonlyArray<keyof AnalyticsCounts>;

/** What the fold keeps of a conversation between two messages. */
export interface AnalyticsConversationRow {
  conversation_id: number;
  channel_id: number;
  assignee_id: string | null;
  open: boolean;
  /** The current opening's start: the conversation's creation or its last reopening. */
  opened_at: number;
  /** The opening's first customer message while it waits for its first staff reply. */
  first_customer_at: number | null;
  /** The opening had its first staff reply. */
  answered: boolean;
  /** S-SLA-1's clock: the customer's last message not yet answered. */
  wait_since: number | null;
  /** Who on staff replied in the current opening (ids joined by newlines). */
  repliers: string;
}

/** A message as the fold reads it. */
export interface AnalyticsMessageRow {
  id: number;
  conversation_id: number;
  /** The fold counts customer conversations' messages only, and steps over the others. */
  conversation_kind: string;
  channel_id: number;
  created_at: number;
  conversation_created_at: number;
  author_kind: string;
  author_id: string;
  system: string | null;
}

export type AnalyticsKey = { channel_id: number; manager_id: string };
/**
 * A key of the running totals: per channel and manager (level 0), per channel (1, manager ''),
 * per manager (2, channel 0) — a report reads the level its grouping needs.
 */
export type RunningKey = AnalyticsKey & { level: 0 | 1 | 2 };

export interface AnalyticsStore {
  /** The newest message folded (0: none yet) and its time. */
  watermark(): Promise<{ id: number; at: number | null }>;
  /** `at` null: no customer message folded yet, only the id moves. */
  setWatermark(id: number, at: number | null): Promise<void>;
  /** Messages after `afterId`, by id, of every kind of conversation (filtering in SQL cost a scan). */
  messagesAfter(afterId: number, limit: number): Promise<AnalyticsMessageRow[]>;
  conversations(ids: readonly number[]): Promise<Map<number, AnalyticsConversationRow>>;
  saveConversations(rows: readonly AnalyticsConversationRow[]): Promise<void>;
  addDurations(rows: ReadonlyArray<AnalyticsKey & { at: number; kind: 'first' | 'resolution'; ms: number }>): Promise<void>;
  /** Notes the (channel, manager) pairs that have running totals. */
  addKeys(keys: readonly RunningKey[]): Promise<void>;
  /**
   * Running totals: a key's row of a bucket holds its counts summed over every bucket up to that
   * one. The newest row of a key, and the row in force at the end of `bucket` (its own, or the
   * newest before it).
   */
  lastTotals(key: RunningKey): Promise<(AnalyticsCounts & { bucket: number }) | undefined>;
  totalsUpTo(key: RunningKey, bucket: number): Promise<AnalyticsCounts | undefined>;
  /** Writes rows as given (the running totals, not additions). */
  putTotals(rows: ReadonlyArray<RunningKey & { bucket: number } & AnalyticsCounts>): Promise<void>;
  /** Adds `delta` to every row of `key` after `bucket` (a change that arrived after later ones). */
  shiftTotals(key: RunningKey, bucket: number, delta: AnalyticsCounts): Promise<void>;
  /** Empties every rollup and the watermark (the rebuild starts over from the messages). */
  clear(): Promise<void>;
  /** While a rebuild runs, the fold adds to plain sums per quarter (`addDeltas`), whatever runs it. */
  rebuilding(): Promise<boolean>;
  setRebuilding(on: boolean): Promise<void>;
  /** Adds to each quarter's plain sums. */
  addDeltas(rows: ReadonlyArray<RunningKey & { bucket: number } & AnalyticsCounts>): Promise<void>;
  /** The end of a rebuild: the running totals made from the plain sums in one ordered pass, which are emptied. */
  runningFromDeltas(): Promise<void>;
  /**
   * Brings the planner's statistics of the tables a rebuild grows up to date. A rebuild fills them
   * from empty faster than autovacuum looks (and where it is off, never): PostgreSQL's cached plans,
   * made for empty tables, would scan the whole of a table per batch.
   */
  analyze(): Promise<void>;
  /** Per edge (its index) and key of `level`: the running totals in force just before the edge; `manager` narrows to one manager. */
  totalsAt(edges: readonly number[], level: RunningKey['level'], manager: string | null): Promise<Array<AnalyticsKey & { edge: number } & AnalyticsCounts>>;
  durations(from: number, to: number, manager: string | null): Promise<Array<AnalyticsKey & { at: number; kind: 'first' | 'resolution'; ms: number }>>;
  /** A user's time online: one row per session run on a node (`seen_at`: when it was last known to run). */
  onlineStart(row: { key: string; user_id: string; node: string; started_at: number }): Promise<void>;
  onlineEnd(key: string, at: number): Promise<void>;
  /** Every open run of `node` is still running at `at`. */
  onlineSeen(node: string, at: number): Promise<void>;
  online(from: number, to: number, manager: string | null): Promise<Array<{ user_id: string; started_at: number; seen_at: number; closed: boolean }>>;
}

/** Small named values of the server itself (the database's epoch, the round-robin pointer …). */
export interface MetaStore {
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string): Promise<void>;
}

export interface ChannelStore {
  get(id: number): Promise<ChannelRow | undefined>;
  /** The oldest channel of a kind. */
  firstOfKind(kind: string): Promise<ChannelRow | undefined>;
  /** Resolves to the new channel's id. */
  insert(kind: string, name: string, now: number): Promise<number>;
  /** Every channel, by id. */
  list(): Promise<ChannelRow[]>;
  /** A module's channel by the module's code for it. */
  ofModule(moduleId: number, code: string): Promise<ChannelRow | undefined>;
  /** A module's new channel; resolves to its id. */
  insertOfModule(c: { moduleId: number; code: string; kind: string; name: string; capabilities: string }, now: number): Promise<number>;
  /** A module's channel registered again: its name and capabilities (its kind stays). */
  updateOfModule(id: number, c: { name: string; capabilities: string }): Promise<void>;
}

/**
 * S-CH-2's outbox: webhooks to modules, written with the change they carry, posted after the
 * commit. A conversation's webhooks go in order: only the oldest pending one of each is due.
 */
export interface OutboxStore {
  enqueue(row: NewOutboxRow): Promise<number>;
  /** The head of each conversation's pending queue, when due by `now`, oldest first. */
  due(now: number, limit: number): Promise<OutboxRow[]>;
  /** Takes a due item for one attempt: pushes its next_at to `until`; false when another took it. */
  lease(id: number, now: number, until: number): Promise<boolean>;
  get(id: number): Promise<OutboxRow | undefined>;
  delivered(id: number, now: number): Promise<void>;
  /** One more failed attempt; tried again at `nextAt`. */
  retryAt(id: number, nextAt: number, error: string): Promise<void>;
  failed(id: number, now: number, error: string): Promise<void>;
  /** Pending webhooks (all, or one module's). */
  pendingCount(moduleId?: number): Promise<number>;
}

/** Messenger integration modules (S-CH-2) and who their customers are. */
export interface IntegrationStore {
  insertModule(m: Omit<ModuleRow, 'id' | 'created_at'>, now: number): Promise<number>;
  getModule(id: number): Promise<ModuleRow | undefined>;
  moduleByCode(code: string): Promise<ModuleRow | undefined>;
  moduleByTokenHash(tokenHash: string): Promise<ModuleRow | undefined>;
  listModules(): Promise<ModuleRow[]>;
  updateModule(id: number, m: Partial<Pick<ModuleRow, 'name' | 'token_hash' | 'webhook_url' | 'webhook_secret'>>): Promise<void>;
  /** The customer a channel knows by its external id. */
  customerOf(channelId: number, externalId: string): Promise<number | undefined>;
  linkCustomer(channelId: number, externalId: string, customerId: number, now: number): Promise<void>;
  /** The channel's external id of a customer (how the module addresses them), if any. */
  externalIdOf(channelId: number, customerId: number): Promise<string | undefined>;
  /** Notes a signed call's id; false when the module used it already (a replay). Forgets ids seen before `forgetBefore`. */
  firstCall(moduleId: number, callId: string, now: number, forgetBefore: number): Promise<boolean>;
}

/** S-CH-3: a new customer's automatic save in the CRM (`distributionBot.saveNewCustomers`), as stored. */
export interface CrmAutoSaveRow {
  customer_id: number;
  /** The conversation whose opening asked for it (its channel gives the store and the contact). */
  conversation_id: number;
  state: 'pending' | 'saved' | 'skipped' | 'given_up';
  /** Attempts started; the number of the one under way. */
  attempts: number;
  /** When the next attempt may start: the lease of one under way, or the retry's time. */
  next_at: number;
  crm_customer_id: string | null;
  last_error: string | null;
}

/** How an attempt of a CRM auto-save ended: for good, or to be tried again at `retryAt`. */
export type CrmAutoSaveOutcome =
  | { state: 'saved'; crmCustomerId: string }
  | { state: 'skipped' | 'given_up'; error: string }
  | { state: 'pending'; retryAt: number; error: string };

/**
 * S-CH-3: the distribution bot's saves of new customers in the CRM (adapters/crm-auto-saves-sql.ts,
 * the same SQL on both adapters). The CRM is called between transactions; these writes decide
 * which node makes each attempt, so a customer is created in the CRM once across a cluster.
 */
export interface CrmAutoSaveStore {
  /** Claims the customer's save, its first attempt leased until `until`; false when it was claimed before (on any node). */
  claim(customerId: number, conversationId: number, now: number, until: number): Promise<boolean>;
  get(customerId: number): Promise<CrmAutoSaveRow | undefined>;
  /** Pending saves whose next attempt may start by `now`, the longest due first. */
  due(now: number, limit: number): Promise<CrmAutoSaveRow[]>;
  /** Takes a due save for one more attempt, leased until `until`: the row as taken, or undefined when another node took it first. */
  lease(customerId: number, now: number, until: number): Promise<CrmAutoSaveRow | undefined>;
  /** Ends attempt number `attempt`; false (nothing changed) when a later attempt took over after its lease ran out. */
  settle(customerId: number, attempt: number, outcome: CrmAutoSaveOutcome, now: number): Promise<boolean>;
}

export interface CustomerStore {
  get(id: number): Promise<CustomerRow | undefined>;
  /** Resolves to the new customer's id; name, phone and email become searchable (S-DLG-3). */
  insert(c: { name: string; channelId: number | null; phone?: string | null; email?: string | null }, now: number): Promise<number>;
  setBlocked(id: number, blocked: boolean): Promise<void>;
  /** S-W-CUST: the CRM customer this chat customer is; null until saved or linked. */
  crmLink(id: number): Promise<string | null>;
  setCrmLink(id: number, crmCustomerId: string | null): Promise<void>;
  /** After a merge in the CRM: the chat customers linked to `from` are linked to `to`; resolves to their ids. */
  relinkCrm(from: string, to: string): Promise<number[]>;
  /** The chat customers linked to a CRM customer (S-HOST-1), by id. */
  linkedTo(crmCustomerId: string): Promise<number[]>;
}

export interface ConversationStore {
  get(id: number): Promise<ConversationRow | undefined>;
  /** The conversation as the protocol shows it: with its channel, customer and last message (its text cut to 300 code points). */
  view(id: number): Promise<Conversation | undefined>;
  /** The customer's conversation on a channel: an open one first, else the most recently active. */
  latest(customerId: number, channelId: number): Promise<ConversationRow | undefined>;
  /** The customer's conversations, by id. */
  ofCustomer(customerId: number): Promise<ConversationRow[]>;
  /** Resolves to the new conversation's id (no messages, active at `now`). */
  insert(c: { channel_id: number; customer_id: number; status?: ConversationStatus; assignee_id?: string | null }, now: number): Promise<number>;
  update(row: Pick<ConversationRow, 'id' | 'status' | 'assignee_id' | 'last_message_id' | 'last_activity_at' | 'message_count' | 'sla_since'>): Promise<void>;
  /** A new message in a conversation whose status and assignee stay as they are (the send path's usual case). */
  touch(row: Pick<ConversationRow, 'id' | 'last_message_id' | 'last_activity_at' | 'message_count' | 'sla_since'>): Promise<void>;
  /** S-SLA-1: when the conversation's SLA marker next changes (null: none); apart, since it is indexed and changes on few sends. */
  setSlaDue(id: number, at: number | null): Promise<void>;
  /** S-SLA-1: open customer conversations whose marker is due to change by `now`, soonest first. */
  slaDue(now: number, limit: number): Promise<ConversationRow[]>;
  /** S-SLA-1: the limits changed: every running clock becomes due now (to be worked out again); resolves to how many. */
  slaRestart(): Promise<number>;
  /** S-SLA-1: how many visible open conversations have their marker in `q.state` now (the panel's header). */
  countSla(visible: Visibility, q: SlaQuery): Promise<number>;
  /** S-DLG-4: when the oldest unanswered customer message arrived; null once answered. */
  setWaitingSince(id: number, waitingSince: number | null): Promise<void>;
  setCustomer(id: number, customerId: number): Promise<void>;
  /** Open conversations assigned to a user (the distribution bot's capacity, the picker's load). */
  openLoad(userId: string): Promise<number>;
  /** Open unassigned conversations, the longest waiting (waiting_since, else last activity) first. */
  backlog(limit: number): Promise<ConversationRow[]>;
  /** Open conversations, assigned or not, without activity since `cutoff`, oldest first. */
  idleOpen(assigned: boolean, cutoff: number, limit: number): Promise<ConversationRow[]>;
  /**
   * A page of visible conversations in the query's order (activity: newest first; waiting: the
   * longest waiting first), after `cursor`, each with `readerKey`'s unread count.
   */
  list(visible: Visibility, readerKey: string, limit: number, cursor: ListCursor | null, query?: ListQuery): Promise<ConversationWithUnread[]>;
}

export interface MessageStore {
  /** Stores a message (its text searchable unless it is a system message); resolves to its id, above every earlier one. */
  insert(m: NewMessageRow): Promise<number>;
  get(id: number): Promise<MessageRow | undefined>;
  /** Messages by id (a page's quoted ones); ids that do not exist are left out. */
  byIds(ids: readonly number[]): Promise<Map<number, MessageRow>>;
  byClientId(authorKind: AuthorKind, authorId: string, clientMessageId: string): Promise<MessageRow | undefined>;
  /** Up to `limit` messages with id below `before`, newest first (`deliverableOnly`: no failed ones, a visitor's view). */
  before(conversationId: number, before: number, limit: number, deliverableOnly?: boolean): Promise<MessageRow[]>;
  /** S-DLG-7: a new text; search follows (the old text is no longer found). */
  edit(id: number, text: string, editedAt: number): Promise<void>;
  /** S-DLG-7: the text blanked and the message gone from search. */
  delete(id: number, deletedAt: number): Promise<void>;
  addRevision(r: Omit<RevisionRow, 'id'>): Promise<void>;
  /** A message's audit trail, oldest first. */
  revisions(messageId: number): Promise<RevisionRow[]>;
  /**
   * S-DLG-13: moves the conversation's messages with id ≤ `upToId` whose status is one of `from`
   * (never `failed`) and that are not deleted to `to`; resolves to the moved ones in id order.
   */
  moveDelivery(
    conversationId: number,
    upToId: number,
    from: readonly DeliveryStatus[],
    to: DeliveryStatus,
    failReason: FailReason | null,
  ): Promise<{ id: number; ordinal: number }[]>;
  /** One message moves to `to` when its status is one of `from` (not deleted); true when it moved. */
  moveOneDelivery(id: number, from: readonly DeliveryStatus[], to: DeliveryStatus, failReason: FailReason | null): Promise<boolean>;
  /** Retry: a failed message takes `status` and one more attempt; undefined when it was not failed. */
  retryDelivery(id: number, status: DeliveryStatus, failReason: FailReason | null): Promise<MessageRow | undefined>;
  /** Customers with replies still queued or sent (a start's sweep). */
  undeliveredCustomers(): Promise<number[]>;
}

/** How far each reader (a user key `u:…` or a customer key `c:…`) has read each conversation, as an ordinal. */
export interface ReadCursorStore {
  /** 0 when nothing was read. */
  get(readerKey: string, conversationId: number): Promise<number>;
  put(readerKey: string, conversationId: number, readOrdinal: number): Promise<void>;
  /** How many visible conversations have messages the reader has not read. */
  countUnread(visible: Visibility, readerKey: string): Promise<number>;
  /** Up to `limit` of them with their unread counts, most recently active first. */
  unread(visible: Visibility, readerKey: string, limit: number): Promise<{ id: number; unread: number }[]>;
}

/** S-DLG-3: terms are folded words (ports/search-folding.ts `searchWords`). */
export interface SearchStore {
  /** Messages of visible conversations with a word starting with each term, newest first (by id), below `beforeId`. */
  messages(visible: Visibility, terms: readonly string[], beforeId: number | null, limit: number): Promise<MessageRow[]>;
  /**
   * Visible conversations whose customer's folded name, phone digits or email holds every term
   * anywhere, most recently active first, after `cursor`. Only when a term has three characters
   * or more (none: no customer hits).
   */
  customers(visible: Visibility, terms: readonly string[], cursor: ListCursor | null, limit: number): Promise<number[]>;
  /**
   * Adapters that index messages after their send, in batches (SQLite), bring the index up to
   * date in the caller's transaction; resolves to the messages indexed. `messages` does this
   * itself first, so a search never misses a stored message. Absent where the send indexes.
   */
  catchUp?(): Promise<number>;
}

/**
 * S-DLG-14: internal chats, conversations of their own kind. Their messages go through `messages`
 * and their members' read cursors through `cursors` (key `u:<user id>`), as a customer
 * conversation's do; what is theirs alone is here. `conversations` never returns one, nor does
 * any visibility match one: a customer method given an internal chat's id finds nothing.
 */
export interface InternalChatStore {
  get(id: number): Promise<InternalChatRow | undefined>;
  /** The chat as the protocol shows it, with its members and last message. */
  view(id: number): Promise<InternalChat | undefined>;
  /** The user's chats as the protocol shows them, last activity first. */
  of(userId: string, limit: number): Promise<InternalChat[]>;
  /** The pair's direct chat, either way round. */
  findDirect(a: string, b: string): Promise<InternalChatRow | undefined>;
  /** A new chat with its members (read cursors at 0); resolves to its id. */
  insert(c: { kind: 'direct' | 'group'; title: string; createdBy: string; memberIds: readonly string[] }, now: number): Promise<number>;
  touch(row: Pick<InternalChatRow, 'id' | 'last_message_id' | 'message_count' | 'last_activity_at'>): Promise<void>;
  /** Members' read ordinals, 0 for what they have not read (none for a chat that does not exist). */
  cursors(chatId: number): Promise<Map<string, number>>;
  /** The member's read ordinal, or undefined when the user is not a member. */
  cursor(chatId: number, userId: string): Promise<number | undefined>;
  /** The user's unread counts by chat id (chats with none left out). */
  unreadOf(userId: string): Promise<Record<string, number>>;
}

/**
 * S-DLG-9: files' metadata (their bytes are in the blob store, ports/blob-store.ts). A file is
 * its uploader's until a send attaches it; a deleted message's files are no longer listed.
 */
export interface FileStore {
  /** Resolves to the new file's id. */
  insert(f: NewFileRow): Promise<number>;
  get(id: number): Promise<FileRow | undefined>;
  /** The files with these ids (any order; ids that do not exist left out). */
  byIds(ids: readonly number[]): Promise<FileRow[]>;
  /** Attaches unsent files to a message; resolves to how many were still unsent (and so attached). */
  attach(ids: readonly number[], messageId: number, conversationId: number): Promise<number>;
  /**
   * The files of a conversation's messages that are not deleted, newest first, with id below
   * `beforeId`; `images`: kind image only, else every other kind.
   */
  ofConversation(conversationId: number, images: boolean, beforeId: number, limit: number, deliverableOnly: boolean): Promise<FileRow[]>;
  /** Unsent files older than `cutoff`: deleted, resolving to their blob keys (thumbnails included). */
  pruneUnsent(cutoff: number, limit: number): Promise<string[]>;
  /** How many files an uploader has not sent yet, and their bytes (the upload quota). */
  unsentOf(ownerKey: string): Promise<{ count: number; bytes: number }>;
  /** Whether any file row still names this blob key (as its content or its thumbnail). */
  blobInUse(key: string): Promise<boolean>;
}

/**
 * Jobs that must run on one node at a time (auto-close, pruning; later SLA timers and the webhook
 * outbox): several nodes may share one database.
 */
export interface JobLockStore {
  /**
   * Inside a transaction: whether this transaction may run the job `name` now; false while another
   * transaction holds it (on any node sharing the storage). Held until the transaction ends.
   */
  claim(name: string): Promise<boolean>;
}

export interface Storage {
  meta: MetaStore;
  jobs: JobLockStore;
  events: EventLogStore;
  channels: ChannelStore;
  integrations: IntegrationStore;
  outbox: OutboxStore;
  customers: CustomerStore;
  crmAutoSaves: CrmAutoSaveStore;
  conversations: ConversationStore;
  messages: MessageStore;
  cursors: ReadCursorStore;
  search: SearchStore;
  drafts: DraftStore;
  prefs: PrefsStore;
  settings: SettingsStore;
  consents: ConsentStore;
  quickReplies: QuickReplyStore;
  analytics: AnalyticsStore;
  users: UserStore;
  internal: InternalChatStore;
  files: FileStore;
  /**
   * The built-in CRM's tables (adapters/crm/builtin.ts), read and written in the SQL both
   * databases speak alike: `$1`… parameters, integers for money and flags, RETURNING. On the
   * connection of the transaction it is called in, like every other aggregate.
   */
  crmSql: PortableSql;
  /**
   * Runs `fn` as one transaction: committed when it resolves, rolled back when it rejects. A
   * `write` transaction (the default) acts as if it were the only writer from its first read on:
   * what it checks still holds when it writes, on every node sharing the storage. A `read` one
   * may run beside others where `concurrentReads`; if it writes after all, it becomes a writer at
   * that point (what it read before may have moved).
   */
  transaction<T>(fn: () => Promise<T>, mode?: TransactionMode): Promise<T>;
  /**
   * Whether `read` transactions may run while another transaction is open (a pool of connections);
   * otherwise the unit of work runs every transaction one after another.
   */
  readonly concurrentReads: boolean;
  /**
   * Inside a transaction: runs `fn` so that, when it rejects, what it wrote is undone and the rest
   * of the transaction stands (the group commit: several sends, one commit).
   */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Inside a transaction: a number that moves whenever something happened that only a savepoint
   * could undo — a row written, or (PostgreSQL, where a failed statement aborts the whole
   * transaction) a statement that failed. The group commit runs its sends without savepoints and
   * reads it around each: a send that failed with it unmoved needs no undoing.
   */
  writeMark(): number;
}

/** SQL in the subset SQLite and PostgreSQL read alike (see `Storage.crmSql`). */
export interface PortableSql {
  one<R>(text: string, values: readonly unknown[]): Promise<R | undefined>;
  all<R>(text: string, values: readonly unknown[]): Promise<R[]>;
  /** Resolves to the number of rows the statement changed. */
  run(text: string, values: readonly unknown[]): Promise<number>;
}
