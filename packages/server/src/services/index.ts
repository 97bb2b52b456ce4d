// The domain's entry: what gateway, http, jobs and app.ts may use of services.
export * from './context.js';
export * as policy from './policy.js';
export { unreadSnapshot } from './conversations.js';
export { handlers, groupCommitted, type Handler } from './handlers.js';
export { UnitOfWork, body, runAction, type Outcome } from './unit-of-work.js';
export { followSettings } from './live-settings.js';
export { checkHello, MAX_REPLAY, startSession, type SessionStart } from './sessions.js';
export { drainBacklog } from './assignment.js';
export { sweepUndelivered, visitorArrived, visitorGone } from './delivery.js';
export { typingAllowed, type TypingThrottle } from './typing.js';
export { autoClose } from './auto-close.js';
export { pruneEvents, type Retention } from './retention.js';
export { issueVisitorToken, type VisitorTokenRequest } from './visitors.js';
export { runSla, runSlaBatch, SLA_BATCH } from './sla.js';
export { FOLD_BATCH, FOLD_BATCH_ON_LOOP, foldAnalytics, rebuildAnalytics } from './analytics-fold.js';
export { OnlineLog } from './online-time.js';
