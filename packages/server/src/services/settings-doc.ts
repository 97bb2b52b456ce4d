import { ChatSettings, DEFAULT_CHAT_SETTINGS, type PublicSettings } from '@chatdesk/protocol';
import * as v from 'valibot';
import type { Storage } from '../ports/storage.js';

/**
 * The stored settings document (S-SET-*): the `ChatSettings` fields and the `version` of the last
 * save, as one JSON text. A document written before a group existed reads with that group's
 * defaults; one that no longer passes the schema reads as the defaults (keeping its version).
 */
export interface SettingsDoc {
  settings: ChatSettings;
  version: number;
  /** The stored text, for the compare-and-set of the next save (undefined: none stored). */
  json: string | undefined;
}

/** Where a document says nothing of a value a server flag decides (`--hide-unassigned`). */
export type SettingsFallback = Pick<ChatSettings, 'managersSeeUnassigned'>;

/** The last document parsed per store and fallback: the send path and every hello read it, the row rarely changes. */
const parsed = new WeakMap<Storage, Map<string, SettingsDoc>>();

export async function loadSettingsDoc(store: Storage, fallback?: SettingsFallback): Promise<SettingsDoc> {
  const json = await store.settings.get();
  const key = fallback === undefined ? '' : String(fallback.managersSeeUnassigned);
  let docs = parsed.get(store);
  const cached = docs?.get(key);
  if (cached && cached.json === json) return cached;
  const doc = parseSettingsDoc(json, fallback);
  if (!docs) parsed.set(store, (docs = new Map()));
  docs.set(key, doc);
  return doc;
}

/** The settings the queue, the bot and the jobs follow now. */
export async function loadSettings(store: Storage): Promise<ChatSettings> {
  return (await loadSettingsDoc(store)).settings;
}

export function parseSettingsDoc(json: string | undefined, fallback?: SettingsFallback): SettingsDoc {
  if (json === undefined) return { settings: { ...DEFAULT_CHAT_SETTINGS, ...fallback }, version: 0, json };
  const stored = JSON.parse(json) as Record<string, unknown> & { version?: unknown };
  const { version, ...rest } = stored;
  const merged = mergeGroups({ ...DEFAULT_CHAT_SETTINGS, ...fallback }, rest);
  const out = v.safeParse(ChatSettings, merged);
  return { settings: out.success ? out.output : { ...DEFAULT_CHAT_SETTINGS, ...fallback }, version: typeof version === 'number' ? version : 0, json };
}

/** `base` with each group of `over` laid on it; an object group key by key (a stored bot without `closeAfterMs` keeps the default). */
export function mergeGroups(base: ChatSettings, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined || !(key in base)) continue;
    const was = (base as unknown as Record<string, unknown>)[key];
    const plainObject = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x);
    out[key] = plainObject(was) && plainObject(value) && key !== 'widgets' && key !== 'timeLimits' ? { ...(was as object), ...(value as object) } : value;
  }
  return out;
}

export function serializeSettings(settings: ChatSettings, version: number): string {
  return JSON.stringify({ version, ...settings });
}

/** What every chat user's panel follows. */
export function publicSettings(doc: Pick<SettingsDoc, 'settings' | 'version'>): PublicSettings {
  const { chatsEnabled, displayMode, managersSeeUnassigned } = doc.settings;
  return { version: doc.version, chatsEnabled, displayMode, managersSeeUnassigned };
}
