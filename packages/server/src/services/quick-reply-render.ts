import { ChatError, type CrmCustomer, type CrmOrder, type Params, type Result } from '@chatdesk/protocol';
import { isPlaceholderName } from '../channels/web.js';
import { CrmError } from '../ports/crm.js';
import { renderTemplate, type TemplateContext } from '../templates/index.js';
import type { CrmContext } from './crm.js';
import { requireVisibleView } from './guards.js';
import { isStaff } from './policy.js';
import { requireTemplate } from './quick-replies.js';

/*
 * S-QR-4: a quick reply made this conversation's text. Like the CRM widgets' calls it runs outside
 * one transaction: the chat's side is read first, then the CRM is asked (the customer as saved
 * there, their current order), then the template is rendered in the engine's sandbox, away from
 * the event loop, within its time, output and loop limits.
 */

interface ChatSide {
  text: string;
  conversationId: number;
  channel: string;
  name: string;
  phone: string | null;
  email: string | null;
  crmCustomerId: string | null;
}

export async function renderQuickReply(ctx: CrmContext, p: Params<'quickReplies.render'>): Promise<Result<'quickReplies.render'>> {
  const side = await ctx.act(async (c): Promise<ChatSide> => {
    const conversation = await requireVisibleView(c, p.conversationId);
    if (!isStaff(c.actor)) throw new ChatError('FORBIDDEN', 'Only staff use quick replies.');
    let text: string;
    if ('replyId' in p) {
      const row = await c.store.quickReplies.get(p.replyId);
      if (!row) throw new ChatError('NOT_FOUND', 'No such quick reply.');
      text = row.text;
    } else {
      requireTemplate(p.text);
      text = p.text;
    }
    const customer = await c.store.customers.get(conversation.customer.id);
    return {
      text,
      conversationId: conversation.id,
      channel: conversation.channel.name,
      name: conversation.customer.name,
      phone: customer?.phone ?? null,
      email: customer?.email ?? null,
      crmCustomerId: await c.store.customers.crmLink(conversation.customer.id),
    };
  }, 'read');

  // The CRM's record when the customer is saved there; a CRM that is down leaves the chat's own data.
  let crm: CrmCustomer | null = null;
  let order: CrmOrder | null = null;
  if (side.crmCustomerId !== null) {
    try {
      [crm, order] = await Promise.all([ctx.crm.customers.get(side.crmCustomerId), ctx.crm.orders.current(side.crmCustomerId)]);
    } catch (err) {
      if (!(err instanceof CrmError)) throw err;
    }
  }
  const manager = ctx.actor.kind === 'user' ? ctx.actor.name : '';
  const out = await renderTemplate(side.text, contextOf(side, crm, order, manager));
  if (out.ok) return { text: out.text };
  if (out.reason === 'syntax' || out.reason === 'sandbox') throw new ChatError('INVALID_PARAMS', `The template cannot be rendered: ${out.message}`, { reason: 'template', message: out.message });
  throw new ChatError('LIMIT_EXCEEDED', `The template ran out of its ${out.reason === 'timeout' ? 'time' : out.reason} budget: ${out.message}`, { reason: out.reason === 'timeout' ? 'time' : out.reason });
}

/** What a template sees (README "Quick replies"): plain values only, nothing of the server's objects. */
export function contextOf(side: ChatSide, crm: CrmCustomer | null, order: CrmOrder | null, manager: string): TemplateContext {
  // Without a CRM record: the chat's name, split at its first space; a nameless visitor's placeholder is no name.
  const chatName = isPlaceholderName(side.name) ? '' : side.name.trim();
  const [first = '', ...rest] = chatName.split(/\s+/).filter((w) => w.length > 0);
  const firstName = crm ? crm.firstName : first;
  const lastName = crm ? crm.lastName : rest.join(' ');
  const patronymic = crm ? crm.patronymic : '';
  return {
    customer: {
      firstName,
      lastName,
      patronymic,
      fullName: [lastName, firstName, patronymic].filter((s) => s.length > 0).join(' '),
      email: crm ? crm.email : (side.email ?? ''),
      phone: crm ? (crm.phones[0] ?? '') : (side.phone ?? ''),
    },
    manager: { name: manager, firstName: manager.trim().split(/\s+/)[0] ?? '' },
    conversation: { id: side.conversationId, channel: side.channel },
    ...(order
      ? { order: { number: order.number, status: order.status.name, total: order.total, currency: order.currency, toPay: Math.max(0, Math.round(order.total * 100) - Math.round(order.paid * 100)) / 100 } }
      : {}),
  };
}
