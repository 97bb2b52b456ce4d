/**
 * The queries figures' calls, in-process: the gateway's path for a non-send call minus the
 * socket (params validation, the handler in its transaction, the result frame), and the timing
 * of ours against the raw SQL, call by call.
 */
import * as v from 'valibot';
import { methods, type MethodName } from '@chatdesk/protocol';
import { systemClock } from '../../packages/server/src/config.js';
import { builtInChannels } from '../../packages/server/src/channels/registry.js';
import type { Storage } from '../../packages/server/src/ports/storage.js';
import { EventBuffer, handlers, type Actor, type ServiceContext } from '../../packages/server/src/services/index.js';
import { summarize, type Summary } from './stats.js';

export const WARMUP = 200;
export const policy = { managersSeeUnassigned: true };

export type Call = { method: MethodName; actor: Actor; params: unknown };

export function manager(id: string): Actor {
  return { kind: 'user', id, name: id, rights: ['chats'] };
}

/**
 * A read-only transaction, as the gateway runs a read-only method (services/handlers.ts
 * `readOnly`; every call of the queries figures is one): on PostgreSQL it takes no write lock.
 * Through a cast, so this also compiles against a storage port without modes (one argument).
 */
function readTransaction<T>(store: Storage, fn: () => Promise<T>): Promise<T> {
  return (store.transaction as (this: Storage, fn: () => Promise<T>, mode?: 'read' | 'write') => Promise<T>).call(store, fn, 'read');
}

/** The gateway's path for a read-only call, minus the socket (the action's seal included, as unit-of-work.ts `act`). */
export async function serverCall(store: Storage, call: Call, id: number): Promise<string> {
  const p = v.safeParse(methods[call.method].params, call.params);
  if (!p.success) throw new Error(`invalid params ${JSON.stringify(call.params)}`);
  const ctx: ServiceContext = { store, channels: builtInChannels(), clock: systemClock, actor: call.actor, policy, events: new EventBuffer(store, systemClock) };
  const run = handlers[call.method] as (c: ServiceContext, p: unknown) => Promise<unknown>;
  const result = await readTransaction(store, async () => {
    const out = await run(ctx, p.output);
    await ctx.events.seal(policy);
    return out;
  });
  return JSON.stringify({ type: 'result', id, result });
}

/** Times up to `n` calls after a warm-up; stops early after `budgetMs` (slow paths stay bounded). */
export async function timeLoop(n: number, fn: (i: number) => unknown, budgetMs = 4_000, warmup = Math.min(WARMUP, n), minSamples = 50): Promise<Summary> {
  return (await timePair(n, fn, undefined, budgetMs, warmup, minSamples)).ours;
}

/**
 * Times `ours(i)` and `raw(i)` alternately, call by call, for up to `n` pairs after a warm-up of
 * each; both stop at the same pair when `budgetMs` (for the two together) runs out, so their
 * sample counts are equal. Either may be async (the services are; so is a `pg` query): it is
 * awaited inside its timing.
 */
export async function timePair(
  n: number,
  ours: (i: number) => unknown,
  raw: ((i: number) => unknown) | undefined,
  budgetMs = 8_000,
  warmup = Math.min(WARMUP, n),
  minSamples = 50,
): Promise<{ ours: Summary; raw: Summary }> {
  const deadline = performance.now() + budgetMs / 3;
  for (let i = 0; i < warmup && performance.now() < deadline; i++) {
    await ours(i);
    await raw?.(i);
  }
  const a: number[] = [];
  const b: number[] = [];
  const end = performance.now() + budgetMs;
  const time = async (fn: (i: number) => unknown, i: number, into: number[]) => {
    const t = performance.now();
    await fn(i);
    into.push(performance.now() - t);
  };
  for (let i = 0; i < n && (i < minSamples || performance.now() < end); i++) {
    await time(ours, i, a);
    if (raw) await time(raw, i, b);
  }
  return { ours: summarize(a), raw: summarize(b) };
}
