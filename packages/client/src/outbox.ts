import { ChatError } from '@chatdesk/protocol/runtime';
import type { Attachment, ErrorCode, Message, ParamsIn, Result } from '@chatdesk/protocol';
import { addOutbox, applyMessage, removeOutbox, updateOutbox } from './apply.js';
import { applyInternalMessage } from './apply-internal.js';
import { backoffDelay } from './backoff.js';
import { newClientMessageId } from './ids.js';
import type { ThreadKey } from './keys.js';
import type { OutboxItem } from './state.js';
import type { Store } from './store.js';

/**
 * Answers that may succeed if asked again later, same client message id: the server was busy or
 * overloaded (UNAVAILABLE), or this socket sent too fast (RATE_LIMITED, with `retryAfterMs`).
 * Everything else (INTERNAL, INVALID_PARAMS, LIMIT_EXCEEDED, …) would fail the same way again:
 * the send fails at once and waits for the user's Retry or Discard.
 */
export const TRANSIENT: ReadonlySet<ErrorCode> = new Set(['UNAVAILABLE', 'RATE_LIMITED']);
/**
 * UNAVAILABLE answers one send takes before it is shown as failed. Neither a lost connection nor
 * RATE_LIMITED counts: the first is retried on reconnect, the second says when to come back.
 */
export const MAX_SEND_RETRIES = 6;

/** A send as a call frame: `messages.send` into a conversation, `internal.send` into an internal chat. */
type SendFrame =
  | { type: 'call'; id: number; method: 'messages.send'; params: ParamsIn<'messages.send'> }
  | { type: 'call'; id: number; method: 'internal.send'; params: ParamsIn<'internal.send'> };
type SendAnswer = Result<'messages.send'> | Result<'internal.send'>;

/** What the outbox uses of ChatClient: the store, the socket, call ids, the backoff settings. */
export interface OutboxHost {
  readonly store: Store;
  readonly welcomed: boolean;
  nextCallId(): number;
  /** False when there is no open socket (the frame was not sent). */
  sendFrame(frame: SendFrame): boolean;
  readonly reconnectBaseMs: number;
  readonly reconnectMaxMs: number;
}

interface Waiter {
  resolve(message: Message): void;
  reject(error: ChatError): void;
}

/**
 * The outbox: every send shows at once as a queued item in the store, goes out with its client
 * message id whenever the client is welcomed, goes back to the queue when the socket drops (the
 * server's idempotency makes the resend safe), waits out transient refusals, and fails with the
 * server's reason for the user's Retry or Discard otherwise.
 */
export class Outbox {
  readonly #inflight = new Map<number, OutboxItem>();
  readonly #waiters = new Map<string, Waiter>();
  /** Per client message id: UNAVAILABLE answers taken, and the timer of the next try. */
  readonly #retries = new Map<string, { attempts: number; timer: ReturnType<typeof setTimeout> | undefined }>();
  /** A RATE_LIMITED answer holds every send back until then. */
  #pause: ReturnType<typeof setTimeout> | undefined;
  #pauseEnds = 0;

  constructor(private readonly host: OutboxHost) {}

  /** Queues a message; resolves with the stored message. */
  send(text: string, key: ThreadKey | undefined, replyToId: number | undefined, attachments?: readonly Attachment[]): Promise<Message> {
    const item: OutboxItem = { clientMessageId: newClientMessageId(), conversationId: key, text, createdAt: Date.now(), state: 'queued' };
    if (replyToId !== undefined) item.replyToId = replyToId;
    if (attachments !== undefined && attachments.length > 0) item.attachments = attachments;
    this.host.store.update((s) => addOutbox(s, item));
    const done = this.#wait(item.clientMessageId);
    this.flush();
    return done;
  }

  /** Sends a failed item again, same client message id. */
  retry(clientMessageId: string): Promise<Message> {
    this.#forget(clientMessageId);
    this.host.store.update((s) => updateOutbox(s, clientMessageId, { state: 'queued', error: undefined }));
    const done = this.#wait(clientMessageId);
    this.flush();
    return done;
  }

  /** Drops an unsent item. */
  discard(clientMessageId: string): void {
    this.#forget(clientMessageId);
    this.host.store.update((s) => removeOutbox(s, clientMessageId));
    this.#waiters.get(clientMessageId)?.reject(new ChatError('CONFLICT', 'The message was discarded.'));
    this.#waiters.delete(clientMessageId);
  }

  /** Sends what is queued, unless not welcomed or held back. */
  flush(): void {
    const { host } = this;
    if (!host.welcomed || this.#pause !== undefined) return;
    for (const item of host.store.getState().outbox) {
      if (item.state !== 'queued' || this.#retries.get(item.clientMessageId)?.timer !== undefined) continue;
      const id = host.nextCallId();
      if (!host.sendFrame(frameOf(item, id))) return;
      this.#inflight.set(id, item);
      host.store.update((s) => updateOutbox(s, item.clientMessageId, { state: 'sending' }));
    }
  }

  /** The answer to a call frame: true when it answered a send (which the outbox then settles). */
  answer(id: number, result: unknown, error: ChatError | undefined): boolean {
    const item = this.#inflight.get(id);
    if (item === undefined) return false;
    this.#inflight.delete(id);
    this.#settle(item, result as SendAnswer | undefined, error);
    return true;
  }

  /** A dropped socket takes its unanswered sends with it: back to the queue, for the next welcome. */
  requeueInflight(): void {
    for (const { clientMessageId } of this.#inflight.values()) {
      this.host.store.update((s) => updateOutbox(s, clientMessageId, { state: 'queued' }));
    }
    this.#inflight.clear();
  }

  /** The client closes: sends waiting out a refusal go with the next connect. */
  stopTimers(): void {
    for (const entry of this.#retries.values()) entry.timer = void clearTimeout(entry.timer);
    this.#pause = void clearTimeout(this.#pause);
  }

  #wait(clientMessageId: string): Promise<Message> {
    return new Promise<Message>((resolve, reject) => this.#waiters.set(clientMessageId, { resolve, reject }));
  }

  #settle(item: OutboxItem, answer: SendAnswer | undefined, error: ChatError | undefined): void {
    const { clientMessageId } = item;
    const { store } = this.host;
    if (answer) {
      this.#forget(clientMessageId);
      store.update((s) =>
        removeOutbox('chat' in answer ? applyInternalMessage(s, answer.chat, answer.message) : applyMessage(s, answer.message, answer.conversation), clientMessageId),
      );
      this.#waiters.get(clientMessageId)?.resolve(answer.message);
      this.#waiters.delete(clientMessageId);
      return;
    }
    if (error && TRANSIENT.has(error.code) && this.#retryLater(clientMessageId, error)) return;
    this.#forget(clientMessageId);
    const body = error ?? new ChatError('INTERNAL');
    const failure: OutboxItem['error'] = { code: body.code, message: body.message };
    // The server's own reason (e.g. `blocked`) for the UI to translate, rather than its English message.
    const reason = (body.details as { reason?: unknown } | undefined)?.reason;
    if (typeof reason === 'string') failure.detailsReason = reason;
    // S-DLG-13: the conversation is gone from this manager (taken, or never theirs).
    else if (body.code === 'NOT_FOUND' || body.code === 'FORBIDDEN') failure.reason = 'not_your_conversation';
    store.update((s) => updateOutbox(s, clientMessageId, { state: 'failed', error: failure }));
    this.#waiters.get(clientMessageId)?.reject(body);
    this.#waiters.delete(clientMessageId);
  }

  /**
   * Queues a transiently refused send again after an exponential backoff with jitter, or after
   * the server's `retryAfterMs` when that is longer. False once it has had its retries.
   */
  #retryLater(clientMessageId: string, error: ChatError): boolean {
    const { host } = this;
    host.store.update((s) => updateOutbox(s, clientMessageId, { state: 'queued' }));
    if (error.code === 'RATE_LIMITED') {
      // This socket sent too fast: every queued send waits, or each would only be refused too.
      const asked = (error.details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
      const wait = typeof asked === 'number' && Number.isFinite(asked) && asked > 0 ? Math.min(asked, host.reconnectMaxMs * 4) : host.reconnectBaseMs;
      this.#holdBack(wait + Math.random() * Math.min(wait, 50));
      return true;
    }
    const entry = this.#retries.get(clientMessageId) ?? { attempts: 0, timer: undefined };
    if (entry.attempts >= MAX_SEND_RETRIES) return false;
    const delay = backoffDelay(entry.attempts, host.reconnectBaseMs, host.reconnectMaxMs);
    entry.attempts++;
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      this.flush();
    }, delay);
    this.#retries.set(clientMessageId, entry);
    return true;
  }

  /** Holds every send back for `ms` (extending a pause already running), then flushes. */
  #holdBack(ms: number): void {
    const ends = performance.now() + ms;
    if (this.#pause !== undefined && ends <= this.#pauseEnds) return;
    clearTimeout(this.#pause);
    this.#pauseEnds = ends;
    this.#pause = setTimeout(() => {
      this.#pause = undefined;
      this.flush();
    }, ms);
  }

  #forget(clientMessageId: string): void {
    clearTimeout(this.#retries.get(clientMessageId)?.timer);
    this.#retries.delete(clientMessageId);
  }
}

/** The call frame of an outbox item (a negative thread key is an internal chat). */
function frameOf(item: OutboxItem, id: number): SendFrame {
  const key = item.conversationId;
  const params: Record<string, unknown> = { clientMessageId: item.clientMessageId, text: item.text, replyToId: item.replyToId };
  if (item.attachments) params['attachmentIds'] = item.attachments.map((a) => a.id);
  if (key !== undefined) params[key < 0 ? 'chatId' : 'conversationId'] = Math.abs(key);
  // JSON leaves out the undefined `replyToId`; the cast is what the two branches' types describe.
  return { type: 'call', id, method: key !== undefined && key < 0 ? 'internal.send' : 'messages.send', params } as SendFrame;
}
