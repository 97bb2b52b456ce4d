import type { ChatSettings, CustomerDraft } from '@chatdesk/protocol';
import type { CrmAutoSaveRow } from '../ports/storage.js';
import type { SystemContext } from './context.js';
import { newCustomerDraft } from './new-customer-draft.js';
import { policyFor } from './privacy.js';
import { loadSettings } from './settings-doc.js';

/*
 * S-CH-3: the distribution bot saves new customers in the CRM (`distributionBot.saveNewCustomers`).
 * The chat's side of it, each step a transaction of its own around the CRM call, which runs
 * between them (jobs/crm-auto-save.ts): a host CRM may take seconds or be down, and neither the
 * customer's message nor anyone else's action waits for it.
 *
 *   claim  — after the conversation's commit: the bot is on with the option, the customer is not
 *            linked and has agreed to the policy; the customer's one row goes in (one node wins).
 *   plan   — what to create, read again at each attempt (a manager may have linked them meanwhile).
 *   finish — the attempt's end: linked, or tried again later, or given up.
 */

/**
 * How long an attempt holds its save: past it another node may try again (the one that held it
 * died). Longer than any CRM call takes: the HTTP adapter's is its timeout (5 s) three times over.
 */
export const AUTO_SAVE_LEASE_MS = 5 * 60_000;
/** The waits after the first, second, third and fourth failed attempt; the fifth failure gives up. */
export const AUTO_SAVE_RETRY_MS: readonly number[] = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000];

/** A conversation just opened (its "opened" notice was committed). */
export interface OpenedConversation {
  conversationId: number;
  customerId: number;
  channelId: number;
}

export type ClaimOutcome = { claimed: CrmAutoSaveRow } | { claimed: null; why: 'off' | 'linked' | 'no-consent' | 'taken' };

const wanted = (s: ChatSettings): boolean => s.distributionBot.enabled && s.distributionBot.saveNewCustomers;

/**
 * S-SET-5: a conversation opens only under the policy's agreement, so this holds for every new
 * one; checked again because nothing of a customer who has not agreed may leave the chat.
 */
async function consented(ctx: SystemContext, o: OpenedConversation, settings: ChatSettings): Promise<boolean> {
  const policy = policyFor(settings, o.channelId);
  if (!policy) return true;
  if (await ctx.store.consents.ofConversation(o.conversationId)) return true;
  return (await ctx.store.consents.acceptedAt(o.customerId, o.channelId, policy.version)) !== undefined;
}

/**
 * Check and claim, as a `read` action: with the option off (the usual case) every node only
 * reads. The claim's insert is what makes it once: whatever was read before, a second claim of
 * the customer (another node, another conversation of theirs) finds the row and takes nothing.
 */
export async function claimAutoSave(ctx: SystemContext, o: OpenedConversation): Promise<ClaimOutcome> {
  const settings = await loadSettings(ctx.store);
  if (!wanted(settings)) return { claimed: null, why: 'off' };
  if ((await ctx.store.customers.crmLink(o.customerId)) !== null) return { claimed: null, why: 'linked' };
  if (!(await consented(ctx, o, settings))) return { claimed: null, why: 'no-consent' };
  const now = ctx.clock.now();
  if (!(await ctx.store.crmAutoSaves.claim(o.customerId, o.conversationId, now, now + AUTO_SAVE_LEASE_MS))) return { claimed: null, why: 'taken' };
  const row = await ctx.store.crmAutoSaves.get(o.customerId);
  return row ? { claimed: row } : { claimed: null, why: 'taken' };
}

/** Due saves taken for another attempt each (a `write` action: the lease is the conditional update). */
export async function leaseDueAutoSaves(ctx: SystemContext, limit: number): Promise<CrmAutoSaveRow[]> {
  const now = ctx.clock.now();
  const taken: CrmAutoSaveRow[] = [];
  for (const row of await ctx.store.crmAutoSaves.due(now, limit)) {
    const leased = await ctx.store.crmAutoSaves.lease(row.customer_id, now, now + AUTO_SAVE_LEASE_MS);
    if (leased) taken.push(leased);
  }
  return taken;
}

export type AutoSavePlan = { create: CustomerDraft } | { skip: string };

/** What this attempt creates, from the chat as it is now; or why it no longer should. */
export async function planAutoSave(ctx: SystemContext, row: CrmAutoSaveRow): Promise<AutoSavePlan> {
  const settings = await loadSettings(ctx.store);
  if (!wanted(settings)) return { skip: 'the bot or its saving of new customers was switched off' };
  if ((await ctx.store.customers.crmLink(row.customer_id)) !== null) return { skip: 'linked to a CRM customer meanwhile' };
  const customer = await ctx.store.customers.get(row.customer_id);
  const conversation = await ctx.store.conversations.view(row.conversation_id);
  if (!customer || !conversation) return { skip: 'the customer or their conversation is gone' };
  // As crm.saveCustomer: the channel's store, or none when the channel maps to none.
  const storeCode = settings.widgets.storeByChannel[String(conversation.channel.id)] ?? null;
  return { create: newCustomerDraft({ name: customer.name, phone: customer.phone, email: customer.email, channelKind: conversation.channel.kind, storeCode }) };
}

/** How an attempt came out, as the job logs it. */
export type AutoSaveEnd = 'saved' | 'skipped' | 'retry' | 'given_up' | 'superseded';

/**
 * The attempt's end. Saved: the link is set with it, unless a manager linked the customer while
 * the CRM answered (theirs stands; the CRM customer just made is reported). Failed: tried again
 * after the next wait, or given up after the last. The row changes only while this attempt is
 * still its latest (a later one took over when this one outlived its lease).
 */
export async function finishAutoSave(ctx: SystemContext, row: CrmAutoSaveRow, result: { crmCustomerId: string } | { error: string } | { skip: string }): Promise<AutoSaveEnd> {
  const now = ctx.clock.now();
  const saves = ctx.store.crmAutoSaves;
  if ('skip' in result) return (await saves.settle(row.customer_id, row.attempts, { state: 'skipped', error: result.skip }, now)) ? 'skipped' : 'superseded';
  if ('error' in result) {
    const wait = AUTO_SAVE_RETRY_MS[row.attempts - 1];
    const outcome = wait === undefined ? { state: 'given_up' as const, error: result.error } : { state: 'pending' as const, retryAt: now + wait, error: result.error };
    if (!(await saves.settle(row.customer_id, row.attempts, outcome, now))) return 'superseded';
    return wait === undefined ? 'given_up' : 'retry';
  }
  if ((await ctx.store.customers.crmLink(row.customer_id)) !== null) {
    const error = `linked by a manager while the CRM answered; CRM customer ${result.crmCustomerId} was created too`;
    return (await saves.settle(row.customer_id, row.attempts, { state: 'skipped', error }, now)) ? 'skipped' : 'superseded';
  }
  const current = await saves.settle(row.customer_id, row.attempts, { state: 'saved', crmCustomerId: result.crmCustomerId }, now);
  // Linked even when a later attempt took over: the customer exists in the CRM now, and that
  // attempt, when it ends, finds the link and reports its own CRM customer as made too.
  await ctx.store.customers.setCrmLink(row.customer_id, result.crmCustomerId);
  return current ? 'saved' : 'superseded';
}
