import type { ChannelCapabilities } from '@chatdesk/protocol';
import type { ChannelAdapter, ChannelRegistry } from '../ports/channel.js';
import { webChannel } from './web.js';

/** The channel adapters of this server, by kind. */
export class Channels implements ChannelRegistry {
  private readonly byKind: ReadonlyMap<string, ChannelAdapter>;
  private readonly all: Record<string, ChannelCapabilities>;

  constructor(adapters: readonly ChannelAdapter[]) {
    this.byKind = new Map(adapters.map((a) => [a.kind, a]));
    this.all = Object.fromEntries(adapters.map((a) => [a.kind, a.capabilities]));
  }

  get(kind: string): ChannelAdapter | undefined {
    return this.byKind.get(kind);
  }

  capabilities(): Record<string, ChannelCapabilities> {
    return this.all;
  }
}

/** The built-in channels: the shop's web widget. Messenger modules register theirs (the integrations issue). */
export const builtInChannels = (): Channels => new Channels([webChannel]);
