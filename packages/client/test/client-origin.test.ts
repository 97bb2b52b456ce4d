// A page whose origin is not in the server's ALLOWED_ORIGINS: the refused upgrade looks like an
// outage to the socket, so the client asks GET /api/origin-check and stops reconnecting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '@chatdesk/server/testing';
import { ChatClient } from '../src/index.js';
import { sleep, until } from './live.js';

const REFUSED = 'https://not-on-the-list.example';

function clientFrom(server: TestServer, origin: string): ChatClient {
  return new ChatClient({
    url: server.wsUrl,
    token: () => server.userToken({ id: 'anna' }),
    WebSocket: WebSocket as never,
    origin,
    reconnectBaseMs: 20,
    reconnectMaxMs: 40,
  });
}

/** Counts WebSocket upgrade attempts that reach the server. */
function countUpgrades(server: TestServer): () => number {
  let n = 0;
  server.app.server.prependListener('upgrade', () => n++);
  return () => n;
}

test('a refused origin ends in origin_refused with a console error naming the origin and ALLOWED_ORIGINS, and stops reconnecting', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const upgrades = countUpgrades(server);
  const errors = t.mock.method(console, 'error', () => undefined);
  const client = clientFrom(server, REFUSED);
  t.after(() => client.close());
  client.connect();
  const s = await until(client, (st) => st.connection === 'origin_refused');
  assert.equal(s.connectionError?.code, 'ORIGIN_REFUSED');
  assert.match(s.connectionError!.message, new RegExp(`${REFUSED.replace(/\./g, '\\.')}.*ALLOWED_ORIGINS`));
  const attempts = upgrades();
  // With a 20–40 ms backoff the old client knocked dozens of times a second, forever.
  await sleep(1000);
  assert.equal(client.state.connection, 'origin_refused');
  assert.ok(upgrades() - attempts <= 1, `no more reconnects (made ${upgrades() - attempts} more)`);
  assert.equal(errors.mock.callCount(), 1, 'one console error, not one per attempt');
  const logged = errors.mock.calls[0]!.arguments.join(' ');
  assert.ok(logged.includes(REFUSED) && logged.includes('ALLOWED_ORIGINS'), logged);

  // The list gets fixed; the next attempt (here: the page becomes visible again) connects.
  server.app.chat.config.allowedOrigins.push(REFUSED);
  client.reconnectNow();
  await until(client, (st) => st.connection === 'open');
});

test('a server that is down is an outage, not a refused origin: the client keeps reconnecting', async (t) => {
  const server = await startTestServer();
  const client = clientFrom(server, server.origin);
  t.after(() => client.close());
  client.connect();
  await until(client, (st) => st.connection === 'open');
  await server.close();
  await until(client, (st) => st.connection === 'reconnecting');
  // Several attempts, each failing before the socket opens, each followed by an unanswered check.
  await sleep(600);
  assert.equal(client.state.connection, 'reconnecting');
});
