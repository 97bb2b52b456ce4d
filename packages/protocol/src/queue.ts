import * as v from 'valibot';
import { doc } from './doc.js';
import { Conversation, CustomerRef, Id, Message, PageSize } from './entities.js';
import { text } from './text.js';
import { defineEvent, defineMethod } from './define.js';

/**
 * S-DLG-4: how the list is ordered. `waiting`: longest unanswered first (unanswered only). `sla`
 * (S-SLA-1): the open conversations whose reply clock runs, the one whose reply time ends first
 * first (red, then yellow, then the rest), by each channel's limits.
 */
export const ListSort = v.picklist(['activity', 'waiting', 'sla']);
export type ListSort = v.InferOutput<typeof ListSort>;

/** S-DLG-4: the filters combine (AND). Absent means "any". */
export const ListFilter = v.object({
  status: v.optional(v.picklist(['open', 'closed'])),
  channelId: v.optional(Id),
  assigneeId: v.optional(doc(v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(128))), 'A manager\'s user id, or `null` for unassigned conversations.')),
  unreadOnly: v.optional(v.boolean()),
  unansweredOnly: v.optional(doc(v.boolean(), 'The customer wrote last and no manager has answered yet.')),
  sla: v.optional(doc(v.picklist(['ok', 'warning', 'breached']), 'S-SLA-1: open conversations whose SLA marker is in this state now (`breached`: red).')),
});
export type ListFilter = v.InferOutput<typeof ListFilter>;

/** S-SET (personal): what each chat user chooses for themselves, next to the admins' settings. */
export const UiLanguage = v.picklist(['ru', 'en']);

export const Prefs = v.object({
  listSort: ListSort,
  listFilter: ListFilter,
  desktopNotifications: v.optional(doc(v.boolean(), 'Show a desktop notification for a new conversation or message while the page is not in view (the browser asks for permission first). Default off.'), false),
  sound: v.optional(doc(v.boolean(), 'Play a short sound for a new conversation or message (once the page may play sound, by the browser\'s autoplay rules). Default off.'), false),
  language: v.optional(doc(v.nullable(UiLanguage), 'The UI\'s language when the host page sets none; null: the browser\'s.'), null),
});
export type Prefs = v.InferOutput<typeof Prefs>;

/** A manager who can take a conversation, for the reassign picker (S-DLG-6). */
export const Assignee = v.object({
  id: v.string(),
  name: v.string(),
  online: v.boolean(),
  load: doc(v.number(), 'Open conversations assigned to them now.'),
});
export type Assignee = v.InferOutput<typeof Assignee>;


/** A search hit: a message (with the matched ranges in its text) or the customer's name/phone/email. */
export const SearchHit = v.object({
  conversation: Conversation,
  field: v.picklist(['text', 'name', 'phone', 'email']),
  message: doc(v.nullable(Message), 'The matched message; null when the hit is on the customer.'),
  highlights: doc(v.array(v.tuple([v.number(), v.number()])), '[start, end) UTF-16 offsets of the matches in the matched field.'),
});
export type SearchHit = v.InferOutput<typeof SearchHit>;

const ConversationRef = v.object({ conversationId: Id });
/** A staff action on a conversation: visibility first (nothing leaks), then the role. */
const STAFF_ON_VISIBLE = { NOT_FOUND: 'the conversation does not exist, or the caller may not see it', FORBIDDEN: 'a visitor' } as const;
const ConversationResult = v.object({ conversation: Conversation });

export const queueMethods = {
  'conversations.close': defineMethod({
    params: ConversationRef,
    result: ConversationResult,
    doc: 'Staff, on a visible conversation; idempotent. A new customer or manager message reopens it (S-DLG-7, S-DLG-11).',
    errors: STAFF_ON_VISIBLE,
  }),
  'conversations.reopen': defineMethod({
    params: ConversationRef,
    result: ConversationResult,
    doc: 'Staff, on a visible conversation; idempotent.',
    errors: STAFF_ON_VISIBLE,
  }),
  /** S-DLG-6: admins, chat admins and the current manager; `null` unassigns (admins only). */
  'conversations.assign': defineMethod({
    params: v.object({ conversationId: Id, assigneeId: v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(128))) }),
    result: ConversationResult,
    doc: 'Admins, chat admins and the current manager reassign (S-DLG-6); `null` unassigns (admins only). A closed conversation stays closed; the previous manager gets `conversation.removed` and `NOT_FOUND` from then on.',
    errors: {
      NOT_FOUND: 'the conversation does not exist, or the caller may not see it',
      FORBIDDEN: 'the caller is not an admin, a chat admin or the current manager (or unassigns without being an admin)',
      INVALID_PARAMS: 'also: `assigneeId` is not a user with the chats right',
    },
  }),
  /**
   * The picker of S-DLG-6: managers who may take it, with their online state and load. Without a
   * `conversationId` (the manager filter of S-DLG-4): every user with the chats right, for staff.
   */
  'conversations.assignees': defineMethod({
    params: v.object({ conversationId: v.optional(Id) }),
    result: v.object({ assignees: v.array(Assignee) }),
    doc: 'Users with the chats right, with `online` (a welcomed session) and `load`. With `conversationId` (the reassign picker): admins, chat admins and the current manager; without it (the manager filter, S-DLG-4): any staff member.',
    errors: {
      NOT_FOUND: 'the conversation does not exist, or the caller may not see it',
      FORBIDDEN: 'a visitor, or (with `conversationId`) a manager who may not reassign it',
    },
  }),
  /** S-DLG-7: mark as unread for me only (the last message becomes unread). */
  'conversations.markUnread': defineMethod({
    params: ConversationRef,
    result: v.object({ unread: v.number(), unreadTotal: v.number() }),
    doc: 'A visible conversation\'s last message becomes unread, for the caller only (S-DLG-7).',
    errors: { NOT_FOUND: 'the conversation does not exist, or the caller may not see it' },
  }),
  /** S-DLG-7: the conversation leaves the customer's card: it gets a customer of its own. */
  'conversations.unlinkCustomer': defineMethod({
    params: ConversationRef,
    result: ConversationResult,
    doc: 'Staff: the conversation gets a customer of its own and leaves the old customer\'s card (S-DLG-7); the old customer\'s visitor sessions get `conversation.removed`.',
    errors: STAFF_ON_VISIBLE,
  }),
  /** S-DLG-7: nothing is sent to or received from a blocked customer. */
  'customers.setBlocked': defineMethod({
    params: v.object({ customerId: Id, blocked: v.boolean() }),
    result: v.object({ customer: CustomerRef }),
    doc: 'Staff who see one of the customer\'s conversations: nothing is sent to or received from a blocked customer (S-DLG-7: staff get `FORBIDDEN` with `details.reason: \'blocked\'`; the visitor gets the plain `FORBIDDEN`, "You may not do this." without details, the same as any refusal, so nothing tells them they are blocked); `blocked` is shown to staff only.',
    errors: { NOT_FOUND: 'no such customer, or the caller sees none of their conversations', FORBIDDEN: 'a visitor (blocking themselves)' },
  }),
  /** S-DLG-3: customer name/phone/email and message text; newest first; only visible conversations. */
  'conversations.search': defineMethod({
    params: v.object({
      query: v.pipe(text(200), v.check((s) => s.trim().length > 0, 'must not be blank')),
      limit: PageSize,
      cursor: v.optional(v.pipe(v.string(), v.maxLength(64))),
    }),
    result: v.object({ hits: v.array(SearchHit), nextCursor: v.nullable(v.string()) }),
    doc: 'Staff (S-DLG-3): customer hits first (name, phone, email substrings; phones by digits; at least one term of 3+ characters), then messages by word prefix, newest first; visible conversations only. The query\'s terms are its words (runs of letters, digits and combining marks; everything else separates them and is never query syntax). Query and stored text are folded alike and only so: Unicode NFC (a letter typed precomposed or as letter + combining mark is one letter: «й» = «и»+U+0306), lower case, «ё» = «е»; nothing else, so «Добрый» finds «Добрый день» and «Добрыи» does not, «Zoë» and «café» are found as written (not by «Zoe», «cafe»), «ß» is not «ss». `highlights` are `[start, end)` UTF-16 offsets in the original (unnormalized) text of the matched field, covering whole characters with their marks.',
    errors: { FORBIDDEN: 'a visitor', INVALID_PARAMS: 'also: a `cursor` this server did not issue' },
  }),
  /** The caller's remembered list sort and filter (S-DLG-4). */
  'prefs.get': defineMethod({
    params: v.object({}),
    result: v.object({ prefs: Prefs }),
    doc: 'Staff: the remembered list sort and filter (S-DLG-4) and the personal preferences.',
    errors: { FORBIDDEN: 'a visitor' },
  }),
  'prefs.set': defineMethod({
    params: v.object({
      listSort: v.optional(ListSort),
      listFilter: v.optional(ListFilter),
      desktopNotifications: v.optional(v.boolean()),
      sound: v.optional(v.boolean()),
      language: v.optional(v.nullable(UiLanguage)),
    }),
    result: v.object({ prefs: Prefs }),
    doc: 'Staff: remembers the list sort and filter and the personal preferences (notifications, sound, language); what is absent stays as it was.',
    errors: { FORBIDDEN: 'a visitor' },
  }),
} as const;

export const queueEvents = {
  /** To the users who just lost sight of a conversation (reassigned away): drop it and its history. */
  'conversation.removed': defineEvent(
    v.object({ conversationId: Id }),
    'The users who just lost sight of a conversation (reassigned away, S-AUTH-3; an unlinked visitor): drop it and its history.',
  ),
} as const;
