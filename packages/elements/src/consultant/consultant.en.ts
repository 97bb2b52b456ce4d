// The consultant's own terms: it ships alone to shop pages, without the CRM elements' table.
export const en = {
  title: 'Ask us anything',
  greeting: 'Hello! Write your question and we will answer here.',
  open: 'Open the chat with the shop',
  close: 'Close chat',
  messages: 'Messages',
  typeMessage: 'Type a message',
  send: 'Send',
  retry: 'Retry',
  queued: 'Waiting for the connection',
  sending: 'Sending…',
  failed: 'Not sent',
  reconnecting: 'Connection lost. Reconnecting…',
  disconnected: 'Disconnected',
  originRefused: 'The chat is not enabled for this site.',
  sent: 'Sent',
  edited: 'edited',
  deleted: 'Message deleted',
  replyTo: 'In reply to',
  you: 'You',
  closedNotice: 'The conversation was closed',
  reopenedNotice: 'The conversation was reopened',
  answering: (name: string) => `${name} is answering you`,
  typing: (name: string) => `${name || 'The manager'} is typing…`,
  unreadReplies: (n: number) => (n === 1 ? '1 unread message' : `${n} unread messages`),
} as const;

export type ConsultantTerms = typeof en;
