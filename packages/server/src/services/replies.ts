import { ChatError } from '@chatdesk/protocol';
import type { MessageRow } from '../ports/storage.js';
import type { ServiceContext } from './context.js';
import { canSeeMessage } from './policy.js';

/**
 * S-DLG-7: the message a reply quotes: one of the same conversation that the sender sees
 * (another conversation's or an unknown id is NOT_FOUND, as in conversations.markRead), not a
 * system notice (INVALID_PARAMS), not deleted (CONFLICT: the sender's view is stale).
 */
export async function requireQuotable(ctx: ServiceContext, conversationId: number, replyToId: number): Promise<MessageRow> {
  const quoted = await ctx.store.messages.get(replyToId);
  if (!quoted || quoted.conversation_id !== conversationId || !canSeeMessage(ctx.actor, quoted)) {
    throw new ChatError('NOT_FOUND', 'No such message in this conversation to reply to.', { replyToId });
  }
  if (quoted.author_kind === 'system') {
    throw new ChatError('INVALID_PARAMS', 'A system notice cannot be quoted.', { nested: { replyToId: ['a system notice cannot be quoted'] } });
  }
  if (quoted.deleted_at !== null) throw new ChatError('CONFLICT', 'The quoted message was deleted.', { replyToId });
  return quoted;
}
