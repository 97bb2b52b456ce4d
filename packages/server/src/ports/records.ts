import type {
  AuthorKind,
  FileKind,
  Conversation,
  ConversationStatus,
  DeliveryStatus,
  FailReason,
  ListFilter,
  ListSort,
} from '@chatdesk/protocol';

/** A conversation's last-message preview is its first PREVIEW_CHARS code points; the thread loads the whole text. */
export const PREVIEW_CHARS = 300;

/** The first PREVIEW_CHARS code points (a text of that many UTF-16 units or fewer is whole). */
export function previewText(text: string): string {
  return text.length <= PREVIEW_CHARS ? text : [...text].slice(0, PREVIEW_CHARS).join('');
}

/**
 * The records the storage port (ports/storage.ts) reads and writes: plain data, named as the
 * columns of every adapter's tables, so a record is what a row holds and nothing more.
 */

export interface ChannelRow {
  id: number;
  kind: string;
  name: string;
  created_at: number;
  /** A messenger module's channel (S-CH-2): the module, its code for the channel, and what it carries (the protocol's ChannelCapabilities as JSON). Null for a built-in channel. */
  module_id: number | null;
  code: string | null;
  capabilities: string | null;
}

/** A messenger integration module (S-CH-2): its token is kept as a SHA-256 (hex) only. */
export interface ModuleRow {
  id: number;
  code: string;
  name: string;
  token_hash: string;
  webhook_url: string | null;
  /** `whsec_…`: signs our webhooks to it and verifies its calls to us (Standard Webhooks). */
  webhook_secret: string;
  created_at: number;
}

export interface CustomerRow {
  id: number;
  name: string;
  channel_id: number | null;
  created_at: number;
  phone: string | null;
  email: string | null;
  /** S-DLG-7: nothing may be sent to or received from this customer. */
  blocked: boolean;
}

export interface ConversationRow {
  id: number;
  channel_id: number;
  customer_id: number;
  status: ConversationStatus;
  assignee_id: string | null;
  last_message_id: number | null;
  last_activity_at: number;
  /** Messages in the conversation; the newest message's ordinal. */
  message_count: number;
  created_at: number;
  /** The oldest customer message after the last manager message (S-DLG-4); null: answered. */
  waiting_since: number | null;
  /** S-SLA-1: the customer's last message not yet answered by a manager; null: answered or closed. */
  sla_since: number | null;
  /** S-SLA-1: the next moment the SLA marker changes (the SLA job's queue); null: none due. */
  sla_due_at: number | null;
}

export interface MessageRow {
  id: number;
  conversation_id: number;
  author_kind: AuthorKind;
  author_id: string;
  author_name: string;
  text: string;
  client_message_id: string | null;
  created_at: number;
  /** The message's place in its conversation: 1, 2, … (read cursors hold ordinals). */
  ordinal: number;
  /** A system event (S-DLG-5) as JSON, on messages whose author kind is `system`. */
  system: string | null;
  /** S-DLG-13: delivery of a staff or bot message to the customer; null on the others. */
  status: DeliveryStatus | null;
  fail_reason: FailReason | null;
  /** Times it was handed to the channel (Retry adds one). */
  attempts: number;
  /** S-DLG-7: the quoted message. */
  reply_to_id: number | null;
  edited_at: number | null;
  deleted_at: number | null;
  /** S-DLG-9: its files as the protocol shows them (`Attachment[]` as JSON), fixed at the send; null: none. */
  attachments: string | null;
  /** S-W-PROD, S-W-ORD: its product or order cards as the protocol shows them (`MessageCard[]` as JSON); null: none. */
  cards: string | null;
}

/** What a new message row needs; the delivery and edit columns have defaults. */
export type NewMessageRow = Omit<
  MessageRow,
  'id' | 'system' | 'status' | 'fail_reason' | 'attempts' | 'reply_to_id' | 'edited_at' | 'deleted_at' | 'attachments' | 'cards'
> & {
  attachments?: string | null;
  cards?: string | null;
  system?: string | null;
  status?: DeliveryStatus | null;
  fail_reason?: FailReason | null;
  reply_to_id?: number | null;
};

/** The row `messages.insert(m)` stored under `id`, defaults filled in. */
export function storedMessageRow(id: number, m: NewMessageRow): MessageRow {
  // Field by field, not a spread: one object shape for every row (a spread of the send's row,
  // whose optional fields vary, was 1.5 % of the ingest profile on its own).
  return {
    id,
    conversation_id: m.conversation_id,
    author_kind: m.author_kind,
    author_id: m.author_id,
    author_name: m.author_name,
    text: m.text,
    client_message_id: m.client_message_id,
    created_at: m.created_at,
    ordinal: m.ordinal,
    system: m.system ?? null,
    status: m.status ?? null,
    fail_reason: m.fail_reason ?? null,
    attempts: 1,
    reply_to_id: m.reply_to_id ?? null,
    edited_at: null,
    deleted_at: null,
    attachments: m.attachments ?? null,
    cards: m.cards ?? null,
  };
}

/** S-DLG-7: a text an edit or delete replaced, with who did it and when. */
export interface RevisionRow {
  id: number;
  message_id: number;
  action: 'edited' | 'deleted';
  text: string;
  actor_kind: AuthorKind;
  actor_id: string;
  actor_name: string;
  created_at: number;
}

/** A visible conversation with the reader's unread count. */
export interface ConversationWithUnread {
  conversation: Conversation;
  unread: number;
}

/** A list page cursor: the last row's (last_activity_at, id), or (waiting_since, id) when sorted by waiting. */
export interface ListCursor {
  at: number;
  id: number;
}

/** What a list query narrows to (S-DLG-4); see conversations.list. */
export interface ListQuery {
  sort: ListSort;
  filter: ListFilter;
  /** S-DLG-4, S-SLA-1: only conversations whose SLA marker is in this state now, by these limits. */
  sla?: SlaQuery;
  /** With sort `sla`: the limits that give each conversation's reply due time. */
  limits?: SlaQuery['limits'];
}

export interface SlaQuery {
  state: 'ok' | 'warning' | 'breached';
  now: number;
  limits: { default: TimeLimitsRecord; perChannel: Record<string, TimeLimitsRecord> };
}

export interface TimeLimitsRecord {
  warningMs: number | null;
  processingMs: number;
}

/**
 * S-DLG-14: an internal chat, a conversation of its own kind (the one message model): its
 * messages are `MessageRow`s (author kind 'manager'), its members' read cursors `u:` keys.
 */
export interface InternalChatRow {
  id: number;
  kind: 'direct' | 'group';
  title: string;
  direct_key: string | null;
  created_by: string;
  last_message_id: number | null;
  message_count: number;
  last_activity_at: number;
  created_at: number;
}

/**
 * S-DLG-9: an uploaded file. Its bytes are in the blob store under `blob_key` (the SHA-256 of
 * the content: two uploads of the same bytes share one blob); it belongs to its uploader until a
 * send attaches it to a message (then to whoever may see that message).
 */
export interface FileRow {
  id: number;
  blob_key: string;
  kind: FileKind;
  mime: string;
  name: string;
  size: number;
  width: number | null;
  height: number | null;
  thumb_key: string | null;
  thumb_width: number | null;
  thumb_height: number | null;
  /** Who uploaded it: a reader key, `u:<user id>` or `c:<customer id>`. */
  owner_key: string;
  /** The message that carries it; null until sent. */
  message_id: number | null;
  /** That message's conversation (or internal chat); null until sent. */
  conversation_id: number | null;
  created_at: number;
}

export type NewFileRow = Omit<FileRow, 'id' | 'message_id' | 'conversation_id'>;

/** A webhook to a messenger module, waiting or done (S-CH-2's outbox). */
export interface OutboxRow {
  id: number;
  module_id: number;
  conversation_id: number;
  message_id: number | null;
  webhook_id: string;
  type: string;
  body: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_at: number;
  last_error: string | null;
  created_at: number;
  done_at: number | null;
}

export type NewOutboxRow = Pick<OutboxRow, 'module_id' | 'conversation_id' | 'message_id' | 'webhook_id' | 'type' | 'body' | 'created_at'>;
