import { quotePreview, type Attachment, type Conversation, type Message, type MessageCard, type SystemEvent } from '@chatdesk/protocol';
import { previewText, storedMessageRow } from '../ports/records.js';
import type { ChannelRow, ConversationRow, CustomerRow, MessageRow, NewMessageRow, Storage } from '../ports/storage.js';
import type { SystemContext } from './context.js';

/**
 * The send path every message takes, a customer conversation's, a notice or an internal chat's
 * (the one message model): the message stored (and indexed for search by the adapter), the
 * sender's read cursor moved to it (`readerKey`; none for a notice), and the message as the
 * protocol shows it. The caller updates its conversation's counters and emits the events.
 */
export async function appendMessage(ctx: SystemContext, stored: NewMessageRow, readerKey: string | null, quoted?: MessageRow): Promise<Message> {
  const id = await ctx.store.messages.insert(stored);
  if (readerKey !== null) await ctx.store.cursors.put(readerKey, stored.conversation_id, stored.ordinal);
  return toMessage(storedMessageRow(id, stored), quoted);
}

/** The message as stored; `replyTo` is the quoted message's row when there is one. */
export function toMessage(r: MessageRow, replyTo?: MessageRow): Message {
  const m: Message = {
    id: r.id,
    conversationId: r.conversation_id,
    author: { kind: r.author_kind, id: r.author_id, name: r.author_name },
    text: r.text,
    createdAt: r.created_at,
  };
  if (r.client_message_id !== null) m.clientMessageId = r.client_message_id;
  if (r.system !== null) m.system = JSON.parse(r.system) as SystemEvent;
  if (r.status !== null) m.status = r.status;
  if (r.fail_reason !== null) m.failReason = r.fail_reason;
  if (r.edited_at !== null) m.editedAt = r.edited_at;
  if (r.deleted_at !== null) m.deletedAt = r.deleted_at;
  // A deleted message's files are gone from it (the delete blanks the column too).
  else {
    if (r.attachments !== null) m.attachments = JSON.parse(r.attachments) as Attachment[];
    if (r.cards !== null) m.cards = JSON.parse(r.cards) as MessageCard[];
  }
  if (replyTo !== undefined) {
    m.replyTo = {
      id: replyTo.id,
      author: { kind: replyTo.author_kind, id: replyTo.author_id, name: replyTo.author_name },
      text: quotePreview(replyTo.text),
    };
    if (replyTo.deleted_at !== null) m.replyTo.deleted = true;
  }
  return m;
}

/** Messages as entities, each reply with its quoted message as it is now: one more read when the rows quote any. */
export async function messagesOf(store: Storage, rows: readonly MessageRow[]): Promise<Message[]> {
  let ids: number[] | undefined;
  for (const r of rows) if (r.reply_to_id !== null) (ids ??= []).push(r.reply_to_id);
  if (ids === undefined) return rows.map((r) => toMessage(r));
  const quoted = await store.messages.byIds(ids);
  return rows.map((r) => toMessage(r, r.reply_to_id === null ? undefined : quoted.get(r.reply_to_id)));
}

/** One message as an entity, with its quoted message when it is a reply. */
export async function messageOf(store: Storage, row: MessageRow): Promise<Message> {
  return toMessage(row, row.reply_to_id === null ? undefined : await store.messages.get(row.reply_to_id));
}

/**
 * The conversation as the protocol shows it, built from what a send already holds — its row as
 * the send left it, the channel, the customer and the message it stored — instead of read back
 * (the adapters' `conversations.view`, field for field: messages.test.ts compares the two).
 */
export function viewAfterSend(row: ConversationRow, channel: ChannelRow, customer: CustomerRow, last: Message): Conversation {
  return {
    id: row.id,
    channel: { id: channel.id, kind: channel.kind, name: channel.name },
    customer: { id: customer.id, name: customer.name, blocked: customer.blocked },
    status: row.status,
    assigneeId: row.assignee_id,
    lastMessage: { id: last.id, author: { kind: last.author.kind, id: last.author.id, name: last.author.name }, text: previewText(last.text), createdAt: last.createdAt },
    lastActivityAt: row.last_activity_at,
    createdAt: row.created_at,
    waitingSince: row.waiting_since,
    slaSince: row.sla_since,
  };
}
