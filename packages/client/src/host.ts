import type { MethodName, ParamsIn, Result } from '@chatdesk/protocol';
import type { Store } from './store.js';

/** What ChatClient's parts (drafts.ts, typing.ts) use of it: the store, typed calls, whether it is welcomed. */
export interface ClientHost {
  readonly store: Store;
  call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>>;
  readonly welcomed: boolean;
}

export const unref = (timer: ReturnType<typeof setTimeout>): void => void (timer as { unref?: () => void }).unref?.();
