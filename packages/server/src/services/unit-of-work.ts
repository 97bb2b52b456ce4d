import type { SystemContext } from './context.js';

/**
 * The one runner of actions (a WebSocket call, a job, the distribution bot): the action's state
 * change and its event rows commit in one transaction (a savepoint inside a group commit), the
 * rows' audiences resolved as the action leaves the conversations (EventBuffer.seal). The caller
 * publishes `ctx.events.events` after the commit.
 */
export function runAction<C extends SystemContext, T>(ctx: C, fn: (ctx: C) => T): T {
  return ctx.repo.transaction(() => {
    const out = fn(ctx);
    ctx.events.seal(ctx.policy);
    return out;
  });
}
