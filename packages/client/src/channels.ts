import type { ChannelCapabilities } from '@chatdesk/protocol';
import { capabilitiesOf } from '@chatdesk/protocol/runtime';
import type { ThreadKey } from './keys.js';
import type { ChatState } from './state.js';

/**
 * What a thread's channel can carry (the server's `welcome.channels`): a customer conversation's
 * channel, not connected until its conversation is loaded; undefined for an internal chat.
 */
export function channelOf(state: Pick<ChatState, 'channels' | 'conversations'>, key: ThreadKey): ChannelCapabilities | undefined {
  if (key < 0) return undefined;
  const conversation = state.conversations[key];
  return capabilitiesOf(state.channels, conversation ? conversation.channel.id : 0);
}
