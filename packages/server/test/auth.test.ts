import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closeCodes } from '@chatdesk/protocol';
import { signPayload, signUserToken, verifyToken, visitorKey } from '../src/auth/host-token.js';
import { TestClient, connect, open, startServer } from './helpers.js';

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
  const row = server.app.chat.repo.getUser('anna');
  assert.equal(row?.name, 'Анна Петрова');
  assert.deepEqual(JSON.parse(row?.rights ?? ''), ['chats', 'chat_admin']);
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

test('S-AUTH-1: a user without the chats right is closed with 4003; chat_admin and admin imply it', async (t) => {
  const server = await startServer(t);
  assert.equal(await helloCloses(server, t, server.userToken({ id: 'pavel', rights: [] })), closeCodes.FORBIDDEN.code);
  for (const rights of [['chat_admin'], ['admin']] as const) {
    const c = await connect(t, server, server.userToken({ id: `u-${rights[0]}`, rights: [...rights] }));
    assert.equal(c.welcome?.type, 'welcome');
  }
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
