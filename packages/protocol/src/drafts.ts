import * as v from 'valibot';
import { Draft, Id } from './entities.js';
import { limits } from './limits.js';
import { text } from './text.js';
import { defineEvent, defineMethod } from './define.js';

export const draftMethods = {
  /** S-DLG-8: the caller's drafts (staff only), newest first, at most `limits.maxDrafts`. */
  'drafts.list': defineMethod({
    params: v.object({}),
    result: v.object({ drafts: v.array(Draft) }),
    doc: `Staff: their own drafts (in conversations they see and internal chats they belong to), newest first, at most ${limits.maxDrafts} (S-DLG-8).`,
    errors: { FORBIDDEN: 'a visitor' },
  }),
  /** S-DLG-8: saves the caller's draft for a conversation they see; blank text deletes it. */
  'drafts.set': defineMethod({
    params: v.object({ conversationId: Id, text: text(limits.maxMessageRawChars) }),
    result: v.object({ draft: v.nullable(Draft) }),
    doc: `Staff, on a visible conversation or an internal chat they belong to (\`conversationId\` is the chat's id): saves the caller's draft; blank text deletes it, and a send clears the sender's draft. Past ${limits.maxDrafts} drafts the oldest is dropped (S-DLG-8).`,
    errors: { NOT_FOUND: 'the conversation does not exist or the caller may not see it (an internal chat: not a member)', FORBIDDEN: 'a visitor' },
  }),
} as const;

export const draftEvents = {
  /** To the draft's owner only (every device): the draft changed or (null) was cleared. */
  'draft.changed': defineEvent(
    v.object({ conversationId: Id, draft: v.nullable(Draft) }),
    'The draft\'s owner only, every session: it changed, or (null) was cleared (S-DLG-8).',
  ),
} as const;
