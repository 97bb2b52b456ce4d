import * as v from 'valibot';
import { Conversation, Id, PageSize } from './entities.js';
import { defineEvent, defineMethod } from './define.js';
import { ListFilter, ListSort } from './queue.js';

/** Unread message counts of the caller, keyed by conversation id. */
export const UnreadMap = v.record(v.string(), v.pipe(v.number(), v.safeInteger(), v.minValue(0)));

export const conversationMethods = {
  /**
   * The caller's conversations, paged with an opaque cursor: last activity first, or (`waiting`)
   * the longest unanswered first; `filter` narrows it (S-DLG-4).
   */
  'conversations.list': defineMethod({
    params: v.object({
      limit: PageSize,
      cursor: v.optional(v.pipe(v.string(), v.maxLength(64))),
      sort: v.optional(ListSort, 'activity'),
      filter: v.optional(ListFilter, {}),
    }),
    result: v.object({
      conversations: v.array(Conversation),
      unread: UnreadMap,
      nextCursor: v.nullable(v.string()),
    }),
  }),
  'conversations.get': defineMethod({
    params: v.object({ conversationId: Id }),
    result: v.object({ conversation: Conversation, unread: v.number() }),
  }),
  /** Marks the conversation read for the caller only, up to `messageId` (default: the latest). */
  'conversations.markRead': defineMethod({
    params: v.object({ conversationId: Id, messageId: v.optional(Id) }),
    result: v.object({ unread: v.number(), unreadTotal: v.number() }),
  }),
} as const;

export const conversationEvents = {
  'conversation.updated': defineEvent(v.object({ conversation: Conversation })),
  /** Sent only to the user whose read state changed (any of their sessions). */
  'unread.changed': defineEvent(
    v.object({ conversationId: Id, unread: v.number(), unreadTotal: v.number() }),
  ),
} as const;
