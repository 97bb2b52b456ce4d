export { ChatClient } from './client.js';
export type { ChatClientOptions, ListParams, TokenSource, WebSocketConstructor, WebSocketLike } from './client.js';
export { Store } from './store.js';
export type { Listener } from './store.js';
export { initialState } from './state.js';
export type { ChatState, ConnectionStatus, OutboxItem, ThreadState } from './state.js';
export { applyEvent, applyWelcome, applyConversationPage, applyThreadPage, applyMessage, isMe } from './apply.js';
export { backoffDelay } from './backoff.js';
export { newClientMessageId } from './ids.js';
