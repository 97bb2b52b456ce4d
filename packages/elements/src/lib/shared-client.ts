import type { ChatClient } from '@chatdesk/client';

/**
 * The well-known spot for elements outside a panel's subtree (a header badge): context only
 * reaches descendants, so each panel also registers its client per document and the page hears
 * of it. Several panels may share at once; the one that shared last is in use, and when it leaves
 * (removed, or switched to another client) the one before it takes over, so a badge follows the
 * panel that remains instead of dropping to nothing.
 */
const registries = new WeakMap<Document, Map<object, ChatClient>>();

export interface ChatClientChangeDetail {
  client: ChatClient | null;
}

declare global {
  interface DocumentEventMap {
    'chat-client-change': CustomEvent<ChatClientChangeDetail>;
  }
}

function registry(doc: Document): Map<object, ChatClient> {
  let owners = registries.get(doc);
  if (!owners) registries.set(doc, (owners = new Map()));
  return owners;
}

/** A Map keeps insertion order: the newest registration is the last. */
const current = (owners: Map<object, ChatClient>): ChatClient | undefined => [...owners.values()].pop();

/** Runs `change` on the document's registry and announces the client in use if it changed. */
function update(doc: Document, change: (owners: Map<object, ChatClient>) => void): void {
  const owners = registry(doc);
  const before = current(owners);
  change(owners);
  const after = current(owners);
  if (after !== before) doc.dispatchEvent(new CustomEvent('chat-client-change', { detail: { client: after ?? null } }));
}

export function sharedClient(doc: Document = document): ChatClient | undefined {
  return current(registry(doc));
}

/** Who shared the client in use (the page's panel), for elements that hand it work (open a conversation). */
export function sharedOwner(doc: Document = document): object | undefined {
  return [...registry(doc).keys()].pop();
}

/**
 * Registers `client` for `owner` (a panel; by default the client itself) as the page's newest.
 * Registering the same pair again changes nothing (a panel moved within the page).
 */
export function shareClient(client: ChatClient, doc: Document = document, owner: object = client): void {
  update(doc, (owners) => {
    if (owners.get(owner) === client) return;
    owners.delete(owner);
    owners.set(owner, client);
  });
}

/** Withdraws `owner`'s registration of `client`; the newest remaining one (if any) takes over. */
export function unshareClient(client: ChatClient, doc: Document = document, owner: object = client): void {
  update(doc, (owners) => {
    if (owners.get(owner) === client) owners.delete(owner);
  });
}

/**
 * For an element outside a panel's subtree (the badge, the settings screen): its `client` comes
 * from its property or a context if it has one, else from the page's shared client, followed as
 * panels come and go. Call `connected(before)` after `super.connectedCallback()` (which answers
 * the context request synchronously), `before` being `client` as it was just before.
 */
export class PageClientLink {
  #fromPage = false;

  constructor(private readonly host: HTMLElement & { client: ChatClient | undefined }) {}

  readonly #onChange = (e: DocumentEventMap['chat-client-change']): void => {
    if (this.host.client && !this.#fromPage) return;
    this.host.client = e.detail.client ?? undefined;
    this.#fromPage = true;
  };

  connected(before: ChatClient | undefined): void {
    const host = this.host;
    if (host.client !== before) this.#fromPage = false;
    else if (!host.client || this.#fromPage) {
      // The page's panel may have changed while the element was out of the document.
      host.client = sharedClient(host.ownerDocument);
      this.#fromPage = true;
    }
    host.ownerDocument.addEventListener('chat-client-change', this.#onChange);
  }

  disconnected(): void {
    this.host.ownerDocument.removeEventListener('chat-client-change', this.#onChange);
  }
}
