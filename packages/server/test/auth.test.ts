import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { test } from 'node:test';
import { closeCodes } from '@chatdesk/protocol';
import { readFileSync } from 'node:fs';
import { RIGHTS, USER_RIGHTS, signPayload, signUserToken, verifyToken, visitorKey, type UserRight } from '../src/auth/host-token.js';
import { TestClient, cmid, code, connect, open, startServer, visitorConversation } from './helpers.js';

async function helloCloses(server: Parameters<typeof TestClient.open>[0], t: Parameters<typeof open>[0], token: string) {
  const c = await open(t, server);
  c.send({ type: 'hello', token });
  return (await c.closed).code;
}

test('S-AUTH-4: host-token helper signs, verifies, and refuses forged, expired and cross-kind tokens', () => {
  const secret = 'a-secret-of-enough-length';
  const now = 1_700_000_000_000;
  const token = signUserToken(secret, { id: 'anna', name: 'Анна', rights: ['chats'], now });
  const p = verifyToken(secret, token, now);
  assert.deepEqual(p, { v: 1, kind: 'user', sub: 'anna', name: 'Анна', rights: ['chats'], exp: now / 1000 + 300 });
  assert.equal(verifyToken('another-secret-of-length', token, now), null, 'wrong secret');
  assert.equal(verifyToken(secret, token, now + 301_000), null, 'expired');
  const [body, sig] = token.split('.') as [string, string];
  const tampered = Buffer.from(JSON.stringify({ ...p, rights: ['admin'] })).toString('base64url');
  assert.equal(verifyToken(secret, `${tampered}.${sig}`, now), null, 'tampered payload');
  assert.equal(verifyToken(secret, `${body}.`, now), null, 'no signature');
  assert.equal(verifyToken(secret, 'garbage', now), null);
  // A user-kind payload signed with the visitor key, and a visitor payload signed with the secret.
  const exp = now / 1000 + 60;
  assert.equal(verifyToken(secret, signPayload(visitorKey(secret), { v: 1, kind: 'user', sub: 'x', name: 'x', rights: ['admin'], exp }), now), null);
  assert.equal(verifyToken(secret, signPayload(secret, { v: 1, kind: 'visitor', sub: '1', channelId: 1, exp }), now), null);
  assert.ok(verifyToken(secret, signPayload(visitorKey(secret), { v: 1, kind: 'visitor', sub: '1', channelId: 1, exp }), now));
  assert.throws(() => signUserToken(secret, { id: '', name: 'x', rights: [] }));
  assert.throws(() => signUserToken(secret, { id: 'x', name: 'x', rights: ['root' as 'admin'] }));
});

test('S-AUTH-4: a valid user token is welcomed with the user from the token', async (t) => {
  const server = await startServer(t);
  const c = await connect(t, server, server.userToken({ id: 'anna', name: 'Анна', rights: ['chats'] }));
  assert.equal(c.welcome?.type, 'welcome');
  assert.deepEqual(c.welcome?.user, { kind: 'user', id: 'anna', name: 'Анна', rights: ['chats'] });
  assert.equal(c.welcome?.resumed, false);
  assert.equal(c.welcome?.epoch, server.app.chat.epoch);
  assert.equal(c.welcome?.heartbeatMs, 25_000);
  assert.deepEqual(c.welcome?.unread, { total: 0, conversations: {} });
  // The host is the source of truth: the user row follows the token.
  await connect(t, server, server.userToken({ id: 'anna', name: 'Анна Петрова', rights: ['chats', 'chat_admin'] }));
  const row = await server.app.chat.store.users.get('anna');
  assert.equal(row?.name, 'Анна Петрова');
  assert.deepEqual(row?.rights, ['chats', 'chat_admin']);
});

test('S-AUTH-4: bad, forged and expired tokens close with 4001', async (t) => {
  const server = await startServer(t);
  const unauth = closeCodes.UNAUTHENTICATED.code;
  assert.equal(await helloCloses(server, t, 'not-a-token'), unauth);
  const forged = signUserToken('some-other-secret-123', { id: 'anna', name: 'A', rights: ['admin'] });
  assert.equal(await helloCloses(server, t, forged), unauth);
  const expired = signUserToken(server.secret, { id: 'anna', name: 'A', rights: ['chats'], now: Date.now() - 3_600_000 });
  assert.equal(await helloCloses(server, t, expired), unauth);
  // A hello without a token at all.
  const c = await open(t, server);
  c.send({ type: 'hello' });
  assert.equal((await c.closed).code, unauth);
  // A visitor token for a customer that does not exist.
  const ghost = signPayload(visitorKey(server.secret), { v: 1, kind: 'visitor', sub: '999', channelId: 1, exp: Date.now() / 1000 + 60 });
  assert.equal(await helloCloses(server, t, ghost), unauth);
});

test('S-AUTH-1, S-AUTH-2: the rights table: chats or admin let in; chat_admin alone, no right or only unknown ones → 4003; unknown rights are ignored', async (t) => {
  const server = await startServer(t);
  const forbidden = closeCodes.FORBIDDEN.code;
  // A CRM may sign its own group names among the rights: they are ignored, never a 4001.
  const withRights = (id: string, rights: string[]) =>
    signPayload(server.secret, { v: 1, kind: 'user', sub: id, name: id, rights: rights as UserRight[], exp: Math.floor(Date.now() / 1000) + 60 });
  assert.equal(await helloCloses(server, t, withRights('pavel', [])), forbidden);
  assert.equal(await helloCloses(server, t, withRights('sales', ['crm-sales', 'warehouse'])), forbidden);
  assert.equal(await helloCloses(server, t, withRights('half-admin', ['chat_admin'])), forbidden, 'chat_admin without chats or admin');
  assert.equal(await helloCloses(server, t, withRights('half-admin2', ['chat_admin', 'crm-bosses'])), forbidden);
  const welcomed = async (id: string, rights: string[]) => (await connect(t, server, withRights(id, rights))).welcome?.user.rights;
  assert.deepEqual(await welcomed('anna', ['crm-sales', 'chats']), ['chats']);
  assert.deepEqual(await welcomed('olga', ['admin']), ['admin']);
  assert.deepEqual(await welcomed('vera', ['chat_admin', 'chats', 'x']), ['chats', 'chat_admin']);
  assert.deepEqual((await server.app.chat.store.users.get('anna'))?.rights, ['chats'], 'only known rights are stored');
  // chat_admin with chats sees every conversation (S-AUTH-2); a plain manager only what is theirs.
  const { conversationId } = await visitorConversation(t, server);
  const boris = await connect(t, server, server.userToken({ id: 'boris' }));
  await boris.call('messages.send', { conversationId, clientMessageId: cmid(), text: 'mine' });
  const vera = await connect(t, server, withRights('vera', ['chats', 'chat_admin']));
  assert.equal((await vera.call('conversations.get', { conversationId })).conversation.id, conversationId);
  const anna = await connect(t, server, withRights('anna', ['chats', 'crm-admins']));
  assert.equal(await code(anna.call('conversations.get', { conversationId })), 'NOT_FOUND');
});

test('S-AUTH-1: the README\'s rights table says what RIGHTS in the code says', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const rows = new Map<string, string[]>();
  for (const line of readme.split('\n')) {
    const m = /^\| `([a-z_]+)` \|(.*)\|$/.exec(line);
    if (m && USER_RIGHTS.includes(m[1] as UserRight)) rows.set(m[1]!, m[2]!.split('|').map((c) => c.trim()));
  }
  assert.deepEqual([...rows.keys()].sort(), [...USER_RIGHTS].sort());
  for (const [right, cells] of rows) {
    const { admits, seesAll } = RIGHTS[right as UserRight];
    assert.equal(cells[0]!.startsWith('yes'), admits, `${right}: lets the user in`);
    assert.equal(cells[1]!.startsWith('yes'), seesAll, `${right}: sees every conversation`);
  }
  assert.match(readme, /\| anything else \| ignored \| ignored \|/);
});

test('S-AUTH-4: a session closes with 4002 when its token expires; a fresh token resumes it', async (t) => {
  const server = await startServer(t);
  // exp is in whole seconds (the next one here): sign just after a second begins, so the hello
  // has most of a second, not whatever was left of the current one (a busy machine missed it).
  await delay(1_000 - (Date.now() % 1_000) + 20);
  const token = server.userToken({ id: 'anna', ttlSeconds: 1 });
  const c = await connect(t, server, token);
  const seq = c.welcome!.seq;
  const started = Date.now();
  const closed = await c.closed;
  assert.equal(closed.code, closeCodes.TOKEN_EXPIRED.code);
  assert.equal(closed.reason, closeCodes.TOKEN_EXPIRED.reason);
  assert.ok(Date.now() - started <= 1_500, 'closed at exp, not at a heartbeat (25 s)');
  // The same token is refused now; a fresh one resumes where the session stopped.
  assert.equal(await helloCloses(server, t, token), closeCodes.UNAUTHENTICATED.code);
  const again = await connect(t, server, server.userToken({ id: 'anna' }), { resumeFrom: seq, epoch: server.app.chat.epoch });
  assert.equal(again.welcome?.resumed, true);
});

test('S-AUTH-4: on a moved clock an expired session answers no more calls (4002), and heartbeats close the idle ones', async (t) => {
  let offset = 0;
  const clock = { now: () => Date.now() + offset };
  const server = await startServer(t, { clock, heartbeatMs: 100 });
  const busy = await connect(t, server, server.userToken({ id: 'anna', ttlSeconds: 300 }));
  const idle = await connect(t, server, server.userToken({ id: 'boris', ttlSeconds: 300 }));
  const visitor = await connect(t, server, (await server.visitorToken()).token);
  assert.deepEqual((await busy.call('conversations.list', {})).conversations, []);
  offset = 301_000;
  const answered = busy.receivesWithin((f) => f.type === 'result' || f.type === 'error', 300);
  busy.send({ type: 'call', id: 99, method: 'conversations.list', params: {} });
  assert.equal(await answered, false, 'the call after exp is not answered');
  assert.equal((await busy.closed).code, closeCodes.TOKEN_EXPIRED.code);
  assert.equal((await idle.closed).code, closeCodes.TOKEN_EXPIRED.code);
  // Visitor tokens are ours and live a year: the same clock leaves the visitor connected.
  assert.equal(visitor.ws.readyState, visitor.ws.OPEN);
});

test('S-AUTH-4: user tokens whose exp is further away than maxTokenTtlSeconds are refused with 4001 saying why', async (t) => {
  const server = await startServer(t);
  assert.equal(server.app.chat.config.maxTokenTtlSeconds, 3600);
  const c = await open(t, server);
  c.send({ type: 'hello', token: server.userToken({ id: 'anna', ttlSeconds: 2 * 3600 }) });
  const closed = await c.closed;
  assert.equal(closed.code, closeCodes.UNAUTHENTICATED.code);
  assert.match(closed.reason, /more than 3600 s away/);
  // An hour is the maximum (a minute of clock skew allowed); the visitor token of a year is ours.
  assert.equal((await connect(t, server, server.userToken({ id: 'anna', ttlSeconds: 3600 + 30 }))).welcome?.type, 'welcome');
  assert.equal((await connect(t, server, (await server.visitorToken()).token)).welcome?.type, 'welcome');
  const lenient = await startServer(t, { maxTokenTtlSeconds: 86_400 });
  assert.equal((await connect(t, lenient, lenient.userToken({ id: 'anna', ttlSeconds: 2 * 3600 }))).welcome?.type, 'welcome');
});

test('upgrade: a bad Origin and a missing Origin get HTTP 403, no socket', async (t) => {
  const server = await startServer(t);
  await assert.rejects(TestClient.open(server, { origin: 'http://evil.example' }), /HTTP 403/);
  await assert.rejects(TestClient.open(server, { origin: null }), /HTTP 403/);
  assert.equal(server.app.chat.sessionCount(), 0);
  const c = await open(t, server);
  assert.equal(c.ws.readyState, c.ws.OPEN);
});

test('hello must come within the hello timeout, else 4008 (default 5 s)', async (t) => {
  const fast = await startServer(t, { helloTimeoutMs: 150 });
  assert.equal(fast.app.chat.config.helloTimeoutMs, 150);
  const c = await open(t, fast);
  const started = Date.now();
  assert.equal((await c.closed).code, closeCodes.HELLO_TIMEOUT.code);
  assert.ok(Date.now() - started >= 140);
  const normal = await startServer(t);
  assert.equal(normal.app.chat.config.helloTimeoutMs, 5_000);
});

test('a call before hello and a second hello close with 4000', async (t) => {
  const server = await startServer(t);
  const c = await open(t, server);
  c.send({ type: 'call', id: 1, method: 'conversations.list', params: {} });
  assert.equal((await c.closed).code, closeCodes.PROTOCOL_VIOLATION.code);
  const token = server.userToken({ id: 'anna' });
  const d = await connect(t, server, token);
  d.send({ type: 'hello', token });
  assert.equal((await d.closed).code, closeCodes.PROTOCOL_VIOLATION.code);
});
