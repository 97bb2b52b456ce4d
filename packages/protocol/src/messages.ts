import * as v from 'valibot';
import { ClientMessageId, Conversation, Id, Message } from './entities.js';
import { limits } from './limits.js';
import { MessageText } from './text.js';
import { defineEvent, defineMethod } from './define.js';

export const messageMethods = {
  /** A page of messages in ascending order, ending just before `before` (default: the newest). */
  'messages.list': defineMethod({
    params: v.object({
      conversationId: Id,
      before: v.optional(Id),
      limit: v.optional(
        v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(limits.pageSizeMax)),
        limits.pageSizeDefault,
      ),
    }),
    result: v.object({ messages: v.array(Message), hasMore: v.boolean() }),
  }),
  /**
   * Idempotent on (sender, clientMessageId): a resend returns the stored message unchanged.
   * A visitor omits `conversationId`: their open conversation is continued or a new one created.
   */
  'messages.send': defineMethod({
    params: v.object({
      conversationId: v.optional(Id),
      clientMessageId: ClientMessageId,
      text: MessageText,
    }),
    result: v.object({ message: Message, conversation: Conversation }),
  }),
} as const;

export const messageEvents = {
  'message.created': defineEvent(v.object({ message: Message, conversation: Conversation })),
} as const;
