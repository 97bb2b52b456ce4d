import { ChatError, limits, type Attachment, type ChannelCapabilities, type FileKind, type Params, type Result } from '@chatdesk/protocol';
import type { FileRow, MessageRow, NewFileRow } from '../ports/storage.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Actor, ServiceContext, SystemContext } from './context.js';
import { requirePlace } from './guards.js';
import { authorSeenBy, canSeeConversation, userKey } from './policy.js';

/**
 * S-DLG-9, S-DLG-5, S-DLG-7: files in the one message model. An upload (http/files.ts) stores
 * the bytes in the blob store and a row here that belongs to its uploader; a send attaches the
 * uploader's unsent files to its message; from then on a file is served to whoever may see that
 * message, and to nobody once the message is deleted.
 */

/** A file as messages show it. */
export function attachmentOf(f: FileRow): Attachment {
  const a: Attachment = { id: f.id, kind: f.kind, name: f.name, size: f.size, mime: f.mime };
  if (f.width !== null && f.height !== null) {
    a.width = f.width;
    a.height = f.height;
  }
  if (f.thumb_key !== null && f.thumb_width !== null && f.thumb_height !== null) a.thumb = { width: f.thumb_width, height: f.thumb_height };
  return a;
}

/**
 * Before an upload streams: the sender may hold only so many files not sent yet (the disk is not
 * a free locker). Uploads running side by side may pass it together, by at most their number.
 */
export async function requireUploadRoom(ctx: ServiceContext): Promise<void> {
  const { count, bytes } = await ctx.store.files.unsentOf(userKey(ctx.actor));
  if (count >= limits.maxUnsentFiles || bytes >= limits.maxUnsentBytes) {
    throw new ChatError('LIMIT_EXCEEDED', 'Too many files uploaded and not sent; send or wait for them to expire.', {
      limit: count >= limits.maxUnsentFiles ? limits.maxUnsentFiles : limits.maxUnsentBytes,
      actual: count >= limits.maxUnsentFiles ? count : bytes,
      unit: count >= limits.maxUnsentFiles ? 'unsent files' : 'unsent bytes',
    });
  }
}

/**
 * Unsent uploads older than `ttlMs` go, and every blob no row names any more with them (resolves
 * to the blobs deleted). Runs once
 * across a cluster; the blobs are deleted inside the action, so an upload of the same bytes (which
 * writes its row first, in its own turn) cannot lose them in between.
 */
const PRUNE_BATCH = 500;

export async function pruneUnsentFiles(ctx: SystemContext, blobs: BlobStore, ttlMs: number): Promise<number> {
  if (!(await ctx.store.jobs.claim('prune-files'))) return 0;
  const keys = await ctx.store.files.pruneUnsent(ctx.clock.now() - ttlMs, PRUNE_BATCH);
  let deleted = 0;
  for (const key of new Set(keys)) {
    if (await ctx.store.files.blobInUse(key)) continue;
    await blobs.delete(key);
    deleted++;
  }
  return deleted;
}

/** An upload's row; resolves to the file as messages will show it. */
export async function registerUpload(ctx: ServiceContext, f: Omit<NewFileRow, 'owner_key' | 'created_at'>): Promise<Attachment> {
  const row: NewFileRow = { ...f, owner_key: userKey(ctx.actor), created_at: ctx.clock.now() };
  const id = await ctx.store.files.insert(row);
  return attachmentOf({ ...row, id, message_id: null, conversation_id: null });
}

const CAPABILITY: Record<FileKind, 'image' | 'audio' | 'file'> = { image: 'image', audio: 'audio', file: 'file' };

/**
 * The files a send names, checked (S-DLG-9): each the sender's own upload, none sent before, each
 * of a kind and size the channel carries (`caps`; an internal chat has none to check), and all
 * together within `limits.maxSendBytes`. Resolves to them in the order named.
 */
export async function filesForSend(ctx: ServiceContext, ids: readonly number[] | undefined, caps: ChannelCapabilities | null): Promise<FileRow[]> {
  if (ids === undefined || ids.length === 0) return [];
  const rows = new Map((await ctx.store.files.byIds(ids)).map((f) => [f.id, f]));
  const owner = userKey(ctx.actor);
  const out: FileRow[] = [];
  let total = 0;
  for (const id of ids) {
    const f = rows.get(id);
    if (!f || f.owner_key !== owner) throw new ChatError('NOT_FOUND', 'No such uploaded file.', { fileId: id });
    if (f.message_id !== null) throw new ChatError('CONFLICT', 'This file was already sent.', { fileId: id });
    if (caps) {
      const capability = CAPABILITY[f.kind];
      if (!caps[capability] || f.size > caps.maxFileBytes) {
        throw new ChatError('FORBIDDEN', `This channel cannot carry this ${f.kind === 'file' ? 'file' : f.kind}.`, { reason: 'channel', capability, fileId: id });
      }
    }
    total += f.size;
    out.push(f);
  }
  if (total > limits.maxSendBytes) {
    throw new ChatError('LIMIT_EXCEEDED', `A message may carry at most ${limits.maxSendBytes} bytes of files.`, { limit: limits.maxSendBytes, actual: total, unit: 'bytes' });
  }
  return out;
}

/** What a message row keeps of its files (`messages.attachments`): null for none. */
export function attachmentsColumn(files: readonly FileRow[]): string | null {
  return files.length === 0 ? null : JSON.stringify(files.map(attachmentOf));
}

/** Binds the checked files to their message, in the send's transaction. */
export async function attachFiles(ctx: ServiceContext, files: readonly FileRow[], messageId: number, conversationId: number): Promise<void> {
  if (files.length === 0) return;
  const n = await ctx.store.files.attach(files.map((f) => f.id), messageId, conversationId);
  // The unit of work runs one write at a time and the rows were checked in this transaction.
  if (n !== files.length) throw new ChatError('CONFLICT', 'A file was sent by another message meanwhile.');
}

/**
 * A file the actor may download (its thumbnail too): their own unsent upload, or a file of a
 * message they see that is not deleted (for a visitor: not a staff message that failed to reach
 * them). NOT_FOUND for anything else, existing or not.
 */
export async function fileForReader(ctx: ServiceContext, id: number): Promise<FileRow> {
  const f = await ctx.store.files.get(id);
  const refuse = () => new ChatError('NOT_FOUND', 'No such file.');
  if (!f) throw refuse();
  if (f.message_id === null) {
    if (f.owner_key !== userKey(ctx.actor)) throw refuse();
    return f;
  }
  const message = await ctx.store.messages.get(f.message_id);
  if (!message || message.deleted_at !== null || !(await seesMessage(ctx.actor, ctx, message))) throw refuse();
  return f;
}

async function seesMessage(actor: Actor, ctx: ServiceContext, m: MessageRow): Promise<boolean> {
  const row = await ctx.store.conversations.get(m.conversation_id);
  if (row) {
    if (!canSeeConversation(actor, { assigneeId: row.assignee_id, customerId: row.customer_id }, ctx.policy)) return false;
    // S-DLG-13: a visitor never sees a staff message that failed to reach them.
    return !(actor.kind === 'visitor' && m.status === 'failed');
  }
  // An internal chat (S-DLG-14): its members only.
  return actor.kind === 'user' && (await ctx.store.internal.cursor(m.conversation_id, actor.id)) !== undefined;
}

/** S-DLG-7 "show attachments": a page of a visible conversation's (or a member's chat's) files, newest first. */
export async function listFiles(ctx: ServiceContext, p: Params<'files.list'>): Promise<Result<'files.list'>> {
  await requirePlace(ctx, p.conversationId);
  const rows = await ctx.store.files.ofConversation(p.conversationId, p.kind === 'image', p.before ?? Number.MAX_SAFE_INTEGER, p.limit + 1, ctx.actor.kind === 'visitor');
  const page = rows.slice(0, p.limit);
  const messages = await ctx.store.messages.byIds([...new Set(page.map((f) => f.message_id as number))]);
  const files = [];
  for (const f of page) {
    const m = messages.get(f.message_id as number);
    if (!m) continue;
    const author = authorSeenBy(ctx.actor, { kind: m.author_kind, id: m.author_id, name: m.author_name }, ctx.policy);
    files.push({ file: attachmentOf(f), messageId: m.id, author, createdAt: m.created_at });
  }
  return { files, hasMore: rows.length > p.limit };
}

/** A file token for the caller (see auth/file-token.ts). */
export async function fileToken(ctx: ServiceContext, _p: Params<'files.token'>): Promise<Result<'files.token'>> {
  if (!ctx.fileTokens) throw new ChatError('UNAVAILABLE', 'Files are not configured on this server.');
  return ctx.fileTokens.sign(ctx.actor, ctx.clock.now());
}
