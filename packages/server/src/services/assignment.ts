import type { QueueSettings } from '@chatdesk/protocol';
import type { ConversationRow } from '../storage/repo.js';
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

export function pickAssignee(ctx: SystemContext, settings: QueueSettings = loadSettings(ctx.repo)): string | null {
  const presence = ctx.presence ?? nobodyOnline;
  const bot = settings.distributionBot;
  const list = bot.enabled ? bot.managerIds : settings.assignmentManagerIds;
  if (list.length === 0) return null;
  const last = ctx.repo.getMeta(RR_KEY);
  const start = last === undefined ? 0 : list.indexOf(last) + 1;
  for (let k = 0; k < list.length; k++) {
    const id = list[(start + k) % list.length] as string;
    if (!presence.isOnline(id) || !userActor(ctx.repo, id)) continue;
    if (bot.enabled && ctx.repo.openLoad(id) >= bot.capacity) continue;
    ctx.repo.setMeta(RR_KEY, id);
    return id;
  }
  return null;
}

/** Assigns an open unassigned conversation to `assigneeId` on behalf of the system (bot or list). */
export function assignBySystem(ctx: SystemContext, row: ConversationRow, assigneeId: string): ConversationRow {
  return applyChange(ctx, row, { assignee_id: assigneeId }, { type: 'assigned', by: null, from: null, to: userRef(ctx.repo, assigneeId) });
}

/** The `assigned` notice of a conversation born assigned by the system (the assignee is already set). */
export function noteAssignedBySystem(ctx: SystemContext, row: ConversationRow, assigneeId: string): ConversationRow {
  return applyChange(ctx, row, {}, { type: 'assigned', by: null, from: null, to: userRef(ctx.repo, assigneeId) });
}

/**
 * S-CH-3: while the bot is enabled, hands the unassigned backlog (the longest waiting first) to
 * managers with capacity. Called whenever capacity may have appeared: a manager comes online,
 * closes a conversation or loses one, the settings change.
 */
export function drainBacklog(ctx: SystemContext): number {
  const settings = loadSettings(ctx.repo);
  if (!settings.distributionBot.enabled) return 0;
  let n = 0;
  for (; n < DRAIN_MAX; n++) {
    const [row] = ctx.repo.backlog(1);
    if (!row) break;
    const id = pickAssignee(ctx, settings);
    if (id === null) break;
    assignBySystem(ctx, row, id);
  }
  return n;
}
