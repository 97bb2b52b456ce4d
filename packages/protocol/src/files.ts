import * as v from 'valibot';
import { Attachment, Author, FileKind, Id, PageSize, Timestamp } from './entities.js';
import { defineMethod } from './define.js';
import { doc } from './doc.js';
import { limits } from './limits.js';
import { text } from './text.js';

/** S-DLG-9: the uploaded files a send carries, by the ids `POST /api/files` answered. */
export const AttachmentIds = doc(
  v.pipe(v.array(Id), v.maxLength(limits.maxAttachments), v.check((ids) => new Set(ids).size === ids.length, 'no id twice')),
  'S-DLG-9: files uploaded by the sender (`POST /api/files`) and not sent yet, in the order to show them; together at most `limits.maxSendBytes`.',
);

/** A send's text: may be empty when the send carries files. */
export const SendText = doc(text(limits.maxMessageRawChars), 'The text; may be empty (or absent) when `attachmentIds` names files. The server refuses more than `limits.maxMessageChars` characters not counting whitespace with LIMIT_EXCEEDED (S-DLG-12).');

/** A send holds a non-blank text or at least one file. */
export function hasContent(p: { text: string; attachmentIds?: readonly number[] | undefined }): boolean {
  return p.text.trim().length > 0 || (p.attachmentIds?.length ?? 0) > 0;
}
export const CONTENT_RULE = 'a non-blank text or at least one attachment';

/** S-DLG-7 "show attachments": a file with the message that carries it. */
export const ConversationFile = v.object({
  file: Attachment,
  messageId: Id,
  author: Author,
  createdAt: Timestamp,
});
export type ConversationFile = v.InferOutput<typeof ConversationFile>;

/** What `POST /api/files` answers (201). */
export const UploadResult = v.object({ file: Attachment });
export type UploadResult = v.InferOutput<typeof UploadResult>;

export const fileMethods = {
  /** A token for the file routes: upload and download with the caller's identity, for an hour. */
  'files.token': defineMethod({
    params: v.object({}),
    result: v.object({
      token: doc(v.string(), 'For `Authorization: Bearer` on `POST /api/files`, and `?t=` (or the same header) on `GET /api/files/{id}` and `…/thumb`.'),
      expiresAt: doc(Timestamp, 'Ask for a new one before this (`limits.fileTokenTtlMs` after the call).'),
    }),
    doc: 'Anyone connected: a token for the file routes (see Files), valid for `limits.fileTokenTtlMs`. Each download checks again that the caller may see the file\'s message.',
    errors: {},
  }),
  /** S-DLG-7: the files of a conversation or an internal chat, newest first. */
  'files.list': defineMethod({
    params: v.object({
      conversationId: doc(Id, 'A conversation, or an internal chat\'s id (S-DLG-14).'),
      kind: doc(v.picklist(['image', 'other']), '`image`: pictures; `other`: every other file (audio included).'),
      before: v.optional(doc(Id, 'A file id: the page ends just before it (default: the newest).')),
      limit: PageSize,
    }),
    result: v.object({ files: v.array(ConversationFile), hasMore: v.boolean() }),
    doc: 'S-DLG-7 "show attachments": the files of messages the caller sees in a conversation or an internal chat they belong to, newest first; deleted messages\' files are left out.',
    errors: { NOT_FOUND: 'the conversation or chat does not exist, or the caller may not see it' },
  }),
} as const;

export { FileKind };
