import { ChatError, type ChatSettings, type ConversationSla, type Params, type Result, type TimeLimits } from '@chatdesk/protocol';
import type { ConversationRow } from '../ports/storage.js';
import type { ServiceContext, SystemContext } from './context.js';
import { isStaff, visibility } from './policy.js';
import { loadSettings } from './settings-doc.js';

/*
 * S-SLA-1: a conversation's SLA clock starts at the customer's last message not yet answered by a
 * manager (a bot's answer does not stop it; reassignment does not reset it; closing stops it). It
 * turns yellow at the channel's warning time and red at its processing time (S-SET-8's limits,
 * the channel's own or the default). The marker is worked out when a conversation is projected;
 * the SLA job (jobs/sla.ts) tells every viewer at the moment it changes.
 */

/** The limits of a channel: its own, else the default. */
export function limitsOf(settings: Pick<ChatSettings, 'timeLimits'>, channelId: number): TimeLimits {
  return settings.timeLimits.perChannel[String(channelId)] ?? settings.timeLimits.default;
}

export function slaMarker(limits: TimeLimits, since: number, now: number): ConversationSla {
  const warningAt = limits.warningMs === null ? null : since + limits.warningMs;
  const breachAt = since + limits.processingMs;
  const state = now >= breachAt ? 'breached' : warningAt !== null && now >= warningAt ? 'warning' : 'ok';
  return { state, warningAt, breachAt };
}

/** When the marker next changes after `now`; null once it is red. */
export function nextSlaChange(limits: TimeLimits, since: number, now: number): number | null {
  const { warningAt, breachAt } = slaMarker(limits, since, now);
  if (warningAt !== null && now < warningAt) return warningAt;
  return now < breachAt ? breachAt : null;
}

/**
 * The send path's part: the clock a message leaves (`next.sla_since`, already written with the
 * conversation) gets its due time when it starts, and none when it stops. A customer writing on
 * into a running clock moves its start, not its due time: the job finds the marker unchanged then,
 * and waits for the next change.
 */
export async function followSlaClock(ctx: SystemContext, before: Pick<ConversationRow, 'sla_since'>, next: Pick<ConversationRow, 'id' | 'channel_id' | 'sla_since'>): Promise<void> {
  if (next.sla_since === before.sla_since || (before.sla_since !== null && next.sla_since !== null)) return;
  if (next.sla_since === null) return ctx.store.conversations.setSlaDue(next.id, null);
  const limits = limitsOf(await loadSettings(ctx.store), next.channel_id);
  await ctx.store.conversations.setSlaDue(next.id, nextSlaChange(limits, next.sla_since, next.sla_since));
}

/**
 * Conversations one transaction works out at most (the rest are due still, for the next): the job
 * runs up to five a second with the event loop turning between them, where one run of 500 held it
 * 40–67 ms while a restarted server caught up with 12,000 markers due.
 */
export const SLA_BATCH = 100;

/**
 * The SLA job's batch (once across a cluster: it claims the `sla` job lock): each conversation
 * whose marker is due now gets its next due time, and its viewers a `conversation.updated` when
 * the marker really changed (a clock whose start moved since may have nothing to tell yet).
 * Resolves to the conversations worked out (a full batch: there may be more) and those told.
 */
export async function runSlaBatch(ctx: SystemContext, batch = SLA_BATCH): Promise<{ due: number; told: number }> {
  if (!(await ctx.store.jobs.claim('sla'))) return { due: 0, told: 0 };
  const now = ctx.clock.now();
  const due = await ctx.store.conversations.slaDue(now, batch);
  if (due.length === 0) return { due: 0, told: 0 };
  const settings = await loadSettings(ctx.store);
  let told = 0;
  for (const row of due) {
    if (row.sla_since === null || row.status !== 'open') {
      await ctx.store.conversations.setSlaDue(row.id, null);
      continue;
    }
    const limits = limitsOf(settings, row.channel_id);
    await ctx.store.conversations.setSlaDue(row.id, nextSlaChange(limits, row.sla_since, now));
    // What the viewers were last told: the marker just before this due time.
    const was = slaMarker(limits, row.sla_since, (row.sla_due_at ?? now) - 1).state;
    if (row.sla_due_at !== row.sla_since && was === slaMarker(limits, row.sla_since, now).state) continue;
    const view = await ctx.store.conversations.view(row.id);
    if (!view) continue;
    ctx.events.emit('conversation.updated', { conversation: view }, { conversationId: row.id });
    told++;
  }
  return { due: due.length, told };
}

/** One batch of the SLA job; resolves to the markers that changed (the tests' tick). */
export async function runSla(ctx: SystemContext): Promise<number> {
  return (await runSlaBatch(ctx)).told;
}

/** `conversations.slaCounts`: the caller's yellow and red conversations now. */
export async function slaCounts(ctx: ServiceContext, _p: Params<'conversations.slaCounts'>): Promise<Result<'conversations.slaCounts'>> {
  if (!isStaff(ctx.actor)) throw new ChatError('FORBIDDEN', 'Only staff count reply times.');
  const now = ctx.clock.now();
  const { timeLimits: limits } = await loadSettings(ctx.store);
  const visible = visibility(ctx.actor, ctx.policy);
  const [warning, breached] = await Promise.all([
    ctx.store.conversations.countSla(visible, { state: 'warning', now, limits }),
    ctx.store.conversations.countSla(visible, { state: 'breached', now, limits }),
  ]);
  return { warning, breached };
}
