/**
 * English terms. Every language file satisfies `Translation`, so a missing or misspelt term is a
 * type error rather than an empty label at run time. A term may be a function of its arguments.
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

  consultantTitle: 'Ask us anything',
  consultantGreeting: 'Hello! Write your question and we will answer here.',
  consultantOpen: 'Open the chat with the shop',
} as const;

type Widen<T> = T extends string ? string : T extends (...args: infer A) => string ? (...args: A) => string : T;
export type Translation = { readonly [K in keyof typeof en]: Widen<(typeof en)[K]> };
export type TermKey = Exclude<keyof Translation, '$code' | '$name'>;
