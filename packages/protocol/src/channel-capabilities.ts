import type { ChannelCapabilities } from './entities.js';

/** A channel kind with no module behind it (or unknown to the server): nothing can be sent. */
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

/** A conversation channel's capabilities, from `welcome.channels` (absent: not connected). */
export function capabilitiesOf(channels: Readonly<Record<string, ChannelCapabilities>> | undefined, kind: string): ChannelCapabilities {
  return channels?.[kind] ?? DISCONNECTED_CHANNEL;
}
