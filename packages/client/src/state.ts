import type { Attachment, Author, ChannelCapabilities, Conversation, Draft, FailReason, InternalChat, Me, Message, Prefs, PrivacyNotice, PublicSettings } from '@chatdesk/protocol';
import type { ThreadKey } from './keys.js';

export type ConnectionStatus =
  /** Not started yet (`connect()` not called). */
  | 'idle'
  /** First connection attempt in progress. */
  | 'connecting'
  /** Welcomed and live. */
  | 'open'
  /** Lost; retrying with backoff (the outbox keeps queued sends). */
  | 'reconnecting'
  /**
   * The server refuses this page's origin (not in its `ALLOWED_ORIGINS`): not an outage, so no
   * reconnect every few seconds; one quiet attempt a minute, in case the list is fixed.
   */
  | 'origin_refused'
  /** Stopped for good: `close()` was called, or the server refused us (FORBIDDEN). */
  | 'closed';

/** A send that the server has not acknowledged yet (optimistic UI). */
export interface OutboxItem {
  clientMessageId: string;
  /**
   * The thread it goes to (an internal chat's key is negative). Undefined for a visitor's first
   * message: the server picks or creates the conversation.
   */
  conversationId: ThreadKey | undefined;
  text: string;
  /** S-DLG-7: the message this one quotes. */
  replyToId?: number;
  /** S-DLG-9: uploaded files it carries (their ids go with the send). */
  attachments?: readonly Attachment[];
  createdAt: number;
  /** `queued` waits for a connection, `sending` awaits its result, `failed` was refused. */
  state: 'queued' | 'sending' | 'failed';
  /**
   * Why the server refused it: the error `code`, the server's `message` (English, a technical
   * detail), its `details.reason` when it gave one (`detailsReason`, e.g. `blocked`), else for
   * NOT_FOUND and FORBIDDEN `reason: 'not_your_conversation'` (S-DLG-13).
   */
  error?: { code: string; message: string; reason?: FailReason; detailsReason?: string };
}

/** Someone typing in a thread, until `until` (ms since the epoch) unless renewed. */
export interface TypingEntry {
  author: Author;
  until: number;
}

export interface ThreadState {
  /** Ascending by id; only messages the server stored. */
  messages: readonly Message[];
  /** Older pages exist on the server. */
  hasMore: boolean;
  loading: boolean;
}

/**
 * The normalized store. Updated only by events and call results, always immutably, so that a
 * selector's `Object.is` comparison tells whether a slice changed.
 */
export interface ChatState {
  connection: ConnectionStatus;
  /** The last reason the connection failed (close code name or error code), for the UI. */
  connectionError: { code: string; message: string } | null;
  me: Me | null;
  /** What each channel can carry, by channel id (from `welcome`, then `channel.updated`); one not here is not connected (`capabilitiesOf`). */
  channels: Readonly<Record<string, ChannelCapabilities>>;
  /** The chat settings every user follows (S-SET-1 chats on/off, S-SET-2 display), from `welcome`, then `settings.changed`; null before the first welcome. */
  settings: PublicSettings | null;
  /** A visitor's privacy notice (S-SET-5), from `welcome.privacy`; null when their channel asks none. */
  privacy: PrivacyNotice | null;
  /** Staff: the user's personal preferences (`client.prefs()`, `client.setPrefs()`); null until fetched. */
  prefs: Prefs | null;
  conversations: Readonly<Record<number, Conversation>>;
  /** Ids of loaded conversations, last activity first. */
  conversationOrder: readonly number[];
  /** The first list page arrived. */
  listLoaded: boolean;
  /** Cursor of the next list page, or null when the list is complete. */
  listCursor: string | null;
  /** Loaded threads by key: conversations by id, internal chats under `-chatId`. */
  threads: Readonly<Record<ThreadKey, ThreadState>>;
  /** Unacknowledged sends, in send order. */
  outbox: readonly OutboxItem[];
  /** Unread messages per conversation for this user (0 entries are removed). */
  unread: Readonly<Record<number, number>>;
  /** How many conversations have unread messages. */
  unreadTotal: number;
  /** S-DLG-8: this user's drafts by conversation id (staff only). */
  drafts: Readonly<Record<number, Draft>>;
  /** Who else is typing, by thread key; expired entries are pruned. */
  typing: Readonly<Record<ThreadKey, readonly TypingEntry[]>>;
  /** S-DLG-14: the internal chats this user is a member of, by chat id. */
  internalChats: Readonly<Record<number, InternalChat>>;
  /** Chat ids, last activity first. */
  internalOrder: readonly number[];
  /** `internal.list` answered. */
  internalLoaded: boolean;
  /** Unread messages per internal chat (0 entries are removed). */
  internalUnread: Readonly<Record<number, number>>;
  /** S-DLG-9: the file token in use (`client.files`), null until first asked for: file URLs change with it. */
  fileToken: string | null;
}

export const initialState: ChatState = {
  connection: 'idle',
  connectionError: null,
  me: null,
  conversations: {},
  channels: {},
  settings: null,
  privacy: null,
  prefs: null,
  conversationOrder: [],
  listLoaded: false,
  listCursor: null,
  threads: {},
  outbox: [],
  unread: {},
  unreadTotal: 0,
  drafts: {},
  typing: {},
  internalChats: {},
  internalOrder: [],
  internalLoaded: false,
  internalUnread: {},
  fileToken: null,
};
