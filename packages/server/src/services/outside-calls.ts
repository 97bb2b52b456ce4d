import { ChatError, type MethodName, type Params, type Result } from '@chatdesk/protocol';
import { CrmError } from '../ports/crm.js';
import { crmHandlers, type CrmContext } from './crm.js';
import { renderQuickReply } from './quick-reply-render.js';

/**
 * Methods that wait on something outside the chat's database — a host CRM, the template engine's
 * worker — and so run outside one transaction: each reads and writes the chat's side as actions
 * of its own (`CrmContext.act`) around the wait.
 */
export const outsideHandlers = {
  ...crmHandlers,
  'quickReplies.render': renderQuickReply,
} satisfies { [M in keyof typeof crmHandlers | 'quickReplies.render']: (ctx: CrmContext, p: Params<M>) => Promise<Result<M>> };

export type OutsideMethodName = keyof typeof outsideHandlers;

export function isOutsideMethod(method: MethodName): method is OutsideMethodName {
  return Object.hasOwn(outsideHandlers, method);
}

/** Runs one; the CRM's refusals become the protocol's errors of the same code. */
export async function runOutsideHandler(method: OutsideMethodName, ctx: CrmContext, params: unknown): Promise<unknown> {
  try {
    return await (outsideHandlers[method] as (ctx: CrmContext, p: unknown) => Promise<unknown>)(ctx, params);
  } catch (err) {
    if (err instanceof CrmError) throw new ChatError(err.code, err.message);
    throw err;
  }
}
