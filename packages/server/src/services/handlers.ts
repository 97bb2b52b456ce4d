import type { MethodName, Params, Result } from '@chatdesk/protocol';
import type { OutsideMethodName } from './outside-calls.js';
import type { ServiceContext } from './context.js';
import { getConversation, listConversations, markRead } from './conversations.js';
import { listMessages, sendMessage } from './messages.js';
import {
  assignConversation,
  closeConversation,
  getPrefs,
  listAssignees,
  markUnread,
  reopenConversation,
  setCustomerBlocked,
  setPrefs,
  unlinkCustomer,
} from './queue.js';
import { getSettings, updateSettings } from './settings.js';
import { slaCounts } from './sla.js';
import { acceptPrivacy } from './privacy.js';
import { search } from './search.js';
import { reportDelivered, retryMessage } from './delivery.js';
import { setTyping } from './typing.js';
import { fileToken, listFiles } from './files.js';
import { createModuleCall, listModules, rotateModuleSecrets, updateModule } from './integrations.js';
import { deleteMessage, editMessage, messageHistory } from './edits.js';
import { listDrafts, setDraft } from './drafts.js';
import { analyticsReport } from './analytics-report.js';
import { deleteQuickReply, deleteQuickReplyCategory, listQuickReplies, saveQuickReply, saveQuickReplyCategory } from './quick-replies.js';
import {
  createInternalChat,
  listColleagues,
  listInternalChats,
  listInternalMessages,
  markInternalRead,
  sendInternalMessage,
} from './internal.js';

/** The chat's own methods; those that wait on a CRM or the template engine (services/outside-calls.ts) run apart, outside one transaction. */
export type ChatMethodName = Exclude<MethodName, OutsideMethodName>;

/** An action: an async function over the storage port, run by the unit of work in a transaction. */
export type Handler<M extends MethodName> = (ctx: ServiceContext, params: Params<M>) => Promise<Result<M>>;

/** One handler per protocol method; the type makes a missing or extra one a compile error. */
export const handlers = {
  'conversations.list': listConversations,
  'conversations.get': getConversation,
  'conversations.slaCounts': slaCounts,
  'privacy.accept': acceptPrivacy,
  'conversations.markRead': markRead,
  'messages.list': listMessages,
  'messages.send': sendMessage,
  'conversations.close': closeConversation,
  'conversations.reopen': reopenConversation,
  'conversations.assign': assignConversation,
  'conversations.assignees': listAssignees,
  'conversations.markUnread': markUnread,
  'conversations.unlinkCustomer': unlinkCustomer,
  'customers.setBlocked': setCustomerBlocked,
  'conversations.search': search,
  'prefs.get': getPrefs,
  'prefs.set': setPrefs,
  'settings.get': getSettings,
  'settings.update': updateSettings,
  'messages.edit': editMessage,
  'messages.delete': deleteMessage,
  'messages.history': messageHistory,
  'drafts.list': listDrafts,
  'drafts.set': setDraft,
  'internal.list': listInternalChats,
  'internal.colleagues': listColleagues,
  'internal.create': createInternalChat,
  'internal.messages': listInternalMessages,
  'internal.send': sendInternalMessage,
  'internal.markRead': markInternalRead,
  'messages.retry': retryMessage,
  'messages.delivered': reportDelivered,
  'typing.set': setTyping,
  'files.token': fileToken,
  'files.list': listFiles,
  'modules.list': listModules,
  'modules.create': createModuleCall,
  'modules.update': updateModule,
  'modules.rotateSecrets': rotateModuleSecrets,
  'quickReplies.list': listQuickReplies,
  'quickReplies.save': saveQuickReply,
  'quickReplies.delete': deleteQuickReply,
  'quickReplies.saveCategory': saveQuickReplyCategory,
  'quickReplies.deleteCategory': deleteQuickReplyCategory,
  'analytics.report': analyticsReport,
} satisfies { [M in ChatMethodName]: Handler<M> };

/**
 * Methods that only read: they run in `read` transactions, which a storage with a pool
 * (PostgreSQL) runs beside the writers instead of behind them. One that writes after all (a
 * read receipt folded into a list, say) still takes the write lock at its first write.
 */
export const readOnly: ReadonlySet<MethodName> = new Set<MethodName>([
  'conversations.list',
  'conversations.get',
  'conversations.slaCounts',
  'conversations.assignees',
  'conversations.search',
  'messages.list',
  'messages.history',
  'prefs.get',
  'settings.get',
  'drafts.list',
  'internal.list',
  'internal.colleagues',
  'internal.messages',
  'files.token',
  'files.list',
  'modules.list',
  'quickReplies.list',
  'analytics.report',
]);

/** Methods batched by the gateway's group commit (one fsync for many sends). */
export const groupCommitted: ReadonlySet<MethodName> = new Set<MethodName>(['messages.send']);
