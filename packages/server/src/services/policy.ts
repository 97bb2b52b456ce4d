import { DISTRIBUTION_BOT_ID, type Author, type Conversation, type ConversationSla, type ConversationCan, type Me, type Message, type MessageCan, type Right, type SignalData } from '@chatdesk/protocol';
import { admits, knownRights, RIGHTS, type UserRight } from '../auth/host-token.js';
import type { EventRow } from '../ports/event-bus.js';
import type { Visibility } from '../ports/storage.js';
import type { Actor, PolicyOptions } from './context.js';

/** The read-cursor key no reader has: an event every staff member hears (a channel's capabilities), no visitor. */
export const STAFF_EVENT_KEY = '*staff';

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
  if (actor.kind !== 'user') return false;
  // A loop, not .some(): the fan-out asks this for every session of an event's audience.
  for (const r of actor.rights) if (RIGHTS[r].seesAll) return true;
  return false;
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
 * The same predicate as a structured filter for queries (each storage adapter translates it):
 * disjoint parts (a conversation matches at most one), each answered by one ordered index range,
 * so the storage can page through them with a merge instead of sorting everything an OR matches.
 */
export function visibility(actor: Actor, opts: PolicyOptions): Visibility {
  if (actor.kind === 'visitor') return [{ kind: 'customer', customerId: actor.customerId }];
  if (seesAll(actor)) return [{ kind: 'all' }];
  const mine = { kind: 'assignee', userId: actor.id } as const;
  return opts.managersSeeUnassigned ? [mine, { kind: 'unassigned' }] : [mine];
}

/**
 * Where a user's drafts may be (S-DLG-8 with S-DLG-14): the conversations they see and the
 * internal chats they belong to.
 */
export function draftVisibility(actor: Extract<Actor, { kind: 'user' }>, opts: PolicyOptions): Visibility {
  return [...visibility(actor, opts), { kind: 'member', userId: actor.id }];
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

/** S-QR-2: quick replies and their categories are changed by admins and chat admins; all staff read them. */
export function mayEditQuickReplies(actor: Actor): boolean {
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
    ? { kind: isBot(actor) ? 'bot' : 'manager', id: actor.id, name: actor.name }
    : { kind: 'customer', id: String(actor.customerId), name: actor.name };
}

export function isAuthor(actor: Actor, author: Author): boolean {
  // authorOf's answer, compared without building it (asked for every session of an audience).
  return actor.kind === 'user'
    ? (author.kind === 'manager' || author.kind === 'bot') && author.id === actor.id
    : author.kind === 'customer' && author.id === String(actor.customerId);
}

/** S-DLG-13: a visitor never sees a staff message that failed to reach them (nor quotes, edits or audits it). */
export function canSeeMessage(actor: Actor, m: { status: string | null }): boolean {
  return actor.kind !== 'visitor' || m.status !== 'failed';
}

/** S-DLG-14: an internal chat is seen by its members only (admins are no exception). */
export function canSeeInternalChat(actor: Actor, memberIds: readonly string[]): boolean {
  return actor.kind === 'user' && memberIds.includes(actor.id);
}

/** S-DLG-13: delivery and read reports of the web channel come from the customer's widget, nobody else. */
export function reportsDelivery(actor: Actor): boolean {
  return actor.kind === 'visitor';
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

/** S-CH-3: a bot user (its token carries the `bot` right next to what admits it). */
export function isBot(actor: Actor): boolean {
  return actor.kind === 'user' && actor.rights.includes('bot');
}

export function meOf(actor: Actor): Me {
  return actor.kind === 'user'
    ? { kind: isBot(actor) ? 'bot' : 'user', id: actor.id, name: actor.name, rights: actor.rights }
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
  if (row.target_user_key !== null) return row.target_user_key === STAFF_EVENT_KEY ? actor.kind === 'user' : row.target_user_key === userKey(actor);
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
/**
 * The logged rows a replay reads for `actor`: those it may see, and, for a visitor, the delivery
 * statuses of their own conversations, never sent to them but read by failedByTheEnd.
 */
export function readForReplay(actor: Actor, row: EventRow, opts: PolicyOptions): boolean {
  return canSeeEvent(actor, row, opts) || (actor.kind === 'visitor' && row.name === 'message.status' && row.customer_id === actor.customerId);
}

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

/**
 * Visitors never learn staff identities: a manager's (or bot's) CRM user id is replaced by an
 * opaque stable id (`PolicyOptions.staffAlias`: the same person reads as the same author, nothing
 * more; without it, an empty id), the name stays. Every payload a visitor receives — results,
 * events live and replayed, typing signals — passes through these projections.
 */
function staffIdFor(opts: PolicyOptions): (userId: string) => string {
  return opts.staffAlias ?? (() => '');
}

/** An author as this reader sees it: a visitor reads staff by their alias, never the CRM id. */
export function authorSeenBy(actor: Actor, author: Author, opts: PolicyOptions): Author {
  return actor.kind === 'visitor' ? authorForVisitor(author, staffIdFor(opts)) : author;
}

function authorForVisitor(author: Author, alias: (userId: string) => string): Author {
  return author.kind === 'manager' || author.kind === 'bot' ? { kind: author.kind, id: alias(author.id), name: author.name } : author;
}

/**
 * What `actor` may do with the conversation (`Conversation.can`), from the same rules the actions
 * check: the one place elements learn it from. It depends only on the reader's class
 * (`readerClass`), so events are projected once per class, not per session.
 */
export function conversationCan(actor: Actor, c: Conversation, opts: PolicyOptions): ConversationCan {
  if (actor.kind === 'visitor') return VISITOR_CAN;
  const see = canSeeConversation(actor, { assigneeId: c.assigneeId, customerId: c.customer.id }, opts);
  if (!see) return LOST_CAN;
  const connected = opts.channelCapabilities?.(c.channel).connected ?? true;
  return shared(CONVERSATION_CANS, {
    see,
    reply: connected && c.customer.blocked !== true,
    close: mayActOnConversation(actor),
    assign: mayAssign(actor, { assigneeId: c.assigneeId }, actor.id),
    unassign: mayAssign(actor, { assigneeId: c.assigneeId }, null),
    block: isStaff(actor),
    unlink: mayActOnConversation(actor),
  });
}

/**
 * One frozen object per combination of answers: a page of 50 conversations (or messages) holds a
 * handful of distinct `can`s, and the projections run for every reader, so they share them
 * rather than leave 50 copies per call to the garbage collector.
 */
function shared<T extends Record<string, boolean>>(table: Map<number, T>, can: T): T {
  let bits = 0;
  for (const value of Object.values(can)) bits = (bits << 1) | (value ? 1 : 0);
  let out = table.get(bits);
  if (out === undefined) table.set(bits, (out = Object.freeze(can)));
  return out;
}
const CONVERSATION_CANS = new Map<number, ConversationCan>();
const MESSAGE_CANS = new Map<number, MessageCan>();

const VISITOR_CAN: ConversationCan = { see: true, reply: true, close: false, assign: false, unassign: false, block: false, unlink: false };
const LOST_CAN: ConversationCan = { see: false, reply: false, close: false, assign: false, unassign: false, block: false, unlink: false };

/**
 * Readers to whom a conversation's `can` is the same: visitors; those who see all; a plain
 * manager who holds it; any other plain manager.
 */
export type ReaderClass = 'visitor' | 'all' | 'holder' | 'manager';

export function readerClass(actor: Actor, assigneeId: string | null): ReaderClass {
  if (actor.kind === 'visitor') return 'visitor';
  if (seesAll(actor)) return 'all';
  return assigneeId === actor.id ? 'holder' : 'manager';
}

/**
 * The conversation as `actor` reads it, with what they may do (`can`). Visitors never learn which
 * manager holds their conversation, nor that they are blocked, nor staff ids.
 */
export function projectConversation(actor: Actor, c: Conversation, opts: PolicyOptions): Conversation {
  const can = conversationCan(actor, c, opts);
  if (actor.kind !== 'visitor') {
    const since = c.status === 'open' ? (c.slaSince ?? null) : null;
    return withCan(c, c.customer, c.assigneeId, c.lastMessage, can, since, slaNow(c, opts));
  }
  const lastKind = c.lastMessage?.author.kind;
  const staffAuthor = lastKind === 'manager' || lastKind === 'bot';
  const { blocked: _staffOnly, ...customer } = c.customer;
  const lastMessage = c.lastMessage && staffAuthor ? { ...c.lastMessage, author: authorForVisitor(c.lastMessage.author, staffIdFor(opts)) } : c.lastMessage;
  return withCan(c, customer, null, lastMessage, can, undefined, undefined);
}

/**
 * The conversation with `can`, as one literal of a fixed shape: `{...c, can}` made each page of 50
 * slower to serialise and to collect (the list's p99 went from 1.2 to 3.7 ms, npm run bench).
 */
/** S-SLA-1: staff's marker as of now, while the conversation is open and its clock runs. */
function slaNow(c: Conversation, opts: PolicyOptions): ConversationSla | undefined {
  return c.status === 'open' && c.slaSince != null && opts.sla ? opts.sla(c.channel.id, c.slaSince) : undefined;
}

function withCan(
  c: Conversation,
  customer: Conversation['customer'],
  assigneeId: string | null,
  lastMessage: Conversation['lastMessage'],
  can: ConversationCan,
  slaSince: number | null | undefined,
  sla: ConversationSla | undefined,
): Conversation {
  return {
    id: c.id,
    channel: c.channel,
    customer,
    status: c.status,
    assigneeId,
    lastMessage,
    lastActivityAt: c.lastActivityAt,
    createdAt: c.createdAt,
    waitingSince: c.waitingSince,
    slaSince,
    sla,
    can,
  };
}

/**
 * What `actor` may do with a message of `c` (`Message.can`), from the rules the actions check. A
 * visitor is not told that they are blocked: their own message stays editable to them (the
 * server refuses the edit with a plain FORBIDDEN). Depends only on authorship and the reader's
 * class, as the event frames do.
 */
export function messageCan(actor: Actor, m: Message, c: Conversation, opts: PolicyOptions): MessageCan {
  const caps = opts.channelCapabilities?.(c.channel);
  const open = m.deletedAt === undefined && (actor.kind === 'visitor' || c.customer.blocked !== true);
  const change = open && mayChangeMessage(actor, m.author);
  return shared(MESSAGE_CANS, {
    edit: change && (caps?.edit ?? true) && m.cards === undefined,
    delete: change && (caps?.delete ?? true),
    retry: open && isStaff(actor) && m.status === 'failed',
    history: mayViewHistory(actor) && (m.editedAt !== undefined || m.deletedAt !== undefined),
  });
}

/**
 * What a member may do with a message of an internal chat (S-DLG-14): no channel and no customer
 * there, so the author changes their own while it is not deleted; nothing is ever retried.
 */
export function internalMessageCan(actor: Actor, m: Message): MessageCan {
  const change = m.deletedAt === undefined && m.system === undefined && mayChangeMessage(actor, m.author);
  return shared(MESSAGE_CANS, {
    edit: change,
    delete: change,
    retry: false,
    history: mayViewHistory(actor) && (m.editedAt !== undefined || m.deletedAt !== undefined),
  });
}

/** A message of an internal chat as a member reads it: their own client ids only, and `can`. */
export function projectInternalMessage(actor: Actor, m: Message): Message {
  return messageWithCan(ownIdOnly(actor, m), internalMessageCan(actor, m));
}

/**
 * A client message id is shown only to its sender's own sessions; delivery statuses only to staff
 * (S-DLG-13); staff ids never to visitors (the author, the quoted author, who acted in a notice).
 * With its conversation, the message says what the reader may do with it (`can`).
 */
export function projectMessage(actor: Actor, m: Message, opts: PolicyOptions, conversation?: Conversation): Message {
  const out = actor.kind === 'visitor' ? messageForVisitor(actor, m, staffIdFor(opts)) : ownIdOnly(actor, m);
  return conversation === undefined || m.system !== undefined ? out : messageWithCan(out, messageCan(actor, m, conversation, opts));
}

/**
 * The message with `can`, built field by field as toMessage builds it: an object spread with one
 * more property made every page of 50 slower to serialise and to collect (p99 ×3 on the list).
 */
function messageWithCan(m: Message, can: MessageCan): Message {
  const out: Message = { id: m.id, conversationId: m.conversationId, author: m.author, text: m.text, createdAt: m.createdAt };
  if (m.clientMessageId !== undefined) out.clientMessageId = m.clientMessageId;
  if (m.system !== undefined) out.system = m.system;
  if (m.status !== undefined) out.status = m.status;
  if (m.failReason !== undefined) out.failReason = m.failReason;
  if (m.replyTo !== undefined) out.replyTo = m.replyTo;
  if (m.editedAt !== undefined) out.editedAt = m.editedAt;
  if (m.deletedAt !== undefined) out.deletedAt = m.deletedAt;
  if (m.attachments !== undefined) out.attachments = m.attachments;
  if (m.cards !== undefined) out.cards = m.cards;
  out.can = can;
  return out;
}

function ownIdOnly(actor: Actor, m: Message): Message {
  if (m.clientMessageId === undefined || isAuthor(actor, m.author)) return m;
  const { clientMessageId: _theirs, ...rest } = m;
  return rest;
}

/** Field by field like `messageWithCan` (no rest and spread: this runs for every visitor's send and event). */
function messageForVisitor(actor: Actor, m: Message, alias: (userId: string) => string): Message {
  const out: Message = { id: m.id, conversationId: m.conversationId, author: authorForVisitor(m.author, alias), text: m.text, createdAt: m.createdAt };
  if (m.clientMessageId !== undefined && isAuthor(actor, m.author)) out.clientMessageId = m.clientMessageId;
  if (m.editedAt !== undefined) out.editedAt = m.editedAt;
  if (m.deletedAt !== undefined) out.deletedAt = m.deletedAt;
  if (m.attachments !== undefined) out.attachments = m.attachments;
  if (m.cards !== undefined) out.cards = m.cards;
  if (m.can !== undefined) out.can = m.can;
  if (m.replyTo !== undefined) out.replyTo = { ...m.replyTo, author: authorForVisitor(m.replyTo.author, alias) };
  if (m.system !== undefined) {
    // A visitor reads who closed or took their conversation by name.
    const ref = (u: { id: string; name: string } | null) => (u === null ? null : u.id === DISTRIBUTION_BOT_ID ? u : { id: alias(u.id), name: u.name });
    out.system = { ...m.system, by: ref(m.system.by), from: ref(m.system.from), to: ref(m.system.to) };
  }
  return out;
}

/** A typing signal's author as `actor` may see it (S-DLG-13's neighbour: staff ids never reach visitors). */
export function projectSignalData(actor: Actor, data: SignalData<'typing'>, opts: PolicyOptions): SignalData<'typing'> {
  return actor.kind === 'visitor' ? { ...data, author: authorForVisitor(data.author, staffIdFor(opts)) } : data;
}

/**
 * The projection of an event depends only on whether the actor wrote the message and on the
 * reader's class (`readerClass`: what they may do with the conversation); the gateway serialises
 * each event at most once per audience.
 */
export function audienceOf(actor: Actor, eventName: string, data: unknown): string {
  const own = carriesMessage(eventName) && isAuthor(actor, (data as { message: Message }).message.author);
  const conversation = carriesConversation(eventName) ? (data as { conversation: Conversation }).conversation : undefined;
  // Constant strings: the fan-out asks for every session, and a template would build one each time.
  return (own ? AUTHOR_AUDIENCES : OTHER_AUDIENCES)[conversation ? readerClass(actor, conversation.assigneeId) : actor.kind];
}

type AudienceKeys = Record<ReaderClass | Actor['kind'], string>;
const READERS: readonly (keyof AudienceKeys)[] = ['visitor', 'all', 'holder', 'manager', 'user'];
const audienceKeys = (own: string) => Object.fromEntries(READERS.map((r) => [r, `${own}:${r}`])) as AudienceKeys;
const AUTHOR_AUDIENCES = audienceKeys('author');
const OTHER_AUDIENCES = audienceKeys('other');

/** Events whose data ends with the conversation (EventBuffer writes `{…, conversation}` last). */
export function carriesConversation(eventName: string): boolean {
  return carriesMessage(eventName) || eventName === 'conversation.updated';
}

/** Events of shape `{message, conversation}`: projected alike (S-DLG-7: an edit reaches everyone the message did). */
function carriesMessage(eventName: string): boolean {
  return eventName === 'message.created' || eventName === 'message.updated';
}

/** The event's data as `actor` may see it: `data` itself when nothing is hidden from them. */
export function projectEventData(actor: Actor, eventName: string, data: unknown, opts: PolicyOptions): unknown {
  if (eventName === 'internal.message') {
    const d = data as { chat: unknown; message: Message };
    return { chat: d.chat, message: projectInternalMessage(actor, d.message) };
  }
  if (carriesMessage(eventName)) {
    const d = data as { message: Message; conversation: Conversation };
    return { message: projectMessage(actor, d.message, opts, d.conversation), conversation: projectConversation(actor, d.conversation, opts) };
  }
  if (eventName === 'conversation.updated') {
    const d = data as { conversation: Conversation };
    return { conversation: projectConversation(actor, d.conversation, opts) };
  }
  return data;
}

/**
 * The event's data as `actor` reads it, as JSON, from the logged row's JSON. A conversation.updated
 * read by staff differs from the row only by the conversation's `can`, which is spliced in (the
 * conversation is the data's last member); the rest is serialised once per audience (the hub
 * shares each frame among the readers of one class).
 */
export function projectEventJson(actor: Actor, eventName: string, json: string, data: unknown, opts: PolicyOptions): string {
  if (!carriesConversation(eventName)) return eventName === 'internal.message' ? JSON.stringify(projectEventData(actor, eventName, data, opts)) : json;
  if (actor.kind === 'user' && eventName === 'conversation.updated') {
    const c = (data as { conversation: Conversation }).conversation;
    const marker = slaNow(c, opts);
    const sla = marker ? `,"sla":${JSON.stringify(marker)}` : '';
    return `${json.slice(0, -2)}${sla},"can":${JSON.stringify(conversationCan(actor, c, opts))}}}`;
  }
  return JSON.stringify(projectEventData(actor, eventName, data, opts));
}

/**
 * S-AN-1: admins and chat admins read every conversation's figures (`manager: null`); a plain
 * manager only their own; visitors and bots none (undefined).
 */
export function analyticsScope(actor: Actor): { manager: string | null } | undefined {
  if (actor.kind !== 'user' || isBot(actor)) return undefined;
  return { manager: seesAll(actor) ? null : actor.id };
}
