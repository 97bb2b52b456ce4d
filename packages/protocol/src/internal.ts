import * as v from 'valibot';
import { doc } from './doc.js';
import { ClientMessageId, Id, Message, MessagePreview, PageSize, Timestamp } from './entities.js';
import { limits } from './limits.js';
import { text } from './text.js';
import { AttachmentIds, CONTENT_RULE, hasContent, SendText } from './files.js';
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
  kind: doc(v.picklist(['direct', 'group']), 'One-to-one (exactly two members, one per pair) or a group.'),
  title: doc(v.string(), 'A group\'s title; empty for a direct chat (the UI shows the other member\'s name).'),
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
    doc: `Staff: their internal chats (S-DLG-14), last activity first, at most ${limits.maxInternalChats}.`,
    errors: { FORBIDDEN: 'a visitor' },
  }),
  /** Staff one can write to: every user with the chats right but the caller. */
  'internal.colleagues': defineMethod({
    params: v.object({}),
    result: v.object({ colleagues: v.array(Colleague) }),
    doc: 'Staff: every user with the chats right but the caller, with their online state.',
    errors: { FORBIDDEN: 'a visitor' },
  }),
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
    doc: 'Staff: one member and no title is the pair\'s one direct chat (asked again, the same one); otherwise a group.',
    errors: {
      FORBIDDEN: 'a visitor',
      INVALID_PARAMS: 'also: no member besides the caller, or a member who is not a user with the chats right',
      LIMIT_EXCEEDED: `more than ${limits.maxChatMembers} members, the caller included`,
    },
  }),
  'internal.messages': defineMethod({
    params: v.object({
      chatId: Id,
      before: v.optional(Id),
      limit: PageSize,
    }),
    result: v.object({ messages: v.array(Message), hasMore: v.boolean() }),
    doc: 'Members only: a page of the chat\'s messages, ascending, ending just before `before`.',
    errors: { FORBIDDEN: 'a visitor', NOT_FOUND: 'no such chat, or the caller is not a member (admins are no exception)' },
  }),
  /** Idempotent on (sender, clientMessageId), like `messages.send`. */
  'internal.send': defineMethod({
    params: v.pipe(
      v.object({ chatId: Id, clientMessageId: ClientMessageId, text: v.optional(SendText, ''), attachmentIds: v.optional(AttachmentIds), replyToId: v.optional(Id) }),
      // Checked even when other fields fail; reported at `text`, where a blank text always was.
      v.forward(v.partialCheck([['text'], ['attachmentIds']], hasContent, CONTENT_RULE), ['text']),
    ),
    result: v.object({ message: Message, chat: InternalChat }),
    doc: 'Members: sends a message; idempotent on (sender, `clientMessageId`) like `messages.send`.',
    errors: {
      FORBIDDEN: 'a visitor',
      NOT_FOUND: 'no such chat, the caller is not a member, `replyToId` is not a message of this chat, or an attachment id is not a file this sender uploaded (`details.fileId`)',
      CONFLICT: 'this `clientMessageId` was used in another chat, or an attachment was already sent (`details.fileId`)',
      INVALID_PARAMS: 'also: a blank `text` with no `attachmentIds` (`details.nested.text`)',
      LIMIT_EXCEEDED: `more than ${limits.maxMessageChars} characters not counting whitespace (S-DLG-12), or files over ${limits.maxSendBytes} bytes together (S-DLG-9)`,
    },
  }),
  'internal.markRead': defineMethod({
    params: v.object({ chatId: Id, messageId: v.optional(Id) }),
    result: v.object({ unread: v.number() }),
    doc: 'Members: marks the chat read for the caller, up to `messageId` (default: the newest).',
    errors: { FORBIDDEN: 'a visitor', NOT_FOUND: 'no such chat, the caller is not a member, or `messageId` is not a message of it' },
  }),
} as const;

export const internalEvents = {
  /** To the members: a chat was created or changed (its last message, members, title). */
  'internal.chat': defineEvent(ChatResult, 'The chat\'s members: it was created or changed (last message, members, title).'),
  /** To the members: a new message. */
  'internal.message': defineEvent(v.object({ chat: InternalChat, message: Message }), 'The chat\'s members: a new message, or one edited or deleted (`messages.edit`, `messages.delete`: a client that holds it replaces it; its unread count does not move).'),
  /** To one member (all their devices): their unread count of the chat changed. */
  'internal.unread': defineEvent(v.object({ chatId: Id, unread: v.number() }), 'That member\'s sessions only: their unread count of the chat changed.'),
} as const;
