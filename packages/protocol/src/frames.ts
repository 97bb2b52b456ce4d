import * as v from 'valibot';
import { Me } from './entities.js';
import { limits } from './limits.js';
import { errorCodeList } from './errors.js';
import { UnreadMap } from './conversations.js';

/** A call id chosen by the client; echoed in its result or error. */
export const CallId = v.union([
  v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
]);
export type CallId = v.InferOutput<typeof CallId>;

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

/** `id` is absent when the error does not answer a call (unparseable frame, RESYNC_REQUIRED). */
export const ErrorFrame = v.object({
  type: v.literal('error'),
  id: v.optional(CallId),
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
