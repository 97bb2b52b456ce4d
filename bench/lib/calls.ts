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
import { EventBuffer, handlers, unreadSnapshot, type Actor, type ServiceContext } from '../../packages/server/src/services/index.js';
import type { ChatMethodName } from '../../packages/server/src/services/handlers.js';
import { scale } from './quick.js';
import { summarize, type Summary } from './stats.js';

export const WARMUP = scale(200, 50);
/** How long a pair of timing loops (ours and raw together) may run before both stop. */
export const PAIR_BUDGET_MS = scale(8_000, 2_000);
export const policy = { managersSeeUnassigned: true };

export type Call = { method: MethodName; actor: Actor; params: unknown };

export function manager(id: string): Actor {
  return { kind: 'user', id, name: id, rights: ['chats'] };
}

/** The gateway's path for a read-only call, minus the socket (the action's seal included, as unit-of-work.ts `act`). */
export async function serverCall(store: Storage, call: Call, id: number): Promise<string> {
  const p = v.safeParse(methods[call.method].params, call.params);
  if (!p.success) throw new Error(`invalid params ${JSON.stringify(call.params)}`);
  const ctx = contextFor(store, call.actor);
  const run = handlers[call.method as ChatMethodName] as (c: ServiceContext, p: unknown) => Promise<unknown>;
  // A read-only transaction, as the gateway runs a read-only method (handlers.ts `readOnly`;
  // every call here is one): on PostgreSQL it takes no write lock.
  const result = await store.transaction(async () => {
    const out = await run(ctx, p.output);
    await ctx.events.seal(policy);
    return out;
  }, 'read');
  return JSON.stringify({ type: 'result', id, result });
}

/** A service context for `actor`, as the unit of work makes one. */
export function contextFor(store: Storage, actor: Actor): ServiceContext {
  return { store, channels: builtInChannels(), clock: systemClock, actor, policy, events: new EventBuffer(store, systemClock) };
}

/** The dataset's figures share (the SQLite file's meta and the PostgreSQL database's alike). */
interface Dataset {
  managers: readonly string[];
  longConversations: readonly { id: number; assignee: string | null; minId: number; maxId: number }[];
}

/** 4a: the first page of 50 of each manager's list (assigned + unassigned, newest first). */
export function listCalls(meta: Dataset): Call[] {
  return meta.managers.map((m) => ({ method: 'conversations.list', actor: manager(m), params: { limit: 50 } }));
}

/** 4b: message pages of 50 in long conversations: half the newest page, half deep in history. */
export function messagePageCalls(meta: Dataset, rand: () => number): Call[] {
  return meta.longConversations.flatMap((c) => {
    const actor = c.assignee ? manager(c.assignee) : manager('m1');
    const before = c.minId + 60 + Math.floor(rand() * (c.maxId - c.minId - 60));
    return [
      { method: 'messages.list' as const, actor, params: { conversationId: c.id, limit: 50 } },
      { method: 'messages.list' as const, actor, params: { conversationId: c.id, before, limit: 50 } },
    ];
  });
}

/** 4c's queries: Russian, English, ё, two words, no hit. */
export const SEARCH_WORDS = ['заказ', 'доставка', 'ещё', 'зелёный', 'ёжик', 'спасибо', 'курьер', 'order', 'the', 'refund', 'headphones',
  'заказ доставка', 'size color', 'несуществующееслово'];

/** 4c: 200 searches, each by a random manager. */
export function searchCalls(meta: Dataset, rand: () => number): Call[] {
  return Array.from({ length: 200 }, (_, i) => ({
    method: 'conversations.search' as const,
    actor: manager(meta.managers[Math.floor(rand() * meta.managers.length)] as string),
    params: { query: SEARCH_WORDS[i % SEARCH_WORDS.length] as string, limit: 50 },
  }));
}

/** The unread snapshot every non-resumed hello computes: for managers in turn, and for a chat admin. */
export async function unreadSnapshotTimes(store: Storage, meta: Dataset): Promise<{ manager: Summary; chatAdmin: Summary }> {
  const snap = await timeLoop(100, (i) => unreadSnapshot(contextFor(store, manager(meta.managers[i % meta.managers.length] as string))), 3_000, 5, 10);
  const admin: Actor = { kind: 'user', id: 'chatadmin', name: 'a', rights: ['chats', 'chat_admin'] };
  const chatAdmin = await timeLoop(2, () => unreadSnapshot(contextFor(store, admin)), 1_000, 0, 2);
  return { manager: snap, chatAdmin };
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
  budgetMs = PAIR_BUDGET_MS,
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
