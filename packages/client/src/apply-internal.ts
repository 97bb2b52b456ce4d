import type { ChatEvent, InternalChat, Message, Result } from '@chatdesk/protocol';
import { stopTyping } from './apply-typing.js';
import type { ChatState } from './state.js';
import { byActivity, hasMessage, isMe, putMessage, removeOutbox, setCount } from './thread-ops.js';

/* S-DLG-14: internal chats, kept apart from conversations; their threads live under -chatId. */

export function upsertInternalChats(state: ChatState, chats: readonly InternalChat[]): ChatState {
  if (chats.length === 0) return state;
  const internalChats = { ...state.internalChats };
  for (const c of chats) internalChats[c.id] = c;
  // A member has at most `limits.maxInternalChats` of them: sorting all is cheap.
  const internalOrder = Object.values(internalChats).sort(byActivity).map((c) => c.id);
  return { ...state, internalChats, internalOrder };
}

function setInternalUnread(state: ChatState, chatId: number, count: number): ChatState {
  const internalUnread = setCount(state.internalUnread, chatId, count);
  return internalUnread === state.internalUnread ? state : { ...state, internalUnread };
}

/**
 * A message of an internal chat (event or send, edit or delete result). Same unread rule as
 * conversations: a new message by someone else is unread, one's own marks the chat read; an edit
 * or a delete (it carries `editedAt` or `deletedAt`, which a new message never has) moves neither.
 */
export function applyInternalMessage(state: ChatState, chat: InternalChat, message: Message): ChatState {
  const key = -chat.id;
  const known = hasMessage(state, key, message.id) || message.editedAt !== undefined || message.deletedAt !== undefined;
  let next = upsertInternalChats(state, [chat]);
  next = putMessage(next, key, message);
  next = removeOutbox(next, message.clientMessageId);
  if (known) return next;
  next = stopTyping(next, key, message.author);
  if (isMe(state.me, message.author)) return setInternalUnread(next, chat.id, 0);
  return setInternalUnread(next, chat.id, (next.internalUnread[chat.id] ?? 0) + 1);
}

export function applyInternalList(state: ChatState, page: Result<'internal.list'>): ChatState {
  const internalUnread: Record<number, number> = {};
  for (const [id, n] of Object.entries(page.unread)) if (n > 0) internalUnread[Number(id)] = n;
  const next = upsertInternalChats({ ...state, internalChats: {}, internalOrder: [] }, page.chats);
  return { ...next, internalUnread, internalLoaded: true };
}

type InternalEvent = Extract<ChatEvent, { name: 'internal.chat' | 'internal.message' | 'internal.unread' }>;

export function applyInternalEvent(state: ChatState, event: InternalEvent): ChatState {
  switch (event.name) {
    case 'internal.chat':
      return upsertInternalChats(state, [event.data.chat]);
    case 'internal.message':
      return applyInternalMessage(state, event.data.chat, event.data.message);
    case 'internal.unread':
      return setInternalUnread(state, event.data.chatId, event.data.unread);
  }
}

export { setInternalUnread };
