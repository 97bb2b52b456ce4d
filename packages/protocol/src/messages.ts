import * as v from 'valibot';
import { ClientMessageId, Conversation, DeliveryStatus, FailReason, Id, Message, MessageRevision, PageSize } from './entities.js';
import { MessageText } from './text.js';
import { defineEvent, defineMethod } from './define.js';

const MessageRef = v.object({ messageId: Id });
const MessageResult = v.object({ message: Message, conversation: Conversation });

export const messageMethods = {
  /** A page of messages in ascending order, ending just before `before` (default: the newest). */
  'messages.list': defineMethod({
    params: v.object({
      conversationId: Id,
      before: v.optional(Id),
      limit: PageSize,
    }),
    result: v.object({ messages: v.array(Message), hasMore: v.boolean() }),
  }),
  /**
   * Idempotent on (sender, clientMessageId): a resend returns the stored message unchanged.
   * A visitor omits `conversationId`: their open conversation is continued or a new one created.
   * `replyToId` quotes a message of the same conversation (S-DLG-7).
   */
  'messages.send': defineMethod({
    params: v.object({
      conversationId: v.optional(Id),
      clientMessageId: ClientMessageId,
      text: MessageText,
      replyToId: v.optional(Id),
    }),
    result: MessageResult,
  }),
  /** S-DLG-7: the author edits their own message; the previous text goes to the audit trail. */
  'messages.edit': defineMethod({
    params: v.object({ messageId: Id, text: MessageText }),
    result: MessageResult,
  }),
  /** S-DLG-7: the author deletes their own message; its text goes to the audit trail. */
  'messages.delete': defineMethod({ params: MessageRef, result: MessageResult }),
  /** S-DLG-7: the audit trail of edits and deletes, oldest first; admins and chat admins only. */
  'messages.history': defineMethod({
    params: MessageRef,
    result: v.object({ message: Message, revisions: v.array(MessageRevision) }),
  }),
  /** S-DLG-13: send a failed message again (same message, new attempt); staff who see it. */
  'messages.retry': defineMethod({ params: MessageRef, result: MessageResult }),
  /**
   * S-DLG-13: the visitor's widget received every message up to `messageId` (the web channel's
   * delivery report; `conversations.markRead` is its read report). Visitors only.
   */
  'messages.delivered': defineMethod({
    params: v.object({ conversationId: Id, messageId: Id }),
    result: v.object({}),
  }),
} as const;

export const messageEvents = {
  'message.created': defineEvent(v.object({ message: Message, conversation: Conversation })),
  /**
   * S-DLG-7, S-DLG-13: a message was edited, deleted or retried. A client that does not hold
   * it yet (a visitor never sees a failed message) inserts it in place.
   */
  'message.updated': defineEvent(MessageResult),
  /** S-DLG-13: these messages reached `status` (staff only). */
  'message.status': defineEvent(
    v.object({
      conversationId: Id,
      messageIds: v.array(Id),
      status: DeliveryStatus,
      failReason: v.optional(FailReason),
    }),
  ),
} as const;
