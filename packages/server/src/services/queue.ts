import { ChatError, type Params, type Prefs, type Result } from '@chatdesk/protocol';
import { Prefs as PrefsSchema } from '@chatdesk/protocol';
import * as v from 'valibot';
import type { ConversationRow } from '../ports/storage.js';
import { drainBacklog } from './assignment.js';
import type { ServiceContext } from './context.js';
import { requireVisible } from './guards.js';
import { unreadTotal } from './conversations.js';
import { applyChange, userActor, userRef } from './lifecycle.js';
import {
  canSeeConversation,
  canSeeCustomer,
  isStaff,
  mayActOnConversation,
  mayAssign,
  mayEditSettings,
  mayListManagers,
  mayTakeConversations,
  projectConversation,
  userKey,
} from './policy.js';

/** S-DLG-7 … S-SET-4: the queue's actions, each check → do → notify. */

/** Staff action on a conversation: NOT_FOUND when not visible, then FORBIDDEN for visitors. */
async function requireStaffOn(ctx: ServiceContext, conversationId: number): Promise<ConversationRow> {
  const row = await requireVisible(ctx, conversationId);
  if (!mayActOnConversation(ctx.actor)) throw new ChatError('FORBIDDEN', 'Only staff may do this.');
  return row;
}

function requireStaff(ctx: ServiceContext): asserts ctx is ServiceContext & { actor: { kind: 'user' } } {
  if (!isStaff(ctx.actor)) throw new ChatError('FORBIDDEN', 'Only staff may do this.');
}

async function result(ctx: ServiceContext, id: number) {
  const conversation = await ctx.store.conversations.view(id);
  if (!conversation) throw new ChatError('NOT_FOUND', 'No such conversation.');
  return { conversation: projectConversation(ctx.actor, conversation, ctx.policy) };
}

function by(ctx: ServiceContext) {
  return ctx.actor.kind === 'user' ? { id: ctx.actor.id, name: ctx.actor.name } : null;
}

/** S-DLG-7: idempotent: closing a closed conversation returns it unchanged, with no event. */
export async function closeConversation(ctx: ServiceContext, p: Params<'conversations.close'>): Promise<Result<'conversations.close'>> {
  const row = await requireStaffOn(ctx, p.conversationId);
  if (row.status === 'closed') return result(ctx, row.id);
  await applyChange(ctx, row, { status: 'closed' }, { type: 'closed', by: by(ctx), from: null, to: null });
  // S-CH-3: a closed conversation frees capacity for the backlog.
  if (row.assignee_id !== null) await drainBacklog(ctx);
  return result(ctx, row.id);
}

export async function reopenConversation(ctx: ServiceContext, p: Params<'conversations.reopen'>): Promise<Result<'conversations.reopen'>> {
  const row = await requireStaffOn(ctx, p.conversationId);
  if (row.status === 'open') return result(ctx, row.id);
  await applyChange(ctx, row, { status: 'open' }, { type: 'reopened', by: by(ctx), from: null, to: null });
  return result(ctx, row.id);
}

/**
 * S-DLG-6: admins, chat admins and the current manager reassign (only admins unassign); the
 * target must hold the chats right; a closed conversation stays closed; the previous manager
 * loses it at once (S-AUTH-3).
 */
export async function assignConversation(ctx: ServiceContext, p: Params<'conversations.assign'>): Promise<Result<'conversations.assign'>> {
  const row = await requireVisible(ctx, p.conversationId);
  if (!mayAssign(ctx.actor, { assigneeId: row.assignee_id }, p.assigneeId)) {
    throw new ChatError('FORBIDDEN', 'Only admins, chat admins and the current manager may reassign this conversation.');
  }
  if (p.assigneeId !== null && !(await userActor(ctx.store, p.assigneeId))) {
    throw new ChatError('INVALID_PARAMS', 'No such user with the chats right.', { nested: { assigneeId: ['unknown user'] } });
  }
  if (p.assigneeId === row.assignee_id) return result(ctx, row.id);
  const from = row.assignee_id === null ? null : await userRef(ctx.store, row.assignee_id);
  const to = p.assigneeId === null ? null : await userRef(ctx.store, p.assigneeId);
  const type = from === null ? 'assigned' : to === null ? 'unassigned' : 'reassigned';
  await applyChange(ctx, row, { assignee_id: p.assigneeId }, { type, by: by(ctx), from, to });
  if (row.assignee_id !== null) await drainBacklog(ctx);
  const conversation = await ctx.store.conversations.view(row.id);
  if (!conversation) throw new ChatError('NOT_FOUND', 'No such conversation.');
  return { conversation: projectConversation(ctx.actor, conversation, ctx.policy) };
}

/**
 * The reassign picker (S-DLG-6): users with the chats right, their online state and load. With no
 * conversation (the manager filter, S-DLG-4): the same list, for any staff member.
 */
export async function listAssignees(ctx: ServiceContext, p: Params<'conversations.assignees'>): Promise<Result<'conversations.assignees'>> {
  if (p.conversationId === undefined) {
    if (!mayListManagers(ctx.actor)) throw new ChatError('FORBIDDEN', 'Only staff may list managers.');
  } else {
    const row = await requireVisible(ctx, p.conversationId);
    if (!mayAssign(ctx.actor, { assigneeId: row.assignee_id }, ctx.actor.kind === 'user' ? ctx.actor.id : null)) {
      throw new ChatError('FORBIDDEN', 'Only admins, chat admins and the current manager may reassign this conversation.');
    }
  }
  const presence = ctx.presence;
  const assignees = [];
  for (const u of await ctx.store.users.list()) {
    if (!mayTakeConversations(u)) continue;
    assignees.push({ id: u.id, name: u.name, online: presence?.isOnline(u.id) ?? false, load: await ctx.store.conversations.openLoad(u.id) });
  }
  return { assignees };
}

/** S-DLG-7: "mark as unread" for me only: my cursor goes back one, so the last message is unread. */
export async function markUnread(ctx: ServiceContext, p: Params<'conversations.markUnread'>): Promise<Result<'conversations.markUnread'>> {
  const row = await requireVisible(ctx, p.conversationId);
  const key = userKey(ctx.actor);
  const target = Math.max(0, row.message_count - 1);
  const changed = (await ctx.store.cursors.get(key, row.id)) !== target && row.message_count > 0;
  if (changed) await ctx.store.cursors.put(key, row.id, target);
  const out = { unread: Math.max(0, row.message_count - (await ctx.store.cursors.get(key, row.id))), unreadTotal: await unreadTotal(ctx) };
  if (changed) ctx.events.emit('unread.changed', { conversationId: row.id, ...out }, { targetUserKey: key });
  return out;
}

/**
 * S-DLG-7: the conversation leaves the customer's card: it gets a customer record of its own
 * (a copy of the name). The old customer's sessions lose it.
 */
export async function unlinkCustomer(ctx: ServiceContext, p: Params<'conversations.unlinkCustomer'>): Promise<Result<'conversations.unlinkCustomer'>> {
  const row = await requireStaffOn(ctx, p.conversationId);
  const old = await ctx.store.customers.get(row.customer_id);
  if (!old) throw new ChatError('INTERNAL', 'A conversation lost its customer.');
  const customerId = await ctx.store.customers.insert({ name: old.name, channelId: old.channel_id }, ctx.clock.now());
  await ctx.store.conversations.setCustomer(row.id, customerId);
  const conversation = await ctx.store.conversations.view(row.id);
  if (!conversation) throw new ChatError('INTERNAL', 'A conversation vanished while it changed.');
  ctx.events.emit('conversation.updated', { conversation }, { conversationId: row.id });
  ctx.events.emit('conversation.removed', { conversationId: row.id }, { targetUserKey: `c:${old.id}` });
  return { conversation: projectConversation(ctx.actor, conversation, ctx.policy) };
}

/** S-DLG-7: staff who see one of the customer's conversations block or unblock them. */
export async function setCustomerBlocked(ctx: ServiceContext, p: Params<'customers.setBlocked'>): Promise<Result<'customers.setBlocked'>> {
  const customer = await ctx.store.customers.get(p.customerId);
  const rows = customer ? await ctx.store.conversations.ofCustomer(customer.id) : [];
  const sees = (r: ConversationRow) => canSeeConversation(ctx.actor, { assigneeId: r.assignee_id, customerId: r.customer_id }, ctx.policy);
  if (!customer || !canSeeCustomer(ctx.actor, customer.id, () => rows.some(sees))) {
    throw new ChatError('NOT_FOUND', 'No such customer.');
  }
  requireStaff(ctx);
  const blocked = p.blocked;
  if (customer.blocked !== blocked) {
    await ctx.store.customers.setBlocked(customer.id, blocked);
    for (const r of rows) {
      const conversation = await ctx.store.conversations.view(r.id);
      if (conversation) {
        ctx.events.emit('conversation.updated', { conversation }, { conversationId: r.id });
      }
    }
  }
  return { customer: { id: customer.id, name: customer.name, blocked } };
}

const DEFAULT_PREFS: Prefs = { listSort: 'activity', listFilter: {}, desktopNotifications: false, sound: false, language: null };

async function loadPrefs(ctx: ServiceContext, userId: string): Promise<Prefs> {
  const json = await ctx.store.prefs.get(userId);
  if (json === undefined) return DEFAULT_PREFS;
  const parsed = v.safeParse(PrefsSchema, JSON.parse(json));
  return parsed.success ? parsed.output : DEFAULT_PREFS;
}

/** S-DLG-4: the list sort and filter each user chose last. */
export async function getPrefs(ctx: ServiceContext, _p: Params<'prefs.get'>): Promise<Result<'prefs.get'>> {
  requireStaff(ctx);
  return { prefs: await loadPrefs(ctx, ctx.actor.id) };
}

export async function setPrefs(ctx: ServiceContext, p: Params<'prefs.set'>): Promise<Result<'prefs.set'>> {
  requireStaff(ctx);
  const current = await loadPrefs(ctx, ctx.actor.id);
  const prefs: Prefs = {
    listSort: p.listSort ?? current.listSort,
    listFilter: p.listFilter ?? current.listFilter,
    desktopNotifications: p.desktopNotifications ?? current.desktopNotifications,
    sound: p.sound ?? current.sound,
    language: p.language === undefined ? current.language : p.language,
  };
  await ctx.store.prefs.put(ctx.actor.id, JSON.stringify(prefs));
  return { prefs };
}

