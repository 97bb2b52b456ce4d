import type { FastifyBaseLogger } from 'fastify';
import { postWebhook, type WebhookOptions } from '../channels/integration/webhook.js';
import type { UnitOfWork } from '../services/index.js';
import { takeDue, type RetryPolicy } from '../services/outbound.js';
import { settleWebhook } from '../services/webhook-outcome.js';

/** Webhooks taken per run (each conversation's oldest; different conversations side by side). */
const BATCH = 32;

export interface OutboxJob {
  /** Runs now (a send into a messenger was committed): no wait for the next tick. */
  kick(): void;
  stop(): void;
  /** Resolves when no run is in progress (tests, shutdown). */
  idle(): Promise<void>;
}

/**
 * S-CH-2: posts the outbox's webhooks (services/outbound.ts, outcomes in webhook-outcome.ts) on a timer and when kicked. Once
 * across a cluster: each run claims the `outbox` job lock in the transaction that takes the due
 * items, and a taken item is leased past its attempt, so no two nodes post it at once; a node
 * that dies mid-post leaves it to be tried again when the lease ends (the module dedupes by
 * `webhook-id`). The posts run outside any transaction.
 */
export function startOutboxJob(uow: UnitOfWork, o: WebhookOptions & RetryPolicy & { intervalMs: number }, log: FastifyBaseLogger): OutboxJob {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const leaseMs = o.timeoutMs + 5_000;

  const once = async (): Promise<number> => {
    const due = await uow.system(async (ctx) => ((await ctx.store.jobs.claim('outbox')) ? takeDue(ctx, BATCH, leaseMs) : []));
    const settled = await Promise.all(
      due.map(async (d) => {
        const outcome = await postWebhook(d, o);
        const how = await uow.system((ctx) => settleWebhook(ctx, d.item, outcome, o));
        if (how !== 'delivered') log.warn({ webhook: d.item.webhook_id, type: d.item.type, attempt: d.item.attempts + 1, reason: outcome.ok ? undefined : outcome.reason, how }, 'webhook not taken');
        return how;
      }),
    );
    // A delivered head lets its conversation's next webhook go at once.
    return due.length === BATCH || settled.includes('delivered') ? 1 : 0;
  };

  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          if ((await once()) > 0) again = true;
        } while (again && !stopped);
      } catch (err) {
        log.error({ err }, 'the outbox run failed');
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const timer = setInterval(() => void run(), o.intervalMs);
  timer.unref();
  return {
    kick: () => void run(),
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
    idle: async () => {
      while (running) await running;
    },
  };
}
