import { ChatError, closeInfo } from '@chatdesk/protocol/runtime';
import type { ServerFrame } from '@chatdesk/protocol';
import { reconnectDelay } from './backoff.js';
import { unref } from './host.js';
import type { ChatState } from './state.js';
import type { Store } from './store.js';

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

export interface ConnectionOptions {
  url: string;
  token: TokenSource;
  WebSocket?: WebSocketConstructor | undefined;
  origin?: string | undefined;
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  connectTimeoutMs: number;
}

/** What the connection asks of the client it serves. */
export interface ConnectionHooks {
  /** The hello for a new socket (with the resume point, when there is one). */
  hello(token: string): object;
  /** A frame of the current socket. */
  frame(frame: ServerFrame): void;
  /** The socket went: what was on the wire is lost (sends go back to the outbox, calls fail). */
  lost(): void;
  /** The server closed for good (a close code that forbids reconnecting): what waits fails with this. */
  refused(error: ChatError): void;
  /** The page was hidden (maybe gone): unsaved work is saved now. */
  hidden(): void;
}

const OPEN = 1;
/** A page whose origin the server refuses tries again this rarely (the list may get fixed). */
const ORIGIN_RETRY_MS = 60_000;
const quiet = () => undefined;

/**
 * The socket of a ChatClient and its life: token, upgrade, hello, a connect timeout, reconnects
 * with backoff (at once when the browser comes back online or the tab is shown), the origin
 * check that tells a refused page from an outage, and the heartbeat that finds a dead half-open
 * connection. It knows frames only as JSON to send and to hand on; the protocol is the client's.
 */
export class Connection {
  readonly #opts: ConnectionOptions;
  readonly #store: Store;
  readonly #hooks: ConnectionHooks;
  #ws: WebSocketLike | null = null;
  /** A socket given up (`restart`): nothing more of it is handed on. */
  #abandoned: WebSocketLike | null = null;
  #welcomed = false;
  #closedByUser = true;
  #attempt = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  #heartbeatMs = 25_000;
  #lastReceivedAt = 0;
  #pingSentAt = 0;
  #removeWindowListeners: (() => void) | undefined;

  constructor(opts: ConnectionOptions, store: Store, hooks: ConnectionHooks) {
    this.#opts = opts;
    this.#store = store;
    this.#hooks = hooks;
  }

  /** Not opened, or closed by `close` (not merely between reconnects). */
  get closed(): boolean {
    return this.#closedByUser;
  }

  /** The current socket was welcomed (calls may go). */
  get welcomed(): boolean {
    return this.#welcomed;
  }

  /** Starts connecting, and reconnecting after every drop, until `close`. */
  open(): void {
    if (!this.#closedByUser) return;
    this.#closedByUser = false;
    this.#listenToWindow();
    void this.#open();
  }

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
      ws.onclose = ws.onmessage = ws.onopen = null;
      // Closing a socket that is still connecting raises an error event; `ws` (Node) throws it when unheard.
      ws.onerror = quiet;
      try {
        ws.close(1000);
      } catch {
        /* already closing */
      }
    }
  }

  /** Sends a frame on the open socket; false when there is none. */
  send(frame: object): boolean {
    const ws = this.#ws;
    if (!ws || ws.readyState !== OPEN) return false;
    ws.send(JSON.stringify(frame));
    return true;
  }

  /** The server welcomed this socket: calls may go, the backoff starts over, the heartbeat runs. */
  welcome(heartbeatMs: number): void {
    this.#welcomed = true;
    this.#abandoned = null;
    this.#attempt = 0;
    clearTimeout(this.#reconnectTimer);
    this.#startHeartbeat(heartbeatMs);
  }

  /** Gives the current socket up (nothing more of it is handed on) and connects again. */
  restart(): void {
    this.#abandoned = this.#ws;
    this.#ws?.close();
  }

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
      ws.send(JSON.stringify(this.#hooks.hello(token)));
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
      this.#hooks.frame(frame);
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
      this.#hooks.lost();
      const info = closeInfo(ev.code);
      // 4002: the session outlived its token. Nothing is wrong: a fresh token (the provider is
      // called on every connect) and a resume at once, no backoff; the outbox and store stay.
      if (info?.name === 'TOKEN_EXPIRED' && !this.#closedByUser) {
        this.#store.update((s) => ({ ...s, connection: 'reconnecting', connectionError: null }));
        clearTimeout(this.#reconnectTimer);
        this.#attempt = 0;
        void this.#open();
        return;
      }
      if (info && !info.reconnect) {
        this.#closedByUser = true;
        this.#store.update((s) => ({ ...s, connection: 'closed', connectionError: { code: info.name, message: ev.reason || info.name } }));
        this.#hooks.refused(new ChatError(info.name === 'FORBIDDEN' ? 'FORBIDDEN' : 'UNAVAILABLE', ev.reason || info.name));
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
    const refused = this.#store.getState().connection === 'origin_refused';
    if (!refused) this.#store.update((s) => ({ ...s, connection: 'reconnecting', connectionError: { code, message } }));
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
    const wasRefused = this.#store.getState().connection === 'origin_refused';
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
    this.#store.update((s) => ({ ...s, connection: 'origin_refused', connectionError: { code: 'ORIGIN_REFUSED', message } }));
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
    const save = () => this.#hooks.hidden();
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

  #startHeartbeat(heartbeatMs: number): void {
    this.#heartbeatMs = heartbeatMs;
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
        this.send({ type: 'ping' });
      }
    }, interval);
    (this.#heartbeatTimer as { unref?: () => void }).unref?.();
  }

  #stopHeartbeat(): void {
    clearInterval(this.#heartbeatTimer);
    this.#heartbeatTimer = undefined;
  }


  #setConnection(connection: ChatState['connection']): void {
    this.#store.update((s) => (s.connection === connection ? s : { ...s, connection }));
  }
}
