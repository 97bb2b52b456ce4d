import { WebSocket } from 'ws';
import { closeCodes, type CloseName, type ErrorBody } from '@chatdesk/protocol';
import type { Actor } from '../services/context.js';
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

/** One WebSocket connection: before hello it has no actor; the hub only holds welcomed ones. */
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
  replaying = false;
  helloTimer: NodeJS.Timeout | undefined;
  readonly bucket: TokenBucket;
  readonly remote: string;

  constructor(
    readonly ws: WebSocket,
    private readonly sendBufferCap: number,
    rate: { perSecond: number; burst: number },
    remote: string,
    private readonly stats: GatewayStats,
  ) {
    this.bucket = new TokenBucket(rate.perSecond, rate.burst, performance.now());
    this.remote = remote;
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /**
   * Sends a frame (an object, or one already serialised for many sessions). A peer that does
   * not read lets the buffer grow: past the cap it is dropped with 4050 and resumes later.
   */
  send(frame: object | string): void {
    if (!this.open) return;
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
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

  /** Closes with one of the protocol's close codes; cuts the socket if the close cannot flush. */
  close(name: CloseName): void {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    clearTimeout(this.helloTimer);
    const info = closeCodes[name];
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(info.code, info.reason);
    }
    setTimeout(() => {
      if (this.ws.readyState !== WebSocket.CLOSED) this.ws.terminate();
    }, CLOSE_GRACE_MS).unref();
  }
}
