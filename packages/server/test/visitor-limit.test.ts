import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startTestServer } from '../src/testing.js';
import { compileTrustProxy } from '../src/trust-proxy.js';

async function create(url: string, body: object = {}): Promise<Response> {
  return fetch(`${url}/api/visitor/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

test('S-CH-1: new anonymous visitors are limited per address, the 429 says when to retry (Retry-After); refreshing a kept token is not', async (t) => {
  const server = await startTestServer({ visitorCreateLimit: { perMinute: 1, burst: 3 } });
  t.after(() => server.close());
  const first = await create(server.url);
  assert.equal(first.status, 200);
  const { token, customerId } = (await first.json()) as { token: string; customerId: number };
  assert.equal((await create(server.url)).status, 200);
  assert.equal((await create(server.url)).status, 200);
  const refused = await create(server.url);
  assert.equal(refused.status, 429);
  // One a minute: the next new visitor is possible in about 60 s, said in the header and the body.
  const retryAfter = Number(refused.headers.get('retry-after'));
  assert.ok(retryAfter >= 55 && retryAfter <= 60, `Retry-After: ${retryAfter}`);
  const error = ((await refused.json()) as { error: { code: string; message: string; details: { retryAfterMs: number } } }).error;
  assert.equal(error.code, 'RATE_LIMITED');
  assert.ok(error.message.length > 0);
  assert.ok(Math.abs(error.details.retryAfterMs - retryAfter * 1000) <= 1000);
  // The widget that kept its token still gets a fresh one for the same customer.
  const refreshed = await create(server.url, { token });
  assert.equal(refreshed.status, 200);
  assert.equal(((await refreshed.json()) as { customerId: number }).customerId, customerId);
});

const viaProxy = (url: string, forwardedFor: string) =>
  fetch(`${url}/api/visitor/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: '{}',
  });

/** The remote address of the one welcomed session, as the gateway recorded it. */
async function sessionAddress(server: Awaited<ReturnType<typeof startTestServer>>, forwardedFor: string): Promise<string> {
  const ws = new WebSocket(server.wsUrl, { origin: server.origin, headers: { 'x-forwarded-for': forwardedFor } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', token: server.userToken({ id: 'anna' }) })));
    ws.once('message', () => resolve());
    ws.once('error', reject);
  });
  const remote = [...server.app.chat.gateway.hub.sessions].map((s) => s.remote);
  ws.terminate();
  assert.equal(remote.length, 1);
  return remote[0]!;
}

test('S-CH-1: without trustProxy X-Forwarded-For is ignored: a client cannot spoof its way out of the limit', async (t) => {
  const server = await startTestServer({ visitorCreateLimit: { perMinute: 1, burst: 2 } });
  t.after(() => server.close());
  assert.equal((await viaProxy(server.url, '203.0.113.1')).status, 200);
  assert.equal((await viaProxy(server.url, '203.0.113.2')).status, 200);
  assert.equal((await viaProxy(server.url, '203.0.113.3')).status, 429, 'every request is the peer 127.0.0.1');
  assert.equal(await sessionAddress(server, '203.0.113.9'), '127.0.0.1');
});

test('S-CH-1: with trustProxy the proxied client address keys the limit: visitors behind one proxy get a bucket each', async (t) => {
  for (const trustProxy of [['127.0.0.1'], 1, true] as const) {
    const server = await startTestServer({ visitorCreateLimit: { perMinute: 1, burst: 2 }, trustProxy: trustProxy as never });
    t.after(() => server.close());
    for (const client of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      assert.equal((await viaProxy(server.url, client)).status, 200, `${client} (${JSON.stringify(trustProxy)})`);
    }
    assert.equal((await viaProxy(server.url, '203.0.113.1')).status, 200);
    assert.equal((await viaProxy(server.url, '203.0.113.1')).status, 429, 'one client still has one bucket');
    assert.equal(await sessionAddress(server, '203.0.113.9'), '203.0.113.9');
  }
  // Trusting an address the peer does not have believes nothing: the header is a spoof again.
  const elsewhere = await startTestServer({ visitorCreateLimit: { perMinute: 1, burst: 1 }, trustProxy: ['10.0.0.0/8'] });
  t.after(() => elsewhere.close());
  assert.equal((await viaProxy(elsewhere.url, '203.0.113.1')).status, 200);
  assert.equal((await viaProxy(elsewhere.url, '203.0.113.2')).status, 429);
  // A bad address list is refused at start-up.
  assert.throws(() => compileTrustProxy(['not an address']));
});
