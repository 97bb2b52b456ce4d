import { limits } from '@chatdesk/protocol/runtime';
import type { Author, SignalData } from '@chatdesk/protocol';
import { isMe } from './thread-ops.js';
import type { ThreadKey } from './keys.js';
import type { ChatState, TypingEntry } from './state.js';

const same = (a: Author, b: Author) => a.kind === b.kind && a.id === b.id;

function setEntries(state: ChatState, key: ThreadKey, entries: readonly TypingEntry[]): ChatState {
  const typing = { ...state.typing };
  if (entries.length > 0) typing[key] = entries;
  else delete typing[key];
  return { ...state, typing };
}

/**
 * A `typing` signal: the author types in that thread until `now + typingTtlMs` unless renewed;
 * `typing: false` ends it. The user's own typing (from another tab) is not shown.
 */
export function applyTypingSignal(state: ChatState, data: SignalData<'typing'>, now: number): ChatState {
  if (isMe(state.me, data.author)) return state;
  const key = data.conversationId ?? (data.chatId === undefined ? undefined : -data.chatId);
  if (key === undefined) return state;
  const others = (state.typing[key] ?? []).filter((e) => !same(e.author, data.author));
  return setEntries(state, key, data.typing ? [...others, { author: data.author, until: now + limits.typingTtlMs }] : others);
}

/** Someone's message ends their typing there (it was what they typed). */
export function stopTyping(state: ChatState, key: ThreadKey, author: Author): ChatState {
  const entries = state.typing[key];
  if (!entries?.some((e) => same(e.author, author))) return state;
  return setEntries(state, key, entries.filter((e) => !same(e.author, author)));
}

/** Drops the entries that expired by `now`; the same state when none did. */
export function pruneTyping(state: ChatState, now: number): ChatState {
  let next = state;
  for (const [key, entries] of Object.entries(state.typing)) {
    const live = entries.filter((e) => e.until > now);
    if (live.length !== entries.length) next = setEntries(next, Number(key), live);
  }
  return next;
}

/** The earliest expiry among the entries, or undefined when nobody types. */
export function nextTypingExpiry(state: ChatState): number | undefined {
  let min: number | undefined;
  for (const entries of Object.values(state.typing)) for (const e of entries) if (min === undefined || e.until < min) min = e.until;
  return min;
}
