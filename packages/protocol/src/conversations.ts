import * as v from 'valibot';
import { doc } from './doc.js';
import { Channel, ChannelCapabilities, Conversation, Id, PageSize } from './entities.js';
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
      nextCursor: v.pipe(v.nullable(v.string()), v.description('pass it as `cursor` for the next page; null on the last page')),
    }),
    doc: 'Everyone: the conversations the caller may see, last activity first, or (`sort: \'waiting\'`) the unanswered ones, longest waiting first, or (`sort: \'sla\'`, S-SLA-1) the open ones whose reply clock runs, the earliest `sla.breachAt` first (red, then yellow, then the rest); the filters combine (S-DLG-4).',
    errors: { INVALID_PARAMS: 'also: a `cursor` this server did not issue, or one of the other sort' },
  }),
  'conversations.slaCounts': defineMethod({
    params: v.object({}),
    result: v.object({
      warning: doc(v.number(), 'Visible open conversations whose reply time is running out (yellow).'),
      breached: doc(v.number(), 'Those whose reply time is over (red): the panel header\'s count.'),
    }),
    doc: 'Staff (S-SLA-1): how many of the conversations the caller may see are yellow and red now. A `conversation.updated` with a changed `sla` is the cue to ask again.',
    errors: { FORBIDDEN: 'a visitor' },
  }),
  'conversations.get': defineMethod({
    params: v.object({ conversationId: Id }),
    result: v.object({ conversation: Conversation, unread: v.number() }),
    doc: 'A conversation the caller may see, with the caller\'s unread count in it.',
    errors: { NOT_FOUND: 'the conversation does not exist, or the caller may not see it', },
  }),
  /** Marks the conversation read for the caller only, up to `messageId` (default: the latest). */
  'conversations.markRead': defineMethod({
    params: v.object({ conversationId: Id, messageId: v.optional(Id) }),
    result: v.object({ unread: v.number(), unreadTotal: v.number() }),
    doc: 'Marks a visible conversation read for the caller only, up to `messageId` (default: the newest); an earlier message marks it unread from there. A visitor\'s call is also the web channel\'s read report (S-DLG-13).',
    errors: { NOT_FOUND: 'the conversation is not visible, or `messageId` is not one of its messages' },
  }),
} as const;

export const conversationEvents = {
  'conversation.updated': defineEvent(
    v.object({ conversation: Conversation }),
    'Everyone who may see the conversation, and a manager who just lost it (their clients drop it).',
  ),
  'channel.updated': defineEvent(
    v.object({ channel: Channel, capabilities: ChannelCapabilities }),
    'Staff: a messenger module registered a channel, changed what it can carry, or removed it (then `capabilities.connected` is false and its conversations are history only).',
  ),
  /** Sent only to the user whose read state changed (any of their sessions). */
  'unread.changed': defineEvent(
    v.object({ conversationId: Id, unread: v.number(), unreadTotal: v.number() }),
    'That user\'s sessions only: their unread count of the conversation and their total changed.',
  ),
} as const;
