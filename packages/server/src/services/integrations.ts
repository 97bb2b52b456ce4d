import { createHash } from 'node:crypto';
import { ChatError, type ChannelCapabilities, type IntegrationModule, type integrationApi, type Params, type Result } from '@chatdesk/protocol';
import type * as v from 'valibot';
import { hashModuleToken, newModuleToken } from '../auth/module-token.js';
import { newWebhookSecret } from '../channels/integration/standard-webhooks.js';
import type { ChannelRow, FileRow, ModuleRow } from '../ports/storage.js';
import { capabilitiesOfRow } from './channel-rules.js';
import type { Actor, ServiceContext, SystemContext } from './context.js';
import { deleteMessage, editMessage } from './edits.js';
import { sendMessage } from './messages.js';
import { moveDeliveryByReport } from './delivery.js';
import { mayEditSettings } from './policy.js';
import { acceptPolicy, policyFor } from './privacy.js';
import { loadSettings } from './settings-doc.js';

type Out<S extends v.GenericSchema> = v.InferOutput<S>;
type Api = typeof integrationApi;

/*
 * S-CH-2: what a messenger integration module may do, over the HTTP API (http/integration-api.ts):
 * register its channels with what they carry, speak for their customers (new messages, edits,
 * deletions) and report how our messages to them went. A module sees and touches its own
 * channels only; anything else is NOT_FOUND. Each call is one action of the unit of work.
 */

/** The module a token belongs to; UNAUTHENTICATED otherwise (no hint whether such a module exists). */
export async function moduleByToken(ctx: SystemContext, token: string | undefined): Promise<ModuleRow> {
  const module = token === undefined ? undefined : await ctx.store.integrations.moduleByTokenHash(hashModuleToken(token));
  if (!module) throw new ChatError('UNAUTHENTICATED', 'A module token is required: Authorization: Bearer <token>.');
  return module;
}

/**
 * A new module (the `chatdesk module add` command, the demo, tests): its token and webhook secret
 * are returned once; only the token's hash is kept. CONFLICT when the code is taken.
 */
export async function createModule(
  ctx: SystemContext,
  p: { code: string; name: string; webhookUrl: string | null },
): Promise<{ module: ModuleRow; token: string; webhookSecret: string }> {
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(p.code)) throw new ChatError('INVALID_PARAMS', 'A module code is 1–64 of a–z 0–9 _ -.');
  if (await ctx.store.integrations.moduleByCode(p.code)) throw new ChatError('CONFLICT', `A module with the code ${p.code} exists.`);
  const token = newModuleToken();
  const webhookSecret = newWebhookSecret();
  const id = await ctx.store.integrations.insertModule(
    { code: p.code, name: p.name, token_hash: hashModuleToken(token), webhook_url: p.webhookUrl, webhook_secret: webhookSecret },
    ctx.clock.now(),
  );
  return { module: (await ctx.store.integrations.getModule(id))!, token, webhookSecret };
}

function apiChannel(ctx: SystemContext, row: ChannelRow): Out<Api['ApiChannel']> {
  return { id: row.id, code: row.code ?? '', kind: row.kind, name: row.name, capabilities: capabilitiesOfRow(ctx, row), createdAt: row.created_at };
}

/** Staff hear a channel's capabilities whenever they change; so does every node's registry, once committed (the bus). */
function announce(ctx: SystemContext, row: ChannelRow, capabilities: ChannelCapabilities): void {
  ctx.events.emit('channel.updated', { channel: { id: row.id, kind: row.kind, name: row.name }, capabilities }, { staff: true });
}

/**
 * Registers a channel of the module, or updates it (same code): its name and capabilities. The
 * kind is the channel's for good (CONFLICT to change it: conversations show it). Nothing changes
 * and nobody hears anything when the registration is the same as before.
 */
export async function registerChannel(
  ctx: SystemContext,
  module: ModuleRow,
  code: string,
  p: Out<Api['ChannelRegistration']>,
): Promise<{ channel: Out<Api['ApiChannel']>; created: boolean }> {
  const capabilities: ChannelCapabilities = { connected: true, ...p.capabilities };
  const json = JSON.stringify(capabilities);
  const existing = await ctx.store.channels.ofModule(module.id, code);
  if (existing) {
    if (existing.kind !== p.kind) throw new ChatError('CONFLICT', `The channel ${code} is a ${existing.kind} channel; its kind cannot change.`, { kind: existing.kind });
    if (existing.name === p.name && existing.capabilities === json) return { channel: apiChannel(ctx, existing), created: false };
    await ctx.store.channels.updateOfModule(existing.id, { name: p.name, capabilities: json });
    const row = { ...existing, name: p.name, capabilities: json };
    announce(ctx, row, capabilities);
    return { channel: apiChannel(ctx, row), created: false };
  }
  const id = await ctx.store.channels.insertOfModule({ moduleId: module.id, code, kind: p.kind, name: p.name, capabilities: json }, ctx.clock.now());
  const row = (await ctx.store.channels.get(id))!;
  announce(ctx, row, capabilities);
  return { channel: apiChannel(ctx, row), created: true };
}

/** The module's channels, by id. */
export async function listChannels(ctx: SystemContext, module: ModuleRow): Promise<Out<Api['ApiChannel']>[]> {
  return (await ctx.store.channels.list()).filter((r) => r.module_id === module.id).map((r) => apiChannel(ctx, r));
}

/** The module's channel of that code; NOT_FOUND for any other. */
export async function requireModuleChannel(ctx: SystemContext, module: ModuleRow, code: string): Promise<ChannelRow> {
  const row = await ctx.store.channels.ofModule(module.id, code);
  if (!row) throw new ChatError('NOT_FOUND', `The module has no channel ${code}.`);
  return row;
}

/**
 * The module stops serving a channel: its conversations stay as history, nothing can be sent
 * into them (`connected: false`); registering it again connects it again.
 */
export async function removeChannel(ctx: SystemContext, module: ModuleRow, code: string): Promise<Out<Api['ApiChannel']>> {
  const row = await requireModuleChannel(ctx, module, code);
  const current = capabilitiesOfRow(ctx, row);
  if (!current.connected) return apiChannel(ctx, row);
  const capabilities = { ...current, connected: false };
  const json = JSON.stringify(capabilities);
  await ctx.store.channels.updateOfModule(row.id, { name: row.name, capabilities: json });
  const updated = { ...row, capabilities: json };
  announce(ctx, updated, capabilities);
  return apiChannel(ctx, updated);
}

/**
 * The client message id a messenger's message id becomes: itself where it is one already (with a
 * mark), else a hash of it, so the send stays idempotent on the module's id whatever it looks like.
 */
export function clientIdOfExternal(messageId: string): string {
  if (/^[A-Za-z0-9_-]{1,63}$/.test(messageId)) return `x${messageId}`;
  return `h${createHash('sha256').update(messageId).digest('base64url')}`;
}

/** S-SET-5: the customer agreed in the messenger to the policy version they were shown. */
export async function receiveConsent(ctx: SystemContext, module: ModuleRow, p: Out<Api['ConsentReport']>): Promise<Out<Api['ConsentResult']>> {
  const channel = await requireModuleChannel(ctx, module, p.channel);
  const customerId = await customerOf(ctx, channel, p.customer, true);
  return { acceptedAt: await acceptPolicy(ctx.store, customerId, channel.id, p.version, ctx.clock.now()) };
}

/** S-SET-5: the policy the module shows before a customer's first message opens a conversation. */
export async function channelPrivacy(ctx: SystemContext, module: ModuleRow, code: string): Promise<Out<Api['PrivacyResult']>> {
  const channel = await requireModuleChannel(ctx, module, code);
  return { privacy: policyFor(await loadSettings(ctx.store), channel.id) };
}

/** The customer the channel knows by that id: found, or (with `create`) new, named as the module says. */
async function customerOf(
  ctx: SystemContext,
  channel: ChannelRow,
  c: { externalId: string; name?: string | undefined; phone?: string | undefined; email?: string | undefined },
  create: boolean,
): Promise<number> {
  const known = await ctx.store.integrations.customerOf(channel.id, c.externalId);
  if (known !== undefined) return known;
  if (!create) throw new ChatError('NOT_FOUND', 'The channel knows no customer of that id.');
  const now = ctx.clock.now();
  const name = c.name ?? `${channel.name}: ${c.externalId}`.slice(0, 100);
  const customerId = await ctx.store.customers.insert({ name, channelId: channel.id, phone: c.phone ?? null, email: c.email ?? null }, now);
  await ctx.store.integrations.linkCustomer(channel.id, c.externalId, customerId, now);
  return customerId;
}

/** The customer speaking on their channel: the same actor a web visitor is, so every rule is the same. */
async function customerActor(ctx: SystemContext, channel: ChannelRow, customerId: number): Promise<ServiceContext> {
  const customer = await ctx.store.customers.get(customerId);
  const actor: Actor = { kind: 'visitor', customerId, channelId: channel.id, name: customer?.name ?? '' };
  return { ...ctx, actor, signals: [] };
}

/** A blocked customer's refusal says so to the module (the widget's plain refusal is for the visitor). */
async function asModule<T>(ctx: SystemContext, customerId: number, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ChatError && err.code === 'FORBIDDEN' && (await ctx.store.customers.get(customerId))?.blocked) {
      throw new ChatError('FORBIDDEN', 'The customer is blocked: nothing is received from them.', { reason: 'blocked' });
    }
    throw err;
  }
}

/**
 * A customer's new message from the messenger (S-CH-2): the customer is found by the channel's
 * external id (created the first time), their open conversation on the channel continued or a new
 * one opened, exactly as a web visitor's send (S-DLG-1, assignment, notices, unread, search).
 * Idempotent on the module's message id.
 */
export async function receiveMessage(ctx: SystemContext, module: ModuleRow, p: Out<Api['InboundMessage']>): Promise<Out<Api['InboundResult']>> {
  const channel = await requireModuleChannel(ctx, module, p.channel);
  if (!capabilitiesOfRow(ctx, channel).connected) throw new ChatError('CONFLICT', `The channel ${p.channel} was removed; register it again first.`, { reason: 'disconnected' });
  const customerId = await customerOf(ctx, channel, p.customer, true);
  const as = await customerActor(ctx, channel, customerId);
  const clientMessageId = clientIdOfExternal(p.messageId);
  const before = await ctx.store.messages.byClientId('customer', String(customerId), clientMessageId);
  const { message } = await asModule(ctx, customerId, () =>
    sendMessage(as, {
      clientMessageId,
      text: p.text,
      ...(p.attachmentIds === undefined ? {} : { attachmentIds: p.attachmentIds }),
      ...(p.replyToId === undefined ? {} : { replyToId: p.replyToId }),
    }),
  );
  return { message: { id: message.id, conversationId: message.conversationId, customerId, createdAt: message.createdAt }, duplicate: before !== undefined };
}

/**
 * Who uploads a module's file (`POST /api/v1/files`): the customer of the module's channel the
 * query names (created on first sight), so the file is theirs until a message of theirs names it,
 * as a visitor's upload is.
 */
export async function moduleUploader(ctx: SystemContext, token: string | undefined, channelCode: string, externalId: string): Promise<Actor> {
  const module = await moduleByToken(ctx, token);
  const channel = await requireModuleChannel(ctx, module, channelCode);
  if (!capabilitiesOfRow(ctx, channel).connected) throw new ChatError('CONFLICT', `The channel ${channelCode} was removed; register it again first.`, { reason: 'disconnected' });
  const customerId = await customerOf(ctx, channel, { externalId }, true);
  return (await customerActor(ctx, channel, customerId)).actor;
}

/**
 * A file a module may fetch (`GET /api/v1/files/{id}`): one sent in a conversation of one of its
 * channels (a manager's photo its webhook names, or its customer's own). Anything else, unsent
 * uploads included, is NOT_FOUND, as if it did not exist.
 */
export async function fileForModule(ctx: SystemContext, token: string | undefined, fileId: number): Promise<FileRow> {
  const module = await moduleByToken(ctx, token);
  const [f] = await ctx.store.files.byIds([fileId]);
  const conversation = f?.conversation_id == null ? undefined : await ctx.store.conversations.get(f.conversation_id);
  const channel = conversation && (await ctx.store.channels.get(conversation.channel_id));
  if (!f || !channel || channel.module_id !== module.id) throw new ChatError('NOT_FOUND', 'No such file.');
  return f;
}

/** The customer's message the module names, as ours; NOT_FOUND when the channel has no such customer or message. */
async function customerMessage(ctx: SystemContext, module: ModuleRow, p: { channel: string; customerExternalId: string; messageId: string }) {
  const channel = await requireModuleChannel(ctx, module, p.channel);
  const customerId = await customerOf(ctx, channel, { externalId: p.customerExternalId }, false);
  const row = await ctx.store.messages.byClientId('customer', String(customerId), clientIdOfExternal(p.messageId));
  if (!row) throw new ChatError('NOT_FOUND', 'The customer has no message of that id.');
  return { as: await customerActor(ctx, channel, customerId), customerId, id: row.id };
}

/** The customer edited their message in the messenger (S-DLG-7: the audit trail keeps the old text). */
export async function receiveEdit(ctx: SystemContext, module: ModuleRow, p: Out<Api['InboundEdit']>): Promise<Out<Api['EditResult']>> {
  const { as, customerId, id } = await customerMessage(ctx, module, p);
  const { message } = await asModule(ctx, customerId, () => editMessage(as, { messageId: id, text: p.text }));
  return { message: { id, editedAt: message.editedAt ?? message.createdAt } };
}

/** The customer deleted their message in the messenger. */
export async function receiveDelete(ctx: SystemContext, module: ModuleRow, p: Out<Api['InboundDelete']>): Promise<Out<Api['DeleteResult']>> {
  const { as, customerId, id } = await customerMessage(ctx, module, p);
  const { message } = await asModule(ctx, customerId, () => deleteMessage(as, { messageId: id }));
  return { message: { id, deletedAt: message.deletedAt ?? ctx.clock.now() } };
}

/**
 * S-DLG-13: how a staff message to the messenger went, as the module reports it: sent, delivered,
 * read, or failed (with the messenger's reason). A report that would move the status back is
 * taken and changes nothing; the answer says where the message stands.
 */
export async function receiveStatus(ctx: SystemContext, module: ModuleRow, p: Out<Api['StatusReport']>): Promise<Out<Api['StatusResult']>> {
  const m = await ctx.store.messages.get(p.messageId);
  const row = m && (await ctx.store.conversations.get(m.conversation_id));
  const channel = row && (await ctx.store.channels.get(row.channel_id));
  if (!m || !row || !channel || channel.module_id !== module.id || m.status === null) throw new ChatError('NOT_FOUND', 'No message of ours went to this module with that id.');
  const status = await moveDeliveryByReport(ctx, row, m, p.status);
  return { status };
}

// ---- the admins' side (protocol methods `modules.*`) ------------------------------------------

function requireAdmin(ctx: ServiceContext): void {
  if (!mayEditSettings(ctx.actor)) throw new ChatError('FORBIDDEN', 'Only admins and chat admins manage integration modules.');
}

async function moduleView(ctx: SystemContext, m: ModuleRow): Promise<IntegrationModule> {
  return { id: m.id, code: m.code, name: m.name, webhookUrl: m.webhook_url, createdAt: m.created_at, channels: await listChannels(ctx, m) };
}

async function requireModule(ctx: SystemContext, id: number): Promise<ModuleRow> {
  const m = await ctx.store.integrations.getModule(id);
  if (!m) throw new ChatError('NOT_FOUND', 'No such module.');
  return m;
}

export async function listModules(ctx: ServiceContext, _p: Params<'modules.list'>): Promise<Result<'modules.list'>> {
  requireAdmin(ctx);
  const modules: IntegrationModule[] = [];
  for (const m of await ctx.store.integrations.listModules()) modules.push(await moduleView(ctx, m));
  return { modules };
}

export async function createModuleCall(ctx: ServiceContext, p: Params<'modules.create'>): Promise<Result<'modules.create'>> {
  requireAdmin(ctx);
  const { module, token, webhookSecret } = await createModule(ctx, { code: p.code, name: p.name, webhookUrl: p.webhookUrl });
  return { module: await moduleView(ctx, module), token, webhookSecret };
}

export async function updateModule(ctx: ServiceContext, p: Params<'modules.update'>): Promise<Result<'modules.update'>> {
  requireAdmin(ctx);
  await requireModule(ctx, p.moduleId);
  await ctx.store.integrations.updateModule(p.moduleId, { name: p.name, webhook_url: p.webhookUrl });
  return { module: await moduleView(ctx, await requireModule(ctx, p.moduleId)) };
}

export async function rotateModuleSecrets(ctx: ServiceContext, p: Params<'modules.rotateSecrets'>): Promise<Result<'modules.rotateSecrets'>> {
  requireAdmin(ctx);
  await requireModule(ctx, p.moduleId);
  const token = newModuleToken();
  const webhookSecret = newWebhookSecret();
  await ctx.store.integrations.updateModule(p.moduleId, { token_hash: hashModuleToken(token), webhook_secret: webhookSecret });
  return { module: await moduleView(ctx, await requireModule(ctx, p.moduleId)), token, webhookSecret };
}
