import { canTransition, quotePreview } from '@chatdesk/protocol/runtime';
import type { Author, DeliveryStatus, FailReason, Me, Message } from '@chatdesk/protocol';
import type { ThreadKey } from './keys.js';
import type { ChatState, ThreadState } from './state.js';

/* Helpers shared by the apply files: immutable edits of threads and the outbox. */

/** Whether `author` is the connected user (a visitor is the customer author with its id). */
export function isMe(me: Me | null, author: Author): boolean {
  if (!me) return false;
  if (me.kind === 'visitor') return author.kind === 'customer' && author.id === me.id;
  if (me.kind === 'bot') return author.kind === 'bot' && author.id === me.id;
  return author.kind === 'manager' && author.id === me.id;
}

/** Last activity first; ties: the higher id first. Conversations and internal chats alike. */
export function byActivity(a: { id: number; lastActivityAt: number }, b: { id: number; lastActivityAt: number }): number {
  return b.lastActivityAt - a.lastActivityAt || b.id - a.id;
}

/**
 * Merges messages into a loaded thread: unique by id, ascending. A message seen again replaces
 * the old copy whole, so fields that went away (a fail reason after Retry) go away here too.
 */
export function mergeMessages(existing: readonly Message[], incoming: readonly Message[]): readonly Message[] {
  if (incoming.length === 0) return existing;
  const last = existing[existing.length - 1];
  // The common case, a newer message appended live, must not re-sort the whole thread.
  if (incoming.length === 1 && (!last || incoming[0]!.id > last.id)) return [...existing, incoming[0]!];
  const byId = new Map<number, Message>();
  for (const m of existing) byId.set(m.id, m);
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** Replaces a message in place by id, or inserts it at its sorted place. */
export function upsertMessage(existing: readonly Message[], message: Message): readonly Message[] {
  const i = existing.findIndex((m) => m.id === message.id);
  if (i < 0) return mergeMessages(existing, [message]);
  const messages = existing.slice();
  messages[i] = message;
  return messages;
}

/** S-DLG-7: a quote shows the quoted message as it is now: an edit or delete reaches its replies. */
export function requote(messages: readonly Message[], quoted: Message): readonly Message[] {
  let out: Message[] | undefined;
  messages.forEach((m, i) => {
    if (m.replyTo?.id !== quoted.id) return;
    const replyTo: NonNullable<Message['replyTo']> = {
      id: quoted.id,
      author: quoted.author,
      text: quotePreview(quoted.text),
    };
    if (quoted.deletedAt !== undefined) replyTo.deleted = true;
    (out ??= messages.slice())[i] = { ...m, replyTo };
  });
  return out ?? messages;
}

export function withThread(state: ChatState, key: ThreadKey, thread: ThreadState): ChatState {
  return { ...state, threads: { ...state.threads, [key]: thread } };
}

/** Upserts a message into the thread `key` if that thread is loaded. */
export function putMessage(state: ChatState, key: ThreadKey, message: Message): ChatState {
  const thread = state.threads[key];
  return thread ? withThread(state, key, { ...thread, messages: upsertMessage(thread.messages, message) }) : state;
}

export function hasMessage(state: ChatState, key: ThreadKey, id: number): boolean {
  return state.threads[key]?.messages.some((m) => m.id === id) ?? false;
}

/** S-DLG-13: a status never goes back, but Retry leaves `failed`; a late or replayed status is ignored (the protocol's table). */
export function mayMove(from: DeliveryStatus | undefined, to: DeliveryStatus): boolean {
  return from === undefined || canTransition(from, to);
}

/** Sets the status (and fail reason) of the listed messages of a loaded thread. */
export function patchStatus(
  state: ChatState,
  key: ThreadKey,
  ids: readonly number[],
  status: DeliveryStatus,
  failReason: FailReason | undefined,
): ChatState {
  const thread = state.threads[key];
  if (!thread) return state;
  const wanted = new Set(ids);
  let changed = false;
  const messages = thread.messages.map((m) => {
    if (!wanted.has(m.id) || !mayMove(m.status, status)) return m;
    changed = true;
    const patched: Message = { ...m, status };
    if (failReason) patched.failReason = failReason;
    else delete patched.failReason;
    return patched;
  });
  return changed ? withThread(state, key, { ...thread, messages }) : state;
}

export function removeOutbox(state: ChatState, clientMessageId: string | undefined): ChatState {
  if (!clientMessageId) return state;
  const outbox = state.outbox.filter((o) => o.clientMessageId !== clientMessageId);
  return outbox.length === state.outbox.length ? state : { ...state, outbox };
}

/** Sets a count in an unread map, removing 0 entries; the same object when nothing changed. */
export function setCount(map: Readonly<Record<number, number>>, id: number, count: number): Readonly<Record<number, number>> {
  if ((map[id] ?? 0) === count) return map;
  const copy = { ...map };
  if (count > 0) copy[id] = count;
  else delete copy[id];
  return copy;
}
