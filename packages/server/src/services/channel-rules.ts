import { ChatError, DISCONNECTED_CHANNEL, type ChannelCapabilities } from '@chatdesk/protocol';
import type { ChannelRow, Storage } from '../ports/storage.js';
import type { SystemContext } from './context.js';

/**
 * A channel's kind and name never change (the storage port has no rename): the send path asks
 * memory, not the database. A port that renames channels must drop the entry here.
 */
const channelRows = new WeakMap<Storage, Map<number, ChannelRow>>();

export async function channelOf(ctx: SystemContext, channelId: number): Promise<ChannelRow | undefined> {
  let rows = channelRows.get(ctx.store);
  if (!rows) channelRows.set(ctx.store, (rows = new Map()));
  let row = rows.get(channelId);
  if (row === undefined) {
    row = await ctx.store.channels.get(channelId);
    if (row !== undefined) rows.set(channelId, row);
  }
  return row;
}

export async function channelKind(ctx: SystemContext, channelId: number): Promise<string | undefined> {
  return (await channelOf(ctx, channelId))?.kind;
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
