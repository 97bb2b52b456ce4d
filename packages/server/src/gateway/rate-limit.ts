/**
 * A token bucket per session: `burst` frames at once, refilled at `perSecond`. Rejections are
 * counted per one-second window so a sustained flood can be told from a short burst.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private windowStart: number;
  private rejectedInWindow = 0;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
    this.windowStart = now;
  }

  /** Takes one token; false when the bucket is empty. */
  take(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.rejectedInWindow = 0;
    }
    this.rejectedInWindow++;
    return false;
  }

  /** Milliseconds until the next `take` can succeed (0 when one would now). */
  msUntilToken(now: number): number {
    const tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / this.perSecond) * 1000);
  }

  /** Whether the bucket would be full at `now` (idle long enough to forget). */
  full(now: number): boolean {
    return this.tokens + ((now - this.last) / 1000) * this.perSecond >= this.burst;
  }

  /** Frames rejected in the current one-second window. */
  get rejected(): number {
    return this.rejectedInWindow;
  }
}
