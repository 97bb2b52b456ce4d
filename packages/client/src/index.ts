export { ChatClient, ChatClientBase } from './client.js';
export type { ChatClientOptions, ListParams, TokenSource, WebSocketConstructor, WebSocketLike } from './client.js';
export { Store } from './store.js';
export type { Listener } from './store.js';
export { initialState } from './state.js';
export type { ChatState, ConnectionStatus, OutboxItem, ThreadState, TypingEntry } from './state.js';
export { internalKey, isInternalKey, chatIdOf } from './keys.js';
export type { ThreadKey } from './keys.js';
export {
  applyEvent,
  applyWelcome,
  applyConversationPage,
  applyThreadPage,
  applyMessage,
  applyMessageUpdate,
  applyDraft,
  applyDrafts,
  isMe,
} from './apply.js';
export { applyInternalList, applyInternalMessage } from './apply-internal.js';
export { applyTypingSignal, pruneTyping } from './apply-typing.js';
export { backoffDelay } from './backoff.js';
export { channelOf } from './channels.js';
export { newClientMessageId } from './ids.js';
export { filesOf, httpBaseOf } from './files.js';
export type { Files, UploadOptions } from './files.js';
