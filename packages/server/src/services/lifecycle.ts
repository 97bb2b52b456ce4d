import { ChatError, type SystemEvent } from '@chatdesk/protocol';
import { knownRights } from '../auth/host-token.js';
import type { ConversationRow, Storage } from '../ports/storage.js';
import { appendMessage } from './message-view.js';
import type { SystemContext } from './context.js';
import { mayTakeConversations } from './policy.js';

/**
 * The "do" and "notify" steps shared by the queue actions, the distribution bot and the
 * auto-close job: a change of status or assignee always lands with its system message in the
 * feed (S-DLG-5) and its events, in the caller's transaction.
 */

export type UserRef = { id: string; name: string };

/** The author of system messages; `system.by` says who acted. */
export const SYSTEM_AUTHOR = { kind: 'system', id: 'system', name: 'Chatdesk' } as const;

/** S-SET-3: unassigned conversations close after a month without activity. */
export const UNASSIGNED_AUTO_CLOSE_MS = 30 * 24 * 60 * 60 * 1000;

/** A user as system events name them (the stored name; the id when unknown). */
export async function userRef(store: Storage, id: string): Promise<UserRef> {
  return { id, name: (await store.users.get(id))?.name ?? id };
}

/** A known user who holds the chats right, as an actor (for visibility checks). */
export async function userActor(store: Storage, id: string) {
  const u = await store.users.get(id);
  if (!u || !mayTakeConversations(u)) return undefined;
  return { kind: 'user' as const, id: u.id, name: u.name, rights: knownRights(u.rights) };
}

/** The English fallback text of a system message; the elements render `system` in the reader's language. */
export function systemText(e: SystemEvent): string {
  const by = e.by ? ` by ${e.by.name}` : '';
  switch (e.type) {
    case 'opened':
      return `Conversation opened${by}`;
    case 'closed':
      return `Conversation closed${by}`;
    case 'reopened':
      return `Conversation reopened${by}`;
    case 'assigned':
      return `Assigned to ${e.to?.name ?? 'nobody'}${by}`;
    case 'reassigned':
      return `Reassigned from ${e.from?.name ?? 'nobody'} to ${e.to?.name ?? 'nobody'}${by}`;
    case 'unassigned':
      return `Unassigned from ${e.from?.name ?? 'nobody'}${by}`;
    case 'autoClosed':
      return 'Conversation closed after inactivity';
  }
}

/**
 * Appends a system message to the conversation and applies `change` (none: a notice only) in the
 * same transaction; emits message.created and conversation.updated. Their audience is the
 * conversation as the action leaves it; a previous assignee who no longer sees it gets the last
 * conversation.updated and conversation.removed (S-AUTH-3; EventBuffer.seal). Returns the new row.
 */
export async function applyChange(
  ctx: SystemContext,
  row: ConversationRow,
  change: Partial<Pick<ConversationRow, 'status' | 'assignee_id'>>,
  event: SystemEvent,
): Promise<ConversationRow> {
  const { store } = ctx;
  const now = Math.max(ctx.clock.now(), row.last_activity_at);
  const stored = systemMessage(row, event, now);
  const message = await appendMessage(ctx, stored, null);
  // A notice is activity (the list moves it up) but neither the preview nor unread (systemMessage).
  // S-SLA-1: closing stops the SLA clock (a customer's next message starts it again).
  const stop = change.status === 'closed' && row.sla_since !== null;
  const next: ConversationRow = { ...row, ...change, last_activity_at: now, ...(stop ? { sla_since: null, sla_due_at: null } : {}) };
  await store.conversations.update(next);
  if (stop) await store.conversations.setSlaDue(row.id, null);
  const conversation = await store.conversations.view(row.id);
  if (!conversation) throw new ChatError('INTERNAL', 'A conversation vanished while it changed.');
  const scope = { conversationId: row.id };
  ctx.events.emit('message.created', { message, conversation }, scope);
  // A change of assignee says from whom: whoever saw it before the action and no longer does gets this last notice.
  const changedFrom = next.assignee_id !== row.assignee_id ? { assigneeChangedFrom: row.assignee_id } : {};
  ctx.events.emit('conversation.updated', { conversation }, { ...scope, ...changedFrom });
  return next;
}

/**
 * S-DLG-5: system notices (opened, assigned, reassigned, unassigned, closed, reopened, auto-closed)
 * are news about the conversation, not something anyone wrote: they never count as unread and are
 * never the list's preview (`last_message_id`: the newest message someone wrote). So a notice takes
 * the ordinal of the message before it (`message_count`, which it leaves alone): read cursors and
 * `unread = message_count − read ordinal` are untouched by it, and marking a notice read reads up
 * to the message before it. The clients apply the same rule to `message.created`. The stored row:
 * author `system`, the event as JSON, an English fallback text.
 */
function systemMessage(row: ConversationRow, event: SystemEvent, now: number) {
  const ordinal = row.message_count;
  return {
    conversation_id: row.id,
    author_kind: SYSTEM_AUTHOR.kind,
    author_id: SYSTEM_AUTHOR.id,
    author_name: SYSTEM_AUTHOR.name,
    text: systemText(event),
    client_message_id: null,
    created_at: now,
    ordinal,
    system: JSON.stringify(event),
  };
}

/**
 * S-DLG-5: the "opened" notice that starts a new conversation's feed, in the transaction that
 * creates it, before the customer's first message. Like every notice it takes the ordinal before
 * it (0 here) and is neither unread nor the preview. Its message.created goes to whoever sees the
 * conversation; no conversation.updated (the customer's message right after announces it).
 */
export async function openedNotice(ctx: SystemContext, row: ConversationRow): Promise<ConversationRow> {
  const event: SystemEvent = { type: 'opened', by: null, from: null, to: null };
  const now = Math.max(ctx.clock.now(), row.last_activity_at);
  const stored = systemMessage(row, event, now);
  const message = await appendMessage(ctx, stored, null);
  const next: ConversationRow = { ...row, last_activity_at: now };
  await ctx.store.conversations.touch(next);
  const conversation = await ctx.store.conversations.view(row.id);
  if (!conversation) throw new ChatError('INTERNAL', 'A conversation vanished while it opened.');
  ctx.events.emit('message.created', { message, conversation }, { conversationId: row.id });
  return next;
}
