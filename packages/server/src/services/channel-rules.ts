import { ChatError, DISCONNECTED_CHANNEL, type ChannelCapabilities } from '@chatdesk/protocol';
import type { Repo } from '../storage/repo.js';
import type { SystemContext } from './context.js';

/** A channel's kind never changes: the send path asks memory, not the database. */
const channelKinds = new WeakMap<Repo, Map<number, string>>();

export function channelKind(ctx: SystemContext, channelId: number): string | undefined {
  let kinds = channelKinds.get(ctx.repo);
  if (!kinds) channelKinds.set(ctx.repo, (kinds = new Map()));
  let kind = kinds.get(channelId);
  if (kind === undefined) {
    kind = ctx.repo.getChannel(channelId)?.kind;
    if (kind !== undefined) kinds.set(channelId, kind);
  }
  return kind;
}

/** What the conversation's channel can carry: its adapter's capabilities, or none without one. */
export function capabilitiesOf(ctx: SystemContext, channelId: number): ChannelCapabilities {
  const kind = channelKind(ctx, channelId);
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
export function requireCapability(ctx: SystemContext, channelId: number, capability: Capability): ChannelCapabilities {
  const caps = capabilitiesOf(ctx, channelId);
  if (!caps[capability]) throw new ChatError('FORBIDDEN', REFUSALS[capability], { reason: 'channel', capability });
  return caps;
}
