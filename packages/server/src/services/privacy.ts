import { createHash } from 'node:crypto';
import { ChatError, type ChatSettings, type Params, type PrivacyNotice, type Result } from '@chatdesk/protocol';
import type { Storage } from '../ports/storage.js';
import type { Actor, ServiceContext } from './context.js';
import { loadSettings } from './settings-doc.js';

/*
 * S-SET-5: with the privacy policy on, a customer's first conversation on a channel that is not
 * excluded opens only once they have agreed to the policy as it reads now. The web widget shows
 * the notice and an Agree button (`welcome.privacy`, `privacy.accept`); a messenger module shows
 * it in the messenger and reports the agreement (`POST /api/v1/consents`). The agreement a
 * conversation was opened under (time, version) stays with it. Existing conversations go on as
 * they were: a returning customer's message continues their conversation.
 */

/** Names a text and link: a changed policy needs a new agreement. */
export function policyVersion(p: { text: string; link: string }): string {
  return createHash('sha256').update(`${p.text}\n${p.link}`).digest('hex').slice(0, 16);
}

/** The policy a new conversation on this channel needs, or null. */
export function policyFor(settings: Pick<ChatSettings, 'privacy'>, channelId: number): { text: string; link: string; version: string } | null {
  const p = settings.privacy;
  if (!p.enabled || p.excludedChannelIds.includes(channelId)) return null;
  return { text: p.text, link: p.link, version: policyVersion(p) };
}

/** What a customer's widget shows: the notice and whether they agreed; undefined where none is needed. */
export async function privacyNotice(store: Storage, customerId: number, channelId: number): Promise<PrivacyNotice | undefined> {
  const policy = policyFor(await loadSettings(store), channelId);
  if (!policy) return undefined;
  return { ...policy, acceptedAt: (await store.consents.acceptedAt(customerId, channelId, policy.version)) ?? null };
}

/**
 * Before a customer's first conversation on a channel opens: their agreement to the policy in
 * force (null: none needed), or FORBIDDEN `consent` with the notice to show them.
 */
export async function requireConsent(store: Storage, customerId: number, channelId: number): Promise<{ version: string; at: number } | null> {
  const notice = await privacyNotice(store, customerId, channelId);
  if (!notice) return null;
  if (notice.acceptedAt === null) {
    const { acceptedAt: _none, ...privacy } = notice;
    throw new ChatError('FORBIDDEN', 'The customer has not agreed to the privacy policy yet.', { reason: 'consent', privacy });
  }
  return { version: notice.version, at: notice.acceptedAt };
}

/** Records a customer's agreement to the version they were shown; CONFLICT when it is not the one in force. */
export async function acceptPolicy(store: Storage, customerId: number, channelId: number, version: string, now: number): Promise<number> {
  const notice = await privacyNotice(store, customerId, channelId);
  if (!notice || notice.version !== version) {
    const privacy = notice ? { text: notice.text, link: notice.link, version: notice.version } : null;
    throw new ChatError('CONFLICT', notice ? 'The privacy policy has changed: show the current one.' : 'No privacy policy is in force on this channel.', { privacy });
  }
  if (notice.acceptedAt !== null) return notice.acceptedAt;
  await store.consents.accept(customerId, channelId, version, now);
  return now;
}

export async function acceptPrivacy(ctx: ServiceContext, p: Params<'privacy.accept'>): Promise<Result<'privacy.accept'>> {
  const actor: Actor = ctx.actor;
  if (actor.kind !== 'visitor') throw new ChatError('FORBIDDEN', 'Only the customer agrees to the privacy policy.');
  return { acceptedAt: await acceptPolicy(ctx.store, actor.customerId, actor.channelId, p.version, ctx.clock.now()) };
}
