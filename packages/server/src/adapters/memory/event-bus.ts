import type { EventBus } from '../../ports/event-bus.js';
import type { LoggedEvent } from '../../ports/event-bus.js';

/** One process's bus: consumers are called synchronously, in subscription order. */
export class LocalEventBus implements EventBus {
  readonly #consumers = new Set<(events: readonly LoggedEvent[]) => void>();

  publish(events: readonly LoggedEvent[]): void {
    if (events.length === 0) return;
    for (const consumer of this.#consumers) consumer(events);
  }

  subscribe(consumer: (events: readonly LoggedEvent[]) => void): () => void {
    this.#consumers.add(consumer);
    return () => this.#consumers.delete(consumer);
  }

  readonly #signalConsumers = new Set<(signal: unknown) => void>();

  signal(signal: unknown): void {
    for (const consumer of this.#signalConsumers) consumer(signal);
  }

  subscribeSignals(consumer: (signal: unknown) => void): () => void {
    this.#signalConsumers.add(consumer);
    return () => this.#signalConsumers.delete(consumer);
  }
}
