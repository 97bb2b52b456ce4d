import { LitElement } from 'lit';

/** Something an update must wait for; undefined when it is ready. */
export type UpdateGate = () => Promise<unknown> | undefined;

/**
 * The base of our elements. An update waits for what it needs and may still be loading: the
 * terms of the element's language come in a chunk of their own (lib/localize.ts), so a page
 * downloads only the languages it shows. Lit awaits a promise that `scheduleUpdate` returns, so
 * the element renders once, in its language, instead of flashing blank or foreign labels.
 */
export class ChatElement extends LitElement {
  readonly #gates: UpdateGate[] = [];

  /**
   * Called by controllers in their constructor (LocalizeController).
   * @internal
   */
  addUpdateGate(gate: UpdateGate): void {
    this.#gates.push(gate);
  }

  protected override scheduleUpdate(): void | Promise<unknown> {
    for (const gate of this.#gates) {
      const wait = gate();
      // A chunk that fails to load must not freeze the element: it renders with what it has.
      if (wait) return wait.then(() => this.scheduleUpdate(), () => super.scheduleUpdate());
    }
    return super.scheduleUpdate();
  }
}

export function hasUpdateGates(host: object): host is ChatElement {
  return typeof (host as Partial<ChatElement>).addUpdateGate === 'function';
}
