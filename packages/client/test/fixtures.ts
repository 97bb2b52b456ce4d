// Shared builders for the pure apply tests.
import type { Conversation, InternalChat, Me, Message } from '@chatdesk/protocol';
import { applyWelcome } from '../src/apply.js';
import { initialState, type ChatState } from '../src/state.js';

export const manager: Me = { kind: 'user', id: 'u-anna', name: 'Anna', rights: ['chats'] };
export const visitor: Me = { kind: 'visitor', id: '7', name: 'Visitor', rights: [] };
export const customer = { kind: 'customer' as const, id: '7', name: 'Visitor' };
export const anna = { kind: 'manager' as const, id: 'u-anna', name: 'Anna' };
export const boris = { kind: 'manager' as const, id: 'u-boris', name: 'Boris' };

export function conv(id: number, at: number): Conversation {
  return {
    id,
    channel: { id: 1, kind: 'web', name: 'Site' },
    customer: { id: 7, name: 'Visitor' },
    status: 'open',
    assigneeId: null,
    lastMessage: null,
    lastActivityAt: at,
    createdAt: 1,
    waitingSince: null,
  };
}

export function msg(id: number, conversationId: number, author: Message['author'], extra: Partial<Message> = {}): Message {
  return { id, conversationId, author, text: `m${id}`, createdAt: id, ...extra };
}

export function chat(id: number, at: number, kind: InternalChat['kind'] = 'direct'): InternalChat {
  return {
    id,
    kind,
    title: kind === 'group' ? `Group ${id}` : '',
    members: [
      { id: 'u-anna', name: 'Anna' },
      { id: 'u-boris', name: 'Boris' },
    ],
    lastMessage: null,
    lastActivityAt: at,
    createdAt: 1,
  };
}

export function welcomed(me: Me): ChatState {
  return applyWelcome(initialState, {
    type: 'welcome',
    user: me,
    seq: 10,
    epoch: 'e1',
    resumed: false,
    heartbeatMs: 25_000,
    unread: { total: 1, conversations: { '1': 2 } },
    channels: {},
  });
}
