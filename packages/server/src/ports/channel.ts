import type { ChannelCapabilities } from '@chatdesk/protocol';

/**
 * The channel port: a kind of conversation channel (the shop's web widget, a messenger module)
 * says what it can carry and report. Policy checks the capabilities (a reply into a channel with
 * no module, an edit where sent messages cannot change), welcome tells them to clients so
 * elements offer only what the channel has. The built-in web channel is channels/web.ts; a
 * messenger module's channels (channels/integration/) carry what the module registered.
 */
export interface ChannelAdapter {
  readonly kind: string;
  readonly capabilities: ChannelCapabilities;
}

/** A channel as the registry needs it: a built-in kind, or a module's channel with its capabilities. */
export interface ChannelRef {
  id: number;
  kind: string;
  /** A module's channel: what it registered (null for a built-in kind). */
  moduleId?: number | null;
}

export interface ChannelRegistry {
  /**
   * What a channel can carry: its built-in kind's adapter, or what its module registered. Sync,
   * since projections ask it per conversation; a channel it does not know is not connected.
   */
  capabilitiesOf(channel: ChannelRef): ChannelCapabilities;
  /** A module's channel as last registered (this node's commit or another's, from the event log). */
  learn(channelId: number, capabilities: ChannelCapabilities): void;
}
