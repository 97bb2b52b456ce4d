import * as v from 'valibot';
import { Me } from './entities.js';
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

const Seq = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

// ---- client → server -------------------------------------------------------------------------

export const HelloFrame = v.object({
  type: v.literal('hello'),
  token: v.pipe(v.string(), v.minLength(1), v.maxLength(limits.maxTokenChars)),
  /** The last event seq this client applied; the server replays everything after it. */
  resumeFrom: v.optional(Seq),
  /** The server epoch that `resumeFrom` belongs to (from `welcome`). */
  epoch: v.optional(v.pipe(v.string(), v.maxLength(64))),
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
  /** How many conversations visible to the user have unread messages. */
  total: v.number(),
  /** Per-conversation counts for the most recent unread conversations (at most 1000). */
  conversations: UnreadMap,
});
export type UnreadSnapshot = v.InferOutput<typeof UnreadSnapshot>;

export const WelcomeFrame = v.object({
  type: v.literal('welcome'),
  user: Me,
  /** The newest event seq at the moment of welcome; events after it follow live. */
  seq: Seq,
  /** Changes when the server's database is replaced; a resume across epochs is refused. */
  epoch: v.string(),
  /** True when the missed events were replayed (they follow `welcome`, in order). */
  resumed: v.boolean(),
  heartbeatMs: v.number(),
  /** Present when not resumed: the state of unread counts as of `seq`. */
  unread: v.optional(UnreadSnapshot),
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

export const ServerFrame = v.variant('type', [WelcomeFrame, ResultFrame, ErrorFrame, EventFrame, SignalFrame, PongFrame]);
export type ServerFrame = v.InferOutput<typeof ServerFrame>;
