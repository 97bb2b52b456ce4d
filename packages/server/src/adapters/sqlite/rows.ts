/** The rows of the SQLite tables: the port's records, and the few this adapter stores its own way. */
export type {
  ChannelRow,
  ConversationRow,
  ConversationWithUnread,
  CustomerRow,
  FileRow,
  NewFileRow,
  InternalChatRow,
  ModuleRow,
  NewOutboxRow,
  OutboxRow,
  ListCursor,
  ListQuery,
  SlaQuery,
  MessageRow,
  NewMessageRow,
  RevisionRow,
} from '../../ports/records.js';
export type { EventRow, NewEvent } from '../../ports/event-bus.js';

/** S-DLG-8: a user's unsent reply in one conversation. */
export interface DraftRow {
  user_id: string;
  conversation_id: number;
  text: string;
  updated_at: number;
}

/** A user; `rights` is the token's rights as JSON. */
export interface UserRow {
  id: string;
  name: string;
  rights: string;
  updated_at: number;
}

/** A customer as stored: `blocked` 0 or 1, and the folded text the trigram index covers. */
export interface CustomerDbRow {
  id: number;
  name: string;
  channel_id: number | null;
  created_at: number;
  phone: string | null;
  email: string | null;
  blocked: number;
  search_key: string;
}
