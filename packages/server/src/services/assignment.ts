import type { QueueSettings } from '@chatdesk/protocol';
import type { ConversationRow } from '../ports/storage.js';
import { nobodyOnline, type SystemContext } from './context.js';
import { applyChange, loadSettings, userActor, userRef } from './lifecycle.js';

/**
 * Who takes new conversations (S-SET-4) and the auto-distribution bot (S-CH-3). Both go round
 * robin over their list of managers, skipping anyone offline (no welcomed session); the bot, when
 * enabled, replaces the assignment list and passes over managers at capacity (open conversations
 * assigned). Nobody eligible: the conversation stays unassigned (for the bot: in the backlog,
 * which it drains as capacity frees up).
 */

const RR_KEY = 'assign_rr_last';
/** One drain assigns at most this many (a burst of capacity is worked off over later triggers). */
const DRAIN_MAX = 200;

export async function pickAssignee(ctx: SystemContext, given?: QueueSettings): Promise<string | null> {
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

/** Assigns an open unassigned conversation to `assigneeId` on behalf of the system (bot or list). */
export async function assignBySystem(ctx: SystemContext, row: ConversationRow, assigneeId: string): Promise<ConversationRow> {
  return applyChange(ctx, row, { assignee_id: assigneeId }, { type: 'assigned', by: null, from: null, to: await userRef(ctx.store, assigneeId) });
}

/** The `assigned` notice of a conversation born assigned by the system (the assignee is already set). */
export async function noteAssignedBySystem(ctx: SystemContext, row: ConversationRow, assigneeId: string): Promise<ConversationRow> {
  return applyChange(ctx, row, {}, { type: 'assigned', by: null, from: null, to: await userRef(ctx.store, assigneeId) });
}

/**
 * S-CH-3: while the bot is enabled, hands the unassigned backlog (the longest waiting first) to
 * managers with capacity. Called whenever capacity may have appeared: a manager comes online,
 * closes a conversation or loses one, the settings change.
 */
export async function drainBacklog(ctx: SystemContext): Promise<number> {
  const settings = await loadSettings(ctx.store);
  if (!settings.distributionBot.enabled) return 0;
  let n = 0;
  for (; n < DRAIN_MAX; n++) {
    const [row] = await ctx.store.conversations.backlog(1);
    if (!row) break;
    const id = await pickAssignee(ctx, settings);
    if (id === null) break;
    await assignBySystem(ctx, row, id);
  }
  return n;
}
