import * as v from 'valibot';
import { ClientMessageId, Conversation, DeliveryStatus, FailReason, Id, Message, MessageRevision, PageSize } from './entities.js';
import { MessageText } from './text.js';
import { defineEvent, defineMethod } from './define.js';
import { limits } from './limits.js';
import { AttachmentIds, CONTENT_RULE, hasContent, SendText } from './files.js';
import { InternalChat } from './internal.js';

const MessageRef = v.object({ messageId: Id });
const MessageResult = v.object({ message: Message, conversation: Conversation });
/** An edit or delete answers with where the message lives: its conversation, or its internal chat (S-DLG-14). */
const ChangeResult = v.union([MessageResult, v.object({ message: Message, chat: InternalChat })]);

/** Edit and delete check the same things, in this order (S-DLG-7). */
const CHANGE_ERRORS = {
  NOT_FOUND: 'no such message, or the caller may not see it',
  CONFLICT: 'a system notice (`details.reason: \'system\'`), a message already deleted, or (an edit) a message with product or order cards (`details.reason: \'cards\'`: its text is their fallback)',
  FORBIDDEN: 'not the author (`details.reason: \'not_author\'`; in an internal chat too), a channel whose sent messages cannot change (`\'channel\'`, with `details.capability` `\'edit\'` or `\'delete\'`), or a blocked customer (`\'blocked\'`; a visitor gets the plain refusal without a reason)',
} as const;

export const messageMethods = {
  /** A page of messages in ascending order, ending just before `before` (default: the newest). */
  'messages.list': defineMethod({
    params: v.object({
      conversationId: Id,
      before: v.optional(Id),
      limit: PageSize,
    }),
    result: v.object({ messages: v.array(Message), hasMore: v.boolean() }),
    doc: 'A page of a visible conversation\'s messages, ascending, ending just before `before` (default: the newest). Visitors never get staff messages that failed to reach them.',
    errors: { NOT_FOUND: 'the conversation does not exist, or the caller may not see it' },
  }),
  /**
   * Idempotent on (sender, clientMessageId): a resend returns the stored message unchanged.
   * A visitor omits `conversationId`: their open conversation is continued or a new one created.
   * `replyToId` quotes a message of the same conversation (S-DLG-7).
   */
  'messages.send': defineMethod({
    params: v.pipe(
      v.object({
        conversationId: v.optional(Id),
        clientMessageId: ClientMessageId,
        text: v.optional(SendText, ''),
        attachmentIds: v.optional(AttachmentIds),
        replyToId: v.optional(Id),
      }),
      // Checked even when other fields fail; reported at `text`, where a blank text always was.
      v.forward(v.partialCheck([['text'], ['attachmentIds']], hasContent, CONTENT_RULE), ['text']),
    ),
    result: MessageResult,
    doc: 'Sends a message; idempotent on (sender, `clientMessageId`). A visitor omits `conversationId` to continue their open conversation or start one; a manager names a visible conversation. See the notes below the reference.',
    errors: {
      NOT_FOUND: 'the conversation is not visible (or a resent `clientMessageId` names a message of a conversation no longer visible), `replyToId` is not a message of it the sender sees, or an attachment id is not a file this sender uploaded (`details.fileId`)',
      FORBIDDEN: 'the customer is blocked (S-DLG-7; staff get `details.reason: \'blocked\'`, a visitor the plain refusal), or the conversation\'s channel is not connected, cannot carry a quote, or cannot carry a file of that kind or size (`details: {reason: \'channel\', capability: \'connected\' | \'quote\' | \'image\' | \'audio\' | \'file\'}`; see `welcome.channels`)',
      CONFLICT: 'the quoted message was deleted, a manager\'s `clientMessageId` was used for their message in an internal chat, or an attachment was already sent with another message (`details.fileId`)',
      LIMIT_EXCEEDED: `the text has more than ${limits.maxMessageChars} characters not counting whitespace (S-DLG-12), or, from staff, more than the channel's \`maxTextChars\` (\`details: {limit, actual}\`), or the files together exceed ${limits.maxSendBytes} bytes (S-DLG-9; \`details: {limit, actual, unit: 'bytes'}\`)`,
      INVALID_PARAMS: 'also: a blank `text` with no `attachmentIds` (`details.nested.text`: a message holds a non-blank text or at least one attachment), a manager omitted `conversationId`, or `replyToId` names a system notice',
    },
  }),
  /** S-DLG-7: the author edits their own message; the previous text goes to the audit trail. */
  'messages.edit': defineMethod({
    params: v.object({ messageId: Id, text: MessageText }),
    result: ChangeResult,
    doc: 'The author edits their message, on channels that support edits (the web channel does) and in internal chats; the previous text goes to the audit trail (S-DLG-7). The same text again changes nothing. The result carries `conversation`, or `chat` for a message of an internal chat.',
    errors: { ...CHANGE_ERRORS, LIMIT_EXCEEDED: `more than ${limits.maxMessageChars} characters not counting whitespace (S-DLG-12), or, from staff, more than the channel's \`maxTextChars\`` },
  }),
  /** S-DLG-7: the author deletes their own message; its text goes to the audit trail. */
  'messages.delete': defineMethod({
    params: MessageRef,
    result: ChangeResult,
    doc: 'The author deletes their message (in a conversation or an internal chat): the text is blanked (`deletedAt` set) and kept in the audit trail; search stops finding it (S-DLG-7). The result carries `conversation`, or `chat` for a message of an internal chat.',
    errors: CHANGE_ERRORS,
  }),
  /** S-DLG-7: the audit trail of edits and deletes, oldest first; admins and chat admins only. */
  'messages.history': defineMethod({
    params: MessageRef,
    result: v.object({ message: Message, revisions: v.array(MessageRevision) }),
    doc: 'Admins and chat admins: the audit trail of a message\'s edits and deletes, oldest first (S-DLG-7); in an internal chat, for its members.',
    errors: { NOT_FOUND: 'no such message, or the caller may not see it', FORBIDDEN: 'the caller sees the message but is not an admin or chat admin' },
  }),
  /** S-DLG-13: send a failed message again (same message, new attempt); staff who see it. */
  'messages.retry': defineMethod({
    params: MessageRef,
    result: MessageResult,
    doc: 'Staff who see the conversation send a `failed` message again: the same message, a new attempt (S-DLG-13).',
    errors: {
      NOT_FOUND: 'no such message, or the caller may not see it (visitors never see failed messages)',
      FORBIDDEN: 'a visitor, or the customer is blocked (`details.reason: \'blocked\'`)',
      CONFLICT: 'the message is not `failed` (`details.status`), was deleted, or changed meanwhile',
    },
  }),
  /**
   * S-DLG-13: the visitor's widget received every message up to `messageId` (the web channel's
   * delivery report; `conversations.markRead` is its read report). Visitors only.
   */
  'messages.delivered': defineMethod({
    params: v.object({ conversationId: Id, messageId: Id }),
    result: v.object({}),
    doc: 'Visitors (the web channel\'s delivery report): staff messages up to `messageId` become `delivered` (S-DLG-13).',
    errors: { FORBIDDEN: 'the caller is staff', NOT_FOUND: 'the conversation is not the visitor\'s, or `messageId` is not a message of it they see' },
  }),
} as const;

export const messageEvents = {
  'message.created': defineEvent(
    v.object({ message: Message, conversation: Conversation }),
    'Everyone who may see the conversation: a new message (a visitor never gets a staff message that failed to reach them).',
  ),
  /**
   * S-DLG-7, S-DLG-13: a message was edited, deleted or retried. A client that does not hold
   * it yet (a visitor never sees a failed message) inserts it in place.
   */
  'message.updated': defineEvent(
    MessageResult,
    'Everyone who may see the message: an edit, a delete or a retry. A client that lacks it inserts it in place (visitors never see failed messages, and get a retried one this way).',
  ),
  /** S-DLG-13: these messages reached `status` (staff only). */
  'message.status': defineEvent(
    v.object({
      conversationId: Id,
      messageIds: v.array(Id),
      status: DeliveryStatus,
      failReason: v.optional(FailReason),
    }),
    'Staff who see the conversation: these messages reached `status` (S-DLG-13).',
  ),
} as const;
