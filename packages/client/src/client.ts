import { ChatError, closeInfo, isErrorCode, isKnownEventName } from '@chatdesk/protocol/runtime';
import type {
  CallId,
  ChatEvent,
  ErrorCode,
  Message,
  MethodName,
  ParamsIn,
  Result,
  ServerFrame,
  WelcomeFrame,
} from '@chatdesk/protocol';
import {
  addOutbox,
  applyConversationPage,
  applyEvent,
  applyMessage,
  applyThreadPage,
  applyWelcome,
  removeOutbox,
  setThreadLoading,
  updateOutbox,
} from './apply.js';
import { backoffDelay } from './backoff.js';
import { newClientMessageId } from './ids.js';
import { Store } from './store.js';
import type { ChatState, OutboxItem } from './state.js';

/** The subset of the WebSocket API we use: the browser's and `ws`'s both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type WebSocketConstructor = new (url: string, options?: { origin?: string }) => WebSocketLike;

export type TokenSource = string | (() => string | Promise<string>);

export interface ChatClientOptions {
  /** The server's WebSocket URL, e.g. `wss://chat.example.com/ws`. */
  url: string;
  /** A token, or a function called on every (re)connect: host tokens are short-lived. */
  token: TokenSource;
  /** Node has no global WebSocket on v20: pass `ws`'s class. */
  WebSocket?: WebSocketConstructor;
  /** Node only: the Origin header to send (the server checks it against its allowlist). */
  origin?: string;
  /** How long a call may wait for a connection and its answer. */
  callTimeoutMs?: number;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
}

/** The sort and filter of the conversation list (S-DLG-4). */
export type ListParams = Pick<ParamsIn<'conversations.list'>, 'sort' | 'filter'>;

type ClientEvents = {
  event: ChatEvent;
  welcome: WelcomeFrame;
  /** Errors that answer no call (INVALID_FRAME, RESYNC_REQUIRED). */
  error: ChatError;
};

interface PendingCall {
  frame: { type: 'call'; id: number; method: string; params: unknown };
  resolve(result: unknown): void;
  reject(error: ChatError): void;
  timer: ReturnType<typeof setTimeout>;
  sent: boolean;
}

interface SendWaiter {
  resolve(message: Message): void;
  reject(error: ChatError): void;
}

const OPEN = 1;
// Codes a send may meet without it being the message's fault: try again, same client message id.
const RETRYABLE: ReadonlySet<ErrorCode> = new Set(['UNAVAILABLE', 'RATE_LIMITED', 'INTERNAL']);

/**
 * One connection to a Chatdesk server: hello, resume after any drop, typed calls, an outbox whose
 * sends survive reconnects, and a normalized store. Works in browsers and in Node.
 */
export class ChatClient {
  readonly store = new Store();
  readonly #opts: Required<Pick<ChatClientOptions, 'callTimeoutMs' | 'reconnectBaseMs' | 'reconnectMaxMs'>> &
    ChatClientOptions;
  readonly #listeners = new Map<keyof ClientEvents, Set<(payload: never) => void>>();
  #ws: WebSocketLike | null = null;
  #welcomed = false;
  #closedByUser = true;
  #attempt = 0;
  #nextCallId = 1;
  #lastSeq: number | undefined;
  #epoch: string | undefined;
  #calls = new Map<number, PendingCall>();
  /** Outbox sends on the wire: call id → client message id. */
  #inflightSends = new Map<number, string>();
  #sendWaiters = new Map<string, SendWaiter>();
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  #heartbeatMs = 25_000;
  #lastReceivedAt = 0;
  #pingSentAt = 0;
  #resyncing = false;
  #removeWindowListeners: (() => void) | undefined;
  /** The list's sort and filter in force. */
  #list: ListParams = {};

  constructor(options: ChatClientOptions) {
    this.#opts = { callTimeoutMs: 15_000, reconnectBaseMs: 300, reconnectMaxMs: 15_000, ...options };
  }

  get state(): ChatState {
    return this.store.getState();
  }

  /** The seq of the last event applied (what a resume starts from). */
  get lastSeq(): number | undefined {
    return this.#lastSeq;
  }

  on<K extends keyof ClientEvents>(name: K, listener: (payload: ClientEvents[K]) => void): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  #emit<K extends keyof ClientEvents>(name: K, payload: ClientEvents[K]): void {
    for (const listener of [...(this.#listeners.get(name) ?? [])]) (listener as (p: ClientEvents[K]) => void)(payload);
  }

  connect(): void {
    if (!this.#closedByUser) return;
    this.#closedByUser = false;
    this.#setConnection(this.#epoch ? 'reconnecting' : 'connecting');
    this.#listenToWindow();
    void this.#open();
  }

  /** Closes for good: pending calls fail, queued sends stay in the outbox (a later connect sends them). */
  close(): void {
    this.#closedByUser = true;
    clearTimeout(this.#reconnectTimer);
    this.#stopHeartbeat();
    this.#removeWindowListeners?.();
    this.#removeWindowListeners = undefined;
    const ws = this.#ws;
    this.#ws = null;
    this.#welcomed = false;
    if (ws) {
      ws.onclose = ws.onmessage = ws.onerror = ws.onopen = null;
      try {
        ws.close(1000);
      } catch {
        /* already closing */
      }
    }
    this.#dropInflight();
    for (const call of this.#calls.values()) this.#failCall(call, new ChatError('UNAVAILABLE', 'The client was closed.'));
    this.#setConnection('closed');
  }

  // ---- calls -----------------------------------------------------------------------------------

  /** A typed call; waits for a connection (up to `callTimeoutMs`) if there is none. */
  call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>> {
    return new Promise<Result<M>>((resolve, reject) => {
      const id = this.#nextCallId++;
      const call: PendingCall = {
        frame: { type: 'call', id, method, params },
        resolve: resolve as (r: unknown) => void,
        reject,
        sent: false,
        timer: setTimeout(() => this.#failCall(call, new ChatError('UNAVAILABLE', `${method} timed out.`)), this.#opts.callTimeoutMs),
      };
      this.#calls.set(id, call);
      if (this.#welcomed) this.#transmit(call);
    });
  }

  #transmit(call: PendingCall): void {
    call.sent = true;
    this.#sendFrame(call.frame);
  }

  #failCall(call: PendingCall, error: ChatError): void {
    if (!this.#calls.delete(call.frame.id)) return;
    clearTimeout(call.timer);
    call.reject(error);
  }

  #sendFrame(frame: object): boolean {
    const ws = this.#ws;
    if (!ws || ws.readyState !== OPEN) return false;
    ws.send(JSON.stringify(frame));
    return true;
  }

  // ---- outbox ----------------------------------------------------------------------------------

  /**
   * Sends a message through the outbox. It shows at once as a queued item, is (re)sent with the
   * same client message id after any reconnect, and resolves with the stored message.
   */
  send(text: string, conversationId?: number): Promise<Message> {
    const item: OutboxItem = {
      clientMessageId: newClientMessageId(),
      conversationId,
      text,
      createdAt: Date.now(),
      state: 'queued',
    };
    this.store.update((s) => addOutbox(s, item));
    const done = this.#waitForSend(item.clientMessageId);
    this.#flushOutbox();
    return done;
  }

  /** Sends a failed outbox item again, same client message id. */
  retry(clientMessageId: string): Promise<Message> {
    this.store.update((s) => updateOutbox(s, clientMessageId, { state: 'queued', error: undefined }));
    const done = this.#waitForSend(clientMessageId);
    this.#flushOutbox();
    return done;
  }

  /** Drops an unsent item from the outbox. */
  discard(clientMessageId: string): void {
    this.store.update((s) => removeOutbox(s, clientMessageId));
    this.#sendWaiters.get(clientMessageId)?.reject(new ChatError('CONFLICT', 'The message was discarded.'));
    this.#sendWaiters.delete(clientMessageId);
  }

  #waitForSend(clientMessageId: string): Promise<Message> {
    return new Promise<Message>((resolve, reject) => this.#sendWaiters.set(clientMessageId, { resolve, reject }));
  }

  #flushOutbox(): void {
    if (!this.#welcomed) return;
    for (const item of this.state.outbox) {
      if (item.state !== 'queued') continue;
      const id = this.#nextCallId++;
      const params: Record<string, unknown> = { clientMessageId: item.clientMessageId, text: item.text };
      if (item.conversationId !== undefined) params['conversationId'] = item.conversationId;
      if (!this.#sendFrame({ type: 'call', id, method: 'messages.send', params })) return;
      this.#inflightSends.set(id, item.clientMessageId);
      this.store.update((s) => updateOutbox(s, item.clientMessageId, { state: 'sending' }));
    }
  }

  #onSendAnswer(clientMessageId: string, result: Result<'messages.send'> | undefined, error: ChatError | undefined): void {
    if (result) {
      this.store.update((s) => removeOutbox(applyMessage(s, result.message, result.conversation), clientMessageId));
      this.#sendWaiters.get(clientMessageId)?.resolve(result.message);
      this.#sendWaiters.delete(clientMessageId);
      return;
    }
    if (error && RETRYABLE.has(error.code)) {
      this.store.update((s) => updateOutbox(s, clientMessageId, { state: 'queued' }));
      setTimeout(() => this.#flushOutbox(), backoffDelay(1, this.#opts.reconnectBaseMs));
      return;
    }
    const body = error ?? new ChatError('INTERNAL');
    this.store.update((s) => updateOutbox(s, clientMessageId, { state: 'failed', error: { code: body.code, message: body.message } }));
    this.#sendWaiters.get(clientMessageId)?.reject(body);
    this.#sendWaiters.delete(clientMessageId);
  }

  /** A dropped socket takes its unanswered frames with it: sends go back to the queue, calls fail. */
  #dropInflight(): void {
    for (const clientMessageId of this.#inflightSends.values()) {
      this.store.update((s) => updateOutbox(s, clientMessageId, { state: 'queued' }));
    }
    this.#inflightSends.clear();
    for (const call of [...this.#calls.values()]) {
      if (call.sent) this.#failCall(call, new ChatError('UNAVAILABLE', 'The connection was lost before the answer.'));
    }
  }

  // ---- high-level reads ------------------------------------------------------------------------

  /**
   * Loads the first list page, sorted and filtered as given (S-DLG-4); the params are kept for
   * the next pages and for the refetch after a resync. Without params: the ones last used. The
   * answer to params since replaced is dropped (it would mix two lists).
   */
  async loadConversations(params: ListParams = this.#list): Promise<void> {
    this.#list = params;
    const page = await this.call('conversations.list', params);
    if (this.#list === params) this.store.update((s) => applyConversationPage(s, page, true));
  }

  async loadMoreConversations(): Promise<void> {
    const params = this.#list;
    const cursor = this.state.listCursor;
    if (!cursor) return;
    const page = await this.call('conversations.list', { ...params, cursor });
    if (this.#list === params) this.store.update((s) => applyConversationPage(s, page, false));
  }

  /** Loads the newest page of a conversation (once) and the conversation itself if unknown. */
  async openThread(conversationId: number): Promise<void> {
    const tasks: Promise<void>[] = [];
    if (!this.state.conversations[conversationId]) {
      tasks.push(
        this.call('conversations.get', { conversationId }).then(({ conversation }) =>
          this.store.update((s) => applyConversationPage(s, { conversations: [conversation], unread: {}, nextCursor: s.listCursor }, false)),
        ),
      );
    }
    const thread = this.state.threads[conversationId];
    if (!thread || (thread.messages.length === 0 && thread.hasMore && !thread.loading)) {
      this.store.update((s) => setThreadLoading(s, conversationId, true));
      tasks.push(
        this.call('messages.list', { conversationId })
          .then((page) => this.store.update((s) => applyThreadPage(s, conversationId, page, false)))
          .catch((error: unknown) => {
            this.store.update((s) => setThreadLoading(s, conversationId, false));
            throw error;
          }),
      );
    }
    await Promise.all(tasks);
  }

  async loadOlder(conversationId: number): Promise<void> {
    const thread = this.state.threads[conversationId];
    if (!thread || !thread.hasMore || thread.loading) return;
    const before = thread.messages[0]?.id;
    this.store.update((s) => setThreadLoading(s, conversationId, true));
    try {
      const page = await this.call('messages.list', before === undefined ? { conversationId } : { conversationId, before });
      this.store.update((s) => applyThreadPage(s, conversationId, page, true));
    } catch (error) {
      this.store.update((s) => setThreadLoading(s, conversationId, false));
      throw error;
    }
  }

  async markRead(conversationId: number): Promise<void> {
    const { unread, unreadTotal } = await this.call('conversations.markRead', { conversationId });
    this.store.update((s) =>
      applyEvent(s, { seq: 0, name: 'unread.changed', data: { conversationId, unread, unreadTotal } }),
    );
  }

  // ---- connection ------------------------------------------------------------------------------

  async #open(): Promise<void> {
    let token: string;
    try {
      token = typeof this.#opts.token === 'function' ? await this.#opts.token() : this.#opts.token;
    } catch (error) {
      this.#scheduleReconnect('TOKEN', `Could not get a token: ${(error as Error).message ?? error}`);
      return;
    }
    if (this.#closedByUser) return;
    const Ctor = this.#opts.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Ctor) throw new Error('No WebSocket implementation: pass the `ws` class as options.WebSocket.');
    let ws: WebSocketLike;
    try {
      ws = this.#opts.origin ? new Ctor(this.#opts.url, { origin: this.#opts.origin }) : new Ctor(this.#opts.url);
    } catch (error) {
      this.#scheduleReconnect('CONNECT', (error as Error).message);
      return;
    }
    this.#ws = ws;
    ws.onopen = () => {
      const hello: Record<string, unknown> = { type: 'hello', token };
      if (this.#lastSeq !== undefined && this.#epoch) {
        hello['resumeFrom'] = this.#lastSeq;
        hello['epoch'] = this.#epoch;
      }
      ws.send(JSON.stringify(hello));
    };
    ws.onmessage = (ev) => {
      if (this.#ws !== ws) return;
      this.#lastReceivedAt = Date.now();
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(ev.data)) as ServerFrame;
      } catch {
        return;
      }
      this.#onFrame(frame);
    };
    ws.onerror = () => {
      /* onclose follows with the code */
    };
    ws.onclose = (ev) => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      this.#welcomed = false;
      this.#stopHeartbeat();
      this.#dropInflight();
      const info = closeInfo(ev.code);
      if (info && !info.reconnect) {
        this.#closedByUser = true;
        this.store.update((s) => ({ ...s, connection: 'closed', connectionError: { code: info.name, message: ev.reason || info.name } }));
        for (const call of [...this.#calls.values()]) this.#failCall(call, new ChatError(info.name === 'FORBIDDEN' ? 'FORBIDDEN' : 'UNAVAILABLE', ev.reason || info.name));
        return;
      }
      this.#scheduleReconnect(info?.name ?? String(ev.code), ev.reason || 'The connection was lost.');
    };
  }

  #scheduleReconnect(code: string, message: string): void {
    if (this.#closedByUser) return;
    this.store.update((s) => ({ ...s, connection: 'reconnecting', connectionError: { code, message } }));
    clearTimeout(this.#reconnectTimer);
    const delay = backoffDelay(this.#attempt++, this.#opts.reconnectBaseMs, this.#opts.reconnectMaxMs);
    this.#reconnectTimer = setTimeout(() => void this.#open(), delay);
  }

  /** Skip the backoff wait (the browser came back online, or the tab became visible). */
  reconnectNow(): void {
    if (this.#closedByUser || this.#ws) return;
    clearTimeout(this.#reconnectTimer);
    this.#attempt = 0;
    void this.#open();
  }

  #listenToWindow(): void {
    const w = globalThis as { addEventListener?: typeof addEventListener; removeEventListener?: typeof removeEventListener; document?: Document };
    if (!w.addEventListener || !w.document || this.#removeWindowListeners) return;
    const wake = () => {
      if (w.document?.visibilityState !== 'hidden') this.reconnectNow();
    };
    w.addEventListener('online', wake);
    w.document.addEventListener('visibilitychange', wake);
    this.#removeWindowListeners = () => {
      w.removeEventListener?.('online', wake);
      w.document?.removeEventListener('visibilitychange', wake);
    };
  }

  #onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome':
        return this.#onWelcome(frame);
      case 'event': {
        if (this.#lastSeq !== undefined && frame.seq <= this.#lastSeq) return; // already applied
        this.#lastSeq = frame.seq;
        if (!isKnownEventName(frame.name)) return; // from a newer server: ignore what we do not know
        const event = { seq: frame.seq, name: frame.name, data: frame.data } as ChatEvent;
        this.store.update((s) => applyEvent(s, event));
        this.#emit('event', event);
        return;
      }
      case 'result':
      case 'error': {
        const error =
          frame.type === 'error'
            ? new ChatError(isErrorCode(frame.error.code) ? frame.error.code : 'INTERNAL', frame.error.message, frame.error.details)
            : undefined;
        if (frame.id === undefined) {
          if (error?.code === 'RESYNC_REQUIRED') this.#resyncing = true;
          if (error) this.#emit('error', error);
          return;
        }
        this.#onAnswer(frame.id, frame.type === 'result' ? frame.result : undefined, error);
        return;
      }
      case 'pong':
        return;
    }
  }

  #onAnswer(id: CallId, result: unknown, error: ChatError | undefined): void {
    if (typeof id !== 'number') return;
    const clientMessageId = this.#inflightSends.get(id);
    if (clientMessageId !== undefined) {
      this.#inflightSends.delete(id);
      this.#onSendAnswer(clientMessageId, result as Result<'messages.send'> | undefined, error);
      return;
    }
    const call = this.#calls.get(id);
    if (!call) return;
    this.#calls.delete(id);
    clearTimeout(call.timer);
    if (error) call.reject(error);
    else call.resolve(result);
  }

  #onWelcome(frame: WelcomeFrame): void {
    const state = this.state;
    // What the UI had open before a resync: it is fetched again once the state is dropped.
    const reloadList = !frame.resumed && state.listLoaded;
    const reloadThreads = frame.resumed ? [] : Object.keys(state.threads).map(Number);
    if (!frame.resumed) this.#lastSeq = frame.seq;
    this.#epoch = frame.epoch;
    this.#heartbeatMs = frame.heartbeatMs;
    this.#welcomed = true;
    this.#attempt = 0;
    this.#resyncing = false;
    this.store.update((s) => applyWelcome(s, frame));
    this.#startHeartbeat();
    this.#flushOutbox();
    for (const call of this.#calls.values()) if (!call.sent) this.#transmit(call);
    this.#emit('welcome', frame);
    const swallow = () => undefined; // a failed refetch shows as an empty view; the next welcome retries
    if (reloadList) this.loadConversations().catch(swallow);
    for (const id of reloadThreads) this.openThread(id).catch(swallow);
  }

  /** True between a RESYNC_REQUIRED and the welcome that follows it. */
  get resyncing(): boolean {
    return this.#resyncing;
  }

  #startHeartbeat(): void {
    this.#stopHeartbeat();
    this.#lastReceivedAt = Date.now();
    this.#pingSentAt = 0;
    const interval = Math.max(250, Math.floor(this.#heartbeatMs / 2));
    this.#heartbeatTimer = setInterval(() => {
      const idle = Date.now() - this.#lastReceivedAt;
      // A half-open TCP connection never closes by itself: silence past two beats means it is dead.
      if (idle > this.#heartbeatMs * 2) {
        const ws = this.#ws;
        if (ws) {
          ws.onclose?.({ code: 4000 + 999, reason: 'No answer from the server.' });
          try {
            ws.close();
          } catch {
            /* ignore */
          }
        }
        return;
      }
      if (idle > this.#heartbeatMs && Date.now() - this.#pingSentAt > this.#heartbeatMs) {
        this.#pingSentAt = Date.now();
        this.#sendFrame({ type: 'ping' });
      }
    }, interval);
    (this.#heartbeatTimer as { unref?: () => void }).unref?.();
  }

  #stopHeartbeat(): void {
    clearInterval(this.#heartbeatTimer);
    this.#heartbeatTimer = undefined;
  }

  #setConnection(connection: ChatState['connection']): void {
    this.store.update((s) => (s.connection === connection ? s : { ...s, connection }));
  }
}
