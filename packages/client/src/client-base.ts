import { ChatError, closeInfo, isErrorCode, isKnownEventName, isKnownSignalName } from '@chatdesk/protocol/runtime';
import type {
  CallId,
  ChatEvent,
  Colleague,
  InternalChat,
  Message,
  MessageRevision,
  MethodName,
  ParamsIn,
  Result,
  ServerFrame,
  SignalData,
  WelcomeFrame,
} from '@chatdesk/protocol';
import {
  applyConversation,
  applyConversationPage,
  applyEvent,
  applyMessageUpdate,
  applyThreadPage,
  applyWelcome,
  setThreadLoading,
} from './apply.js';
import { applyInternalList, applyInternalMessage, setInternalUnread, upsertInternalChats } from './apply-internal.js';
import { applyTypingSignal } from './apply-typing.js';
import { reconnectDelay } from './backoff.js';
import type { ThreadKey } from './keys.js';
import { Store } from './store.js';
import { Typing } from './typing.js';
import { DeliveryReports } from './delivery-reports.js';
import { Outbox } from './outbox.js';

export { MAX_SEND_RETRIES } from './outbox.js';
import { unref, type ClientHost, type ClientParts, type DraftsPart } from './host.js';
import type { ChatState } from './state.js';

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
  /**
   * An attempt not welcomed within this long is dropped and tried again (default 5,000 ms): an
   * upgrade a busy or restarting server never answered would otherwise hang until TCP gives up.
   */
  connectTimeoutMs?: number;
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

const OPEN = 1;
/** A page whose origin the server refuses tries again this rarely (the list may get fixed). */
const ORIGIN_RETRY_MS = 60_000;
const quiet = () => undefined;


/**
 * One connection to a Chatdesk server: hello, resume after any drop, typed calls, an outbox whose
 * sends survive reconnects, and a normalized store. Works in browsers and in Node. This is the
 * client without the staff's drafts (a visitor's: the consultant's download stays small);
 * `ChatClient` (client.ts) is the same with them, for CRM pages and integrators.
 */
export class ChatClientBase {
  readonly store = new Store();
  readonly #opts: Required<Pick<ChatClientOptions, 'callTimeoutMs' | 'reconnectBaseMs' | 'reconnectMaxMs' | 'connectTimeoutMs'>> &
    ChatClientOptions;
  readonly #listeners = new Map<keyof ClientEvents, Set<(payload: never) => void>>();
  #ws: WebSocketLike | null = null;
  /** A socket given up after an event came out of order: nothing more of it is applied. */
  #abandoned: WebSocketLike | null = null;
  #welcomed = false;
  #closedByUser = true;
  #attempt = 0;
  #nextCallId = 1;
  #lastSeq: number | undefined;
  #epoch: string | undefined;
  #calls = new Map<number, PendingCall>();
  /** Outbox sends on the wire: call id → the item. */
  /** Sends waiting out a transient refusal: client message id → attempts so far and the timer. */
  /** Set while the server's rate limit holds the whole outbox back (RATE_LIMITED's retryAfterMs). */
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  #heartbeatMs = 25_000;
  #lastReceivedAt = 0;
  #pingSentAt = 0;
  #resyncing = false;
  #removeWindowListeners: (() => void) | undefined;
  /** The list's sort and filter in force. */
  #list: ListParams = {};
  /** S-DLG-8 (drafts.ts) and typing both ways (typing.ts): parts that see this client as their host. */
  /** Staff only (client.ts); a visitor's client has none. */
  readonly #drafts: DraftsPart | undefined;
  readonly #outbox: Outbox;
  readonly #typing: Typing;
  /** The visitor's delivery reports (S-DLG-13, delivery-reports.ts). */
  readonly #deliveryReports: DeliveryReports;

  constructor(options: ChatClientOptions, parts: ClientParts = {}) {
    this.#opts = { callTimeoutMs: 15_000, reconnectBaseMs: 300, reconnectMaxMs: 15_000, connectTimeoutMs: 5_000, ...options };
    const client = this;
    const host: ClientHost = {
      store: this.store,
      call: (method, params) => this.call(method, params),
      get welcomed() {
        return client.#welcomed;
      },
    };
    this.#drafts = parts.drafts?.(host);
    this.#outbox = new Outbox({
      store: this.store,
      get welcomed() {
        return client.#welcomed;
      },
      nextCallId: () => this.#nextCallId++,
      sendFrame: (frame) => this.#sendFrame(frame),
      reconnectBaseMs: this.#opts.reconnectBaseMs,
      reconnectMaxMs: this.#opts.reconnectMaxMs,
    });
    this.#typing = new Typing(host);
    this.#deliveryReports = new DeliveryReports(host);
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
    this.#typing.stop();
    this.#drafts?.pause();
    // Sends waiting out a refusal go with the next connect() (which comes later anyway).
    this.#outbox.stopTimers();
    this.#stopHeartbeat();
    this.#removeWindowListeners?.();
    this.#removeWindowListeners = undefined;
    const ws = this.#ws;
    this.#ws = null;
    this.#welcomed = false;
    if (ws) {
      ws.onclose = ws.onmessage = ws.onopen = null;
      // Closing a socket that is still connecting raises an error event; `ws` (Node) throws it when unheard.
      ws.onerror = quiet;
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

  // ---- outbox (outbox.ts) --------------------------------------------------------------------

  /**
   * Sends a message through the outbox. It shows at once as a queued item, is (re)sent with the
   * same client message id after any reconnect, and resolves with the stored message.
   */
  send(text: string, key?: ThreadKey, opts: { replyToId?: number } = {}): Promise<Message> {
    if (key !== undefined) {
      this.typing(key, false);
      // The reply is what the draft was for: the server drops it with the send (S-DLG-8); an
      // internal chat's draft is kept under the chat's id (thread key -chatId).
      this.#drafts?.sent(Math.abs(key));
    }
    return this.#outbox.send(text, key, opts.replyToId);
  }

  /** Sends a failed outbox item again, same client message id. */
  retry(clientMessageId: string): Promise<Message> {
    return this.#outbox.retry(clientMessageId);
  }

  /** Drops an unsent item from the outbox. */
  discard(clientMessageId: string): void {
    this.#outbox.discard(clientMessageId);
  }

  /** A dropped socket takes its unanswered frames with it: sends go back to the queue, calls fail. */
  #dropInflight(): void {
    this.#outbox.requeueInflight();
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

  /**
   * Loads the newest page of a thread (once), and a conversation itself if unknown. `key` < 0 is
   * an internal chat (S-DLG-14).
   */
  async openThread(key: ThreadKey): Promise<void> {
    const tasks: Promise<void>[] = [];
    if (key > 0 && !this.state.conversations[key]) {
      tasks.push(
        this.call('conversations.get', { conversationId: key }).then(({ conversation, unread }) =>
          this.store.update((s) => applyConversation(s, conversation, unread)),
        ),
      );
    }
    const thread = this.state.threads[key];
    if (!thread || (thread.messages.length === 0 && thread.hasMore && !thread.loading)) tasks.push(this.#loadPage(key, false));
    await Promise.all(tasks);
  }

  async loadOlder(key: ThreadKey): Promise<void> {
    const thread = this.state.threads[key];
    if (!thread || !thread.hasMore || thread.loading) return;
    await this.#loadPage(key, true);
  }

  async #loadPage(key: ThreadKey, older: boolean): Promise<void> {
    const before = older ? this.state.threads[key]?.messages[0]?.id : undefined;
    const at = before === undefined ? {} : { before };
    this.store.update((s) => setThreadLoading(s, key, true));
    try {
      const page = await (key < 0
        ? this.call('internal.messages', { chatId: -key, ...at })
        : this.call('messages.list', { conversationId: key, ...at }));
      this.store.update((s) => applyThreadPage(s, key, page, older));
      if (key > 0) this.#deliveryReports.received(key, page.messages);
    } catch (error) {
      this.store.update((s) => setThreadLoading(s, key, false));
      throw error;
    }
  }

  async markRead(key: ThreadKey): Promise<void> {
    if (key < 0) {
      const { unread } = await this.call('internal.markRead', { chatId: -key });
      this.store.update((s) => setInternalUnread(s, -key, unread));
      return;
    }
    const { unread, unreadTotal } = await this.call('conversations.markRead', { conversationId: key });
    this.store.update((s) =>
      applyEvent(s, { seq: 0, name: 'unread.changed', data: { conversationId: key, unread, unreadTotal } }),
    );
  }

  // ---- message actions (S-DLG-7, S-DLG-13) ------------------------------------------------------

  /** Sends a stored failed message again (same message, new attempt). */
  retryMessage(messageId: number): Promise<Message> {
    return this.#update(this.call('messages.retry', { messageId }));
  }

  editMessage(messageId: number, text: string): Promise<Message> {
    return this.#update(this.call('messages.edit', { messageId, text }));
  }

  deleteMessage(messageId: number): Promise<Message> {
    return this.#update(this.call('messages.delete', { messageId }));
  }

  /** A changed message, in its conversation or (S-DLG-14) its internal chat. */
  async #update(call: Promise<Result<'messages.edit'>>): Promise<Message> {
    const r = await call;
    this.store.update((s) => ('chat' in r ? applyInternalMessage(s, r.chat, r.message) : applyMessageUpdate(s, r.message, r.conversation)));
    return r.message;
  }

  /** The audit trail of a message's edits and deletes, oldest first (admins and chat admins). */
  messageHistory(messageId: number): Promise<{ message: Message; revisions: MessageRevision[] }> {
    return this.call('messages.history', { messageId });
  }

  // ---- drafts (S-DLG-8) and typing: drafts.ts, typing.ts -------------------------------------------

  /** Shows the draft at once and saves it ~800 ms after the last change; '' clears it. */
  setDraft(conversationId: number, text: string): void {
    this.#drafts?.set(conversationId, text);
  }

  /** Saves every changed draft now (the page is going away; a test wants it stored). */
  flushDrafts(): Promise<void> {
    return this.#drafts?.flush() ?? Promise.resolve();
  }

  /**
   * The user types (or stopped) in a thread. `true` goes out at most every `typingThrottleMs`;
   * `false` goes at once, and only if a `true` went out that has not expired yet.
   */
  typing(key: ThreadKey, typing = true): void {
    this.#typing.set(key, typing);
  }

  // ---- internal chats (S-DLG-14) ------------------------------------------------------------------

  async loadInternalChats(): Promise<void> {
    const page = await this.call('internal.list', {});
    this.store.update((s) => applyInternalList(s, page));
  }

  /** One member and no title: the direct chat of the pair (the same one when asked again). */
  async createInternalChat(memberIds: string[], title?: string): Promise<InternalChat> {
    const { chat } = await this.call('internal.create', title === undefined ? { memberIds } : { memberIds, title });
    this.store.update((s) => upsertInternalChats(s, [chat]));
    return chat;
  }

  async colleagues(): Promise<Colleague[]> {
    return (await this.call('internal.colleagues', {})).colleagues;
  }

  // ---- connection ------------------------------------------------------------------------------

  async #open(): Promise<void> {
    let token: string;
    try {
      token = typeof this.#opts.token === 'function' ? await this.#opts.token() : this.#opts.token;
    } catch (error) {
      // A visitor's token comes from the chat server: a refused origin fails right here (CORS).
      this.#scheduleReconnect('TOKEN', `Could not get a token: ${(error as Error).message ?? error}`, true);
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
    let opened = false;
    // Closing it ends in onclose below, which schedules the next attempt.
    const giveUp = setTimeout(() => this.#ws === ws && !this.#welcomed && ws.close(), this.#opts.connectTimeoutMs);
    unref(giveUp);
    ws.onopen = () => {
      opened = true;
      const hello: Record<string, unknown> = { type: 'hello', token };
      if (this.#lastSeq !== undefined && this.#epoch) {
        hello['resumeFrom'] = this.#lastSeq;
        hello['epoch'] = this.#epoch;
      }
      ws.send(JSON.stringify(hello));
    };
    ws.onmessage = (ev) => {
      if (this.#ws !== ws || this.#abandoned === ws) return;
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
      clearTimeout(giveUp);
      if (this.#ws !== ws) return;
      this.#ws = null;
      this.#welcomed = false;
      this.#stopHeartbeat();
      this.#dropInflight();
      const info = closeInfo(ev.code);
      // 4002: the session outlived its token. Nothing is wrong: a fresh token (the provider is
      // called on every connect) and a resume at once, no backoff; the outbox and store stay.
      if (info?.name === 'TOKEN_EXPIRED' && !this.#closedByUser) {
        this.store.update((s) => ({ ...s, connection: 'reconnecting', connectionError: null }));
        clearTimeout(this.#reconnectTimer);
        this.#attempt = 0;
        void this.#open();
        return;
      }
      if (info && !info.reconnect) {
        this.#closedByUser = true;
        this.store.update((s) => ({ ...s, connection: 'closed', connectionError: { code: info.name, message: ev.reason || info.name } }));
        for (const call of [...this.#calls.values()]) this.#failCall(call, new ChatError(info.name === 'FORBIDDEN' ? 'FORBIDDEN' : 'UNAVAILABLE', ev.reason || info.name));
        return;
      }
      // Never opened: the upgrade was refused (or the server is down; the origin check tells which).
      this.#scheduleReconnect(info?.name ?? String(ev.code), ev.reason || 'The connection was lost.', !opened);
    };
  }

  /** `check`: the attempt failed before the socket opened, so the origin may be what is refused. */
  #scheduleReconnect(code: string, message: string, check = false): void {
    if (this.#closedByUser) return;
    clearTimeout(this.#reconnectTimer);
    // A refused origin stays refused (no "Reconnecting…" flicker) and retries rarely.
    const refused = this.state.connection === 'origin_refused';
    if (!refused) this.store.update((s) => ({ ...s, connection: 'reconnecting', connectionError: { code, message } }));
    const delay = refused ? ORIGIN_RETRY_MS : reconnectDelay(this.#attempt++, this.#opts.reconnectBaseMs, this.#opts.reconnectMaxMs);
    this.#reconnectTimer = setTimeout(this.#retry, delay);
    if (check) void this.#checkOrigin();
  }

  /**
   * A browser cannot read the 403 of a refused upgrade: it sees a closed socket, as in an outage.
   * The server's `GET /api/origin-check` (next to `/ws`) says whether this page's origin is in
   * its `ALLOWED_ORIGINS`; when it is not, reconnecting every few seconds would never help.
   */
  async #checkOrigin(): Promise<void> {
    const url = new URL(this.#opts.url.replace(/^ws/, 'http'));
    url.pathname = url.pathname.replace(/ws$/, 'api/origin-check');
    let answer: { origin?: unknown; allowed?: unknown };
    try {
      // Node clients name their origin; browsers send the page's own and ignore this header.
      answer = await (await fetch(url, this.#opts.origin ? { headers: { origin: this.#opts.origin } } : {})).json();
    } catch {
      return; // unreachable: an outage, not a refusal
    }
    if (this.#closedByUser || this.#welcomed) return;
    const wasRefused = this.state.connection === 'origin_refused';
    if (answer.allowed !== false) {
      // The server's list was fixed meanwhile: back to the usual reconnects.
      if (wasRefused) {
        this.#setConnection('reconnecting');
        this.reconnectNow();
      }
      return;
    }
    if (wasRefused) return;
    const message = `${answer.origin} is not in ALLOWED_ORIGINS of the chat server ${url.origin}.`;
    console.error('Chatdesk:', message);
    this.store.update((s) => ({ ...s, connection: 'origin_refused', connectionError: { code: 'ORIGIN_REFUSED', message } }));
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = setTimeout(this.#retry, ORIGIN_RETRY_MS);
  }

  // Not while a socket is open or opening: its own close schedules the next attempt.
  readonly #retry = (): void => {
    if (!this.#closedByUser && !this.#ws) void this.#open();
  };

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
    // Hidden may mean gone (a closed tab, a mobile browser's discard): drafts are saved then.
    const save = () => void this.flushDrafts();
    const wake = () => {
      if (w.document?.visibilityState !== 'hidden') this.reconnectNow();
      else save();
    };
    w.addEventListener('online', wake);
    w.addEventListener('pagehide', save);
    w.document.addEventListener('visibilitychange', wake);
    this.#removeWindowListeners = () => {
      w.removeEventListener?.('online', wake);
      w.removeEventListener?.('pagehide', save);
      w.document?.removeEventListener('visibilitychange', wake);
    };
  }

  #onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome':
        return this.#onWelcome(frame);
      case 'event': {
        if (this.#lastSeq !== undefined && frame.seq <= this.#lastSeq) return this.#startOver(frame.seq, this.#lastSeq);
        this.#lastSeq = frame.seq;
        if (!isKnownEventName(frame.name)) return; // from a newer server: ignore what we do not know
        const event = { seq: frame.seq, name: frame.name, data: frame.data } as ChatEvent;
        // An echo of an older save must not overwrite what the user typed since.
        if (event.name !== 'draft.changed' || !this.#drafts?.pending(event.data.conversationId)) this.store.update((s) => applyEvent(s, event));
        if (event.name === 'message.created' || event.name === 'message.updated') this.#deliveryReports.received(event.data.message.conversationId, [event.data.message]);
        this.#emit('event', event);
        return;
      }
      case 'head':
        // Nothing up to the head concerns us beyond what came: resume from there (it replays less).
        if (this.#lastSeq === undefined || frame.seq > this.#lastSeq) this.#lastSeq = frame.seq;
        return;
      case 'signal':
        if (!isKnownSignalName(frame.name)) return;
        this.store.update((s) => applyTypingSignal(s, frame.data as SignalData<'typing'>, Date.now()));
        this.#typing.schedulePrune();
        return;
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
    if (this.#outbox.answer(id, result, error)) return;
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
    const reloadInternal = !frame.resumed && state.internalLoaded;
    if (this.#epoch !== frame.epoch) this.#deliveryReports.forget();
    const reloadThreads = frame.resumed ? [] : Object.keys(state.threads).map(Number);
    if (!frame.resumed) this.#lastSeq = frame.seq;
    this.#epoch = frame.epoch;
    this.#heartbeatMs = frame.heartbeatMs;
    this.#welcomed = true;
    this.#abandoned = null;
    this.#attempt = 0;
    clearTimeout(this.#reconnectTimer);
    this.#resyncing = false;
    this.store.update((s) => applyWelcome(s, frame));
    this.#startHeartbeat();
    this.#outbox.flush();
    for (const call of this.#calls.values()) if (!call.sent) this.#transmit(call);
    this.#emit('welcome', frame);
    const swallow = () => undefined; // a failed refetch shows as an empty view; the next welcome retries
    if (reloadList) this.loadConversations().catch(swallow);
    if (reloadInternal) this.loadInternalChats().catch(swallow);
    for (const id of reloadThreads) this.openThread(id).catch(swallow);
    if (!frame.resumed && frame.user.kind === 'user') this.#drafts?.load().catch(swallow);
    this.flushDrafts().catch(swallow);
  }

  /**
   * The server sends a session its events in seq order, each once, so an event at or below the
   * last seq seen means the stream cannot be trusted (a relay reordered or repeated it): whether it
   * was applied, or what came between, is unknown. Rather than drop it, start over as after
   * RESYNC_REQUIRED: reconnect without a resume point, so the welcome is fresh and what the UI
   * had open is fetched again.
   */
  #startOver(seq: number, last: number): void {
    this.#lastSeq = undefined;
    this.#resyncing = true;
    this.#abandoned = this.#ws;
    this.#emit('error', new ChatError('RESYNC_REQUIRED', `Event ${seq} arrived after ${last}: the state is fetched afresh.`));
    this.#ws?.close();
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
