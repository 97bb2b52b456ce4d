import { ChatError, DISTRIBUTION_BOT_ID, type ChatSettings } from '@chatdesk/protocol';
import type { ConversationRow } from '../ports/storage.js';
import { nobodyOnline, type Actor, type SystemContext } from './context.js';
import { applyChange, userActor, userRef, type UserRef } from './lifecycle.js';
import { loadSettings } from './settings-doc.js';
import { canSeeConversation, mayAssign } from './policy.js';

/**
 * Who takes new conversations (S-SET-4) and the auto-distribution bot (S-CH-3). Both go round
 * robin over their list of managers, skipping anyone offline (no welcomed session); the bot, when
 * enabled, replaces the assignment list and passes over managers at capacity (open conversations
 * assigned). Nobody eligible: the conversation stays unassigned (for the bot: in the backlog,
 * which it drains as capacity frees up).
 */

const RR_KEY = 'assign_rr_last';

/**
 * S-CH-3: the distribution bot acts as a bot user would: an actor with the `bot` right and the
 * rights of a chat admin, whose assignments pass the same visibility and `mayAssign` checks as a
 * `conversations.assign` call, and whose notices name it (`by`). It is built in, not a CRM user:
 * never an assignee, never in the picker.
 */
export const DISTRIBUTION_BOT: Actor = { kind: 'user', id: DISTRIBUTION_BOT_ID, name: 'Бот распределения', rights: ['chats', 'chat_admin', 'bot'] };
const BOT_REF: UserRef = { id: DISTRIBUTION_BOT.id, name: DISTRIBUTION_BOT.name };
/** One drain assigns at most this many (a burst of capacity is worked off over later triggers). */
const DRAIN_MAX = 200;

export async function pickAssignee(ctx: SystemContext, given?: ChatSettings): Promise<string | null> {
  const settings = given ?? (await loadSettings(ctx.store));
  const presence = ctx.presence ?? nobodyOnline;
  const bot = settings.distributionBot;
  const list = bot.enabled ? bot.managerIds : settings.assignmentManagerIds;
  if (list.length === 0) return null;
  const last = await ctx.store.meta.get(RR_KEY);
  const start = last === undefined ? 0 : list.indexOf(last) + 1;
  for (let k = 0; k < list.length; k++) {
    const id = list[(start + k) % list.length] as string;
    if (!presence.isOnline(id) || !(await userActor(ctx.store, id))) continue;
    if (bot.enabled && (await ctx.store.conversations.openLoad(id)) >= bot.capacity) continue;
    await ctx.store.meta.put(RR_KEY, id);
    return id;
  }
  return null;
}

/** The distribution bot's own check, the one `conversations.assign` makes for any actor. */
function botMayAssign(ctx: SystemContext, row: ConversationRow, assigneeId: string): void {
  const c = { assigneeId: row.assignee_id, customerId: row.customer_id };
  if (!canSeeConversation(DISTRIBUTION_BOT, c, ctx.policy) || !mayAssign(DISTRIBUTION_BOT, c, assigneeId)) {
    throw new ChatError('FORBIDDEN', 'The distribution bot may not assign this conversation.');
  }
}

/** The distribution bot assigns an open unassigned conversation from the backlog to `assigneeId`. */
async function assignByBot(ctx: SystemContext, row: ConversationRow, assigneeId: string): Promise<ConversationRow> {
  botMayAssign(ctx, row, assigneeId);
  return applyChange(ctx, row, { assignee_id: assigneeId }, { type: 'assigned', by: BOT_REF, from: null, to: await userRef(ctx.store, assigneeId) });
}

/**
 * The `assigned` notice of a conversation born assigned (the assignee is already set): by the
 * distribution bot while it is on, else by the system's assignment list (`by: null`).
 */
export async function noteAssignedBySystem(ctx: SystemContext, row: ConversationRow, assigneeId: string): Promise<ConversationRow> {
  const byBot = (await loadSettings(ctx.store)).distributionBot.enabled;
  if (byBot) botMayAssign(ctx, { ...row, assignee_id: null }, assigneeId);
  return applyChange(ctx, row, {}, { type: 'assigned', by: byBot ? BOT_REF : null, from: null, to: await userRef(ctx.store, assigneeId) });
}

/**
 * S-CH-3: while the bot is enabled, hands the unassigned backlog (the longest waiting first) to
 * managers with capacity. Called whenever capacity may have appeared: a manager comes online,
 * closes a conversation or loses one, the settings change. With `list` (a manager came online,
 * the settings were saved) and the bot off, S-SET-4's list does the same for customers left
 * waiting while none of its managers was online: each waiting unassigned conversation goes round
 * robin to the list's managers now online (never one an admin left unassigned without a waiting
 * customer, and never on other triggers, so an unassign is not undone by the next close).
 */
export async function drainBacklog(ctx: SystemContext, opts: { list?: boolean } = {}): Promise<number> {
  const settings = await loadSettings(ctx.store);
  if (!settings.distributionBot.enabled) return opts.list ? assignWaitingByList(ctx, settings) : 0;
  let n = 0;
  for (; n < DRAIN_MAX; n++) {
    const [row] = await ctx.store.conversations.backlog(1);
    if (!row) break;
    const id = await pickAssignee(ctx, settings);
    if (id === null) break;
    await assignByBot(ctx, row, id);
  }
  return n;
}

async function assignWaitingByList(ctx: SystemContext, settings: ChatSettings): Promise<number> {
  if (settings.assignmentManagerIds.length === 0) return 0;
  let n = 0;
  for (const row of await ctx.store.conversations.backlog(DRAIN_MAX)) {
    if (row.waiting_since === null) continue;
    const id = await pickAssignee(ctx, settings);
    if (id === null) break;
    await applyChange(ctx, row, { assignee_id: id }, { type: 'assigned', by: null, from: null, to: await userRef(ctx.store, id) });
    n++;
  }
  return n;
}
