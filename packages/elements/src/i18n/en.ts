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
  // The popup's handles (S-SET-2): dragged with the pointer, or focused and moved with the arrow keys.
  moveWindow: 'Move the chat window',
  resizeWindow: 'Resize the chat window',
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
  attachFiles: 'Attach files',
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
  originRefused: 'This page’s address is not in the chat server’s ALLOWED_ORIGINS.',
  charsLeft: (left: number, max: number) =>
    left >= 0 ? `${left} of ${max} characters left` : `${-left} characters over the limit of ${max}`,
  unreadMessages: (n: number) => (n === 1 ? '1 unread message' : `${n} unread messages`),
  unreadConversations: (n: number) => (n === 1 ? '1 unread conversation' : `${n} unread conversations`),
  distributionBot: 'Distribution bot',
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
  showAttachments: 'Show attachments',
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
  blocked: 'blocked',
  closed: 'closed',
  crmToggle: 'Customer, products, order and tasks',
  selectionMenu: 'Selected text',
  setAsName: 'Set as name',
  setAsPhone: 'Set as phone',
  setAsEmail: 'Set as email',
  setAsAddress: 'Set as address',
  findProduct: 'Find product',
  channelDisconnected: (channel: string) => `${channel} is not connected: replies cannot be sent into this conversation.`,
  customerBlocked: 'The customer is blocked: nothing can be sent or received. Unblock them in the conversation menu.',
  // Sort and filters (S-DLG-4).
  filters: 'Sort and filter',
  filtersActive: (n: number) => `Sort and filter, ${n} active`,
  noMatches: 'No conversations match the filters',
  waitingFor: (ago: string) => `waiting ${ago}`,
  // S-SLA-1: the list's markers.
  slaWarning: 'Reply time running out',
  slaBreached: 'Reply overdue',
  slaOverdue: (n: number) => `${n === 1 ? '1 conversation' : `${n} conversations`} with the reply overdue: show only them`,
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
  draft: 'Draft:',
  // The thread and its messages (S-DLG-5, S-DLG-7, S-DLG-13).
  today: 'Today',
  yesterday: 'Yesterday',
  unreadDivider: 'New messages',
  newMessagesPill: (n: number) => (n === 1 ? '1 new message' : `${n} new messages`),
  // Conversations that arrived while the list held its order still (above the rows in view).
  newConversationsPill: (n: number) => `${n} new`,
  newConversations: (n: number) => (n === 1 ? '1 new conversation' : `${n} new conversations`),
  // A thread's message as a focusable article (its role description).
  message: 'message',
  isTyping: (names: string, n: number) => (n === 1 ? `${names} is typing…` : `${names} are typing…`),
  statusQueued: 'Queued',
  delivered: 'Delivered',
  read: 'Read',
  failReason: (reason: string): string =>
    reason === 'visitor_left' ? 'The customer left the chat window'
    : reason === 'not_your_conversation' ? 'The conversation is no longer yours'
    : 'Channel error',
  filesPreview: 'Files',
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
