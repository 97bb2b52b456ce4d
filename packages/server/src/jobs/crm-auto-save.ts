import { createHmac } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { EventData } from '@chatdesk/protocol';
import type { CrmAdapter } from '../ports/crm.js';
import type { EventBus } from '../ports/event-bus.js';
import type { CrmAutoSaveRow } from '../ports/storage.js';
import type { LoggedEvent, UnitOfWork } from '../services/index.js';
import { claimAutoSave, finishAutoSave, leaseDueAutoSaves, planAutoSave, type AutoSaveEnd, type OpenedConversation } from '../services/crm-auto-save.js';

/** Retries taken per run. */
const BATCH = 16;

export interface CrmAutoSaveJob {
  /** Makes the attempts due now (the timer does too; tests move the clock, then call it); resolves to how many. */
  runDue(): Promise<number>;
  stop(): void;
  /** Resolves when no attempt is under way (shutdown, tests). */
  idle(): Promise<void>;
}

export interface CrmAutoSaveDeps {
  uow: UnitOfWork;
  /** Every node's bus hears every commit (its own and, on PostgreSQL, the others'). */
  bus: EventBus;
  crm: () => CrmAdapter | undefined;
  /** How often due retries are looked for. */
  intervalMs: number;
  /** Keys the saves' Idempotency-Keys, so that no other deployment on the same CRM makes the same. */
  secret: string;
  log: FastifyBaseLogger;
}

/** The conversations whose "opened" notice (S-DLG-5: the first thing of every new one) these events carry. */
function openedConversations(events: readonly LoggedEvent[]): OpenedConversation[] {
  const out: OpenedConversation[] = [];
  for (const e of events) {
    if (e.row.name !== 'message.created') continue;
    const { message, conversation } = e.data as EventData<'message.created'>;
    if (message.system?.type !== 'opened') continue;
    out.push({ conversationId: conversation.id, customerId: conversation.customer.id, channelId: conversation.channel.id });
  }
  return out;
}

/**
 * S-CH-3: the distribution bot's saving of new customers in the CRM (services/crm-auto-save.ts).
 * It starts from the bus, after the conversation's commit, so the customer's message never waits
 * for the CRM nor fails with it; each node hears every new conversation and tries to claim its
 * customer, and the database lets one claim in. The CRM is called between the chat's
 * transactions. A failed attempt is logged and tried again on the timer (by any node) after a
 * growing wait; after the last it is given up, logged as an error.
 */
export function startCrmAutoSaveJob(deps: CrmAutoSaveDeps): CrmAutoSaveJob {
  const { uow, log } = deps;
  const underWay = new Set<Promise<unknown>>();
  let stopped = false;
  let running: Promise<number> | undefined;

  const track = (p: Promise<unknown>): void => {
    underWay.add(p);
    void p.finally(() => underWay.delete(p));
  };

  const report = (row: CrmAutoSaveRow, end: AutoSaveEnd, detail: { crmCustomerId?: string; error?: string }): void => {
    const at = { customerId: row.customer_id, conversationId: row.conversation_id, attempt: row.attempts, ...detail };
    if (end === 'saved') log.info(at, 'new customer saved in the CRM by the distribution bot');
    else if (end === 'retry') log.warn(at, 'saving a new customer in the CRM failed; it is tried again later');
    else if (end === 'given_up') log.error(at, 'saving a new customer in the CRM failed for the last time; given up');
    else log.info({ ...at, end }, 'new customer not saved in the CRM by the distribution bot');
  };

  /** One attempt: plan in a read, the CRM call outside any transaction, the end in a write. */
  const attempt = async (row: CrmAutoSaveRow): Promise<void> => {
    const plan = await uow.system((ctx) => planAutoSave(ctx, row), 'read');
    let result: { crmCustomerId: string } | { error: string } | { skip: string };
    if ('skip' in plan) result = plan;
    else {
      const crm = deps.crm();
      try {
        if (!crm) throw new Error('no CRM is connected');
        result = { crmCustomerId: (await crm.customers.create(plan.create, { idempotencyKey: saveKey(deps.secret, row.customer_id, plan.create) })).id };
      } catch (err) {
        result = { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
      }
    }
    const end = await uow.system((ctx) => finishAutoSave(ctx, row, result));
    report(row, end, 'crmCustomerId' in result ? { crmCustomerId: result.crmCustomerId } : 'error' in result ? { error: result.error } : { error: result.skip });
  };

  const first = async (opened: OpenedConversation): Promise<void> => {
    const claim = await uow.system((ctx) => claimAutoSave(ctx, opened), 'read');
    if (claim.claimed) await attempt(claim.claimed);
    else if (claim.why === 'no-consent') log.info({ ...opened }, 'new customer not saved in the CRM: no agreement to the privacy policy');
  };

  const stopBus = deps.bus.subscribe((events) => {
    if (stopped) return;
    for (const opened of openedConversations(events)) {
      track(first(opened).catch((err: unknown) => log.error({ err, ...opened }, 'saving a new customer in the CRM failed')));
    }
  });

  const runDue = (): Promise<number> => {
    if (running) return running;
    const run = (async () => {
      try {
        // A read first: nothing due (the usual case) costs no write on any node.
        if ((await uow.system((ctx) => ctx.store.crmAutoSaves.due(ctx.clock.now(), 1), 'read')).length === 0) return 0;
        const taken = await uow.system((ctx) => leaseDueAutoSaves(ctx, BATCH));
        await Promise.all(taken.map((row) => attempt(row).catch((err: unknown) => log.error({ err, customerId: row.customer_id }, 'saving a new customer in the CRM failed'))));
        return taken.length;
      } finally {
        running = undefined;
      }
    })();
    running = run;
    track(run.catch(() => undefined));
    return run;
  };

  const timer = setInterval(() => {
    if (!stopped) runDue().catch((err: unknown) => log.error({ err }, 'the CRM auto-save run failed'));
  }, deps.intervalMs);
  timer.unref();

  return {
    runDue,
    stop: () => {
      stopped = true;
      clearInterval(timer);
      stopBus();
    },
    idle: async () => {
      while (underWay.size > 0) await Promise.all([...underWay]);
    },
  };
}

/**
 * One Idempotency-Key for every attempt to save this customer as this record (the retries are
 * minutes apart; a host CRM keeps keys a day, README "CRM contract"): an attempt whose answer was
 * lost is answered, on the next, with the customer it made. A record changed in the meantime (the
 * customer gave a phone) is another key — the contract refuses a known key with another body.
 */
export function saveKey(secret: string, customerId: number, draft: unknown): string {
  return `chatdesk-auto-save-${createHmac('sha256', secret).update(`${customerId}\n${JSON.stringify(draft)}`).digest('base64url').slice(0, 32)}`;
}
