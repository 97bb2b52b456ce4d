import type * as v from 'valibot';
import type { SignalData, SignalName } from './typing.js';
import { conversationEvents, conversationMethods } from './conversations.js';
import { messageEvents, messageMethods } from './messages.js';
import { queueEvents, queueMethods } from './queue.js';
import { draftEvents, draftMethods } from './drafts.js';
import { typingMethods } from './typing.js';
import { internalEvents, internalMethods } from './internal.js';
import { fileMethods } from './files.js';
import { moduleMethods } from './modules.js';
import { crmMethods } from './crm-methods.js';
import { quickReplyEvents, quickReplyMethods } from './quick-replies.js';
import { analyticsMethods } from './analytics.js';

export * from './errors.js';
export * from './error-table.js';
export * from './limits.js';
export * from './names.js';
export * from './entities.js';
export * from './channel-capabilities.js';
export * from './text.js';
export * from './frames.js';
export * from './define.js';
export * from './doc.js';
export { UnreadMap } from './conversations.js';
export { ListFilter, ListSort, Prefs, Assignee, SearchHit } from './queue.js';
export { ChatSettings, DEFAULT_CHAT_SETTINGS, PublicSettings, SettingsUpdate, SLA_STEP_MS, TimeLimits } from './settings.js';
import { settingsEvents, settingsMethods } from './settings.js';
import { privacyMethods } from './privacy.js';
export { PrivacyNotice, PolicyVersion } from './privacy.js';
export * from './crm.js';
export * from './message-cards.js';
export { QUICK_REPLY_LIMITS, QuickReply, QuickReplyCategory, QuickReplyCommand, QuickReplyText } from './quick-replies.js';
export { crmMethods, type CrmMethodName } from './crm-methods.js';
export {
  ANALYTICS_MAX_DAYS,
  AnalyticsFigures,
  AnalyticsGroup,
  AnalyticsGroupBy,
  AnalyticsReport,
  AnalyticsReportParams,
  Durations,
  LocalDate,
  TimeZone,
} from './analytics.js';
export { signals, signalNotes, type SignalName, type SignalData } from './typing.js';
export { InternalChat, Colleague } from './internal.js';
export { AttachmentIds, SendText, ConversationFile, UploadResult, hasContent } from './files.js';
export * as integrationApi from './integration-api.js';
export { IntegrationModule, ModuleCode, WebhookUrl } from './modules.js';

/** Every method, once: the server's dispatch and the client's typed `call()` derive from it. */
export const methods = {
  ...conversationMethods,
  ...messageMethods,
  ...queueMethods,
  ...settingsMethods,
  ...privacyMethods,
  ...draftMethods,
  ...typingMethods,
  ...internalMethods,
  ...fileMethods,
  ...moduleMethods,
  ...crmMethods,
  ...quickReplyMethods,
  ...analyticsMethods,
} as const;

/** Every event the server pushes. */
export const events = {
  ...conversationEvents,
  ...messageEvents,
  ...queueEvents,
  ...settingsEvents,
  ...draftEvents,
  ...internalEvents,
  ...quickReplyEvents,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type Events = typeof events;
export type EventName = keyof Events;

/** What a caller passes (defaults still optional). */
export type ParamsIn<M extends MethodName> = v.InferInput<Methods[M]['params']>;
/** What a handler receives (defaults applied). */
export type Params<M extends MethodName> = v.InferOutput<Methods[M]['params']>;
export type Result<M extends MethodName> = v.InferOutput<Methods[M]['result']>;
export type EventData<E extends EventName> = v.InferOutput<Events[E]['data']>;

/** A pushed event with its data typed by name. */
export type ChatEvent = { [E in EventName]: { seq: number; name: E; data: EventData<E> } }[EventName];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}

/** A pushed signal (not logged, no seq) with its data typed by name. */
export type ChatSignal = { [S in SignalName]: { name: S; data: SignalData<S> } }[SignalName];

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}

/** The protocol version; `welcome` of an incompatible server would change it. */
export const PROTOCOL_VERSION = 1;
export * from './delivery.js';
