/**
 * The presence port: who is online, read by assignment (S-SET-4, S-CH-3) and by the delivery of
 * replies to web customers (S-DLG-13). The in-memory adapter (adapters/memory/presence.ts) is
 * what one node knows from its own sockets; a shared adapter (PostgreSQL or Redis with leases)
 * can replace it for several nodes, since services only ask these questions.
 */

/**
 * S-DLG-13: where a web customer stands: `online` (a welcomed widget session: a reply is `sent`),
 * `leaving` (their last session closed less than the grace ago, or the server started less than
 * the grace ago: a reply waits `queued`), `gone` (a reply fails with "visitor left").
 */
export type CustomerReach = 'online' | 'leaving' | 'gone';

export interface Presence {
  /** A user is online while they have a welcomed session. */
  isOnline(userId: string): boolean;
  /** S-DLG-13; absent (nothing watches the customers): replies wait `queued`. */
  customerReach?(customerId: number): CustomerReach;
}

/** What the gateway tells presence about its sessions (the adapter's input side). */
export interface PresenceReports {
  /** A welcomed session of a user; true when they had none (they just came online). */
  userArrived(userId: string): boolean;
  userLeft(userId: string): void;
  /** A welcomed session of a web customer; true when they had none. */
  customerArrived(customerId: number): boolean;
  customerLeft(customerId: number): void;
}

export const nobodyOnline: Presence = { isOnline: () => false };
