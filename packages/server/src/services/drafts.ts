import { ChatError, limits, type Draft, type Params, type Result } from '@chatdesk/protocol';
import type { DraftRecord } from '../ports/storage.js';
import type { ServiceContext } from './context.js';
import { requirePlace } from './guards.js';
import { draftVisibility, mayKeepDrafts, userKey } from './policy.js';

/**
 * S-DLG-8: a manager's unsent reply, one per conversation or internal chat (S-DLG-14: the one
 * message model keeps both alike), kept on the server so it survives a reload and follows them to
 * another device. Every change goes to the owner's sessions only
 * (`draft.changed`, targeted), and only when something changed.
 */

function toDraft(r: DraftRecord): Draft {
  return { conversationId: r.conversationId, text: r.text, updatedAt: r.updatedAt };
}

function requireStaff(ctx: ServiceContext): Extract<ServiceContext['actor'], { kind: 'user' }> {
  if (ctx.actor.kind !== 'user' || !mayKeepDrafts(ctx.actor)) throw new ChatError('FORBIDDEN', 'Drafts are kept for staff only.');
  return ctx.actor;
}

function changed(ctx: ServiceContext, conversationId: number, draft: Draft | null): void {
  ctx.events.emit('draft.changed', { conversationId, draft }, { targetUserKey: userKey(ctx.actor) });
}

/** The caller's drafts in conversations they still see and internal chats they belong to, newest first. */
export async function listDrafts(ctx: ServiceContext, _p: Params<'drafts.list'>): Promise<Result<'drafts.list'>> {
  const me = requireStaff(ctx);
  const drafts = await ctx.store.drafts.list(me.id, draftVisibility(me, ctx.policy), limits.maxDrafts);
  return { drafts: drafts.map(toDraft) };
}

/** Saves (or, for blank text, deletes) the caller's draft; beyond `limits.maxDrafts` the oldest go. */
export async function setDraft(ctx: ServiceContext, p: Params<'drafts.set'>): Promise<Result<'drafts.set'>> {
  // check: visibility first (NOT_FOUND, as for every staff action on a conversation), then the right
  await requirePlace(ctx, p.conversationId);
  const userId = requireStaff(ctx).id;
  const { drafts } = ctx.store;
  const old = await drafts.get(userId, p.conversationId);
  if (p.text.trim() === '') {
    if (old && (await drafts.delete(userId, p.conversationId))) changed(ctx, p.conversationId, null);
    return { draft: null };
  }
  if (old?.text === p.text) return { draft: toDraft(old) };
  // do
  const record: DraftRecord = { userId, conversationId: p.conversationId, text: p.text, updatedAt: ctx.clock.now() };
  await drafts.put(record);
  const draft = toDraft(record);
  // notify
  changed(ctx, p.conversationId, draft);
  if (!old) {
    // The new draft is the newest whatever the clock says; the others make room for it.
    for (const conversationId of await drafts.beyond(userId, limits.maxDrafts - 1, p.conversationId)) {
      if (await drafts.delete(userId, conversationId)) changed(ctx, conversationId, null);
    }
  }
  return { draft };
}

/** A manager's message replaces their draft of that conversation: one keyed delete on the send path. */
export async function clearDraftOnSend(ctx: ServiceContext, conversationId: number): Promise<void> {
  if (ctx.actor.kind === 'user' && (await ctx.store.drafts.delete(ctx.actor.id, conversationId))) changed(ctx, conversationId, null);
}
