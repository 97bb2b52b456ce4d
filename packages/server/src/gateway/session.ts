import type { Socket } from 'node:net';
import { WebSocket, type RawData } from 'ws';
import { closeCodes, type CloseName, type ErrorBody } from '@chatdesk/protocol';
import type { Actor, LoggedEvent } from '../services/context.js';
import type { TypingThrottle } from '../services/typing.js';
import { TokenBucket } from './rate-limit.js';

/** Counters for tests, /health-like diagnostics and benchmarks. */
export interface GatewayStats {
  /** Group commits run, and the sends they carried (sends / commits = the batching factor). */
  commits: number;
  committedSends: number;
  /** Sessions closed with 4050. */
  slowConsumers: number;
}

/** How long a closing socket may take to flush before it is cut. */
const CLOSE_GRACE_MS = 2_000;

/** Sent as text frames: ws would otherwise send a Buffer as a binary frame. */
const TEXT = { binary: false } as const;

/**
 * Coalesces the writes of one synchronous burst (a group-commit flush: fan-out, then results):
 * while a batch runs, each socket written to is corked once and all are uncorked at its end, so
 * a session's event and its result leave in one writev instead of one syscall each.
 */
export class WriteBatch {
  private readonly corked: Session[] = [];
  private active = false;

  run<T>(fn: () => T): T {
    if (this.active) return fn();
    this.active = true;
    try {
      return fn();
    } finally {
      this.active = false;
      for (const s of this.corked) s.uncork();
      this.corked.length = 0;
    }
  }

  /** Called by a session before it writes. */
  touch(s: Session): void {
    if (this.active && s.cork()) this.corked.push(s);
  }
}

/** One WebSocket connection: before hello it has no actor; the hub only holds welcomed ones. */
let nextSlot = 0;

export class Session {
  actor: Actor | null = null;
  /** Set by a pong, cleared by each heartbeat ping. */
  alive = true;
  invalidFrames = 0;
  /**
   * A resume replays up to 10,000 events in one synchronous burst (it must, to stay exactly
   * once); that bounded backlog is allowed on top of the cap until the buffer drains below it.
   */
  replayAllowance = 0;
  /** The highest seq this session knows it has everything up to: its welcome's, its last event's or head frame's. */
  seenThrough = 0;
  /** An event reached this session since its last turn of the head announcements. */
  heard = false;
  /**
   * The session's place in the round robins of periodic writes (heartbeat pings, head frames):
   * each tick serves the sessions of one slot, so no tick writes to every socket at once.
   */
  readonly slot = nextSlot++;
  replaying = false;
  /**
   * Live events held while the hello reads its start (subscribe first, then read the log): the
   * hub keeps them here instead of sending, and `Hub.release` sends those after the head.
   */
  held: LoggedEvent[] | undefined;
  /** Frames that came while the hello was being answered, handled in order once it is. */
  inbox: { data: RawData; isBinary: boolean }[] | undefined;
  /** Presence was told of this session (so it is told when it goes). */
  present = false;
  helloTimer: NodeJS.Timeout | undefined;
  /** When the hello's token expires (ms since the epoch): the session ends then with 4002. */
  expiresAt = Number.POSITIVE_INFINITY;
  expiryTimer: NodeJS.Timeout | undefined;
  /** The server's typing throttle for this session (services/typing.ts). */
  readonly typing: TypingThrottle = new Map();
  readonly bucket: TokenBucket;
  readonly remote: string;
  private corked = false;

  constructor(
    readonly ws: WebSocket,
    private readonly sendBufferCap: number,
    rate: { perSecond: number; burst: number },
    remote: string,
    private readonly stats: Pick<GatewayStats, 'slowConsumers'>,
    private readonly batch: WriteBatch = new WriteBatch(),
  ) {
    this.bucket = new TokenBucket(rate.perSecond, rate.burst, performance.now());
    this.remote = remote;
  }

  /** The TCP socket under ws (ws keeps it as `_socket`); absent once ws let go of it. */
  private get socket(): Socket | undefined {
    return (this.ws as unknown as { _socket?: Socket })._socket;
  }

  /** Corks the TCP socket; false when it already is (or there is none). */
  cork(): boolean {
    const socket = this.socket;
    if (this.corked || !socket) return false;
    socket.cork();
    this.corked = true;
    return true;
  }

  uncork(): void {
    if (!this.corked) return;
    this.corked = false;
    this.socket?.uncork();
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /**
   * Sends a frame: an object, or one already serialised (a Buffer is encoded once for every
   * recipient, where ws would encode a string per send). A peer that does not read lets the
   * buffer grow: past the cap it is dropped with 4050 and resumes later.
   */
  send(frame: object | string | Buffer): void {
    if (!this.open) return;
    this.batch.touch(this);
    if (Buffer.isBuffer(frame)) this.ws.send(frame, TEXT);
    else this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
    if (this.replaying) return;
    const buffered = this.ws.bufferedAmount;
    if (buffered <= this.sendBufferCap) this.replayAllowance = 0;
    else if (buffered > this.sendBufferCap + this.replayAllowance) {
      this.stats.slowConsumers++;
      this.close('SLOW_CONSUMER');
    }
  }

  sendError(id: string | number | undefined, error: ErrorBody): void {
    this.send(id === undefined ? { type: 'error', error } : { type: 'error', id, error });
  }

  /**
   * Closes with one of the protocol's close codes (and its reason, unless `reason` says more);
   * cuts the socket if the close cannot flush.
   */
  close(name: CloseName, reason?: string): void {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    clearTimeout(this.helloTimer);
    clearTimeout(this.expiryTimer);
    const info = closeCodes[name];
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(info.code, reason ?? info.reason);
    }
    setTimeout(() => {
      if (this.ws.readyState !== WebSocket.CLOSED) this.ws.terminate();
    }, CLOSE_GRACE_MS).unref();
  }
}
