import type { CustomerReach } from '../services/context.js';

/**
 * S-DLG-13: which web customers have a live widget, in memory. A customer whose last welcomed
 * session closed is `leaving` for the grace (a reload or the shop's next page comes back well
 * within it); when it ends with nobody back, `onGone` fails what did not reach them. After a
 * start nobody is online and everyone is `leaving` for one grace; then `onStartOver` sweeps.
 *
 * The send path reads `reach` from the same state the timers end, not from timestamps: a reply
 * is queued exactly while a timer is pending that will settle it (a clock that disagreed with the
 * timers could queue a reply after its timer fired, and it would wait forever).
 */
export class VisitorPresence {
  private readonly sessions = new Map<number, number>();
  private readonly leaving = new Map<number, NodeJS.Timeout>();
  private starting: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly graceMs: number,
    private readonly onGone: (customerId: number) => void,
    onStartOver: () => void,
  ) {
    this.starting = setTimeout(() => {
      this.starting = undefined;
      if (!this.closed) onStartOver();
    }, graceMs);
    this.starting.unref();
  }

  /** A welcomed session of the customer; true when they had none (they just came online). */
  arrived(customerId: number): boolean {
    const n = this.sessions.get(customerId) ?? 0;
    this.sessions.set(customerId, n + 1);
    const timer = this.leaving.get(customerId);
    if (timer !== undefined) {
      clearTimeout(timer);
      this.leaving.delete(customerId);
    }
    return n === 0;
  }

  /** A welcomed session of the customer closed; the last one starts the grace. */
  left(customerId: number): void {
    const n = (this.sessions.get(customerId) ?? 1) - 1;
    if (n > 0) {
      this.sessions.set(customerId, n);
      return;
    }
    this.sessions.delete(customerId);
    if (this.closed) return;
    clearTimeout(this.leaving.get(customerId));
    const timer = setTimeout(() => {
      this.leaving.delete(customerId);
      if (!this.closed && !this.sessions.has(customerId)) this.onGone(customerId);
    }, this.graceMs);
    timer.unref();
    this.leaving.set(customerId, timer);
  }

  reach(customerId: number): CustomerReach {
    if (this.sessions.has(customerId)) return 'online';
    if (this.leaving.has(customerId) || this.starting !== undefined) return 'leaving';
    return 'gone';
  }

  /** Server shutdown: no timer may touch the database after it closes. */
  close(): void {
    this.closed = true;
    clearTimeout(this.starting);
    for (const timer of this.leaving.values()) clearTimeout(timer);
    this.leaving.clear();
  }
}
