import * as v from 'valibot';
import { ClientMessageId, Id, Message, MessagePreview, PageSize, Timestamp } from './entities.js';
import { limits } from './limits.js';
import { MessageText, text } from './text.js';
import { defineEvent, defineMethod } from './define.js';
import { UnreadMap } from './conversations.js';

/**
 * S-DLG-14: internal chats, where staff write to each other, kept apart from customer
 * conversations: their own ids, their own list, visible to their members only (admins too).
 * Their messages are `Message`s whose `conversationId` is the chat's id.
 */

const UserId = v.pipe(v.string(), v.minLength(1), v.maxLength(128));
const Member = v.object({ id: v.string(), name: v.string() });

export const InternalChat = v.object({
  id: Id,
  /** One-to-one (exactly two members, one per pair) or a group. */
  kind: v.picklist(['direct', 'group']),
  /** A group's title; empty for a direct chat (the UI shows the other member's name). */
  title: v.string(),
  members: v.array(Member),
  lastMessage: v.nullable(MessagePreview),
  lastActivityAt: Timestamp,
  createdAt: Timestamp,
});
export type InternalChat = v.InferOutput<typeof InternalChat>;

/** A colleague one can start an internal chat with. */
export const Colleague = v.object({ id: v.string(), name: v.string(), online: v.boolean() });
export type Colleague = v.InferOutput<typeof Colleague>;

const ChatRef = v.object({ chatId: Id });
const ChatResult = v.object({ chat: InternalChat });

export const internalMethods = {
  /** The caller's internal chats, last activity first (at most `limits.maxInternalChats`). */
  'internal.list': defineMethod({
    params: v.object({}),
    result: v.object({ chats: v.array(InternalChat), unread: UnreadMap }),
  }),
  /** Staff one can write to: every user with the chats right but the caller. */
  'internal.colleagues': defineMethod({ params: v.object({}), result: v.object({ colleagues: v.array(Colleague) }) }),
  /**
   * Starts a chat with `memberIds` (the caller joins by themselves). One member and no title: the
   * direct chat of the pair, created once (asking again returns it). Otherwise a group.
   */
  'internal.create': defineMethod({
    params: v.object({
      memberIds: v.pipe(v.array(UserId), v.minLength(1), v.maxLength(limits.maxChatMembers - 1)),
      title: v.optional(v.pipe(text(100), v.check((s) => s.trim().length > 0, 'must not be blank'))),
    }),
    result: ChatResult,
  }),
  'internal.messages': defineMethod({
    params: v.object({
      chatId: Id,
      before: v.optional(Id),
      limit: PageSize,
    }),
    result: v.object({ messages: v.array(Message), hasMore: v.boolean() }),
  }),
  /** Idempotent on (sender, clientMessageId), like `messages.send`. */
  'internal.send': defineMethod({
    params: v.object({ chatId: Id, clientMessageId: ClientMessageId, text: MessageText, replyToId: v.optional(Id) }),
    result: v.object({ message: Message, chat: InternalChat }),
  }),
  'internal.markRead': defineMethod({
    params: v.object({ chatId: Id, messageId: v.optional(Id) }),
    result: v.object({ unread: v.number() }),
  }),
} as const;

export const internalEvents = {
  /** To the members: a chat was created or changed (its last message, members, title). */
  'internal.chat': defineEvent(ChatResult),
  /** To the members: a new message. */
  'internal.message': defineEvent(v.object({ chat: InternalChat, message: Message })),
  /** To one member (all their devices): their unread count of the chat changed. */
  'internal.unread': defineEvent(v.object({ chatId: Id, unread: v.number() })),
} as const;
