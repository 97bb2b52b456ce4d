import type { Colleague, InternalChat, Message, MessageRevision, ParamsIn, Prefs, Result } from '@chatdesk/protocol';
import { applyConversationPage, applyMessageUpdate } from './apply.js';
import type { ThreadKey } from './keys.js';
import { applyInternalMessage, upsertInternalChats } from './apply-internal.js';
import { ChatClientBase, type ChatClientOptions } from './client-base.js';
import { Drafts } from './drafts.js';
import { filesOf, type Files } from './files.js';
import { TRANSIENT } from './outbox.js';

export { ChatClientBase, MAX_SEND_RETRIES } from './client-base.js';
export type { ChatClientOptions, ListParams, TokenSource, WebSocketConstructor, WebSocketLike } from './client-base.js';

/**
 * One connection to a Chatdesk server, for staff and integrators: ChatClientBase (hello, resume,
 * typed calls, the outbox, the store, reading threads and lists) with what staff do beyond that:
 * the drafts a manager keeps on the server (S-DLG-8), edits, deletes, retries and the audit trail
 * (S-DLG-7, S-DLG-13), starting internal chats (S-DLG-14). The shop's consultant uses
 * ChatClientBase: a visitor does none of these, and does not download them.
 */
export class ChatClient extends ChatClientBase {
  /** This connection's `prefs.get`, asked once per fresh welcome and shared by every element. */
  #prefs: Promise<Prefs> | undefined;

  constructor(options: ChatClientOptions) {
    super(options, { drafts: (host) => new Drafts(host, TRANSIENT) });
    // Fresh after a new session (another user, or another tab changed them meanwhile).
    this.on('welcome', (w) => {
      if (w.resumed || w.user.kind !== 'user') return;
      this.#prefs = undefined;
      this.prefs().catch(() => undefined); // the elements keep their defaults; the next welcome asks again
    });
  }

  /** The user's personal preferences and remembered list choices (fetched once per session; `state.prefs` then). */
  prefs(): Promise<Prefs> {
    this.#prefs ??= this.call('prefs.get', {}).then(
      ({ prefs }) => this.#storePrefs(prefs),
      (err: unknown) => {
        this.#prefs = undefined;
        throw err;
      },
    );
    return this.#prefs;
  }

  /** Changes what it is given (the rest stays) and answers with all of them. */
  async setPrefs(changes: ParamsIn<'prefs.set'>): Promise<Prefs> {
    const { prefs } = await this.call('prefs.set', changes);
    this.#prefs = Promise.resolve(prefs);
    return this.#storePrefs(prefs);
  }

  #storePrefs(prefs: Prefs): Prefs {
    this.store.update((s) => ({ ...s, prefs }));
    return prefs;
  }

  /** S-DLG-9: uploads, file URLs and the file token (files.ts); `filesOf(client)` for a ChatClientBase. */
  get files(): Files {
    return filesOf(this);
  }

  // ---- paging further back ------------------------------------------------------------------------

  /** The next page of the list, sorted and filtered as the first (an answer for other params is dropped). */
  async loadMoreConversations(): Promise<void> {
    const params = this.listParams;
    const cursor = this.state.listCursor;
    if (!cursor) return;
    const page = await this.call('conversations.list', { ...params, cursor });
    if (this.listParams === params) this.store.update((s) => applyConversationPage(s, page, false));
  }

  async loadOlder(key: ThreadKey): Promise<void> {
    const thread = this.state.threads[key];
    if (!thread || !thread.hasMore || thread.loading) return;
    await this.loadPage(key, true);
  }

  // ---- message actions (S-DLG-7, S-DLG-13) ------------------------------------------------------

  /** Sends a stored failed message again (same message, new attempt). */
  retryMessage(messageId: number): Promise<Message> {
    return this.#changed(this.call('messages.retry', { messageId }));
  }

  editMessage(messageId: number, text: string): Promise<Message> {
    return this.#changed(this.call('messages.edit', { messageId, text }));
  }

  deleteMessage(messageId: number): Promise<Message> {
    return this.#changed(this.call('messages.delete', { messageId }));
  }

  /** A changed message, in its conversation or (S-DLG-14) its internal chat. */
  async #changed(call: Promise<Result<'messages.edit'>>): Promise<Message> {
    const r = await call;
    this.store.update((s) => ('chat' in r ? applyInternalMessage(s, r.chat, r.message) : applyMessageUpdate(s, r.message, r.conversation)));
    return r.message;
  }

  /** The audit trail of a message's edits and deletes, oldest first (admins and chat admins). */
  messageHistory(messageId: number): Promise<{ message: Message; revisions: MessageRevision[] }> {
    return this.call('messages.history', { messageId });
  }

  // ---- internal chats (S-DLG-14) ------------------------------------------------------------------

  /** One member and no title: the direct chat of the pair (the same one when asked again). */
  async createInternalChat(memberIds: string[], title?: string): Promise<InternalChat> {
    const { chat } = await this.call('internal.create', title === undefined ? { memberIds } : { memberIds, title });
    this.store.update((s) => upsertInternalChats(s, [chat]));
    return chat;
  }

  async colleagues(): Promise<Colleague[]> {
    return (await this.call('internal.colleagues', {})).colleagues;
  }
}
