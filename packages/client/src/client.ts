import { ChatClientBase, type ChatClientOptions } from './client-base.js';
import { Drafts } from './drafts.js';
import { TRANSIENT } from './outbox.js';

export { ChatClientBase, MAX_SEND_RETRIES } from './client-base.js';
export type { ChatClientOptions, ListParams, TokenSource, WebSocketConstructor, WebSocketLike } from './client-base.js';

/**
 * One connection to a Chatdesk server, for staff and integrators: ChatClientBase (hello, resume,
 * typed calls, the outbox, the store) with the drafts a manager keeps on the server (S-DLG-8).
 * The shop's consultant uses ChatClientBase: a visitor has no drafts, and does not download them.
 */
export class ChatClient extends ChatClientBase {
  constructor(options: ChatClientOptions) {
    super(options, { drafts: (host) => new Drafts(host, TRANSIENT) });
  }
}
