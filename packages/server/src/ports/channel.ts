import type { ChannelCapabilities } from '@chatdesk/protocol';

/**
 * The channel port: a kind of conversation channel (the shop's web widget, a messenger module)
 * says what it can carry and report. Policy checks the capabilities (a reply into a channel with
 * no module, an edit where sent messages cannot change), welcome tells them to clients so
 * elements offer only what the channel has. The built-in web channel is channels/web.ts; a
 * messenger integration (its outbox, webhooks and status reports) is another implementation.
 */
export interface ChannelAdapter {
  readonly kind: string;
  readonly capabilities: ChannelCapabilities;
}

export interface ChannelRegistry {
  /** The adapter of a kind; undefined: no module delivers it (its conversations are history only). */
  get(kind: string): ChannelAdapter | undefined;
  /** Every kind's capabilities (for `welcome.channels`). */
  capabilities(): Record<string, ChannelCapabilities>;
}
