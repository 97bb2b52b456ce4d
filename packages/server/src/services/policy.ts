import type { Author, Conversation, Me, Message, Right } from '@chatdesk/protocol';
import { admits, knownRights, RIGHTS, type UserRight } from '../auth/host-token.js';
import type { EventRow, Visibility } from '../storage/repo.js';
import type { Actor, PolicyOptions } from './context.js';

/**
 * Every permission decision of the server, in one place. Access checks answer NOT_FOUND (in the
 * services) for what the actor may not see, so nothing hints that it exists.
 */

// The token's rights (host-token.ts, RIGHTS) and the protocol's `Right` name the same three.
const sameRights: [UserRight] extends [Right] ? ([Right] extends [UserRight] ? true : never) : never = true;
void sameRights;

/** S-AUTH-1: chats need `chats` or `admin` (RIGHTS: `chat_admin` alone admits nobody). */
export function hasChatsAccess(rights: readonly Right[]): boolean {
  return admits(rights);
}

/** S-AUTH-2: admins and chat admins see every conversation (RIGHTS' `seesAll`). */
export function seesAll(actor: Actor): boolean {
  return actor.kind === 'user' && actor.rights.some((r) => RIGHTS[r].seesAll);
}

/** The one visibility predicate, over a conversation's state. */
export function canSeeConversation(
  actor: Actor,
  c: { assigneeId: string | null; customerId: number },
  opts: PolicyOptions,
): boolean {
  if (actor.kind === 'visitor') return c.customerId === actor.customerId;
  if (seesAll(actor)) return true;
  // S-AUTH-3: a plain manager sees what is assigned to them (and, if allowed, unassigned).
  return c.assigneeId === actor.id || (c.assigneeId === null && opts.managersSeeUnassigned);
}

/**
 * The same predicate as SQL over conversations aliased `c`, for queries: disjoint parts (a
 * conversation matches at most one), each answered by one ordered index range, so the storage
 * can page through them with a merge instead of sorting everything an OR matches.
 */
export function visibility(actor: Actor, opts: PolicyOptions): Visibility {
  if (actor.kind === 'visitor') return [{ sql: 'c.customer_id = @vis_customer', params: { vis_customer: actor.customerId } }];
  if (seesAll(actor)) return [{ sql: '1', params: {} }];
  const mine = { sql: 'c.assignee_id = @vis_user', params: { vis_user: actor.id } };
  return opts.managersSeeUnassigned ? [mine, { sql: 'c.assignee_id IS NULL', params: {} }] : [mine];
}

/** Staff: a CRM user (every user who got in holds the chats right, S-AUTH-1). */
export function isStaff(actor: Actor): actor is Extract<Actor, { kind: 'user' }> {
  return actor.kind === 'user';
}

/**
 * Staff actions on a conversation the actor sees (close, reopen, unlink, the picker): a visitor
 * may not, even on their own. Called after the visibility check (NOT_FOUND comes first).
 */
export function mayActOnConversation(actor: Actor): boolean {
  return isStaff(actor);
}

/**
 * S-DLG-6: who may reassign: admins and chat admins, and the conversation's current manager
 * (to someone else, not to nobody); unassigning is for admins and chat admins.
 */
export function mayAssign(actor: Actor, c: { assigneeId: string | null }, target: string | null): boolean {
  if (!isStaff(actor)) return false;
  if (seesAll(actor)) return true;
  return c.assigneeId === actor.id && target !== null;
}

/** S-DLG-4: the manager filter lists every user with the chats right; staff only (never visitors). */
export function mayListManagers(actor: Actor): boolean {
  return isStaff(actor);
}

/** Who may be assigned a conversation: users whom their stored rights let into chats (S-AUTH-1). */
export function mayTakeConversations(user: { rights: readonly string[] }): boolean {
  return hasChatsAccess(knownRights(user.rights));
}

/** S-DLG-14: internal chats are for staff; a chat is visible to its members only, admins too. */
export function mayUseInternalChats(actor: Actor): boolean {
  return isStaff(actor);
}

/** S-DLG-14: who may be a member of an internal chat: a user holding the chats right (stored rights, as JSON). */
export function mayBeInternalMember(rights: unknown): boolean {
  return Array.isArray(rights) && mayTakeConversations({ rights: rights.filter((r): r is string => typeof r === 'string') });
}

/** S-SET-*: chat-wide settings belong to admins and chat admins (S-AUTH-2). */
export function mayEditSettings(actor: Actor): boolean {
  return seesAll(actor);
}

/**
 * S-DLG-7: a customer is visible to staff who see one of their conversations (admins and chat
 * admins: every customer); a visitor sees only themselves.
 */
export function canSeeCustomer(actor: Actor, customerId: number, seesOneOfTheirConversations: () => boolean): boolean {
  if (actor.kind === 'visitor') return actor.customerId === customerId;
  return seesAll(actor) || seesOneOfTheirConversations();
}

/** The read-cursor key: users by id; a visitor reads as their customer (all their devices). */
export function userKey(actor: Actor): string {
  return actor.kind === 'user' ? `u:${actor.id}` : `c:${actor.customerId}`;
}

export function authorOf(actor: Actor): Author {
  return actor.kind === 'user'
    ? { kind: 'manager', id: actor.id, name: actor.name }
    : { kind: 'customer', id: String(actor.customerId), name: actor.name };
}

export function isAuthor(actor: Actor, author: Author): boolean {
  const a = authorOf(actor);
  return a.kind === author.kind && a.id === author.id;
}

/** S-DLG-13: a visitor never sees a staff message that failed to reach them (nor quotes, edits or audits it). */
export function canSeeMessage(actor: Actor, m: { status: string | null }): boolean {
  return actor.kind !== 'visitor' || m.status !== 'failed';
}

/**
 * S-DLG-7: channels where a sent message can still be edited or deleted. The built-in web
 * channel can (the widget shows the change live); a messenger that cannot recall a message may not.
 */
export function channelSupportsEdits(channelKind: string): boolean {
  return channelKind === 'web';
}

/** S-DLG-7: only the author edits or deletes a message (a manager their own, a visitor theirs); never a system notice. */
export function mayChangeMessage(actor: Actor, author: Author): boolean {
  return author.kind !== 'system' && isAuthor(actor, author);
}

/** S-DLG-7: the audit trail of edits and deletes is for admins and chat admins. */
export function mayViewHistory(actor: Actor): boolean {
  return seesAll(actor);
}

/** S-DLG-8: drafts are kept for staff (a visitor's widget keeps its own unsent text). */
export function mayKeepDrafts(actor: Actor): boolean {
  return isStaff(actor);
}

export function meOf(actor: Actor): Me {
  return actor.kind === 'user'
    ? { kind: 'user', id: actor.id, name: actor.name, rights: actor.rights }
    : { kind: 'visitor', id: String(actor.customerId), name: actor.name, rights: [] };
}

/**
 * One event, live or replayed: may this actor see it? `data` (the row's, parsed), when given,
 * also hides what the row alone does not say: S-DLG-13, a failed message from visitors. The hub
 * always passes it, live and on resume alike.
 */
export function canSeeEvent(actor: Actor, row: EventRow, opts: PolicyOptions, data?: unknown): boolean {
  if (actor.kind === 'visitor') {
    // S-DLG-13: delivery statuses are staff business.
    if (row.name === 'message.status') return false;
    if (data !== undefined && carriesMessage(row.name) && !canSeeMessage(actor, { status: (data as { message: Message }).message.status ?? null })) {
      return false;
    }
  }
  if (row.target_user_key !== null) return row.target_user_key === userKey(actor);
  if (row.conversation_id === null || row.customer_id === null) return seesAll(actor);
  if (canSeeConversation(actor, { assigneeId: row.assignee_id, customerId: row.customer_id }, opts)) return true;
  return (
    row.assignee_changed === 1 &&
    canSeeConversation(actor, { assigneeId: row.prev_assignee_id, customerId: row.customer_id }, opts)
  );
}

export function messageIdOf(eventName: string, data: unknown): number | undefined {
  return carriesMessage(eventName) ? (data as { message: Message }).message.id : undefined;
}

/**
 * S-DLG-13, resume: a logged message.created says how a reply stood then (queued, sent); it may
 * have failed since, and a visitor must not be replayed what a fresh load would not show them.
 * The ids of the messages whose last word within `rows` is failed (a `message.status` failed,
 * or a retry that failed again); the hub skips their events for visitors. A retry that went
 * through has the last word, and its message.updated inserts the message in place.
 */
export function failedByTheEnd(actor: Actor, rows: readonly { name: string }[], data: readonly unknown[]): Set<number> | undefined {
  if (actor.kind !== 'visitor') return undefined;
  const failed = new Set<number>();
  rows.forEach((row, i) => {
    const d = data[i];
    if (row.name === 'message.status') {
      const { messageIds, status } = d as { messageIds: number[]; status: string };
      for (const id of messageIds) {
        if (status === 'failed') failed.add(id);
        else failed.delete(id);
      }
    } else if (carriesMessage(row.name)) {
      const m = (d as { message: Message }).message;
      if (m.status === 'failed') failed.add(m.id);
      else failed.delete(m.id);
    }
  });
  return failed;
}

/** Visitors never learn which manager holds their conversation, nor that they are blocked. */
export function projectConversation(actor: Actor, c: Conversation): Conversation {
  if (actor.kind !== 'visitor') return c;
  const staffOnly = c.assigneeId !== null || c.customer.blocked !== undefined;
  if (!staffOnly) return c;
  const { blocked: _staffOnly, ...customer } = c.customer;
  return { ...c, assigneeId: null, customer };
}

/** A client message id is shown only to its sender's own sessions; delivery statuses only to staff (S-DLG-13). */
export function projectMessage(actor: Actor, m: Message): Message {
  if (m.system !== undefined && actor.kind === 'visitor') {
    // A visitor reads who closed or took their conversation by name, never by user id.
    const ref = (u: { id: string; name: string } | null) => (u === null ? null : { id: '', name: u.name });
    return { ...m, system: { ...m.system, by: ref(m.system.by), from: ref(m.system.from), to: ref(m.system.to) } };
  }
  const hideCmid = m.clientMessageId !== undefined && !isAuthor(actor, m.author);
  const hideStatus = actor.kind === 'visitor' && (m.status !== undefined || m.failReason !== undefined);
  if (!hideCmid && !hideStatus) return m;
  const { clientMessageId, status, failReason, ...rest } = m;
  const out: Message = rest;
  if (!hideCmid && clientMessageId !== undefined) out.clientMessageId = clientMessageId;
  if (!hideStatus) {
    if (status !== undefined) out.status = status;
    if (failReason !== undefined) out.failReason = failReason;
  }
  return out;
}

/**
 * The projection of an event depends only on whether the actor wrote the message and whether
 * the actor is a visitor; the gateway serialises each event at most once per audience.
 */
export function audienceOf(actor: Actor, eventName: string, data: unknown): string {
  const own = carriesMessage(eventName) && isAuthor(actor, (data as { message: Message }).message.author);
  return `${own ? 'author' : 'other'}:${actor.kind}`;
}

/** Events of shape `{message, conversation}`: projected alike (S-DLG-7: an edit reaches everyone the message did). */
function carriesMessage(eventName: string): boolean {
  return eventName === 'message.created' || eventName === 'message.updated';
}

/** The event's data as `actor` may see it: `data` itself when nothing is hidden from them. */
export function projectEventData(actor: Actor, eventName: string, data: unknown): unknown {
  if (carriesMessage(eventName)) {
    const d = data as { message: Message; conversation: Conversation };
    const message = projectMessage(actor, d.message);
    const conversation = projectConversation(actor, d.conversation);
    return message === d.message && conversation === d.conversation ? data : { message, conversation };
  }
  if (eventName === 'conversation.updated') {
    const d = data as { conversation: Conversation };
    const conversation = projectConversation(actor, d.conversation);
    return conversation === d.conversation ? data : { conversation };
  }
  return data;
}
