import type { DraftRecord, DraftStore, EventLogStore, PrefsStore, SettingsStore, Storage, UserRecord, UserStore } from '../ports/storage.js';
import type { DraftRow, Repo, UserRow } from './repo.js';

/**
 * The storage port on SQLite. better-sqlite3 is synchronous: each method does its work at once and
 * resolves an already-settled promise, so an action's awaits never let another event-loop task in
 * (the unit of work also runs one action at a time). The statements are `Repo`'s, shared with
 * the code that has not moved onto the port yet.
 */
export class SqliteStorage implements Storage {
  readonly events: EventLogStore;
  readonly drafts: DraftStore;
  readonly prefs: PrefsStore;
  readonly settings: SettingsStore;
  readonly users: UserStore;

  constructor(private readonly repo: Repo) {
    this.events = {
      head: async () => repo.headSeq(),
      after: async (seq, limit) => repo.eventsAfter(seq, limit),
      prunedThrough: async () => repo.prunedThrough(),
      prune: async (cutoff, maxRows) => repo.pruneEvents(cutoff, maxRows),
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
    };
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.repo.transactionAsync(fn);
  }
}

function draftOf(r: DraftRow): DraftRecord {
  return { userId: r.user_id, conversationId: r.conversation_id, text: r.text, updatedAt: r.updated_at };
}

function userOf(r: UserRow): UserRecord {
  return { id: r.id, name: r.name, rights: JSON.parse(r.rights) as string[], updatedAt: r.updated_at };
}
