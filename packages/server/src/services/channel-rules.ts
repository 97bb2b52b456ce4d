import { ChatError, DISCONNECTED_CHANNEL, type ChannelCapabilities } from '@chatdesk/protocol';
import type { Storage } from '../ports/storage.js';
import type { SystemContext } from './context.js';

/** A channel's kind never changes: the send path asks memory, not the database. */
const channelKinds = new WeakMap<Storage, Map<number, string>>();

export async function channelKind(ctx: SystemContext, channelId: number): Promise<string | undefined> {
  let kinds = channelKinds.get(ctx.store);
  if (!kinds) channelKinds.set(ctx.store, (kinds = new Map()));
  let kind = kinds.get(channelId);
  if (kind === undefined) {
    kind = (await ctx.store.channels.get(channelId))?.kind;
    if (kind !== undefined) kinds.set(channelId, kind);
  }
  return kind;
}

/** What the conversation's channel can carry: its adapter's capabilities, or none without one. */
export async function capabilitiesOf(ctx: SystemContext, channelId: number): Promise<ChannelCapabilities> {
  const kind = await channelKind(ctx, channelId);
  return (kind === undefined ? undefined : ctx.channels.get(kind)?.capabilities) ?? DISCONNECTED_CHANNEL;
}

type Capability = 'connected' | 'quote' | 'edit' | 'delete';

const REFUSALS: Record<Capability, string> = {
  connected: 'This conversation\'s channel is not connected: nothing can be sent into it.',
  quote: 'This channel cannot carry a quote.',
  edit: 'Messages of this channel cannot be edited once sent.',
  delete: 'Messages of this channel cannot be deleted once sent.',
};

/** FORBIDDEN (`details: {reason: 'channel', capability}`) when the channel lacks it: the server refuses what the UI does not offer. */
export async function requireCapability(ctx: SystemContext, channelId: number, capability: Capability): Promise<ChannelCapabilities> {
  const caps = await capabilitiesOf(ctx, channelId);
  if (!caps[capability]) throw new ChatError('FORBIDDEN', REFUSALS[capability], { reason: 'channel', capability });
  return caps;
}
