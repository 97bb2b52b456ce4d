import * as v from 'valibot';
import { doc } from './doc.js';
import { Id, Timestamp } from './entities.js';
import { defineEvent, defineMethod } from './define.js';
import { text } from './text.js';

/*
 * Quick replies (S-QR-1..4): texts a manager inserts by the lightning button or by typing `/` and a
 * command. Their texts are Twig templates rendered on the server for the conversation's customer.
 * Everyone with chats reads them; admins and chat admins change them (S-QR-2).
 */

/** The most replies and categories one deployment keeps: the list is sent whole to every panel. */
export const QUICK_REPLY_LIMITS = { replies: 1000, categories: 100, textChars: 2000 } as const;

/** S-QR-1: what follows `/` in the composer; a leading `/` is dropped and it is kept lower case. */
export const QuickReplyCommand = doc(
  v.pipe(
    v.string(),
    v.trim(),
    v.transform((s) => s.replace(/^\//, '').toLowerCase()),
    v.regex(/^[\p{L}\p{N}_-]{1,32}$/u, '1–32 letters, digits, - or _ (no spaces)'),
  ),
  'What follows `/` in the composer: 1–32 letters, digits, `-` or `_`; a leading `/` is dropped, and it is kept in lower case. Unique.',
);

const Title = v.pipe(text(100), v.trim(), v.check((s) => s.length > 0, 'must not be blank'));

/** S-QR-3: at most 2000 characters, whitespace counted (unlike a message's S-DLG-12 count). */
export const QuickReplyText = doc(
  v.pipe(text(QUICK_REPLY_LIMITS.textChars), v.check((s) => s.trim().length > 0, 'must not be blank')),
  `A Twig template (S-QR-4), at most ${QUICK_REPLY_LIMITS.textChars} characters, whitespace counted (S-QR-3).`,
);

export const QuickReplyCategory = v.object({
  id: Id,
  name: doc(v.string(), '1–100 characters; unique, any case.'),
});
export type QuickReplyCategory = v.InferOutput<typeof QuickReplyCategory>;

export const QuickReply = v.object({
  id: Id,
  command: QuickReplyCommand,
  title: v.string(),
  text: doc(v.string(), 'The template as saved; `quickReplies.render` makes it the conversation\'s text.'),
  categoryId: v.nullable(Id),
  updatedAt: Timestamp,
});
export type QuickReply = v.InferOutput<typeof QuickReply>;

const ADMINS_ONLY = 'not an admin or chat admin (S-QR-2)';
const TEMPLATE_ERROR = 'the text is not a template this server renders (`details: {reason: \'template\', line, message}`: a syntax error, or a tag, filter or function it does not allow)';

export const quickReplyMethods = {
  'quickReplies.list': defineMethod({
    params: v.object({
      query: v.optional(doc(text(200), 'Words every listed reply holds in its command, title or text (folded as message search folds: any case, «ё» = «е», «й» kept). Empty or absent: all.'), ''),
    }),
    result: v.object({
      replies: doc(v.array(QuickReply), 'By category (as `categories` orders them, uncategorised last), then by command.'),
      categories: doc(v.array(QuickReplyCategory), 'Every category, by name.'),
    }),
    doc: 'Staff (S-QR-1): the quick replies and their categories.',
    errors: { FORBIDDEN: 'a visitor' },
  }),
  'quickReplies.save': defineMethod({
    params: v.object({
      id: v.optional(doc(Id, 'The reply to change; absent: a new one.')),
      command: QuickReplyCommand,
      title: Title,
      text: QuickReplyText,
      categoryId: v.optional(v.nullable(Id), null),
    }),
    result: v.object({ reply: QuickReply }),
    doc: 'Admins and chat admins (S-QR-2): creates a reply, or changes one named by `id`. The text must be a template the server renders (S-QR-4). Every chat user hears `quickReplies.changed`.',
    errors: {
      FORBIDDEN: ADMINS_ONLY,
      NOT_FOUND: 'no reply of that `id`, or no category of that `categoryId`',
      CONFLICT: 'another reply has this command (`details.reason: \'command\'`)',
      INVALID_PARAMS: `also: ${TEMPLATE_ERROR}`,
      LIMIT_EXCEEDED: `already ${QUICK_REPLY_LIMITS.replies} replies (\`details: {limit, actual}\`)`,
    },
  }),
  'quickReplies.delete': defineMethod({
    params: v.object({ id: Id }),
    result: v.object({}),
    doc: 'Admins and chat admins (S-QR-2): deletes a reply. Every chat user hears `quickReplies.changed`.',
    errors: { FORBIDDEN: ADMINS_ONLY, NOT_FOUND: 'no reply of that `id`' },
  }),
  'quickReplies.saveCategory': defineMethod({
    params: v.object({ id: v.optional(doc(Id, 'The category to rename; absent: a new one.')), name: Title }),
    result: v.object({ category: QuickReplyCategory }),
    doc: 'Admins and chat admins (S-QR-2): creates or renames a category.',
    errors: {
      FORBIDDEN: ADMINS_ONLY,
      NOT_FOUND: 'no category of that `id`',
      CONFLICT: 'another category has this name, in any case (`details.reason: \'name\'`)',
      LIMIT_EXCEEDED: `already ${QUICK_REPLY_LIMITS.categories} categories (\`details: {limit, actual}\`)`,
    },
  }),
  'quickReplies.deleteCategory': defineMethod({
    params: v.object({ id: Id }),
    result: v.object({}),
    doc: 'Admins and chat admins (S-QR-2): deletes a category; its replies stay, uncategorised.',
    errors: { FORBIDDEN: ADMINS_ONLY, NOT_FOUND: 'no category of that `id`' },
  }),
  'quickReplies.render': defineMethod({
    params: v.union([
      v.object({ conversationId: Id, replyId: Id }),
      v.object({ conversationId: Id, text: doc(QuickReplyText, 'A template not saved yet: the edit dialog\'s preview.') }),
    ]),
    result: v.object({ text: doc(v.string(), 'For the composer: the manager may edit it before sending.') }),
    doc: 'Staff who see the conversation (S-QR-4): a saved reply, or a template being edited, rendered for this conversation: `customer` (the CRM\'s customer when linked, else the chat\'s), `manager` (the caller), `conversation`, `order` (the customer\'s current order, when there is one). An unknown variable renders empty.',
    errors: {
      FORBIDDEN: 'a visitor',
      NOT_FOUND: 'the conversation is not visible, or no reply of that `replyId`',
      INVALID_PARAMS: `also: ${TEMPLATE_ERROR}`,
      LIMIT_EXCEEDED: 'the template ran out of its time, output, loop or memory budget, or no renderer was free in time (`details.reason`: `time`, `output`, `loop`, `memory`)',
    },
  }),
} as const;

export const quickReplyEvents = {
  'quickReplies.changed': defineEvent(
    v.variant('kind', [
      v.object({ kind: v.literal('reply'), reply: QuickReply }),
      v.object({ kind: v.literal('replyDeleted'), id: Id }),
      v.object({ kind: v.literal('category'), category: QuickReplyCategory }),
      v.object({ kind: v.literal('categoryDeleted'), id: doc(Id, 'Its replies are uncategorised now.') }),
    ]),
    'Every staff user: a reply or a category was saved or deleted (S-QR-2); open lists change in place.',
  ),
} as const;
