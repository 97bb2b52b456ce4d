import type { CustomerReach, Presence, PresenceReports } from '../../ports/presence.js';

/**
 * Presence as one node knows it, in memory: users and web customers with a welcomed session on
 * this node's sockets.
 *
 * S-DLG-13: a customer whose last session closed is `leaving` for the grace (a reload or the
 * shop's next page comes back well within it); when it ends with nobody back, `onGone` fails
 * what did not reach them. After a start nobody is online and everyone is `leaving` for one
 * grace; then `onStartOver` sweeps.
 *
 * The send path reads `customerReach` from the same state the timers end, not from timestamps: a
 * reply is queued exactly while a timer is pending that will settle it (a clock that disagreed
 * with the timers could queue a reply after its timer fired, and it would wait forever).
 */
export class MemoryPresence implements Presence, PresenceReports {
  private readonly users = new Map<string, number>();
  private readonly customers = new Map<number, number>();
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

  isOnline(userId: string): boolean {
    return this.users.has(userId);
  }

  customerReach(customerId: number): CustomerReach {
    if (this.customers.has(customerId)) return 'online';
    if (this.leaving.has(customerId) || this.starting !== undefined) return 'leaving';
    return 'gone';
  }

  userArrived(userId: string): boolean {
    const n = this.users.get(userId) ?? 0;
    this.users.set(userId, n + 1);
    return n === 0;
  }

  userLeft(userId: string): void {
    const n = (this.users.get(userId) ?? 1) - 1;
    if (n > 0) this.users.set(userId, n);
    else this.users.delete(userId);
  }

  customerArrived(customerId: number): boolean {
    const n = this.customers.get(customerId) ?? 0;
    this.customers.set(customerId, n + 1);
    const timer = this.leaving.get(customerId);
    if (timer !== undefined) {
      clearTimeout(timer);
      this.leaving.delete(customerId);
    }
    return n === 0;
  }

  /** The last session of a customer starts the grace. */
  customerLeft(customerId: number): void {
    const n = (this.customers.get(customerId) ?? 1) - 1;
    if (n > 0) {
      this.customers.set(customerId, n);
      return;
    }
    this.customers.delete(customerId);
    if (this.closed) return;
    clearTimeout(this.leaving.get(customerId));
    const timer = setTimeout(() => {
      this.leaving.delete(customerId);
      if (!this.closed && !this.customers.has(customerId)) this.onGone(customerId);
    }, this.graceMs);
    timer.unref();
    this.leaving.set(customerId, timer);
  }

  /** Who is here: users and customers online, customers within their grace (shared presence rewrites it after a lost connection). */
  snapshot(): Array<[subject: string, state: 'online' | 'leaving']> {
    return [
      ...[...this.users.keys()].map((id): [string, 'online'] => [`u:${id}`, 'online']),
      ...[...this.customers.keys()].map((id): [string, 'online'] => [`c:${id}`, 'online']),
      ...[...this.leaving.keys()].map((id): [string, 'leaving'] => [`c:${id}`, 'leaving']),
    ];
  }

  /** Server shutdown: no timer may touch the database after it closes. */
  close(): void {
    this.closed = true;
    clearTimeout(this.starting);
    for (const timer of this.leaving.values()) clearTimeout(timer);
    this.leaving.clear();
  }
}
