import WebSocket from 'ws';
import { isDeclaredError, methods, type MethodName } from '@chatdesk/protocol';
import { signPayload, type UserRight } from '@chatdesk/server/host-token';
import { ORIGIN, SECRET, ServerProcess, userToken } from '../lib/server-process.js';
import { cmid, openConversations, probe, connected, sleep, visitorToken } from '../lib/world.js';
import type { ProbeClient } from '../lib/probe-client.js';

export interface G9Options {
  /** Wait for the 5 s hello timeout (the quick run skips it: the server tests cover it). */
  helloTimeout: boolean;
}
export const g9Full: G9Options = { helloTimeout: true };
export const g9Quick: G9Options = { helloTimeout: false };

type Role = 'visitor' | 'manager' | 'chat_admin' | 'admin';
type Target = 'own' | 'foreign';

/**
 * The role × method matrix. Every method of the protocol must have a row here: a new method
 * without one fails the suite, so access rules are decided, not inherited by accident.
 */
/** CONFLICT: access was granted and the state refused (retrying a message that did not fail). */
type Cell = 'ok' | 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'INVALID_PARAMS';
type Expect = Record<Role, Record<Target, Cell>>;
interface TargetInfo {
  conversationId: number;
  customerId: number;
  manager: string;
  /** The visitor's message in the conversation: theirs to edit, nobody else's. */
  customerMessageId: number;
  /** An internal chat (S-DLG-14): `own` one the caller is a member of, `foreign` one they are not. */
  chatId: number;
  /** A colleague to start an internal chat with. */
  colleague: string;
  /** A message of `chatId`: the caller's own in their chat (`own`), someone's in a chat they are not in (`foreign`). */
  chatMessageId: number;
  /** A messenger integration module (S-CH-2), made by an admin before the rows run. */
  moduleId: number;
  /** The CRM customer the conversation's customer is: saved by the admin before each role's rows (S-W-CUST). */
  crmCustomerId: string;
}

/** S-SET-5: only a customer agrees (staff: FORBIDDEN); with no policy in force, CONFLICT. */
const privacyAccept: Expect = { visitor: { own: 'CONFLICT', foreign: 'CONFLICT' }, manager: { own: 'FORBIDDEN', foreign: 'FORBIDDEN' }, chat_admin: { own: 'FORBIDDEN', foreign: 'FORBIDDEN' }, admin: { own: 'FORBIDDEN', foreign: 'FORBIDDEN' } };
/** Visible conversations only; nothing of anyone else's exists. */
const visibleOnly: Expect = { visitor: { own: 'ok', foreign: 'NOT_FOUND' }, manager: { own: 'ok', foreign: 'NOT_FOUND' }, chat_admin: { own: 'ok', foreign: 'ok' }, admin: { own: 'ok', foreign: 'ok' } };
/** Staff actions on a visible conversation: a visitor may not, even on their own. */
const staffOnVisible: Expect = { visitor: { own: 'FORBIDDEN', foreign: 'NOT_FOUND' }, manager: { own: 'ok', foreign: 'NOT_FOUND' }, chat_admin: { own: 'ok', foreign: 'ok' }, admin: { own: 'ok', foreign: 'ok' } };
/** Staff features that name no conversation. */
const staff: Expect = { visitor: { own: 'FORBIDDEN', foreign: 'FORBIDDEN' }, manager: { own: 'ok', foreign: 'ok' }, chat_admin: { own: 'ok', foreign: 'ok' }, admin: { own: 'ok', foreign: 'ok' } };
/** Chat-wide settings: admins and chat admins (S-AUTH-2). */
const admins: Expect = { visitor: { own: 'FORBIDDEN', foreign: 'FORBIDDEN' }, manager: { own: 'FORBIDDEN', foreign: 'FORBIDDEN' }, chat_admin: { own: 'ok', foreign: 'ok' }, admin: { own: 'ok', foreign: 'ok' } };
/** The author only: the target is the visitor's own message (S-DLG-7). */
const authorOnly: Expect = { visitor: { own: 'ok', foreign: 'NOT_FOUND' }, manager: { own: 'FORBIDDEN', foreign: 'NOT_FOUND' }, chat_admin: { own: 'FORBIDDEN', foreign: 'FORBIDDEN' }, admin: { own: 'FORBIDDEN', foreign: 'FORBIDDEN' } };
/** The audit trail: admins and chat admins (S-DLG-7). */
const auditors: Expect = { visitor: { own: 'FORBIDDEN', foreign: 'NOT_FOUND' }, manager: { own: 'FORBIDDEN', foreign: 'NOT_FOUND' }, chat_admin: { own: 'ok', foreign: 'ok' }, admin: { own: 'ok', foreign: 'ok' } };
/** Retry of a message that did not fail: access first, then CONFLICT (S-DLG-13). */
const retryable: Expect = { visitor: { own: 'FORBIDDEN', foreign: 'NOT_FOUND' }, manager: { own: 'CONFLICT', foreign: 'NOT_FOUND' }, chat_admin: { own: 'CONFLICT', foreign: 'CONFLICT' }, admin: { own: 'CONFLICT', foreign: 'CONFLICT' } };
/** The web channel's delivery report: the visitor's widget only (S-DLG-13). */
const visitorOnly: Expect = { visitor: { own: 'ok', foreign: 'NOT_FOUND' }, manager: { own: 'FORBIDDEN', foreign: 'FORBIDDEN' }, chat_admin: { own: 'FORBIDDEN', foreign: 'FORBIDDEN' }, admin: { own: 'FORBIDDEN', foreign: 'FORBIDDEN' } };
/** Internal chats (S-DLG-14): staff, members only — admins included. */
const members: Expect = { visitor: { own: 'FORBIDDEN', foreign: 'FORBIDDEN' }, manager: { own: 'ok', foreign: 'NOT_FOUND' }, chat_admin: { own: 'ok', foreign: 'NOT_FOUND' }, admin: { own: 'ok', foreign: 'NOT_FOUND' } };
/** A state refusal once access is granted: the CRM rows' customer is saved already; the channel has no store (no demo stores here). */
const staffConflict: Expect = { visitor: { own: 'FORBIDDEN', foreign: 'NOT_FOUND' }, manager: { own: 'CONFLICT', foreign: 'NOT_FOUND' }, chat_admin: { own: 'CONFLICT', foreign: 'CONFLICT' }, admin: { own: 'CONFLICT', foreign: 'CONFLICT' } };
/** A CRM record the caller's conversation does not have: access granted, then NOT_FOUND. */
const staffNoRecord: Expect = { visitor: { own: 'FORBIDDEN', foreign: 'NOT_FOUND' }, manager: { own: 'NOT_FOUND', foreign: 'NOT_FOUND' }, chat_admin: { own: 'NOT_FOUND', foreign: 'NOT_FOUND' }, admin: { own: 'NOT_FOUND', foreign: 'NOT_FOUND' } };
/** Merging a customer into themselves: access granted, then INVALID_PARAMS. */
const staffInvalid: Expect = { visitor: { own: 'FORBIDDEN', foreign: 'NOT_FOUND' }, manager: { own: 'INVALID_PARAMS', foreign: 'NOT_FOUND' }, chat_admin: { own: 'INVALID_PARAMS', foreign: 'INVALID_PARAMS' }, admin: { own: 'INVALID_PARAMS', foreign: 'INVALID_PARAMS' } };
/** An order the CRM does not have, named by id alone: staff learn NOT_FOUND, a visitor may not ask. */
const staffNoOrder: Expect = { visitor: { own: 'FORBIDDEN', foreign: 'FORBIDDEN' }, manager: { own: 'NOT_FOUND', foreign: 'NOT_FOUND' }, chat_admin: { own: 'NOT_FOUND', foreign: 'NOT_FOUND' }, admin: { own: 'NOT_FOUND', foreign: 'NOT_FOUND' } };
/** Admins' changes to a record that does not exist: the right is checked first, then NOT_FOUND. */
const adminsNoRecord: Expect = { visitor: { own: 'FORBIDDEN', foreign: 'FORBIDDEN' }, manager: { own: 'FORBIDDEN', foreign: 'FORBIDDEN' }, chat_admin: { own: 'NOT_FOUND', foreign: 'NOT_FOUND' }, admin: { own: 'NOT_FOUND', foreign: 'NOT_FOUND' } };
const everyone: Expect = { visitor: { own: 'ok', foreign: 'ok' }, manager: { own: 'ok', foreign: 'ok' }, chat_admin: { own: 'ok', foreign: 'ok' }, admin: { own: 'ok', foreign: 'ok' } };

const noopSettings = { assignmentManagerIds: [], autoCloseAssignedMs: null, distributionBot: { enabled: false, capacity: 10, managerIds: [] } };

/**
 * The role × method matrix. Every method of the protocol must have a row here: a new method
 * without one fails the suite, so access rules are decided, not inherited by accident. Rows that
 * change state are written as no-ops (assign to the current manager, unblock, reopen an open one)
 * so that later rows still test access, not state.
 */
const matrix: Record<MethodName, { params: (t: TargetInfo) => Record<string, unknown>; expect: Expect }> = {
  'conversations.list': { params: () => ({}), expect: everyone },
  'conversations.get': { params: (t) => ({ conversationId: t.conversationId }), expect: visibleOnly },
  'conversations.slaCounts': { params: () => ({}), expect: staff },
  // No policy is on during the matrix: the customer's agreement has nothing to agree to.
  'privacy.accept': { params: () => ({ version: 'g9' }), expect: privacyAccept },
  'conversations.markRead': { params: (t) => ({ conversationId: t.conversationId }), expect: visibleOnly },
  'conversations.markUnread': { params: (t) => ({ conversationId: t.conversationId }), expect: visibleOnly },
  'conversations.reopen': { params: (t) => ({ conversationId: t.conversationId }), expect: staffOnVisible },
  'conversations.assign': { params: (t) => ({ conversationId: t.conversationId, assigneeId: t.manager }), expect: staffOnVisible },
  'conversations.assignees': { params: (t) => ({ conversationId: t.conversationId }), expect: staffOnVisible },
  'customers.setBlocked': { params: (t) => ({ customerId: t.customerId, blocked: false }), expect: staffOnVisible },
  'conversations.search': { params: () => ({ query: 'access' }), expect: staff },
  'prefs.get': { params: () => ({}), expect: staff },
  'prefs.set': { params: () => ({ listSort: 'activity' }), expect: staff },
  'settings.get': { params: () => ({}), expect: admins },
  'settings.update': { params: () => noopSettings, expect: admins },
  'messages.list': { params: (t) => ({ conversationId: t.conversationId }), expect: visibleOnly },
  'messages.send': { params: (t) => ({ conversationId: t.conversationId, clientMessageId: cmid('g9'), text: 'access check' }), expect: visibleOnly },
  // Editing the visitor's message to its own text is a no-op: later rows still find it as it was.
  'messages.edit': { params: (t) => ({ messageId: t.customerMessageId, text: 'Hello from visitor 1' }), expect: authorOnly },
  'messages.history': { params: (t) => ({ messageId: t.customerMessageId }), expect: auditors },
  'messages.retry': { params: (t) => ({ messageId: t.customerMessageId }), expect: retryable },
  'messages.delivered': { params: (t) => ({ conversationId: t.conversationId, messageId: t.customerMessageId }), expect: visitorOnly },
  'drafts.list': { params: () => ({}), expect: staff },
  // Blank: sets nothing, so it checks access only.
  'drafts.set': { params: (t) => ({ conversationId: t.conversationId, text: '' }), expect: staffOnVisible },
  'typing.set': { params: (t) => ({ conversationId: t.conversationId, typing: false }), expect: visibleOnly },
  'files.token': { params: () => ({}), expect: everyone },
  'files.list': { params: (t) => ({ conversationId: t.conversationId, kind: 'image' }), expect: visibleOnly },
  'modules.list': { params: () => ({}), expect: admins },
  'modules.create': { params: () => ({ code: cmid('g9m'), name: 'G9 module' }), expect: admins },
  // Neither name nor URL given: changes nothing, checks access.
  'modules.update': { params: (t) => ({ moduleId: t.moduleId }), expect: admins },
  'modules.rotateSecrets': { params: (t) => ({ moduleId: t.moduleId }), expect: admins },
  'internal.list': { params: () => ({}), expect: staff },
  'internal.colleagues': { params: () => ({}), expect: staff },
  'internal.create': { params: (t) => ({ memberIds: [t.colleague] }), expect: staff },
  'internal.messages': { params: (t) => ({ chatId: t.chatId }), expect: members },
  'internal.send': { params: (t) => ({ chatId: t.chatId, clientMessageId: cmid('g9i'), text: 'access check' }), expect: members },
  'internal.markRead': { params: (t) => ({ chatId: t.chatId }), expect: members },
  // The CRM widgets (S-W-*): the conversation's customer is saved in the CRM before each role's rows.
  'crm.customer': { params: (t) => ({ conversationId: t.conversationId }), expect: staffOnVisible },
  'crm.saveCustomer': { params: (t) => ({ conversationId: t.conversationId, customer: { firstName: 'G9' } }), expect: staffConflict },
  'crm.updateCustomer': { params: (t) => ({ conversationId: t.conversationId, patch: {} }), expect: staffOnVisible },
  'crm.findCustomers': { params: (t) => ({ conversationId: t.conversationId, query: 'G9' }), expect: staffOnVisible },
  'crm.linkCustomer': { params: (t) => ({ conversationId: t.conversationId, crmCustomerId: t.crmCustomerId }), expect: staffOnVisible },
  'crm.mergeCustomers': { params: (t) => ({ conversationId: t.conversationId, intoCrmCustomerId: t.crmCustomerId }), expect: staffInvalid },
  'crm.products': { params: (t) => ({ conversationId: t.conversationId, query: {} }), expect: staffConflict },
  'crm.orderOptions': { params: (t) => ({ conversationId: t.conversationId }), expect: staffConflict },
  'crm.currentOrder': { params: (t) => ({ conversationId: t.conversationId }), expect: staffOnVisible },
  'crm.placeOrder': { params: (t) => ({ conversationId: t.conversationId, items: [{ offerId: 'g9', quantity: 1 }], delivery: { type: 'courier' } }), expect: staffConflict },
  'crm.paymentLink': { params: (t) => ({ conversationId: t.conversationId, orderId: '999999' }), expect: staffNoRecord },
  // Cards (S-W-PROD, S-W-ORD): the channel has no store; the order is none of the customer's.
  'crm.sendProducts': { params: (t) => ({ conversationId: t.conversationId, clientMessageId: cmid('g9p'), offerIds: ['g9'] }), expect: staffConflict },
  'crm.sendOrder': { params: (t) => ({ conversationId: t.conversationId, clientMessageId: cmid('g9o'), orderId: '999999' }), expect: staffNoRecord },
  'crm.tasks': { params: (t) => ({ conversationId: t.conversationId }), expect: staffOnVisible },
  'crm.createTask': { params: (t) => ({ conversationId: t.conversationId, text: 'G9 access check' }), expect: staffOnVisible },
  'crm.completeTask': { params: (t) => ({ conversationId: t.conversationId, taskId: '999999' }), expect: staffNoRecord },
  'crm.users': { params: () => ({}), expect: staff },
  // Quick replies (S-QR-1..4): everyone on staff reads and renders; admins and chat admins change them.
  'quickReplies.list': { params: () => ({}), expect: staff },
  'quickReplies.save': { params: () => ({ command: cmid('g9q').slice(0, 32), title: 'G9', text: 'Здравствуйте, {{ customer.firstName|default(\'клиент\') }}!' }), expect: admins },
  'quickReplies.delete': { params: () => ({ id: 999999 }), expect: adminsNoRecord },
  'quickReplies.saveCategory': { params: () => ({ name: cmid('G9') }), expect: admins },
  'quickReplies.deleteCategory': { params: () => ({ id: 999999 }), expect: adminsNoRecord },
  // S-AN-1: staff; a plain manager's report holds their own figures only (packages/server/test/analytics.test.ts).
  'analytics.report': { params: () => ({ from: '2026-11-01', to: '2026-11-30', timeZone: 'Europe/Moscow', groupBy: 'manager' }), expect: staff },
  'quickReplies.render': { params: (t) => ({ conversationId: t.conversationId, text: 'Здравствуйте, {{ customer.firstName }}!' }), expect: staffOnVisible },
  // The host pages' cards (S-HOST-1, S-HOST-2): by CRM ids, no conversation named.
  'crm.customerConversations': { params: (t) => ({ crmCustomerId: t.crmCustomerId }), expect: staff },
  'crm.orderConversations': { params: () => ({ orderId: '999999' }), expect: staffNoOrder },
  // Last: these change the conversation for good (closed; then a customer of its own).
  'conversations.close': { params: (t) => ({ conversationId: t.conversationId }), expect: staffOnVisible },
  'conversations.unlinkCustomer': { params: (t) => ({ conversationId: t.conversationId }), expect: staffOnVisible },
  'messages.delete': { params: (t) => ({ messageId: t.customerMessageId }), expect: authorOnly },
};

/** Internal chats' members, for a message of one: the author may change it (S-DLG-7 in S-DLG-14); to anyone else it does not exist. */
const chatAuthor: Expect = { visitor: { own: 'NOT_FOUND', foreign: 'NOT_FOUND' }, manager: { own: 'ok', foreign: 'NOT_FOUND' }, chat_admin: { own: 'ok', foreign: 'NOT_FOUND' }, admin: { own: 'ok', foreign: 'NOT_FOUND' } };
/** The audit trail of an internal message: admin and chat admin members. */
const chatAuditors: Expect = { visitor: { own: 'NOT_FOUND', foreign: 'NOT_FOUND' }, manager: { own: 'FORBIDDEN', foreign: 'NOT_FOUND' }, chat_admin: { own: 'ok', foreign: 'NOT_FOUND' }, admin: { own: 'ok', foreign: 'NOT_FOUND' } };

/**
 * The methods that take a message or conversation id also of an internal chat (the one message
 * model), in rows of their own on the chat's message (the caller's own, in their chat) and on a
 * chat they are not in. No-ops first; the delete last.
 */
const internalMatrix: readonly [MethodName, (t: TargetInfo) => Record<string, unknown>, Expect][] = [
  ['messages.edit', (t) => ({ messageId: t.chatMessageId, text: 'g9 internal message' }), chatAuthor],
  ['messages.history', (t) => ({ messageId: t.chatMessageId }), chatAuditors],
  ['drafts.set', (t) => ({ conversationId: t.chatId, text: '' }), chatAuthor],
  ['messages.delete', (t) => ({ messageId: t.chatMessageId }), chatAuthor],
];

function closeCodeOf(server: ServerProcess, opts: { origin?: string; hello?: unknown; wait?: number }): Promise<number | string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(server.wsUrl, opts.origin === undefined ? {} : { origin: opts.origin });
    ws.on('unexpected-response', (_req, res) => resolve(`HTTP ${res.statusCode}`));
    ws.on('open', () => {
      if (opts.hello !== undefined) ws.send(JSON.stringify(opts.hello));
    });
    ws.on('message', (raw: Buffer) => {
      if (JSON.parse(raw.toString()).type === 'welcome') {
        resolve('welcome');
        ws.close();
      }
    });
    ws.on('close', (code) => resolve(code));
    ws.on('error', () => undefined);
  });
}

/**
 * S-AUTH-3, S-SET-4: a plain manager is online while a new visitor conversation is assigned (by the
 * assignment list) to another manager: nothing of it reaches them, live or on resume, although it
 * was unassigned for a moment inside the action that created it.
 */
async function bornAssigned(server: ServerProcess): Promise<string[]> {
  const problems: string[] = [];
  const admin = await connected(probe(server, userToken('g9-born-admin', ['chats', 'admin']), { autoReconnect: false }));
  const taker = await connected(probe(server, userToken('g9-born-taker'), { autoReconnect: false }));
  const bystander = await connected(probe(server, userToken('g9-born-bystander'), { autoReconnect: false }));
  const sessions = [admin, taker, bystander];
  try {
    await admin.call('settings.update', { ...noopSettings, assignmentManagerIds: ['g9-born-taker'] });
    const from = bystander.lastSeq!;
    const v = await visitorToken(server, 'Born Assigned');
    const visitor = await connected(probe(server, v.token, { autoReconnect: false }));
    sessions.push(visitor);
    const sent = await visitor.call('messages.send', { clientMessageId: cmid('born'), text: 'Only for the taker' });
    const conversationId = sent.conversation.id as number;
    await taker.waitForEvent((e) => e.data?.message?.system?.type === 'assigned' && e.data.conversation.id === conversationId);
    const about = (p: ProbeClient) =>
      p.events.filter((e) => e.seq > from && (e.data?.conversation?.id === conversationId || e.data?.conversationId === conversationId));
    await sleep(300);
    if (about(bystander).length > 0) problems.push(`a plain manager online received ${about(bystander).map((e) => e.name).join(', ')} of a conversation born assigned to another`);
    const resumed = probe(server, userToken('g9-born-bystander'), { autoReconnect: false });
    resumed.lastSeq = from;
    resumed.epoch = bystander.epoch;
    await resumed.connect();
    sessions.push(resumed);
    await sleep(300);
    if (resumed.resumed !== 1) problems.push('the bystander did not resume');
    if (about(resumed).length > 0) problems.push(`a resumed plain manager was replayed ${about(resumed).map((e) => e.name).join(', ')} of a conversation born assigned to another`);
    if (about(taker).length < 4) problems.push(`the assignee received ${about(taker).length} events of their new conversation, want 4`);
  } finally {
    await admin.call('settings.update', noopSettings).catch(() => undefined);
    for (const s of sessions) s.stop();
  }
  return problems;
}

/** G9: who may connect, and what each role may do and see. */
export async function g9Access(opts: G9Options) {
  const server = new ServerProcess();
  await server.start();
  const problems: string[] = [];
  const sessions: ProbeClient[] = [];
  let cells = 0;
  /** Every error code each method answered, for the line. */
  const answered: Partial<Record<MethodName, Set<string>>> = {};
  try {
    const { list } = await openConversations(server, 2, ['g9-m1', 'g9-m2']);
    const [mine, theirs] = list as [typeof list[0], typeof list[0]];
    const now = Math.floor(Date.now() / 1000);
    const withRights = (id: string, rights: string[]) =>
      signPayload(SECRET, { v: 1, kind: 'user', sub: id, name: id, rights: rights as UserRight[], exp: now + 600 });
    const connectChecks: Array<[string, Promise<number | string>, number | string]> = [
      ['missing Origin', closeCodeOf(server, { hello: { type: 'hello', token: userToken('x') } }), 'HTTP 403'],
      ['foreign Origin', closeCodeOf(server, { origin: 'https://evil.example', hello: { type: 'hello', token: userToken('x') } }), 'HTTP 403'],
      ['forged token', closeCodeOf(server, { origin: ORIGIN, hello: { type: 'hello', token: signPayload('not-the-secret-0123456789', { v: 1, kind: 'user', sub: 'x', name: 'x', rights: ['admin'], exp: now + 60 }) } }), 4001],
      ['expired token', closeCodeOf(server, { origin: ORIGIN, hello: { type: 'hello', token: signPayload(SECRET, { v: 1, kind: 'user', sub: 'x', name: 'x', rights: ['chats'], exp: now - 1 }) } }), 4001],
      ['garbage token', closeCodeOf(server, { origin: ORIGIN, hello: { type: 'hello', token: 'abc.def' } }), 4001],
      ['user token signed as visitor key', closeCodeOf(server, { origin: ORIGIN, hello: { type: 'hello', token: signPayload(SECRET, { v: 1, kind: 'visitor', sub: String(theirs.customerId), channelId: 1, exp: now + 60 }) } }), 4001],
      ['no chats right (S-AUTH-1)', closeCodeOf(server, { origin: ORIGIN, hello: { type: 'hello', token: userToken('g9-nochats', []) } }), 4003],
      // The rights table: chat_admin alone admits nobody; a CRM's own group names are ignored, never a 4001.
      ['chat_admin without chats or admin', closeCodeOf(server, { origin: ORIGIN, hello: { type: 'hello', token: userToken('g9-half', ['chat_admin']) } }), 4003],
      ['only rights the server does not know', closeCodeOf(server, { origin: ORIGIN, hello: { type: 'hello', token: withRights('g9-crm', ['crm-sales']) } }), 4003],
      ['unknown rights next to chats', closeCodeOf(server, { origin: ORIGIN, hello: { type: 'hello', token: withRights('g9-crm2', ['crm-sales', 'chats']) } }), 'welcome'],
      ['exp beyond the maximum lifetime', closeCodeOf(server, { origin: ORIGIN, hello: { type: 'hello', token: signPayload(SECRET, { v: 1, kind: 'user', sub: 'x', name: 'x', rights: ['chats'], exp: now + 24 * 3600 }) } }), 4001],
      ['call before hello', closeCodeOf(server, { origin: ORIGIN, hello: { type: 'call', id: 1, method: 'conversations.list', params: {} } }), 4000],
      ['valid manager', closeCodeOf(server, { origin: ORIGIN, hello: { type: 'hello', token: userToken('g9-m1') } }), 'welcome'],
    ];
    if (opts.helloTimeout) connectChecks.push(['no hello in 5 s', closeCodeOf(server, { origin: ORIGIN }), 4008]);
    for (const [label, got, want] of connectChecks) {
      const code = await got;
      if (code !== want) problems.push(`${label}: got ${code}, want ${want}`);
    }

    problems.push(...(await bornAssigned(server)));

    const tokens: Record<Role, string> = {
      visitor: mine.visitorToken,
      manager: userToken(mine.manager),
      chat_admin: userToken('g9-chat-admin', ['chats', 'chat_admin']),
      admin: userToken('g9-admin', ['chats', 'admin']),
    };
    // Internal chats: one of the manager and their colleague, one of the two admins (S-DLG-14).
    const staffIds: Record<Exclude<Role, 'visitor'>, string> = { manager: mine.manager, chat_admin: 'g9-chat-admin', admin: 'g9-admin' };
    const staffSessions = await Promise.all(
      (Object.keys(staffIds) as Array<Exclude<Role, 'visitor'>>).map((r) => connected(probe(server, tokens[r], { autoReconnect: false }))),
    );
    const colleagueSession = await connected(probe(server, userToken(theirs.manager), { autoReconnect: false }));
    sessions.push(...staffSessions, colleagueSession);
    const managersChat = (await staffSessions[0]!.call('internal.create', { memberIds: [theirs.manager] })).chat.id as number;
    const adminsChat = (await staffSessions[1]!.call('internal.create', { memberIds: [staffIds.admin] })).chat.id as number;
    const chats: Record<Role, Record<Target, number>> = {
      visitor: { own: managersChat, foreign: adminsChat },
      manager: { own: managersChat, foreign: adminsChat },
      chat_admin: { own: adminsChat, foreign: managersChat },
      admin: { own: adminsChat, foreign: managersChat },
    };
    // Each staff role's own message in its chat (the visitor's rows use the manager's and the admin's).
    const written: Record<Exclude<Role, 'visitor'>, number> = { manager: 0, chat_admin: 0, admin: 0 };
    for (const [i, r] of (Object.keys(staffIds) as Array<Exclude<Role, 'visitor'>>).entries()) {
      const chatId = chats[r].own;
      written[r] = (await staffSessions[i]!.call('internal.send', { chatId, clientMessageId: cmid('g9m'), text: 'g9 internal message' })).message.id as number;
    }
    const chatMessages: Record<Role, Record<Target, number>> = {
      visitor: { own: written.manager, foreign: written.admin },
      manager: { own: written.manager, foreign: written.admin },
      chat_admin: { own: written.chat_admin, foreign: written.manager },
      admin: { own: written.admin, foreign: written.manager },
    };
    // Before the matrix: its last rows close the conversations for good, and a customer writing
    // into a closed one is a case of its own.
    const fileCells = await fileRoutes(server, { mine, theirs, tokens, managersChat, problems });
    cells += fileCells;
    for (const name of Object.keys(methods) as MethodName[]) {
      if (!matrix[name]) problems.push(`${name} has no row in the G9 role × method matrix`);
    }
    const moduleAdmin = await connected(probe(server, tokens.admin, { autoReconnect: false }));
    sessions.push(moduleAdmin);
    const moduleId = (await moduleAdmin.call('modules.create', { code: cmid('g9m'), name: 'G9 module' })).module.id as number;
    /** S-W-CUST: the conversation's customer saved in the CRM (the last rows give it a customer of its own, unsaved). */
    const savedInCrm = async (conversationId: number): Promise<string> =>
      moduleAdmin.call('crm.saveCustomer', { conversationId, customer: { firstName: 'G9' } }).then(
        (r) => r.customer.id as string,
        (e) => {
          if (e.code !== 'CONFLICT') throw e;
          return e.frame.error.details.customer.id as string;
        },
      );
    for (const role of Object.keys(tokens) as Role[]) {
      const p = await connected(probe(server, tokens[role], { autoReconnect: false }));
      sessions.push(p);
      const crmIds = { own: await savedInCrm(mine.id), foreign: await savedInCrm(theirs.id) };
      const rows = [
        ...(Object.entries(matrix) as Array<[MethodName, (typeof matrix)[MethodName]]>).map(([method, row]) => ({ method, ...row, on: 'conversation' })),
        ...internalMatrix.map(([method, params, expect]) => ({ method, params, expect, on: 'internal chat' })),
      ];
      for (const { method, params, expect, on } of rows) {
        for (const target of ['own', 'foreign'] as Target[]) {
          cells++;
          const conv = target === 'own' ? mine : theirs;
          const want = expect[role][target];
          const info: TargetInfo = {
            conversationId: conv.id,
            customerId: conv.customerId,
            manager: conv.manager,
            customerMessageId: conv.customerMessageId,
            chatId: chats[role][target],
            colleague: role === 'manager' ? theirs.manager : mine.manager,
            chatMessageId: chatMessages[role][target],
            moduleId,
            crmCustomerId: crmIds[target],
          };
          const got = await p.call(method, params(info)).then(
            (r) => ({ code: 'ok', r }),
            (e) => ({ code: e.code as string, r: undefined }),
          );
          if (got.code !== want) problems.push(`${role} ${method} on a ${target} ${on}: got ${got.code}, want ${want}`);
          // The README's reference lists the codes each method answers: every real answer must be there.
          if (got.code !== 'ok') {
            (answered[method] ??= new Set()).add(got.code);
            if (!isDeclaredError(methods[method], got.code)) problems.push(`${method} answered ${got.code}, which it does not declare (packages/protocol)`);
          }
          if (method === 'conversations.list' && got.r) {
            const ids = (got.r as any).conversations.map((c: any) => c.id);
            const seesTheirs = ids.includes(theirs.id);
            const shouldSee = role === 'admin' || role === 'chat_admin';
            if (seesTheirs !== shouldSee) problems.push(`${role} conversations.list ${seesTheirs ? 'shows' : 'hides'} a conversation of someone else`);
            if (role === 'visitor' && (got.r as any).conversations.some((c: any) => c.assigneeId !== null)) problems.push('a visitor sees the assignee id');
          }
        }
      }
    }
    return {
      problems,
      line: `G9 who may connect and see: ${connectChecks.length} connection checks (Origin, forged/expired/garbage/cross-kind tokens, the rights table, token lifetime, order${opts.helloTimeout ? ', hello timeout' : ''}), a conversation born assigned unheard by a plain manager online (live and resumed), role × method matrix ${cells} cells (${fileCells} of them the file routes: upload, download of a conversation's and an internal chat's file, another's unsent upload) over ${Object.keys(matrix).length} methods × 4 roles × own/foreign, ${internalMatrix.length} of them also on internal chats' messages (${Object.values(answered).reduce((n, s) => n + s.size, 0)} method/error-code pairs answered, each declared by its method or reported): ${problems.length} violations (event visibility over thousands of events: G1 "leaked")`,
    };
  } finally {
    for (const s of sessions) s.stop();
    await server.stop();
  }
}

/**
 * The file routes in the matrix (S-DLG-9): every role uploads; a conversation's file is served
 * to whoever sees the conversation (visibleOnly), an internal chat's to its members, an unsent
 * upload to its uploader alone — as HTTP 201 / 200 / 404, never anything else.
 */
async function fileRoutes(
  server: ServerProcess,
  w: {
    mine: { id: number; visitorToken: string };
    theirs: { id: number; visitorToken: string };
    tokens: Record<Role, string>;
    managersChat: number;
    problems: string[];
  },
): Promise<number> {
  const { problems } = w;
  let cells = 0;
  const sessions: ProbeClient[] = [];
  try {
    const fileToken = async (token: string) => {
      const c = await connected(probe(server, token, { autoReconnect: false }));
      sessions.push(c);
      return { c, ft: (await c.call('files.token', {})).token as string };
    };
    const upload = async (ft: string, name: string) => {
      const form = new FormData();
      form.append('file', new Blob([new TextEncoder().encode(`g9 ${name}`)], { type: 'text/plain' }), name);
      const res = await fetch(`${server.url}/api/files`, { method: 'POST', headers: { authorization: `Bearer ${ft}` }, body: form });
      return { status: res.status, file: res.status === 201 ? ((await res.json()) as { file: { id: number } }).file : undefined };
    };
    const sentIn = async (token: string, send: (c: ProbeClient, fileId: number) => Promise<unknown>) => {
      const { c, ft } = await fileToken(token);
      const { file } = await upload(ft, 'sent.txt');
      if (!file) throw new Error('G9: an upload for the file rows failed');
      await send(c, file.id);
      return file.id;
    };
    const convFile: Record<Target, number> = {
      own: await sentIn(w.mine.visitorToken, (c, id) => c.call('messages.send', { clientMessageId: cmid('g9f'), attachmentIds: [id] })),
      foreign: await sentIn(w.theirs.visitorToken, (c, id) => c.call('messages.send', { clientMessageId: cmid('g9f'), attachmentIds: [id] })),
    };
    const chatFile = await sentIn(w.tokens.manager, (c, id) => c.call('internal.send', { chatId: w.managersChat, clientMessageId: cmid('g9f'), attachmentIds: [id] }));
    const unsent = (await upload((await fileToken(w.tokens.manager)).ft, 'unsent.txt')).file!.id;
    const want = (ok: boolean) => (ok ? 200 : 404);
    for (const role of Object.keys(w.tokens) as Role[]) {
      const { ft } = await fileToken(w.tokens[role]);
      const checks: Array<[string, number, number]> = [];
      cells++;
      const up = await upload(ft, `${role}.txt`);
      if (up.status !== 201) problems.push(`${role} upload: got HTTP ${up.status}, want 201`);
      for (const target of ['own', 'foreign'] as Target[]) {
        const sees = target === 'own' || role === 'admin' || role === 'chat_admin';
        checks.push([`a ${target} conversation's file`, convFile[target], want(sees)]);
      }
      checks.push(["a file of the manager's internal chat", chatFile, want(role === 'manager')]);
      checks.push(["the manager's unsent upload (theirs alone)", unsent, want(role === 'manager')]);
      checks.push(['its own unsent upload', up.file?.id ?? 0, 200]);
      for (const [what, id, status] of checks) {
        cells++;
        const res = await fetch(`${server.url}/api/files/${id}?t=${encodeURIComponent(ft)}`);
        await res.arrayBuffer();
        if (res.status !== status) problems.push(`${role} GET ${what}: got HTTP ${res.status}, want ${status}`);
      }
    }
  } finally {
    for (const s of sessions) s.stop();
  }
  return cells;
}
