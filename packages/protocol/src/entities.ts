import * as v from 'valibot';
import { doc } from './doc.js';
import { limits } from './limits.js';
import { MessageCard } from './message-cards.js';

/** Ids the server assigns are positive safe integers. */
export const Id = v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.description('An id the server assigned: a positive safe integer.'));
/** A page's size: 1 to `limits.pageSizeMax`, `limits.pageSizeDefault` when absent. */
export const PageSize = v.optional(
  v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(limits.pageSizeMax)),
  limits.pageSizeDefault,
);
/** Milliseconds since the epoch. */
export const Timestamp = v.pipe(v.number(), v.safeInteger(), v.minValue(0), v.description('Milliseconds since the Unix epoch (UTC), an integer.'));

export const Right = v.picklist(['chats', 'chat_admin', 'admin', 'bot']);
export type Right = v.InferOutput<typeof Right>;

export const ActorKind = v.picklist(['user', 'visitor', 'bot']);
export type ActorKind = v.InferOutput<typeof ActorKind>;

/** Who is connected: a CRM user (manager/admin), a shop visitor, or a bot. */
export const Me = v.object({
  kind: ActorKind,
  id: v.string(),
  name: v.string(),
  rights: v.array(Right),
});
export type Me = v.InferOutput<typeof Me>;

export const AuthorKind = v.picklist(['customer', 'manager', 'bot', 'system']);
export type AuthorKind = v.InferOutput<typeof AuthorKind>;

export const Author = v.object({ kind: AuthorKind, id: v.string(), name: v.string() });
export type Author = v.InferOutput<typeof Author>;

export const Channel = v.object({ id: Id, kind: doc(v.string(), 'What the channel is (`web`, or the messenger a module names: `telegram`, `whatsapp` …; elements pick its icon by it); its capabilities are `welcome.channels[id]`.'), name: v.string() });
export type Channel = v.InferOutput<typeof Channel>;

/**
 * What a channel can carry and report (the channel port's capabilities): the server refuses what
 * a conversation's channel lacks, and elements offer only what it has.
 */
export const ChannelCapabilities = v.object({
  connected: doc(v.boolean(), 'A module delivers this channel\'s messages; false: its conversations are history only, nothing can be sent into them.'),
  quote: doc(v.boolean(), 'A reply may quote a message (`replyToId`).'),
  edit: doc(v.boolean(), 'A sent message may be edited.'),
  delete: doc(v.boolean(), 'A sent message may be deleted.'),
  image: v.boolean(),
  file: v.boolean(),
  audio: v.boolean(),
  product: doc(v.boolean(), 'It shows product cards: its webhooks carry `message.cards` of type `product` (else the text fallback alone).'),
  order: doc(v.boolean(), 'It shows order cards: its webhooks carry `message.cards` of type `order`.'),
  deliveredReports: doc(v.boolean(), 'Messages to the customer get `delivered`.'),
  readReports: doc(v.boolean(), 'Messages to the customer get `read`.'),
  maxTextChars: doc(v.number(), 'Characters a message may hold on this channel (as `limits.maxMessageChars` counts them).'),
  maxFileBytes: doc(v.number(), 'Largest file the channel carries; 0 for none.'),
});
export type ChannelCapabilities = v.InferOutput<typeof ChannelCapabilities>;


export const CustomerRef = v.object({
  id: Id,
  name: v.string(),
  blocked: v.optional(doc(v.boolean(), 'S-DLG-7: nothing is sent to or received from a blocked customer. Staff only.')),
});
export type CustomerRef = v.InferOutput<typeof CustomerRef>;

export const ConversationStatus = v.picklist(['open', 'closed']);
export type ConversationStatus = v.InferOutput<typeof ConversationStatus>;

const UserRef = v.object({ id: v.string(), name: v.string() });

/** A system event in the feed (S-DLG-5); the elements render it in the reader's language. */
export const SystemEvent = v.object({
  type: v.picklist(['opened', 'closed', 'reopened', 'assigned', 'reassigned', 'unassigned', 'autoClosed']),
  by: doc(v.nullable(UserRef), 'Who did it: a user, the distribution bot (id `chatdesk:distribution-bot`, S-CH-3), or null for the system itself (the assignment list, auto-close, a customer reopening).'),
  from: v.nullable(UserRef),
  to: v.nullable(UserRef),
});
export type SystemEvent = v.InferOutput<typeof SystemEvent>;

export const MessagePreview = v.object({
  id: Id,
  author: Author,
  text: doc(v.string(), 'Empty when the message was deleted (`deleted` is then set).'),
  createdAt: Timestamp,
  deleted: v.optional(doc(v.literal(true), 'S-DLG-7: the last message was deleted; the list says so instead of showing its text.')),
});
export type MessagePreview = v.InferOutput<typeof MessagePreview>;

/**
 * What the viewer may do with a conversation, decided by the server (policy) for each reader:
 * elements offer what it allows instead of deciding again.
 */
export const ConversationCan = v.object({
  see: doc(v.boolean(), 'False only on the last update of a conversation the viewer no longer sees (another manager took it, S-AUTH-3): drop it, its thread and its unread count.'),
  reply: doc(v.boolean(), 'Send into it: for staff, the customer is not blocked and the channel is connected; a visitor always may (the server answers a blocked one with a plain refusal).'),
  close: doc(v.boolean(), 'Close or reopen it (staff).'),
  assign: doc(v.boolean(), 'Reassign it to another manager (S-DLG-6: admins, chat admins, the conversation\'s manager).'),
  unassign: doc(v.boolean(), 'Leave it with nobody (admins and chat admins).'),
  block: doc(v.boolean(), 'Block or unblock the customer (S-DLG-7, staff).'),
  unlink: doc(v.boolean(), 'Unlink the conversation from the customer\'s card (S-DLG-7, staff).'),
});
export type ConversationCan = v.InferOutput<typeof ConversationCan>;

/** S-SLA-1: a waiting customer's marker: `ok`, yellow at `warningAt` (`warning`), red at `breachAt` (`breached`). */
export const ConversationSla = v.object({
  state: v.picklist(['ok', 'warning', 'breached']),
  warningAt: doc(v.nullable(Timestamp), 'When it turns yellow; null: the limits set no warning.'),
  breachAt: doc(Timestamp, 'When it turns red (the processing time).'),
});
export type ConversationSla = v.InferOutput<typeof ConversationSla>;

export const Conversation = v.object({
  id: Id,
  channel: Channel,
  customer: CustomerRef,
  status: ConversationStatus,
  assigneeId: doc(v.nullable(v.string()), 'The assigned manager\'s user id, or null while unassigned. Hidden from visitors.'),
  lastMessage: doc(v.nullable(MessagePreview), 'The newest message someone wrote (S-DLG-2): system notices are never the preview (S-DLG-5).'),
  lastActivityAt: doc(Timestamp, 'Moved by every message and notice: the list\'s order.'),
  createdAt: Timestamp,
  waitingSince: doc(v.nullable(Timestamp), 'When the oldest customer message not yet answered by a manager arrived; null when answered. Drives the "waiting" sort and the unanswered filter (S-DLG-4) and later the SLA (S-SLA-1).'),
  slaSince: v.optional(doc(v.nullable(Timestamp), 'S-SLA-1, staff only: when the SLA clock started (the customer\'s last message not yet answered by a manager); null: no clock runs (answered, or closed).')),
  sla: v.optional(doc(ConversationSla, 'S-SLA-1, staff only, while a clock runs: the marker as of when the server sent it; `conversation.updated` brings each change at its moment.')),
  can: doc(v.optional(ConversationCan), 'What this viewer may do with it (see `ConversationCan`): on every conversation the server sends.'),
});
export type Conversation = v.InferOutput<typeof Conversation>;

export const ClientMessageId = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(limits.maxClientMessageIdChars),
  v.regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only'),
  v.description('Chosen by the sender, unique per sender: a resend with the same id returns the stored message.'),
);


/**
 * S-DLG-13: the delivery of a staff or bot message to the customer, a strict state machine
 * (`deliveryTransitions`): queued → sent → delivered → read, or failed with a reason; only
 * Retry leaves `failed`.
 */
export const DeliveryStatus = v.picklist(['queued', 'sent', 'delivered', 'read', 'failed']);
export type DeliveryStatus = v.InferOutput<typeof DeliveryStatus>;

/** Why a message failed (S-DLG-13). */
export const FailReason = v.picklist(['channel_error', 'not_your_conversation', 'visitor_left']);
export type FailReason = v.InferOutput<typeof FailReason>;

/** S-DLG-7: the message a reply quotes, as it is now (a deleted one has an empty text). */
export const ReplyRef = v.object({
  id: Id,
  author: Author,
  text: doc(v.string(), 'At most `limits.replyPreviewChars` characters of the quoted text.'),
  deleted: v.optional(v.literal(true)),
});
export type ReplyRef = v.InferOutput<typeof ReplyRef>;

/** What the viewer may do with a message, decided by the server for each reader (elements offer it). */
export const MessageCan = v.object({
  edit: doc(v.boolean(), 'Edit it (S-DLG-7: its author, not deleted; in a customer conversation also on a channel that supports edits, the customer not blocked).'),
  delete: doc(v.boolean(), 'Delete it (the same rules as edit, for deletes).'),
  retry: doc(v.boolean(), 'Send it again (S-DLG-13: staff, a failed message, not deleted).'),
  history: doc(v.boolean(), 'Read its audit trail (admins and chat admins, once it was edited or deleted).'),
});
export type MessageCan = v.InferOutput<typeof MessageCan>;

/** What an uploaded file turned out to be, decided by the server from its content (never its name). */
export const FileKind = v.picklist(['image', 'audio', 'file']);
export type FileKind = v.InferOutput<typeof FileKind>;

/**
 * A file a message carries (S-DLG-9, S-DLG-5). Its bytes are at `GET /api/files/{id}` and an
 * image's preview at `GET /api/files/{id}/thumb`, each with a file token (`files.token`).
 */
export const Attachment = v.object({
  id: Id,
  kind: doc(FileKind, '`image`: a picture the server decoded and re-encoded (orientation applied, metadata stripped), shown inline; `audio`: a voice message or other sound; `file`: anything else, downloaded.'),
  name: doc(v.string(), 'The name the sender gave it, cleaned (no path, no control or bidi characters, at most `limits.maxFileNameChars`).'),
  size: doc(v.pipe(v.number(), v.safeInteger(), v.minValue(0)), 'Bytes as stored.'),
  mime: doc(v.string(), 'The type found in the content\'s magic bytes (`application/octet-stream` when none is known); the name and the uploader\'s header are never trusted.'),
  width: v.optional(doc(v.number(), 'Images: pixels, orientation applied; with `height`, the preview\'s box before it loads.')),
  height: v.optional(v.number()),
  thumb: v.optional(doc(v.object({ width: v.number(), height: v.number() }), 'Images: the thumbnail\'s size (at most `limits.thumbMaxPx` on its longer side).')),
});
export type Attachment = v.InferOutput<typeof Attachment>;

export const Message = v.object({
  id: Id,
  conversationId: doc(Id, 'The conversation; for a message of an internal chat (S-DLG-14), that chat\'s id.'),
  author: Author,
  text: doc(v.string(), 'Empty when deleted.'),
  createdAt: Timestamp,
  clientMessageId: v.optional(doc(v.string(), 'Present only for the sender\'s own sessions: it is how an outbox recognises its message.')),
  system: v.optional(doc(SystemEvent, 'Set on messages whose author kind is `system`.')),
  status: v.optional(doc(DeliveryStatus, 'S-DLG-13: on staff and bot messages to a customer, for staff only.')),
  failReason: v.optional(doc(FailReason, 'Set when `status` is `failed`.')),
  replyTo: v.optional(doc(ReplyRef, 'S-DLG-7: the message this one replies to.')),
  editedAt: v.optional(doc(Timestamp, 'S-DLG-7: when the text was last edited; the previous texts are in `messages.history`.')),
  deletedAt: v.optional(doc(Timestamp, 'S-DLG-7: when it was deleted; `text` is then empty.')),
  attachments: v.optional(doc(v.array(Attachment), 'S-DLG-9: its files, in the order sent; absent when none or when the message was deleted (its files are no longer served).')),
  cards: v.optional(
    doc(v.array(MessageCard), 'S-W-PROD, S-W-ORD: the product or order cards a manager sent (`crm.sendProducts`, `crm.sendOrder`), a snapshot of the CRM at the send; `text` is then their plain-text fallback for clients and channels that show no cards. Absent when none or when the message was deleted.'),
  ),
  can: v.optional(doc(MessageCan, 'What this viewer may do with it (see `MessageCan`): on every message of a conversation or an internal chat the server sends, but system notices (absent: nothing).')),
});
export type Message = v.InferOutput<typeof Message>;

/** A previous text of a message, kept by every edit and delete (S-DLG-7's audit trail). */
export const MessageRevision = v.object({
  messageId: Id,
  action: v.picklist(['edited', 'deleted']),
  text: doc(v.string(), 'The text before this edit or delete.'),
  by: Author,
  at: Timestamp,
});
export type MessageRevision = v.InferOutput<typeof MessageRevision>;

/** S-DLG-8: a manager's unsent reply in one conversation. */
export const Draft = v.object({
  conversationId: Id,
  text: v.string(),
  updatedAt: Timestamp,
});
export type Draft = v.InferOutput<typeof Draft>;
