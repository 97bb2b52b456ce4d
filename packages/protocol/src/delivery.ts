import type { DeliveryStatus } from './entities.js';

// S-DLG-13's delivery state machine, one table for the server's guarded updates and the client's
// store alike (a runtime value: browser bundles import it without valibot).

/**
 * S-DLG-13: the allowed status changes. A status never goes back, except that Retry takes a
 * failed message to `queued` (or straight to `sent` when the customer is there to take it).
 */
export const deliveryTransitions: Readonly<Record<DeliveryStatus, readonly DeliveryStatus[]>> = {
  queued: ['sent', 'delivered', 'read', 'failed'],
  sent: ['delivered', 'read', 'failed'],
  delivered: ['read'],
  read: [],
  failed: ['queued', 'sent'],
};

export function canTransition(from: DeliveryStatus, to: DeliveryStatus): boolean {
  return deliveryTransitions[from].includes(to);
}
