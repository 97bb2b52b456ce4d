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
  charsLeft: (left: number, max: number) =>
    left >= 0 ? `${left} of ${max} characters left` : `${-left} characters over the limit of ${max}`,
  unreadMessages: (n: number) => (n === 1 ? '1 unread message' : `${n} unread messages`),
  unreadConversations: (n: number) => (n === 1 ? '1 unread conversation' : `${n} unread conversations`),
  conversationWith: (name: string, channel: string) => `${name}, ${channel}`,
} as const;

/** `typeof en` with its literal strings widened, so other languages can say other things. */
export type TermsOf<T> = { readonly [K in keyof T]: T[K] extends string ? string : T[K] };
export type Translation = TermsOf<typeof en>;
