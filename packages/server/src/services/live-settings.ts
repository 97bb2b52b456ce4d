import type { ChatSettings, PublicSettings } from '@chatdesk/protocol';
import type { Clock } from '../config.js';
import type { EventBus } from '../ports/event-bus.js';
import type { Storage } from '../ports/storage.js';
import type { PolicyOptions } from './context.js';
import { loadSettingsDoc, publicSettings } from './settings-doc.js';
import { limitsOf, slaMarker } from './sla.js';

/** The settings a node applies to every call and every fan-out, kept current. */
export interface LiveSettings {
  readonly chatsEnabled: boolean;
  stop(): void;
}

/**
 * Reads the stored settings once, then follows each committed save on the bus (a node hears the
 * others' too): `chatsEnabled` gates calls (S-SET-1), `managersSeeUnassigned` is the policy's
 * (S-AUTH-3) for visibility and audiences, the time limits give every projected conversation its
 * SLA marker (S-SLA-1). A save heard twice or late never undoes a newer one.
 */
export async function followSettings(store: Storage, policy: PolicyOptions, bus: EventBus, clock: Clock): Promise<LiveSettings> {
  let seen = -1;
  let chatsEnabled = true;
  const start = await loadSettingsDoc(store, { managersSeeUnassigned: policy.managersSeeUnassigned });
  let limits: Pick<ChatSettings, 'timeLimits'> = start.settings;
  policy.sla = (channelId, since) => slaMarker(limitsOf(limits, channelId), since, clock.now());
  const apply = (s: PublicSettings) => {
    if (s.version <= seen) return;
    seen = s.version;
    chatsEnabled = s.chatsEnabled;
    policy.managersSeeUnassigned = s.managersSeeUnassigned;
    // The limits are not in the event: read them (the projections use the old ones meanwhile).
    void loadSettingsDoc(store).then((doc) => {
      if (doc.version >= s.version) limits = doc.settings;
    }, () => undefined);
  };
  const stop = bus.subscribe((events) => {
    for (const e of events) if (e.row.name === 'settings.changed') apply(e.data as PublicSettings);
  });
  apply(publicSettings(start));
  return {
    get chatsEnabled() {
      return chatsEnabled;
    },
    stop,
  };
}
