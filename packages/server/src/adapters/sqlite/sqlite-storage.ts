import type {
  ChannelStore,
  ConversationStore,
  CustomerStore,
  DraftRecord,
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
  UserRecord,
  UserStore,
} from '../../ports/storage.js';
import type { Repo } from './repo.js';
import { portableSql } from './portable-sql.js';
import { crmLinks } from '../crm-links.js';
import { crmAutoSaveStore } from '../crm-auto-saves-sql.js';
import { quickReplyStore } from '../quick-replies-sql.js';
import { analyticsStore } from '../analytics-sql.js';
import type { DraftRow, UserRow } from './rows.js';

/**
 * The storage port on SQLite. better-sqlite3 is synchronous: each method does its work at once and
 * resolves an already-settled promise, so an action's awaits never let another event-loop task in
 * (the unit of work also runs one action at a time). The statements are `Repo`'s.
 */
export class SqliteStorage implements Storage {
  readonly meta: MetaStore;
  // One process writes the file and its unit of work runs one action at a time: always free.
  readonly jobs: JobLockStore = { claim: async () => true };
  readonly events: EventLogStore;
  readonly channels: ChannelStore;
  readonly customers: CustomerStore;
  readonly crmAutoSaves: CrmAutoSaveStore;
  readonly conversations: ConversationStore;
  readonly messages: MessageStore;
  readonly cursors: ReadCursorStore;
  readonly search: SearchStore;
  readonly drafts: DraftStore;
  readonly prefs: PrefsStore;
  readonly crmSql: PortableSql;
  readonly settings: SettingsStore;
  readonly consents: ConsentStore;
  readonly quickReplies: QuickReplyStore;
  readonly analytics: AnalyticsStore;
  readonly users: UserStore;
  readonly internal: InternalChatStore;
  readonly files: FileStore;
  readonly integrations: IntegrationStore;
  readonly outbox: OutboxStore;

  constructor(readonly repo: Repo) {
    this.meta = {
      get: async (key) => repo.getMeta(key),
      put: async (key, value) => repo.setMeta(key, value),
    };
    this.events = {
      appendAll: async (events) => events.map((e) => repo.insertEvent(e)),
      head: async () => repo.headSeq(),
      after: async (seq, limit) => repo.eventsAfter(seq, limit),
      prunedThrough: async () => repo.prunedThrough(),
      prune: async (cutoff, maxRows) => repo.pruneEvents(cutoff, maxRows),
    };
    const integrations = () => repo.integrations;
    this.channels = {
      get: async (id) => repo.getChannel(id),
      firstOfKind: async (kind) => repo.firstChannelOfKind(kind),
      insert: async (kind, name, now) => repo.insertChannel(kind, name, now),
      list: async () => integrations().listChannels(),
      ofModule: async (moduleId, code) => integrations().channelOfModule(moduleId, code),
      insertOfModule: async (c, now) => integrations().insertChannel(c, now),
      updateOfModule: async (id, c) => integrations().updateChannel(id, c.name, c.capabilities),
    };
    this.outbox = {
      enqueue: async (row) => integrations().enqueue(row),
      due: async (now, limit) => integrations().due(now, limit),
      lease: async (id, now, until) => integrations().lease(id, now, until),
      get: async (id) => integrations().outboxItem(id),
      delivered: async (id, now) => integrations().delivered(id, now),
      retryAt: async (id, nextAt, error) => integrations().retryAt(id, nextAt, error),
      failed: async (id, now, error) => integrations().failed(id, now, error),
      pendingCount: async (moduleId) => integrations().pendingCount(moduleId),
    };
    this.integrations = {
      insertModule: async (m, now) => integrations().insertModule(m, now),
      getModule: async (id) => integrations().module(id),
      moduleByCode: async (code) => integrations().moduleByCode(code),
      moduleByTokenHash: async (hash) => integrations().moduleByToken(hash),
      listModules: async () => integrations().modules(),
      updateModule: async (id, m) => integrations().updateModule(id, m),
      customerOf: async (channelId, externalId) => integrations().customerOf(channelId, externalId),
      linkCustomer: async (channelId, externalId, customerId, now) => integrations().link(channelId, externalId, customerId, now),
      externalIdOf: async (channelId, customerId) => integrations().externalIdOf(channelId, customerId),
      firstCall: async (moduleId, callId, now, forgetBefore) => integrations().firstCall(moduleId, callId, now, forgetBefore),
    };
    const portable = portableSql(repo.db);
    this.customers = {
      ...crmLinks(portable),
      get: async (id) => repo.getCustomer(id),
      insert: async (c, now) => repo.insertCustomer(c.name, c.channelId, now, { phone: c.phone ?? null, email: c.email ?? null }),
      setBlocked: async (id, blocked) => repo.setCustomerBlocked(id, blocked),
    };
    this.conversations = {
      get: async (id) => repo.getConversationRow(id),
      view: async (id) => repo.getConversation(id),
      latest: async (customerId, channelId) => repo.latestConversation(customerId, channelId),
      ofCustomer: async (customerId) => repo.conversationsOfCustomer(customerId),
      insert: async (c, now) => repo.insertConversation(c, now),
      update: async (row) => repo.updateConversation(row),
      touch: async (row) => repo.touchConversation(row),
      setWaitingSince: async (id, at) => repo.setWaitingSince(id, at),
      setSlaDue: async (id, at) => repo.setSlaDue(id, at),
      slaDue: async (now, limit) => repo.slaDue(now, limit),
      slaRestart: async () => repo.slaRestart(),
      countSla: async (visible, q) => repo.countSla(visible, q),
      setCustomer: async (id, customerId) => repo.setConversationCustomer(id, customerId),
      openLoad: async (userId) => repo.openLoad(userId),
      backlog: async (limit) => repo.backlog(limit),
      idleOpen: async (assigned, cutoff, limit) => repo.idleOpen(assigned, cutoff, limit),
      list: async (visible, readerKey, limit, cursor, query) => repo.listConversations(visible, readerKey, limit, cursor, query),
    };
    this.messages = {
      insert: async (m) => repo.insertMessage(m),
      get: async (id) => repo.getMessage(id),
      byIds: async (ids) => repo.messagesByIds(ids),
      byClientId: async (kind, authorId, clientMessageId) => repo.findByClientId(kind, authorId, clientMessageId),
      before: async (conversationId, before, limit, deliverableOnly) => repo.listMessagesBefore(conversationId, before, limit, deliverableOnly),
      edit: async (id, text, at) => repo.editMessage(id, text, at),
      delete: async (id, at) => repo.deleteMessage(id, at),
      addRevision: async (r) => repo.insertRevision(r),
      revisions: async (messageId) => repo.listRevisions(messageId),
      moveDelivery: async (conversationId, upToId, from, to, reason) => repo.moveDelivery(conversationId, upToId, from, to, reason),
      moveOneDelivery: async (id, from, to, reason) => repo.moveOneDelivery(id, from, to, reason),
      retryDelivery: async (id, status, reason) => repo.retryDelivery(id, status, reason),
      undeliveredCustomers: async () => repo.undeliveredCustomers(),
    };
    this.cursors = {
      get: async (key, conversationId) => repo.getCursor(key, conversationId),
      put: async (key, conversationId, ordinal) => repo.setCursor(key, conversationId, ordinal),
      countUnread: async (visible, key) => repo.countUnreadConversations(visible, key),
      unread: async (visible, key, limit) => repo.unreadConversations(visible, key, limit),
    };
    this.search = {
      messages: async (visible, terms, beforeId, limit) => repo.searchMessages(visible, terms, beforeId, limit),
      customers: async (visible, terms, cursor, limit) => repo.searchCustomers(visible, terms, cursor, limit),
      catchUp: async () => repo.catchUpIndex(),
    };
    this.drafts = {
      get: async (userId, conversationId) => {
        const row = repo.getDraft(userId, conversationId);
        return row && draftOf(row);
      },
      put: async (d) => repo.setDraft({ user_id: d.userId, conversation_id: d.conversationId, text: d.text, updated_at: d.updatedAt }),
      delete: async (userId, conversationId) => repo.deleteDraft(userId, conversationId),
      list: async (userId, visible, limit) => repo.listDrafts(userId, visible, limit).map(draftOf),
      beyond: async (userId, keep, except) => repo.draftsBeyond(userId, keep, except),
    };
    this.crmSql = portable;
    this.crmAutoSaves = crmAutoSaveStore(portable);
    this.prefs = {
      get: async (userId) => repo.getPrefsJson(userId),
      put: async (userId, json) => repo.setPrefsJson(userId, json),
    };
    this.users = {
      upsert: async (user, now) => repo.upsertUser(user, now),
      get: async (id) => {
        const row = repo.getUser(id);
        return row && userOf(row);
      },
      list: async () => repo.listUsers().map(userOf),
    };
    this.settings = {
      get: async () => repo.getSettingsJson(),
      put: async (json) => repo.setSettingsJson(json),
      // One writer at a time holds the file, inside this transaction: read, compare, write is atomic.
      replace: async (json, previous) => {
        if (repo.getSettingsJson() !== previous) return false;
        repo.setSettingsJson(json);
        return true;
      },
    };
    const consents = () => repo.consents;
    this.quickReplies = quickReplyStore(portable);
    this.analytics = analyticsStore(portable);
    this.consents = {
      accept: async (customerId, channelId, version, at) => consents().accept(customerId, channelId, version, at),
      acceptedAt: async (customerId, channelId, version) => consents().acceptedAt(customerId, channelId, version),
      attach: async (conversationId, version, at) => consents().attach(conversationId, version, at),
      ofConversation: async (conversationId) => consents().ofConversation(conversationId),
    };
    const internal = () => repo.internal;
    this.internal = {
      get: async (id) => internal().getChat(id),
      view: async (id) => internal().chat(id),
      of: async (userId, limit) => internal().chatsOf(userId, limit),
      findDirect: async (a, b) => internal().findDirect(a, b),
      insert: async (c, now) => internal().insertChat(c, now),
      // A new message moves the same counters as a customer conversation's (one statement).
      touch: async (row) => repo.touchConversation({ ...row, sla_since: null }),
      cursors: async (chatId) => internal().cursors(chatId),
      cursor: async (chatId, userId) => internal().cursor(chatId, userId),
      unreadOf: async (userId) => internal().unreadOf(userId),
    };
    const files = () => repo.files;
    this.files = {
      insert: async (f) => files().insert(f),
      get: async (id) => files().get(id),
      byIds: async (ids) => files().byIds(ids),
      attach: async (ids, messageId, conversationId) => files().attach(ids, messageId, conversationId),
      ofConversation: async (conversationId, images, beforeId, limit, deliverableOnly) => files().ofConversation(conversationId, images, beforeId, limit, deliverableOnly),
      pruneUnsent: async (cutoff, limit) => files().pruneUnsent(cutoff, limit),
      unsentOf: async (ownerKey) => files().unsentOf(ownerKey),
      blobInUse: async (key) => files().blobInUse(key),
    };
  }

  /** One connection, one writer: every transaction is BEGIN IMMEDIATE, whatever its mode. */
  readonly concurrentReads = false;

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.repo.transactionAsync(fn);
  }

  writeMark(): number {
    return this.repo.totalChanges();
  }

  savepoint<T>(fn: () => Promise<T>): Promise<T> {
    return this.repo.savepointAsync(fn);
  }
}

function draftOf(r: DraftRow): DraftRecord {
  return { userId: r.user_id, conversationId: r.conversation_id, text: r.text, updatedAt: r.updated_at };
}

function userOf(r: UserRow): UserRecord {
  return { id: r.id, name: r.name, rights: JSON.parse(r.rights) as string[], updatedAt: r.updated_at };
}
