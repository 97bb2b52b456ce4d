import * as v from 'valibot';
import { limits } from './limits.js';

/** Ids the server assigns are positive safe integers. */
export const Id = v.pipe(v.number(), v.safeInteger(), v.minValue(1));
/** Milliseconds since the epoch. */
export const Timestamp = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

export const Right = v.picklist(['chats', 'chat_admin', 'admin']);
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

export const Channel = v.object({ id: Id, kind: v.string(), name: v.string() });
export type Channel = v.InferOutput<typeof Channel>;

export const CustomerRef = v.object({
  id: Id,
  name: v.string(),
  /** S-DLG-7: nothing is sent to or received from a blocked customer. Staff only. */
  blocked: v.optional(v.boolean()),
});
export type CustomerRef = v.InferOutput<typeof CustomerRef>;

export const ConversationStatus = v.picklist(['open', 'closed']);
export type ConversationStatus = v.InferOutput<typeof ConversationStatus>;

const UserRef = v.object({ id: v.string(), name: v.string() });

/** A system event in the feed (S-DLG-5); the elements render it in the reader's language. */
export const SystemEvent = v.object({
  type: v.picklist(['opened', 'closed', 'reopened', 'assigned', 'reassigned', 'unassigned', 'autoClosed']),
  /** Who did it; null for the system itself (the distribution bot, auto-close). */
  by: v.nullable(UserRef),
  from: v.nullable(UserRef),
  to: v.nullable(UserRef),
});
export type SystemEvent = v.InferOutput<typeof SystemEvent>;

export const MessagePreview = v.object({
  id: Id,
  author: Author,
  text: v.string(),
  createdAt: Timestamp,
  /** A system event as the last message: the list shows it in the reader's language. Staff only. */
  system: v.optional(SystemEvent),
});
export type MessagePreview = v.InferOutput<typeof MessagePreview>;

export const Conversation = v.object({
  id: Id,
  channel: Channel,
  customer: CustomerRef,
  status: ConversationStatus,
  /** The assigned manager's user id, or null while unassigned. Hidden from visitors. */
  assigneeId: v.nullable(v.string()),
  lastMessage: v.nullable(MessagePreview),
  lastActivityAt: Timestamp,
  createdAt: Timestamp,
  /**
   * When the oldest customer message not yet answered by a manager arrived; null when answered.
   * Drives the "waiting" sort and the unanswered filter (S-DLG-4) and later the SLA (S-SLA-1).
   */
  waitingSince: v.nullable(Timestamp),
});
export type Conversation = v.InferOutput<typeof Conversation>;

export const ClientMessageId = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(limits.maxClientMessageIdChars),
  v.regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only'),
);


export const Message = v.object({
  id: Id,
  conversationId: Id,
  author: Author,
  text: v.string(),
  createdAt: Timestamp,
  /** Present only for the sender's own sessions: it is how an outbox recognises its message. */
  clientMessageId: v.optional(v.string()),
  /** Set on messages whose author kind is `system`. */
  system: v.optional(SystemEvent),
});
export type Message = v.InferOutput<typeof Message>;
