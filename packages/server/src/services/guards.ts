import { ChatError, errorCodes } from '@chatdesk/protocol';
import type { Conversation } from '@chatdesk/protocol';
import type { ConversationRow, CustomerRow, InternalChatRow } from '../ports/storage.js';
import type { ServiceContext, SystemContext } from './context.js';
import { canSeeConversation } from './policy.js';

// The checks every action on a conversation starts with (check → do → notify).

/** Loads a conversation the actor may see, or NOT_FOUND (never a hint that it exists). */
export async function requireVisible(ctx: ServiceContext, conversationId: number): Promise<ConversationRow> {
  const row = await ctx.store.conversations.get(conversationId);
  if (!row || !canSeeConversation(ctx.actor, { assigneeId: row.assignee_id, customerId: row.customer_id }, ctx.policy)) {
    throw new ChatError('NOT_FOUND', 'No such conversation.');
  }
  return row;
}

/**
 * Where a message lives, as the one message model has it: a customer conversation, or an
 * internal chat (S-DLG-14) the actor is a member of. NOT_FOUND for anything else.
 */
export type Place = { kind: 'customer'; conversation: ConversationRow } | { kind: 'internal'; chat: InternalChatRow };

export async function requirePlace(ctx: ServiceContext, id: number): Promise<Place> {
  const row = await ctx.store.conversations.get(id);
  if (row) {
    if (canSeeConversation(ctx.actor, { assigneeId: row.assignee_id, customerId: row.customer_id }, ctx.policy)) return { kind: 'customer', conversation: row };
  } else if (ctx.actor.kind === 'user' && (await ctx.store.internal.cursor(id, ctx.actor.id)) !== undefined) {
    const chat = await ctx.store.internal.get(id);
    if (chat) return { kind: 'internal', chat };
  }
  throw new ChatError('NOT_FOUND', 'No such conversation.');
}

/** `requireVisible` for a caller that needs the conversation as the protocol shows it: one read. */
export async function requireVisibleView(ctx: ServiceContext, conversationId: number): Promise<Conversation> {
  const view = await ctx.store.conversations.view(conversationId);
  if (!view || !canSeeConversation(ctx.actor, { assigneeId: view.assigneeId, customerId: view.customer.id }, ctx.policy)) {
    throw new ChatError('NOT_FOUND', 'No such conversation.');
  }
  return view;
}

/** S-DLG-7: nothing is sent to or received from a blocked customer. */
export async function isBlocked(ctx: SystemContext, customerId: number): Promise<boolean> {
  return (await ctx.store.customers.get(customerId))?.blocked === true;
}

/**
 * FORBIDDEN when the customer is blocked (S-DLG-7). Staff are told why (`details.reason:
 * 'blocked'`, which the panel translates); the visitor gets the error table's plain refusal, the
 * same body as any other FORBIDDEN without a reason, so the widget cannot tell that they are blocked.
 * Resolves to the customer it read (the send path builds its conversation view with it).
 */
export async function requireNotBlocked(ctx: ServiceContext, customerId: number): Promise<CustomerRow | undefined> {
  const customer = await ctx.store.customers.get(customerId);
  if (customer?.blocked !== true) return customer;
  if (ctx.actor.kind === 'visitor') throw new ChatError('FORBIDDEN', errorCodes.FORBIDDEN.message);
  throw new ChatError('FORBIDDEN', 'The customer is blocked: nothing can be sent to or received from them.', { reason: 'blocked' });
}
