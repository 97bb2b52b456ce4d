import type { Conversation, Me, Message } from '@chatdesk/protocol';

export type ConnectionStatus =
  /** Not started yet (`connect()` not called). */
  | 'idle'
  /** First connection attempt in progress. */
  | 'connecting'
  /** Welcomed and live. */
  | 'open'
  /** Lost; retrying with backoff (the outbox keeps queued sends). */
  | 'reconnecting'
  /** Stopped for good: `close()` was called, or the server refused us (FORBIDDEN). */
  | 'closed';

/** A send that the server has not acknowledged yet (optimistic UI). */
export interface OutboxItem {
  clientMessageId: string;
  /** Undefined for a visitor's first message: the server picks or creates the conversation. */
  conversationId: number | undefined;
  text: string;
  createdAt: number;
  /** `queued` waits for a connection, `sending` awaits its result, `failed` was refused. */
  state: 'queued' | 'sending' | 'failed';
  error?: { code: string; message: string };
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
  conversations: Readonly<Record<number, Conversation>>;
  /** Ids of loaded conversations, last activity first. */
  conversationOrder: readonly number[];
  /** The first list page arrived. */
  listLoaded: boolean;
  /** Cursor of the next list page, or null when the list is complete. */
  listCursor: string | null;
  threads: Readonly<Record<number, ThreadState>>;
  /** Unacknowledged sends, in send order. */
  outbox: readonly OutboxItem[];
  /** Unread messages per conversation for this user (0 entries are removed). */
  unread: Readonly<Record<number, number>>;
  /** How many conversations have unread messages. */
  unreadTotal: number;
}

export const initialState: ChatState = {
  connection: 'idle',
  connectionError: null,
  me: null,
  conversations: {},
  conversationOrder: [],
  listLoaded: false,
  listCursor: null,
  threads: {},
  outbox: [],
  unread: {},
  unreadTotal: 0,
};
