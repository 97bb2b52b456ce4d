import type { ChannelCapabilities, ConversationSla, Right, SignalData, SignalName } from '@chatdesk/protocol';
import type { Clock } from '../config.js';
import type { EventBuffer } from './event-buffer.js';
import type { Presence } from '../ports/presence.js';
import type { Storage } from '../ports/storage.js';
import type { ChannelRegistry } from '../ports/channel.js';
import type { FileTokens } from '../auth/file-token.js';

export { EventBuffer, type EventScope, type LoggedEvent } from './event-buffer.js';

/** Who acts: a CRM user (from the host's token) or a shop visitor (a customer, from ours). */
export type Actor =
  | { kind: 'user'; id: string; name: string; rights: Right[] }
  | { kind: 'visitor'; customerId: number; channelId: number; name: string };

export interface PolicyOptions {
  /** S-AUTH-3: plain managers also see unassigned conversations. */
  managersSeeUnassigned: boolean;
  /**
   * How visitors read a staff member's id: an opaque stable alias (auth/staff-alias.ts), never
   * the CRM user id. Absent: an empty id (names only).
   */
  staffAlias?: (userId: string) => string;
  /** What a channel can carry (the channel port): `can.reply` needs a connected channel. Absent: every channel is. */
  channelCapabilities?: (channel: { id: number; kind: string }) => ChannelCapabilities;
  /** S-SLA-1: a running clock's marker now, by the channel's limits (the live settings). Absent: no markers. */
  sla?: (channelId: number, since: number) => ConversationSla;
}

export { nobodyOnline, type CustomerReach, type Presence } from '../ports/presence.js';

/** Where a signal goes: everyone who sees a conversation now, or these users (an internal chat's members). */
export type SignalAudience =
  | { conversationId: number; customerId: number; assigneeId: string | null }
  | { userIds: readonly string[] };

/**
 * An ephemeral push (typing, S-DLG-13's neighbour): no event row, no seq, never replayed. The
 * gateway sends it after the call to the audience's sessions, but those of `exceptKey` (the
 * sender's read-cursor key: their own other tabs do not need to hear themselves type).
 */
export interface Signal {
  name: SignalName;
  data: SignalData<SignalName>;
  to: SignalAudience;
  exceptKey: string;
}

/** What actions without an acting user (jobs, the distribution bot) receive. */
export interface SystemContext {
  /** The storage port (ports/storage.ts), inside the action's transaction. */
  store: Storage;
  /** The channel adapters (ports/channel.ts): what each kind of channel can carry. */
  channels: ChannelRegistry;
  clock: Clock;
  policy: PolicyOptions;
  events: EventBuffer;
  /** Default: nobody is online. */
  presence?: Presence;
  /** Signs the file routes' tokens (`files.token`); absent where no file routes exist. */
  fileTokens?: FileTokens;
  /** S-SET-6: the stores a channel may map to (none known: the mapping is not enforced). */
  stores?: () => readonly { code: string; name: string }[];
}

/** What every service function receives: plain dependencies, no sockets, no HTTP. */
export interface ServiceContext extends SystemContext {
  actor: Actor;
  /** Signals to push after the call (the gateway provides it; elsewhere they go nowhere). */
  signals?: Signal[];
}
