import type { MethodName, ParamsIn, Result } from '@chatdesk/protocol';
import type { Store } from './store.js';

/** What ChatClient's parts (drafts.ts, typing.ts) use of it: the store, typed calls, whether it is welcomed. */
export interface ClientHost {
  readonly store: Store;
  call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>>;
  readonly welcomed: boolean;
}

/** The staff's drafts (drafts.ts, S-DLG-8): what ChatClient asks of them. */
export interface DraftsPart {
  set(conversationId: number, text: string): void;
  flush(): Promise<void>;
  load(): Promise<void>;
  /** A save of this conversation's draft is under way or due (an echo must not overwrite it). */
  pending(conversationId: number): boolean;
  sent(conversationId: number): void;
  pause(): void;
}

/** Parts a client may go without: a visitor's has no drafts (client.ts adds them). */
export interface ClientParts {
  drafts?: (host: ClientHost) => DraftsPart;
}

export const unref = (timer: ReturnType<typeof setTimeout>): void => void (timer as { unref?: () => void }).unref?.();
