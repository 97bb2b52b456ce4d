import { ChatError, limits, type ChatSettings, type Conversation, type CrmMethodName, type MessageCard, type Params, type Result } from '@chatdesk/protocol';
import type { Clock } from '../config.js';
import { CrmError, type CrmAdapter } from '../ports/crm.js';
import type { TransactionMode } from '../ports/storage.js';
import type { Actor, ServiceContext } from './context.js';
import { requireVisibleView } from './guards.js';
import { canSeeConversation, isStaff } from './policy.js';
import { loadSettings } from './settings-doc.js';
import { capabilitiesOf, channelOf } from './channel-rules.js';
import { sendMessage } from './messages.js';
import { cardsText, orderCard, productCard } from './crm-cards.js';

/*
 * The CRM widgets' actions (S-W-CUST, S-W-PROD, S-W-ORD, S-W-TASK). Unlike the chat's own actions
 * they do not run inside one transaction: a host CRM may take seconds to answer, and the chat's
 * database must not wait on it. Each reads what it needs of the chat first (the conversation the
 * caller may see, its customer's CRM link, the channel's store, the settings) as one action, then
 * calls the CRM, then writes what the chat keeps (the link) as another.
 */

export interface CrmContext {
  actor: Actor;
  crm: CrmAdapter;
  clock: Clock;
  /** Runs chat-side reads and writes as one action of the caller (the unit of work's turn and transaction). */
  act<T>(fn: (ctx: ServiceContext) => Promise<T>, mode?: TransactionMode): Promise<T>;
}

export type CrmHandler<M extends CrmMethodName> = (ctx: CrmContext, params: Params<M>) => Promise<Result<M>>;

/** What every widget call starts from: the conversation as the caller sees it, and its CRM side. */
interface Scope {
  conversation: Conversation;
  /** The chat customer's CRM customer; null until saved or linked. */
  crmCustomerId: string | null;
  /** The channel's store (S-SET-6); null when none is mapped. */
  storeCode: string | null;
  settings: ChatSettings;
  phone: string | null;
  email: string | null;
}

type Widget = 'order' | 'products' | 'tasks';

async function scope(ctx: CrmContext, conversationId: number, widget?: Widget): Promise<Scope> {
  const s = await ctx.act(async (c) => {
    const conversation = await requireVisibleView(c, conversationId);
    if (!isStaff(c.actor)) throw new ChatError('FORBIDDEN', 'Only staff may do this.');
    const customer = await c.store.customers.get(conversation.customer.id);
    const settings = await loadSettings(c.store);
    return {
      conversation,
      crmCustomerId: await c.store.customers.crmLink(conversation.customer.id),
      storeCode: settings.widgets.storeByChannel[String(conversation.channel.id)] ?? null,
      settings,
      phone: customer?.phone ?? null,
      email: customer?.email ?? null,
    };
  }, 'read');
  // S-SET-7: a widget switched off is off on the server too.
  if (widget && !s.settings.widgets[widget]) throw new ChatError('FORBIDDEN', `The ${widget} widget is switched off in the settings.`, { reason: 'widget-off' });
  return s;
}

function requireLinked(s: Scope): string {
  if (s.crmCustomerId === null) throw new ChatError('CONFLICT', 'The customer is not saved in the CRM yet.', { reason: 'not-saved' });
  return s.crmCustomerId;
}

function requireStore(s: Scope): string {
  if (s.storeCode === null) throw new ChatError('CONFLICT', 'The conversation\'s channel has no store (S-SET-6).', { reason: 'no-store' });
  return s.storeCode;
}

/** A CRM customer linked elsewhere may have been merged or removed in the CRM meanwhile. */
async function linkedCustomer(ctx: CrmContext, s: Scope) {
  if (s.crmCustomerId === null) return null;
  return ctx.crm.customers.get(s.crmCustomerId);
}

async function setLink(ctx: CrmContext, s: Scope, crmCustomerId: string): Promise<void> {
  await ctx.act(async (c) => c.store.customers.setCrmLink(s.conversation.customer.id, crmCustomerId));
}

export const crmHandlers = {
  'crm.customer': async (ctx, p) => {
    const s = await scope(ctx, p.conversationId);
    const [customer, stores] = await Promise.all([linkedCustomer(ctx, s), ctx.crm.stores()]);
    const { order, products, tasks } = s.settings.widgets;
    return {
      customer,
      chat: { name: s.conversation.customer.name, channel: s.conversation.channel, phone: s.phone, email: s.email },
      store: stores.find((x) => x.code === s.storeCode) ?? null,
      widgets: { order, products, tasks },
    };
  },

  'crm.saveCustomer': async (ctx, p) => {
    const s = await scope(ctx, p.conversationId);
    if (s.crmCustomerId !== null) {
      const existing = await ctx.crm.customers.get(s.crmCustomerId);
      if (existing) throw new ChatError('CONFLICT', 'The customer is saved in the CRM already.', { customer: existing });
    }
    const { channel } = s.conversation;
    const customer = await ctx.crm.customers.create({
      ...p.customer,
      storeCode: s.storeCode,
      // S-W-CUST: the messenger login the conversation came from stays with the customer.
      contacts: channel.kind === 'web' ? [] : [{ channel: channel.kind, login: s.conversation.customer.name }],
    });
    await setLink(ctx, s, customer.id);
    return { customer };
  },

  'crm.updateCustomer': async (ctx, p) => {
    const s = await scope(ctx, p.conversationId);
    return { customer: await ctx.crm.customers.update(requireLinked(s), p.patch) };
  },

  'crm.findCustomers': async (ctx, p) => {
    const s = await scope(ctx, p.conversationId);
    const found = await ctx.crm.customers.search(p.query, 6);
    return { customers: found.filter((c) => c.id !== s.crmCustomerId).slice(0, 5) };
  },

  'crm.linkCustomer': async (ctx, p) => {
    const s = await scope(ctx, p.conversationId);
    const customer = await ctx.crm.customers.get(p.crmCustomerId);
    if (!customer) throw new ChatError('NOT_FOUND', 'No such customer in the CRM.');
    await setLink(ctx, s, customer.id);
    return { customer };
  },

  'crm.mergeCustomers': async (ctx, p) => {
    const s = await scope(ctx, p.conversationId);
    const merged = requireLinked(s);
    const customer = await ctx.crm.customers.merge(p.intoCrmCustomerId, merged);
    // Every chat customer that was the merged one is the survivor now, and so are their conversations.
    await ctx.act(async (c) => c.store.customers.relinkCrm(merged, customer.id));
    return { customer };
  },

  'crm.products': async (ctx, p) => {
    const s = await scope(ctx, p.conversationId, 'products');
    return ctx.crm.products.search({ ...p.query, storeCode: requireStore(s) });
  },

  'crm.orderOptions': async (ctx, p) => {
    const s = await scope(ctx, p.conversationId, 'order');
    const store = requireStore(s);
    const [deliveryTypes, paymentTypes] = await Promise.all([ctx.crm.orders.deliveryTypes(store), ctx.crm.orders.paymentTypes(store)]);
    return { deliveryTypes, paymentTypes };
  },

  'crm.currentOrder': async (ctx, p) => {
    const s = await scope(ctx, p.conversationId, 'order');
    return { order: s.crmCustomerId === null ? null : await ctx.crm.orders.current(s.crmCustomerId) };
  },

  'crm.placeOrder': async (ctx, p) => {
    const s = await scope(ctx, p.conversationId, 'order');
    const order = await ctx.crm.orders.create({
      customerId: requireLinked(s),
      storeCode: requireStore(s),
      method: s.settings.widgets.orderMethod,
      type: s.settings.widgets.orderType,
      items: p.items,
      delivery: p.delivery,
      ...(p.paymentType === undefined ? {} : { paymentType: p.paymentType }),
      conversationId: s.conversation.id,
    });
    return { order };
  },

  'crm.sendProducts': async (ctx, p) => {
    const s = await scope(ctx, p.conversationId, 'products');
    const store = requireStore(s);
    const products = await Promise.all(p.offerIds.map((id) => ctx.crm.products.ofOffer(store, id)));
    const cards = p.offerIds.map((offerId, i) => {
      const product = products[i];
      const card = product ? productCard(product, offerId) : null;
      if (!card) throw new ChatError('NOT_FOUND', 'The channel\'s store has no such offer.', { offerId });
      return card;
    });
    return sendCards(ctx, p, cards);
  },

  'crm.sendOrder': async (ctx, p) => {
    const s = await scope(ctx, p.conversationId, 'order');
    const customerId = requireLinked(s);
    const order = await ctx.crm.orders.get(p.orderId);
    // Only an order of this conversation's customer: another's would show them someone else's purchase.
    if (!order || order.customerId !== customerId) throw new ChatError('NOT_FOUND', 'No such order of this customer.');
    return sendCards(ctx, p, [orderCard(order)]);
  },

  'crm.paymentLink': async (ctx, p) => {
    const s = await scope(ctx, p.conversationId, 'order');
    const order = await ctx.crm.orders.get(p.orderId);
    // Only an order of this conversation's customer: the id alone opens nothing.
    if (!order || order.customerId !== s.crmCustomerId) throw new ChatError('NOT_FOUND', 'No such order of this customer.');
    const link = await ctx.crm.orders.paymentLink(order.id);
    // It goes to the customer as a link: never a javascript: or other non-web one from a host CRM.
    if (!/^https:\/\/\S+$|^http:\/\/\S+$/i.test(link.url)) throw new ChatError('UNAVAILABLE', 'The CRM answered a payment link that is not an http(s) address.');
    return link;
  },

  'crm.tasks': async (ctx, p) => {
    const s = await scope(ctx, p.conversationId, 'tasks');
    if (s.crmCustomerId === null) return { tasks: [] };
    const me = ctx.actor.kind === 'user' ? ctx.actor.id : undefined;
    return { tasks: await ctx.crm.tasks.list({ customerId: s.crmCustomerId, ...(p.mine && me ? { performerId: me } : {}) }) };
  },

  'crm.createTask': async (ctx, p) => {
    const s = await scope(ctx, p.conversationId, 'tasks');
    const customerId = requireLinked(s);
    if (p.orderId !== null) {
      const order = await ctx.crm.orders.get(p.orderId);
      if (!order || order.customerId !== customerId) throw new ChatError('NOT_FOUND', 'No such order of this customer.');
    }
    const performerId = p.performerId ?? (ctx.actor.kind === 'user' ? ctx.actor.id : '');
    // A performer the CRM does not know would own a task nobody sees.
    if (!(await ctx.crm.users()).some((u) => u.id === performerId)) throw new ChatError('INVALID_PARAMS', 'The CRM has no such user to perform the task.', { reason: 'performer' });
    return { task: await ctx.crm.tasks.create({ text: p.text, deadline: p.deadline, performerId, customerId, orderId: p.orderId }) };
  },

  'crm.completeTask': async (ctx, p) => {
    const s = await scope(ctx, p.conversationId, 'tasks');
    const customerId = requireLinked(s);
    // Only a task of this customer (the list shows open ones and those completed within a day).
    const tasks = await ctx.crm.tasks.list({ customerId });
    if (!tasks.some((t) => t.id === p.taskId)) throw new ChatError('NOT_FOUND', 'No such task of this customer.');
    return { task: await ctx.crm.tasks.complete(p.taskId, ctx.clock.now()) };
  },

  'crm.customerConversations': async (ctx, p) =>
    ctx.act(async (c) => {
      if (!isStaff(c.actor)) throw new ChatError('FORBIDDEN', 'Only staff may do this.');
      return { conversations: await visibleConversationsOf(c, await c.store.customers.linkedTo(p.crmCustomerId)) };
    }, 'read'),

  'crm.orderConversations': async (ctx, p) => {
    if (!isStaff(ctx.actor)) throw new ChatError('FORBIDDEN', 'Only staff may do this.');
    const order = await ctx.crm.orders.get(p.orderId);
    if (!order) throw new ChatError('NOT_FOUND', 'No such order in the CRM.');
    return ctx.act(async (c) => {
      const conversations = await visibleConversationsOf(c, await c.store.customers.linkedTo(order.customerId));
      const origin = conversations.find((x) => x.id === order.conversationId) ?? null;
      // Newest first: the first seen per channel is the newest there.
      const channels = new Map<number, { id: number; kind: string; name: string; conversationId: number }>();
      for (const x of conversations) if (!channels.has(x.channel.id)) channels.set(x.channel.id, { ...x.channel, conversationId: x.id });
      return { origin, channels: [...channels.values()] };
    }, 'read');
  },

  'crm.users': async (ctx) => {
    if (!isStaff(ctx.actor)) throw new ChatError('FORBIDDEN', 'Only staff may do this.');
    return { users: await ctx.crm.users() };
  },
} satisfies { [M in CrmMethodName]: CrmHandler<M> };

/**
 * The cards' message, sent as `messages.send` sends (the same checks, events and webhooks) in a
 * transaction of its own once the CRM has answered. Without a text of the caller's, the cards'
 * fallback is written within what the channel carries.
 */
async function sendCards(
  ctx: CrmContext,
  p: { conversationId: number; clientMessageId: string; text: string },
  cards: readonly MessageCard[],
): Promise<Result<'crm.sendProducts'>> {
  return ctx.act(async (c) => {
    const view = await requireVisibleView(c, p.conversationId);
    const limit = Math.min(limits.maxMessageChars, (await capabilitiesOf(c, view.channel.id)).maxTextChars);
    const text = p.text.trim() ? p.text : cardsText(cards, limit);
    return sendMessage(c, { conversationId: p.conversationId, clientMessageId: p.clientMessageId, text }, cards);
  });
}

/** The conversations of these chat customers the caller may see, as a host card lists them, newest first. */
async function visibleConversationsOf(c: ServiceContext, customerIds: readonly number[]): Promise<Result<'crm.customerConversations'>['conversations']> {
  const out: Result<'crm.customerConversations'>['conversations'] = [];
  for (const customerId of customerIds) {
    for (const row of await c.store.conversations.ofCustomer(customerId)) {
      if (!canSeeConversation(c.actor, { assigneeId: row.assignee_id, customerId: row.customer_id }, c.policy)) continue;
      // The row has all but the channel's kind and name: a few channels, read by key (built-in ones from memory).
      const channel = await channelOf(c, row.channel_id);
      if (!channel) continue;
      out.push({ id: row.id, channel: { id: channel.id, kind: channel.kind, name: channel.name }, status: row.status, messageCount: row.message_count, createdAt: row.created_at, lastActivityAt: row.last_activity_at });
    }
  }
  return out.sort((a, b) => b.lastActivityAt - a.lastActivityAt || b.id - a.id);
}
