import { DISCONNECTED_CHANNEL, type ChannelCapabilities } from '@chatdesk/protocol';
import type { ChannelAdapter, ChannelRef, ChannelRegistry } from '../ports/channel.js';
import type { LoggedEvent } from '../ports/event-bus.js';
import { webChannel } from './web.js';

/**
 * The channels of this server: built-in kinds by adapter, messenger modules' channels by id. The
 * modules' part is loaded at start and then follows `channel.updated` from the bus, so every node
 * of a cluster answers alike (the event reaches each in seq order, before any event of a
 * conversation on that channel).
 */
export class Channels implements ChannelRegistry {
  readonly #byKind: ReadonlyMap<string, ChannelAdapter>;
  readonly #modules = new Map<number, ChannelCapabilities>();

  constructor(adapters: readonly ChannelAdapter[]) {
    this.#byKind = new Map(adapters.map((a) => [a.kind, a]));
  }

  capabilitiesOf(channel: ChannelRef): ChannelCapabilities {
    if (channel.moduleId === null) return this.#byKind.get(channel.kind)?.capabilities ?? DISCONNECTED_CHANNEL;
    return this.#modules.get(channel.id) ?? this.#byKind.get(channel.kind)?.capabilities ?? DISCONNECTED_CHANNEL;
  }

  /** A messenger module's channel (what staff do there goes to its outbox). */
  servedByModule(channelId: number): boolean {
    return this.#modules.has(channelId);
  }

  learn(channelId: number, capabilities: ChannelCapabilities): void {
    this.#modules.set(channelId, capabilities);
  }

  /** The bus consumer: module channels' changes, as committed. */
  observe(events: readonly LoggedEvent[]): void {
    for (const e of events) {
      if (e.row.name !== 'channel.updated') continue;
      const { channel, capabilities } = e.data as { channel: { id: number }; capabilities: ChannelCapabilities };
      this.learn(channel.id, capabilities);
    }
  }
}

/** The built-in channels: the shop's web widget; modules' channels are learnt from storage and the bus. */
export const builtInChannels = (): Channels => new Channels([webChannel]);
