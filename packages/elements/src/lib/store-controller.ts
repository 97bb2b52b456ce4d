import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { initialState, type ChatClientBase, type ChatState } from '@chatdesk/client';

/** A host that gets its client from context, a property, or the page (see `shared-client.ts`). */
export type ClientHost = ReactiveControllerHost & { readonly client: ChatClientBase | undefined };

/**
 * Subscribes the host to one slice of the client's store. The host re-renders only when the
 * slice changes by `Object.is`; the store updates immutably, so an unchanged slice is the same
 * object and costs nothing. Without a client the slice is taken from the empty initial state,
 * so templates never deal with `undefined`. The selector may read the host (a thread's own
 * conversation: `(s) => s.threads[this.conversationId]`): the slice is taken again at every
 * read and before every update, so it follows the host's properties too.
 */
export class StoreController<T> implements ReactiveController {
  readonly #host: ClientHost;
  readonly #select: (state: ChatState) => T;
  #client: ChatClientBase | undefined;
  #unsubscribe: (() => void) | undefined;
  #value: T;
  #connected = false;

  constructor(host: ClientHost, select: (state: ChatState) => T) {
    this.#host = host;
    this.#select = select;
    this.#value = select(initialState);
    host.addController(this);
  }

  /** The current slice. Reading it also follows a changed client, so `willUpdate` sees fresh data. */
  get value(): T {
    if (this.#host.client !== this.#client) this.#sync();
    else this.#reselect();
    return this.#value;
  }

  hostConnected(): void {
    this.#connected = true;
    this.#sync();
  }

  /** The host's client (context arrived, property set) or the properties its selector reads may have changed: follow them before render. */
  hostUpdate(): void {
    this.#sync();
    this.#reselect();
  }

  #reselect(): void {
    this.#value = this.#select(this.#client ? this.#client.store.getState() : initialState);
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#client = undefined;
  }

  #sync(): void {
    const client = this.#host.client;
    if (client === this.#client && (client === undefined || this.#unsubscribe || !this.#connected)) return;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#client = client;
    this.#value = this.#select(client ? client.store.getState() : initialState);
    // A disconnected host only reads: subscribing then would leak, nothing would unsubscribe.
    if (!client || !this.#connected) return;
    this.#unsubscribe = client.store.subscribe((state) => {
      const next = this.#select(state);
      if (Object.is(next, this.#value)) return;
      this.#value = next;
      this.#host.requestUpdate();
    });
  }
}
