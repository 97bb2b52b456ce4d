import * as v from 'valibot';
import { Conversation, CustomerRef, Id, Message, PageSize } from './entities.js';
import { text } from './text.js';
import { defineEvent, defineMethod } from './define.js';

/** S-DLG-4: how the list is ordered. `waiting`: longest unanswered first (unanswered only). */
export const ListSort = v.picklist(['activity', 'waiting']);
export type ListSort = v.InferOutput<typeof ListSort>;

/** S-DLG-4: the filters combine (AND). Absent means "any". */
export const ListFilter = v.object({
  status: v.optional(v.picklist(['open', 'closed'])),
  channelId: v.optional(Id),
  /** A manager's user id, or `null` for unassigned conversations. */
  assigneeId: v.optional(v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(128)))),
  unreadOnly: v.optional(v.boolean()),
  /** The customer wrote last and no manager has answered yet. */
  unansweredOnly: v.optional(v.boolean()),
});
export type ListFilter = v.InferOutput<typeof ListFilter>;

export const Prefs = v.object({ listSort: ListSort, listFilter: ListFilter });
export type Prefs = v.InferOutput<typeof Prefs>;

/** A manager who can take a conversation, for the reassign picker (S-DLG-6). */
export const Assignee = v.object({
  id: v.string(),
  name: v.string(),
  online: v.boolean(),
  /** Open conversations assigned to them now. */
  load: v.number(),
});
export type Assignee = v.InferOutput<typeof Assignee>;

/** Chat-wide settings that drive the queue (S-SET-3, S-SET-4, S-CH-3); admins and chat admins. */
export const QueueSettings = v.object({
  /** S-SET-4: managers new conversations are assigned to, round robin (unused while the bot is on). */
  assignmentManagerIds: v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(128))),
  /** S-SET-3: close an assigned conversation after this much inactivity; null: never. */
  autoCloseAssignedMs: v.nullable(v.pipe(v.number(), v.safeInteger(), v.minValue(60_000))),
  /** S-CH-3: the auto-distribution bot. */
  distributionBot: v.object({
    enabled: v.boolean(),
    /** The most open conversations one manager carries before the bot passes them over. */
    capacity: v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(1000)),
    managerIds: v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(128))),
  }),
});
export type QueueSettings = v.InferOutput<typeof QueueSettings>;

/** A search hit: a message (with the matched ranges in its text) or the customer's name/phone/email. */
export const SearchHit = v.object({
  conversation: Conversation,
  field: v.picklist(['text', 'name', 'phone', 'email']),
  /** The matched message; null when the hit is on the customer. */
  message: v.nullable(Message),
  /** [start, end) UTF-16 offsets of the matches in the matched field. */
  highlights: v.array(v.tuple([v.number(), v.number()])),
});
export type SearchHit = v.InferOutput<typeof SearchHit>;

const ConversationRef = v.object({ conversationId: Id });
const ConversationResult = v.object({ conversation: Conversation });

export const queueMethods = {
  'conversations.close': defineMethod({ params: ConversationRef, result: ConversationResult }),
  'conversations.reopen': defineMethod({ params: ConversationRef, result: ConversationResult }),
  /** S-DLG-6: admins, chat admins and the current manager; `null` unassigns (admins only). */
  'conversations.assign': defineMethod({
    params: v.object({ conversationId: Id, assigneeId: v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(128))) }),
    result: ConversationResult,
  }),
  /**
   * The picker of S-DLG-6: managers who may take it, with their online state and load. Without a
   * `conversationId` (the manager filter of S-DLG-4): every user with the chats right, for staff.
   */
  'conversations.assignees': defineMethod({
    params: v.object({ conversationId: v.optional(Id) }),
    result: v.object({ assignees: v.array(Assignee) }),
  }),
  /** S-DLG-7: mark as unread for me only (the last message becomes unread). */
  'conversations.markUnread': defineMethod({
    params: ConversationRef,
    result: v.object({ unread: v.number(), unreadTotal: v.number() }),
  }),
  /** S-DLG-7: the conversation leaves the customer's card: it gets a customer of its own. */
  'conversations.unlinkCustomer': defineMethod({ params: ConversationRef, result: ConversationResult }),
  /** S-DLG-7: nothing is sent to or received from a blocked customer. */
  'customers.setBlocked': defineMethod({
    params: v.object({ customerId: Id, blocked: v.boolean() }),
    result: v.object({ customer: CustomerRef }),
  }),
  /** S-DLG-3: customer name/phone/email and message text; newest first; only visible conversations. */
  'conversations.search': defineMethod({
    params: v.object({
      query: v.pipe(text(200), v.check((s) => s.trim().length > 0, 'must not be blank')),
      limit: PageSize,
      cursor: v.optional(v.pipe(v.string(), v.maxLength(64))),
    }),
    result: v.object({ hits: v.array(SearchHit), nextCursor: v.nullable(v.string()) }),
  }),
  /** The caller's remembered list sort and filter (S-DLG-4). */
  'prefs.get': defineMethod({ params: v.object({}), result: v.object({ prefs: Prefs }) }),
  'prefs.set': defineMethod({
    params: v.object({ listSort: v.optional(ListSort), listFilter: v.optional(ListFilter) }),
    result: v.object({ prefs: Prefs }),
  }),
  'settings.get': defineMethod({ params: v.object({}), result: v.object({ settings: QueueSettings }) }),
  'settings.update': defineMethod({ params: QueueSettings, result: v.object({ settings: QueueSettings }) }),
} as const;

export const queueEvents = {
  /** To the users who just lost sight of a conversation (reassigned away): drop it and its history. */
  'conversation.removed': defineEvent(v.object({ conversationId: Id })),
} as const;
