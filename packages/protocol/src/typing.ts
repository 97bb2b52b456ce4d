import * as v from 'valibot';
import { Author, Id } from './entities.js';
import { defineMethod } from './define.js';
import { limits } from './limits.js';

/** Where someone types: a customer conversation or an internal chat (S-DLG-14). */
const Place = {
  conversationId: v.optional(Id),
  chatId: v.optional(Id),
};

const exactlyOnePlace = (p: { conversationId?: number | undefined; chatId?: number | undefined; typing: boolean }) =>
  (p.conversationId === undefined) !== (p.chatId === undefined);

export const typingMethods = {
  /**
   * Typing indicators both ways: the caller is (or stopped) typing. Clients send it at most every
   * `limits.typingThrottleMs` while typing; it expires `limits.typingTtlMs` after the last one.
   * Nothing is stored: the others who see the place get a `typing` signal, now or never.
   */
  'typing.set': defineMethod({
    params: v.pipe(
      v.object({ ...Place, typing: v.boolean() }),
      v.check(exactlyOnePlace, 'give exactly one of conversationId and chatId'),
    ),
    result: v.object({}),
    doc: `Whoever sees the conversation, or a member of the internal chat: the others there get a \`typing\` signal. Clients send it at most every ${limits.typingThrottleMs} ms while typing; it expires ${limits.typingTtlMs} ms after the last one. Nothing is stored; into a blocked customer's conversation nothing is signalled.`,
    errors: { NOT_FOUND: 'the conversation is not visible, or the caller is not a member of the chat' },
  }),
} as const;

/**
 * Signals: ephemeral pushes in `signal` frames, outside the event log (no seq, never replayed on
 * resume): losing one costs nothing, and logging keystrokes would flood the log.
 */
export const signals = {
  typing: v.object({ ...Place, author: Author, typing: v.boolean() }),
} as const;

/** Who receives each signal: the README's table of signals is generated from this and the schemas. */
export const signalNotes: Record<keyof typeof signals, string> = {
  typing: 'The others who see the conversation (staff, and its visitor), or the other members of the internal chat; never the typist\'s own sessions.',
};

export type SignalName = keyof typeof signals;
export type SignalData<S extends SignalName> = v.InferOutput<(typeof signals)[S]>;
