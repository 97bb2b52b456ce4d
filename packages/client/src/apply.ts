import type { Author, ChatEvent, Conversation, Me, Message, Result, WelcomeFrame } from '@chatdesk/protocol';
import type { ChatState, OutboxItem, ThreadState } from './state.js';

/*
 * Pure state transitions. The client applies server events and call results with these and
 * nothing else, so a test can replay events onto a stale state and compare it with a fresh fetch.
 */

/** Whether `author` is the connected user (a visitor is the customer author with its id). */
export function isMe(me: Me | null, author: Author): boolean {
  if (!me) return false;
  if (me.kind === 'visitor') return author.kind === 'customer' && author.id === me.id;
  if (me.kind === 'bot') return author.kind === 'bot' && author.id === me.id;
  return author.kind === 'manager' && author.id === me.id;
}

function byActivity(a: Conversation, b: Conversation): number {
  return b.lastActivityAt - a.lastActivityAt || b.id - a.id;
}

/** Inserts or replaces conversations and keeps `conversationOrder` sorted by last activity. */
export function upsertConversations(state: ChatState, list: readonly Conversation[]): ChatState {
  if (list.length === 0) return state;
  const conversations = { ...state.conversations };
  for (const c of list) conversations[c.id] = c;
  if (list.length === 1) {
    // The live case (one conversation per event): move it into place instead of sorting all.
    const c = list[0]!;
    const order = state.conversationOrder.filter((id) => id !== c.id);
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byActivity(conversations[order[mid]!]!, c) < 0) lo = mid + 1;
      else hi = mid;
    }
    order.splice(lo, 0, c.id);
    return { ...state, conversations, conversationOrder: order };
  }
  const ids = new Set(state.conversationOrder);
  for (const c of list) ids.add(c.id);
  const conversationOrder = [...ids]
    .map((id) => conversations[id]!)
    .sort(byActivity)
    .map((c) => c.id);
  return { ...state, conversations, conversationOrder };
}

function setUnread(state: ChatState, conversationId: number, count: number): ChatState {
  const old = state.unread[conversationId] ?? 0;
  if (old === count) return state;
  const unread = { ...state.unread };
  if (count > 0) unread[conversationId] = count;
  else delete unread[conversationId];
  const unreadTotal = Math.max(0, state.unreadTotal + (count > 0 ? 1 : 0) - (old > 0 ? 1 : 0));
  return { ...state, unread, unreadTotal };
}

/** Merges messages into a loaded thread: unique by id, ascending. */
function mergeMessages(existing: readonly Message[], incoming: readonly Message[]): readonly Message[] {
  if (incoming.length === 0) return existing;
  const last = existing[existing.length - 1];
  // The common case, a newer message appended live, must not re-sort the whole thread.
  if (incoming.length === 1 && (!last || incoming[0]!.id > last.id)) return [...existing, incoming[0]!];
  const byId = new Map<number, Message>();
  for (const m of existing) byId.set(m.id, m);
  for (const m of incoming) byId.set(m.id, { ...byId.get(m.id), ...m });
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

function withThread(state: ChatState, conversationId: number, thread: ThreadState): ChatState {
  return { ...state, threads: { ...state.threads, [conversationId]: thread } };
}

function removeOutbox(state: ChatState, clientMessageId: string | undefined): ChatState {
  if (!clientMessageId) return state;
  const outbox = state.outbox.filter((o) => o.clientMessageId !== clientMessageId);
  return outbox.length === state.outbox.length ? state : { ...state, outbox };
}

/** A stored message arrived (live event or a send result): thread, conversation, outbox, unread. */
export function applyMessage(state: ChatState, message: Message, conversation: Conversation): ChatState {
  let next = upsertConversations(state, [conversation]);
  const thread = next.threads[message.conversationId];
  if (thread) {
    const known = thread.messages.some((m) => m.id === message.id);
    if (!known) next = withThread(next, message.conversationId, { ...thread, messages: mergeMessages(thread.messages, [message]) });
  }
  next = removeOutbox(next, message.clientMessageId);
  return next;
}

/**
 * A plain manager sees a conversation only while it is theirs or unassigned (S-AUTH-3). When
 * someone else takes it, the server sends that last `conversation.updated`; the conversation,
 * its thread and its unread count then leave this client, as they would be absent from a fetch.
 */
function lostSight(me: Me | null, conversation: Conversation): boolean {
  if (!me || me.kind !== 'user') return false;
  if (me.rights.includes('admin') || me.rights.includes('chat_admin')) return false;
  return conversation.assigneeId !== null && conversation.assigneeId !== me.id;
}

export function dropConversation(state: ChatState, conversationId: number): ChatState {
  if (!state.conversations[conversationId] && !state.threads[conversationId] && !state.unread[conversationId]) return state;
  const next = setUnread(state, conversationId, 0);
  const conversations = { ...next.conversations };
  delete conversations[conversationId];
  const threads = { ...next.threads };
  delete threads[conversationId];
  return { ...next, conversations, threads, conversationOrder: next.conversationOrder.filter((id) => id !== conversationId) };
}

export function applyEvent(state: ChatState, event: ChatEvent): ChatState {
  if ((event.name === 'message.created' || event.name === 'conversation.updated') && lostSight(state.me, event.data.conversation)) {
    return dropConversation(state, event.data.conversation.id);
  }
  switch (event.name) {
    case 'message.created': {
      const { message, conversation } = event.data;
      const alreadyApplied = state.threads[message.conversationId]?.messages.some((m) => m.id === message.id) ?? false;
      let next = applyMessage(state, message, conversation);
      // Same rule as the server: a message by someone else is unread; sending marks read; the
      // "opened" notice that starts a conversation is never unread (the server gives it ordinal 0).
      if (isMe(state.me, message.author)) next = setUnread(next, message.conversationId, 0);
      else if (!alreadyApplied && message.system?.type !== 'opened') next = setUnread(next, message.conversationId, (next.unread[message.conversationId] ?? 0) + 1);
      return next;
    }
    case 'conversation.updated':
      return upsertConversations(state, [event.data.conversation]);
    case 'conversation.removed':
      return dropConversation(state, event.data.conversationId);
    case 'unread.changed': {
      const next = setUnread(state, event.data.conversationId, event.data.unread);
      return next.unreadTotal === event.data.unreadTotal ? next : { ...next, unreadTotal: event.data.unreadTotal };
    }
  }
}

/**
 * `welcome`: a resumed session keeps everything (the missed events follow); a fresh one drops
 * what it knew of the server's state, keeps the outbox, and takes the unread snapshot.
 */
export function applyWelcome(state: ChatState, welcome: WelcomeFrame): ChatState {
  if (welcome.resumed) return { ...state, me: welcome.user, connection: 'open', connectionError: null };
  const unread: Record<number, number> = {};
  for (const [id, n] of Object.entries(welcome.unread?.conversations ?? {})) if (n > 0) unread[Number(id)] = n;
  return {
    ...state,
    connection: 'open',
    connectionError: null,
    me: welcome.user,
    conversations: {},
    conversationOrder: [],
    listLoaded: false,
    listCursor: null,
    threads: {},
    unread,
    unreadTotal: welcome.unread?.total ?? Object.keys(unread).length,
  };
}

export function applyConversationPage(
  state: ChatState,
  page: Result<'conversations.list'>,
  first: boolean,
): ChatState {
  let next = upsertConversations(
    first ? { ...state, conversationOrder: [] } : state,
    page.conversations,
  );
  for (const c of page.conversations) next = setUnread(next, c.id, page.unread[String(c.id)] ?? 0);
  return { ...next, listLoaded: true, listCursor: page.nextCursor };
}

export function applyThreadPage(
  state: ChatState,
  conversationId: number,
  page: Result<'messages.list'>,
  older: boolean,
): ChatState {
  const thread = state.threads[conversationId];
  const messages = mergeMessages(thread?.messages ?? [], page.messages);
  // An older page tells whether still older ones exist. The newest page does too, unless older
  // pages were loaded before it (a refresh): then the thread already knows how far back it goes.
  const pageFirst = page.messages[0]?.id;
  const olderLoaded = pageFirst !== undefined && (thread?.messages.some((m) => m.id < pageFirst) ?? false);
  const hasMore = older || !olderLoaded || !thread ? page.hasMore : thread.hasMore;
  return withThread(state, conversationId, { messages, hasMore, loading: false });
}

export function setThreadLoading(state: ChatState, conversationId: number, loading: boolean): ChatState {
  const thread = state.threads[conversationId];
  if (thread?.loading === loading) return state;
  return withThread(state, conversationId, { messages: thread?.messages ?? [], hasMore: thread?.hasMore ?? true, loading });
}

export function updateOutbox(
  state: ChatState,
  clientMessageId: string,
  patch: Partial<OutboxItem>,
): ChatState {
  let changed = false;
  const outbox = state.outbox.map((o) => {
    if (o.clientMessageId !== clientMessageId) return o;
    changed = true;
    return { ...o, ...patch };
  });
  return changed ? { ...state, outbox } : state;
}

export function addOutbox(state: ChatState, item: OutboxItem): ChatState {
  return { ...state, outbox: [...state.outbox, item] };
}

export { removeOutbox };
