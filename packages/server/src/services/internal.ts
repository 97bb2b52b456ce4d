import { ChatError } from '@chatdesk/protocol';
import type { ServiceContext } from './context.js';
import { isStaff } from './policy.js';

/**
 * S-DLG-14: the member user ids of an internal chat the caller belongs to. NOT_FOUND for a
 * visitor, for a chat that does not exist and for one the caller is not a member of (admins
 * too): nothing says that it exists.
 */
export function internalChatMembers(ctx: ServiceContext, chatId: number): string[] {
  const members = isStaff(ctx.actor) ? ctx.repo.internal.memberIds(chatId) : [];
  if (ctx.actor.kind !== 'user' || !members.includes(ctx.actor.id)) throw new ChatError('NOT_FOUND', 'No such chat.');
  return members;
}
