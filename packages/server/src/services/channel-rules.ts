import { ChatError, DISCONNECTED_CHANNEL, type ChannelCapabilities } from '@chatdesk/protocol';
import type { ChannelRow, Storage } from '../ports/storage.js';
import type { Actor, SystemContext } from './context.js';

/**
 * A built-in channel's row never changes (the storage port has no rename for them): the send path
 * asks memory, not the database. A module's channel may be renamed when registered again, so its
 * row is read each time (one read by key, on messenger conversations only).
 */
const channelRows = new WeakMap<Storage, Map<number, ChannelRow>>();

export async function channelOf(ctx: SystemContext, channelId: number): Promise<ChannelRow | undefined> {
  let rows = channelRows.get(ctx.store);
  if (!rows) channelRows.set(ctx.store, (rows = new Map()));
  let row = rows.get(channelId);
  if (row === undefined) {
    row = await ctx.store.channels.get(channelId);
    if (row !== undefined && row.module_id === null) rows.set(channelId, row);
  }
  return row;
}

export async function channelKind(ctx: SystemContext, channelId: number): Promise<string | undefined> {
  return (await channelOf(ctx, channelId))?.kind;
}

/** Parsed capabilities by their stored JSON: a module's channel is read per send, its JSON parsed once. */
const parsed = new Map<string, ChannelCapabilities>();

/**
 * What a channel row can carry. A module's channel: what its row says — read in this action's
 * transaction, so never behind (the registry, for synchronous projections, learns only what was
 * committed, from the bus). A built-in one: its kind's adapter.
 */
export function capabilitiesOfRow(ctx: Pick<SystemContext, 'channels'>, row: ChannelRow): ChannelCapabilities {
  if (row.module_id === null || row.capabilities === null) return ctx.channels.capabilitiesOf({ id: row.id, kind: row.kind, moduleId: null });
  let caps = parsed.get(row.capabilities);
  if (!caps) {
    if (parsed.size > 1_000) parsed.clear();
    parsed.set(row.capabilities, (caps = JSON.parse(row.capabilities) as ChannelCapabilities));
  }
  return caps;
}

/** What the conversation's channel can carry: its adapter's capabilities, or none without one. */
export async function capabilitiesOf(ctx: SystemContext, channelId: number): Promise<ChannelCapabilities> {
  const row = await channelOf(ctx, channelId);
  return row === undefined ? DISCONNECTED_CHANNEL : capabilitiesOfRow(ctx, row);
}

/** `welcome.channels`: every channel for staff, a visitor's own for them, by channel id. */
export async function channelsFor(ctx: SystemContext, actor: Actor): Promise<Record<string, ChannelCapabilities>> {
  const rows = actor.kind === 'visitor' ? [await channelOf(ctx, actor.channelId)] : await ctx.store.channels.list();
  const out: Record<string, ChannelCapabilities> = {};
  for (const row of rows) if (row) out[row.id] = capabilitiesOfRow(ctx, row);
  return out;
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
