import type { ChannelCapabilities } from './entities.js';

/** A channel with no module behind it (or unknown to the server): nothing can be sent. */
export const DISCONNECTED_CHANNEL: ChannelCapabilities = {
  connected: false,
  quote: false,
  edit: false,
  delete: false,
  image: false,
  file: false,
  audio: false,
  product: false,
  order: false,
  deliveredReports: false,
  readReports: false,
  maxTextChars: 0,
  maxFileBytes: 0,
};

/** A conversation channel's capabilities, from `welcome.channels` (keyed by channel id; absent: not connected). */
export function capabilitiesOf(channels: Readonly<Record<string, ChannelCapabilities>> | undefined, channelId: number): ChannelCapabilities {
  return channels?.[channelId] ?? DISCONNECTED_CHANNEL;
}

/** A visitor's own channel: their `welcome.channels` holds that one alone. */
export function ownChannelCapabilities(channels: Readonly<Record<string, ChannelCapabilities>> | undefined): ChannelCapabilities {
  for (const id in channels) return channels[id] ?? DISCONNECTED_CHANNEL;
  return DISCONNECTED_CHANNEL;
}
