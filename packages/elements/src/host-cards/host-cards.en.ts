/**
 * The host cards' terms, English (S-HOST-1, S-HOST-2): a chunk of their own, loaded with the
 * language the card shows.
 */
const why = (code: string): string =>
  code === 'FORBIDDEN' ? 'you may not see the chats'
  : code === 'NOT_FOUND' ? 'the CRM has no such order'
  : code === 'UNAVAILABLE' || code === '' ? 'no connection to the chat server or the CRM, try again'
  : 'server error';

export const en = {
  noClient: 'Not connected to the chat server.',
  loading: 'Loading the conversations…',
  loadFailed: (code: string): string => `Could not load the conversations: ${why(code)}`,
  retry: 'Try again',
  customerConversations: 'The customer’s conversations',
  noConversations: 'No conversations yet',
  open: 'Open',
  closed: 'Closed',
  messages: (n: number): string => (n === 1 ? '1 message' : `${n} messages`),
  started: (date: string): string => `Started ${date}`,
  orderConversations: 'The order’s conversations',
  origin: 'Placed in the conversation',
  noOrigin: 'The order was not placed from a conversation you can see.',
  channels: 'Channels the customer wrote from',
  openChannel: (channel: string): string => `Open the ${channel} conversation`,
} as const;

export type HostCardTerms = typeof en;
