import { initialState, type ChatState } from './state.js';

export type Listener = (state: ChatState) => void;

/** A tiny observable holder of the immutable `ChatState`. */
export class Store {
  #state: ChatState;
  readonly #listeners = new Set<Listener>();

  constructor(state: ChatState = initialState) {
    this.#state = state;
  }

  getState(): ChatState {
    return this.#state;
  }

  /** Replaces the state with `update(state)`; listeners run only when something changed. */
  update(update: (state: ChatState) => ChatState): void {
    const next = update(this.#state);
    if (next === this.#state) return;
    this.#state = next;
    for (const listener of [...this.#listeners]) listener(next);
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
