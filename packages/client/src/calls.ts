import { ChatError } from '@chatdesk/protocol/runtime';
import type { MethodName, ParamsIn, Result } from '@chatdesk/protocol';

interface PendingCall {
  frame: { type: 'call'; id: number; method: string; params: unknown };
  resolve(result: unknown): void;
  reject(error: ChatError): void;
  timer: ReturnType<typeof setTimeout>;
  sent: boolean;
}

export interface CallsDeps {
  /** Call ids are shared with the outbox's sends: one counter per connection's client. */
  nextId(): number;
  /** Sends on the open socket; false when there is none. */
  send(frame: object): boolean;
  readonly welcomed: boolean;
  timeoutMs: number;
}

/**
 * Typed calls and their answers: a call waits for a welcomed connection (up to `timeoutMs`), goes
 * on the wire once, and settles with its `result` or `error` frame. A socket lost with calls on
 * it fails them (their effect is unknown; the caller decides); unsent ones wait for the next.
 */
export class Calls {
  readonly #calls = new Map<number, PendingCall>();
  readonly #deps: CallsDeps;

  constructor(deps: CallsDeps) {
    this.#deps = deps;
  }

  call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>> {
    return new Promise<Result<M>>((resolve, reject) => {
      const id = this.#deps.nextId();
      const call: PendingCall = {
        frame: { type: 'call', id, method, params },
        resolve: resolve as (r: unknown) => void,
        reject,
        sent: false,
        timer: setTimeout(() => this.#fail(call, new ChatError('UNAVAILABLE', `${method} timed out.`)), this.#deps.timeoutMs),
      };
      this.#calls.set(id, call);
      if (this.#deps.welcomed) this.#transmit(call);
    });
  }

  /** Settles the call `id` answered; false when it is none of ours. */
  answer(id: number, result: unknown, error: ChatError | undefined): boolean {
    const call = this.#calls.get(id);
    if (!call) return false;
    this.#calls.delete(id);
    clearTimeout(call.timer);
    if (error) call.reject(error);
    else call.resolve(result);
    return true;
  }

  /** A welcome: the calls that waited for a connection go now. */
  sendWaiting(): void {
    for (const call of this.#calls.values()) if (!call.sent) this.#transmit(call);
  }

  /** The socket went: calls on the wire fail (`onlySent`), or all of them (closed for good). */
  fail(error: ChatError, onlySent: boolean): void {
    for (const call of [...this.#calls.values()]) if (call.sent || !onlySent) this.#fail(call, error);
  }

  #transmit(call: PendingCall): void {
    call.sent = true;
    this.#deps.send(call.frame);
  }

  #fail(call: PendingCall, error: ChatError): void {
    if (!this.#calls.delete(call.frame.id)) return;
    clearTimeout(call.timer);
    call.reject(error);
  }
}
