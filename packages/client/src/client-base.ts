import { ChatError, isErrorCode, isKnownEventName, isKnownSignalName } from '@chatdesk/protocol/runtime';
import type {
  Attachment,
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
import type { ThreadKey } from './keys.js';
import { Store } from './store.js';
import { Typing } from './typing.js';
import { DeliveryReports } from './delivery-reports.js';
import { Outbox } from './outbox.js';

export { MAX_SEND_RETRIES } from './outbox.js';
import type { ClientHost, ClientParts, DraftsPart } from './host.js';
import type { ChatState } from './state.js';
import { Calls } from './calls.js';
import { Connection, type TokenSource, type WebSocketConstructor } from './connection.js';

export type { TokenSource, WebSocketConstructor, WebSocketLike } from './connection.js';

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
  /** The socket and its life (connection.ts). */
  readonly #connection: Connection;
  /** Typed calls and their answers (calls.ts). */
  readonly #calls: Calls;
  #nextCallId = 1;
  #lastSeq: number | undefined;
  #epoch: string | undefined;
  #resyncing = false;
  /** The list's sort and filter in force. */
  #list: ListParams = {};
  /** S-DLG-8 (drafts.ts): staff only (client.ts); a visitor's client has none. */
  readonly #drafts: DraftsPart | undefined;
  readonly #outbox: Outbox;
  readonly #typing: Typing;
  /** The visitor's delivery reports (S-DLG-13, delivery-reports.ts). */
  readonly #deliveryReports: DeliveryReports;

  constructor(options: ChatClientOptions, parts: ClientParts = {}) {
    this.#opts = { callTimeoutMs: 15_000, reconnectBaseMs: 300, reconnectMaxMs: 15_000, connectTimeoutMs: 5_000, ...options };
    const connection = (this.#connection = new Connection(this.#opts, this.store, {
      hello: (token) => this.#hello(token),
      frame: (frame) => this.#onFrame(frame),
      lost: () => {
        // A dropped socket takes its unanswered frames with it: sends go back to the queue, calls fail.
        this.#outbox.requeueInflight();
        this.#calls.fail(new ChatError('UNAVAILABLE', 'The connection was lost before the answer.'), true);
      },
      refused: (error) => this.#calls.fail(error, false),
      hidden: () => void this.flushDrafts(),
    }));
    const send = (frame: object) => connection.send(frame);
    const nextId = () => this.#nextCallId++;
    this.#calls = new Calls({
      nextId,
      send,
      get welcomed() {
        return connection.welcomed;
      },
      timeoutMs: this.#opts.callTimeoutMs,
    });
    const host: ClientHost = {
      store: this.store,
      call: (method, params) => this.call(method, params),
      get welcomed() {
        return connection.welcomed;
      },
    };
    this.#drafts = parts.drafts?.(host);
    this.#outbox = new Outbox({
      store: this.store,
      get welcomed() {
        return connection.welcomed;
      },
      nextCallId: nextId,
      sendFrame: send,
      reconnectBaseMs: this.#opts.reconnectBaseMs,
      reconnectMaxMs: this.#opts.reconnectMaxMs,
    });
    this.#typing = new Typing(host);
    this.#deliveryReports = new DeliveryReports(host);
  }

  get state(): ChatState {
    return this.store.getState();
  }

  /** The WebSocket URL this client connects to. */
  get url(): string {
    return this.#opts.url;
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
    if (!this.#connection.closed) return;
    this.#setConnection(this.#epoch ? 'reconnecting' : 'connecting');
    this.#connection.open();
  }

  /** Closes for good: pending calls fail, queued sends stay in the outbox (a later connect sends them). */
  close(): void {
    this.#typing.stop();
    this.#drafts?.pause();
    // Sends waiting out a refusal go with the next connect() (which comes later anyway).
    this.#outbox.stopTimers();
    this.#connection.close();
    this.#outbox.requeueInflight();
    this.#calls.fail(new ChatError('UNAVAILABLE', 'The client was closed.'), false);
    this.#setConnection('closed');
  }

  /** Skip the backoff wait (the browser came back online, or the tab became visible). */
  reconnectNow(): void {
    this.#connection.reconnectNow();
  }

  // ---- calls -----------------------------------------------------------------------------------

  /** A typed call; waits for a connection (up to `callTimeoutMs`) if there is none. */
  call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>> {
    return this.#calls.call(method, params);
  }

  // ---- outbox (outbox.ts) --------------------------------------------------------------------

  /**
   * Sends a message through the outbox. It shows at once as a queued item, is (re)sent with the
   * same client message id after any reconnect, and resolves with the stored message.
   */
  send(text: string, key?: ThreadKey, opts: { replyToId?: number; attachments?: readonly Attachment[] } = {}): Promise<Message> {
    if (key !== undefined) {
      this.typing(key, false);
      // The reply is what the draft was for: the server drops it with the send (S-DLG-8); an
      // internal chat's draft is kept under the chat's id (thread key -chatId).
      this.#drafts?.sent(Math.abs(key));
    }
    return this.#outbox.send(text, key, opts.replyToId, opts.attachments);
  }

  /** Sends a failed outbox item again, same client message id. */
  retry(clientMessageId: string): Promise<Message> {
    return this.#outbox.retry(clientMessageId);
  }

  /** Drops an unsent item from the outbox. */
  discard(clientMessageId: string): void {
    this.#outbox.discard(clientMessageId);
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

  /** The list's sort and filter in force (the last `loadConversations`'). */
  get listParams(): ListParams {
    return this.#list;
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
    if (!thread || (thread.messages.length === 0 && thread.hasMore && !thread.loading)) tasks.push(this.loadPage(key, false));
    await Promise.all(tasks);
  }

  /** A page of a thread: its newest, or (`older`) the one before what is loaded. */
  async loadPage(key: ThreadKey, older: boolean): Promise<void> {
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

  /**
   * S-AUTH-3: what plain managers see changed, or S-SET-1: chats switched back on: the list the
   * UI shows is another one now (or was refused), so its first page is fetched again. Staff only;
   * admins and chat admins see every conversation either way.
   */
  #afterSettings(before: ChatState['settings']): void {
    const now = this.state.settings;
    const me = this.state.me;
    if (!before || !now || now === before || !me || me.kind === 'visitor') return;
    // Admins and chat admins see every conversation either way (and may be waiting for the answer of the very save).
    const plainManager = !me.rights.includes('admin') && !me.rights.includes('chat_admin');
    const seesOther = plainManager && before.managersSeeUnassigned !== now.managersSeeUnassigned;
    if (seesOther || (!before.chatsEnabled && now.chatsEnabled)) this.loadConversations().catch(() => undefined);
  }

  // ---- connection ------------------------------------------------------------------------------

  #onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome':
        return this.#onWelcome(frame);
      case 'event': {
        if (this.#lastSeq !== undefined && frame.seq <= this.#lastSeq) return this.#startOver(frame.seq, this.#lastSeq);
        this.#lastSeq = frame.seq;
        if (!isKnownEventName(frame.name)) return; // from a newer server: ignore what we do not know
        const event = { seq: frame.seq, name: frame.name, data: frame.data } as ChatEvent;
        const settingsBefore = this.state.settings;
        // An echo of an older save must not overwrite what the user typed since.
        if (event.name !== 'draft.changed' || !this.#drafts?.pending(event.data.conversationId)) this.store.update((s) => applyEvent(s, event));
        if (event.name === 'settings.changed') this.#afterSettings(settingsBefore);
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
    if (!this.#outbox.answer(id, result, error)) this.#calls.answer(id, result, error);
  }

  /** The hello of a new socket: a resume from the last event or head seen, once there is one. */
  #hello(token: string): object {
    const hello: Record<string, unknown> = { type: 'hello', token };
    if (this.#lastSeq !== undefined && this.#epoch) {
      hello['resumeFrom'] = this.#lastSeq;
      hello['epoch'] = this.#epoch;
    }
    return hello;
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
    this.#connection.welcome(frame.heartbeatMs);
    this.#resyncing = false;
    this.store.update((s) => applyWelcome(s, frame));
    this.#outbox.flush();
    this.#calls.sendWaiting();
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
    this.#emit('error', new ChatError('RESYNC_REQUIRED', `Event ${seq} arrived after ${last}: the state is fetched afresh.`));
    this.#connection.restart();
  }

  /** True between a RESYNC_REQUIRED and the welcome that follows it. */
  get resyncing(): boolean {
    return this.#resyncing;
  }

  #setConnection(connection: ChatState['connection']): void {
    this.store.update((s) => (s.connection === connection ? s : { ...s, connection }));
  }
}
