import type { ChatClient } from '@chatdesk/client';

/**
 * The well-known spot for elements outside a panel's subtree (a header badge): context only
 * reaches descendants, so the panel also registers its client per document and announces it.
 */
const clients = new WeakMap<Document, ChatClient>();

export interface ChatClientChangeDetail {
  client: ChatClient | null;
}

declare global {
  interface DocumentEventMap {
    'chat-client-change': CustomEvent<ChatClientChangeDetail>;
  }
}

export function sharedClient(doc: Document = document): ChatClient | undefined {
  return clients.get(doc);
}

export function shareClient(client: ChatClient, doc: Document = document): void {
  if (clients.get(doc) === client) return;
  clients.set(doc, client);
  doc.dispatchEvent(new CustomEvent('chat-client-change', { detail: { client } }));
}

/** Withdraws `client` if it is still the shared one (a newer panel may have replaced it). */
export function unshareClient(client: ChatClient, doc: Document = document): void {
  if (clients.get(doc) !== client) return;
  clients.delete(doc);
  doc.dispatchEvent(new CustomEvent('chat-client-change', { detail: { client: null } }));
}
