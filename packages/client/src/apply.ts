import type { ChatEvent, Conversation, Draft, Message, Me, Result, WelcomeFrame } from '@chatdesk/protocol';
import { applyInternalEvent } from './apply-internal.js';
import { stopTyping } from './apply-typing.js';
import type { ThreadKey } from './keys.js';
import type { ChatState, OutboxItem } from './state.js';
import {
  byActivity,
  hasMessage,
  isMe,
  mergeMessages,
  patchStatus,
  putMessage,
  removeOutbox,
  requote,
  setCount,
  upsertMessage,
  withThread,
} from './thread-ops.js';

/*
 * Pure state transitions. The client applies server events and call results with these and
 * nothing else, so a test can replay events onto a stale state and compare it with a fresh fetch.
 */

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
  const unread = setCount(state.unread, conversationId, count);
  if (unread === state.unread) return state;
  const unreadTotal = Math.max(0, state.unreadTotal + (count > 0 ? 1 : 0) - (old > 0 ? 1 : 0));
  return { ...state, unread, unreadTotal };
}

/** A stored message arrived (live event or a send result): thread, conversation, outbox, unread. */
export function applyMessage(state: ChatState, message: Message, conversation: Conversation): ChatState {
  let next = upsertConversations(state, [conversation]);
  if (!hasMessage(next, message.conversationId, message.id)) next = putMessage(next, message.conversationId, message);
  next = removeOutbox(next, message.clientMessageId);
  return stopTyping(next, message.conversationId, message.author);
}

/**
 * S-DLG-7, S-DLG-13: an edited, deleted or retried message replaces its copy in place, or joins
 * the thread at its place (a visitor first sees a retried message this way). No unread change.
 */
export function applyMessageUpdate(state: ChatState, message: Message, conversation: Conversation): ChatState {
  const next = upsertConversations(state, [conversation]);
  const thread = next.threads[message.conversationId];
  if (!thread) return next;
  return withThread(next, message.conversationId, { ...thread, messages: requote(upsertMessage(thread.messages, message), message) });
}

/** S-DLG-8: one draft set (or, null, cleared). */
export function applyDraft(state: ChatState, conversationId: number, draft: Draft | null): ChatState {
  const old = state.drafts[conversationId];
  if (!draft && !old) return state;
  if (draft && old && draft.text === old.text && draft.updatedAt === old.updatedAt) return state;
  const drafts = { ...state.drafts };
  if (draft) drafts[conversationId] = draft;
  else delete drafts[conversationId];
  return { ...state, drafts };
}

/** `drafts.list`: the whole set, replacing what was known. */
export function applyDrafts(state: ChatState, list: readonly Draft[]): ChatState {
  const drafts: Record<number, Draft> = {};
  for (const d of list) drafts[d.conversationId] = d;
  return { ...state, drafts };
}

/**
 * A plain manager sees a conversation only while it is theirs or unassigned (S-AUTH-3). When
 * someone else takes it, the server sends that last update with `can.see` false (the server
 * decides, not this client); the conversation, its thread and its unread count then leave this
 * client, as they would be absent from a fetch.
 */
function lostSight(conversation: Conversation): boolean {
  return conversation.can?.see === false;
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
  if ((event.name === 'message.created' || event.name === 'message.updated' || event.name === 'conversation.updated') && lostSight(event.data.conversation)) {
    return dropConversation(state, event.data.conversation.id);
  }
  switch (event.name) {
    case 'message.created': {
      const { message, conversation } = event.data;
      const alreadyApplied = state.threads[message.conversationId]?.messages.some((m) => m.id === message.id) ?? false;
      let next = applyMessage(state, message, conversation);
      // Same rule as the server: a message by someone else is unread; sending marks read; a system
      // notice (opened, assigned, closed, …) is never unread (the server gives it no ordinal of its own).
      if (isMe(state.me, message.author)) next = setUnread(next, message.conversationId, 0);
      else if (!alreadyApplied && message.system === undefined) next = setUnread(next, message.conversationId, (next.unread[message.conversationId] ?? 0) + 1);
      return next;
    }
    case 'conversation.updated':
      return upsertConversations(state, [event.data.conversation]);
    case 'channel.updated': {
      const { channel, capabilities } = event.data;
      return { ...state, channels: { ...state.channels, [channel.id]: capabilities } };
    }
    case 'conversation.removed':
      return dropConversation(state, event.data.conversationId);
    case 'settings.changed':
      // An older save heard late (another node's) never undoes a newer one.
      return state.settings && state.settings.version >= event.data.version ? state : { ...state, settings: event.data };
    case 'unread.changed': {
      const next = setUnread(state, event.data.conversationId, event.data.unread);
      return next.unreadTotal === event.data.unreadTotal ? next : { ...next, unreadTotal: event.data.unreadTotal };
    }
    case 'message.updated':
      return applyMessageUpdate(state, event.data.message, event.data.conversation);
    case 'message.status': {
      const { conversationId, messageIds, status, failReason } = event.data;
      return patchStatus(state, conversationId, messageIds, status, failReason);
    }
    case 'draft.changed':
      return applyDraft(state, event.data.conversationId, event.data.draft);
    case 'internal.chat':
    case 'internal.message':
    case 'internal.unread':
      return applyInternalEvent(state, event);
    case 'quickReplies.changed':
      // The quick replies' list is the element's own (it asks `quickReplies.list` when it opens).
      return state;
  }
}

/**
 * `welcome`: a resumed session keeps everything (the missed events follow); a fresh one drops
 * what it knew of the server's state, keeps the outbox, and takes the unread snapshot.
 */
export function applyWelcome(state: ChatState, welcome: WelcomeFrame): ChatState {
  const settings = welcome.settings ?? state.settings;
  const privacy = welcome.privacy ?? null;
  if (welcome.resumed) return { ...state, me: welcome.user, channels: welcome.channels, settings, privacy, connection: 'open', connectionError: null };
  const unread: Record<number, number> = {};
  for (const [id, n] of Object.entries(welcome.unread?.conversations ?? {})) if (n > 0) unread[Number(id)] = n;
  return {
    ...state,
    connection: 'open',
    connectionError: null,
    me: welcome.user,
    channels: welcome.channels,
    settings,
    privacy,
    conversations: {},
    conversationOrder: [],
    listLoaded: false,
    listCursor: null,
    threads: {},
    unread,
    unreadTotal: welcome.unread?.total ?? Object.keys(unread).length,
    // Drafts stay until `drafts.list` replaces them (no flash of an empty list); signals are gone.
    typing: {},
    internalChats: {},
    internalOrder: [],
    internalLoaded: false,
    internalUnread: {},
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

/** One conversation fetched by id (opened before the list has it): the list is not loaded by it. */
export function applyConversation(state: ChatState, conversation: Conversation, unread: number): ChatState {
  return setUnread(upsertConversations(state, [conversation]), conversation.id, unread);
}

export function applyThreadPage(
  state: ChatState,
  conversationId: ThreadKey,
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

export function setThreadLoading(state: ChatState, conversationId: ThreadKey, loading: boolean): ChatState {
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

export { isMe, removeOutbox };
