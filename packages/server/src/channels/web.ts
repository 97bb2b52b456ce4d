import { randomInt } from 'node:crypto';
import { requireConsent } from '../services/privacy.js';
import { ChatError, limits } from '@chatdesk/protocol';
import type { ChannelAdapter } from '../ports/channel.js';
import type { ChannelRow, ConversationRow, Storage } from '../ports/storage.js';
import type { Actor, SystemContext } from '../services/context.js';

/**
 * The built-in web channel (S-CH-1): a shop visitor becomes an anonymous customer, identified
 * by a visitor token the widget keeps; their first message opens a conversation.
 */

export const WEB_CHANNEL_KIND = 'web';

/**
 * The web channel's capabilities: the widget shows quotes, edits and deletes live and reports
 * delivered and read (S-DLG-13); images, voice and other files up to a send's whole budget (S-DLG-9);
 * `<chat-consultant>` draws product and order cards (S-W-PROD, S-W-ORD).
 */
export const webChannel: ChannelAdapter = {
  kind: WEB_CHANNEL_KIND,
  capabilities: {
    connected: true,
    quote: true,
    edit: true,
    delete: true,
    image: true,
    file: true,
    audio: true,
    product: true,
    order: true,
    deliveredReports: true,
    readReports: true,
    maxTextChars: limits.maxMessageChars,
    maxFileBytes: limits.maxSendBytes,
  },
};

/** The web channel visitors land on when the page names none; created on first use. */
export async function defaultWebChannel(store: Storage, now: number): Promise<ChannelRow> {
  const existing = await store.channels.firstOfKind(WEB_CHANNEL_KIND);
  if (existing) return existing;
  const id = await store.channels.insert(WEB_CHANNEL_KIND, 'Website', now);
  const row = await store.channels.get(id);
  if (!row) throw new Error('channel insert failed');
  return row;
}

const PLACEHOLDER = /^Посетитель \d{4}$/;
const placeholderName = () => `Посетитель ${randomInt(1000, 10000)}`;

/** Whether a customer's name is the one a nameless visitor was given (it says nothing of them: S-QR-4's `customer.firstName` is empty). */
export function isPlaceholderName(name: string): boolean {
  return PLACEHOLDER.test(name);
}

/** A new anonymous customer on a web channel ("Посетитель 1234" unless the page gives a name). */
export async function createVisitorCustomer(
  store: Storage,
  opts: { channelId?: number | undefined; name?: string | undefined },
  now: number,
): Promise<{ customerId: number; channelId: number }> {
  // Inside the caller's transaction (the unit of work runs the visitor-token route).
  let channel: ChannelRow | undefined;
  if (opts.channelId === undefined) channel = await defaultWebChannel(store, now);
  else {
    channel = await store.channels.get(opts.channelId);
    if (!channel || channel.kind !== WEB_CHANNEL_KIND) throw new ChatError('NOT_FOUND', 'No such web channel.');
  }
  const name = opts.name?.trim() || placeholderName();
  return { customerId: await store.customers.insert({ name, channelId: channel.id }, now), channelId: channel.id };
}

/**
 * S-DLG-1, S-DLG-7: the visitor's conversation on their channel is continued — a closed one is
 * reopened by their message (the caller does that) — or, the first time, a new one is created.
 */
export async function resolveVisitorConversation(
  ctx: SystemContext,
  actor: Extract<Actor, { kind: 'visitor' }>,
  now: number,
): Promise<{ row: ConversationRow; created: boolean }> {
  const { store } = ctx;
  const existing = await store.conversations.latest(actor.customerId, actor.channelId);
  if (existing) return { row: existing, created: false };
  if (!(await store.channels.get(actor.channelId))) throw new ChatError('NOT_FOUND', 'No such channel.');
  // S-SET-5: a first conversation opens only under the customer's agreement to the policy in force.
  const consent = await requireConsent(store, actor.customerId, actor.channelId);
  const id = await store.conversations.insert({ channel_id: actor.channelId, customer_id: actor.customerId }, now);
  const row = await store.conversations.get(id);
  if (!row) throw new Error('conversation insert failed');
  if (consent) await store.consents.attach(id, consent.version, consent.at);
  // Nobody saw it before this action, so nobody can lose it (EventBuffer).
  ctx.events.created(id);
  return { row, created: true };
}
