import type { Params, Result, SignalData } from '@chatdesk/protocol';
import type { ServiceContext, SignalAudience } from './context.js';
import { isBlocked, requireVisible } from './guards.js';
import { internalChatMembers } from './internal.js';
import { authorOf, userKey } from './policy.js';

/**
 * Typing indicators both ways (manager ↔ visitor, and between members of an internal chat).
 * Nothing is stored: the gateway pushes a `typing` signal right away to the others who see the
 * place now. Who may type where is who may see it: a conversation the caller sees (a visitor:
 * their own), an internal chat the caller is a member of; NOT_FOUND otherwise.
 */
export async function setTyping(ctx: ServiceContext, p: Params<'typing.set'>): Promise<Result<'typing.set'>> {
  const author = authorOf(ctx.actor);
  let to: SignalAudience;
  let data: SignalData<'typing'>;
  if (p.conversationId !== undefined) {
    const row = await requireVisible(ctx, p.conversationId);
    // S-DLG-7: nothing is sent to or received from a blocked customer, keystrokes included.
    if (await isBlocked(ctx, row.customer_id)) return {};
    to = { conversationId: row.id, customerId: row.customer_id, assigneeId: row.assignee_id };
    data = { conversationId: row.id, author, typing: p.typing };
  } else {
    // The schema admits exactly one of the two ids.
    const chatId = p.chatId as number;
    to = { userIds: await internalChatMembers(ctx, chatId) };
    data = { chatId, author, typing: p.typing };
  }
  ctx.signals?.push({ name: 'typing', data, to, exceptKey: userKey(ctx.actor) });
  return {};
}

/** The server's own throttle: a start per place per session at most this often. */
export const TYPING_SERVER_THROTTLE_MS = 1_000;
/** Places a session's throttle remembers; past it, it forgets (a session types in few places). */
const THROTTLE_PLACES_MAX = 64;

/** Per session: per place, when a start was last pushed and whether a stop followed. */
export type TypingThrottle = Map<string, { startedAt: number; started: boolean }>;

/**
 * Whether a typing signal may go out (the call answers ok either way): clients renew a start every
 * `limits.typingThrottleMs`; a start within TYPING_SERVER_THROTTLE_MS of the last pushed one goes
 * nowhere, and a stop goes only after a pushed start. So a session pushes at most one start and
 * one stop per place per second, however it alternates. `now` is a monotonic clock (ms).
 */
export function typingAllowed(state: TypingThrottle, data: SignalData<'typing'>, now: number): boolean {
  const place = data.conversationId !== undefined ? `c${data.conversationId}` : `i${data.chatId ?? 0}`;
  const prev = state.get(place);
  if (!data.typing) {
    if (!prev?.started) return false;
    prev.started = false;
    return true;
  }
  if (prev && now - prev.startedAt < TYPING_SERVER_THROTTLE_MS) return false;
  if (!prev && state.size >= THROTTLE_PLACES_MAX) state.clear();
  state.set(place, { startedAt: now, started: true });
  return true;
}
