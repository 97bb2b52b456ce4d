import { ChatError, ChatSettings, type Params, type Result } from '@chatdesk/protocol';
import * as v from 'valibot';
import { drainBacklog } from './assignment.js';
import { capabilitiesOfRow } from './channel-rules.js';
import type { ServiceContext } from './context.js';
import { mayEditSettings } from './policy.js';
import { loadSettingsDoc, mergeGroups, publicSettings, serializeSettings, type SettingsDoc } from './settings-doc.js';

/**
 * S-SET-1..8: the settings screen's two calls. A save is one compare-and-set of the stored
 * document: two admins who started from the same version cannot both win (the second gets
 * CONFLICT with what is saved now, whatever node each is on).
 */

/** The stores a channel may map to (S-SET-6); the CRM adapter will answer this. Until then the deployment's list. */
export type StoreList = () => readonly { code: string; name: string }[];

function requireAdmin(ctx: ServiceContext): void {
  if (!mayEditSettings(ctx.actor)) throw new ChatError('FORBIDDEN', 'Only admins and chat admins see and change chat settings.');
}

/** The document, with the server's flag where it says nothing of managers seeing unassigned conversations. */
function current(ctx: ServiceContext): Promise<SettingsDoc> {
  return loadSettingsDoc(ctx.store, { managersSeeUnassigned: ctx.policy.managersSeeUnassigned });
}

export async function getSettings(ctx: ServiceContext, _p: Params<'settings.get'>): Promise<Result<'settings.get'>> {
  requireAdmin(ctx);
  const doc = await current(ctx);
  const channels = (await ctx.store.channels.list()).map((row) => ({ id: row.id, kind: row.kind, name: row.name, connected: capabilitiesOfRow(ctx, row).connected }));
  return { settings: doc.settings, version: doc.version, stores: [...(ctx.stores?.() ?? [])], channels };
}

export async function updateSettings(ctx: ServiceContext, p: Params<'settings.update'>): Promise<Result<'settings.update'>> {
  requireAdmin(ctx);
  const { version, ...groups } = p;
  const doc = await current(ctx);
  const conflict = () => new ChatError('CONFLICT', 'The settings were saved by someone else meanwhile.', { version: doc.version, settings: doc.settings });
  if (version !== undefined && version !== doc.version) throw conflict();
  const parsed = v.safeParse(ChatSettings, mergeGroups(doc.settings, groups));
  if (!parsed.success) throw new ChatError('INVALID_PARAMS', 'The settings do not pass their rules.', v.flatten(parsed.issues));
  const settings = parsed.output;
  await requireStores(ctx, settings);
  const next = doc.version + 1;
  // A save on another node between the read and this write changed the text: this one loses.
  if (!(await ctx.store.settings.replace(serializeSettings(settings, next), doc.json))) throw conflict();
  ctx.events.emit('settings.changed', publicSettings({ settings, version: next }), { staff: true });
  // S-SLA-1: new limits: every running clock is worked out again by the SLA job's next run.
  if (JSON.stringify(settings.timeLimits) !== JSON.stringify(doc.settings.timeLimits)) await ctx.store.conversations.slaRestart();
  // A bot just enabled (or given more capacity or managers) takes the backlog at once; a list
  // just set takes the customers waiting for a manager of it who is online.
  await drainBacklog(ctx, { list: true });
  return { settings, version: next };
}

/** S-SET-6: once the deployment knows stores, every channel maps to one of them. */
async function requireStores(ctx: ServiceContext, settings: ChatSettings): Promise<void> {
  const stores = ctx.stores?.() ?? [];
  if (stores.length === 0) return;
  const codes = new Set(stores.map((s) => s.code));
  const nested: Record<string, string[]> = {};
  for (const channel of await ctx.store.channels.list()) {
    const code = settings.widgets.storeByChannel[String(channel.id)];
    if (code === undefined) nested[`widgets.storeByChannel.${channel.id}`] = ['a store is required for every channel'];
    else if (!codes.has(code)) nested[`widgets.storeByChannel.${channel.id}`] = ['no such store'];
  }
  if (Object.keys(nested).length > 0) throw new ChatError('INVALID_PARAMS', 'Every channel must map to a store.', { nested });
}
