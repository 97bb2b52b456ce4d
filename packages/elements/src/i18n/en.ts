/**
 * Why a call failed, in words, from its error code and the server's `details.reason` (never from
 * the server's English message): the tail of "Could not …: <why>".
 */
function why(code: string, reason = ''): string {
  return reason === 'blocked' ? 'the customer is blocked'
    : reason === 'not_author' ? 'only its author may change a message'
    : reason === 'channel' ? 'this channel does not allow changing sent messages'
    : code === 'FORBIDDEN' ? 'you may not do this'
    : code === 'NOT_FOUND' ? 'it is no longer available to you'
    : code === 'CONFLICT' ? 'it has changed meanwhile'
    : code === 'LIMIT_EXCEEDED' ? 'it is over the limit'
    : code === 'RATE_LIMITED' ? 'too many requests, try again in a moment'
    : code === 'UNAVAILABLE' ? 'no connection to the server, try again'
    : code === 'UNAUTHENTICATED' ? 'the sign-in has expired'
    : code === 'INVALID_PARAMS' || code === 'INVALID_FRAME' || code === 'UNKNOWN_METHOD' ? 'the server did not accept the request'
    : 'server error';
}

/**
 * English terms of the CRM-side elements. Every language file satisfies `Translation`, so a
 * missing or misspelt term is a type error rather than an empty label at run time. A term may be
 * a function of its arguments. (The consultant has its own small table: it ships alone.)
 */
export const en = {
  $code: 'en',
  $name: 'English',

  chat: 'Chat',
  openChat: 'Open chat',
  closeChat: 'Close chat',
  conversations: 'Conversations',
  // The panel's lists (S-DLG-14): customers' conversations or chats with colleagues.
  lists: 'Lists',
  customers: 'Customers',
  colleagues: 'Colleagues',
  unreadChats: (n: number) => (n === 1 ? '1 chat with unread messages' : `${n} chats with unread messages`),
  noConversations: 'No conversations yet',
  loadMore: 'Load more',
  loading: 'Loading…',
  selectConversation: 'Select a conversation',
  messages: 'Messages',
  noMessages: 'No messages yet',
  conversationUnavailable: 'This conversation could not be loaded',
  loadOlder: 'Load older messages',
  you: 'you',
  customer: 'Customer',
  system: 'System',
  typeMessage: 'Type a message',
  send: 'Send',
  retry: 'Retry',
  discard: 'Discard',
  queued: 'Waiting for the connection',
  sending: 'Sending…',
  sent: 'Sent',
  failed: 'Not sent',
  connecting: 'Connecting…',
  reconnecting: 'Connection lost. Reconnecting…',
  disconnected: 'Disconnected',
  // Closed with 4003: a CRM user without the chats right (the server's reason is English).
  noAccess: 'You have no access to chats. Ask your administrator for the right to use them.',
  charsLeft: (left: number, max: number) =>
    left >= 0 ? `${left} of ${max} characters left` : `${-left} characters over the limit of ${max}`,
  unreadMessages: (n: number) => (n === 1 ? '1 unread message' : `${n} unread messages`),
  unreadConversations: (n: number) => (n === 1 ? '1 unread conversation' : `${n} unread conversations`),
  // System events in the feed (S-DLG-5): `by` is who did it (null: the system itself).
  systemEvent: (type: string, from: string, to: string, by: string) => {
    const text =
      type === 'opened' ? 'Conversation opened'
      : type === 'closed' ? 'Conversation closed'
      : type === 'autoClosed' ? 'Conversation closed automatically'
      : type === 'reopened' ? 'Conversation reopened'
      : type === 'assigned' ? `Assigned: ${to}`
      : type === 'reassigned' ? `Assigned: ${from} → ${to}`
      : type === 'unassigned' ? `Unassigned: ${from}`
      : type;
    return by ? `${text} (${by})` : text;
  },
  // The conversation menu (S-DLG-7) and the reassign picker (S-DLG-6).
  conversationActions: 'Conversation actions',
  closeConversation: 'Close conversation',
  reopenConversation: 'Reopen conversation',
  markUnread: 'Mark as unread',
  blockCustomer: 'Block customer',
  unblockCustomer: 'Unblock customer',
  unlinkCustomer: 'Unlink customer',
  reassign: 'Reassign…',
  unlinkConfirm: (name: string) => `Unlink ${name} from this conversation? The conversation leaves the customer's card.`,
  confirm: 'Confirm',
  cancel: 'Cancel',
  chooseManager: 'Choose a manager',
  online: 'online',
  offline: 'offline',
  load: (n: number) => (n === 1 ? '1 open conversation' : `${n} open conversations`),
  noAssignees: 'No one can take this conversation',
  actionFailed: (code: string, reason: string) => `Could not do it: ${why(code, reason)}`,
  blocked: 'blocked',
  closed: 'closed',
  customerBlocked: 'The customer is blocked: nothing can be sent or received. Unblock them in the conversation menu.',
  // Sort and filters (S-DLG-4).
  filters: 'Sort and filter',
  filtersActive: (n: number) => `Sort and filter, ${n} active`,
  sortBy: 'Sort',
  sortActivity: 'Last activity',
  sortWaiting: 'Waiting longest',
  status: 'Status',
  any: 'Any',
  statusOpen: 'Open',
  statusClosed: 'Closed',
  channel: 'Channel',
  manager: 'Manager',
  mine: 'Mine',
  unassigned: 'Unassigned',
  unreadOnly: 'Unread only',
  unansweredOnly: 'Unanswered only',
  resetFilters: 'Reset',
  noMatches: 'No conversations match the filters',
  waitingFor: (ago: string) => `waiting ${ago}`,
  // Search (S-DLG-3).
  search: 'Search conversations',
  searchResults: 'Search results',
  moreResults: 'More results',
  noResults: 'Nothing found',
  matchIn: (field: string): string => (field === 'name' ? 'name' : field === 'phone' ? 'phone' : field === 'email' ? 'email' : 'message'),
  // Unread in the page title and desktop notifications (S-DLG-1).
  enableNotifications: 'Notify me of new messages',
  notificationsOn: 'Notifications are on',
  notificationsDenied: 'Notifications are blocked in the browser',
  newMessageFrom: (name: string) => `New message from ${name}`,
  // The composer's reply and edit modes (S-DLG-7) and the list's draft (S-DLG-8).
  replyingTo: (name: string) => `Replying to ${name}`,
  cancelReply: 'Cancel reply',
  editing: 'Editing',
  cancelEdit: 'Cancel editing',
  save: 'Save',
  editFailed: (code: string, reason: string) =>
    code === 'LIMIT_EXCEEDED' ? 'Too long to save: at most 2000 characters, spaces not counted'
    : code === 'NOT_FOUND' ? 'This message is gone'
    : code === 'CONFLICT' ? 'This message was deleted'
    : `Could not save: ${why(code, reason)}`,
  draft: 'Draft:',
  // The thread and its messages (S-DLG-5, S-DLG-7, S-DLG-13).
  today: 'Today',
  yesterday: 'Yesterday',
  unreadDivider: 'New messages',
  newMessagesPill: (n: number) => (n === 1 ? '1 new message' : `${n} new messages`),
  isTyping: (names: string, n: number) => (n === 1 ? `${names} is typing…` : `${names} are typing…`),
  statusQueued: 'Queued',
  delivered: 'Delivered',
  read: 'Read',
  failReason: (reason: string): string =>
    reason === 'visitor_left' ? 'The customer left the chat window'
    : reason === 'not_your_conversation' ? 'The conversation is no longer yours'
    : 'Channel error',
  // A pending send the server refused, a delete or a retry that failed, a search that failed.
  sendFailed: (code: string, reason: string) => `Not sent: ${why(code, reason)}`,
  deleteFailed: (code: string, reason: string) => `Could not delete: ${why(code, reason)}`,
  retryFailed: (code: string, reason: string) => `Could not send again: ${why(code, reason)}`,
  searchFailed: (code: string, reason: string) => `Search failed: ${why(code, reason)}`,
  // The reason alone, for the elements with tables of their own (history, internal chats).
  failure: why,
  messageDeleted: 'Message deleted',
  edited: 'edited',
  messageActions: 'Message actions',
  menuReply: 'Reply',
  menuCopy: 'Copy',
  menuEdit: 'Edit',
  menuDelete: 'Delete',
  menuHistory: 'History',
  deleteConfirm: 'Delete this message?',
  copied: 'Copied',
  copyFailed: 'Could not copy',
} as const;

/** `typeof en` with its literal strings widened, so other languages can say other things. */
export type TermsOf<T> = { readonly [K in keyof T]: T[K] extends string ? string : T[K] };
export type Translation = TermsOf<typeof en>;
