import type { Message } from '@chatdesk/protocol';
import type { ClientHost } from './host.js';

/**
 * S-DLG-13, the visitor's side: staff messages the widget received are reported delivered, the
 * newest of each conversation once, after the turn that brought them (a page of history or a
 * burst of events makes one report).
 */
export class DeliveryReports {
  /** The newest staff message reported, and the next to report, by conversation. */
  readonly #reported = new Map<number, number>();
  readonly #due = new Map<number, number>();

  constructor(private readonly host: ClientHost) {}

  received(conversationId: number, messages: readonly Message[]): void {
    if (this.host.store.getState().me?.kind !== 'visitor') return;
    let newest = Math.max(this.#reported.get(conversationId) ?? 0, this.#due.get(conversationId) ?? 0);
    const before = newest;
    for (const m of messages) if ((m.author.kind === 'manager' || m.author.kind === 'bot') && m.id > newest) newest = m.id;
    if (newest === before) return;
    if (this.#due.size === 0) setTimeout(() => this.#report(), 0);
    this.#due.set(conversationId, newest);
  }

  /** A new database numbers its messages anew: what was reported says nothing there. */
  forget(): void {
    this.#reported.clear();
  }

  #report(): void {
    for (const [conversationId, messageId] of this.#due) {
      this.#reported.set(conversationId, messageId);
      this.host.call('messages.delivered', { conversationId, messageId }).catch(() => undefined);
    }
    this.#due.clear();
  }
}
