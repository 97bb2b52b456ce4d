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

export const CustomerRef = v.object({ id: Id, name: v.string() });
export type CustomerRef = v.InferOutput<typeof CustomerRef>;

export const ConversationStatus = v.picklist(['open', 'closed']);
export type ConversationStatus = v.InferOutput<typeof ConversationStatus>;

export const MessagePreview = v.object({
  id: Id,
  author: Author,
  text: v.string(),
  createdAt: Timestamp,
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
});
export type Message = v.InferOutput<typeof Message>;
