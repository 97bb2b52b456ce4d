import * as v from 'valibot';
import { PublicSettings } from './settings.js';
import { PrivacyNotice } from './privacy.js';
import { doc } from './doc.js';
import { ChannelCapabilities, Me } from './entities.js';
import { limits } from './limits.js';
import { errorCodeList } from './errors.js';
import { UnreadMap } from './conversations.js';

/**
 * A call id chosen by the client, echoed in its result or error: any JSON number, or a string of
 * 1 to `limits.maxCallIdChars` UTF-16 code units. A number comes back as the server read it (an
 * IEEE-754 double): integers up to 2^53 − 1 match exactly.
 */
export const CallId = v.union([
  v.pipe(v.number(), v.finite()),
  v.pipe(v.string(), v.minLength(1), v.maxLength(limits.maxCallIdChars)),
]);
export type CallId = v.InferOutput<typeof CallId>;

/**
 * What an error echoes as `id` for a frame whose `id` the server refused: a number as read, a
 * string cut to `limits.maxCallIdChars` code units (never splitting a surrogate pair). Anything
 * else (absent, null, a boolean, an object, a number too large for a double) is not echoed.
 */
export function echoCallId(id: unknown): CallId | undefined {
  if (typeof id === 'number') return Number.isFinite(id) ? id : undefined;
  if (typeof id !== 'string') return undefined;
  if (id.length <= limits.maxCallIdChars) return id;
  const cut = id.slice(0, limits.maxCallIdChars);
  // A high surrogate whose low half was cut off would make the echo ill-formed.
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** The `id` an error frame carries: a valid call id, or the echo of a refused one (possibly ""). */
export const EchoedCallId = v.union([
  v.pipe(v.number(), v.finite()),
  v.pipe(v.string(), v.maxLength(limits.maxCallIdChars)),
]);

/** An event's position in the log: strictly increasing within one server epoch. */
export const Seq = v.pipe(v.number(), v.safeInteger(), v.minValue(0), v.description('An event\'s position in the server\'s log: strictly increasing within one epoch.'));

// ---- client → server -------------------------------------------------------------------------

export const HelloFrame = v.object({
  type: v.literal('hello'),
  token: v.pipe(v.string(), v.minLength(1), v.maxLength(limits.maxTokenChars)),
  resumeFrom: v.optional(doc(Seq, 'The last event seq this client applied; the server replays everything after it.')),
  epoch: v.optional(doc(v.pipe(v.string(), v.maxLength(64)), 'The server epoch that `resumeFrom` belongs to (from `welcome`).')),
});
export type HelloFrame = v.InferOutput<typeof HelloFrame>;

/** `params` is validated against the method's own schema after dispatch. */
export const CallFrame = v.object({
  type: v.literal('call'),
  id: CallId,
  method: v.pipe(v.string(), v.maxLength(64)),
  params: v.optional(v.unknown()),
});
export type CallFrame = v.InferOutput<typeof CallFrame>;

export const PingFrame = v.object({ type: v.literal('ping') });

export const ClientFrame = v.variant('type', [HelloFrame, CallFrame, PingFrame]);
export type ClientFrame = v.InferOutput<typeof ClientFrame>;

// ---- server → client -------------------------------------------------------------------------

export const UnreadSnapshot = v.object({
  total: doc(v.number(), 'How many conversations visible to the user have unread messages.'),
  conversations: doc(UnreadMap, 'Per-conversation counts for the most recent unread conversations (at most 1000).'),
});
export type UnreadSnapshot = v.InferOutput<typeof UnreadSnapshot>;

export const WelcomeFrame = v.object({
  type: v.literal('welcome'),
  user: Me,
  seq: doc(Seq, 'The newest event seq at the moment of welcome; events after it follow live.'),
  epoch: doc(v.string(), 'Changes when the server\'s database is replaced; a resume across epochs is refused.'),
  resumed: doc(v.boolean(), 'True when the missed events were replayed (they follow `welcome`, in order).'),
  heartbeatMs: v.number(),
  unread: v.optional(doc(UnreadSnapshot, 'Present when not resumed: the state of unread counts as of `seq`.')),
  channels: doc(
    v.record(v.string(), ChannelCapabilities),
    'What each channel can carry, by channel id (a decimal string): staff get every channel, a visitor their own. A conversation whose `channel.id` is not here is not connected (history only); `channel.updated` tells changes live.',
  ),
  privacy: v.optional(doc(PrivacyNotice, 'A visitor whose channel asks for agreement to the privacy policy (S-SET-5): the notice and whether they agreed.')),
  settings: v.optional(doc(PublicSettings, 'The chat settings every user follows (S-SET-1, S-SET-2, S-AUTH-3); `settings.changed` tells changes live. With `chatsEnabled` false every call but `settings.get` and `settings.update` answers `CHATS_DISABLED`.')),
});
export type WelcomeFrame = v.InferOutput<typeof WelcomeFrame>;

export const ErrorBodySchema = v.object({
  code: v.picklist(errorCodeList),
  message: v.string(),
  details: v.optional(v.unknown()),
});

export const ResultFrame = v.object({ type: v.literal('result'), id: CallId, result: v.unknown() });
export type ResultFrame = v.InferOutput<typeof ResultFrame>;

/** `id` is absent when the error answers no frame with a readable id (unparseable JSON, RESYNC_REQUIRED). */
export const ErrorFrame = v.object({
  type: v.literal('error'),
  id: v.optional(EchoedCallId),
  error: ErrorBodySchema,
});
export type ErrorFrame = v.InferOutput<typeof ErrorFrame>;

export const EventFrame = v.object({
  type: v.literal('event'),
  seq: Seq,
  name: v.string(),
  data: v.unknown(),
});
export type EventFrame = v.InferOutput<typeof EventFrame>;

/** An ephemeral push (typing): no seq, not logged, never replayed. */
export const SignalFrame = v.object({
  type: v.literal('signal'),
  name: v.string(),
  data: v.unknown(),
});
export type SignalFrame = v.InferOutput<typeof SignalFrame>;

export const PongFrame = v.object({ type: v.literal('pong') });

/**
 * The log's head, for a session that heard nothing lately: every event up to `seq` that the user
 * may see has reached them, so `seq` is as good a resume point as their last event's, and
 * better: a resume from it replays only what came after.
 */
export const HeadFrame = v.object({ type: v.literal('head'), seq: Seq });
export type HeadFrame = v.InferOutput<typeof HeadFrame>;

/** What each frame is for: the README's table of frames is generated from the schemas and this. */
export const frameNotes: Record<ClientFrame['type'] | 'welcome' | 'result' | 'error' | 'event' | 'signal' | 'pong' | 'head', string> = {
  hello: 'The first frame: authenticates; with `resumeFrom` and `epoch`, asks for every event after that seq.',
  call: 'Calls a method; `params` is validated against the method\'s schema (absent means `{}`).',
  ping: 'Liveness from the client (ChatClient sends it to notice half-open connections).',
  welcome: 'Authenticated. `seq` is the head of the log; without a resume, `unread` is the snapshot of unread counts.',
  result: 'A call succeeded; `id` is the call\'s.',
  error: 'A call (or a frame) failed; `id` as in [Call ids](#call-ids), absent when the error answers no frame with a readable id.',
  event: 'A logged change the user may see, pushed in `seq` order; resumable.',
  signal: 'An ephemeral push (typing): no seq, not logged, never replayed.',
  pong: 'The answer to `ping`.',
  head: 'The log\'s head, about once a second to a session that heard no event in the last second and whose last event is behind it: every event up to `seq` the user may see has been sent, so a resume may start from `seq` (ChatClient does), and replays less.',
};

export const ServerFrame = v.variant('type', [WelcomeFrame, ResultFrame, ErrorFrame, EventFrame, SignalFrame, PongFrame, HeadFrame]);
export type ServerFrame = v.InferOutput<typeof ServerFrame>;
